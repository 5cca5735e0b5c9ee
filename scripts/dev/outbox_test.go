package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
)

// TestDevOutbox: the dev server emails invitations into its outbox, serves them at
// GET /v1/dev/outbox (newest first) and /v1/dev/outbox/{id}, and a bounce simulated at
// POST /v1/dev/outbox/{id}/bounce marks the candidate as the candidates list shows.
func TestDevOutbox(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	key, _ := assess.NewToken(assess.APIKeyPrefix)
	addr, done := serveDev(ctx, t, map[string]string{"SHORTLIST_DATA": t.TempDir(), "SHORTLIST_DEMO_KEY": key})
	base := "http://" + addr
	call := func(method, path string, body any, v any) int {
		t.Helper()
		var rd io.Reader
		if body != nil {
			b, _ := json.Marshal(body)
			rd = bytes.NewReader(b)
		}
		req, _ := http.NewRequest(method, base+path, rd)
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if v != nil && resp.StatusCode < 300 {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("%s %s: %v: %s", method, path, err, b)
			}
		}
		return resp.StatusCode
	}
	var a struct{ ID string }
	if s := call("POST", "/v1/assessments", map[string]any{"roleId": "sales-back-office", "lang": "en"}, &a); s != 201 {
		t.Fatalf("assessment: %d", s)
	}
	var inv struct {
		Invited []struct{ CandidateID, Link string }
	}
	if s := call("POST", "/v1/assessments/"+a.ID+"/invites", map[string]any{"send": "email",
		"candidates": []map[string]any{{"name": "Ana Pérez", "email": "ana@example.com"}}}, &inv); s != 201 {
		t.Fatalf("invite: %d", s)
	}
	var box OutboxResponse
	deadline := time.Now().Add(10 * time.Second)
	for {
		if s := call("GET", "/v1/dev/outbox?limit=10", nil, &box); s != 200 {
			t.Fatalf("outbox: %d", s)
		}
		if len(box.Messages) > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(box.Messages) != 1 {
		t.Fatalf("outbox: %d messages", len(box.Messages))
	}
	m := box.Messages[0]
	token := strings.SplitN(inv.Invited[0].Link, "#", 2)[1]
	if m.To != "ana@example.com" || m.Tags["kind"] != "invitation" || !strings.Contains(m.Text, "/take/#"+token) || m.ID == "" {
		t.Errorf("outbox message to %s, tags %v, id %q", m.To, m.Tags, m.ID)
	}
	var one struct{ ID, To string }
	if s := call("GET", "/v1/dev/outbox/"+m.ID, nil, &one); s != 200 || one.ID != m.ID || one.To != m.To {
		t.Errorf("one message: %d %+v", s, one)
	}
	if s := call("GET", "/v1/dev/outbox/00000000000000000000000000000000", nil, nil); s != 404 {
		t.Errorf("an unknown message: %d", s)
	}
	if s := call("POST", "/v1/dev/outbox/"+m.ID+"/bounce", nil, nil); s != 204 {
		t.Fatalf("bounce: %d", s)
	}
	var list struct {
		Candidates []struct{ EmailStatus string }
	}
	call("GET", "/v1/assessments/"+a.ID+"/candidates", nil, &list)
	if len(list.Candidates) != 1 || list.Candidates[0].EmailStatus != "bounced" {
		t.Errorf("after the bounce: %+v", list)
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
