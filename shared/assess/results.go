package assess

import (
	"context"
)

// CohortOf reads an assessment of orgID and its cohort view: the one source of every
// figure the hiring team sees for it (ranking, candidate detail, statistics, reports).
func (s *Service) CohortOf(ctx context.Context, orgID, assessmentID string) (Assessment, CohortView, error) {
	a, err := s.Repo.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, CohortView{}, err
	}
	v, err := s.cohorts().View(ctx, a)
	return a, v, err
}

// CohortFor is an assessment's current cohort view.
func (s *Service) CohortFor(ctx context.Context, a Assessment) (CohortView, error) {
	return s.cohorts().View(ctx, a)
}

// AddToCohort adds newly scored results of one assessment to its cohort snapshot.
func (s *Service) AddToCohort(ctx context.Context, a Assessment, results []Scores) error {
	return s.cohorts().Add(ctx, a, results)
}

// ForgetCohort drops an assessment's snapshot (after an erasure).
func (s *Service) ForgetCohort(ctx context.Context, orgID, assessmentID string) error {
	return s.cohorts().Forget(ctx, orgID, assessmentID)
}

// cohorts is the service's snapshot keeper; without one, views are computed from the
// results on each read.
func (s *Service) cohorts() *Cohorts {
	if s.Cohorts == nil {
		return &Cohorts{Results: s.Repo, Catalog: s.Catalog, Clock: s.Clock}
	}
	c := *s.Cohorts // the service's clock decides when a retention date has passed
	if c.Clock == nil {
		c.Clock = s.Clock
	}
	return &c
}

// Ranking groups: "review" holds candidates with a serious response-quality caution
// (listed apart, to be looked at before their scores are trusted), "ranked" the others.
const (
	GroupAll    = ""
	GroupReview = "review"
	GroupRanked = "ranked"
)

// RankingQuery selects one page of a cohort's ranking.
type RankingQuery struct {
	Group   string // GroupAll, GroupReview or GroupRanked
	Caution string // only candidates with this caution code ("" = any)
	// Only (when not nil) keeps just these sessions and Exclude leaves these out: filters
	// on what lives outside the cohort view (the hiring team's decisions).
	Only    []string
	Exclude []string
	// Standing keeps one standing: StandingReview (a serious caution: "review first"),
	// StandingBelow (not review first, a part below its minimum) or StandingClear (neither).
	Standing string
	// Sort is SortFit (default), SortAbility, SortName or SortTest(instrument); Reverse
	// turns the default direction round (scores highest first; names in ByName's order).
	// Names live outside the cohort view: with SortName, ByName lists session ids by name.
	Sort    string
	Reverse bool
	ByName  []string
	Cursor  string // from the previous page's Next; "" for the first
	Limit   int
}

// Standings of RankingQuery.Standing.
const (
	StandingReview = "review"
	StandingBelow  = "below"
	StandingClear  = "clear"
)

// CandidatesOf lists an assessment's candidates (for orders that need their names).
func (s *Service) CandidatesOf(ctx context.Context, orgID, assessmentID string) ([]Candidate, error) {
	return s.Repo.Candidates(ctx, orgID, assessmentID)
}

// Ranking page sizes.
const (
	DefaultPageSize = 50
	MaxPageSize     = 500
)

// RankingPage is one page of rows in rank order, the number of rows matching the query
// and the cursor of the next page ("" after the last).
type RankingPage struct {
	Rows  []CohortCandidate
	Total int
	Next  string
}
