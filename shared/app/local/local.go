// Package local opens the embedded adapters the dev server, the admin CLI and tests run on:
// the state table in a bbolt file and the report store as files with signed links. It is
// kept out of shared/app so that no Lambda binary links them.
package local

import (
	"context"
	"net/http"
	"path/filepath"

	"shortlist/shared/app/settings"
	"shortlist/shared/blob"
	"shortlist/shared/blob/localstore"
	"shortlist/shared/blob/s3store"
	"shortlist/shared/store"
	"shortlist/shared/store/bolt"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

// Table opens the state table: DynamoDB when cfg names one (DynamoDB Local through
// AWS_ENDPOINT_URL_DYNAMODB), else the embedded store under dataDir. close releases it.
func Table(ctx context.Context, cfg settings.Config, dataDir string) (t store.Table, close func() error, err error) {
	if cfg.Table != "" {
		t, err := dynamo.FromEnv(ctx, cfg.Lookup)
		return t, func() error { return nil }, err
	}
	bt, err := bolt.Open(dataDir, table.Shortlist(), bolt.Options{})
	if err != nil {
		return nil, nil, err
	}
	return bt, bt.Close, nil
}

// Blobs opens the report store: S3 when cfg names a bucket (MinIO through
// AWS_ENDPOINT_URL_S3), else files under dataDir whose signed links the returned handler
// serves; mount it at baseURL's "/files/".
func Blobs(ctx context.Context, cfg settings.Config, dataDir, baseURL string) (blob.Store, http.Handler, error) {
	if cfg.ReportsBucket != "" {
		s, err := s3store.FromEnv(ctx, cfg.Lookup)
		return s, nil, err
	}
	s, err := localstore.New(filepath.Join(dataDir, "blobs"), nil, baseURL+"/files")
	if err != nil {
		return nil, nil, err
	}
	return s, s.Handler(), nil
}
