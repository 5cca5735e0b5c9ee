package assess

import "context"

// The organisation-scoped reads the HR routes need, so that the HTTP layer never reaches
// the repository itself: each names the organisation, so another team's ids are NotFound.

// Assessments lists an organisation's assessments.
func (s *Service) Assessments(ctx context.Context, orgID string) ([]Assessment, error) {
	return s.Repo.Assessments(ctx, orgID)
}

// Assessment is one of an organisation's assessments.
func (s *Service) Assessment(ctx context.Context, orgID, id string) (Assessment, error) {
	return s.Repo.Assessment(ctx, orgID, id)
}

// Candidate is one of an organisation's candidates.
func (s *Service) Candidate(ctx context.Context, orgID, id string) (Candidate, error) {
	return s.Repo.Candidate(ctx, orgID, id)
}

// CandidateOf is one of an assessment's candidates (NotFound when it is another's).
func (s *Service) CandidateOf(ctx context.Context, orgID, assessmentID, id string) (Candidate, error) {
	c, err := s.Repo.Candidate(ctx, orgID, id)
	if err == nil && c.AssessmentID != assessmentID {
		err = Errorf(NotFound, "no such candidate")
	}
	return c, err
}

// CandidatesByID reads these candidates of an organisation (unknown ids are left out).
func (s *Service) CandidatesByID(ctx context.Context, orgID string, ids []string) ([]Candidate, error) {
	return s.Repo.CandidatesByID(ctx, orgID, ids)
}

// Result is a scored session's result.
func (s *Service) Result(ctx context.Context, orgID, sessionID string) (Result, error) {
	return s.Repo.Result(ctx, orgID, sessionID)
}

// SessionOf is a candidate's session (a session has its candidate's id) with its answer
// batches; NotFound when the candidate never started.
func (s *Service) SessionOf(ctx context.Context, c Candidate) (Session, []AnswerBatch, error) {
	ss, err := s.Repo.Session(ctx, c.ID)
	if err != nil {
		return Session{}, nil, err
	}
	batches, err := s.Repo.Batches(ctx, ss.ID)
	return ss, batches, err
}
