package api_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"shortlist/shared/api"
	"shortlist/shared/assess"
)

// TestRoleSweep calls every HR route of the routing table with an API key of each role:
// below the route's least role the answer is 403 "forbidden" (and nothing happens), at or
// above it the route is reached (never 401 or 403). Every HR route declares a role.
func TestRoleSweep(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	keys := map[assess.Role]string{}
	for _, role := range assess.Roles {
		k, secret, err := assess.NewAPIKey(st.orgID, string(role)+" integration", "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		k.Role = role
		if err := repo.CreateAPIKey(context.Background(), k); err != nil {
			t.Fatal(err)
		}
		keys[role] = secret
	}
	aid := st.createAssessment("sales-back-office")
	inv := st.invite(aid, "Ana Pérez")
	var rep struct{ Reports []struct{ ReportID string } }
	st.must(st.call("POST", "/v1/assessments/"+aid+"/reports", st.key, nil), 201).decode(t, &rep)
	// A person to change and remove, and a key to revoke (not one the sweep calls with).
	person := assess.Member{UserID: "0b6c5d1e-7f3a-4c2b-9d8e-1a2b3c4d5e6f", OrgID: st.orgID, Email: "luis@example.com",
		Role: assess.RoleViewer, Status: assess.MemberActive, CreatedAt: time.Now(), InvitedBy: assess.SystemActor}
	if err := repo.CreateMember(context.Background(), person); err != nil {
		t.Fatal(err)
	}
	spare, _, err := assess.NewAPIKey(st.orgID, "spare", "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := repo.CreateAPIKey(context.Background(), spare); err != nil {
		t.Fatal(err)
	}
	// A webhook endpoint with one delivery, to list, rotate, replay and delete.
	var hook struct{ Webhook struct{ WebhookID string } }
	st.must(st.call("POST", "/v1/webhooks", st.key, map[string]any{"url": "https://ats.example.com/shortlist"}), 201).decode(t, &hook)
	hid := hook.Webhook.WebhookID
	ev := assess.HookEvent{Type: assess.HookScored, At: time.Now().UTC(), OrgID: st.orgID, AssessmentID: aid, CandidateID: inv[0].CandidateID}
	hooks := &assess.Webhooks{Repo: repo}
	if err := hooks.Emit(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	ds, _, err := repo.Deliveries(context.Background(), st.orgID, hid, "", 10)
	if err != nil || len(ds) != 1 {
		t.Fatalf("deliveries %v %v", ds, err)
	}
	ids := map[string]string{"assessmentId": aid, "candidateId": inv[0].CandidateID, "reportId": rep.Reports[0].ReportID,
		"userId": person.UserID, "keyId": spare.ID, "webhookId": hid, "deliveryId": ds[0].ID}

	swept := map[assess.Role]int{}
	var erase []func()
	for _, rt := range api.Routes {
		if rt.Function != api.FnHR && !rt.Role.Valid() {
			continue // the catalog, the candidate's routes, and signing in
		}
		if !rt.Role.Valid() {
			t.Errorf("%s %s is an HR route without a role in the routing table", rt.Method, rt.Pattern)
			continue
		}
		path := regexp.MustCompile(`\{(\w+)\}`).ReplaceAllStringFunc(rt.Pattern, func(m string) string { return ids[strings.Trim(m, "{}")] })
		var body any
		if rt.Method == "POST" || rt.Method == "PUT" {
			body = map[string]any{}
		}
		switch rt.Op { // bodies that reach the route (the sweep checks access, not validation)
		case "changeRole":
			body = map[string]string{"role": "viewer"}
		case "createKey":
			body = map[string]string{"label": "swept", "role": "viewer"}
		}
		for _, role := range assess.Roles {
			if role.AtLeast(rt.Role) {
				continue
			}
			r := st.call(rt.Method, path, keys[role], body)
			if r.status != 403 || r.errorCode() != "forbidden" || !strings.Contains(string(r.body), string(rt.Role)) {
				t.Errorf("%s %s with a %s key: %d %s, want 403 forbidden naming %s", rt.Method, path, role, r.status, r.body, rt.Role)
			}
			swept[role]++
		}
		for _, role := range assess.Roles {
			if !role.AtLeast(rt.Role) {
				continue
			}
			role := role
			check := func() {
				r := st.call(rt.Method, path, keys[role], body)
				if r.status == 401 || r.status == 403 || r.status == 404 || r.status >= 500 {
					t.Errorf("%s %s with a %s key: %d %s, want the route reached", rt.Method, path, role, r.status, r.body)
				}
			}
			if rt.Method == "DELETE" {
				erase = append(erase, check) // the erasure goes last, once
				break
			}
			check()
		}
	}
	for _, check := range erase {
		check()
	}
	if swept[assess.RoleViewer] < 13 || swept[assess.RoleRecruiter] < 10 {
		t.Fatalf("refusals swept: %v", swept)
	}
	// A viewer key cannot decide or erase, and the candidate is still there after it tried.
	viewer := keys[assess.RoleViewer]
	if r := st.call("POST", "/v1/assessments/"+aid+"/candidates/"+inv[0].CandidateID+"/decision", viewer,
		map[string]any{"decision": "advance", "reviewer": "x", "note": "x"}); r.status != 403 {
		t.Errorf("a viewer decided: %d %s", r.status, r.body)
	}
}
