// Package s3store is the blob.Store on Amazon S3 (and on MinIO, which checks SigV4 and
// presigned-link expiry the same way): objects in one private, versioned bucket, handed
// out through presigned GETs whose Content-Disposition is part of the signature.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/blob"
)

// Config says where the artifacts live.
type Config struct {
	Bucket string
	// Endpoint overrides S3's (AWS_ENDPOINT_URL_S3: MinIO in tests); empty for AWS.
	Endpoint string
	// PathStyle addresses objects as endpoint/bucket/key instead of bucket.endpoint/key:
	// MinIO on loopback has no per-bucket host names.
	PathStyle bool
	// Timeout bounds each call, retries included; 0 means DefaultTimeout.
	Timeout time.Duration
}

// DefaultTimeout bounds one call. Reports are at most a few MB, so a slower call is a
// fault to report (and retry a level up, from the event source), not to wait out.
const DefaultTimeout = 15 * time.Second

// Store is a blob.Store on one S3 bucket. Build it once per process (cold start).
type Store struct {
	client  *s3.Client
	presign *s3.PresignClient
	bucket  string
	timeout time.Duration
}

var _ blob.Store = (*Store)(nil)

// New builds the store from an AWS configuration. The SDK's standard retryer (capped
// exponential backoff with jitter, 3 attempts) is the one retry layer; our code above
// never retries the same call again.
func New(cfg aws.Config, c Config) (*Store, error) {
	if c.Bucket == "" {
		return nil, errors.New("s3store: no bucket name (REPORTS_BUCKET)")
	}
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	// Connection-level timeouts too: a context deadline does not stop a dial that hangs
	// before the request is written.
	httpClient := awshttp.NewBuildableClient().WithTimeout(c.Timeout).WithDialerOptions(func(d *net.Dialer) {
		d.Timeout = 5 * time.Second
	}).WithTransportOptions(func(t *http.Transport) {
		t.TLSHandshakeTimeout = 5 * time.Second
		t.ResponseHeaderTimeout = c.Timeout
	})
	client := s3.NewFromConfig(cfg, func(o *s3.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
		o.UsePathStyle = c.PathStyle
		o.HTTPClient = httpClient
	})
	return &Store{client: client, presign: s3.NewPresignClient(client), bucket: c.Bucket, timeout: c.Timeout}, nil
}

// FromEnv builds the store from the environment: REPORTS_BUCKET names the bucket;
// AWS_ENDPOINT_URL_S3, when set, points at another endpoint (MinIO) addressed path-style;
// region and credentials come from their standard variables (shared/awsenv).
func FromEnv(ctx context.Context, getenv func(string) string) (*Store, error) {
	bucket := getenv("REPORTS_BUCKET")
	if bucket == "" {
		return nil, errors.New("s3store: REPORTS_BUCKET is not set")
	}
	endpoint := getenv("AWS_ENDPOINT_URL_S3")
	cfg, err := awsenv.Config(getenv, endpoint != "", 0, 0)
	if err != nil {
		return nil, fmt.Errorf("s3store: %w", err)
	}
	return New(cfg, Config{Bucket: bucket, Endpoint: endpoint, PathStyle: endpoint != ""})
}

// unavailable maps an SDK failure onto the domain's vocabulary: the cause stays in Err
// for the log at the edge; the message says nothing about internals.
func unavailable(op string, err error) error {
	return &assess.Error{Code: assess.Unavailable, Message: "report storage is unavailable", Err: fmt.Errorf("s3 %s: %w", op, err)}
}

// Put stores body under key. Objects are never cached by browsers or proxies: a report
// may be regenerated or erased.
func (s *Store) Put(ctx context.Context, key, contentType string, body []byte) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	_, err := s.client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(key),
		Body:          bytes.NewReader(body),
		ContentLength: aws.Int64(int64(len(body))),
		ContentType:   aws.String(contentType),
		CacheControl:  aws.String("private, no-store"),
	})
	if err != nil {
		return unavailable("PutObject", err)
	}
	return nil
}

// Get reads key's latest version.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	if err := blob.CheckKey(key); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	out, err := s.client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) {
			return nil, assess.Errorf(assess.NotFound, "no object %s", key)
		}
		return nil, unavailable("GetObject", err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, unavailable("GetObject", err)
	}
	return b, nil
}

// Exists implements blob.Stater with a HEAD of key's latest version. S3 answers a HEAD
// of a missing key with 404 only to a caller allowed s3:ListBucket (403 otherwise), so a
// role that checks existence needs that action on the bucket.
func (s *Store) Exists(ctx context.Context, key string) (bool, error) {
	if err := blob.CheckKey(key); err != nil {
		return false, err
	}
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	_, err := s.client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(key)})
	if err != nil {
		var nf *types.NotFound
		var nsk *types.NoSuchKey
		var re *awshttp.ResponseError
		if errors.As(err, &nf) || errors.As(err, &nsk) || (errors.As(err, &re) && re.HTTPStatusCode() == http.StatusNotFound) {
			return false, nil
		}
		return false, unavailable("HeadObject", err)
	}
	return true, nil
}

// PresignGet signs a GET of key for ttl. The response's Content-Disposition travels as
// the signed response-content-disposition parameter, so it cannot be altered either.
// Presigning is computed locally and makes no call. With temporary credentials (a Lambda
// role) the link also dies when they expire, whichever comes first.
func (s *Store) PresignGet(ctx context.Context, key, filename string, ttl time.Duration) (string, error) {
	if err := blob.CheckKey(key); err != nil {
		return "", err
	}
	if err := blob.CheckTTL(ttl); err != nil {
		return "", err
	}
	req, err := s.presign.PresignGetObject(ctx, &s3.GetObjectInput{
		Bucket:                     aws.String(s.bucket),
		Key:                        aws.String(key),
		ResponseContentDisposition: aws.String(blob.ContentDisposition(filename)),
	}, s3.WithPresignExpires(ttl))
	if err != nil {
		return "", unavailable("PresignGetObject", err)
	}
	return req.URL, nil
}

// Delete removes every version and delete marker of exactly key.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := blob.CheckKey(key); err != nil {
		return err
	}
	return s.deleteVersions(ctx, key, func(k string) bool { return k == key })
}

// DeletePrefix removes every version and delete marker of every key under prefix.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) error {
	if err := blob.CheckPrefix(prefix); err != nil {
		return err
	}
	return s.deleteVersions(ctx, prefix, func(string) bool { return true })
}

// deleteVersions lists the versions under prefix page by page (up to 1,000 each, the
// DeleteObjects limit) and deletes those whose key matches. A plain DeleteObject on a
// versioned bucket would only add a delete marker and keep the report: erasure needs
// every version id.
func (s *Store) deleteVersions(ctx context.Context, prefix string, match func(string) bool) error {
	pages := s3.NewListObjectVersionsPaginator(s.client, &s3.ListObjectVersionsInput{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(prefix),
	})
	for pages.HasMorePages() {
		var ids []types.ObjectIdentifier
		err := func() error {
			ctx, cancel := context.WithTimeout(ctx, s.timeout)
			defer cancel()
			page, err := pages.NextPage(ctx)
			if err != nil {
				return unavailable("ListObjectVersions", err)
			}
			for _, v := range page.Versions {
				if match(aws.ToString(v.Key)) {
					ids = append(ids, types.ObjectIdentifier{Key: v.Key, VersionId: v.VersionId})
				}
			}
			for _, m := range page.DeleteMarkers {
				if match(aws.ToString(m.Key)) {
					ids = append(ids, types.ObjectIdentifier{Key: m.Key, VersionId: m.VersionId})
				}
			}
			return nil
		}()
		if err != nil {
			return err
		}
		if err := s.deleteBatch(ctx, ids); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) deleteBatch(ctx context.Context, ids []types.ObjectIdentifier) error {
	for len(ids) > 0 {
		n := min(len(ids), 1000)
		batch := ids[:n]
		ids = ids[n:]
		ctx, cancel := context.WithTimeout(ctx, s.timeout)
		out, err := s.client.DeleteObjects(ctx, &s3.DeleteObjectsInput{
			Bucket: aws.String(s.bucket),
			Delete: &types.Delete{Objects: batch, Quiet: aws.Bool(true)},
		})
		cancel()
		if err != nil {
			return unavailable("DeleteObjects", err)
		}
		if len(out.Errors) > 0 {
			e := out.Errors[0]
			return unavailable("DeleteObjects", fmt.Errorf("%d of %d not deleted; first: %s %s: %s",
				len(out.Errors), len(batch), aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message)))
		}
	}
	return nil
}

// Versions counts the stored versions and delete markers of exactly key. Tests use it to
// show that Delete leaves nothing behind; erasure audits may too.
func (s *Store) Versions(ctx context.Context, key string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	n := 0
	pages := s3.NewListObjectVersionsPaginator(s.client, &s3.ListObjectVersionsInput{
		Bucket: aws.String(s.bucket),
		Prefix: aws.String(key),
	})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return 0, unavailable("ListObjectVersions", err)
		}
		for _, v := range page.Versions {
			if aws.ToString(v.Key) == key {
				n++
			}
		}
		for _, m := range page.DeleteMarkers {
			if aws.ToString(m.Key) == key {
				n++
			}
		}
	}
	return n, nil
}
