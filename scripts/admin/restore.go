package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// restoreFrom copies every item of source (a table restored from point-in-time recovery)
// into target, the stack's table. DynamoDB restores only into a new table, and the stack
// owns its table (its stream, TTL, alarms and the functions' grants all name it), so the
// restored data is brought back rather than the stack re-pointed: items that existed at
// the restore point get their restored version; items written since are kept. The
// table's stream then sees the copies, so results are re-checked by the report sweep and
// scoring markers re-run, both idempotent. Delete the source table afterwards.
func restoreFrom(ctx context.Context, client *dynamodb.Client, source, target string, out io.Writer) error {
	if source == target {
		return errors.New("restore-from: the source is the stack's own table; restore to a new table first (aws dynamodb restore-table-to-point-in-time)")
	}
	if _, err := client.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(source)}); err != nil {
		return fmt.Errorf("source table %s: %w", source, err)
	}
	start := time.Now()
	copied := 0
	var next map[string]types.AttributeValue
	for {
		page, err := client.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(source), ExclusiveStartKey: next, ConsistentRead: aws.Bool(true)})
		if err != nil {
			return fmt.Errorf("reading %s: %w", source, err)
		}
		for i := 0; i < len(page.Items); i += 25 {
			var reqs []types.WriteRequest
			for _, it := range page.Items[i:min(i+25, len(page.Items))] {
				reqs = append(reqs, types.WriteRequest{PutRequest: &types.PutRequest{Item: it}})
			}
			if err := writeAll(ctx, client, target, reqs); err != nil {
				return fmt.Errorf("writing %s after %d items: %w", target, copied, err)
			}
			copied += len(reqs)
		}
		fmt.Fprintf(out, "\rcopied %d items", copied)
		if len(page.LastEvaluatedKey) == 0 {
			break
		}
		next = page.LastEvaluatedKey
	}
	fmt.Fprintf(out, "\rcopied %d items from %s into %s in %s\n", copied, source, target, time.Since(start).Round(time.Second))
	return nil
}

// writeAll writes one batch, retrying what DynamoDB leaves unprocessed with backoff.
func writeAll(ctx context.Context, client *dynamodb.Client, tableName string, reqs []types.WriteRequest) error {
	wait := 50 * time.Millisecond
	for attempt := 0; len(reqs) > 0; attempt++ {
		if attempt == 10 {
			return fmt.Errorf("%d items still unprocessed after %d attempts", len(reqs), attempt)
		}
		res, err := client.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{RequestItems: map[string][]types.WriteRequest{tableName: reqs}})
		if err != nil {
			return err
		}
		reqs = res.UnprocessedItems[tableName]
		if len(reqs) > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(wait):
			}
			wait *= 2
		}
	}
	return nil
}
