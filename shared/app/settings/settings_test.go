package settings_test

import (
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/settings"
	"shortlist/shared/identity"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/table"
)

func TestConfigFromEnv(t *testing.T) {
	t.Parallel()
	full := map[string]string{
		table.EnvName: "shortlist", settings.EnvReportsBucket: "reports", settings.EnvPublicURL: "https://shortlist.example/",
		settings.EnvOriginSecret: "s3cret", identity.EnvPool: "eu-west-1_abc", identity.EnvClient: "client",
		settings.EnvEmailFrom: "Shortlist <no-reply@mail.shortlist.example>", settings.EnvEmailConfigSet: "shortlist",
		settings.EnvScheduleGroup: "timers", settings.EnvScheduleRole: "arn:aws:iam::1:role/timers", settings.EnvMailFunction: "mail",
		settings.EnvLogLevel: "debug", settings.EnvRegion: "eu-west-1", settings.EnvAccessKeyID: "AKIA",
		settings.EnvSecretAccessKey: "secret", settings.EnvSessionToken: "token",
	}
	cases := []struct {
		name    string
		env     map[string]string
		want    settings.Config
		wantErr string // a part of the error; it names the variable
	}{
		{name: "nothing set: defaults", env: nil, want: settings.Config{LogLevel: slog.LevelInfo}},
		{name: "everything", env: full, want: settings.Config{
			Table: "shortlist", ReportsBucket: "reports", PublicURL: "https://shortlist.example", OriginSecret: "s3cret",
			Identity:  identity.Config{Region: "eu-west-1", UserPoolID: "eu-west-1_abc", ClientID: "client"},
			EmailFrom: "Shortlist <no-reply@mail.shortlist.example>", EmailConfigSet: "shortlist",
			ScheduleGroup: "timers", ScheduleRole: "arn:aws:iam::1:role/timers", MailFunction: "mail", LogLevel: slog.LevelDebug,
			AWS: settings.AWS{Region: "eu-west-1", AccessKeyID: "AKIA", SecretAccessKey: "secret", SessionToken: "token"},
		}},
		{name: "region from AWS_DEFAULT_REGION", env: map[string]string{settings.EnvDefaultRegion: "eu-south-2"},
			want: settings.Config{AWS: settings.AWS{Region: "eu-south-2"}}},
		{name: "local endpoints", env: map[string]string{settings.EnvDynamoEndpoint: "http://127.0.0.1:8000", settings.EnvS3Endpoint: "http://127.0.0.1:9000"},
			want: settings.Config{AWS: settings.AWS{DynamoEndpoint: "http://127.0.0.1:8000", S3Endpoint: "http://127.0.0.1:9000"}}},
		{name: "log level in capitals", env: map[string]string{settings.EnvLogLevel: "WARN"}, want: settings.Config{LogLevel: slog.LevelWarn}},
		{name: "unknown log level", env: map[string]string{settings.EnvLogLevel: "verbose"}, wantErr: "LOG_LEVEL"},
		{name: "public URL with a path", env: map[string]string{settings.EnvPublicURL: "https://shortlist.example/app"}, wantErr: "PUBLIC_URL"},
		{name: "public URL without a scheme", env: map[string]string{settings.EnvPublicURL: "shortlist.example"}, wantErr: "PUBLIC_URL"},
		{name: "sender not an address", env: map[string]string{settings.EnvEmailFrom: "shortlist"}, wantErr: "EMAIL_FROM"},
		{name: "endpoint not a URL", env: map[string]string{settings.EnvDynamoEndpoint: "127.0.0.1:8000"}, wantErr: "AWS_ENDPOINT_URL_DYNAMODB"},
		{name: "pool without its client", env: map[string]string{identity.EnvPool: "eu-west-1_abc", settings.EnvRegion: "eu-west-1"}, wantErr: identity.EnvClient},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := settings.ConfigFromEnv(func(k string) string { return tc.env[k] })
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v, want one naming %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// TestCheck: each function names every variable it cannot start without, in one error.
func TestCheck(t *testing.T) {
	t.Parallel()
	cases := []struct {
		function string
		env      map[string]string
		missing  []string // empty: no error
	}{
		{function: api.FnCatalog},
		{function: api.FnAnswers, missing: []string{table.EnvName}},
		{function: api.FnAnswers, env: map[string]string{table.EnvName: "t"}},
		{function: api.FnHR, env: map[string]string{table.EnvName: "t"}, missing: []string{settings.EnvReportsBucket}},
		{function: api.FnAuth, env: map[string]string{table.EnvName: "t"}, missing: []string{identity.EnvPool, identity.EnvClient}},
		{function: api.FnAuth, env: map[string]string{table.EnvName: "t", identity.EnvClient: "c"}, missing: []string{identity.EnvPool}},
		{function: "notify", env: map[string]string{table.EnvName: "t", settings.EnvScheduleGroup: "g"}, missing: []string{settings.EnvScheduleRole}},
		{function: "mail", missing: []string{settings.EnvEmailFrom, settings.EnvEmailConfigSet}},
		{function: "mail", env: map[string]string{settings.EnvEmailFrom: "no-reply@x.example", settings.EnvEmailConfigSet: "c"}},
	}
	for _, tc := range cases {
		cfg, err := settings.ConfigFromEnv(func(k string) string { return tc.env[k] })
		if err != nil {
			t.Fatal(err)
		}
		err = cfg.Check(tc.function)
		if len(tc.missing) == 0 {
			if err != nil {
				t.Errorf("%s %v: %v", tc.function, tc.env, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s %v: no error, want one naming %v", tc.function, tc.env, tc.missing)
			continue
		}
		for _, name := range tc.missing {
			if !strings.Contains(err.Error(), name) {
				t.Errorf("%s: %q does not name %s", tc.function, err, name)
			}
		}
		for name := range tc.env {
			if strings.Contains(err.Error(), name+" ") || strings.Contains(err.Error(), name+",") {
				t.Errorf("%s: %q names %s, which is set", tc.function, err, name)
			}
		}
	}
	if err := (settings.Config{}).Check("nope"); err == nil {
		t.Error("an unknown function passed the check")
	}
}

// TestEveryFunction: every deployed function has its requirements listed, and every name
// the adapters are asked for through Lookup is one of the standard ones.
func TestEveryFunction(t *testing.T) {
	t.Parallel()
	for name := range app.FunctionMemoryMB {
		if err := (settings.Config{}).Check(name); err != nil && strings.Contains(err.Error(), "no function") {
			t.Errorf("%s: %v", name, err)
		}
	}
	for name := range settings.Functions() {
		if _, ok := app.FunctionMemoryMB[name]; !ok {
			t.Errorf("settings lists %s, which app.FunctionMemoryMB (the deployed functions) does not", name)
		}
	}
}

// TestNames: the names other packages read the same variables by are the ones parsed here.
func TestNames(t *testing.T) {
	t.Parallel()
	for _, n := range []struct{ theirs, ours string }{
		{dynamo.EnvEndpoint, settings.EnvDynamoEndpoint},
	} {
		if n.theirs != n.ours {
			t.Errorf("%s is read as %s elsewhere", n.ours, n.theirs)
		}
	}
}

// TestLookup: what a constructor reads through Config.Lookup is what was parsed, for
// every variable ConfigFromEnv reads.
func TestLookup(t *testing.T) {
	t.Parallel()
	env := map[string]string{
		table.EnvName: "shortlist", settings.EnvReportsBucket: "reports", settings.EnvPublicURL: "https://shortlist.example",
		settings.EnvOriginSecret: "s3cret", identity.EnvPool: "p", identity.EnvClient: "c", identity.EnvEndpoint: "http://127.0.0.1:9229",
		settings.EnvEmailFrom: "a@b.example", settings.EnvEmailConfigSet: "cs", settings.EnvScheduleGroup: "g", settings.EnvScheduleRole: "r",
		settings.EnvMailFunction: "mail", settings.EnvLogLevel: "error", settings.EnvRegion: "eu-west-1", settings.EnvAccessKeyID: "k",
		settings.EnvSecretAccessKey: "s", settings.EnvSessionToken: "t", settings.EnvDynamoEndpoint: "http://127.0.0.1:8000",
		settings.EnvS3Endpoint: "http://127.0.0.1:9000",
	}
	var read []string
	cfg, err := settings.ConfigFromEnv(func(k string) string { read = append(read, k); return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range read {
		if k == settings.EnvDefaultRegion {
			continue
		}
		if !slices.Contains(slices.Collect(maps.Keys(env)), k) {
			t.Errorf("ConfigFromEnv reads %s, which this test does not set", k)
		}
	}
	for k, v := range env {
		if got := cfg.Lookup(k); got != v {
			t.Errorf("Lookup(%s) = %q, want %q", k, got, v)
		}
	}
}
