package dynamo

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"shortlist/shared/store/table"
)

// CreateTable creates a table shaped as def and waits until it is active, with TTL on.
// It is for DynamoDB Local and tests (the CDK stack creates the real table from the same
// def): it sets no point-in-time recovery, which DynamoDB Local lacks, and deletion
// protection only when def asks for it.
func CreateTable(ctx context.Context, client *dynamodb.Client, name string, def table.Definition) error {
	attrs := map[string]bool{}
	var defs []types.AttributeDefinition
	for _, a := range def.KeyAttributes() {
		if !attrs[a] {
			attrs[a] = true
			defs = append(defs, types.AttributeDefinition{AttributeName: aws.String(a), AttributeType: types.ScalarAttributeTypeS})
		}
	}
	in := &dynamodb.CreateTableInput{
		TableName:            aws.String(name),
		BillingMode:          types.BillingModePayPerRequest,
		AttributeDefinitions: defs,
		KeySchema: []types.KeySchemaElement{
			{AttributeName: aws.String(def.PartitionKey), KeyType: types.KeyTypeHash},
			{AttributeName: aws.String(def.SortKey), KeyType: types.KeyTypeRange},
		},
		DeletionProtectionEnabled: aws.Bool(def.DeletionProtection),
	}
	for _, ix := range def.Indexes {
		p := &types.Projection{ProjectionType: types.ProjectionType(ix.Projection)}
		if len(ix.NonKey) > 0 {
			p.NonKeyAttributes = ix.NonKey
		}
		in.GlobalSecondaryIndexes = append(in.GlobalSecondaryIndexes, types.GlobalSecondaryIndex{
			IndexName: aws.String(ix.Name),
			KeySchema: []types.KeySchemaElement{
				{AttributeName: aws.String(ix.PartitionKey), KeyType: types.KeyTypeHash},
				{AttributeName: aws.String(ix.SortKey), KeyType: types.KeyTypeRange},
			},
			Projection: p,
		})
	}
	if def.StreamView != "" {
		in.StreamSpecification = &types.StreamSpecification{
			StreamEnabled:  aws.Bool(true),
			StreamViewType: types.StreamViewType(def.StreamView),
		}
	}
	if _, err := client.CreateTable(ctx, in); err != nil {
		return fmt.Errorf("dynamo: creating table %s: %w", name, err)
	}
	waiter := dynamodb.NewTableExistsWaiter(client, func(o *dynamodb.TableExistsWaiterOptions) {
		o.MinDelay = 100 * time.Millisecond
		o.MaxDelay = time.Second
	})
	if err := waiter.Wait(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)}, 2*time.Minute); err != nil {
		return fmt.Errorf("dynamo: waiting for table %s: %w", name, err)
	}
	if def.TTLAttribute != "" {
		_, err := client.UpdateTimeToLive(ctx, &dynamodb.UpdateTimeToLiveInput{
			TableName: aws.String(name),
			TimeToLiveSpecification: &types.TimeToLiveSpecification{
				AttributeName: aws.String(def.TTLAttribute),
				Enabled:       aws.Bool(true),
			},
		})
		if err != nil {
			return fmt.Errorf("dynamo: enabling TTL on %s: %w", name, err)
		}
	}
	return nil
}

// DeleteTable deletes a table made by CreateTable (without deletion protection). An absent
// table is not an error.
func DeleteTable(ctx context.Context, client *dynamodb.Client, name string) error {
	_, err := client.DeleteTable(ctx, &dynamodb.DeleteTableInput{TableName: aws.String(name)})
	var rnf *types.ResourceNotFoundException
	if err != nil && !errors.As(err, &rnf) {
		return fmt.Errorf("dynamo: deleting table %s: %w", name, err)
	}
	return nil
}
