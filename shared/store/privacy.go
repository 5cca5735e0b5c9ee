package store

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"shortlist/shared/assess"
	"shortlist/shared/store/table"
)

// Privacy items (see the package doc's table):
//
//	decision history of a candidate           CAND#<cid>          DEC#<at ns>           ASMT#<asmt> / DEC#<cid>#<at ns>
//	decisions of an assessment                GSI1 ASMT#<asmt>, prefix DEC#, then BatchGet
//	self-identification of a session          SELF#<asmt>         <sid>
//	self-identifications of an assessment     SELF#<asmt>
//
// Self-identification lives in its own partition, apart from answers and results, and no
// scoring code reads it.

const (
	typeDecision = "dec"
	typeSelfID   = "self"
)

func decisionKey(cid string, at int64) Key { return Key{"CAND#" + cid, fmt.Sprintf("DEC#%019d", at)} }
func selfIDKey(asmt, sid string) Key       { return Key{"SELF#" + asmt, sid} }

type decisionDoc struct {
	Org      string       `json:"org"`
	Asmt     string       `json:"asmt"`
	Outcome  string       `json:"o"`
	Reviewer string       `json:"r"`
	By       assess.Actor `json:"by"`
	Note     string       `json:"n"`
	At       int64        `json:"at"`
}

type selfIDDoc struct {
	Org    string `json:"org"`
	Gender string `json:"g,omitempty"`
	Age    string `json:"a,omitempty"`
	Group  string `json:"x,omitempty"`
	At     int64  `json:"at"`
}

// UpdateOrganisation replaces an existing organisation's settings.
func (r *Repository) UpdateOrganisation(ctx context.Context, o assess.Organisation) error {
	if !okID(o.ID) {
		return badID("organisation", o.ID)
	}
	it, err := toOrgItem(o)
	if err != nil {
		return err
	}
	return r.t.Put(ctx, it, Exists())
}

// attrImage holds a logo's bytes (a binary attribute: at most assess.MaxLogoBytes).
const attrImage = "img"

// PutLogo stores an organisation's logo in an item of its own, next to the organisation
// (which keeps only its assess.LogoRef, so the item read on every HR request stays
// small); a logo without a type removes it.
func (r *Repository) PutLogo(ctx context.Context, orgID string, l assess.LogoImage) error {
	if !okID(orgID) {
		return badID("organisation", orgID)
	}
	if l.Type == "" {
		return r.t.Delete(ctx, logoKey(orgID), Cond{})
	}
	it, err := withDoc(base(logoKey(orgID), typeLogo), map[string]string{"t": l.Type})
	if err != nil {
		return err
	}
	it[attrImage] = l.Data
	return r.t.Put(ctx, it, Cond{})
}

// Logo reads an organisation's logo; NotFound when it has none.
func (r *Repository) Logo(ctx context.Context, orgID string) (assess.LogoImage, error) {
	if !okID(orgID) {
		return assess.LogoImage{}, notFound()
	}
	it, err := r.t.Get(ctx, logoKey(orgID))
	if err != nil {
		return assess.LogoImage{}, err
	}
	var d map[string]string
	if err := readDoc(it, &d); err != nil {
		return assess.LogoImage{}, err
	}
	return assess.LogoImage{Type: d["t"], Data: it.Bytes(attrImage)}, nil
}

// PutDecision records a human decision about a candidate (history is kept).
func (r *Repository) PutDecision(ctx context.Context, d assess.Decision) error {
	if !okID(d.OrgID) || !okID(d.AssessmentID) || !okID(d.CandidateID) || d.At.IsZero() {
		return badID("decision", d.CandidateID)
	}
	at := d.At.UnixNano()
	it := base(decisionKey(d.CandidateID, at), typeDecision)
	it[table.GSI1PK], it[table.GSI1SK] = asmtParent(d.AssessmentID), fmt.Sprintf("DEC#%s#%019d", d.CandidateID, at)
	it, err := withDoc(it, decisionDoc{d.OrgID, d.AssessmentID, string(d.Outcome), d.Reviewer, d.By, d.Note, at})
	if err != nil {
		return err
	}
	return r.t.Put(ctx, withTTL(it, d.RetainUntil), Absent())
}

func fromDecisionItem(it Item) (assess.Decision, error) {
	var d decisionDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Decision{}, err
	}
	return assess.Decision{OrgID: d.Org, AssessmentID: d.Asmt, CandidateID: strings.TrimPrefix(it.Str(table.PK), "CAND#"),
		Outcome: assess.Outcome(d.Outcome), Reviewer: d.Reviewer, By: d.By, Note: d.Note, At: fromNanos(d.At), RetainUntil: ttlOf(it)}, nil
}

// DecisionAt reads the decision recorded about a candidate at a time (Unix ns), as a
// stream record names it (NotifyRecord).
func (r *Repository) DecisionAt(ctx context.Context, candidateID string, at int64) (assess.Decision, error) {
	if !okID(candidateID) {
		return assess.Decision{}, notFound()
	}
	it, err := r.t.Get(ctx, decisionKey(candidateID, at))
	if err != nil {
		return assess.Decision{}, err
	}
	return fromDecisionItem(it)
}

// Decisions lists an assessment's decisions, oldest first (the last per candidate counts).
func (r *Repository) Decisions(ctx context.Context, orgID, assessmentID string) ([]assess.Decision, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	items, err := r.indexed(ctx, asmtParent(assessmentID), "DEC#", nil)
	if err != nil {
		return nil, err
	}
	out, err := decodeAll(items, fromDecisionItem, func(d assess.Decision) bool { return d.OrgID == orgID })
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out, nil
}

// PutSelfID stores (or replaces) a session's voluntary self-identification.
func (r *Repository) PutSelfID(ctx context.Context, s assess.SelfID) error {
	if !okID(s.OrgID) || !okID(s.AssessmentID) || !okID(s.SessionID) {
		return badID("self-identification", s.SessionID)
	}
	it, err := withDoc(base(selfIDKey(s.AssessmentID, s.SessionID), typeSelfID),
		selfIDDoc{s.OrgID, s.Gender, s.AgeBand, s.Group, nanos(s.At)})
	if err != nil {
		return err
	}
	return r.t.Put(ctx, withTTL(it, s.RetainUntil), Cond{})
}

// SelfIDs lists an assessment's self-identifications.
func (r *Repository) SelfIDs(ctx context.Context, orgID, assessmentID string) ([]assess.SelfID, error) {
	if !okID(orgID) || !okID(assessmentID) {
		return nil, nil
	}
	items, err := r.queryAll(ctx, Query{PK: "SELF#" + assessmentID, Limit: MaxQueryLimit})
	if err != nil {
		return nil, err
	}
	var out []assess.SelfID
	for _, it := range items {
		var d selfIDDoc
		if err := readDoc(it, &d); err != nil {
			return nil, err
		}
		if d.Org != orgID {
			continue
		}
		out = append(out, assess.SelfID{OrgID: d.Org, AssessmentID: assessmentID, SessionID: it.Str(table.SK),
			Gender: d.Gender, AgeBand: d.Age, Group: d.Group, At: fromNanos(d.At), RetainUntil: ttlOf(it)})
	}
	return out, nil
}

// EraseCandidate deletes everything the table holds about one candidate of orgID: the
// invite, the session, answers, result, pending markers (scoring and report),
// decisions, self-identification, and the records of reports that name them (their own,
// and the assessment's cohort reports). It returns the object keys of those reports, for
// the caller to delete from the bucket. Erasing again finds nothing and succeeds.
func (r *Repository) EraseCandidate(ctx context.Context, orgID, candidateID string) (assessmentID string, objects []string, err error) {
	c, err := r.Candidate(ctx, orgID, candidateID)
	if err != nil {
		return "", nil, err
	}
	var keys []Key
	add := func(items []Item) {
		for _, it := range items {
			keys = append(keys, it.Key(table.PK, table.SK))
		}
	}
	// The candidate's partition: the candidate item and its decisions.
	items, err := r.queryAll(ctx, Query{PK: "CAND#" + c.ID, Limit: MaxQueryLimit})
	if err != nil {
		return "", nil, err
	}
	add(items)
	// The session (it has the candidate's id), if one was opened.
	sid := c.ID
	s, err := r.Session(ctx, sid)
	opened := err == nil
	switch {
	case err == nil:
		if !s.CompletedAt.IsZero() {
			keys = append(keys, pendingKey(s.ID, s.CompletedAt), pendingReportKey(s.ID, s.CompletedAt))
		}
	case !isCode(err, assess.NotFound):
		return "", nil, err
	}
	// The session's partition: the session, its answer batches and its result.
	items, err = r.queryAll(ctx, Query{PK: "SESS#" + sid, Limit: MaxQueryLimit})
	if err != nil {
		return "", nil, err
	}
	add(items)
	keys = append(keys, selfIDKey(c.AssessmentID, sid))
	reps, err := r.Reports(ctx, orgID, c.AssessmentID)
	if err != nil {
		return "", nil, err
	}
	for _, rep := range reps {
		if rep.SessionID == sid || rep.SessionID == "" {
			keys = append(keys, reportKey(orgID, rep.AssessmentID, rep.ID))
			objects = append(objects, rep.ObjectKey)
		}
	}
	for _, k := range keys {
		if err := r.t.Delete(ctx, k, Cond{}); err != nil {
			return "", nil, err
		}
	}
	r.uncount(ctx, c, s, opened)
	return c.AssessmentID, objects, nil
}
