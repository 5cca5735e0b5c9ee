package dynamo_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
	"shortlist/shared/store/storetest"
)

// TestCapacity measures, with ReturnConsumedCapacity against DynamoDB Local, what one
// candidate's 120-answer, five-section session costs in write units, and holds the design
// to its budget: an autosave of 20 answers (the site's batch, autosave.js) ≤ 1 unit, the
// whole session ≤ 30 units.
//
//	go test -v -run TestCapacity ./shared/store/dynamo/   (with AWS_ENDPOINT_URL_DYNAMODB set)
func TestCapacity(t *testing.T) {
	t.Parallel()
	client := dynamotest.Client(t, dynamotest.Endpoint(t))
	meter := &dynamo.Meter{}
	tb := dynamotest.Open(t, client, dynamo.Options{Meter: meter})
	repo := store.New(tb)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()

	// Set-up that is not the candidate's: the organisation, the assessment, the invite.
	now := time.Now().UTC()
	const sections, batches, perBatch = 5, 6, 20
	org := assess.Organisation{ID: assess.NewID(), Name: "Acme", CreatedAt: now}
	cfg := assess.Config{RoleID: "ecommerce-customer-support", Name: "Support", Lang: "es", ContentVersion: strings.Repeat("c", 64), InviteExpiryDays: 14}
	for i := range sections {
		cfg.Sections = append(cfg.Sections, assess.Section{Instrument: fmt.Sprintf("customer-orientation-%d", i), Hash: strings.Repeat("h", 64), Weight: 0.2, TimeLimitSeconds: 900, Minutes: 15})
	}
	a := assess.Assessment{ID: assess.NewID(), OrgID: org.ID, Config: cfg, CreatedAt: now}
	cid := assess.NewID()
	_, candHash := assess.NewBoundToken(assess.InvitePrefix, cid)
	c := assess.Candidate{ID: cid, OrgID: org.ID, AssessmentID: a.ID, TokenHash: candHash, Name: "Ana Pérez",
		Email: "ana.perez@example.com", ExternalID: "REQ-2026-0042", ExtraTime: 1.25, CreatedAt: now, ExpiresAt: now.Add(14 * 24 * time.Hour)}
	must(t, repo.CreateOrganisation(ctx, org))
	must(t, repo.CreateAssessment(ctx, a))
	meter.Reset()
	must(t, repo.CreateCandidates(ctx, []assess.Candidate{c}))
	invite := meter.Total()
	meter.Reset()

	// The candidate, as the journey writes it: start, then per section a start (which also
	// finishes the section before it: assess.Service.StartSection), autosaves of 20
	// answers, and completion (which finishes the last section).
	_, tokHash := assess.NewBoundToken(assess.SessionPrefix, c.ID)
	s := assess.Session{ID: c.ID, OrgID: org.ID, AssessmentID: a.ID, CandidateID: c.ID, TokenHash: tokHash,
		Status: assess.SessionActive, ExtraTime: c.ExtraTime, Seed: 4611686018427387904 + 12345,
		Sections: make([]assess.SectionState, sections), NoticeVersion: "2026-11", AcknowledgedAt: now,
		StartedAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour), Version: 1}
	rows := []row{}
	step := func(label string, f func() error) {
		t.Helper()
		before := meter.Total()
		if err := f(); err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		after := meter.Total()
		rows = append(rows, row{label, after.WriteUnits - before.WriteUnits, after.ReadUnits - before.ReadUnits})
	}
	step("start session (one conditional put)", func() error { return repo.StartSession(ctx, s) })
	seq := 0
	var batchUnits []float64
	for i := range sections {
		t0 := now.Add(time.Duration(i) * 20 * time.Minute)
		if i > 0 {
			s.Sections[i-1].FinishedAt = t0
		}
		s.Sections[i] = assess.SectionState{StartedAt: t0, Deadline: t0.Add(1125 * time.Second)}
		s.Version++
		step(fmt.Sprintf("section %d start", i+1), func() error { return repo.UpdateSession(ctx, s) })
		for range batches / sections {
			if seq == batches {
				break
			}
			seq++
			b := answerBatch(s.ID, seq, i, perBatch, t0)
			before := meter.Total().WriteUnits
			step(fmt.Sprintf("autosave %d (%d answers)", seq, perBatch), func() error { return repo.PutBatch(ctx, b) })
			batchUnits = append(batchUnits, meter.Total().WriteUnits-before)
		}
	}
	for seq < batches { // the rest of the 120 answers, in the last section
		seq++
		b := answerBatch(s.ID, seq, sections-1, perBatch, now)
		before := meter.Total().WriteUnits
		step(fmt.Sprintf("autosave %d (%d answers)", seq, perBatch), func() error { return repo.PutBatch(ctx, b) })
		batchUnits = append(batchUnits, meter.Total().WriteUnits-before)
	}
	s.Status, s.CompletedAt = assess.SessionCompleted, now.Add(2*time.Hour)
	s.Sections[sections-1].FinishedAt = s.CompletedAt
	s.Version++
	step("complete (pending marker, then session)", func() error { return repo.CompleteSession(ctx, s) })
	candidate := meter.Total()

	meter.Reset()
	res := assess.Result{SessionID: s.ID, OrgID: org.ID, AssessmentID: a.ID, ScoredAt: now.Add(2 * time.Hour),
		ScoringVersion: "1", Scores: storetest.SampleScores(s.ID, 61.5)}
	must(t, repo.SaveResult(ctx, res))
	scoring := meter.Total()

	var b strings.Builder
	fmt.Fprintf(&b, "DynamoDB Local consumed capacity (ReturnConsumedCapacity=INDEXES), %d answers in %d autosaves over %d sections:\n", batches*perBatch, batches, sections)
	for _, r := range rows {
		fmt.Fprintf(&b, "  %-52s %5.1f WU %5.1f RU\n", r.label, r.write, r.read)
	}
	fmt.Fprintf(&b, "  %-52s %5.1f WU   (%d calls)\n", "candidate session total", candidate.WriteUnits, candidate.Calls)
	fmt.Fprintf(&b, "  %-52s %5.1f WU   (per invite, of which index %.1f)\n", "invite (set-up, HR side)", invite.WriteUnits, invite.IndexUnits)
	fmt.Fprintf(&b, "  %-52s %5.1f WU %5.1f RU (index %.1f)\n", "scoring: result, report marker, scored, marker removed", scoring.WriteUnits, scoring.ReadUnits, scoring.IndexUnits)
	usd := (candidate.WriteUnits + invite.WriteUnits + scoring.WriteUnits) * 0.625 / 1e6
	fmt.Fprintf(&b, "  writes per candidate end to end: %.1f WU = $%.8f at $0.625 per million", candidate.WriteUnits+invite.WriteUnits+scoring.WriteUnits, usd)
	t.Log(b.String())

	for i, u := range batchUnits {
		if u > 1 {
			t.Errorf("autosave %d cost %.1f write units, want ≤ 1", i+1, u)
		}
	}
	if candidate.WriteUnits > 30 {
		t.Errorf("a 120-answer session cost %.1f write units, want ≤ 30", candidate.WriteUnits)
	}
}

type row struct {
	label       string
	write, read float64
}

// answerBatch is a realistic autosave: catalog-length item ids, a mix of value shapes,
// response times and one focus-loss event.
func answerBatch(sid string, seq, section, n int, t0 time.Time) assess.AnswerBatch {
	b := assess.AnswerBatch{SessionID: sid, Seq: seq, Section: section, ReceivedAt: t0.Add(time.Duration(seq) * time.Minute)}
	values := []string{`3`, `"b"`, `5`, `"opt-2"`, `1`}
	for i := range n {
		b.Answers = append(b.Answers, assess.Answer{Item: fmt.Sprintf("customer-orientation-q%02d", (seq*n+i)%60),
			Value: json.RawMessage(values[i%len(values)]), MS: 4000 + 37*i})
	}
	b.Events = []assess.ClientEvent{{Type: "blur", Item: b.Answers[3].Item, AtMS: 123456}}
	return b
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
