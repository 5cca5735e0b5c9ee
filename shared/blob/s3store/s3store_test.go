package s3store_test

import (
	"context"
	"errors"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
	"shortlist/shared/blob/blobtest"
	"shortlist/shared/blob/s3store"
)

// TestConformance runs the blob suite against a real S3 API: MinIO, which
// scripts/services/minio starts and scripts/test exports. Without it the test skips on a
// developer's machine and fails in CI, where a skipped security test would pass
// unnoticed.
func TestConformance(t *testing.T) {
	if os.Getenv("AWS_ENDPOINT_URL_S3") == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but AWS_ENDPOINT_URL_S3 is not: start MinIO with scripts/services/minio (scripts/test does)")
		}
		t.Skip("AWS_ENDPOINT_URL_S3 is not set: run scripts/services/minio (or scripts/test) to test against MinIO")
	}
	bucket := os.Getenv("SHORTLIST_REPORTS_BUCKET")
	if bucket == "" {
		bucket = os.Getenv("REPORTS_BUCKET")
	}
	if bucket == "" {
		t.Fatal("AWS_ENDPOINT_URL_S3 is set but no bucket is: set SHORTLIST_REPORTS_BUCKET (scripts/services/minio prints it)")
	}
	getenv := func(k string) string {
		if k == "REPORTS_BUCKET" {
			return bucket
		}
		return os.Getenv(k)
	}
	ctx := context.Background()
	store, err := s3store.FromEnv(ctx, getenv)
	if err != nil {
		t.Fatal(err)
	}
	prefix := blobtest.UniquePrefix("s3store")
	t.Cleanup(func() {
		if err := store.DeletePrefix(context.Background(), prefix); err != nil {
			t.Errorf("cleaning up %s: %v", prefix, err)
		}
	})
	blobtest.Run(t, blobtest.Harness{Store: store, Versions: store.Versions, Prefix: prefix})
}

// offline is a store whose calls never leave the process: presigning is local.
func offline(t *testing.T) *s3store.Store {
	t.Helper()
	cfg := aws.Config{Region: "eu-west-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", "")}
	s, err := s3store.New(cfg, s3store.Config{Bucket: "reports", Endpoint: "http://127.0.0.1:9", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPresignedLinkShape(t *testing.T) {
	s := offline(t)
	link, err := s.PresignGet(context.Background(), "org/o1/reports/r1.pdf", "Informe — José Núñez.pdf", 2*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]string{
		"X-Amz-Expires":                "120",
		"X-Amz-Algorithm":              "AWS4-HMAC-SHA256",
		"response-content-disposition": blob.ContentDisposition("Informe — José Núñez.pdf"),
	} {
		if got := q.Get(k); got != want {
			t.Errorf("%s = %q; want %q", k, got, want)
		}
	}
	if u.Path != "/reports/org/o1/reports/r1.pdf" {
		t.Errorf("path %q; want path-style /reports/org/o1/reports/r1.pdf", u.Path)
	}
	if !strings.Contains(q.Get("X-Amz-SignedHeaders"), "host") {
		t.Errorf("SignedHeaders %q; want host signed", q.Get("X-Amz-SignedHeaders"))
	}
}

func TestRejectsBeforeCalling(t *testing.T) {
	s := offline(t)
	ctx := context.Background()
	for name, err := range map[string]error{
		"ttl over 15 min": func() error { _, err := s.PresignGet(ctx, "a/b.pdf", "b.pdf", 16*time.Minute); return err }(),
		"bad key":         s.Put(ctx, "../b.pdf", "application/pdf", nil),
		"empty prefix":    s.DeletePrefix(ctx, ""),
		"bad delete key":  s.Delete(ctx, "a//b"),
	} {
		if assess.CodeOf(err) != assess.Invalid {
			t.Errorf("%s: err %v; want Invalid", name, err)
		}
	}
}

func TestFromEnvNamesMissingVariables(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "REPORTS_BUCKET"},
	} {
		_, err := s3store.FromEnv(context.Background(), func(k string) string { return tc.env[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("FromEnv(%v): %v; want an error naming %s", tc.env, err, tc.want)
		}
	}
	if _, err := s3store.New(aws.Config{}, s3store.Config{}); err == nil {
		t.Error("New without a bucket: want an error")
	}
}

func TestUnavailableWhenEndpointIsDown(t *testing.T) {
	s := offline(t) // port 9 (discard) on loopback: connection refused
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := s.Put(ctx, "a/b.pdf", "application/pdf", []byte("x"))
	if assess.CodeOf(err) != assess.Unavailable {
		t.Fatalf("Put to a dead endpoint: %v; want Unavailable", err)
	}
	var e *assess.Error
	if !errors.As(err, &e) || strings.Contains(e.Message, "127.0.0.1") {
		t.Fatalf("message %q leaks the endpoint (it belongs in the wrapped cause, for logs)", e.Message)
	}
}
