package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildIsPortable runs scripts/build (which cdk.json runs before every synth) with
// stand-ins for the GNU-only forms a Mac lacks: a `stat` that rejects GNU's -c and a
// `du` that rejects -b. The build must not need them.
func TestBuildIsPortable(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds a function")
	}
	stubs := t.TempDir()
	for name, flag := range map[string]string{"stat": "-c", "du": "-b"} {
		script := "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in " + flag + "*) echo \"" + name + ": illegal option -- " + flag + " (BSD)\" >&2; exit 1;; esac; done\nexec /usr/bin/" + name + " \"$@\"\n"
		if err := os.WriteFile(filepath.Join(stubs, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	dist := t.TempDir()
	cmd := exec.Command("bash", "../scripts/build", "catalog")
	cmd.Env = append(os.Environ(), "PATH="+stubs+":"+os.Getenv("PATH"), "SHORTLIST_DIST="+dist)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/build with BSD-like stat and du: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "catalog") || !strings.Contains(string(out), "MB") {
		t.Errorf("no size line for catalog:\n%s", out)
	}
	if fi, err := os.Stat(filepath.Join(dist, "catalog", "bootstrap")); err != nil || fi.Size() < 1_000_000 {
		t.Errorf("bootstrap: %v %v", fi, err)
	}
	if _, err := os.Stat(filepath.Join(dist, "catalog", "catalog.zip")); err != nil {
		t.Error(err)
	}
}
