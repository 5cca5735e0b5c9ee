package app_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestFunctionsRefuseToStartWithoutTheirSettings builds two functions (answers starts
// through app.Main, mail through its own main) and starts each with a bad or missing
// setting: it must exit non-zero before serving, naming the variable.
func TestFunctionsRefuseToStartWithoutTheirSettings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds two functions")
	}
	t.Parallel()
	bin := t.TempDir()
	for _, fn := range []string{"answers", "mail"} {
		out, err := exec.Command("go", "build", "-o", filepath.Join(bin, fn), "../../functions/"+fn).CombinedOutput()
		if err != nil {
			t.Fatalf("building %s: %v\n%s", fn, err, out)
		}
	}
	cases := []struct {
		fn   string
		env  []string
		want []string // in the error
	}{
		{"answers", nil, []string{"answers:", "TABLE_NAME is not set"}},
		{"answers", []string{"TABLE_NAME=t", "LOG_LEVEL=verbose"}, []string{"LOG_LEVEL"}},
		{"answers", []string{"TABLE_NAME=t", "PUBLIC_URL=shortlist.example"}, []string{"PUBLIC_URL"}},
		{"mail", nil, []string{"mail:", "EMAIL_FROM, EMAIL_CONFIGURATION_SET are not set"}},
		{"mail", []string{"EMAIL_FROM=shortlist", "EMAIL_CONFIGURATION_SET=c"}, []string{"EMAIL_FROM"}},
	}
	for _, tc := range cases {
		cmd := exec.Command(filepath.Join(bin, tc.fn))
		cmd.Env = append([]string{"PATH=" + os.Getenv("PATH")}, tc.env...)
		out, err := cmd.CombinedOutput()
		if code := cmd.ProcessState.ExitCode(); err == nil || code != 1 {
			t.Errorf("%s %v: exit %d (%v), want 1\n%s", tc.fn, tc.env, code, err, out)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(string(out), w) {
				t.Errorf("%s %v: %q does not say %q", tc.fn, tc.env, out, w)
			}
		}
	}
}
