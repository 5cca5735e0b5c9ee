package assess

import (
	"context"
	"fmt"
	"strings"
)

// Oversight serves an organisation's record-keeping use cases: people's decisions about
// candidates, candidates' voluntary self-identification, a candidate's data export and
// erasure, the audit log, and the adverse-impact monitor. Its storage is Store; Journey
// reads candidates, sessions and results.
type Oversight struct {
	Store   PrivacyStore
	Journey *Service
	// Objects deletes stored report files on erasure (nil: the deployment stores none).
	Objects ObjectDeleter
	// Webhooks is told of erasures (nil: the deployment sends no webhooks).
	Webhooks *Webhooks
}

// ObjectDeleter removes stored files by key (shared/blob implements it).
type ObjectDeleter interface {
	Delete(ctx context.Context, key string) error
}

// Decide records a person's decision about a candidate of an assessment: by is who
// decides (the caller, never a typed name) and note their reason.
func (o *Oversight) Decide(ctx context.Context, orgID, assessmentID, candidateID string, outcome Outcome, by Actor, note string) (Decision, error) {
	c, err := o.Journey.Candidate(ctx, orgID, candidateID)
	if err == nil && c.AssessmentID != assessmentID {
		err = Errorf(NotFound, "no such candidate")
	}
	if err != nil {
		return Decision{}, err
	}
	d, err := CheckDecision(Decision{OrgID: orgID, AssessmentID: assessmentID, CandidateID: candidateID, Outcome: outcome,
		Reviewer: by.Label, By: by, Note: note, At: o.Journey.Now(), RetainUntil: c.RetainUntil})
	if err != nil {
		return Decision{}, err
	}
	return d, o.Store.PutDecision(ctx, d)
}

// LatestDecisions maps each candidate of an assessment to their latest decision.
func (o *Oversight) LatestDecisions(ctx context.Context, orgID, assessmentID string) (map[string]Decision, error) {
	all, err := o.Store.Decisions(ctx, orgID, assessmentID)
	if err != nil {
		return nil, err
	}
	out := map[string]Decision{}
	for _, d := range all {
		out[d.CandidateID] = d // oldest first: the last one wins
	}
	return out, nil
}

// DecisionsOf is one candidate's decision history, oldest first (never nil).
func (o *Oversight) DecisionsOf(ctx context.Context, orgID, assessmentID, candidateID string) ([]Decision, error) {
	all, err := o.Store.Decisions(ctx, orgID, assessmentID)
	if err != nil {
		return nil, err
	}
	out := []Decision{}
	for _, d := range all {
		if d.CandidateID == candidateID {
			out = append(out, d)
		}
	}
	return out, nil
}

// SelfIdentify stores a candidate's voluntary answers, after the assessment only and
// apart from their answers; scoring never reads them.
func (o *Oversight) SelfIdentify(ctx context.Context, ss Session, gender, ageBand, group string) error {
	if ss.Status == SessionActive {
		return Errorf(Conflict, "these questions come after the assessment is complete")
	}
	in, err := CheckSelfID(SelfID{OrgID: ss.OrgID, AssessmentID: ss.AssessmentID, SessionID: ss.ID,
		Gender: gender, AgeBand: ageBand, Group: group, At: o.Journey.Now(), RetainUntil: ss.RetainUntil})
	if err != nil {
		return err
	}
	return o.Store.PutSelfID(ctx, in)
}

// CandidateExport is everything held about one candidate (a data access request).
type CandidateExport struct {
	Candidate Candidate
	Decisions []Decision // oldest first
	// Session, Answers, Result and SelfID are nil when the candidate never started, was
	// not scored, or gave no self-identification.
	Session *Session
	Answers []AnswerBatch
	Result  *Result
	SelfID  *SelfID
}

// Export gathers everything held about a candidate of the organisation.
func (o *Oversight) Export(ctx context.Context, orgID, candidateID string) (CandidateExport, error) {
	c, err := o.Journey.Candidate(ctx, orgID, candidateID)
	if err != nil {
		return CandidateExport{}, err
	}
	out := CandidateExport{Candidate: c}
	if out.Decisions, err = o.DecisionsOf(ctx, orgID, c.AssessmentID, candidateID); err != nil {
		return CandidateExport{}, err
	}
	ss, batches, err := o.Journey.SessionOf(ctx, c)
	if CodeOf(err) == NotFound {
		return out, nil
	}
	if err != nil {
		return CandidateExport{}, err
	}
	out.Session, out.Answers = &ss, batches
	res, err := o.Journey.Result(ctx, orgID, ss.ID) // its own result only: one read
	switch {
	case err == nil:
		out.Result = &res
	case CodeOf(err) != NotFound:
		return CandidateExport{}, err
	}
	selfIDs, err := o.Store.SelfIDs(ctx, orgID, c.AssessmentID)
	if err != nil {
		return CandidateExport{}, err
	}
	for i := range selfIDs {
		if selfIDs[i].SessionID == ss.ID {
			out.SelfID = &selfIDs[i]
		}
	}
	return out, nil
}

// Erasure is what erasing a candidate removed.
type Erasure struct {
	AssessmentID   string
	ReportsDeleted int
	// HookErr is set when the candidate.erased webhook deliveries could not be written;
	// the erasure itself stands.
	HookErr error
}

// Erase removes everything about one candidate: their items, their report files (every
// version), and the assessment's cohort snapshot, which held their scores (the next read
// rebuilds it from the results that remain). Webhook endpoints are then told, by this
// call itself: the erased items' stream records would have carried the event.
func (o *Oversight) Erase(ctx context.Context, orgID, candidateID string) (Erasure, error) {
	aid, objects, err := o.Store.EraseCandidate(ctx, orgID, candidateID)
	if err == nil && aid != "" {
		err = o.Journey.ForgetCohort(ctx, orgID, aid)
	}
	if err != nil {
		return Erasure{}, err
	}
	out := Erasure{AssessmentID: aid, ReportsDeleted: len(objects)}
	for _, key := range objects {
		if o.Objects == nil {
			break
		}
		if err := o.Objects.Delete(ctx, key); err != nil {
			return out, err // the items are gone; a retry deletes the rest
		}
	}
	if o.Webhooks != nil && aid != "" {
		out.HookErr = o.Webhooks.Emit(ctx, HookEvent{Type: HookErased, At: o.Journey.Now(), OrgID: orgID,
			AssessmentID: aid, CandidateID: candidateID})
	}
	return out, nil
}

// Audit log pages.
const (
	DefaultAuditPage = 100
	MaxAuditPage     = 1000
)

// AuditLog is a page of the organisation's audit events, newest first, and the next
// page's cursor ("" after the last).
func (o *Oversight) AuditLog(ctx context.Context, orgID, cursor string, limit int) ([]AuditEvent, string, error) {
	if limit < 1 || limit > MaxAuditPage {
		return nil, "", FieldError("limit", fmt.Sprintf("a number from 1 to %d", MaxAuditPage))
	}
	return o.Store.AuditEvents(ctx, orgID, cursor, limit)
}

// FairnessRule says how Fairness flags a group.
const FairnessRule = "impact ratio = a group's selection rate / the highest group's; under 0.80 is flagged (four-fifths rule); groups under 30 are too few to judge"

// CheckFairnessField accepts a self-identification field to group by ("" is gender).
func CheckFairnessField(field string) (string, error) {
	if field == "" {
		return "gender", nil
	}
	if !containsString(FairnessFields, field) {
		return "", FieldError("field", strings.Join(FairnessFields[:len(FairnessFields)-1], ", ")+" or "+FairnessFields[len(FairnessFields)-1])
	}
	return field, nil
}

// Fairness is the adverse-impact monitor for an assessment's ranked candidates (cohort):
// selection rates and impact ratios by the self-identification field's groups, at the cut
// (a role-fit score), by people's latest decisions, and above the median.
func (o *Oversight) Fairness(ctx context.Context, orgID, assessmentID, field string, cut float64, cohort []CohortCandidate) (Fairness, error) {
	field, err := CheckFairnessField(field)
	if err != nil {
		return Fairness{}, err
	}
	selfIDs, err := o.Store.SelfIDs(ctx, orgID, assessmentID)
	if err != nil {
		return Fairness{}, err
	}
	latest, err := o.LatestDecisions(ctx, orgID, assessmentID)
	if err != nil {
		return Fairness{}, err
	}
	group := map[string]string{}
	for _, sid := range selfIDs {
		group[sid.SessionID] = SelfIDValue(sid, field)
	}
	decided := map[string]Outcome{}
	for _, cc := range cohort {
		if d, ok := latest[cc.CandidateID]; ok {
			decided[cc.SessionID] = d.Outcome
		}
	}
	return BuildFairness(field, cut, cohort, group, decided), nil
}
