package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
)

// A completed session can never stay unscored: the dev server is killed right after the
// completion is written (before the scoring worker hears of it); on restart the sweep
// finds the pending marker and scores the session, exactly once.
func TestCompletedSessionSurvivesACrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the dev server")
	}
	bin := filepath.Join(t.TempDir(), "dev")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	data := t.TempDir()
	key, _ := assess.NewToken(assess.APIKeyPrefix)

	// First life: dies inside completion.
	addr := freeAddr(t)
	first := startDev(t, bin, addr, data, key, "exit-after-complete")
	link := demoLink(t, data)
	_, invite, _ := strings.Cut(link, "#")
	tok := post(t, addr, "/v1/sessions", "", map[string]any{"inviteToken": invite, "acknowledged": true, "noticeVersion": assess.NoticeVersion})["sessionToken"].(string)
	sess := get(t, addr, "/v1/session", tok)
	for n := 1; n <= len(sess["sections"].([]any)); n++ {
		post(t, addr, fmt.Sprintf("/v1/session/sections/%d/start", n), tok, nil)
		post(t, addr, fmt.Sprintf("/v1/session/sections/%d/finish", n), tok, nil)
	}
	req, _ := http.NewRequest("POST", "http://"+addr+"/v1/session/complete", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the server answered %d: it should have died inside completion", resp.StatusCode)
	}
	err := first.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Fatalf("first server ended with %v, want exit status 3", err)
	}

	// Second life: the start-up sweep scores what was left pending.
	addr = freeAddr(t)
	second := startDev(t, bin, addr, data, key, "")
	defer func() { second.Process.Signal(os.Interrupt); second.Wait() }()
	deadline := time.Now().Add(20 * time.Second)
	for {
		list := get(t, addr, "/v1/assessments", key)["assessments"].([]any)
		aid := list[0].(map[string]any)["id"].(string)
		cands := get(t, addr, "/v1/assessments/"+aid+"/candidates", key)["candidates"].([]any)
		status := cands[0].(map[string]any)["status"]
		if status == "scored" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the restart the session is %v, not scored", status)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func startDev(t *testing.T, bin, addr, data, key, fault string) *exec.Cmd {
	cmd := exec.Command(bin, "-addr", addr, "-data", data)
	cmd.Env = append(os.Environ(), "SHORTLIST_DEMO_KEY="+key, "SHORTLIST_FAULT="+fault)
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		if t.Failed() {
			t.Logf("dev server output:\n%s", logs.String())
		}
	})
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return cmd
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("dev server not listening on %s", addr)
	return nil
}

// demoLink waits for the server to write its demo file (it listens before it seeds).
func demoLink(t *testing.T, data string) string {
	for i := 0; i < 100; i++ {
		var d demoFile
		if b, err := os.ReadFile(filepath.Join(data, "demo.json")); err == nil && json.Unmarshal(b, &d) == nil {
			return d.Link
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("no demo.json")
	return ""
}

func post(t *testing.T, addr, path, token string, body any) map[string]any {
	t.Helper()
	return send(t, "POST", addr, path, token, body)
}

func get(t *testing.T, addr, path, token string) map[string]any {
	t.Helper()
	return send(t, "GET", addr, path, token, nil)
}

func send(t *testing.T, method, addr, path, token string, body any) map[string]any {
	t.Helper()
	var buf bytes.Buffer
	if body != nil {
		json.NewEncoder(&buf).Encode(body)
	}
	req, _ := http.NewRequest(method, "http://"+addr+path, &buf)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	if resp.StatusCode >= 300 {
		t.Fatalf("%s %s: %d %v", method, path, resp.StatusCode, out)
	}
	return out
}
