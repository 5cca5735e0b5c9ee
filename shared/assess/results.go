package assess

import (
	"context"
	"strconv"
)

// CohortOf reads an assessment of orgID and its cohort view: the one source of every
// figure the hiring team sees for it (ranking, candidate detail, statistics, reports).
func (s *Service) CohortOf(ctx context.Context, orgID, assessmentID string) (Assessment, Cohort, error) {
	a, err := s.Repo.Assessment(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, Cohort{}, err
	}
	results, err := s.Repo.Results(ctx, orgID, assessmentID)
	if err != nil {
		return Assessment{}, Cohort{}, err
	}
	scores, err := DecodeScores(results)
	if err != nil {
		return Assessment{}, Cohort{}, err
	}
	return a, BuildCohort(s.Catalog, a, scores), nil
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
	// Keep, if set, filters further (the hiring team's decisions live outside the cohort).
	Keep   func(CohortCandidate) bool
	Cursor string // from the previous page's Next; "" for the first
	Limit  int
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

// Page returns one page of the ranking. Its size is bounded by MaxPageSize whatever the
// cohort's size, and the rows carry no lists of other candidates.
func (c *Cohort) Page(q RankingQuery) (RankingPage, error) {
	switch q.Group {
	case GroupAll, GroupReview, GroupRanked:
	default:
		return RankingPage{}, FieldError("group", "one of review, ranked (or absent for all)")
	}
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		return RankingPage{}, FieldError("limit", "a number from 1 to "+strconv.Itoa(MaxPageSize))
	}
	offset := 0
	if q.Cursor != "" {
		n, err := strconv.Atoi(q.Cursor)
		if err != nil || n < 0 {
			return RankingPage{}, FieldError("cursor", "not a cursor this ranking gave")
		}
		offset = n
	}
	p := RankingPage{Rows: []CohortCandidate{}}
	for _, cc := range c.Candidates {
		if cc.Rank == 0 ||
			(q.Group == GroupReview && !cc.ReviewFirst) || (q.Group == GroupRanked && cc.ReviewFirst) ||
			(q.Caution != "" && !has(cc.Cautions, q.Caution)) || (q.Keep != nil && !q.Keep(cc)) {
			continue
		}
		if p.Total >= offset && len(p.Rows) < q.Limit {
			p.Rows = append(p.Rows, cc)
		}
		p.Total++
	}
	if end := offset + len(p.Rows); end < p.Total {
		p.Next = strconv.Itoa(end)
	}
	return p, nil
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
