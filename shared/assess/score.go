package assess

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// Scores is one session's scores: computed once after completion from the frozen
// assessment, the content version it names and the saved answers; stored and never
// edited. Cohort-level figures (local norms, observed reliability, ranking) are computed
// from stored results when asked, so they always reflect every candidate so far.
//
// It carries JSON tags because it is stored (as Result.Data) and served as one document.
type Scores struct {
	SessionID      string    `json:"sessionId"`
	OrgID          string    `json:"orgId"`
	AssessmentID   string    `json:"assessmentId"`
	CandidateID    string    `json:"candidateId"`
	EngineVersion  string    `json:"engineVersion"`
	ContentVersion string    `json:"contentVersion"`
	ScoredAt       time.Time `json:"scoredAt"`

	Sections  []SectionScore       `json:"sections"`
	Fit       scoring.Composite    `json:"fit"`
	DISC      *scoring.DISCProfile `json:"disc,omitempty"`
	Cautions  []scoring.Caution    `json:"cautions"`
	Strengths []scoring.Insight    `json:"strengths"`
	Probes    []scoring.Insight    `json:"probes"`
}

// EngineVersion names this mapping and the formulas under it.
const EngineVersion = "assess/1+" + scoring.Version

// SectionScore is one instrument's outcome.
type SectionScore struct {
	Instrument string         `json:"instrument"`
	Family     catalog.Family `json:"family"`
	Kind       catalog.Kind   `json:"kind"`
	Weight     float64        `json:"weight"`
	Scales     []ScaleScore   `json:"scales"`
	// Tasks holds per-task work-sample results (data validation, parallel cases).
	Tasks []TaskScore `json:"tasks,omitempty"`
	// Pending is true for parts that people rate (writing): no automatic score exists.
	Pending bool `json:"pending,omitempty"`
}

// ScaleScore is one scale's raw score and its standing against the norm used.
type ScaleScore struct {
	Scale    string  `json:"scale"`
	Caution  bool    `json:"caution,omitempty"` // impression management: a caution, never a score
	Metric   string  `json:"metric"`
	Raw      float64 `json:"raw"`
	Answered int     `json:"answered"`
	Items    int     `json:"items"`
	// Standing against the norm (reference until the organisation has enough of its own).
	Norm       scoring.NormSource `json:"norm"`
	Z          float64            `json:"z"`
	T          float64            `json:"t"`
	Sten       int                `json:"sten"`
	Percentile float64            `json:"percentile"`
	SE         float64            `json:"se"`     // z units
	Band       scoring.Band       `json:"band"`   // 95%, raw units
	SESource   string             `json:"seFrom"` // provisional | observed | irt
	// ItemScores are the keyed item scores (Likert after reverse keys, 0/1 for right or
	// wrong, SJT −2..2), for reliability and item statistics across the cohort.
	ItemScores map[string]float64 `json:"itemScores,omitempty"`
}

// TaskScore is one work-sample task.
type TaskScore struct {
	Item     string  `json:"item"`
	Points   float64 `json:"points"`
	Possible float64 `json:"possible"`
	// Accuracy is right flags / flags made (data validation), shown beside the score.
	Accuracy *float64 `json:"accuracy,omitempty"`
	Seconds  float64  `json:"seconds,omitempty"`
}

// Scoring inputs gathered from a session.
type sessionAnswers struct {
	bySection map[int]map[string]Answer
	events    map[int][]ClientEvent
}

// ScoreSession scores a completed session against its assessment's content. pri carries
// the earlier candidates' raw scores and reliability per scale (local norms and an observed
// SEM once there are enough; the zero Priors keeps the reference norm and the provisional
// reliability). It is pure: same inputs, same Scores.
func ScoreSession(cat *catalog.Catalog, a Assessment, ss Session, batches []AnswerBatch, pri Priors, now time.Time) (Scores, error) {
	in := sessionAnswers{bySection: LatestAnswers(batches), events: map[int][]ClientEvent{}}
	for _, b := range batches {
		in.events[b.Section] = append(in.events[b.Section], b.Events...)
	}
	res := Scores{SessionID: ss.ID, OrgID: ss.OrgID, AssessmentID: a.ID, CandidateID: ss.CandidateID,
		EngineVersion: EngineVersion, ContentVersion: a.Config.ContentVersion, ScoredAt: now.UTC(),
		Cautions: []scoring.Caution{}, Strengths: []scoring.Insight{}, Probes: []scoring.Insight{}}
	var quality scoring.QualityInput
	quality.Range = scoring.FivePoint
	var parts []scoring.Part
	var insights []scoring.ScaleResult
	for i, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			return Scores{}, fmt.Errorf("section %d: %w", i+1, err)
		}
		answers := in.bySection[i]
		score := SectionScore{Instrument: inst.ID, Family: inst.Family, Kind: inst.Kind, Weight: sec.Weight}
		switch inst.Kind {
		case catalog.Likert:
			score.Scales = scoreLikert(inst, answers, pri, &quality)
		case catalog.MultipleChoice:
			score.Scales = []ScaleScore{scoreChoice(inst, answers, pri)}
		case catalog.SJT:
			score.Scales = []ScaleScore{scoreSJT(inst, answers, pri)}
		case catalog.DataValidation:
			s, tasks := scoreDataValidation(inst, answers, pri)
			score.Scales, score.Tasks = []ScaleScore{s}, tasks
		case catalog.ParallelCases:
			s, tasks := scoreCases(inst, answers, pri)
			score.Scales, score.Tasks = []ScaleScore{s}, tasks
		case catalog.ForcedChoice:
			res.DISC = scoreDISC(inst, answers)
		case catalog.Writing:
			score.Pending = true
		}
		// Timings for the too-fast caution; focus and paste events only count in timed parts.
		for _, it := range inst.Items {
			if ans, ok := answers[it.ID]; ok && ans.MS > 0 {
				typ := string(inst.Kind)
				if it.Type != "" {
					typ = it.Type
				}
				quality.Timings = append(quality.Timings, scoring.Timing{Type: typ, Seconds: float64(ans.MS) / 1000})
			}
		}
		if sec.TimeLimitSeconds > 0 {
			for _, ev := range in.events[i] {
				switch ev.Type {
				case "blur":
					quality.FocusLosses++
				case "paste":
					quality.Pastes++
				}
			}
		}
		// Weighted scales become parts of the composite; the weight of an instrument is
		// shared among its scored scales.
		var scored []ScaleScore
		for _, s := range score.Scales {
			if s.Caution {
				z := s.Z
				quality.ImpressionZ = &z
				continue
			}
			scored = append(scored, s)
			insights = append(insights, scoring.ScaleResult{Scale: s.Scale, Z: s.Z, SE: s.SE, Answered: s.Answered, Items: s.Items})
		}
		for _, s := range scored {
			p := scoring.Part{ID: s.Scale, Weight: sec.Weight / float64(len(scored)), Z: s.Z, SE: s.SE}
			if sec.Minimum != nil {
				m := (*sec.Minimum - 50) / 10 // T to z
				p.Minimum = &m
			}
			parts = append(parts, p)
		}
		res.Sections = append(res.Sections, score)
	}
	res.Fit = scoring.RoleFit(parts)
	res.Cautions = append(res.Cautions, scoring.Cautions(quality, scoring.DefaultThresholds())...)
	res.Strengths, res.Probes = scoring.Insights(insights, 3)
	if res.Strengths == nil {
		res.Strengths = []scoring.Insight{}
	}
	if res.Probes == nil {
		res.Probes = []scoring.Insight{}
	}
	return res, nil
}

// normFor is a scale's reference norm from the content, swapped for the organisation's
// local norm once it has enough candidates (scoring.ChooseNorm decides).
func normFor(sc catalog.Scale, pri Priors) scoring.Norm {
	ref := scoring.Norm{Mean: 0, SD: 1}
	if sc.Norm != nil {
		ref = scoring.Norm{Mean: sc.Norm.Mean, SD: sc.Norm.SD, N: sc.Norm.N}
	}
	return scoring.ChooseNorm(ref, pri.Local[sc.ID])
}

// classical fills a ScaleScore for a classical (non-IRT) score: standing against the norm
// and the SEM from the earlier candidates' observed reliability once there are enough,
// else the provisional one (scoring.ScaleSEM decides).
func classical(sc catalog.Scale, metric string, raw float64, answered, items int, pri Priors) ScaleScore {
	n := normFor(sc, pri)
	rep := scoring.ReportScale(scoring.ScaleScore{Scale: sc.ID, Score: raw, Answered: answered, Items: items}, n, pri.Reliability[sc.ID])
	return ScaleScore{Scale: sc.ID, Caution: sc.Caution, Metric: metric, Raw: raw, Answered: answered, Items: items,
		Norm: n.Source, Z: rep.Standard.Z, T: rep.Standard.T, Sten: rep.Standard.Sten, Percentile: rep.Standard.Percentile,
		SE: rep.SEZ, Band: rep.Band, SESource: string(rep.SEMSource)}
}

func scoreLikert(inst *catalog.Instrument, answers map[string]Answer, pri Priors, q *scoring.QualityInput) []ScaleScore {
	items := make([]scoring.LikertItem, 0, len(inst.Items))
	given := map[string]int{}
	for _, it := range inst.Items {
		items = append(items, scoring.LikertItem{ID: it.ID, Scale: it.Scale, Key: it.Key})
		if ans, ok := answers[it.ID]; ok {
			var v int
			if json.Unmarshal(ans.Value, &v) == nil {
				given[it.ID] = v
				q.Likert = append(q.Likert, v)
			}
		}
	}
	for _, pair := range inst.Inconsistency {
		a, okA := given[pair[0]]
		b, okB := given[pair[1]]
		if okA && okB {
			q.Pairs = append(q.Pairs, scoring.InconsistencyPair{A: a, B: b, Opposite: keyOf(inst, pair[0]) != keyOf(inst, pair[1])})
		}
	}
	byScale := map[string]scoring.ScaleScore{}
	for _, s := range scoring.ScoreLikert(items, given, scoring.FivePoint) {
		byScale[s.Scale] = s
	}
	var out []ScaleScore
	for _, sc := range inst.Scales {
		s := byScale[sc.ID]
		ss := classical(sc, catalog.MeanScore, s.Score, s.Answered, s.Items, pri)
		ss.ItemScores = map[string]float64{}
		for _, it := range inst.Items {
			if v, ok := given[it.ID]; ok && it.Scale == sc.ID && scoring.FivePoint.Valid(v) {
				ss.ItemScores[it.ID] = float64(scoring.FivePoint.Keyed(v, it.Key))
			}
		}
		out = append(out, ss)
	}
	return out
}

func keyOf(inst *catalog.Instrument, id string) int {
	for _, it := range inst.Items {
		if it.ID == id {
			return it.Key
		}
	}
	return 0
}

// scoreChoice: cognitive items by 2PL EAP (θ is already a z); other choice tests (digital
// tools) by the share right against their norm. Unanswered items are left out (not
// reached); answered wrong counts 0.
func scoreChoice(inst *catalog.Instrument, answers map[string]Answer, pri Priors) ScaleScore {
	sc := inst.Scales[0]
	var irt []scoring.Scored2PL
	itemScores := map[string]float64{}
	right := 0
	for _, it := range inst.Items {
		ans, ok := answers[it.ID]
		if !ok || it.Correct == nil {
			continue
		}
		var v int
		if json.Unmarshal(ans.Value, &v) != nil {
			continue
		}
		correct := v == *it.Correct
		if correct {
			right++
			itemScores[it.ID] = 1
		} else {
			itemScores[it.ID] = 0
		}
		irt = append(irt, scoring.Scored2PL{A: it.A, B: it.B, Correct: correct})
	}
	if inst.Family == catalog.Cognitive {
		ab := scoring.EAP(irt)
		std := scoring.Standardize(ab.Theta, scoring.Norm{Source: scoring.Reference, Mean: 0, SD: 1})
		return ScaleScore{Scale: sc.ID, Metric: catalog.Theta, Raw: ab.Theta, Answered: ab.Answered, Items: len(inst.Items),
			Norm: scoring.Reference, Z: std.Z, T: std.T, Sten: std.Sten, Percentile: std.Percentile,
			SE: ab.SE, Band: ab.Band, SESource: "irt", ItemScores: itemScores}
	}
	p := 0.0
	if len(inst.Items) > 0 {
		p = float64(right) / float64(len(inst.Items))
	}
	s := classical(sc, catalog.Proportion, p, len(itemScores), len(inst.Items), pri)
	s.ItemScores = itemScores
	return s
}

func scoreSJT(inst *catalog.Instrument, answers map[string]Answer, pri Priors) ScaleScore {
	var items []scoring.SJTItem
	itemScores := map[string]float64{}
	for _, it := range inst.Items {
		if it.Best == nil || it.Worst == nil {
			continue
		}
		item := scoring.SJTItem{Key: scoring.SJTKey{Best: *it.Best, Worst: *it.Worst}, Options: len(it.Options)}
		if ans, ok := answers[it.ID]; ok {
			var v sjtValue
			if json.Unmarshal(ans.Value, &v) == nil && v.Best != nil && v.Worst != nil {
				a := scoring.SJTAnswer{Best: *v.Best, Worst: *v.Worst}
				item.Answer = &a
				if pts, ok := scoring.BestWorst(item.Key, a, item.Options); ok {
					itemScores[it.ID] = float64(pts)
				}
			}
		}
		items = append(items, item)
	}
	s := scoring.ScoreSJT(items)
	out := classical(inst.Scales[0], catalog.Proportion, s.Fraction, len(itemScores), len(inst.Items), pri)
	out.ItemScores = itemScores
	return out
}

// scoreDataValidation applies the instrument's stated rule: each wrong cell is worth 2
// points (1 for flagging it, 1 for the right value), each task's question 2 points within
// tolerance; score = points / possible over all tasks; accuracy = right flags / flags.
func scoreDataValidation(inst *catalog.Instrument, answers map[string]Answer, pri Priors) (ScaleScore, []TaskScore) {
	var points, possible float64
	var tasks []TaskScore
	itemScores := map[string]float64{}
	answered := 0
	for _, it := range inst.Items {
		t := it.Task
		if t == nil {
			continue
		}
		ts := TaskScore{Item: it.ID, Possible: float64(2*len(t.Errors) + 2)}
		if ans, ok := answers[it.ID]; ok {
			answered++
			var v cellsValue
			if json.Unmarshal(ans.Value, &v) == nil {
				flags, rightFlags := 0, 0
				for cell, typed := range v.Cells {
					flags++
					want, isError := t.Errors[cell]
					if !isError {
						continue
					}
					rightFlags++
					ts.Points++
					if scoring.Match(want, typed, 0) {
						ts.Points++
					}
				}
				if t.Answer != nil && v.Total != nil && scoring.Match(strconv.FormatFloat(*t.Answer, 'f', -1, 64), strconv.FormatFloat(*v.Total, 'f', -1, 64), t.Tolerance) {
					ts.Points += 2
				}
				if flags > 0 {
					acc := float64(rightFlags) / float64(flags)
					ts.Accuracy = &acc
				}
			}
			ts.Seconds = float64(ans.MS) / 1000
		}
		points += ts.Points
		possible += ts.Possible
		itemScores[it.ID] = ts.Points / ts.Possible
		tasks = append(tasks, ts)
	}
	p := 0.0
	if possible > 0 {
		p = points / possible
	}
	s := classical(inst.Scales[0], catalog.Proportion, p, answered, len(inst.Items), pri)
	s.ItemScores = itemScores
	return s, tasks
}

// scoreCases: per scenario, order credit (share of pairs in the key's order) and reply
// credit (share of best replies chosen), averaged.
func scoreCases(inst *catalog.Instrument, answers map[string]Answer, pri Priors) (ScaleScore, []TaskScore) {
	var total float64
	var tasks []TaskScore
	itemScores := map[string]float64{}
	answered := 0
	for _, it := range inst.Items {
		t := it.Task
		if t == nil {
			continue
		}
		ts := TaskScore{Item: it.ID, Possible: 1}
		if ans, ok := answers[it.ID]; ok {
			answered++
			var v casesValue
			if json.Unmarshal(ans.Value, &v) == nil {
				order := scoring.OrderCredit(t.KeyOrder, v.Order)
				best := 0
				for _, c := range t.Cases {
					if r, ok := v.Replies[c.ID]; ok && c.Best != nil && r == *c.Best {
						best++
					}
				}
				replies := 0.0
				if len(t.Cases) > 0 {
					replies = float64(best) / float64(len(t.Cases))
				}
				ts.Points = (order + replies) / 2
			}
			ts.Seconds = float64(ans.MS) / 1000
		}
		total += ts.Points
		itemScores[it.ID] = ts.Points
		tasks = append(tasks, ts)
	}
	p := 0.0
	if len(tasks) > 0 {
		p = total / float64(len(tasks))
	}
	s := classical(inst.Scales[0], catalog.Proportion, p, answered, len(inst.Items), pri)
	s.ItemScores = itemScores
	return s, tasks
}

func scoreDISC(inst *catalog.Instrument, answers map[string]Answer) *scoring.DISCProfile {
	var styles []string
	for _, s := range inst.Scales {
		styles = append(styles, s.ID)
	}
	var choices []scoring.DISCChoice
	for _, it := range inst.Items {
		ans, ok := answers[it.ID]
		if !ok {
			continue
		}
		var v discValue
		if json.Unmarshal(ans.Value, &v) != nil || v.Most == nil || v.Least == nil ||
			!index(*v.Most, len(it.Descriptors)) || !index(*v.Least, len(it.Descriptors)) {
			continue
		}
		choices = append(choices, scoring.DISCChoice{Most: it.Descriptors[*v.Most].Style, Least: it.Descriptors[*v.Least].Style})
	}
	p := scoring.ScoreDISC(styles, choices)
	return &p
}

// LocalScores collects, per scale, the raw scores of earlier results (for local norms).
func LocalScores(results []Scores) map[string][]float64 {
	out := map[string][]float64{}
	for _, r := range results {
		for _, sec := range r.Sections {
			for _, s := range sec.Scales {
				if s.Answered > 0 && !math.IsNaN(s.Raw) {
					out[s.Scale] = append(out[s.Scale], s.Raw)
				}
			}
		}
	}
	for k := range out {
		sort.Float64s(out[k])
	}
	return out
}
