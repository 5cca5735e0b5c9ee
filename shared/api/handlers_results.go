package api

import (
	"net/http"
	"strconv"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// Results routes: ranking, candidate detail and statistics. Each reads the assessment's
// cohort view (assess.Service.CohortOf), so they show the same figures for the same
// moment, labelled with asOf and n.

// bandJSON is a 95% interval.
type bandJSON struct {
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

func bandOf(b scoring.Band) bandJSON { return bandJSON{Low: b.Low, High: b.High} }

// compositeJSON is a composite (z units) with its standard error and 95% band.
type compositeJSON struct {
	Value float64  `json:"value"`
	SE    float64  `json:"se"`
	Band  bandJSON `json:"band"`
}

func compositeOf(c scoring.Composite) *compositeJSON {
	if !c.Defined {
		return nil
	}
	return &compositeJSON{Value: c.C, SE: c.SE, Band: bandOf(c.Band)}
}

type shortfallJSON struct {
	Scale   string  `json:"scale"`
	Z       float64 `json:"z"`
	Minimum float64 `json:"minimum"`
	Clearly bool    `json:"clearly"`
}

func shortfalls(in []scoring.Shortfall) []shortfallJSON {
	out := make([]shortfallJSON, 0, len(in))
	for _, s := range in {
		out = append(out, shortfallJSON{Scale: s.ID, Z: s.Z, Minimum: s.Minimum, Clearly: s.Clearly})
	}
	return out
}

type rankedJSON struct {
	Rank     int     `json:"rank"`
	RankLow  int     `json:"rankLow"`
	RankHigh int     `json:"rankHigh"`
	PTop     float64 `json:"pTop"`

	CandidateID string   `json:"candidateId"`
	Name        string   `json:"name"`
	Composite   float64  `json:"composite"`
	SE          float64  `json:"se"`
	Band        bandJSON `json:"band"`
	// AbilityComposite leaves self-report out (ability, work samples, judgment); null when
	// the assessment has no such part.
	AbilityComposite *compositeJSON  `json:"abilityComposite"`
	BelowMinimum     []shortfallJSON `json:"belowMinimum"`
	Cautions         []string        `json:"cautions"`
	ReviewFirst      bool            `json:"reviewFirst"`
	Decision         assess.Outcome  `json:"decision,omitempty"` // a person's latest decision
}

// cohortJSON labels which cohort view an answer shows.
type cohortJSON struct {
	AsOf   time.Time  `json:"asOf"`
	N      int        `json:"n"`
	TopK   int        `json:"topK"`
	Scales []normJSON `json:"norms"`
}

// normJSON says what each scale's standard scores are measured against.
type normJSON struct {
	Scale       string             `json:"scale"`
	Norm        scoring.NormSource `json:"norm"`
	N           int                `json:"n"`
	Provisional bool               `json:"provisional"` // a reference norm without a calibration sample
}

func cohortLabel(c assess.CohortHead) cohortJSON {
	out := cohortJSON{AsOf: c.AsOf, N: c.N, TopK: c.TopK, Scales: []normJSON{}}
	for _, s := range c.Scales {
		out.Scales = append(out.Scales, normJSON{Scale: s.Scale, Norm: s.Norm, N: s.NormN, Provisional: provisional(s)})
	}
	return out
}

func provisional(s assess.CohortScale) bool { return s.Norm == scoring.Reference && s.NormN == 0 }

type rankingResponse struct {
	AssessmentID string       `json:"assessmentId"`
	Cohort       cohortJSON   `json:"cohort"`
	Total        int          `json:"total"` // rows matching the query, over all pages
	Next         string       `json:"next"`  // cursor of the next page; "" after the last
	Ranking      []rankedJSON `json:"ranking"`
	RankRule     string       `json:"rankRule"`
	Note         string       `json:"note"`
}

// lang is ?lang= or the assessment's language.
func langOf(r *http.Request, a assess.Assessment) (catalog.Lang, error) {
	if r.URL.Query().Has("lang") {
		return negotiateLang(r)
	}
	return a.Config.Lang, nil
}

// cohortOf reads the path's assessment of the caller's organisation and its cohort view.
func (s *server) cohortOf(r *http.Request) (assess.Assessment, assess.CohortView, error) {
	id, err := pathID(r, "assessmentId")
	if err != nil {
		return assess.Assessment{}, assess.CohortView{}, err
	}
	return s.Journey.CohortOf(r.Context(), orgOf(r).ID, id)
}

// cohortIn is cohortOf with the language the answer is in (?lang=, or the assessment's).
func (s *server) cohortIn(r *http.Request) (assess.Assessment, assess.CohortView, catalog.Lang, error) {
	a, cohort, err := s.cohortOf(r)
	if err != nil {
		return a, cohort, "", err
	}
	lang, err := langOf(r, a)
	return a, cohort, lang, err
}

func (s *server) ranking(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r, "lang", "limit", "cursor", "group", "caution", "decision"); err != nil {
		writeError(w, r, err)
		return
	}
	q := r.URL.Query()
	query := assess.RankingQuery{Group: q.Get("group"), Caution: q.Get("caution"), Cursor: q.Get("cursor")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			writeError(w, r, assess.FieldError("limit", "a number from 1 to "+strconv.Itoa(assess.MaxPageSize)))
			return
		}
		query.Limit = n
	}
	if c := query.Caution; c != "" && !has(scoring.CautionCodes(), c) {
		writeError(w, r, assess.FieldError("caution", "not a caution code"))
		return
	}
	a, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	latest := map[string]assess.Decision{}
	if s.Privacy != nil {
		if latest, err = s.latestDecisions(r.Context(), orgOf(r).ID, a.ID); err != nil {
			writeError(w, r, err)
			return
		}
	}
	if d := q.Get("decision"); d != "" {
		if o := assess.Outcome(d); d != "none" && o != assess.Advance && o != assess.Hold && o != assess.Reject {
			writeError(w, r, assess.FieldError("decision", "advance, hold, reject or none"))
			return
		}
		// A session's id is its candidate's: the decided candidates name the sessions.
		var decided []string
		for cid, dec := range latest {
			if d == "none" || string(dec.Outcome) == d {
				decided = append(decided, cid)
			}
		}
		if d == "none" {
			query.Exclude = decided
		} else {
			query.Only = append([]string{}, decided...)
		}
	}
	page, err := cohort.Page(r.Context(), query)
	if err != nil {
		writeError(w, r, err)
		return
	}
	names, err := s.candidateNames(r, a.ID, page.Rows)
	if err != nil {
		writeError(w, r, err)
		return
	}
	out := make([]rankedJSON, 0, len(page.Rows))
	for _, cc := range page.Rows {
		out = append(out, rankedJSON{Rank: cc.Rank, RankLow: cc.RankLow, RankHigh: cc.RankHigh, PTop: cc.PTop,
			CandidateID: cc.CandidateID, Name: names[cc.CandidateID], Composite: cc.Fit.C, SE: cc.Fit.SE, Band: bandOf(cc.Fit.Band),
			AbilityComposite: compositeOf(cc.Ability), BelowMinimum: shortfalls(cc.Fit.BelowMinimum),
			Cautions: cc.Cautions, ReviewFirst: cc.ReviewFirst, Decision: latest[cc.CandidateID].Outcome})
	}
	s.audit(r, "results.view", "assessment:"+a.ID, nil)
	writeJSON(w, http.StatusOK, rankingResponse{AssessmentID: a.ID, Cohort: cohortLabel(cohort.Head), Total: page.Total, Next: page.Next,
		Ranking: out, RankRule: textIn(cohort.Head.RankRule, lang), Note: textIn(decisionNote, lang)})
}

// candidateNames reads the names of one page's candidates (one batch read per 100).
func (s *server) candidateNames(r *http.Request, assessmentID string, rows []assess.CohortCandidate) (map[string]string, error) {
	ids := make([]string, 0, len(rows))
	for _, cc := range rows {
		ids = append(ids, cc.CandidateID)
	}
	cs, err := s.Journey.CandidatesByID(r.Context(), orgOf(r).ID, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(cs))
	for _, c := range cs {
		if c.AssessmentID == assessmentID { // an erased candidate is simply absent
			out[c.ID] = c.Name
		}
	}
	return out, nil
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
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
	Serious   bool    `json:"serious"`
	Message   string  `json:"message"`
}

// standingJSON is one scale of a candidate against the cohort's norm. Percentile is
// null against a provisional reference norm (no calibration sample describes it).
type standingJSON struct {
	Metric     string             `json:"metric"`
	Raw        float64            `json:"raw"`
	Norm       scoring.NormSource `json:"norm"`
	Z          float64            `json:"z"`
	T          float64            `json:"t"`
	Percentile *float64           `json:"percentile"`
	SE         float64            `json:"se"`
	Band       bandJSON           `json:"band"`
	Answered   int                `json:"answered"`
	Items      int                `json:"items"`
}

type rankJSON struct {
	Rank     int     `json:"rank"`
	RankLow  int     `json:"rankLow"`
	RankHigh int     `json:"rankHigh"`
	PTop     float64 `json:"pTop"`
	TopK     int     `json:"topK"`
	Of       int     `json:"of"`
}

type candidateDetailResponse struct {
	CandidateID string         `json:"candidateId"`
	Name        string         `json:"name"`
	Email       string         `json:"email"`
	ExternalID  string         `json:"externalId"`
	ExtraTime   float64        `json:"extraTime"`
	Status      string         `json:"status"`
	Note        string         `json:"note"`
	Decisions   []decisionJSON `json:"decisions"`
	// The rest is present once the candidate is scored.
	SessionID   string                  `json:"sessionId,omitempty"`
	Cohort      *cohortJSON             `json:"cohort,omitempty"`
	Rank        *rankJSON               `json:"rank,omitempty"`
	Fit         *compositeJSON          `json:"fit,omitempty"`
	Ability     *compositeJSON          `json:"abilityComposite,omitempty"`
	Scales      map[string]standingJSON `json:"scales,omitempty"`
	Sections    []assess.SectionScore   `json:"sections,omitempty"`
	Cautions    []cautionJSON           `json:"cautions"`
	ReviewFirst bool                    `json:"reviewFirst"`
	Strengths   []probeJSON             `json:"strengths"`
	Probes      []probeJSON             `json:"probes"`
}

func (s *server) candidateDetail(w http.ResponseWriter, r *http.Request) {
	cid, err := pathID(r, "candidateId")
	if err == nil {
		err = checkQuery(r, "lang")
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	a, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	org := orgOf(r).ID
	st, err := s.Journey.CandidateProgress(r.Context(), org, a.ID, cid)
	if err != nil {
		writeError(w, r, err)
		return
	}
	c := st.Candidate
	out := candidateDetailResponse{CandidateID: c.ID, Name: c.Name, Email: c.Email, ExternalID: c.ExternalID,
		ExtraTime: c.ExtraTime, Status: st.Status, Note: textIn(decisionNote, lang), Decisions: []decisionJSON{},
		Cautions: []cautionJSON{}, Strengths: []probeJSON{}, Probes: []probeJSON{}}
	s.audit(r, "candidate.view", "candidate:"+c.ID, nil)
	if s.Privacy != nil {
		all, err := s.Privacy.Decisions(r.Context(), org, a.ID)
		if err != nil {
			writeError(w, r, err)
			return
		}
		for _, d := range all {
			if d.CandidateID == c.ID {
				out.Decisions = append(out.Decisions, toDecisionJSON(d))
			}
		}
	}
	if st.Session == nil {
		writeJSON(w, http.StatusOK, out)
		return
	}
	cc, ok, err := cohort.Candidate(r.Context(), st.Session.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if !ok {
		writeJSON(w, http.StatusOK, out)
		return
	}
	mine, err := s.resultOf(r, a.ID, st.Session.ID)
	if err != nil {
		writeError(w, r, err)
		return
	}
	label := cohortLabel(cohort.Head)
	out.SessionID, out.Cohort = cc.SessionID, &label
	if cc.Rank > 0 {
		of := cohort.Head.Main // places are counted within the candidate's group
		if cc.ReviewFirst {
			of = cohort.Head.Ranked - cohort.Head.Main
		}
		out.Rank = &rankJSON{Rank: cc.Rank, RankLow: cc.RankLow, RankHigh: cc.RankHigh, PTop: cc.PTop, TopK: cohort.Head.TopK, Of: of}
	}
	out.Fit, out.Ability, out.ReviewFirst = compositeOf(cc.Fit), compositeOf(cc.Ability), cc.ReviewFirst
	out.Scales = map[string]standingJSON{}
	for id, sc := range cc.Scales {
		out.Scales[id] = standingOf(sc, cohort.Head, id)
	}
	out.Sections = mine.Sections
	for _, ca := range mine.Cautions {
		out.Cautions = append(out.Cautions, cautionJSON{Code: ca.Code, Value: ca.Value, Threshold: ca.Threshold,
			Serious: ca.Serious, Message: textIn(ca.Message, lang)})
	}
	out.Strengths = s.insights(a, cc.Strengths, lang, false)
	out.Probes = s.insights(a, cc.Probes, lang, true)
	writeJSON(w, http.StatusOK, out)
}

func standingOf(sc assess.Standing, cohort assess.CohortHead, scale string) standingJSON {
	out := standingJSON{Metric: sc.Metric, Raw: sc.Raw, Norm: sc.Norm, Z: sc.Z, T: sc.T, SE: sc.SE, Band: bandOf(sc.Band),
		Answered: sc.Answered, Items: sc.Items}
	if cs, ok := cohort.Scale(scale); ok && !provisional(cs) {
		p := sc.Percentile
		out.Percentile = &p
	}
	return out
}

// resultOf reads one session's stored result (the raw facts behind the cohort's figures).
func (s *server) resultOf(r *http.Request, assessmentID, sessionID string) (assess.Scores, error) {
	res, err := s.Journey.Result(r.Context(), orgOf(r).ID, sessionID)
	if err != nil {
		return assess.Scores{}, err
	}
	if res.AssessmentID != assessmentID {
		return assess.Scores{}, assess.Errorf(assess.NotFound, "no such result")
	}
	scores, err := assess.DecodeScores([]assess.Result{res})
	if err != nil {
		return assess.Scores{}, err
	}
	return scores[0], nil
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

type statisticsResponse struct {
	AssessmentID   string               `json:"assessmentId"`
	Cohort         cohortJSON           `json:"cohort"`
	Scored         int                  `json:"scored"`
	Scales         []assess.CohortScale `json:"scales"`
	LocalNormMin   int                  `json:"localNormMin"`
	ReliabilityMin int                  `json:"reliabilityMin"`
}

func (s *server) statistics(w http.ResponseWriter, r *http.Request) {
	if err := checkQuery(r); err != nil {
		writeError(w, r, err)
		return
	}
	a, cohort, err := s.cohortOf(r)
	if err != nil {
		writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, statisticsResponse{AssessmentID: a.ID, Cohort: cohortLabel(cohort.Head), Scored: cohort.Head.N, Scales: cohort.Head.Scales,
		LocalNormMin: scoring.LocalNormMin, ReliabilityMin: scoring.ReliabilityMinN})
}

// textIn picks the language of a scoring text (scoring has no catalog dependency).
func textIn(t scoring.Text, lang catalog.Lang) string {
	if lang == catalog.ES {
		return t.ES
	}
	return t.EN
}
