package api

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/report/norms"
	"shortlist/shared/scoring"
)

// Results routes: ranking, candidate detail, compare and statistics. Each reads the
// assessment's cohort view once (assess.Service.CohortOf), so they show the same figures
// for the same moment, labelled with asOf and n.

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
	// Standing is "review" (a serious caution), "below" (a part below its minimum) or
	// "clear" (neither).
	Standing string `json:"standing"`
	// Tier groups the candidates of the group who cannot be told apart (1 = top).
	Tier int `json:"tier"`
	// Tests: one score per test of the answer's tests, in the same order (z units like
	// the composite; null when the candidate has no score on it).
	Tests []testScoreJSON `json:"tests"`
}

// testScoreJSON is a candidate's score on one test.
type testScoreJSON struct {
	Test  string         `json:"test"` // the instrument's id
	Score *compositeJSON `json:"score"`
}

func testScores(head assess.CohortHead, cc assess.CohortCandidate) []testScoreJSON {
	out := make([]testScoreJSON, 0, len(head.Tests))
	for i, t := range head.Tests {
		ts := testScoreJSON{Test: t.Instrument}
		if i < len(cc.Tests) && cc.Tests[i].Defined {
			x := cc.Tests[i]
			ts.Score = &compositeJSON{Value: x.Z, SE: x.SE, Band: bandOf(x.Band)}
		}
		out = append(out, ts)
	}
	return out
}

// standingOfRow is a ranked candidate's standing (assess.Standing* values).
func standingOfRow(cc assess.CohortCandidate) string {
	switch {
	case cc.ReviewFirst:
		return assess.StandingReview
	case len(cc.Fit.BelowMinimum) > 0:
		return assess.StandingBelow
	}
	return assess.StandingClear
}

// testJSON names one test of the assessment (a column of the ranking).
type testJSON struct {
	ID     string         `json:"id"` // the instrument's id; sort=test:<id>
	Name   string         `json:"name"`
	Family catalog.Family `json:"family"`
	Weight float64        `json:"weight"` // its weight in the role fit (0: shown, not weighted)
	Scales []string       `json:"scales"`
	Norm   string         `json:"norm"` // what its T scores are measured against, in words
}

// tierJSON is one tier of a group: size candidates at places first…last.
type tierJSON struct {
	Group string `json:"group"` // ranked or review
	Tier  int    `json:"tier"`
	Size  int    `json:"size"`
	First int    `json:"first"`
	Last  int    `json:"last"`
}

func testsOf(g assess.Guide, head assess.CohortHead, lang catalog.Lang) []testJSON {
	out := make([]testJSON, 0, len(head.Tests))
	for _, t := range head.Tests {
		tj := testJSON{ID: t.Instrument, Name: g.PartName(t.Section, t.Instrument, lang), Family: t.Family, Weight: t.Weight, Scales: t.Scales}
		tj.Norm = norms.CompositeLabel(string(lang), normsOf(head, t.Scales))
		out = append(out, tj)
	}
	return out
}

func tiersOf(head assess.CohortHead) []tierJSON {
	out := make([]tierJSON, 0, len(head.Tiers))
	for _, t := range head.Tiers {
		out = append(out, tierJSON{Group: t.Group, Tier: t.Tier, Size: t.Size, First: t.First, Last: t.Last})
	}
	return out
}

// normsOf are the norms of these scales, as the reports label them.
func normsOf(head assess.CohortHead, scales []string) []norms.Norm {
	var out []norms.Norm
	for _, id := range scales {
		if cs, ok := head.Scale(id); ok {
			out = append(out, norms.Norm{Source: string(cs.Norm), N: cs.NormN})
		}
	}
	return out
}

// cohortJSON labels which cohort view an answer shows.
type cohortJSON struct {
	AsOf   time.Time  `json:"asOf"`
	N      int        `json:"n"`
	TopK   int        `json:"topK"`
	Scales []normJSON `json:"norms"`
	Scale  tScaleJSON `json:"scale"`
}

// tScaleJSON is the one scale every score is shown on (console, PDFs, CSV): T = 50 + 10·z
// on a 20–80 axis, with the norm the role fit is measured against in the words the
// reports use.
type tScaleJSON struct {
	Name      string  `json:"name"` // "T"
	Mean      float64 `json:"mean"`
	SD        float64 `json:"sd"`
	AxisLow   float64 `json:"axisLow"`
	AxisHigh  float64 `json:"axisHigh"`
	NormLabel string  `json:"normLabel"`
}

// normJSON says what each scale's standard scores are measured against.
type normJSON struct {
	Scale       string             `json:"scale"`
	Norm        scoring.NormSource `json:"norm"`
	N           int                `json:"n"`
	Provisional bool               `json:"provisional"` // a reference norm without a calibration sample
	Label       string             `json:"label"`       // the norm in words, as the reports print it
}

func cohortLabel(c assess.CohortHead, lang catalog.Lang) cohortJSON {
	out := cohortJSON{AsOf: c.AsOf, N: c.N, TopK: c.TopK, Scales: []normJSON{},
		Scale: tScaleJSON{Name: "T", Mean: 50, SD: 10, AxisLow: 20, AxisHigh: 80}}
	var scored []string
	for _, s := range c.Scales {
		out.Scales = append(out.Scales, normJSON{Scale: s.Scale, Norm: s.Norm, N: s.NormN, Provisional: provisional(s),
			Label: norms.Label(string(lang), norms.Norm{Source: string(s.Norm), N: s.NormN})})
		if !s.Caution {
			scored = append(scored, s.Scale)
		}
	}
	out.Scale.NormLabel = norms.CompositeLabel(string(lang), normsOf(c, scored))
	return out
}

func provisional(s assess.CohortScale) bool { return s.Norm == scoring.Reference && s.NormN == 0 }

type rankingResponse struct {
	AssessmentID string       `json:"assessmentId"`
	Cohort       cohortJSON   `json:"cohort"`
	Total        int          `json:"total"` // rows matching the query, over all pages
	Next         string       `json:"next"`  // cursor of the next page; "" after the last
	Sort         string       `json:"sort"`  // the order of the rows: fit, ability, name or test:<id>
	Dir          string       `json:"dir"`   // asc or desc
	Tests        []testJSON   `json:"tests"` // the columns of each row's tests
	Tiers        []tierJSON   `json:"tiers"` // every tier of both groups, over the whole cohort
	Ranking      []rankedJSON `json:"ranking"`
	RankRule     string       `json:"rankRule"`
	TierRule     string       `json:"tierRule"`
	Note         string       `json:"note"`
}

// tierRule says what a tier is, with the ranking.
var tierRule = scoring.Text{
	ES: "Un nivel reúne a quienes esta evaluación no distingue: empieza en el mejor situado que aún no tiene nivel y sigue, en el orden del ranking, con cada candidato cuyo intervalo de puesto del 95 % se solapa con el suyo, hasta el primero que ya no se solapa.",
	EN: "A tier holds candidates this assessment cannot tell apart: it starts at the best-placed candidate not yet in a tier and continues, in ranking order, with every candidate whose 95% rank interval overlaps theirs, up to the first that no longer overlaps.",
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

func (s *server) ranking(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r, "lang", "limit", "cursor", "group", "caution", "decision", "standing", "sort", "dir"); err != nil {
		return err
	}
	q := r.URL.Query()
	query := assess.RankingQuery{Group: q.Get("group"), Caution: q.Get("caution"), Cursor: q.Get("cursor"), Standing: q.Get("standing")}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return assess.FieldError("limit", "a number from 1 to "+strconv.Itoa(assess.MaxPageSize))
		}
		query.Limit = n
	}
	if c := query.Caution; c != "" && !has(scoring.CautionCodes(), c) {
		return assess.FieldError("caution", "not a caution code")
	}
	switch query.Standing {
	case "", assess.StandingReview, assess.StandingBelow, assess.StandingClear:
	default:
		return assess.FieldError("standing", "review, below or clear")
	}
	sortBy := q.Get("sort")
	switch sortBy {
	case "", "fit":
		sortBy, query.Sort = "fit", assess.SortFit
	case "ability", "name":
		query.Sort = sortBy
	default:
		if !strings.HasPrefix(sortBy, "test:") {
			return assess.FieldError("sort", "fit, ability, name or test:<id> of one of the assessment's tests")
		}
		query.Sort = sortBy // checked against the view's tests below
	}
	dir := q.Get("dir")
	switch dir {
	case "":
		dir = "desc"
		if sortBy == "name" {
			dir = "asc"
		}
	case "asc", "desc":
	default:
		return assess.FieldError("dir", "asc or desc")
	}
	query.Reverse = (dir == "asc") != (sortBy == "name")
	if d := q.Get("decision"); d != "" {
		if o := assess.Outcome(d); d != "none" && o != assess.Advance && o != assess.Hold && o != assess.Reject {
			return assess.FieldError("decision", "advance, hold, reject or none")
		}
	}
	a, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		return err
	}
	if strings.HasPrefix(sortBy, "test:") {
		if _, ok := cohort.Head.Test(strings.TrimPrefix(sortBy, "test:")); !ok {
			return assess.FieldError("sort", "not a test of this assessment")
		}
	}
	latest := map[string]assess.Decision{}
	if s.Privacy != nil {
		if latest, err = s.latestDecisions(r.Context(), orgOf(r).ID, a.ID); err != nil {
			return err
		}
	}
	if d := q.Get("decision"); d != "" {
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
	if query.Sort == assess.SortName {
		if query.ByName, err = s.byName(r, a.ID); err != nil {
			return err
		}
	}
	page, err := cohort.Page(r.Context(), query)
	if err != nil {
		return err
	}
	names, err := s.candidateNames(r, a.ID, page.Rows)
	if err != nil {
		return err
	}
	guide, err := assess.GuideOf(s.Catalog, a)
	if err != nil {
		return err
	}
	out := make([]rankedJSON, 0, len(page.Rows))
	for _, cc := range page.Rows {
		out = append(out, rankedJSON{Rank: cc.Rank, RankLow: cc.RankLow, RankHigh: cc.RankHigh, PTop: cc.PTop,
			CandidateID: cc.CandidateID, Name: names[cc.CandidateID], Composite: cc.Fit.C, SE: cc.Fit.SE, Band: bandOf(cc.Fit.Band),
			AbilityComposite: compositeOf(cc.Ability), BelowMinimum: shortfalls(cc.Fit.BelowMinimum),
			Cautions: cc.Cautions, ReviewFirst: cc.ReviewFirst, Decision: latest[cc.CandidateID].Outcome,
			Standing: standingOfRow(cc), Tier: cc.Tier, Tests: testScores(cohort.Head, cc)})
	}
	s.audit(r, "results.view", "assessment:"+a.ID, nil)
	writeJSON(w, http.StatusOK, rankingResponse{AssessmentID: a.ID, Cohort: cohortLabel(cohort.Head, lang), Total: page.Total, Next: page.Next,
		Sort: sortBy, Dir: dir, Tests: testsOf(guide, cohort.Head, lang), Tiers: tiersOf(cohort.Head),
		Ranking: out, RankRule: textIn(cohort.Head.RankRule, lang), TierRule: textIn(tierRule, lang), Note: textIn(decisionNote, lang)})
	return nil
}

// byName lists an assessment's candidates (their sessions have their ids) by name,
// alphabetically ignoring case and accents ("Álvaro" beside "alvaro"), equal names by id.
// The order is the same in both languages.
func (s *server) byName(r *http.Request, assessmentID string) ([]string, error) {
	cs, err := s.Journey.CandidatesOf(r.Context(), orgOf(r).ID, assessmentID)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]string, len(cs))
	for _, c := range cs {
		keys[c.ID] = nameKey(c.Name)
	}
	sort.SliceStable(cs, func(i, j int) bool {
		if ki, kj := keys[cs[i].ID], keys[cs[j].ID]; ki != kj {
			return ki < kj
		}
		return cs[i].ID < cs[j].ID
	})
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out, nil
}

// nameKey is a name's sort key: lower case, the accents of Spanish and other Latin
// letters folded ("Álvaro" → "alvaro"). A table, not Unicode normalisation, keeps the
// normalisation tables out of the HTTP functions' binaries.
func nameKey(name string) string { return foldAccents.Replace(strings.ToLower(name)) }

var foldAccents = strings.NewReplacer(
	"á", "a", "à", "a", "â", "a", "ä", "a", "ã", "a", "å", "a",
	"é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "ì", "i", "î", "i", "ï", "i",
	"ó", "o", "ò", "o", "ô", "o", "ö", "o", "õ", "o",
	"ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ñ", "n", "ç", "c", "ý", "y", "ÿ", "y")

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
// null against a provisional reference norm (no calibration sample describes it). Band
// is on the scale's own metric, clipped to the range the metric can take (a share stays
// within 0–1, a 1–5 mean within 1–5); TBand is the band in T units, as the reports print
// it.
type standingJSON struct {
	Metric     string             `json:"metric"`
	Raw        float64            `json:"raw"`
	Norm       scoring.NormSource `json:"norm"`
	Z          float64            `json:"z"`
	T          float64            `json:"t"`
	Percentile *float64           `json:"percentile"`
	SE         float64            `json:"se"`
	Band       bandJSON           `json:"band"`
	TBand      bandJSON           `json:"tBand"`
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
	Group    string  `json:"group"` // ranked or review: places are counted within it
	Tier     int     `json:"tier"`
}

func rankOf(cc assess.CohortCandidate, head assess.CohortHead) *rankJSON {
	if cc.Rank == 0 {
		return nil
	}
	out := &rankJSON{Rank: cc.Rank, RankLow: cc.RankLow, RankHigh: cc.RankHigh, PTop: cc.PTop, TopK: head.TopK, Of: head.Main,
		Group: assess.GroupRanked, Tier: cc.Tier}
	if cc.ReviewFirst {
		out.Of, out.Group = head.Ranked-head.Main, assess.GroupReview // places are counted within the group
	}
	return out
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
	Tests       []testJSON              `json:"tests,omitempty"`
	TestScores  []testScoreJSON         `json:"testScores,omitempty"`
	Scales      map[string]standingJSON `json:"scales,omitempty"`
	Sections    []assess.SectionScore   `json:"sections,omitempty"`
	Cautions    []cautionJSON           `json:"cautions"`
	ReviewFirst bool                    `json:"reviewFirst"`
	Standing    string                  `json:"standing,omitempty"`
	Strengths   []probeJSON             `json:"strengths"`
	Probes      []probeJSON             `json:"probes"`
}

func (s *server) candidateDetail(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "candidateId")
	if err == nil {
		err = checkQuery(r, "lang")
	}
	if err != nil {
		return err
	}
	a, cohort, lang, err := s.cohortIn(r)
	if err != nil {
		return err
	}
	org := orgOf(r).ID
	st, err := s.Journey.CandidateProgress(r.Context(), org, a.ID, cid)
	if err != nil {
		return err
	}
	c := st.Candidate
	out := candidateDetailResponse{CandidateID: c.ID, Name: c.Name, Email: c.Email, ExternalID: c.ExternalID,
		ExtraTime: c.ExtraTime, Status: st.Status, Note: textIn(decisionNote, lang), Decisions: []decisionJSON{},
		Cautions: []cautionJSON{}, Strengths: []probeJSON{}, Probes: []probeJSON{}}
	s.audit(r, "candidate.view", "candidate:"+c.ID, nil)
	if s.Privacy != nil {
		all, err := s.Privacy.Decisions(r.Context(), org, a.ID)
		if err != nil {
			return err
		}
		for _, d := range all {
			if d.CandidateID == c.ID {
				out.Decisions = append(out.Decisions, toDecisionJSON(d))
			}
		}
	}
	if st.Session == nil {
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	cc, ok, err := cohort.Candidate(r.Context(), st.Session.ID)
	if err != nil {
		return err
	}
	if !ok {
		writeJSON(w, http.StatusOK, out)
		return nil
	}
	mine, err := s.resultOf(r, a.ID, st.Session.ID)
	if err != nil {
		return err
	}
	guide, err := assess.GuideOf(s.Catalog, a)
	if err != nil {
		return err
	}
	label := cohortLabel(cohort.Head, lang)
	out.SessionID, out.Cohort = cc.SessionID, &label
	out.Rank = rankOf(cc, cohort.Head)
	out.Fit, out.Ability, out.ReviewFirst = compositeOf(cc.Fit), compositeOf(cc.Ability), cc.ReviewFirst
	if cc.Rank > 0 {
		out.Standing = standingOfRow(cc)
	}
	out.Tests, out.TestScores = testsOf(guide, cohort.Head, lang), testScores(cohort.Head, cc)
	out.Scales = standings(cc, cohort.Head)
	out.Sections = mine.Sections
	for i := range out.Sections {
		if out.Sections[i].Scales == nil { // a part people rate (writing) has no scale scores
			out.Sections[i].Scales = []assess.ScaleScore{}
		}
	}
	for _, ca := range mine.Cautions {
		out.Cautions = append(out.Cautions, cautionJSON{Code: ca.Code, Value: ca.Value, Threshold: ca.Threshold,
			Serious: ca.Serious, Message: textIn(ca.Message, lang)})
	}
	out.Strengths = insights(guide, cc.Strengths, lang, false)
	out.Probes = insights(guide, cc.Probes, lang, true)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func standings(cc assess.CohortCandidate, head assess.CohortHead) map[string]standingJSON {
	out := make(map[string]standingJSON, len(cc.Scales))
	for id, sc := range cc.Scales {
		out[id] = standingOf(sc, head, id)
	}
	return out
}

func standingOf(sc assess.Standing, cohort assess.CohortHead, scale string) standingJSON {
	lo, hi := metricRange(sc.Metric)
	out := standingJSON{Metric: sc.Metric, Raw: sc.Raw, Norm: sc.Norm, Z: sc.Z, T: sc.T, SE: sc.SE,
		Band:     bandJSON{Low: math.Max(lo, sc.Band.Low), High: math.Min(hi, sc.Band.High)},
		TBand:    bandJSON{Low: tOf(sc.Z - 1.96*sc.SE), High: tOf(sc.Z + 1.96*sc.SE)},
		Answered: sc.Answered, Items: sc.Items}
	if cs, ok := cohort.Scale(scale); ok && !provisional(cs) {
		p := sc.Percentile
		out.Percentile = &p
	}
	return out
}

// metricRange is the range a raw score on a metric can take (θ is unbounded).
func metricRange(metric string) (float64, float64) {
	switch metric {
	case catalog.MeanScore:
		return 1, 5
	case catalog.Proportion:
		return 0, 1
	}
	return math.Inf(-1), math.Inf(1)
}

// tOf is T = 50 + 10·z kept within 0–100, as the reports print it.
func tOf(z float64) float64 { return math.Max(0, math.Min(100, 50+10*z)) }

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
func insights(g assess.Guide, list []scoring.Insight, lang catalog.Lang, questions bool) []probeJSON {
	out := make([]probeJSON, 0, len(list))
	for _, in := range list {
		sg := g.Scale(in.Scale)
		p := probeJSON{Scale: in.Scale, Z: in.Z, Reason: in.Reason, Name: sg.Name(lang)}
		if questions {
			for _, q := range sg.Questions {
				p.Questions = append(p.Questions, questionJSON{Question: q.Question.In(lang), GoodAnswer: q.GoodAnswer.In(lang)})
			}
		}
		out = append(out, p)
	}
	return out
}

type statisticsResponse struct {
	AssessmentID   string          `json:"assessmentId"`
	Cohort         cohortJSON      `json:"cohort"`
	Scored         int             `json:"scored"`
	Scales         []statScaleJSON `json:"scales"`
	LocalNormMin   int             `json:"localNormMin"`
	ReliabilityMin int             `json:"reliabilityMin"`
}

// statScaleJSON is one scale of the cohort: its norm, reliability and standard error of
// measurement.
type statScaleJSON struct {
	Instrument  string             `json:"instrument"`
	Scale       string             `json:"scale"`
	Metric      string             `json:"metric"`
	Kind        catalog.Kind       `json:"kind"`
	Norm        scoring.NormSource `json:"norm"`
	NormMean    float64            `json:"normMean"`
	NormSD      float64            `json:"normSd"`
	NormN       int                `json:"normN"`
	N           int                `json:"n"`
	Reliability reliabilityJSON    `json:"reliability"`
	SEM         float64            `json:"sem"`
	SEMSource   string             `json:"semSource"`
	Caution     bool               `json:"caution"`
}

// reliabilityJSON is a scale's internal consistency in the cohort (scoring.Reliability);
// with defined false the numbers are 0.
type reliabilityJSON struct {
	Defined bool           `json:"defined"`
	K       int            `json:"k"`
	N       int            `json:"n"`
	Alpha   float64        `json:"alpha"`
	Mean    float64        `json:"mean"`
	SD      float64        `json:"sd"`
	SEM     float64        `json:"sem"`
	Items   []itemStatJSON `json:"items"`
}

// itemStatJSON is one item's statistics: mean (the facility of a 0/1 item), SD, the
// corrected item-total correlation, α without it, and whether it is flagged for review.
type itemStatJSON struct {
	Item           string  `json:"item"`
	Mean           float64 `json:"mean"`
	SD             float64 `json:"sd"`
	RDrop          float64 `json:"rDrop"`
	AlphaIfDropped float64 `json:"alphaIfDropped"`
	Flag           bool    `json:"flag"`
}

func statScales(in []assess.CohortScale) []statScaleJSON {
	out := make([]statScaleJSON, 0, len(in))
	for _, cs := range in {
		r := cs.Reliability
		rj := reliabilityJSON{Defined: r.Defined, K: r.K, N: r.N, Alpha: r.Alpha, Mean: r.Mean, SD: r.SD, SEM: r.SEM,
			Items: make([]itemStatJSON, 0, len(r.Items))}
		for _, it := range r.Items {
			rj.Items = append(rj.Items, itemStatJSON{Item: it.Item, Mean: it.Mean, SD: it.SD, RDrop: it.RDrop,
				AlphaIfDropped: it.AlphaIfDropped, Flag: it.Flag})
		}
		out = append(out, statScaleJSON{Instrument: cs.Instrument, Scale: cs.Scale, Metric: cs.Metric, Kind: cs.Kind,
			Norm: cs.Norm, NormMean: cs.NormMean, NormSD: cs.NormSD, NormN: cs.NormN, N: cs.N, Reliability: rj,
			SEM: cs.SEM, SEMSource: cs.SEMSource, Caution: cs.Caution})
	}
	return out
}

func (s *server) statistics(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r); err != nil {
		return err
	}
	a, cohort, err := s.cohortOf(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, statisticsResponse{AssessmentID: a.ID, Cohort: cohortLabel(cohort.Head, a.Config.Lang), Scored: cohort.Head.N,
		Scales: statScales(cohort.Head.Scales), LocalNormMin: scoring.LocalNormMin, ReliabilityMin: scoring.ReliabilityMinN})
	return nil
}

// Compare: 2 to 4 candidates side by side, from one read of the cohort view.
const (
	compareMin = 2
	compareMax = 4
)

// compareCandidateJSON is one candidate of a comparison: everything the ranking and the
// detail say about them that can be set side by side.
type compareCandidateJSON struct {
	CandidateID  string                  `json:"candidateId"`
	Name         string                  `json:"name"`
	Fit          *compositeJSON          `json:"fit"`
	Ability      *compositeJSON          `json:"abilityComposite"`
	Rank         *rankJSON               `json:"rank"`
	Standing     string                  `json:"standing"`
	Tests        []testScoreJSON         `json:"tests"`
	Scales       map[string]standingJSON `json:"scales"`
	Cautions     []string                `json:"cautions"`
	ReviewFirst  bool                    `json:"reviewFirst"`
	BelowMinimum []shortfallJSON         `json:"belowMinimum"`
	Strengths    []probeJSON             `json:"strengths"`
	Probes       []probeJSON             `json:"probes"`
	Decision     *decisionJSON           `json:"decision"` // the latest, null when none
}

// comparePairJSON says, for two of the candidates, whether the assessment tells them
// apart.
type comparePairJSON struct {
	A string `json:"a"`
	B string `json:"b"`
	// FitBandsOverlap: their role fits' 95% bands overlap.
	FitBandsOverlap bool `json:"fitBandsOverlap"`
	// SameGroup: both ranked in the main group or both in "review first" (places are
	// counted within a group); RankIntervalsOverlap and SameTier only then.
	SameGroup            bool `json:"sameGroup"`
	RankIntervalsOverlap bool `json:"rankIntervalsOverlap"`
	SameTier             bool `json:"sameTier"`
	// ToldApart is false when their fit bands or their rank intervals overlap: "cannot be
	// told apart by this assessment".
	ToldApart bool `json:"toldApart"`
	// Tests: per test, the difference a − b (z units) and whether it is within the
	// uncertainty: |Δ| < 1.96·√(SEa² + SEb²).
	Tests []compareDiffJSON `json:"tests"`
}

type compareDiffJSON struct {
	Test              string   `json:"test"`
	Difference        *float64 `json:"difference"` // null when either has no score
	WithinUncertainty bool     `json:"withinUncertainty"`
}

type compareResponse struct {
	AssessmentID string                 `json:"assessmentId"`
	Cohort       cohortJSON             `json:"cohort"`
	Tests        []testJSON             `json:"tests"`
	Scales       []scaleNameJSON        `json:"scales"`
	Candidates   []compareCandidateJSON `json:"candidates"`
	Pairs        []comparePairJSON      `json:"pairs"`
	RankRule     string                 `json:"rankRule"`
	TierRule     string                 `json:"tierRule"`
	Note         string                 `json:"note"`
}

// scaleNameJSON names a scale and the test it belongs to.
type scaleNameJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Test string `json:"test"`
}

// compareIDs reads ?candidates=: 2 to 4 distinct candidate ids, separated by commas.
func compareIDs(r *http.Request) ([]string, error) {
	v := r.URL.Query().Get("candidates")
	var ids []string
	seen := map[string]bool{}
	for _, id := range strings.Split(v, ",") {
		id = strings.TrimSpace(id)
		if id == "" {
			continue
		}
		if !assess.ValidID(id) {
			return nil, assess.FieldError("candidates", "not a candidate id: "+strconv.Quote(id))
		}
		if seen[id] {
			return nil, assess.FieldError("candidates", "a candidate is listed twice: "+id)
		}
		seen[id] = true
		ids = append(ids, id)
	}
	if len(ids) < compareMin || len(ids) > compareMax {
		return nil, assess.FieldError("candidates", "2 to 4 candidate ids, separated by commas")
	}
	return ids, nil
}

func (s *server) compare(w http.ResponseWriter, r *http.Request) error {
	if err := checkQuery(r, "lang", "candidates"); err != nil {
		return err
	}
	a, cohort, lang, err := s.cohortIn(r) // another organisation's assessment: 404 before anything else
	if err != nil {
		return err
	}
	ids, err := compareIDs(r)
	if err != nil {
		return err
	}
	org := orgOf(r).ID
	cs, err := s.Journey.CandidatesByID(r.Context(), org, ids)
	if err != nil {
		return err
	}
	byID := make(map[string]assess.Candidate, len(cs))
	for _, c := range cs {
		byID[c.ID] = c
	}
	rows := make([]assess.CohortCandidate, 0, len(ids))
	for _, id := range ids {
		c, ok := byID[id]
		if !ok {
			return assess.Errorf(assess.NotFound, "no such candidate") // not this organisation's
		}
		cc, found, err := cohort.Candidate(r.Context(), c.ID) // a session has its candidate's id
		if err != nil {
			return err
		}
		if c.AssessmentID != a.ID || !found || cc.Rank == 0 {
			return assess.FieldError("candidates", "not a ranked candidate of this assessment: "+id)
		}
		rows = append(rows, cc)
	}
	latest := map[string]assess.Decision{}
	if s.Privacy != nil {
		if latest, err = s.latestDecisions(r.Context(), org, a.ID); err != nil {
			return err
		}
	}
	guide, err := assess.GuideOf(s.Catalog, a)
	if err != nil {
		return err
	}
	out := compareResponse{AssessmentID: a.ID, Cohort: cohortLabel(cohort.Head, lang), Tests: testsOf(guide, cohort.Head, lang),
		Scales: scaleNames(guide, cohort.Head, lang), Candidates: make([]compareCandidateJSON, 0, len(rows)), Pairs: []comparePairJSON{},
		RankRule: textIn(cohort.Head.RankRule, lang), TierRule: textIn(tierRule, lang), Note: textIn(decisionNote, lang)}
	for _, cc := range rows {
		cj := compareCandidateJSON{CandidateID: cc.CandidateID, Name: byID[cc.CandidateID].Name, Fit: compositeOf(cc.Fit),
			Ability: compositeOf(cc.Ability), Rank: rankOf(cc, cohort.Head), Standing: standingOfRow(cc),
			Tests: testScores(cohort.Head, cc), Scales: standings(cc, cohort.Head), Cautions: cc.Cautions, ReviewFirst: cc.ReviewFirst,
			BelowMinimum: shortfalls(cc.Fit.BelowMinimum), Strengths: insights(guide, cc.Strengths, lang, false),
			Probes: insights(guide, cc.Probes, lang, true)}
		if d, ok := latest[cc.CandidateID]; ok {
			dj := toDecisionJSON(d)
			cj.Decision = &dj
		}
		out.Candidates = append(out.Candidates, cj)
	}
	for i := range rows {
		for j := i + 1; j < len(rows); j++ {
			out.Pairs = append(out.Pairs, comparePair(rows[i], rows[j], cohort.Head))
		}
	}
	s.audit(r, "results.view", "assessment:"+a.ID, map[string]string{"compare": strings.Join(ids, ",")})
	writeJSON(w, http.StatusOK, out)
	return nil
}

// comparePair says whether two ranked candidates can be told apart.
func comparePair(a, b assess.CohortCandidate, head assess.CohortHead) comparePairJSON {
	p := comparePairJSON{A: a.CandidateID, B: b.CandidateID, SameGroup: a.ReviewFirst == b.ReviewFirst, Tests: []compareDiffJSON{}}
	p.FitBandsOverlap = a.Fit.Band.Low <= b.Fit.Band.High && b.Fit.Band.Low <= a.Fit.Band.High
	if p.SameGroup {
		p.RankIntervalsOverlap = a.RankLow <= b.RankHigh && b.RankLow <= a.RankHigh
		p.SameTier = a.Tier == b.Tier
	}
	p.ToldApart = !p.FitBandsOverlap && !p.RankIntervalsOverlap
	for i, t := range head.Tests {
		d := compareDiffJSON{Test: t.Instrument}
		if i < len(a.Tests) && i < len(b.Tests) && a.Tests[i].Defined && b.Tests[i].Defined {
			x, y := a.Tests[i], b.Tests[i]
			diff := x.Z - y.Z
			d.Difference = &diff
			d.WithinUncertainty = math.Abs(diff) < 1.96*math.Sqrt(x.SE*x.SE+y.SE*y.SE)
		}
		p.Tests = append(p.Tests, d)
	}
	return p
}

// scaleNames names the cohort's scales (those that enter a test's score), test by test.
func scaleNames(g assess.Guide, head assess.CohortHead, lang catalog.Lang) []scaleNameJSON {
	out := []scaleNameJSON{}
	for _, t := range head.Tests {
		for _, id := range t.Scales {
			out = append(out, scaleNameJSON{ID: id, Name: g.ScaleName(id, lang), Test: t.Instrument})
		}
	}
	return out
}

// textIn picks the language of a scoring text (scoring has no catalog dependency).
func textIn(t scoring.Text, lang catalog.Lang) string {
	if lang == catalog.ES {
		return t.ES
	}
	return t.EN
}
