// Package app assembles Shortlist's dependencies from the environment, once per process:
// the same code builds a Lambda function's handlers at cold start and the dev server's.
// Configuration comes only from environment variables; a missing or bad one is an error
// that names it.
package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"

	"shortlist/content"
	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// Getenv reads one environment variable (os.Getenv, or a map in tests).
type Getenv func(string) string

// Logger is the JSON logger every process writes to stdout (CloudWatch in Lambda).
func Logger(w io.Writer, getenv Getenv) *slog.Logger {
	level := slog.LevelInfo
	if getenv("LOG_LEVEL") == "debug" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

// Catalog loads the embedded content.
func Catalog() (*catalog.Catalog, error) {
	cat, err := catalog.Load(content.Catalog())
	if err != nil {
		return nil, fmt.Errorf("loading the embedded catalog: %w", err)
	}
	return cat, nil
}

// OpenTable opens the state table: DynamoDB when TABLE_NAME is set (AWS, or DynamoDB
// Local through AWS_ENDPOINT_URL_DYNAMODB), else the embedded store under dataDir. An
// empty dataDir means DynamoDB is required (the Lambda functions). close releases it.
func OpenTable(ctx context.Context, getenv Getenv, dataDir string) (t store.Table, close func() error, err error) {
	if name := getenv(table.EnvName); name != "" {
		client, err := dynamo.NewClient(ctx, getenv, dynamo.ClientOptions{})
		if err != nil {
			return nil, nil, err
		}
		return dynamo.New(client, name, table.Shortlist(), dynamo.Options{}), func() error { return nil }, nil
	}
	if dataDir == "" {
		return nil, nil, fmt.Errorf("%s is not set: it names the DynamoDB table", table.EnvName)
	}
	bt, err := bolt.Open(dataDir, table.Shortlist(), bolt.Options{})
	if err != nil {
		return nil, nil, err
	}
	return bt, bt.Close, nil
}

// OpenBlobs opens the report store: S3 when REPORTS_BUCKET is set (AWS, or MinIO through
// AWS_ENDPOINT_URL_S3), else files under dataDir whose signed links are served by the
// returned handler at baseURL+"/files/" (the dev server mounts it). With neither, reports
// are off: nil, nil.
func OpenBlobs(ctx context.Context, getenv Getenv, dataDir, baseURL string) (blob.Store, http.Handler, error) {
	if getenv("REPORTS_BUCKET") != "" {
		s, err := s3store.FromEnv(ctx, getenv)
		return s, nil, err
	}
	if dataDir == "" {
		return nil, nil, nil
	}
	s, err := localstore.New(filepath.Join(dataDir, "blobs"), nil, baseURL+"/files")
	if err != nil {
		return nil, nil, err
	}
	return s, s.Handler(), nil
}

// Stack is everything a process serves with, built once.
type Stack struct {
	Deps     api.Deps
	Repo     *store.Repository
	Scorer   *assess.Scorer
	Reporter *Reporter // nil when reports are off
}

// Build assembles the stack over an opened table and (optional) report store.
func Build(getenv Getenv, log *slog.Logger, t store.Table, blobs blob.Store) (Stack, error) {
	cat, err := Catalog()
	if err != nil {
		return Stack{}, err
	}
	repo := store.New(t)
	svc := &assess.Service{Repo: repo, Catalog: cat}
	st := Stack{Repo: repo, Scorer: &assess.Scorer{Repo: repo, Catalog: cat},
		Deps: api.Deps{Catalog: cat, Journey: svc, Logger: log, PublicURL: getenv("PUBLIC_URL"), Reports: repo, Blobs: blobs}}
	if blobs != nil {
		st.Reporter = &Reporter{Repo: repo, Journey: svc, Catalog: cat, Blobs: blobs}
		st.Deps.Renderer = st.Reporter
	}
	return st, nil
}
