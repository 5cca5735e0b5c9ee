package assess

import "context"

// The storage ports of the HR use cases that are not the journey's (Repo) or the team's
// (TeamRepo): shared/store implements them all, and the HTTP layer only names them.

// PrivacyStore is what the privacy, oversight and fairness use cases need from
// storage.
type PrivacyStore interface {
	UpdateOrganisation(ctx context.Context, o Organisation) error
	PutDecision(ctx context.Context, d Decision) error
	Decisions(ctx context.Context, orgID, assessmentID string) ([]Decision, error)
	PutSelfID(ctx context.Context, s SelfID) error
	SelfIDs(ctx context.Context, orgID, assessmentID string) ([]SelfID, error)
	EraseCandidate(ctx context.Context, orgID, candidateID string) (assessmentID string, objects []string, err error)
	AuditEvents(ctx context.Context, orgID, cursor string, limit int) ([]AuditEvent, string, error)
	PutLogo(ctx context.Context, orgID string, l LogoImage) error
	Logo(ctx context.Context, orgID string) (LogoImage, error)
}

// CohortReportQueue takes a request for a cohort report, which the reports function
// renders (shared/store implements it). A process that renders at once has no queue.
type CohortReportQueue interface {
	RequestCohortReport(ctx context.Context, orgID, assessmentID, pdfID, csvID string) error
}

// ReportStore is what the report use cases need from storage.
type ReportStore interface {
	Reports(ctx context.Context, orgID, assessmentID string) ([]ReportRecord, error)
	Report(ctx context.Context, orgID, assessmentID, id string) (ReportRecord, error)
	AppendAudit(ctx context.Context, e AuditEvent) error
}

// IdempotencyStore keeps the first response to each Idempotency-Key (shared/store).
type IdempotencyStore interface {
	ClaimIdempotency(ctx context.Context, rec IdempotencyRecord) (IdempotencyRecord, bool, error)
	FinishIdempotency(ctx context.Context, rec IdempotencyRecord) error
	ReleaseIdempotency(ctx context.Context, rec IdempotencyRecord) error
}
