package api_test

import (
	"strings"
	"sync"
	"testing"

	"shortlist/shared/assess"
)

type inviteAnswer struct {
	Invited []struct {
		Name, Email, ExternalID string
		ExtraTime               float64
	}
	Rejected []struct {
		Row     int
		Message string
		Fields  map[string]string
	}
}

// A sheet saved by a Spanish-locale Excel as "CSV UTF-8": a byte-order mark, ";" between
// fields, Spanish headers, a decimal comma, an empty trailing line, and a row with an
// address and no name.
func TestInviteCSVSpanishExcel(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	body := "\ufeffNombre;Correo;ID externo;Tiempo extra\r\n" +
		"Ana Pérez;ana@example.com;A-1;\r\n" +
		"\"Núñez; Carla\";carla@example.com;A-2;1,5\r\n" +
		";luis.fernandez_soto@example.cl;A-3;\r\n" +
		";;;\r\n"
	var out inviteAnswer
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody(body)), 201).decode(t, &out)
	if len(out.Invited) != 3 || len(out.Rejected) != 0 {
		t.Fatalf("invited %+v, rejected %+v", out.Invited, out.Rejected)
	}
	want := []string{"Ana Pérez", "Núñez; Carla", "Luis Fernandez Soto"}
	for i, in := range out.Invited {
		if in.Name != want[i] {
			t.Errorf("row %d: name %q, want %q", i+1, in.Name, want[i])
		}
	}
	if out.Invited[1].ExtraTime != 1.5 || out.Invited[0].ExternalID != "A-1" || out.Invited[2].Email != "luis.fernandez_soto@example.cl" {
		t.Errorf("invited %+v", out.Invited)
	}
	// Excel's plain "CSV" is Windows-1252: the accents survive.
	latin := "Nombre,E-mail\nJos\xe9 Pe\xf1a,jose@example.com\n"
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody(latin)), 201).decode(t, &out)
	if len(out.Invited) != 1 || out.Invited[0].Name != "José Peña" {
		t.Errorf("Windows-1252: %+v", out.Invited)
	}
}

// A file with only addresses invites everyone, named after their address.
func TestInviteCSVEmailOnly(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	var out inviteAnswer
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody("email\nana.perez@x.cl\nJUAN-PABLO.rojas+cv@x.cl\n")), 201).decode(t, &out)
	if len(out.Invited) != 2 || out.Invited[0].Name != "Ana Perez" || out.Invited[1].Name != "Juan Pablo Rojas" {
		t.Errorf("invited %+v", out.Invited)
	}
	// Neither a name nor an email column: the header is what is wrong.
	r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody("externalId\nA-1\n"))
	if r.status != 400 || !strings.Contains(string(r.body), `"header"`) {
		t.Errorf("no name or email column: %d %s", r.status, r.body)
	}
	// JSON rows may leave the name out too.
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"candidates": []any{map[string]any{"email": "maria_jose.diaz@x.cl"}}}), 201).decode(t, &out)
	if len(out.Invited) != 1 || out.Invited[0].Name != "Maria Jose Diaz" {
		t.Errorf("JSON without a name: %+v", out.Invited)
	}
}

// The same address twice in one upload is reported on each later row, naming the first;
// a JSON list (all or none) names every repeated row.
func TestInviteDuplicateEmails(t *testing.T) {
	t.Parallel()
	repo := repos(t)["embedded"](t)
	st := newStack(t, repo, seedOrg(repo))
	aid := st.createAssessment("ecommerce-customer-support")
	var out inviteAnswer
	body := "name,email\nAna,ana@example.com\nBea,bea@example.com\nAna bis,ANA@example.com\nAna ter,ana@example.com\n"
	st.must(st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, csvBody(body)), 201).decode(t, &out)
	if len(out.Invited) != 2 || len(out.Rejected) != 2 {
		t.Fatalf("invited %+v, rejected %+v", out.Invited, out.Rejected)
	}
	for i, rj := range out.Rejected {
		if rj.Row != 3+i || !strings.Contains(rj.Fields["email"], "row 1") {
			t.Errorf("rejected %+v", rj)
		}
	}
	r := st.call("POST", "/v1/assessments/"+aid+"/invites", st.key, map[string]any{"candidates": []any{
		map[string]any{"name": "Ana", "email": "ana@example.com"},
		map[string]any{"name": "Ana", "email": "ana@example.com"},
		map[string]any{"name": "Bea", "email": "bea@example.com"},
		map[string]any{"name": "Bea", "email": "Bea@example.com"},
	}})
	var e apiError
	r.decode(t, &e)
	if r.status != 400 || !strings.Contains(e.Error.Fields["candidates[1].email"], "candidates[0]") ||
		!strings.Contains(e.Error.Fields["candidates[3].email"], "candidates[2]") || len(e.Error.Fields) != 2 {
		t.Errorf("JSON duplicates: %d %s", r.status, r.body)
	}
	// Nothing was stored by the rejected JSON list.
	var list struct{ Candidates []any }
	st.must(st.call("GET", "/v1/assessments/"+aid+"/candidates", st.key, nil), 200).decode(t, &list)
	if len(list.Candidates) != 2 {
		t.Errorf("%d candidates stored, want 2", len(list.Candidates))
	}
}

// Seventeen Start taps on one invite at once make one session: each answer is the
// session (201) or a 409 conflict saying it is open elsewhere, never a 5xx or the
// store's own words, and the winning token works.
func TestConcurrentStart(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			st := newStack(t, repo, seedOrg(repo))
			aid := st.createAssessment("ecommerce-customer-support")
			inv := st.invite(aid, "Ana Pérez")[0]
			tok := inviteToken(inv.Link)
			const n = 17
			replies := make([]reply, n)
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					replies[i] = st.call("POST", "/v1/sessions", "", map[string]any{"inviteToken": tok, "acknowledged": true, "noticeVersion": assess.NoticeVersion})
				}()
			}
			wg.Wait()
			var tokens []string
			for _, r := range replies {
				switch {
				case r.status == 201:
					var out struct{ SessionToken string }
					r.decode(t, &out)
					tokens = append(tokens, out.SessionToken)
				case r.status == 409 && r.errorCode() == "conflict" && strings.Contains(string(r.body), "another device"):
				default:
					t.Errorf("status %d: %s", r.status, r.body)
				}
				if strings.Contains(string(r.body), "item changed") {
					t.Errorf("the store's message reached the client: %s", r.body)
				}
			}
			if len(tokens) == 0 {
				t.Fatal("no Start succeeded")
			}
			ss, err := repo.Session(t.Context(), inv.CandidateID)
			if err != nil || ss.Status != assess.SessionActive {
				t.Fatalf("session: %+v %v", ss, err)
			}
			// Exactly one of the tokens handed out is the session's now: the last write's.
			working := 0
			for _, tk := range tokens {
				if st.call("GET", "/v1/session", tk, nil).status == 200 {
					working++
				}
			}
			if working != 1 {
				t.Errorf("%d of %d tokens work, want 1", working, len(tokens))
			}
			// Later, the invite resumes the one session as before.
			st.start(tok)
		})
	}
}
