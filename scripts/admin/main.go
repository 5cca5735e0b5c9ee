// Command admin manages organisations and HR API keys, against the embedded store of the
// dev server (-data, default ./.shortlist) or a DynamoDB table (TABLE_NAME, and
// AWS_ENDPOINT_URL_DYNAMODB for DynamoDB Local):
//
//	go run ./scripts/admin org create "Acme Hiring"     # prints the org id and its first key (once)
//	go run ./scripts/admin key create ORG_ID [-label L]  # another key (printed once)
//	go run ./scripts/admin key list ORG_ID
//	go run ./scripts/admin key revoke ORG_ID KEY_ID
//
// Against a deployed stack, name its table (the stack's TableName output) and use any
// credentials the AWS CLI would — a profile, SSO, environment keys:
//
//	AWS_PROFILE=prod AWS_REGION=us-east-1 TABLE_NAME=Shortlist-Table-XYZ go run ./scripts/admin org create "Acme"
//
// Keys are shown only when created; the store keeps their hashes. Stop the dev server
// first when using the embedded store: it holds the file lock.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"

	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// openTable is the dev server's store, DynamoDB Local, or — TABLE_NAME without a local
// endpoint — the deployed table through the AWS SDK's default credential chain (a person's
// profile or SSO session; the functions themselves use only their role's environment).
func openTable(ctx context.Context, getenv app.Getenv, data string) (store.Table, func() error, error) {
	if getenv(table.EnvName) == "" || getenv("AWS_ENDPOINT_URL_DYNAMODB") != "" {
		return local.Table(ctx, getenv, data)
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("AWS credentials: %w", err)
	}
	if cfg.Region == "" {
		return nil, nil, errors.New("no AWS region: set AWS_REGION or a region in your profile")
	}
	client := dynamodb.NewFromConfig(cfg)
	return dynamo.New(client, getenv(table.EnvName), table.Shortlist(), dynamo.Options{}), func() error { return nil }, nil
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "admin:", err)
		os.Exit(2)
	}
}

const usage = `usage:
  admin [-data DIR] org create NAME
  admin [-data DIR] key create ORG_ID [-label LABEL]
  admin [-data DIR] key list ORG_ID
  admin [-data DIR] key revoke ORG_ID KEY_ID`

func run(ctx context.Context, args []string, getenv app.Getenv, out io.Writer) error {
	fs := flag.NewFlagSet("admin", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	data := fs.String("data", orDefault(getenv("SHORTLIST_DATA"), "./.shortlist"), "embedded store directory")
	label := fs.String("label", "", "a label for a new key")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%v\n%s", err, usage)
	}
	rest := fs.Args()
	// Flags may also follow the command words.
	var words []string
	for len(rest) > 0 {
		words = append(words, rest[0])
		if err := fs.Parse(rest[1:]); err != nil {
			return fmt.Errorf("%v\n%s", err, usage)
		}
		rest = fs.Args()
	}
	if len(words) < 2 {
		return errors.New(usage)
	}
	t, closeTable, err := openTable(ctx, getenv, *data)
	if err != nil {
		return err
	}
	defer closeTable()
	repo := store.New(t)
	now := time.Now()
	switch {
	case words[0] == "org" && words[1] == "create" && len(words) == 3:
		org, err := assess.NewOrganisation(words[2], now)
		if err != nil {
			return err
		}
		k, secret, err := assess.NewAPIKey(org.ID, orDefault(*label, "first key"), "", now)
		if err != nil {
			return err
		}
		if err := repo.CreateOrganisation(ctx, org); err != nil {
			return err
		}
		if err := repo.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		fmt.Fprintf(out, "organisation %s (%s)\nkey id %s\nAPI key (shown once): %s\n", org.ID, org.Name, k.ID, secret)
	case words[0] == "key" && words[1] == "create" && len(words) == 3:
		if _, err := repo.Organisation(ctx, words[2]); err != nil {
			return fmt.Errorf("organisation %s: %w", words[2], err)
		}
		k, secret, err := assess.NewAPIKey(words[2], *label, "", now)
		if err != nil {
			return err
		}
		if err := repo.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		fmt.Fprintf(out, "key id %s\nAPI key (shown once): %s\n", k.ID, secret)
	case words[0] == "key" && words[1] == "list" && len(words) == 3:
		keys, err := repo.APIKeys(ctx, words[2])
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tLABEL\tCREATED\tSTATUS")
		for _, k := range keys {
			status := "active"
			if !k.RevokedAt.IsZero() {
				status = "revoked " + k.RevokedAt.Format(time.RFC3339)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.ID, k.Label, k.CreatedAt.Format(time.RFC3339), status)
		}
		return tw.Flush()
	case words[0] == "key" && words[1] == "revoke" && len(words) == 4:
		if err := repo.RevokeAPIKey(ctx, words[2], words[3], now); err != nil {
			return err
		}
		fmt.Fprintf(out, "revoked key %s\n", words[3])
	default:
		return errors.New(usage)
	}
	return nil
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
