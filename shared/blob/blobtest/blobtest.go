// Package blobtest is the conformance suite every blob.Store passes, in the style of
// testing/fstest: the S3 adapter against MinIO, the local adapter against its own
// handler. It checks what users and attackers can observe of a link — a fresh one
// downloads the bytes with a sanitised attachment name; an expired one, one with a
// changed character in the signature or the key, and an unsigned request all fail —
// and that Delete leaves no version behind.
package blobtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/blob"
)

// Harness is what the suite needs from an adapter's test.
type Harness struct {
	Store blob.Store
	// Versions counts the stored versions (and delete markers) of key.
	Versions func(ctx context.Context, key string) (int, error)
	// Prefix is a unique key prefix for this run (ending in "/"), so runs sharing a
	// bucket never see each other's objects.
	Prefix string
	// Client downloads links; nil means a client with a 10 s timeout.
	Client *http.Client
	// ExpiryTTL is the short lifetime used to watch a link expire; 0 means 2 s.
	ExpiryTTL time.Duration
}

// Run runs the suite. Subtests run in parallel, so the expiry wait overlaps the rest.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.Client == nil {
		h.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if h.ExpiryTTL == 0 {
		h.ExpiryTTL = 2 * time.Second
	}
	ctx := context.Background()
	pdf := []byte("%PDF-1.4\n% a report, or something shaped like one\n" + strings.Repeat("x", 4096) + "\n%%EOF\n")

	t.Run("FreshLinkDownloads", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "fresh/report.pdf"
		mustPut(t, h, key, pdf)
		name := "Informe — José Núñez.pdf"
		link := mustLink(t, h, key, name, time.Minute)
		res, body := get(t, h, link)
		if res.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) {
			t.Fatalf("GET fresh link: status %d, %d bytes (want 200 and the %d bytes stored)", res.StatusCode, len(body), len(pdf))
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type = %q; want application/pdf", ct)
		}
		if cd, want := res.Header.Get("Content-Disposition"), blob.ContentDisposition(name); cd != want {
			t.Errorf("Content-Disposition = %q; want %q", cd, want)
		}
	})

	t.Run("LinkExpires", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "expiring/report.pdf"
		mustPut(t, h, key, pdf)
		link := mustLink(t, h, key, "r.pdf", h.ExpiryTTL)
		if res, _ := get(t, h, link); res.StatusCode != http.StatusOK {
			t.Fatalf("GET before expiry: status %d; want 200", res.StatusCode)
		}
		// Signatures carry whole seconds: wait out the TTL plus a second of rounding
		// and a little clock slack.
		time.Sleep(h.ExpiryTTL + 1500*time.Millisecond)
		if res, body := get(t, h, link); res.StatusCode != http.StatusForbidden || bytes.Equal(body, pdf) {
			t.Fatalf("GET after expiry: status %d; want 403 and no report", res.StatusCode)
		}
	})

	t.Run("TamperedLinkFails", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "tamper/report-a.pdf"
		other := h.Prefix + "tamper/report-b.pdf" // exists, so a 403 is the signature's doing
		mustPut(t, h, key, pdf)
		mustPut(t, h, other, pdf)
		link := mustLink(t, h, key, "r.pdf", time.Minute)
		for _, tc := range []struct {
			name   string
			tamper func(*testing.T, string) string
		}{
			{"signature", changeSignature},
			{"key", func(t *testing.T, l string) string { return strings.Replace(l, "report-a.pdf", "report-b.pdf", 1) }},
			{"unsigned", func(t *testing.T, l string) string { u, _ := url.Parse(l); u.RawQuery = ""; return u.String() }},
			{"disposition", changeDisposition},
		} {
			t.Run(tc.name, func(t *testing.T) {
				bad := tc.tamper(t, link)
				if bad == link {
					t.Fatal("tampering left the link unchanged")
				}
				if res, body := get(t, h, bad); res.StatusCode != http.StatusForbidden || bytes.Equal(body, pdf) {
					t.Fatalf("GET %s-tampered link: status %d; want 403 and no report", tc.name, res.StatusCode)
				}
			})
		}
		if res, _ := get(t, h, link); res.StatusCode != http.StatusOK {
			t.Fatalf("the untampered link: status %d; want 200", res.StatusCode)
		}
	})

	t.Run("TTLLimits", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "ttl/report.pdf"
		for _, ttl := range []time.Duration{0, -time.Second, 500 * time.Millisecond, blob.MaxTTL + time.Second, time.Hour} {
			_, err := h.Store.PresignGet(ctx, key, "r.pdf", ttl)
			if assess.CodeOf(err) != assess.Invalid {
				t.Errorf("PresignGet(ttl %s): err %v; want an Invalid error", ttl, err)
			}
		}
		if _, err := h.Store.PresignGet(ctx, key, "r.pdf", blob.MaxTTL); err != nil {
			t.Errorf("PresignGet(ttl %s): %v; want a link", blob.MaxTTL, err)
		}
	})

	t.Run("BadKeysRejected", func(t *testing.T) {
		t.Parallel()
		for _, key := range []string{"", "/abs.pdf", h.Prefix + "a/../b.pdf", h.Prefix + "a//b.pdf", h.Prefix + "sp ace.pdf",
			h.Prefix + "nul\x00.pdf", h.Prefix + "ñ.pdf", h.Prefix + "q?x=1"} {
			if err := h.Store.Put(ctx, key, "application/pdf", pdf); assess.CodeOf(err) != assess.Invalid {
				t.Errorf("Put(%q): err %v; want Invalid", key, err)
			}
			if _, err := h.Store.PresignGet(ctx, key, "r.pdf", time.Minute); assess.CodeOf(err) != assess.Invalid {
				t.Errorf("PresignGet(%q): err %v; want Invalid", key, err)
			}
		}
		for _, prefix := range []string{"", "/", h.Prefix + "no-slash", "../"} {
			if err := h.Store.DeletePrefix(ctx, prefix); assess.CodeOf(err) != assess.Invalid {
				t.Errorf("DeletePrefix(%q): err %v; want Invalid", prefix, err)
			}
		}
	})

	t.Run("GetReadsLatestAndMissingIsNotFound", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "get/state.json.gz"
		mustPut(t, h, key, []byte("one"))
		mustPut(t, h, key, []byte("two"))
		if b, err := h.Store.Get(ctx, key); err != nil || string(b) != "two" {
			t.Fatalf("Get after overwrite: %q, %v; want \"two\"", b, err)
		}
		if _, err := h.Store.Get(ctx, h.Prefix+"get/missing"); assess.CodeOf(err) != assess.NotFound {
			t.Errorf("Get of a missing key: %v; want NotFound", err)
		}
		if _, err := h.Store.Get(ctx, "../x"); assess.CodeOf(err) != assess.Invalid {
			t.Errorf("Get of a bad key: %v; want Invalid", err)
		}
	})

	t.Run("OverwriteServesLatest", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "overwrite/cohort.csv"
		mustPutType(t, h, key, "text/csv; charset=utf-8", []byte("first"))
		mustPutType(t, h, key, "text/csv; charset=utf-8", []byte("second"))
		res, body := get(t, h, mustLink(t, h, key, "cohort.csv", time.Minute))
		if res.StatusCode != http.StatusOK || string(body) != "second" {
			t.Fatalf("GET after overwrite: status %d body %q; want 200 \"second\"", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type = %q; want text/csv; charset=utf-8", ct)
		}
	})

	t.Run("DeleteRemovesAllVersions", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "delete/report.pdf"
		neighbour := h.Prefix + "delete/report.pdf.keep" // shares the key as a prefix
		mustPut(t, h, key, []byte("v1"))
		mustPut(t, h, key, []byte("v2"))
		mustPut(t, h, neighbour, pdf)
		link := mustLink(t, h, key, "r.pdf", time.Minute)
		if err := h.Store.Delete(ctx, key); err != nil {
			t.Fatalf("Delete: %v", err)
		}
		if n := versions(t, h, key); n != 0 {
			t.Fatalf("after Delete, %d versions of %s remain; want 0", n, key)
		}
		if res, _ := get(t, h, link); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET a deleted report: status %d; want 404", res.StatusCode)
		}
		if n := versions(t, h, neighbour); n != 1 {
			t.Errorf("Delete(%s) touched %s: %d versions; want 1", key, neighbour, n)
		}
		if err := h.Store.Delete(ctx, key); err != nil {
			t.Errorf("Delete of a missing key: %v; want nil", err)
		}
	})

	// Exists (through the adapter's Stater, or a read) tells a stored key from a missing
	// or deleted one: the reports sweep relies on it.
	t.Run("Exists", func(t *testing.T) {
		t.Parallel()
		key := h.Prefix + "exists/report.pdf"
		mustPut(t, h, key, pdf)
		for k, want := range map[string]bool{key: true, h.Prefix + "exists/feedback.pdf": false, h.Prefix + "exists/report": false} {
			if got, err := blob.Exists(ctx, h.Store, k); err != nil || got != want {
				t.Errorf("Exists(%s) = %v, %v; want %v", k, got, err, want)
			}
		}
		if err := h.Store.Delete(ctx, key); err != nil {
			t.Fatal(err)
		}
		if got, err := blob.Exists(ctx, h.Store, key); err != nil || got {
			t.Errorf("Exists after Delete = %v, %v; want false", got, err)
		}
		if _, err := blob.Exists(ctx, h.Store, "../x"); assess.CodeOf(err) != assess.Invalid {
			t.Errorf("Exists of a bad key: %v; want Invalid", err)
		}
	})

	t.Run("DeletePrefix", func(t *testing.T) {
		t.Parallel()
		gone := []string{h.Prefix + "org1/cand1/report.pdf", h.Prefix + "org1/cand1/feedback.pdf", h.Prefix + "org1/cand1/old/report.pdf"}
		kept := []string{h.Prefix + "org1/cand10/report.pdf", h.Prefix + "org1/cand2/report.pdf"}
		for _, k := range append(gone, kept...) {
			mustPut(t, h, k, []byte("v1"))
			mustPut(t, h, k, []byte("v2"))
		}
		if err := h.Store.DeletePrefix(ctx, h.Prefix+"org1/cand1/"); err != nil {
			t.Fatalf("DeletePrefix: %v", err)
		}
		for _, k := range gone {
			if n := versions(t, h, k); n != 0 {
				t.Errorf("after DeletePrefix, %s has %d versions; want 0", k, n)
			}
		}
		for _, k := range kept {
			if n := versions(t, h, k); n == 0 {
				t.Errorf("DeletePrefix removed %s, outside the prefix", k)
			}
		}
	})
}

func mustPut(t *testing.T, h Harness, key string, body []byte) {
	t.Helper()
	mustPutType(t, h, key, "application/pdf", body)
}

func mustPutType(t *testing.T, h Harness, key, ctype string, body []byte) {
	t.Helper()
	if err := h.Store.Put(context.Background(), key, ctype, body); err != nil {
		t.Fatalf("Put(%s): %v", key, err)
	}
}

func mustLink(t *testing.T, h Harness, key, name string, ttl time.Duration) string {
	t.Helper()
	link, err := h.Store.PresignGet(context.Background(), key, name, ttl)
	if err != nil {
		t.Fatalf("PresignGet(%s): %v", key, err)
	}
	return link
}

func versions(t *testing.T, h Harness, key string) int {
	t.Helper()
	n, err := h.Versions(context.Background(), key)
	if err != nil {
		t.Fatalf("Versions(%s): %v", key, err)
	}
	return n
}

func get(t *testing.T, h Harness, link string) (*http.Response, []byte) {
	t.Helper()
	res, err := h.Client.Get(link)
	if err != nil {
		t.Fatalf("GET %s: %v", link, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		t.Fatalf("reading %s: %v", link, err)
	}
	return res, body
}

// signatureParams are the names a signature travels under: S3's and the local store's.
var signatureParams = []string{"X-Amz-Signature=", "X-Signature="}

// changeSignature changes one character of the link's signature, in place, to another
// hex digit: the smallest possible forgery.
func changeSignature(t *testing.T, link string) string {
	t.Helper()
	for _, p := range signatureParams {
		if i := strings.Index(link, p); i >= 0 {
			j := i + len(p) + 10 // a character well inside the signature
			if j >= len(link) {
				break
			}
			c := byte('0')
			if link[j] == '0' {
				c = '1'
			}
			return link[:j] + string(c) + link[j+1:]
		}
	}
	t.Fatalf("no signature parameter (%v) in %s", signatureParams, link)
	return ""
}

// changeDisposition asks for another download name than the one signed: one character
// of the query changed.
func changeDisposition(t *testing.T, link string) string {
	t.Helper()
	q := strings.IndexByte(link, '?')
	i := strings.Index(link[q+1:], "r.pdf")
	if q < 0 || i < 0 {
		t.Fatalf("no signed file name in %s", link)
	}
	i += q + 1
	return link[:i] + "x" + link[i+1:]
}

// UniquePrefix returns a key prefix no other run uses.
func UniquePrefix(name string) string {
	return fmt.Sprintf("test/%s-%d/", name, time.Now().UnixNano())
}
