package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"shortlist/shared/app/local"
	"shortlist/shared/app/settings"
	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
	"shortlist/shared/store"
)

// TestFirstOwner: `org create -owner` makes the organisation's first owner, a person who
// signs in: on the dev server's identity provider (the embedded store's data directory)
// and on a user pool named by COGNITO_POOL_ID (cognito-local here; the deployed stack's
// pool is found from its outputs the same way). The temporary password printed signs in
// and asks for a new one; the membership is an owner's.
func TestFirstOwner(t *testing.T) {
	type pool struct {
		env    map[string]string
		signIn func(t *testing.T, email, password string) error
	}
	pools := map[string]pool{"devidp": {env: map[string]string{}}}
	if ep := os.Getenv("SHORTLIST_COGNITO_ENDPOINT"); ep != "" {
		env := map[string]string{identity.EnvPool: os.Getenv("SHORTLIST_COGNITO_POOL_ID"), identity.EnvClient: os.Getenv("SHORTLIST_COGNITO_CLIENT_ID"),
			identity.EnvEndpoint: ep, "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local", "AWS_REGION": "us-east-1"}
		pools["cognito-local"] = pool{env: env, signIn: func(t *testing.T, email, password string) error {
			cfg, _ := awsenv.Config(func(k string) string { return env[k] }, true, 0, 0)
			p, err := cognito.NewProvider(cfg, identity.Config{Region: "us-east-1", UserPoolID: env[identity.EnvPool], ClientID: env[identity.EnvClient], Endpoint: ep})
			if err != nil {
				return err
			}
			res, err := p.SignIn(context.Background(), email, password)
			if err != nil {
				return err
			}
			if res.Challenge == nil || res.Challenge.Name != identity.ChallengeNewPassword {
				return errors.New("no new-password challenge")
			}
			return nil
		}}
	} else if os.Getenv("CI") != "" {
		t.Fatal("SHORTLIST_COGNITO_ENDPOINT is not set in CI: ./scripts/test starts cognito-local")
	}
	for name, pl := range pools {
		t.Run(name, func(t *testing.T) {
			for k, v := range pl.env {
				t.Setenv(k, v)
			}
			dir := t.TempDir()
			email := "owner-" + strings.ToLower(assess.NewID()[:6]) + "@example.com"
			var out bytes.Buffer
			if err := run(context.Background(), []string{"-data", dir, "org", "create", "Acme", "-owner", email}, os.Getenv, &out); err != nil {
				t.Fatalf("%v\n%s", err, out.String())
			}
			org := regexp.MustCompile(`organisation ([a-z2-7]{26})`).FindStringSubmatch(out.String())
			pw := regexp.MustCompile(`temporary password \(shown once[^:]*: (\S+)`).FindStringSubmatch(out.String())
			if org == nil || pw == nil || !strings.Contains(out.String(), email+": owner of organisation "+org[1]) {
				t.Fatalf("output %q", out.String())
			}
			if pl.signIn != nil {
				if err := pl.signIn(t, email, pw[1]); err != nil {
					t.Fatalf("signing in with the printed password: %v", err)
				}
			} else {
				idp, err := devidp.New(devidp.DevPool, devidp.DevClient, devidp.WithFile(filepath.Join(dir, "identity.json")))
				if err != nil {
					t.Fatal(err)
				}
				if _, ok := idp.UserID(email); !ok {
					t.Fatal("no account in the dev server's identity provider")
				}
			}
			tbl, closeTable, err := local.Table(context.Background(), settings.Config{}, dir)
			if err != nil {
				t.Fatal(err)
			}
			members, err := store.New(tbl).Members(context.Background(), org[1])
			if err != nil || len(members) != 1 || members[0].Email != email || members[0].Role != assess.RoleOwner {
				t.Fatalf("members %+v %v", members, err)
			}
			// A second person, with a role.
			out.Reset()
			closeTable()
			if err := run(context.Background(), []string{"-data", dir, "person", "add", org[1], "Luis@Example.com", "-role", "viewer"}, os.Getenv, &out); err != nil ||
				!strings.Contains(out.String(), "luis@example.com: viewer of organisation") {
				t.Fatalf("person add: %v %s", err, out.String())
			}
		})
	}
}
