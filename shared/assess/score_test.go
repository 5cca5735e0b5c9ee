package assess_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// candidateAnswers answers every item of a section the way a mid-to-good candidate would:
// keyed answers with probability p, something else otherwise (deterministic per seed).
func candidateAnswers(inst *catalog.Instrument, p float64, r *rand.Rand) []assess.Answer {
	var out []assess.Answer
	val := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	for _, it := range inst.Items {
		good := r.Float64() < p
		var v json.RawMessage
		switch inst.Kind {
		case catalog.Likert:
			x := 4
			if !good {
				x = 2
			}
			if it.Key < 0 {
				x = 6 - x
			}
			v = val(x)
		case catalog.MultipleChoice:
			if it.Correct == nil {
				continue
			}
			x := *it.Correct
			if !good {
				x = (x + 1) % len(it.Options)
			}
			v = val(x)
		case catalog.SJT:
			b, w := *it.Best, *it.Worst
			if !good {
				b, w = w, b
			}
			v = val(map[string]int{"best": b, "worst": w})
		case catalog.DataValidation:
			cells := map[string]string{}
			for cell, want := range it.Task.Errors {
				if good {
					cells[cell] = want
				}
			}
			v = val(map[string]any{"cells": cells})
		default:
			continue
		}
		out = append(out, assess.Answer{Item: it.ID, Value: v, MS: 20000})
	}
	return out
}

func scoredSession(t *testing.T, cat *catalog.Catalog, a assess.Assessment, id string, seed uint64, skip int) assess.Scores {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, 1))
	ss := assess.Session{ID: id, CandidateID: id, OrgID: a.OrgID, AssessmentID: a.ID, Seed: int64(seed), Status: assess.SessionCompleted}
	var batches []assess.AnswerBatch
	for i, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			t.Fatal(err)
		}
		ans := candidateAnswers(inst, 0.7, r)
		if i == skip {
			continue // the section is left entirely unanswered
		}
		batches = append(batches, assess.AnswerBatch{SessionID: id, Seq: i + 1, Section: i, Answers: ans})
	}
	sc, err := assess.ScoreSession(cat, a, ss, batches, time.Unix(1_800_000_000, 0))
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

func assessmentFor(t *testing.T, cat *catalog.Catalog, role string, add ...string) assess.Assessment {
	t.Helper()
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: role, Lang: catalog.ES, Add: add})
	if err != nil {
		t.Fatal(err)
	}
	return assess.Assessment{ID: "asmt" + role[:4], OrgID: "org1", Config: cfg}
}

// TestSkippingNeverPays: a candidate who leaves any one weighted section unanswered ranks
// below an otherwise identical candidate who attempted it — in role fit, and in the
// ranking of a cohort they share (skipping the heaviest section used to win).
func TestSkippingNeverPays(t *testing.T) {
	cat := loadCatalog(t)
	for _, role := range []string{"sales-back-office", "ecommerce-customer-support"} {
		a := assessmentFor(t, cat, role, "numerical-reasoning", "work-judgment")
		for skip, sec := range a.Config.Sections {
			if sec.Weight == 0 {
				continue
			}
			t.Run(fmt.Sprintf("%s/%s", role, sec.Instrument), func(t *testing.T) {
				var all []assess.Scores
				for i := range 40 { // a cohort for local norms and observed reliability
					all = append(all, scoredSession(t, cat, a, fmt.Sprintf("peer%02d", i), uint64(100+i), -1))
				}
				full := scoredSession(t, cat, a, "attempted", 7, -1)
				skipper := scoredSession(t, cat, a, "skipped", 7, skip)
				co := assess.BuildCohort(cat, a, append(all, full, skipper))
				f, _ := find2(co, "attempted")
				s, _ := find2(co, "skipped")
				if !f.Fit.Defined || !s.Fit.Defined {
					t.Fatalf("fits undefined: %+v %+v", f.Fit, s.Fit)
				}
				if s.Fit.C >= f.Fit.C || (!s.ReviewFirst && !f.ReviewFirst && s.Rank <= f.Rank) {
					t.Errorf("skipping %s: fit %.3f (rank %d) vs %.3f (rank %d) when attempted", sec.Instrument, s.Fit.C, s.Rank, f.Fit.C, f.Rank)
				}
			})
		}
	}
}

func find2(co assess.Cohort, sid string) (assess.CohortCandidate, bool) { return co.Candidate(sid) }

// TestItemScoresAverageToTheRawScore: for every classical scale kind, the item scores
// kept for reliability are in the units of the reported score (their mean is the raw
// score), so α and the SEM describe that score (the SJT's were once 4× too large).
func TestItemScoresAverageToTheRawScore(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "sales-back-office", "work-judgment", "digital-tools", "parallel-cases")
	kinds := map[catalog.Kind]bool{}
	for seed := range uint64(20) {
		sc := scoredSession(t, cat, a, fmt.Sprint("s", seed), seed, int(seed)%len(a.Config.Sections))
		for _, sec := range sc.Sections {
			for _, s := range sec.Scales {
				if s.Metric == catalog.Theta || len(s.ItemScores) == 0 {
					continue
				}
				sum := 0.0
				for _, v := range s.ItemScores {
					sum += v
				}
				if mean := sum / float64(len(s.ItemScores)); math.Abs(mean-s.Raw) > 1e-9 {
					t.Errorf("%s (%s): mean item score %.4f, raw %.4f", s.Scale, sec.Kind, mean, s.Raw)
				}
				kinds[sec.Kind] = true
			}
		}
	}
	for _, k := range []catalog.Kind{catalog.Likert, catalog.SJT, catalog.DataValidation, catalog.MultipleChoice} {
		if !kinds[k] {
			t.Errorf("no %s scale was checked", k)
		}
	}
}

// TestMissingWorkHasACost: unanswered multiple-choice items are wrong, an unanswered
// SJT scenario earns the midpoint (what a guess earns on average), and an unanswered
// data-validation task 0; flagging every cell earns about nothing.
func TestMissingWorkHasACost(t *testing.T) {
	cat := loadCatalog(t)
	a := assessmentFor(t, cat, "sales-back-office", "numerical-reasoning", "work-judgment")
	ss := assess.Session{ID: "empty", CandidateID: "empty", OrgID: "org1", AssessmentID: a.ID, Seed: 3, Status: assess.SessionCompleted}
	sc, err := assess.ScoreSession(cat, a, ss, nil, time.Unix(1_800_000_000, 0))
	if err != nil {
		t.Fatal(err)
	}
	for _, sec := range sc.Sections {
		for _, s := range sec.Scales {
			switch {
			case sec.Kind == catalog.Likert && s.Raw != 1:
				t.Errorf("%s: an unanswered Likert scale scores %v, want its lowest value 1", s.Scale, s.Raw)
			case sec.Kind == catalog.SJT && s.Raw != 0.5:
				t.Errorf("%s: an unanswered SJT scores %v, want 0.5 (0 points a scenario)", s.Scale, s.Raw)
			case sec.Kind == catalog.DataValidation && s.Raw != 0:
				t.Errorf("%s: an unanswered work sample scores %v, want 0", s.Scale, s.Raw)
			case s.Metric == catalog.Theta && !(s.Raw < -1.5):
				t.Errorf("%s: no answers gives θ %.2f; every item is wrong, so it should be low", s.Scale, s.Raw)
			}
		}
	}
	// Flag every cell of every task: false flags cost what right flags earn.
	var flagAll []assess.Answer
	for i, sec := range a.Config.Sections {
		inst, _ := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if inst.Kind != catalog.DataValidation {
			continue
		}
		for _, it := range inst.Items {
			cells := map[string]string{}
			for r := range it.Task.Rows {
				for _, col := range it.Task.Columns {
					cells[fmt.Sprintf("%d:%s", r, col.ID)] = "x"
				}
			}
			b, _ := json.Marshal(map[string]any{"cells": cells})
			flagAll = append(flagAll, assess.Answer{Item: it.ID, Value: b})
		}
		sc, err := assess.ScoreSession(cat, a, ss, []assess.AnswerBatch{{SessionID: "empty", Seq: 1, Section: i, Answers: flagAll}}, time.Unix(1_800_000_000, 0))
		if err != nil {
			t.Fatal(err)
		}
		if raw := sc.Sections[i].Scales[0].Raw; raw > 0.05 {
			t.Errorf("flagging every cell scores %.3f of the work sample; it should earn about nothing", raw)
		}
	}
	if len(flagAll) == 0 {
		t.Fatal("no data-validation section in the assessment")
	}
}

// TestRawMinimumFlagsInTheCohort: a raw minimum becomes a flag in the cohort view (never
// a rejection) against the scale's own metric.
func TestRawMinimumFlagsInTheCohort(t *testing.T) {
	cat := loadCatalog(t)
	cfg, err := assess.BuildConfig(cat, assess.Spec{RoleID: "sales-back-office", Lang: catalog.ES,
		MinimumsRaw: map[string]float64{"excel-sales-validation": 0.99}})
	if err != nil {
		t.Fatal(err)
	}
	a := assess.Assessment{ID: "asmtraw", OrgID: "org1", Config: cfg}
	var all []assess.Scores
	for i := range 5 {
		all = append(all, scoredSession(t, cat, a, fmt.Sprint("r", i), uint64(i), -1))
	}
	for _, cc := range assess.BuildCohort(cat, a, all).Candidates {
		flagged := false
		for _, sf := range cc.Fit.BelowMinimum {
			flagged = flagged || sf.ID == "excel-sales-validation"
		}
		if !flagged || cc.Rank == 0 {
			t.Errorf("%s: below a raw minimum of 0.99 but not flagged (or not ranked): %+v", cc.SessionID, cc.Fit.BelowMinimum)
		}
	}
}
