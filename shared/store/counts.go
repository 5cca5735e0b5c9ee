package store

import (
	"context"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Counts of an assessment's candidates, kept on write so that the list of assessments
// reads one small item per assessment instead of every candidate and session.
//
//	ORG#<org>   CNT#<asmt>   inv, cmp (numbers), iexp (ns)
//
// inv is how many stored candidates were invited, cmp how many of them completed. An
// invite request adds its candidates with one ADD per assessment (no read, 1 write unit:
// the item is about 100 bytes) after the candidates are written; a completion adds one
// after the session's write, and only when that write completed it (a completion that
// lost a race adds nothing). An erasure takes the candidate off what they had reached.
// iexp is the latest expiry of an invite issued. Starts and scoring are not counted: each
// would cost every candidate one more write unit, which the per-candidate budget
// (docs/storage.md, "What a request costs") does not have room for.
//
// The counter item is written with its assessment. An assessment stored before counting
// began has none: its counts are unknown (no bump creates the item), until Recount. A
// bump is best effort: it follows a transition that has already happened, so its failure
// is not the request's; a count can then fall short by the bumps that failed (or that a
// crash between the two writes lost), which Recount repairs. Candidates removed by their
// retention's expiry (the table's TTL) are not taken off: no code runs then.

const (
	attrInvited      = "inv"
	attrCompleted    = "cmp"
	attrInvitesUntil = "iexp"
	typeCounts       = "cnt"
	countsPrefix     = "CNT#"
)

func countsKey(org, asmt string) Key { return Key{"ORG#" + org, countsPrefix + asmt} }

// createCounts writes an assessment's counter item, all zero. Best effort, as a bump:
// without it the assessment's counts are unknown, never wrong.
func (r *Repository) createCounts(ctx context.Context, a assess.Assessment) {
	it := base(countsKey(a.OrgID, a.ID), typeCounts)
	it[attrInvited], it[attrCompleted] = int64(0), int64(0)
	_ = r.t.Put(context.WithoutCancel(ctx), it, Absent())
}

// bump adds to the counters of one assessment and sets set; an assessment without a
// counter item is left so.
func (r *Repository) bump(ctx context.Context, org, asmt string, add map[string]int64, set Item) {
	if !okID(org) || !okID(asmt) {
		return
	}
	_, _ = r.t.Update(context.WithoutCancel(ctx), countsKey(org, asmt), Update{Add: add, Set: set}, Cond{})
}

// countInvites counts new candidates (one write per assessment among them) and moves
// each assessment's latest invite expiry on.
func (r *Repository) countInvites(ctx context.Context, cs []assess.Candidate) {
	type group struct {
		org  string
		n    int64
		last time.Time
	}
	groups := map[string]*group{}
	var order []string
	for _, c := range cs {
		g := groups[c.AssessmentID]
		if g == nil {
			g = &group{org: c.OrgID}
			groups[c.AssessmentID] = g
			order = append(order, c.AssessmentID)
		}
		g.n++
		if c.ExpiresAt.After(g.last) {
			g.last = c.ExpiresAt
		}
	}
	for _, asmt := range order {
		g := groups[asmt]
		r.bump(ctx, g.org, asmt, map[string]int64{attrInvited: g.n}, Item{attrInvitesUntil: g.last.UnixNano()})
	}
}

// countStage counts one candidate reaching a stage (attrCompleted).
func (r *Repository) countStage(ctx context.Context, s assess.Session, stage string) {
	r.bump(ctx, s.OrgID, s.AssessmentID, map[string]int64{stage: 1}, nil)
}

// uncount takes an erased candidate off every stage they had reached (s is their session,
// when opened is true).
func (r *Repository) uncount(ctx context.Context, c assess.Candidate, s assess.Session, opened bool) {
	add := stagesOf(s, opened)
	for k, v := range add {
		add[k] = -v
	}
	r.bump(ctx, c.OrgID, c.AssessmentID, add, nil)
}

// stagesOf is 1 for each counted stage a candidate reached (invited always).
func stagesOf(s assess.Session, opened bool) map[string]int64 {
	out := map[string]int64{attrInvited: 1}
	if opened && (s.Status == assess.SessionCompleted || s.Status == assess.SessionScored) {
		out[attrCompleted] = 1
	}
	return out
}

// AssessmentCounts implements assess.Repo: the counts of orgID's assessments that have
// them, by assessment id. One query of small items: about 90 bytes an assessment, so 50
// assessments cost one or two read units.
func (r *Repository) AssessmentCounts(ctx context.Context, orgID string) (map[string]assess.AssessmentCounts, error) {
	out := map[string]assess.AssessmentCounts{}
	if !okID(orgID) {
		return out, nil
	}
	items, err := r.queryAll(ctx, Query{PK: "ORG#" + orgID, SKPrefix: countsPrefix, Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		out[strings.TrimPrefix(it.Str(table.SK), countsPrefix)] = fromCountsItem(it)
	}
	return out, nil
}

func fromCountsItem(it Item) assess.AssessmentCounts {
	c := assess.AssessmentCounts{Invited: it.Int(attrInvited), Completed: it.Int(attrCompleted)}
	if ns := it.Int(attrInvitesUntil); ns != 0 {
		c.InvitesUntil = time.Unix(0, ns).UTC()
	}
	return c
}

// Recount rebuilds an assessment's counters from its candidates and their sessions (the
// reads the counters exist to avoid: one index query and two batch reads per 100
// candidates), and writes them over whatever was there, creating the item for an
// assessment stored before counting began. Bumps that land while it reads are lost (or
// counted twice): run it when the assessment is quiet.
func (r *Repository) Recount(ctx context.Context, orgID, assessmentID string) (assess.AssessmentCounts, error) {
	if _, err := r.Assessment(ctx, orgID, assessmentID); err != nil {
		return assess.AssessmentCounts{}, err
	}
	cs, err := r.Candidates(ctx, orgID, assessmentID)
	if err != nil {
		return assess.AssessmentCounts{}, err
	}
	ss, err := r.SessionsOf(ctx, cs)
	if err != nil {
		return assess.AssessmentCounts{}, err
	}
	byID := map[string]assess.Session{}
	for _, s := range ss {
		byID[s.ID] = s
	}
	it := base(countsKey(orgID, assessmentID), typeCounts)
	var last time.Time
	sum := map[string]int64{attrInvited: 0, attrCompleted: 0}
	for _, c := range cs {
		s, opened := byID[c.ID]
		for st, n := range stagesOf(s, opened) {
			sum[st] += n
		}
		if c.ExpiresAt.After(last) {
			last = c.ExpiresAt
		}
	}
	for st, n := range sum {
		it[st] = n
	}
	if !last.IsZero() {
		it[attrInvitesUntil] = last.UnixNano()
	}
	if err := r.t.Put(ctx, it, Cond{}); err != nil {
		return assess.AssessmentCounts{}, err
	}
	return fromCountsItem(it), nil
}
