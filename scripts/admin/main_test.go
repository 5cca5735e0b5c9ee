package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
)

func TestAdminOrgAndKeys(t *testing.T) {
	dir := t.TempDir()
	env := func(string) string { return "" }
	admin := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append([]string{"-data", dir}, args...), env, &out)
		return out.String(), err
	}
	out, err := admin("org", "create", "Acme Hiring")
	if err != nil {
		t.Fatal(err)
	}
	org := regexp.MustCompile(`organisation ([a-z2-7]{26})`).FindStringSubmatch(out)
	key := regexp.MustCompile(`API key \(shown once\): (slk_\S{43})`).FindStringSubmatch(out)
	if org == nil || key == nil {
		t.Fatalf("output %q", out)
	}
	out, err = admin("key", "create", org[1], "-label", "ci")
	if err != nil {
		t.Fatal(err)
	}
	second := regexp.MustCompile(`key id ([a-z2-7]{26})`).FindStringSubmatch(out)
	list, err := admin("key", "list", org[1])
	if err != nil || strings.Count(list, "active") != 2 || !strings.Contains(list, "ci") || strings.Contains(list, key[1]) {
		t.Fatalf("list %q %v (a key's secret must never be listed)", list, err)
	}
	if _, err := admin("key", "revoke", org[1], second[1]); err != nil {
		t.Fatal(err)
	}
	list, _ = admin("key", "list", org[1])
	if strings.Count(list, "active") != 1 || !strings.Contains(list, "revoked") {
		t.Errorf("after revoke: %q", list)
	}
	for _, bad := range [][]string{{}, {"org"}, {"key", "create", "nosuchorg"}, {"org", "create", ""}} {
		if _, err := admin(bad...); err == nil {
			t.Errorf("admin %v succeeded", bad)
		}
	}
}
