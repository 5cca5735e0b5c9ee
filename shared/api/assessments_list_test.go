package api_test

import (
	"fmt"
	"testing"
	"time"

	"shortlist/shared/assess"
)

type listedProgress struct {
	Status                      string
	Invited, Completed          int64
	InvitesUntil, SessionsUntil *time.Time
}

// progressOf lists the assessments and returns the progress of one (nil when null).
func (st *stack) progressOf(aid string) *listedProgress {
	st.t.Helper()
	var out struct {
		Assessments []struct {
			ID       string
			Progress *listedProgress
		}
	}
	st.must(st.call("GET", "/v1/assessments", st.key, nil), 200).decode(st.t, &out)
	for _, a := range out.Assessments {
		if a.ID == aid {
			return a.Progress
		}
	}
	st.t.Fatalf("assessment %s not listed", aid)
	return nil
}

func wantProgress(t *testing.T, step string, p *listedProgress, status string, inv, cmp int64) {
	t.Helper()
	if p == nil {
		t.Fatalf("%s: progress is null", step)
	}
	if p.Status != status || p.Invited != inv || p.Completed != cmp {
		t.Fatalf("%s: %s %d/%d, want %s %d/%d", step, p.Status, p.Invited, p.Completed, status, inv, cmp)
	}
}

// The list of assessments says where each one's candidates stand, from counts kept as
// they move on: invited and completed (a start, a second completion and scoring add
// nothing), an erasure taken off, and a status that follows the clock once every invite
// and the sessions opened with them have run out.
func TestAssessmentListProgress(t *testing.T) {
	for name, open := range repos(t) {
		t.Run(name, func(t *testing.T) {
			repo := open(t)
			st := newStack(t, repo, seedOrg(repo))
			aid := st.createAssessment("sales-back-office")
			p := st.progressOf(aid)
			wantProgress(t, "new", p, assess.ProgressEmpty, 0, 0)
			if p.InvitesUntil != nil || p.SessionsUntil != nil {
				t.Errorf("invitesUntil and sessionsUntil before any invite: %v %v", p.InvitesUntil, p.SessionsUntil)
			}

			inv := st.invite(aid, "Ana Pérez", "Bruno Díaz", "Carla Núñez")
			p = st.progressOf(aid)
			wantProgress(t, "invited", p, assess.ProgressOpen, 3, 0)
			if want := st.clock.Now().Add(14 * 24 * time.Hour); p.InvitesUntil == nil || p.InvitesUntil.Sub(want).Abs() > time.Minute {
				t.Errorf("invitesUntil %v, want about %v", p.InvitesUntil, want)
			} else if p.SessionsUntil == nil || !p.SessionsUntil.Equal(p.InvitesUntil.Add(assess.SessionLifetime)) {
				t.Errorf("sessionsUntil %v, want invitesUntil + %v", p.SessionsUntil, assess.SessionLifetime)
			}

			// Ana completes (and is scored in line); Bruno starts and stops.
			ana := st.start(inviteToken(inv[0].Link))
			for n := 1; n <= len(ana.session().Sections); n++ {
				sc := ana.startSection(n)
				ana.answer(n, sc, ids(sc), 20)
				st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), ana.token, nil), 200)
			}
			st.must(st.call("POST", "/v1/session/complete", ana.token, nil), 200)
			st.must(st.call("POST", "/v1/session/complete", ana.token, nil), 200) // again: counted once
			st.start(inviteToken(inv[1].Link))
			bruno := st.start(inviteToken(inv[1].Link)) // the same invite on another device: still one start
			bruno.startSection(1)
			wantProgress(t, "one done, one under way", st.progressOf(aid), assess.ProgressOpen, 3, 1)

			// Carla is erased: she leaves the counts.
			st.must(st.call("DELETE", "/v1/candidates/"+inv[2].CandidateID, st.key, nil), 200)
			wantProgress(t, "Carla erased", st.progressOf(aid), assess.ProgressOpen, 2, 1)

			// Past the invites' expiry a session (Bruno's) may still run; past the sessions'
			// lifetime too, the assessment is closed with Bruno never finished.
			st.clock.Advance(15 * 24 * time.Hour)
			wantProgress(t, "invites expired", st.progressOf(aid), assess.ProgressOpen, 2, 1)
			st.clock.Advance(assess.SessionLifetime)
			wantProgress(t, "all run out", st.progressOf(aid), assess.ProgressClosed, 2, 1)

			// Everyone invited completed: finished.
			other := st.createAssessment("sales-back-office")
			dora := st.start(inviteToken(st.invite(other, "Dora Gil")[0].Link))
			for n := 1; n <= len(dora.session().Sections); n++ {
				sc := dora.startSection(n)
				dora.answer(n, sc, ids(sc), 20)
				st.must(st.call("POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), dora.token, nil), 200)
			}
			st.must(st.call("POST", "/v1/session/complete", dora.token, nil), 200)
			wantProgress(t, "everyone done", st.progressOf(other), assess.ProgressFinished, 1, 1)
			wantProgress(t, "the first one unchanged", st.progressOf(aid), assess.ProgressClosed, 2, 1)
		})
	}
}
