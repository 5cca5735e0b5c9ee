package api_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
	"shortlist/shared/awsenv"
	"shortlist/shared/identity"
	"shortlist/shared/identity/cognito"
	"shortlist/shared/identity/devidp"
)

// capturing stands between the team and the identity provider to learn the temporary
// password an invitation sends (Cognito would email it; the test reads it here).
type capturing struct {
	assess.Directory
	mu   sync.Mutex
	sent map[string]string
}

func (c *capturing) Invite(ctx context.Context, email, temporaryPassword string) (string, error) {
	c.mu.Lock()
	c.sent[email] = temporaryPassword
	c.mu.Unlock()
	return c.Directory.Invite(ctx, email, temporaryPassword)
}

func (c *capturing) password(email string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sent[email]
}

// pools are the user pools people sign in with in these tests: the development provider
// always, and cognito-local (scripts/services/cognito-local) when it runs; in CI it must.
func pools(t *testing.T) map[string]identity.Config {
	t.Helper()
	out := map[string]identity.Config{}
	idp, err := devidp.New("local_test", "console-test")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(idp)
	t.Cleanup(srv.Close)
	out["devidp"] = identity.Config{Region: "us-east-1", UserPoolID: "local_test", ClientID: "console-test", Endpoint: srv.URL}
	if ep := os.Getenv("SHORTLIST_COGNITO_ENDPOINT"); ep != "" {
		out["cognito-local"] = identity.Config{Region: "us-east-1", UserPoolID: os.Getenv("SHORTLIST_COGNITO_POOL_ID"),
			ClientID: os.Getenv("SHORTLIST_COGNITO_CLIENT_ID"), Endpoint: ep}
	} else if os.Getenv("CI") != "" {
		t.Fatal("SHORTLIST_COGNITO_ENDPOINT is not set in CI: ./scripts/test starts cognito-local")
	}
	return out
}

// TestPeopleSignIn walks the life of an HR person through the API, on each pool: the
// first owner sets a password at first sign-in and is signed in with a refresh cookie;
// they invite a recruiter, who signs in with the emailed temporary password, chooses a
// new one and may do what a recruiter may and no more; a role change and a removal take
// effect on the very next request; the last owner cannot stop being one; the audit log
// names people by email; sign-out ends the refresh.
func TestPeopleSignIn(t *testing.T) {
	for name, cfg := range pools(t) {
		t.Run(name, func(t *testing.T) {
			awsCfg, err := awsenv.Config(func(string) string { return "" }, true, 0, 0)
			if err != nil {
				t.Fatal(err)
			}
			p, err := cognito.NewProvider(awsCfg, cfg)
			if err != nil {
				t.Fatal(err)
			}
			v, err := identity.NewVerifier(cfg)
			if err != nil {
				t.Fatal(err)
			}
			dir := &capturing{Directory: cognito.Directory{P: p}, sent: map[string]string{}}
			repo := repos(t)["embedded"](t)
			st := newStackWith(t, repo, seedOrg(repo), &clock{now: time.Now().UTC()}, api.Limits{Off: true}, func(d *api.Deps) {
				d.Accounts, d.Verifier, d.Team.Directory = p, v, dir
			})
			jar, _ := cookiejar.New(nil)
			st.client = &http.Client{Jar: jar}
			ctx := context.Background()
			suffix := strings.ToLower(assess.NewID()[:8])

			// The first owner, as scripts/admin makes one: an account and a membership.
			ownerEmail := "owner-" + suffix + "@example.com"
			ownerID, err := dir.Invite(ctx, ownerEmail, assess.TemporaryPassword())
			if err != nil {
				t.Fatal(err)
			}
			if err := repo.CreateMember(ctx, assess.Member{UserID: ownerID, OrgID: st.orgID, Email: ownerEmail, Role: assess.RoleOwner,
				Status: assess.MemberInvited, CreatedAt: time.Now(), InvitedBy: assess.SystemActor}); err != nil {
				t.Fatal(err)
			}
			ownerToken := signInFirstTime(t, st, ownerEmail, dir.password(ownerEmail), "Owner-Pass-2026!x")
			var me api.Me
			st.must(st.call("GET", "/v1/me", ownerToken, nil), 200).decode(t, &me)
			if me.Kind != "user" || me.Name != ownerEmail || me.Role != assess.RoleOwner || me.Organisation.ID != st.orgID {
				t.Fatalf("me: %+v", me)
			}

			// Wrong passwords and unknown people read the same.
			bad := st.call("POST", "/v1/auth/sign-in", "", map[string]string{"email": ownerEmail, "password": "Nope-Nope-2026!"})
			unknown := st.call("POST", "/v1/auth/sign-in", "", map[string]string{"email": "nobody-" + suffix + "@example.com", "password": "Nope-Nope-2026!"})
			if bad.status != 401 || unknown.status != 401 || bad.errorCode() != unknown.errorCode() {
				t.Errorf("wrong password %d %s / unknown person %d %s: want the same 401", bad.status, bad.body, unknown.status, unknown.body)
			}

			// The owner invites a recruiter, who signs in and may do what a recruiter may.
			recEmail := "rec-" + suffix + "@example.com"
			var m api.MemberJSON
			st.must(st.call("POST", "/v1/team", ownerToken, map[string]string{"email": recEmail, "role": "recruiter"}), 201).decode(t, &m)
			if m.Status != "invited" || m.InvitedBy.Label != ownerEmail {
				t.Fatalf("invited: %+v", m)
			}
			st.must(st.call("POST", "/v1/team", ownerToken, map[string]string{"email": recEmail, "role": "viewer"}), 409)
			recToken := signInFirstTime(t, st, recEmail, dir.password(recEmail), "Recruiter-Pass-2026!x")
			aid := st.createAssessmentWith(recToken, "sales-back-office")
			st.must(st.call("PUT", "/v1/organisation", recToken, map[string]any{"retentionDays": 90}), 403)
			// A decision records who made it, whatever name is typed.
			cand := st.invite(aid, "Ana Pérez")[0]
			var dec struct{ Reviewer string }
			st.must(st.call("POST", "/v1/assessments/"+aid+"/candidates/"+cand.CandidateID+"/decision", recToken,
				map[string]string{"decision": "advance", "reviewer": "Someone Else", "note": "Clear answers in the work sample"}), 201).decode(t, &dec)
			if dec.Reviewer != recEmail {
				t.Errorf("the decision's reviewer is %q, want the person who decided (%s)", dec.Reviewer, recEmail)
			}
			st.must(st.call("GET", "/v1/team", recToken, nil), 403)

			// A role change applies to the next request, with the same token.
			st.must(st.call("PUT", "/v1/team/"+m.UserID, ownerToken, map[string]string{"role": "viewer"}), 200)
			st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", recToken, map[string]any{"candidates": []map[string]string{{"name": "Ana"}}}), 403)
			st.must(st.call("GET", "/v1/assessments/"+aid, recToken, nil), 200)

			// The last owner stays an owner; the audit log names people.
			st.must(st.call("PUT", "/v1/team/"+ownerID, ownerToken, map[string]string{"role": "viewer"}), 409)
			var audit struct {
				Events []struct{ Actor, Action string }
			}
			st.must(st.call("GET", "/v1/audit", ownerToken, nil), 200).decode(t, &audit)
			named := false
			for _, e := range audit.Events {
				if e.Action == "member.invite" && strings.HasSuffix(e.Actor, " "+ownerEmail) {
					named = true
				}
			}
			if !named {
				t.Errorf("the audit log does not name the owner who invited: %+v", audit.Events)
			}

			// Removed: the next request with the same token is refused.
			st.must(st.call("DELETE", "/v1/team/"+m.UserID, ownerToken, nil), 204)
			if r := st.call("GET", "/v1/assessments", recToken, nil); r.status != 401 {
				t.Errorf("a removed person's token: %d %s, want 401", r.status, r.body)
			}
			if r := st.call("POST", "/v1/auth/sign-in", "", map[string]string{"email": recEmail, "password": "Recruiter-Pass-2026!x"}); r.status != 401 {
				t.Errorf("a removed person signs in: %d %s", r.status, r.body)
			}

			// A fresh sign-in (no challenge) refreshes from its cookie; sign-out ends it.
			jar2, _ := cookiejar.New(nil)
			st.client = &http.Client{Jar: jar2}
			st.must(st.call("POST", "/v1/auth/sign-in", "", map[string]string{"email": ownerEmail, "password": "Owner-Pass-2026!x"}), 200)
			var refreshed api.SignInResponse
			st.must(st.call("POST", "/v1/auth/refresh", "", nil), 200).decode(t, &refreshed)
			if refreshed.Status != "signed_in" || refreshed.Me == nil || refreshed.Me.Role != assess.RoleOwner {
				t.Fatalf("refresh: %+v", refreshed)
			}
			st.must(st.call("GET", "/v1/me", refreshed.AccessToken, nil), 200)
			// An expired or forged token is a 401 on the sign-in routes too (the console
			// renews and retries on a 401, not on a 503).
			st.must(st.call("POST", "/v1/auth/mfa", "eyJhbGciOiJSUzI1NiJ9.e30.c2ln", nil), 401)
			st.must(st.call("POST", "/v1/auth/sign-out", "", nil), 204)
			st.must(st.call("POST", "/v1/auth/refresh", "", nil), 401)
		})
	}
}

// signInFirstTime signs in with a temporary password, answers the new-password challenge
// and returns the access token; the refresh token arrives as an HttpOnly cookie.
func signInFirstTime(t *testing.T, st *stack, email, temporary, chosen string) string {
	t.Helper()
	if temporary == "" {
		t.Fatalf("no temporary password was sent to %s", email)
	}
	var step api.SignInResponse
	st.must(st.call("POST", "/v1/auth/sign-in", "", map[string]string{"email": email, "password": temporary}), 200).decode(t, &step)
	if step.Status != "challenge" || step.Challenge != "new_password" {
		t.Fatalf("first sign-in of %s: %+v, want the new-password challenge", email, step)
	}
	weak := st.call("POST", "/v1/auth/challenge", "", map[string]string{"challenge": "new_password", "session": step.Session,
		"username": step.Username, "email": email, "newPassword": ""})
	if weak.status != 400 {
		t.Errorf("an empty new password: %d %s", weak.status, weak.body)
	}
	r := st.must(st.call("POST", "/v1/auth/challenge", "", map[string]string{"challenge": "new_password", "session": step.Session,
		"username": step.Username, "email": email, "newPassword": chosen}), 200)
	var done api.SignInResponse
	r.decode(t, &done)
	if done.Status != "signed_in" || done.AccessToken == "" || done.Me == nil || done.Me.Name != email {
		t.Fatalf("after the new password: %+v", done)
	}
	if c := r.header.Get("Set-Cookie"); !strings.Contains(c, "shortlist_refresh=") || !strings.Contains(c, "HttpOnly") ||
		!strings.Contains(c, "SameSite=Strict") || !strings.Contains(c, "Path=/v1/auth") {
		t.Errorf("refresh cookie %q: want HttpOnly, SameSite=Strict, Path=/v1/auth", c)
	}
	if strings.Contains(string(r.body), "refresh") {
		t.Errorf("the refresh token is in the body: %s", r.body)
	}
	return done.AccessToken
}
