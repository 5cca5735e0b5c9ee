package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSettingsValidate: every field's mistakes are caught with a message naming it.
func TestSettingsValidate(t *testing.T) {
	t.Parallel()
	cert := "arn:aws:acm:us-east-1:123456789012:certificate/abc-123"
	for name, tc := range map[string]struct {
		s       Settings
		wantErr string
	}{
		"dev needs nothing":             {Settings{Stage: "dev"}, ""},
		"prod needs an alarm email":     {Settings{Stage: "prod"}, "alarmEmail is required"},
		"a bad email":                   {Settings{Stage: "prod", AlarmEmail: "Ops <ops@example.com>"}, "alarmEmail"},
		"a certificate outside us-east": {Settings{Stage: "dev", Domain: &DomainSettings{Name: "a.example.com", CertificateARN: strings.Replace(cert, "us-east-1", "eu-west-1", 1)}}, "us-east-1"},
		"a bad host name":               {Settings{Stage: "dev", Domain: &DomainSettings{Name: "https://a.example.com", CertificateARN: cert}}, "domain.name"},
		"half a hosted zone":            {Settings{Stage: "dev", Domain: &DomainSettings{Name: "a.example.com", CertificateARN: cert, HostedZoneID: "Z1"}}, "hostedZoneName"},
		"a domain":                      {Settings{Stage: "dev", Domain: &DomainSettings{Name: "A.Example.com.", CertificateARN: cert}}, ""},
		"unknown throttle class":        {Settings{Stage: "dev", Throttles: map[string]Throttle{"admin": {1, 1}}}, "throttles.admin"},
		"burst below rate":              {Settings{Stage: "dev", Throttles: map[string]Throttle{"hr": {10, 5}}}, "burst"},
		"budget without email":          {Settings{Stage: "dev", MonthlyBudgetUSD: 10}, "needs alarmEmail"},
		"waf outside us-east-1":         {Settings{Stage: "dev", Region: "eu-west-1", WAFRateLimit: 1000}, "us-east-1"},
		"waf limit too low":             {Settings{Stage: "dev", Region: "us-east-1", WAFRateLimit: 5}, "10 to"},
		"bad region":                    {Settings{Stage: "dev", Region: "Europe"}, "region"},
		"bad account":                   {Settings{Stage: "dev", Account: "12345"}, "account"},
		"aws: tags are reserved":        {Settings{Stage: "dev", Tags: map[string]string{"aws:x": "y"}}, "tags"},
		"an email domain":               {Settings{Stage: "dev", Email: &EmailSettings{Domain: "Mail.Example.com."}}, ""},
		"a bad email domain":            {Settings{Stage: "dev", Email: &EmailSettings{Domain: "example"}}, "email.domain"},
		"a sender off the domain":       {Settings{Stage: "dev", Email: &EmailSettings{Domain: "mail.example.com", From: "no-reply@other.com"}}, "email.from"},
		"a named sender":                {Settings{Stage: "dev", Email: &EmailSettings{Domain: "mail.example.com", From: "Shortlist <a@mail.example.com>"}}, "email.from"},
	} {
		err := tc.s.validate()
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: err = %v, want %q", name, err, tc.wantErr)
		}
	}
	s := Settings{Stage: "staging", AlarmEmail: "a@example.com"}
	if err := s.validate(); err != nil || s.StackName != "Shortlist-staging" {
		t.Errorf("default stack name %q (%v)", s.StackName, err)
	}
	e := Settings{Stage: "dev", Email: &EmailSettings{Domain: "Mail.Example.com"}}
	if err := e.validate(); err != nil || e.Email.Domain != "mail.example.com" || e.Email.From != "no-reply@mail.example.com" {
		t.Errorf("email defaults: %+v (%v)", e.Email, err)
	}
}

// TestCheckedInSettings: the repository's settings files parse (prod's only once an alarm
// email is filled in, which is the point), and unknown fields are refused.
func TestCheckedInSettings(t *testing.T) {
	t.Parallel()
	if _, err := loadSettings("..", "dev"); err != nil {
		t.Errorf("settings/dev.json: %v", err)
	}
	if _, err := loadSettings("..", "prod"); err == nil || !strings.Contains(err.Error(), "alarmEmail is required") {
		t.Errorf("settings/prod.json as checked in: err = %v, want the alarm email asked for", err)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "settings"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "settings", "dev.json"), []byte(`{"alarmEmal": "a@example.com"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadSettings(dir, "dev"); err == nil || !strings.Contains(err.Error(), "alarmEmal") {
		t.Errorf("a misspelt field: err = %v", err)
	}
	if _, err := loadSettings(t.TempDir(), "dev"); err != nil {
		t.Errorf("a dev stage needs no file: %v", err)
	}
}
