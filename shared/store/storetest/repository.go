package storetest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/scoring"
	"shortlist/shared/store"
)

// RunRepository runs the repository over tables made by newTable: the promises the
// journey and scoring rely on, on every adapter.
func RunRepository(t *testing.T, newTable Factory) {
	tests := []struct {
		name string
		fn   func(t *testing.T, f *fixture)
	}{
		{"Lifecycle", testLifecycle},
		{"OtherOrganisation", testOtherOrganisation},
		{"ReplayedBatchIsNoOp", testReplayedBatch},
		{"ConcurrentAutosaves", testConcurrentAutosaves},
		{"StartRace", testStartRace},
		{"TokenRotation", testTokenRotation},
		{"CandidatesAllOrNone", testCandidatesAllOrNone},
		{"ScoringIdempotent", testScoringIdempotent},
		{"PendingReports", testPendingReports},
		{"Expiry", testRepoExpiry},
		{"AuditAndIdempotency", testAuditAndIdempotency},
		{"APIKeys", testAPIKeys},
		{"Members", testMembers},
		{"UnstorableIDs", testUnstorableIDs},
		{"Reports", testReports},
		{"CohortPointer", testCohortPointer},
		{"Mails", testMails},
		{"News", testNews},
		{"Webhooks", testWebhooks},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := NewClock(Start)
			tc.fn(t, &fixture{t: t, clock: clock, repo: store.New(newTable(t, clock.Now))})
		})
	}
}

type fixture struct {
	t     *testing.T
	clock *Clock
	repo  *store.Repository
	n     int
}

// id returns a fresh, storable id (assess.NewID's shape).
func (f *fixture) id() string { return assess.NewID() }

func (f *fixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

// org makes an organisation with one assessment of two sections.
func (f *fixture) org() (assess.Organisation, assess.Assessment) {
	f.t.Helper()
	ctx := ctxT(f.t)
	o := assess.Organisation{ID: f.id(), Name: "Acme", CreatedAt: f.clock.Now(), RetentionDays: 180}
	f.must(f.repo.CreateOrganisation(ctx, o))
	a := assess.Assessment{ID: f.id(), OrgID: o.ID, CreatedAt: f.clock.Now(), Config: assess.Config{
		RoleID: "sales-back-office", Name: "Back office", Lang: "es", ContentVersion: "v-123",
		Sections: []assess.Section{{Instrument: "planning", Hash: "h1", Weight: 0.5, TimeLimitSeconds: 600},
			{Instrument: "teamwork", Hash: "h2", Weight: 0.5}},
		InviteExpiryDays: 14, Minutes: 25,
	}}
	f.must(f.repo.CreateAssessment(ctx, a))
	return o, a
}

func (f *fixture) candidates(a assess.Assessment, n int) []assess.Candidate {
	f.t.Helper()
	var cs []assess.Candidate
	for range n {
		f.n++
		_, hash := assess.NewToken(assess.InvitePrefix)
		cs = append(cs, assess.Candidate{ID: f.id(), OrgID: a.OrgID, AssessmentID: a.ID, TokenHash: hash,
			Name: fmt.Sprintf("Candidate %d", f.n), Email: fmt.Sprintf("c%d@example.com", f.n), ExtraTime: 1.5,
			CreatedAt: f.clock.Now().Add(time.Duration(f.n) * time.Millisecond), ExpiresAt: f.clock.Now().Add(14 * 24 * time.Hour)})
	}
	f.must(f.repo.CreateCandidates(ctxT(f.t), cs))
	return cs
}

func (f *fixture) newSession(c assess.Candidate) assess.Session {
	_, hash := assess.NewToken(assess.SessionPrefix)
	now := f.clock.Now()
	return assess.Session{ID: c.ID, OrgID: c.OrgID, AssessmentID: c.AssessmentID, CandidateID: c.ID,
		TokenHash: hash, Status: assess.SessionActive, ExtraTime: c.ExtraTime, Seed: 1<<62 + 12345,
		Sections: make([]assess.SectionState, 2), NoticeVersion: "2026-11", AcknowledgedAt: now,
		StartedAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour), Version: 1}
}

func (f *fixture) start(c assess.Candidate) assess.Session {
	f.t.Helper()
	s := f.newSession(c)
	f.must(f.repo.StartSession(ctxT(f.t), s))
	return s
}

func batch(sid string, seq int, answers int) assess.AnswerBatch {
	b := assess.AnswerBatch{SessionID: sid, Seq: seq, Section: 0, ReceivedAt: Start.Add(time.Duration(seq) * time.Second)}
	for i := range answers {
		b.Answers = append(b.Answers, assess.Answer{Item: fmt.Sprintf("planning-q%02d", seq*10+i),
			Value: json.RawMessage(fmt.Sprintf("%d", (seq+i)%5+1)), MS: 1000 + i})
	}
	b.Events = []assess.ClientEvent{{Type: "blur", Item: b.Answers[0].Item, AtMS: int64(seq) * 100}}
	return b
}

// sameContent compares what a replay must repeat: everything but the receive time.
func sameContent(a, b assess.AnswerBatch) bool {
	a.ReceivedAt, b.ReceivedAt = time.Time{}, time.Time{}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

func testLifecycle(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	got, err := f.repo.Assessment(ctx, o.ID, a.ID)
	f.must(err)
	if !reflect.DeepEqual(got.Config, a.Config) || got.Config.ContentVersion != "v-123" || !got.CreatedAt.Equal(a.CreatedAt) {
		t.Fatalf("assessment round trip: %+v, want %+v", got, a)
	}
	list, err := f.repo.Assessments(ctx, o.ID)
	f.must(err)
	if len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("assessments: %+v", list)
	}

	cs := f.candidates(a, 3)
	byTok, err := f.repo.CandidateByToken(ctx, cs[1].ID, cs[1].TokenHash)
	f.must(err)
	if !reflect.DeepEqual(byTok, cs[1]) {
		t.Fatalf("candidate by token: %+v, want %+v", byTok, cs[1])
	}
	// A token names its candidate, but only the candidate's own hash opens it.
	_, err = f.repo.CandidateByToken(ctx, cs[1].ID, cs[0].TokenHash)
	WantCode(t, err, assess.NotFound)
	s := f.start(cs[1])

	// The session has its candidate's id; it is found by id and by token.
	if s.ID != cs[1].ID {
		t.Fatalf("session id %q, want the candidate's %q", s.ID, cs[1].ID)
	}
	_, err = f.repo.SessionByToken(ctx, s.ID, cs[1].TokenHash)
	WantCode(t, err, assess.NotFound)
	for name, get := range map[string]func() (assess.Session, error){
		"by id":    func() (assess.Session, error) { return f.repo.Session(ctx, s.ID) },
		"by token": func() (assess.Session, error) { return f.repo.SessionByToken(ctx, s.ID, s.TokenHash) },
	} {
		got, err := get()
		f.must(err)
		if !reflect.DeepEqual(got, s) {
			t.Fatalf("session %s: %+v, want %+v", name, got, s)
		}
	}

	// Sections: each start and finish is one version-checked write.
	now := f.clock.Now()
	s.Sections[0] = assess.SectionState{StartedAt: now, Deadline: now.Add(15 * time.Minute)}
	s.Version++
	f.must(f.repo.UpdateSession(ctx, s))
	stale := s
	stale.Sections[0].FinishedAt = now // written over the version it was read at: too late
	WantCode(t, f.repo.UpdateSession(ctx, stale), assess.Conflict)

	for seq := 1; seq <= 3; seq++ {
		f.must(f.repo.PutBatch(ctx, batch(s.ID, seq, 10)))
	}
	bs, err := f.repo.Batches(ctx, s.ID)
	f.must(err)
	if len(bs) != 3 || bs[0].Seq != 1 || bs[2].Seq != 3 || !sameContent(bs[1], batch(s.ID, 2, 10)) {
		t.Fatalf("batches: %+v", bs)
	}

	all, err := f.repo.Candidates(ctx, o.ID, a.ID)
	f.must(err)
	sessions, err := f.repo.SessionsOf(ctx, all)
	f.must(err)
	if len(sessions) != 1 || sessions[0].ID != s.ID || sessions[0].Version != s.Version {
		t.Fatalf("sessions of the assessment's candidates: %+v", sessions)
	}
	f.must(err)
	if len(all) != 3 || all[0].ID != cs[0].ID || all[2].ID != cs[2].ID {
		t.Fatalf("candidates: %+v", all)
	}

	// A result for a session not completed yet is refused as such (not as a lost race).
	early := f.repo.SaveResult(ctx, assess.Result{SessionID: s.ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
		ScoringVersion: "1", Scores: SampleScores(s.ID, 1)})
	if WantCode(t, early, assess.Conflict); !errors.Is(early, assess.ErrNotCompleted) {
		t.Fatalf("SaveResult before completion: %v, want ErrNotCompleted", early)
	}
	// Completion: the pending-scoring marker, then the status.
	s.Sections[0].FinishedAt = f.clock.Now()
	s.Status, s.CompletedAt = assess.SessionCompleted, f.clock.Now()
	s.Version++
	f.must(f.repo.CompleteSession(ctx, s))
	pend, cur, err := f.repo.PendingScoring(ctx, "", 0)
	f.must(err)
	if len(pend) != 1 || pend[0].SessionID != s.ID || cur != "" || !pend[0].CompletedAt.Equal(s.CompletedAt) {
		t.Fatalf("pending scoring: %+v %q", pend, cur)
	}
	// Completing again (a retried request) is a conflict, and so is any write that would
	// reopen the session: statuses only move forward.
	WantCode(t, f.repo.CompleteSession(ctx, s), assess.Conflict)
	reopen := s
	reopen.Status = assess.SessionActive
	reopen.Version++
	WantCode(t, f.repo.UpdateSession(ctx, reopen), assess.Conflict)
	// A completed session can still take a new token (the candidate opens the link again).
	rotated := s
	_, rotated.TokenHash = assess.NewToken(assess.SessionPrefix)
	rotated.Version++
	f.must(f.repo.UpdateSession(ctx, rotated))
	if got, err := f.repo.SessionByToken(ctx, s.ID, rotated.TokenHash); err != nil || got.Status != assess.SessionCompleted {
		t.Fatalf("completed session by its new token: %+v %v", got, err)
	}
	_, err = f.repo.SessionByToken(ctx, s.ID, s.TokenHash)
	WantCode(t, err, assess.NotFound) // the old token stopped working

	// Scoring: the result, the status and the marker move together.
	res := assess.Result{SessionID: s.ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
		ScoringVersion: "1", Scores: SampleScores(s.ID, 61.5)}
	f.must(f.repo.SaveResult(ctx, res))
	if pend, _, err := f.repo.PendingScoring(ctx, "", 0); err != nil || len(pend) != 0 {
		t.Fatalf("pending after scoring: %+v %v", pend, err)
	}
	scored, err := f.repo.Session(ctx, s.ID)
	f.must(err)
	if scored.Status != assess.SessionScored || scored.Version != rotated.Version+1 {
		t.Fatalf("after scoring: %+v", scored)
	}
}

func testScoringIdempotent(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	cs := f.candidates(a, 2)
	var done []assess.Session
	for _, c := range cs {
		s := f.start(c)
		f.clock.Advance(time.Second)
		s.Status, s.CompletedAt = assess.SessionCompleted, f.clock.Now()
		s.Version++
		f.must(f.repo.CompleteSession(ctx, s))
		done = append(done, s)
	}
	pend, _, err := f.repo.PendingScoring(ctx, "", 1)
	f.must(err)
	if len(pend) != 1 || pend[0].SessionID != done[0].ID {
		t.Fatalf("oldest pending first: %+v", pend)
	}
	res := assess.Result{SessionID: done[0].ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
		ScoringVersion: "1", Scores: SampleScores(done[0].ID, 61.5)}
	// Two scoring runs at once (a stream retry and the sweeper): both succeed, one result.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f.repo.SaveResult(ctx, res) }()
	}
	wg.Wait()
	for _, err := range errs {
		f.must(err)
	}
	got, err := f.repo.Result(ctx, o.ID, done[0].ID)
	f.must(err)
	if !reflect.DeepEqual(got.Scores, res.Scores) || !got.ScoredAt.Equal(res.ScoredAt) {
		t.Fatalf("result: %+v", got)
	}
	s, err := f.repo.Session(ctx, done[0].ID)
	f.must(err)
	if s.Status != assess.SessionScored {
		t.Fatalf("status %q, want scored", s.Status)
	}
	pend, _, err = f.repo.PendingScoring(ctx, "", 0)
	f.must(err)
	if len(pend) != 1 || pend[0].SessionID != done[1].ID {
		t.Fatalf("pending after scoring one: %+v", pend)
	}
	results, err := f.repo.Results(ctx, o.ID, a.ID)
	f.must(err)
	if len(results) != 1 || results[0].SessionID != done[0].ID {
		t.Fatalf("results of assessment: %+v", results)
	}
	_, err = f.repo.Result(ctx, f.id(), done[0].ID)
	WantCode(t, err, assess.NotFound)
}

func testOtherOrganisation(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o1, a1 := f.org()
	o2, _ := f.org()
	cs := f.candidates(a1, 1)
	s := f.start(cs[0])
	_ = s
	if _, err := f.repo.Assessment(ctx, o2.ID, a1.ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("assessment of another org: %v", err)
	}
	if _, err := f.repo.Candidate(ctx, o2.ID, cs[0].ID); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("candidate of another org: %v", err)
	}
	if got, err := f.repo.Candidates(ctx, o2.ID, a1.ID); err != nil || len(got) != 0 {
		t.Errorf("candidates of another org's assessment: %v %v", got, err)
	}
	// A candidate of another organisation, however it was obtained, does not open its session.
	forged := cs[0]
	forged.OrgID = o2.ID
	if got, err := f.repo.SessionsOf(ctx, []assess.Candidate{forged}); err != nil || len(got) != 0 {
		t.Errorf("sessions through a forged candidate: %v %v", got, err)
	}
	if got, err := f.repo.Assessments(ctx, o2.ID); err != nil || len(got) != 1 || got[0].OrgID != o2.ID {
		t.Errorf("assessments of org 2: %v %v", got, err)
	}
	if _, err := f.repo.Assessment(ctx, o1.ID, a1.ID); err != nil {
		t.Errorf("own assessment: %v", err)
	}
}

func testReplayedBatch(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	_, a := f.org()
	s := f.start(f.candidates(a, 1)[0])
	first := batch(s.ID, 7, 10)
	f.must(f.repo.PutBatch(ctx, first))
	replay := first
	replay.ReceivedAt = first.ReceivedAt.Add(time.Minute)
	WantCode(t, f.repo.PutBatch(ctx, replay), assess.Conflict)
	stored, err := f.repo.Batch(ctx, s.ID, 7)
	f.must(err)
	if !sameContent(stored, replay) || !stored.ReceivedAt.Equal(first.ReceivedAt) {
		t.Fatalf("after replay: %+v, want the first write unchanged", stored)
	}
	// Another content under the same number changes nothing either.
	other := batch(s.ID, 7, 3)
	WantCode(t, f.repo.PutBatch(ctx, other), assess.Conflict)
	bs, err := f.repo.Batches(ctx, s.ID)
	f.must(err)
	if len(bs) != 1 || !sameContent(bs[0], first) {
		t.Fatalf("batches after replays: %+v", bs)
	}
}

// testConcurrentAutosaves: 16 writers (two tabs' worth of retries) save batches of one
// session at once, each batch sent by two writers; every acknowledged batch is stored
// exactly once with its content, and nothing else is.
func testConcurrentAutosaves(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	_, a := f.org()
	s := f.start(f.candidates(a, 1)[0])
	const writers, perWriter = 16, 6
	total := writers * perWriter / 2 // each seq is sent by two writers
	var mu sync.Mutex
	acked := map[int]int{}
	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWriter {
				seq := (w/2)*perWriter + i + 1 // writers 2k and 2k+1 send the same batches
				b := batch(s.ID, seq, 10)
				err := f.repo.PutBatch(ctx, b)
				if assess.CodeOf(err) == assess.Conflict {
					// The journey's replay rule: same content → acknowledged, changed nothing.
					prev, gerr := f.repo.Batch(ctx, s.ID, seq)
					if gerr != nil || !sameContent(prev, b) {
						errs <- fmt.Errorf("seq %d replay: %v %v", seq, gerr, err)
						continue
					}
					err = nil
				}
				if err != nil {
					errs <- err
					continue
				}
				mu.Lock()
				acked[seq]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	bs, err := f.repo.Batches(ctx, s.ID)
	f.must(err)
	var seqs []int
	for _, b := range bs {
		seqs = append(seqs, b.Seq)
		if !sameContent(b, batch(s.ID, b.Seq, 10)) {
			t.Errorf("batch %d content changed", b.Seq)
		}
	}
	sort.Ints(seqs)
	if len(bs) != total || len(acked) != total {
		t.Fatalf("stored %d batches, acknowledged %d distinct, want %d each", len(bs), len(acked), total)
	}
	for i, seq := range seqs {
		if seq != i+1 || acked[seq] != 2 {
			t.Fatalf("seqs %v, acks %v: want 1..%d each once, each acknowledged twice", seqs, acked, total)
		}
	}
}

func testStartRace(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	_, a := f.org()
	c := f.candidates(a, 1)[0]
	const racers = 8
	sessions := make([]assess.Session, racers)
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		sessions[i] = f.newSession(c)
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f.repo.StartSession(ctx, sessions[i]) }()
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch assess.CodeOf(err) {
		case "":
			if winner >= 0 {
				t.Fatalf("two sessions started for one invite")
			}
			winner = i
		case assess.Conflict:
		default:
			t.Fatal(err)
		}
	}
	if winner < 0 {
		t.Fatal("no session started")
	}
	for i, s := range sessions {
		_, err := f.repo.SessionByToken(ctx, c.ID, s.TokenHash)
		if i == winner {
			f.must(err)
			continue
		}
		WantCode(t, err, assess.NotFound) // the losers' tokens open nothing
	}
}

func testTokenRotation(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	_, a := f.org()
	s := f.start(f.candidates(a, 1)[0])
	old := s.TokenHash
	_, s.TokenHash = assess.NewToken(assess.SessionPrefix)
	s.Version++
	f.must(f.repo.UpdateSession(ctx, s))
	_, err := f.repo.SessionByToken(ctx, s.ID, old)
	WantCode(t, err, assess.NotFound)
	got, err := f.repo.SessionByToken(ctx, s.ID, s.TokenHash)
	f.must(err)
	if got.Version != s.Version {
		t.Fatalf("rotated session: %+v", got)
	}
	// A stale writer with the old token and version loses.
	stale := s
	stale.TokenHash, stale.Version = old, s.Version
	WantCode(t, f.repo.UpdateSession(ctx, stale), assess.Conflict)
}

func testCandidatesAllOrNone(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	existing := f.candidates(a, 1)[0]
	var cs []assess.Candidate
	for i := range 40 {
		_, hash := assess.NewToken(assess.InvitePrefix)
		id := f.id()
		if i == 33 {
			id = existing.ID // collides: that put fails
		}
		cs = append(cs, assess.Candidate{ID: id, OrgID: o.ID, AssessmentID: a.ID, TokenHash: hash,
			Name: "x", CreatedAt: f.clock.Now(), ExpiresAt: f.clock.Now().Add(time.Hour)})
	}
	WantCode(t, f.repo.CreateCandidates(ctx, cs), assess.Conflict)
	all, err := f.repo.Candidates(ctx, o.ID, a.ID)
	f.must(err)
	if len(all) != 1 || all[0].ID != existing.ID {
		t.Fatalf("after a failed batch: %d candidates, want only the existing one", len(all))
	}
	for _, c := range cs {
		if _, err := f.repo.CandidateByToken(ctx, c.ID, c.TokenHash); assess.CodeOf(err) != assess.NotFound {
			t.Fatalf("candidate %s of the failed batch: %v", c.ID, err)
		}
	}
	if got, err := f.repo.CandidateByToken(ctx, existing.ID, existing.TokenHash); err != nil || got.ID != existing.ID {
		t.Fatalf("existing token after the failed batch: %v %v", got, err)
	}
}

func testRepoExpiry(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	_, a := f.org()
	s := f.start(f.candidates(a, 1)[0])
	// The session's lifetime is judged by the journey (Resume); the candidate's retention
	// date by the store: past it, nothing about the candidate can be read.
	s.RetainUntil = f.clock.Now().Add(30 * 24 * time.Hour)
	s.Version++
	f.must(f.repo.UpdateSession(ctx, s))
	f.clock.Advance(30*24*time.Hour - time.Second)
	_, err := f.repo.SessionByToken(ctx, s.ID, s.TokenHash)
	f.must(err)
	f.clock.Advance(2 * time.Second)
	_, err = f.repo.SessionByToken(ctx, s.ID, s.TokenHash)
	WantCode(t, err, assess.NotFound)
	_, err = f.repo.Session(ctx, s.ID)
	WantCode(t, err, assess.NotFound)
}

func testAuditAndIdempotency(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, _ := f.org()
	var want []string
	for i := range 7 {
		e := assess.AuditEvent{OrgID: o.ID, ID: f.id(), At: Start.Add(time.Duration(i) * time.Minute),
			Actor: "key:k1", Action: "assessment.create", Target: fmt.Sprint(i), Detail: map[string]string{"n": fmt.Sprint(i)}}
		f.must(f.repo.AppendAudit(ctx, e))
		f.must(f.repo.AppendAudit(ctx, e)) // a retried append is a no-op
		want = append([]string{e.ID}, want...)
	}
	var got []string
	cursor := ""
	for {
		es, next, err := f.repo.AuditEvents(ctx, o.ID, cursor, 3)
		f.must(err)
		for _, e := range es {
			got = append(got, e.ID)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("audit newest first: %v, want %v", got, want)
	}

	rec := assess.IdempotencyRecord{Scope: o.ID, Key: "req-1", RequestHash: "h1", CreatedAt: f.clock.Now(),
		ExpiresAt: f.clock.Now().Add(time.Hour)}
	_, claimed, err := f.repo.ClaimIdempotency(ctx, rec)
	f.must(err)
	if !claimed {
		t.Fatal("first claim not claimed")
	}
	prev, claimed, err := f.repo.ClaimIdempotency(ctx, rec)
	f.must(err)
	if claimed || prev.Status != 0 {
		t.Fatalf("second claim: %+v %v", prev, claimed)
	}
	rec.Status, rec.Body = 201, []byte(`{"id":"x"}`)
	f.must(f.repo.FinishIdempotency(ctx, rec))
	other := rec
	other.RequestHash = "h2"
	WantCode(t, f.repo.FinishIdempotency(ctx, other), assess.Conflict)
	prev, claimed, err = f.repo.ClaimIdempotency(ctx, other)
	f.must(err)
	if claimed || prev.Status != 201 || string(prev.Body) != `{"id":"x"}` || prev.RequestHash != "h1" {
		t.Fatalf("claim after finish: %+v %v", prev, claimed)
	}
	f.clock.Advance(time.Hour)
	_, claimed, err = f.repo.ClaimIdempotency(ctx, other)
	f.must(err)
	if !claimed {
		t.Fatal("an expired record still blocks its key")
	}
	_, _, err = f.repo.ClaimIdempotency(ctx, assess.IdempotencyRecord{Scope: o.ID, Key: "bad key"})
	WantCode(t, err, assess.Invalid)
}

func testAPIKeys(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, _ := f.org()
	o2, _ := f.org()
	var keys []assess.APIKey
	for i := range 3 {
		_, hash := assess.NewToken(assess.APIKeyPrefix)
		k := assess.APIKey{ID: f.id(), OrgID: o.ID, Hash: hash, Label: fmt.Sprint("key ", i), Role: assess.Roles[i], CreatedAt: Start.Add(time.Duration(i) * time.Second)}
		f.must(f.repo.CreateAPIKey(ctx, k))
		keys = append(keys, k)
	}
	got, err := f.repo.APIKeyByHash(ctx, keys[1].Hash)
	f.must(err)
	if !reflect.DeepEqual(got, keys[1]) {
		t.Fatalf("key by hash: %+v, want %+v", got, keys[1])
	}
	WantCode(t, f.repo.RevokeAPIKey(ctx, o2.ID, keys[1].ID, f.clock.Now()), assess.NotFound)
	f.must(f.repo.RevokeAPIKey(ctx, o.ID, keys[1].ID, f.clock.Now()))
	f.must(f.repo.RevokeAPIKey(ctx, o.ID, keys[1].ID, f.clock.Now().Add(time.Hour)))
	got, err = f.repo.APIKeyByHash(ctx, keys[1].Hash)
	f.must(err)
	if !got.RevokedAt.Equal(f.clock.Now()) {
		t.Fatalf("revoked at %v, want the first revocation %v", got.RevokedAt, f.clock.Now())
	}
	list, err := f.repo.APIKeys(ctx, o.ID)
	f.must(err)
	if len(list) != 3 || list[0].ID != keys[0].ID || list[1].RevokedAt.IsZero() {
		t.Fatalf("keys: %+v", list)
	}
}

func testUnstorableIDs(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, _ := f.org()
	for _, id := range []string{"", "a#b", "x\x00"} {
		if _, err := f.repo.Assessment(ctx, o.ID, id); assess.CodeOf(err) != assess.NotFound {
			t.Errorf("assessment %q: %v", id, err)
		}
		if _, err := f.repo.SessionByToken(ctx, id, id); assess.CodeOf(err) != assess.NotFound {
			t.Errorf("session token %q: %v", id, err)
		}
		if err := f.repo.CreateAssessment(ctx, assess.Assessment{ID: id, OrgID: o.ID}); assess.CodeOf(err) != assess.Internal {
			t.Errorf("create assessment %q: %v", id, err)
		}
	}
}

// Records rendered together are one item; each is still listed and found by its own id.
func testReports(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	retain := f.clock.Now().Add(24 * time.Hour) // whole seconds: what a TTL keeps
	rec := func(id, kind, format string) assess.ReportRecord {
		return assess.ReportRecord{ID: id, OrgID: o.ID, AssessmentID: a.ID, SessionID: "s", Kind: kind, Format: format,
			ObjectKey: "orgs/x/" + id, Filename: kind + "." + format, Size: 10, SHA256: "ab",
			CreatedAt: f.clock.Now(), RetainUntil: retain}
	}
	report, feedback := rec(f.id(), "candidate", "pdf"), rec(f.id(), "feedback", "pdf")
	f.must(f.repo.PutReports(ctx, report, feedback))
	cohort := rec(f.id(), "cohort", "pdf")
	cohort.SessionID = ""
	f.must(f.repo.PutReports(ctx, cohort))
	list, err := f.repo.Reports(ctx, o.ID, a.ID)
	f.must(err)
	if len(list) != 3 {
		t.Fatalf("reports: %+v", list)
	}
	for _, want := range []assess.ReportRecord{report, feedback, cohort} {
		got, err := f.repo.Report(ctx, o.ID, a.ID, want.ID)
		f.must(err)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("report %s: %+v, want %+v", want.Kind, got, want)
		}
		if _, err := f.repo.Report(ctx, f.id(), a.ID, want.ID); assess.CodeOf(err) != assess.NotFound {
			t.Errorf("another organisation's report %s: %v", want.Kind, err)
		}
	}
	_, err = f.repo.Report(ctx, o.ID, a.ID, f.id())
	WantCode(t, err, assess.NotFound)
	// Rendering again replaces both records.
	report.Size, feedback.Size = 20, 30
	f.must(f.repo.PutReports(ctx, report, feedback))
	if got, _ := f.repo.Report(ctx, o.ID, a.ID, feedback.ID); got.Size != 30 {
		t.Errorf("re-rendered feedback: %+v", got)
	}
	// Records that do not share an assessment cannot share an item.
	other := rec(f.id(), "feedback", "pdf")
	other.AssessmentID = f.id()
	WantCode(t, f.repo.PutReports(ctx, report, other), assess.Internal)
}

// testCohortPointer: the cohort snapshot's pointer moves only from the version it names,
// so two writers never both win; it reads back what was written and can be forgotten.
func testCohortPointer(t *testing.T, f *fixture) {
	ctx := context.Background()
	org, aid := f.id(), f.id()
	if _, err := f.repo.CohortPointer(ctx, org, aid); assess.CodeOf(err) != assess.NotFound {
		t.Fatalf("no pointer yet: %v; want NotFound", err)
	}
	p := assess.CohortPointer{OrgID: org, AssessmentID: aid, Version: 1, Engine: "e", N: 3, AsOf: Start, BuiltAt: Start}
	f.must(f.repo.PutCohortPointer(ctx, p, 0))
	if err := f.repo.PutCohortPointer(ctx, p, 0); assess.CodeOf(err) != assess.Conflict {
		t.Errorf("a second first version: %v; want Conflict", err)
	}
	p2 := p
	p2.Version, p2.N = 2, 5
	if err := f.repo.PutCohortPointer(ctx, p2, 7); assess.CodeOf(err) != assess.Conflict {
		t.Errorf("moving from a version it does not name: %v; want Conflict", err)
	}
	f.must(f.repo.PutCohortPointer(ctx, p2, 1))
	got, err := f.repo.CohortPointer(ctx, org, aid)
	f.must(err)
	if got.Version != 2 || got.N != 5 || got.Engine != "e" || !got.AsOf.Equal(Start) {
		t.Errorf("read %+v; want version 2, n 5", got)
	}
	if _, err := f.repo.CohortPointer(ctx, f.id(), aid); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("another organisation's pointer: %v; want NotFound", err)
	}
	f.must(f.repo.DeleteCohortPointer(ctx, org, aid))
	if _, err := f.repo.CohortPointer(ctx, org, aid); assess.CodeOf(err) != assess.NotFound {
		t.Errorf("after delete: %v; want NotFound", err)
	}
}

// testPendingReports: saving a result queues its candidate report (oldest completion
// first), the marker reads back what was written, a deferral does not bring back a
// removed marker, and a marker expires with the candidate's data.
func testPendingReports(t *testing.T, f *fixture) {
	ctx := ctxT(t)
	o, a := f.org()
	cs := f.candidates(a, 3)
	retain := f.clock.Now().Add(48 * time.Hour).Truncate(time.Second) // whole seconds: what a TTL keeps
	var done []assess.Session
	for _, c := range cs {
		s := f.start(c)
		f.clock.Advance(time.Second)
		s.Status, s.CompletedAt = assess.SessionCompleted, f.clock.Now()
		s.Version++
		f.must(f.repo.CompleteSession(ctx, s))
		done = append(done, s)
	}
	// Scored in reverse order: the queue is still in completion order.
	for i := len(done) - 1; i >= 0; i-- {
		f.clock.Advance(time.Second)
		res := assess.Result{SessionID: done[i].ID, OrgID: o.ID, AssessmentID: a.ID, ScoredAt: f.clock.Now(),
			ScoringVersion: "1", Scores: SampleScores(done[i].ID, 50), RetainUntil: retain}
		f.must(f.repo.SaveResult(ctx, res))
	}
	page, cursor, err := f.repo.PendingReports(ctx, "", 2)
	f.must(err)
	if len(page) != 2 || cursor == "" || page[0].SessionID != done[0].ID || page[1].SessionID != done[1].ID {
		t.Fatalf("first page of pending reports: %+v %q", page, cursor)
	}
	first := page[0]
	if first.OrgID != o.ID || first.AssessmentID != a.ID || !first.CompletedAt.Equal(done[0].CompletedAt) ||
		!first.Since.Equal(Start.Add(6*time.Second)) || first.Tries != 0 || !first.NextTry.IsZero() || !first.RetainUntil.Equal(retain) {
		t.Fatalf("marker %+v", first)
	}
	rest, cursor, err := f.repo.PendingReports(ctx, cursor, 2)
	f.must(err)
	if len(rest) != 1 || rest[0].SessionID != done[2].ID || cursor != "" {
		t.Fatalf("second page: %+v %q", rest, cursor)
	}
	// Saving the same result again (a duplicated run) queues nothing new.
	f.must(f.repo.SaveResult(ctx, assess.Result{SessionID: done[0].ID, OrgID: o.ID, AssessmentID: a.ID,
		ScoredAt: f.clock.Now(), ScoringVersion: "1", Scores: SampleScores(done[0].ID, 50), RetainUntil: retain}))
	all, _, err := f.repo.PendingReports(ctx, "", 0)
	f.must(err)
	if len(all) != 3 {
		t.Fatalf("markers after a duplicated save: %+v", all)
	}

	// A deferral rewrites the marker in place.
	first.Tries, first.NextTry = 2, f.clock.Now().Add(time.Hour)
	f.must(f.repo.DeferPendingReport(ctx, first))
	all, _, err = f.repo.PendingReports(ctx, "", 0)
	f.must(err)
	if len(all) != 3 || all[0].Tries != 2 || !all[0].NextTry.Equal(first.NextTry) {
		t.Fatalf("after a deferral: %+v", all)
	}
	// Dropping is idempotent, and a deferral of a dropped marker does not bring it back.
	f.must(f.repo.DropPendingReport(ctx, first.SessionID, first.CompletedAt))
	f.must(f.repo.DropPendingReport(ctx, first.SessionID, first.CompletedAt))
	f.must(f.repo.DeferPendingReport(ctx, first))
	all, _, err = f.repo.PendingReports(ctx, "", 0)
	f.must(err)
	if len(all) != 2 || all[0].SessionID != done[1].ID {
		t.Fatalf("after dropping the first: %+v", all)
	}
	// An operator's requeue writes it again.
	first.Tries, first.NextTry = 0, time.Time{}
	f.must(f.repo.MarkReportPending(ctx, first))
	all, _, err = f.repo.PendingReports(ctx, "", 0)
	f.must(err)
	if len(all) != 3 || all[0].SessionID != done[0].ID {
		t.Fatalf("after a requeue: %+v", all)
	}
	WantCode(t, f.repo.MarkReportPending(ctx, assess.PendingReport{SessionID: "a#b", OrgID: o.ID, AssessmentID: a.ID, CompletedAt: Start}), assess.Internal)

	// The candidate's retention passes: the markers are gone with the rest.
	f.clock.Advance(49 * time.Hour)
	all, _, err = f.repo.PendingReports(ctx, "", 0)
	f.must(err)
	if len(all) != 0 {
		t.Fatalf("markers past the retention date: %+v", all)
	}
}

// SampleScores is a small result for sessionID whose one scale scores raw: one part of
// every shape the stored document has (scales with item scores, tasks, a DISC profile,
// a caution), so saving and reading it back checks the whole document on each adapter.
func SampleScores(sessionID string, raw float64) assess.Scores {
	acc := 0.75
	return assess.Scores{SessionID: sessionID, OrgID: "org", AssessmentID: "asmt", CandidateID: sessionID,
		EngineVersion: assess.EngineVersion, ContentVersion: "c1", ScoredAt: Start,
		Sections: []assess.SectionScore{
			{Instrument: "numerical-reasoning", Family: "cognitive", Kind: "choice", Weight: 0.5, Timed: true, Reached: 2,
				Scales: []assess.ScaleScore{{Scale: "numerical-reasoning", Metric: "theta", Raw: raw, Answered: 2, Items: 3,
					ThetaSE: 0.41, ItemScores: map[string]float64{"n1": 1, "n2": 0}}}},
			{Instrument: "data-check", Family: "technical", Kind: "datavalidation", Weight: 0.5, TimedOut: true,
				Scales: []assess.ScaleScore{{Scale: "data-check", Metric: "proportion", Raw: 0.5, Answered: 1, Items: 1,
					ItemScores: map[string]float64{"t1": 0.5}}},
				Tasks: []assess.TaskScore{{Item: "t1", Points: 3, Possible: 6, Accuracy: &acc, FalseFlags: 1, Seconds: 41.5}}},
			{Instrument: "customer-reply", Family: "technical", Kind: "writing", Pending: true},
		},
		DISC: &scoring.DISCProfile{Styles: []scoring.StyleScore{{Style: "d", Most: 3, Least: 1, Diff: 2}, {Style: "s", Most: 1, Least: 3, Diff: -2}},
			Primary: []string{"d"}, Blocks: 4, Invalid: 1},
		Cautions: []scoring.Caution{{Code: scoring.CautionPaste, Value: 3, Threshold: 1,
			Message: scoring.Text{ES: "Pegó texto 3 veces.", EN: "Pasted text 3 times."}, Serious: false}},
	}
}
