package app_test

import (
	"strings"
	"testing"

	"shortlist/shared/app"
)

// The webhook URL refusals are sentences for the person who typed the URL: which rule it
// broke, never the library's error chain.
func TestWebhookURLRefusalsAreReadable(t *testing.T) {
	t.Parallel()
	k := app.WebhookKit{}
	for url, want := range map[string]string{
		"http://hooks.example.com/x":   "https://",
		"https://127.0.0.1/x":          "public address",
		"https://10.1.2.3/x":           "public address",
		"https://user:pw@example.com/": "no user name",
		"https://hooks.example.com/ok": "",
	} {
		err := k.CheckURL(url)
		switch {
		case want == "" && err != nil:
			t.Errorf("%s: %v", url, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "webhook:")):
			t.Errorf("%s: %v, want a sentence mentioning %q", url, err, want)
		}
	}
}
