package api

import (
	"net/http"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// cohortOf loads an assessment of the caller's organisation, its candidates' progress and
// its stored scores, and computes the cohort view.
func (s *server) cohortOf(r *http.Request) (assess.Assessment, []assess.CandidateStatus, []assess.Scores, assess.Cohort, error) {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return assess.Assessment{}, nil, nil, assess.Cohort{}, err
	}
	org := orgOf(r).ID
	a, progress, err := s.Journey.Progress(r.Context(), org, id)
	if err != nil {
		return assess.Assessment{}, nil, nil, assess.Cohort{}, err
	}
	results, err := s.Journey.Repo.Results(r.Context(), org, id)
	if err != nil {
		return assess.Assessment{}, nil, nil, assess.Cohort{}, err
	}
	scores, err := assess.DecodeScores(results)
	if err != nil {
		return assess.Assessment{}, nil, nil, assess.Cohort{}, err
	}
	return a, progress, scores, assess.BuildCohort(s.Catalog, a, scores), nil
}

type rankedJSON struct {
	Rank         int                 `json:"rank"`
	TieGroup     int                 `json:"tieGroup"`
	TiedWith     []string            `json:"tiedWith"`
	CandidateID  string              `json:"candidateId"`
	Name         string              `json:"name"`
	Composite    float64             `json:"composite"`
	SE           float64             `json:"se"`
	Band         scoring.Band        `json:"band"`
	BelowMinimum []scoring.Shortfall `json:"belowMinimum"`
	Cautions     int                 `json:"cautions"`
	Decision     assess.Outcome      `json:"decision,omitempty"` // a person's latest decision
}

// lang is ?lang= or the assessment's language.
func langOf(r *http.Request, a assess.Assessment) (catalog.Lang, error) {
	if err := checkQuery(r, "lang"); err != nil {
		return "", err
	}
	if r.URL.Query().Has("lang") {
		return negotiateLang(r)
	}
	return a.Config.Lang, nil
}

// cohortIn is cohortOf with the language the answer is in (?lang=, or the assessment's).
func (s *server) cohortIn(r *http.Request) (assess.Assessment, []assess.CandidateStatus, []assess.Scores, assess.Cohort, catalog.Lang, error) {
	a, progress, scores, cohort, err := s.cohortOf(r)
	if err != nil {
		return a, nil, nil, cohort, "", err
	}
	lang, err := langOf(r, a)
	return a, progress, scores, cohort, lang, err
}

func (s *server) ranking(w http.ResponseWriter, r *http.Request) {
	a, progress, scores, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	bySession := map[string]assess.Candidate{}
	for _, p := range progress {
		if p.Session != nil {
			bySession[p.Session.ID] = p.Candidate
		}
	}
	cautions := map[string]int{}
	for _, sc := range scores {
		cautions[sc.SessionID] = len(sc.Cautions)
	}
	fits := map[string]scoring.Composite{}
	for _, cc := range cohort.Candidates {
		fits[cc.SessionID] = cc.Fit
	}
	latest := map[string]assess.Decision{}
	if s.Privacy != nil {
		if latest, err = s.latestDecisions(r.Context(), orgOf(r).ID, a.ID); err != nil {
			writeError(w, r, err)
			return
		}
	}
	out := make([]rankedJSON, 0, len(cohort.Ranking))
	for _, rk := range cohort.Ranking {
		c := bySession[rk.ID]
		tied := make([]string, 0, len(rk.TiedWith))
		for _, sid := range rk.TiedWith {
			tied = append(tied, bySession[sid].ID)
		}
		fit := fits[rk.ID]
		out = append(out, rankedJSON{Rank: rk.Rank, TieGroup: rk.TieGroup, TiedWith: tied, CandidateID: c.ID, Name: c.Name,
			Composite: rk.C, SE: rk.SE, Band: fit.Band, BelowMinimum: nonNil(fit.BelowMinimum), Cautions: cautions[rk.ID],
			Decision: latest[c.ID].Outcome})
	}
	counts := map[string]int{}
	for _, p := range progress {
		counts[p.Status]++
	}
	s.audit(r, "results.view", "assessment:"+a.ID, nil)
	writeJSON(w, http.StatusOK, map[string]any{
		"assessmentId": a.ID, "ranking": out, "tieRule": textIn(cohort.TieRule, lang), "status": counts,
		"note": textIn(decisionNote, lang),
	})
}

// decisionNote is shown with every ranking and report: tools support, people decide.
var decisionNote = scoring.Text{
	ES: "Este ranking apoya una decisión humana; no la reemplaza. Las cautelas de calidad de respuesta son para revisar, nunca motivo de descarte automático.",
	EN: "This ranking supports a human decision; it does not replace it. Response-quality cautions are for review, never a reason for automatic rejection.",
}

type probeJSON struct {
	Scale     string         `json:"scale"`
	Name      string         `json:"name"`
	Z         float64        `json:"z"`
	Reason    string         `json:"reason"`
	Questions []questionJSON `json:"questions,omitempty"`
}

type questionJSON struct {
	Question   string `json:"question"`
	GoodAnswer string `json:"goodAnswer"`
}

type cautionJSON struct {
	Code      string  `json:"code"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Message   string  `json:"message"`
}

func (s *server) candidateDetail(w http.ResponseWriter, r *http.Request) {
	cid, err := pathID(r, "candidateId")
	if err != nil {
		writeError(w, r, err)
		return
	}
	a, progress, scores, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	var st *assess.CandidateStatus
	for i := range progress {
		if progress[i].Candidate.ID == cid {
			st = &progress[i]
		}
	}
	if st == nil {
		writeError(w, r, assess.Errorf(assess.NotFound, "no such candidate"))
		return
	}
	c := st.Candidate
	out := map[string]any{"candidateId": c.ID, "name": c.Name, "email": c.Email, "externalId": c.ExternalID,
		"extraTime": c.ExtraTime, "status": st.Status, "note": textIn(decisionNote, lang)}
	s.audit(r, "candidate.view", "candidate:"+c.ID, nil)
	if s.Privacy != nil {
		all, err := s.Privacy.Decisions(r.Context(), orgOf(r).ID, a.ID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		var history []decisionJSON
		for _, d := range all {
			if d.CandidateID == c.ID {
				history = append(history, toDecisionJSON(d))
			}
		}
		out["decisions"] = nonNil(history)
	}
	if st.Session == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	var mine *assess.Scores
	for i := range scores {
		if scores[i].SessionID == st.Session.ID {
			mine = &scores[i]
		}
	}
	if mine == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	for _, cc := range cohort.Candidates {
		if cc.SessionID == mine.SessionID {
			out["cohort"] = cc
		}
	}
	for _, rk := range cohort.Ranking {
		if rk.ID == mine.SessionID {
			out["rank"] = map[string]any{"rank": rk.Rank, "tieGroup": rk.TieGroup, "of": len(cohort.Ranking)}
		}
	}
	out["scores"] = mine
	cautions := make([]cautionJSON, 0, len(mine.Cautions))
	for _, ca := range mine.Cautions {
		cautions = append(cautions, cautionJSON{Code: ca.Code, Value: ca.Value, Threshold: ca.Threshold, Message: textIn(ca.Message, lang)})
	}
	out["cautions"] = cautions
	out["strengths"] = s.insights(a, mine.Strengths, lang, false)
	out["probes"] = s.insights(a, mine.Probes, lang, true)
	writeJSON(w, http.StatusOK, out)
}

// insights names each scale and, for areas to probe, attaches the content's interview
// questions for it.
func (s *server) insights(a assess.Assessment, list []scoring.Insight, lang catalog.Lang, questions bool) []probeJSON {
	out := make([]probeJSON, 0, len(list))
	for _, in := range list {
		p := probeJSON{Scale: in.Scale, Z: in.Z, Reason: in.Reason, Name: in.Scale}
		for _, sec := range a.Config.Sections {
			inst, err := s.Catalog.InstrumentAt(sec.Instrument, sec.Hash)
			if err != nil {
				continue
			}
			for _, sc := range inst.Scales {
				if sc.ID == in.Scale {
					p.Name = sc.Name.In(lang)
				}
			}
			if !questions {
				continue
			}
			for _, q := range inst.Interview {
				if q.Scale == in.Scale {
					p.Questions = append(p.Questions, questionJSON{Question: q.Question.In(lang), GoodAnswer: q.GoodAnswer.In(lang)})
				}
			}
		}
		out = append(out, p)
	}
	return out
}

func (s *server) statistics(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r); err != nil {
		writeError(w, r, err)
		return
	}
	a, _, scores, cohort, err := s.cohortOf(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"assessmentId": a.ID, "scored": len(scores), "scales": cohort.Scales,
		"localNormMin": scoring.LocalNormMin, "reliabilityMin": scoring.ReliabilityMinN})
}

// textIn picks the language of a scoring text (scoring has no catalog dependency).
func textIn(t scoring.Text, lang catalog.Lang) string {
	if lang == catalog.ES {
		return t.ES
	}
	return t.EN
}
