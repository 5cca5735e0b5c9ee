package assess

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// Scores is one session's result: what the candidate did and what does not depend on
// anyone else — raw scores, θ and its SE, keyed item scores, response-quality cautions
// judged by fixed rules. Computed once after completion from the frozen assessment, the
// content version it names and the saved answers; stored and never edited. Everything
// relative to the cohort (norms, percentiles, T, reliability and the SEM it gives,
// composites, rank, strengths and probes) comes from the cohort view (BuildCohort), so
// the ranking, the candidate's detail and every report show one set of figures.
//
// Its JSON tags serve answers that show it; the stored form is shared/store's versioned
// result document (docs/storage.md, "Stored results"), which does not depend on them.
type Scores struct {
	SessionID      string    `json:"sessionId"`
	OrgID          string    `json:"orgId"`
	AssessmentID   string    `json:"assessmentId"`
	CandidateID    string    `json:"candidateId"`
	EngineVersion  string    `json:"engineVersion"`
	ContentVersion string    `json:"contentVersion"`
	ScoredAt       time.Time `json:"scoredAt"`

	Sections []SectionScore       `json:"sections"`
	DISC     *scoring.DISCProfile `json:"disc,omitempty"`
	Cautions []scoring.Caution    `json:"cautions"`

	// RetainUntil is the stored result's retention date (Result.RetainUntil, filled by
	// DecodeScores): the cohort view drops the candidate from that moment on.
	RetainUntil time.Time `json:"-"`
}

// EngineVersion names this mapping and the formulas under it. assess/2: results are
// cohort-independent (no norms or priors at scoring time); missing work is scored.
const EngineVersion = "assess/2+" + scoring.Version

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
	// Timed parts: how many items the candidate reached (up to the last answered one, in
	// the order shown) and whether the part's clock ran out before it was finished.
	Timed    bool `json:"timed,omitempty"`
	Reached  int  `json:"reached,omitempty"`
	TimedOut bool `json:"timedOut,omitempty"`
}

// ScaleScore is one scale's raw score in its own metric. Missing work has a defined cost
// (docs/scoring.md, "Missing work"): an unanswered multiple-choice item is wrong,
// an unanswered SJT scenario earns 0 points (a guess's expected value), an unanswered
// work-sample task scores 0, a Likert scale without any answer scores its lowest value.
type ScaleScore struct {
	Scale    string  `json:"scale"`
	Caution  bool    `json:"caution,omitempty"` // impression management: a caution, never a score
	Metric   string  `json:"metric"`
	Raw      float64 `json:"raw"`
	Answered int     `json:"answered"`
	Items    int     `json:"items"`
	// ThetaSE is the posterior SD of an IRT θ (the score's own error); classical scales
	// take their SEM from the cohort's reliability instead.
	ThetaSE float64 `json:"thetaSe,omitempty"`
	// ItemScores are the keyed item scores on the scale of Raw (Likert 1–5 after reverse
	// keys, answered items only; 0/1 for right or wrong; SJT (points+2)/4; a task's share
	// of its points), so the mean of the item scores is the raw score for every kind
	// scored as a mean, and reliability is computed in the score's own units.
	ItemScores map[string]float64 `json:"itemScores,omitempty"`
}

// TaskScore is one work-sample task.
type TaskScore struct {
	Item     string  `json:"item"`
	Points   float64 `json:"points"`
	Possible float64 `json:"possible"`
	// Accuracy is right flags / flags made (data validation), shown beside the score.
	Accuracy *float64 `json:"accuracy,omitempty"`
	// FalseFlags counts flagged cells that had no error (each costs a point).
	FalseFlags int     `json:"falseFlags,omitempty"`
	Seconds    float64 `json:"seconds,omitempty"`
}

// Scoring inputs gathered from a session.
type sessionAnswers struct {
	bySection map[int]map[string]Answer
	events    map[int][]ClientEvent
}

// ScoreSession scores a completed session against its assessment's content. It reads
// nothing about other candidates, so a result never depends on who was scored before
// (and scoring costs the same at any cohort size). It is pure: same inputs, same Scores.
func ScoreSession(cat *catalog.Catalog, a Assessment, ss Session, batches []AnswerBatch, now time.Time) (Scores, error) {
	in := sessionAnswers{bySection: LatestAnswers(batches), events: map[int][]ClientEvent{}}
	for _, b := range batches {
		in.events[b.Section] = append(in.events[b.Section], b.Events...)
	}
	res := Scores{SessionID: ss.ID, OrgID: ss.OrgID, AssessmentID: a.ID, CandidateID: ss.CandidateID,
		EngineVersion: EngineVersion, ContentVersion: a.Config.ContentVersion, ScoredAt: now.UTC(),
		Cautions: []scoring.Caution{}}
	var quality scoring.QualityInput
	quality.Range = scoring.FivePoint
	var othersSum float64 // keyed agreement answers outside impression management
	othersN := 0
	for i, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			return Scores{}, fmt.Errorf("section %d: %w", i+1, err)
		}
		answers := in.bySection[i]
		order := ShownOrder(ss, i, inst)
		score := SectionScore{Instrument: inst.ID, Family: inst.Family, Kind: inst.Kind, Weight: sec.Weight}
		switch inst.Kind {
		case catalog.Likert:
			score.Scales = scoreLikert(inst, answers, order, &quality)
		case catalog.MultipleChoice:
			score.Scales = []ScaleScore{scoreChoice(inst, answers)}
			if inst.Family == catalog.Cognitive {
				quality.Ability = append(quality.Ability, abilityEvidence(inst, answers))
			}
		case catalog.SJT:
			score.Scales = []ScaleScore{scoreSJT(inst, answers)}
		case catalog.DataValidation:
			s, tasks := scoreDataValidation(inst, answers)
			score.Scales, score.Tasks = []ScaleScore{s}, tasks
		case catalog.ParallelCases:
			s, tasks := scoreCases(inst, answers)
			score.Scales, score.Tasks = []ScaleScore{s}, tasks
		case catalog.ForcedChoice:
			res.DISC = scoreDISC(inst, answers)
		case catalog.Writing:
			score.Pending = true
		}
		if sec.TimeLimitSeconds > 0 && inst.Kind != catalog.Writing && inst.Kind != catalog.ForcedChoice {
			score.Timed = true
			score.Reached = reached(order, answers)
			if i < len(ss.Sections) {
				st := ss.Sections[i]
				score.TimedOut = !st.Deadline.IsZero() && (st.FinishedAt.IsZero() || !st.FinishedAt.Before(st.Deadline))
			}
			quality.Timed = append(quality.Timed, scoring.TimedPart{Name: scoring.Text{ES: inst.Name.In(catalog.ES), EN: inst.Name.In(catalog.EN)},
				Items: len(order), Reached: score.Reached, TimedOut: score.TimedOut})
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
		for _, s := range score.Scales {
			if s.Caution && s.Answered > 0 {
				// Judged by a fixed rule on the raw mean, never against a local norm that
				// the fakers themselves would move.
				quality.Impression = &scoring.ImpressionScale{Mean: s.Raw, Answered: s.Answered}
			}
			if !s.Caution && inst.Kind == catalog.Likert {
				for _, v := range s.ItemScores {
					othersSum += v
					othersN++
				}
			}
		}
		res.Sections = append(res.Sections, score)
	}
	if quality.Impression != nil && othersN > 0 {
		quality.Impression.Others, quality.Impression.OthersAnswered = othersSum/float64(othersN), othersN
	}
	res.Cautions = append(res.Cautions, scoring.Cautions(quality, scoring.DefaultThresholds())...)
	return res, nil
}

// reached counts the items up to the last answered one, in the order shown.
func reached(order []string, answers map[string]Answer) int {
	n := 0
	for i, id := range order {
		if _, ok := answers[id]; ok {
			n = i + 1
		}
	}
	return n
}

// scoreLikert: a scale's score is the mean of its answered statements after reverse
// keys; a scale with no answer at all scores the lowest value (1), so leaving a
// self-description blank never looks better than answering it. The answers also feed the
// response-quality evidence in the order the candidate saw them.
func scoreLikert(inst *catalog.Instrument, answers map[string]Answer, order []string, q *scoring.QualityInput) []ScaleScore {
	items := make([]scoring.LikertItem, 0, len(inst.Items))
	given := map[string]int{}
	for _, it := range inst.Items {
		items = append(items, scoring.LikertItem{ID: it.ID, Scale: it.Scale, Key: it.Key})
		if ans, ok := answers[it.ID]; ok {
			var v int
			if json.Unmarshal(ans.Value, &v) == nil {
				given[it.ID] = v
			}
		}
	}
	for _, id := range order {
		if v, ok := given[id]; ok {
			q.Likert = append(q.Likert, v)
		}
	}
	for _, sc := range inst.Scales {
		ks := scoring.KeyedScale{Scale: sc.ID}
		for _, it := range inst.Items {
			if v, ok := given[it.ID]; ok && it.Scale == sc.ID {
				ks.Answers = append(ks.Answers, scoring.KeyedAnswer{Answer: v, Key: it.Key})
			}
		}
		q.Scales = append(q.Scales, ks)
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
		raw := s.Score
		if s.Answered == 0 {
			raw = float64(scoring.FivePoint.Min)
		}
		ss := ScaleScore{Scale: sc.ID, Caution: sc.Caution, Metric: catalog.MeanScore, Raw: raw, Answered: s.Answered, Items: s.Items,
			ItemScores: map[string]float64{}}
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

// choiceOf reads a multiple-choice answer; ok is false when there is none.
func choiceOf(answers map[string]Answer, id string) (int, bool) {
	ans, ok := answers[id]
	if !ok {
		return 0, false
	}
	var v int
	if json.Unmarshal(ans.Value, &v) != nil {
		return 0, false
	}
	return v, true
}

// scoreChoice: every keyed item counts, and an unanswered one (omitted or not reached) is
// wrong, so answering less never raises a score; guessing is not penalised. Cognitive
// items by EAP over all items with the 3PL lower asymptote 1/k for k options (so lucky
// guesses do not inflate a low θ; θ is a z against the reference population);
// other choice tests (digital tools) by the share right of all items.
func scoreChoice(inst *catalog.Instrument, answers map[string]Answer) ScaleScore {
	sc := inst.Scales[0]
	var irt []scoring.Scored2PL
	itemScores := map[string]float64{}
	right, answered := 0, 0
	for _, it := range inst.Items {
		if it.Correct == nil {
			continue
		}
		v, ok := choiceOf(answers, it.ID)
		if ok {
			answered++
		}
		correct := ok && v == *it.Correct
		itemScores[it.ID] = 0
		if correct {
			right++
			itemScores[it.ID] = 1
		}
		// Guessing is part of the model: every item is scored, so a candidate answers
		// all of them, and 1 of k options is right by chance (3PL lower asymptote 1/k).
		irt = append(irt, scoring.Scored2PL{A: it.A, B: it.B, C: 1 / float64(max(2, len(it.Options))), Correct: correct})
	}
	if inst.Family == catalog.Cognitive {
		ab := scoring.EAP(irt)
		return ScaleScore{Scale: sc.ID, Metric: catalog.Theta, Raw: ab.Theta, Answered: answered, Items: len(irt),
			ThetaSE: ab.SE, ItemScores: itemScores}
	}
	p := 0.0
	if len(itemScores) > 0 {
		p = float64(right) / float64(len(itemScores))
	}
	return ScaleScore{Scale: sc.ID, Metric: catalog.Proportion, Raw: p, Answered: answered, Items: len(itemScores), ItemScores: itemScores}
}

// abilityEvidence is a cognitive part's answered items for person fit (scoring.PersonFit):
// θ from the answered items only, so running out of time does not look like misfit.
func abilityEvidence(inst *catalog.Instrument, answers map[string]Answer) scoring.AbilityPart {
	var items []scoring.FitItem
	for _, it := range inst.Items {
		if it.Correct == nil {
			continue
		}
		if v, ok := choiceOf(answers, it.ID); ok {
			items = append(items, scoring.FitItem{A: it.A, B: it.B, Correct: v == *it.Correct})
		}
	}
	return scoring.AbilityPartOf(items)
}

// scoreSJT: best/worst points per scenario (−2…+2), an unanswered or invalid scenario 0
// (what a guess earns on average); each scenario's score is (points + 2)/4 and the scale
// score is their mean over all scenarios, a 0–1 fraction.
func scoreSJT(inst *catalog.Instrument, answers map[string]Answer) ScaleScore {
	itemScores := map[string]float64{}
	answered := 0
	var sum float64
	for _, it := range inst.Items {
		if it.Best == nil || it.Worst == nil {
			continue
		}
		pts := 0
		if ans, ok := answers[it.ID]; ok {
			var v sjtValue
			if json.Unmarshal(ans.Value, &v) == nil && v.Best != nil && v.Worst != nil {
				if p, ok := scoring.BestWorst(scoring.SJTKey{Best: *it.Best, Worst: *it.Worst}, scoring.SJTAnswer{Best: *v.Best, Worst: *v.Worst}, len(it.Options)); ok {
					pts = p
					answered++
				}
			}
		}
		x := float64(pts+2) / 4
		itemScores[it.ID] = x
		sum += x
	}
	raw := 0.0
	if len(itemScores) > 0 {
		raw = sum / float64(len(itemScores))
	}
	return ScaleScore{Scale: inst.Scales[0].ID, Metric: catalog.Proportion, Raw: raw, Answered: answered, Items: len(itemScores), ItemScores: itemScores}
}

// scoreDataValidation applies the instrument's stated rule per task: each flagged cell
// that has an error earns 1 point and 1 more for its right value (names match ignoring
// accents and case); each flagged cell without an error costs 1 point, so flagging
// everything earns about nothing; the task's question earns 2 points within tolerance;
// a task never goes below 0. Score = mean of the tasks' shares of their points (an
// unanswered task 0); accuracy = right flags / flags.
func scoreDataValidation(inst *catalog.Instrument, answers map[string]Answer) (ScaleScore, []TaskScore) {
	var tasks []TaskScore
	itemScores := map[string]float64{}
	answered := 0
	var sum float64
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
						ts.FalseFlags++
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
				ts.Points = math.Max(0, ts.Points-float64(ts.FalseFlags))
				if flags > 0 {
					acc := float64(rightFlags) / float64(flags)
					ts.Accuracy = &acc
				}
			}
			ts.Seconds = float64(ans.MS) / 1000
		}
		share := ts.Points / ts.Possible
		itemScores[it.ID] = share
		sum += share
		tasks = append(tasks, ts)
	}
	p := 0.0
	if len(tasks) > 0 {
		p = sum / float64(len(tasks))
	}
	return ScaleScore{Scale: inst.Scales[0].ID, Metric: catalog.Proportion, Raw: p, Answered: answered, Items: len(tasks), ItemScores: itemScores}, tasks
}

// scoreCases: per scenario, order credit (share of pairs in the key's order) and reply
// credit (share of best replies chosen), averaged; an unanswered scenario 0.
func scoreCases(inst *catalog.Instrument, answers map[string]Answer) (ScaleScore, []TaskScore) {
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
	return ScaleScore{Scale: inst.Scales[0].ID, Metric: catalog.Proportion, Raw: p, Answered: answered, Items: len(tasks), ItemScores: itemScores}, tasks
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
