package main

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// serveDev runs the dev server in process on a loopback port with env as its environment until ctx
// is done, and returns its address and the channel run's result arrives on.
func serveDev(ctx context.Context, t *testing.T, env map[string]string) (addr string, done <-chan error) {
	t.Helper()
	ready := make(chan string, 1)
	result := make(chan error, 1)
	go func() {
		result <- run(ctx, []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard, ready)
	}()
	select {
	case addr = <-ready:
	case err := <-result:
		t.Fatalf("server did not start: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server not ready after 20s")
	}
	return addr, result
}

// The dev server serves the API and the site on one address and stops cleanly.
func TestDevServerServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addr, done := serveDev(ctx, t, map[string]string{"SHORTLIST_DATA": t.TempDir()})
	for path, want := range map[string]string{
		"/v1/catalog/roles?lang=es": "Back office de ventas",
		"/":                         "<title>Shortlist",
	} {
		resp, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
			t.Errorf("GET %s: %d %.200s", path, resp.StatusCode, body)
		}
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("shutdown: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}

func TestDevServerRejectsBadFlags(t *testing.T) {
	err := run(context.Background(), []string{"-addr"}, func(string) string { return "" }, io.Discard, nil)
	if err == nil {
		t.Fatal("a flag without its value was accepted")
	}
}

// A bad setting stops the dev server before it listens, naming the variable.
func TestDevServerRejectsBadSettings(t *testing.T) {
	env := map[string]string{"SHORTLIST_DATA": t.TempDir(), "LOG_LEVEL": "loud"}
	err := run(context.Background(), []string{"-addr", "127.0.0.1:0"}, func(k string) string { return env[k] }, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "LOG_LEVEL") {
		t.Fatalf("LOG_LEVEL=loud: %v, want an error naming LOG_LEVEL", err)
	}
}
