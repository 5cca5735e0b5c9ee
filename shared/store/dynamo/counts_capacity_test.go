package dynamo_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store"
	"shortlist/shared/store/dynamo"
	"shortlist/shared/store/dynamo/dynamotest"
)

// TestCountsCapacity measures what the assessment counters cost on DynamoDB Local: the
// list's read of 50 assessments' counts, a completion with its count, and, for
// comparison, counting one assessment of 100 candidates from its candidates and sessions
// (Recount, what the list would otherwise do per assessment). docs/storage.md quotes
// these figures.
func TestCountsCapacity(t *testing.T) {
	t.Parallel()
	client := dynamotest.Client(t, dynamotest.Endpoint(t))
	meter := &dynamo.Meter{}
	repo := store.New(dynamotest.Open(t, client, dynamo.Options{Meter: meter}))
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	now := time.Now().UTC()
	org := assess.Organisation{ID: assess.NewID(), Name: "Acme", CreatedAt: now}
	must(t, repo.CreateOrganisation(ctx, org))
	cfg := assess.Config{RoleID: "ecommerce-customer-support", Name: "Support", Lang: "es", ContentVersion: strings.Repeat("c", 64), InviteExpiryDays: 14}
	for i := range 5 {
		cfg.Sections = append(cfg.Sections, assess.Section{Instrument: fmt.Sprintf("customer-orientation-%d", i), Hash: strings.Repeat("h", 64), Weight: 0.2, TimeLimitSeconds: 900, Minutes: 15})
	}
	var first assess.Assessment
	for i := range 50 {
		a := assess.Assessment{ID: assess.NewID(), OrgID: org.ID, Config: cfg, CreatedAt: now}
		must(t, repo.CreateAssessment(ctx, a))
		if i == 0 {
			first = a
		}
	}
	var cs []assess.Candidate
	for i := range 100 {
		cid := assess.NewID()
		_, hash := assess.NewBoundToken(assess.InvitePrefix, cid)
		cs = append(cs, assess.Candidate{ID: cid, OrgID: org.ID, AssessmentID: first.ID, TokenHash: hash,
			Name: fmt.Sprintf("Candidate %d", i), Email: fmt.Sprintf("c%d@example.com", i), ExtraTime: 1, CreatedAt: now, ExpiresAt: now.Add(14 * 24 * time.Hour)})
	}
	must(t, repo.CreateCandidates(ctx, cs))
	var sessions []assess.Session
	for _, c := range cs[:60] {
		_, hash := assess.NewBoundToken(assess.SessionPrefix, c.ID)
		s := assess.Session{ID: c.ID, OrgID: org.ID, AssessmentID: first.ID, CandidateID: c.ID,
			TokenHash: hash, Status: assess.SessionActive, ExtraTime: 1, Sections: make([]assess.SectionState, 5),
			StartedAt: now, ExpiresAt: now.Add(7 * 24 * time.Hour), Version: 1}
		must(t, repo.StartSession(ctx, s))
		sessions = append(sessions, s)
	}

	meter.Reset()
	counts, err := repo.AssessmentCounts(ctx, org.ID)
	must(t, err)
	list := meter.Total()
	if len(counts) != 50 || counts[first.ID].Invited != 100 || counts[first.ID].Completed != 0 {
		t.Fatalf("counts of %d assessments; the first %+v", len(counts), counts[first.ID])
	}

	meter.Reset()
	done := sessions[0]
	done.Status, done.CompletedAt = assess.SessionCompleted, now.Add(time.Hour)
	done.Version++
	must(t, repo.CompleteSession(ctx, done))
	complete := meter.Total()

	meter.Reset()
	re, err := repo.Recount(ctx, org.ID, first.ID)
	must(t, err)
	recount := meter.Total()
	if re.Invited != 100 || re.Completed != 1 {
		t.Fatalf("recount %+v", re)
	}

	t.Logf("DynamoDB Local consumed capacity:\n"+
		"  counts of 50 assessments (one query)         %5.1f RU\n"+
		"  a completion with its count                  %5.1f WU (marker 1, session 1, ADD 1)\n"+
		"  counting 100 candidates from their items     %5.1f RU, %.1f WU (Recount)",
		list.ReadUnits, complete.WriteUnits, recount.ReadUnits, recount.WriteUnits)
	// About 90 bytes an assessment: 50 of them are under 5 KB, one or two read units.
	if list.ReadUnits > 2 {
		t.Errorf("the counts of 50 assessments cost %.1f read units, want ≤ 2", list.ReadUnits)
	}
	if complete.WriteUnits != 3 {
		t.Errorf("a completion with its count cost %.1f write units, want 3", complete.WriteUnits)
	}
}
