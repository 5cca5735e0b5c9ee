package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
	"shortlist/shared/store/table"
)

// Stored results. A result is written once and read until the candidate's retention ends,
// by builds newer than the one that wrote it, so its stored form belongs to this package
// and carries a format version (docs/storage.md, "Stored results"):
//
//	doc   resultDoc: the format version, the assessment, the scoring time, the engine version
//	dz    the scores (assess.Scores) as gzipped JSON: scoresV2 in version 2
//
// Every field of every document type has an explicit JSON name, and no document type
// embeds or reuses a type of assess or scoring, so renaming a Go field there changes
// neither what is stored nor how stored results are read. The types of a released
// version are frozen: storing something else is a new version (its types, a converter
// from the domain, a case in decodeScores), and every version before it stays readable.

// resultFormat is the version toResultItem writes; fromResultItem reads 1 to resultFormat.
const resultFormat = 2

// ErrResultFormat is wrapped in the error for a stored result whose format version this
// build does not know (written by a newer build): it is refused, never read as another
// version.
var ErrResultFormat = errors.New("store: result stored in a format this build does not read")

// resultDoc is a result item's doc attribute: small and uncompressed, so the version is
// known before the scores are unpacked.
type resultDoc struct {
	// Version is the item's format version; absent (0) in version 1, which had none.
	Version        int    `json:"v,omitempty"`
	AssessmentID   string `json:"asmt"`
	ScoredAt       int64  `json:"at,omitempty"`
	ScoringVersion string `json:"sv,omitempty"`
	// Data is version 1's scores held inline, read when the item has no dz attribute.
	Data json.RawMessage `json:"data,omitempty"`
}

// scoresV2 is a session's scores in version 2. Slices and maps are written without
// omitempty, so an empty one and a missing one read back as they were.
type scoresV2 struct {
	SessionID      string      `json:"sessionId"`
	OrgID          string      `json:"orgId"`
	AssessmentID   string      `json:"assessmentId"`
	CandidateID    string      `json:"candidateId"`
	EngineVersion  string      `json:"engineVersion"`
	ContentVersion string      `json:"contentVersion"`
	ScoredAt       time.Time   `json:"scoredAt"`
	Sections       []sectionV2 `json:"sections"`
	DISC           *discV2     `json:"disc,omitempty"`
	Cautions       []cautionV2 `json:"cautions"`
}

type sectionV2 struct {
	Instrument string    `json:"instrument"`
	Family     string    `json:"family"`
	Kind       string    `json:"kind"`
	Weight     float64   `json:"weight"`
	Scales     []scaleV2 `json:"scales"`
	Tasks      []taskV2  `json:"tasks"`
	Pending    bool      `json:"pending,omitempty"`
	Timed      bool      `json:"timed,omitempty"`
	Reached    int       `json:"reached,omitempty"`
	TimedOut   bool      `json:"timedOut,omitempty"`
}

type scaleV2 struct {
	Scale      string             `json:"scale"`
	Caution    bool               `json:"caution,omitempty"`
	Metric     string             `json:"metric"`
	Raw        float64            `json:"raw"`
	Answered   int                `json:"answered"`
	Items      int                `json:"items"`
	ThetaSE    float64            `json:"thetaSe,omitempty"`
	ItemScores map[string]float64 `json:"itemScores"`
}

type taskV2 struct {
	Item       string   `json:"item"`
	Points     float64  `json:"points"`
	Possible   float64  `json:"possible"`
	Accuracy   *float64 `json:"accuracy,omitempty"`
	FalseFlags int      `json:"falseFlags,omitempty"`
	Seconds    float64  `json:"seconds,omitempty"`
}

type discV2 struct {
	Styles  []styleV2 `json:"styles"`
	Primary []string  `json:"primary"`
	Blocks  int       `json:"blocks"`
	Invalid int       `json:"invalid"`
}

type styleV2 struct {
	Style string `json:"style"`
	Most  int    `json:"most"`
	Least int    `json:"least"`
	Diff  int    `json:"diff"`
}

type cautionV2 struct {
	Code      string  `json:"code"`
	Value     float64 `json:"value"`
	Threshold float64 `json:"threshold"`
	Message   textV2  `json:"message"`
	Serious   bool    `json:"serious"`
}

type textV2 struct {
	ES string `json:"es"`
	EN string `json:"en"`
}

// scoresV1 is version 1: the JSON of assess.Scores as it was, which has version 2's names
// everywhere except DISC, stored under the Go field names of the scoring package's
// untagged profile (discV1). Its outer DISC field takes the place of the embedded one.
type scoresV1 struct {
	scoresV2
	DISC *discV1 `json:"disc,omitempty"`
}

type discV1 struct {
	Styles  []styleV1 `json:"Styles"`
	Primary []string  `json:"Primary"`
	Blocks  int       `json:"Blocks"`
	Invalid int       `json:"Invalid"`
}

type styleV1 struct {
	Style string `json:"Style"`
	Most  int    `json:"Most"`
	Least int    `json:"Least"`
	Diff  int    `json:"Diff"`
}

func (d scoresV1) v2() scoresV2 {
	v := d.scoresV2
	if d.DISC != nil {
		v.DISC = &discV2{Styles: convert(d.DISC.Styles, func(s styleV1) styleV2 { return styleV2(s) }),
			Primary: d.DISC.Primary, Blocks: d.DISC.Blocks, Invalid: d.DISC.Invalid}
	}
	return v
}

// convert maps a slice, keeping nil as nil and empty as empty.
func convert[A, B any](in []A, f func(A) B) []B {
	if in == nil {
		return nil
	}
	out := make([]B, len(in))
	for i, a := range in {
		out[i] = f(a)
	}
	return out
}

// toScoresV2 is the writer's converter from the domain.
func toScoresV2(s assess.Scores) scoresV2 {
	d := scoresV2{SessionID: s.SessionID, OrgID: s.OrgID, AssessmentID: s.AssessmentID, CandidateID: s.CandidateID,
		EngineVersion: s.EngineVersion, ContentVersion: s.ContentVersion, ScoredAt: s.ScoredAt,
		Sections: convert(s.Sections, func(sec assess.SectionScore) sectionV2 {
			return sectionV2{Instrument: sec.Instrument, Family: string(sec.Family), Kind: string(sec.Kind), Weight: sec.Weight,
				Scales: convert(sec.Scales, func(sc assess.ScaleScore) scaleV2 {
					return scaleV2{Scale: sc.Scale, Caution: sc.Caution, Metric: sc.Metric, Raw: sc.Raw, Answered: sc.Answered,
						Items: sc.Items, ThetaSE: sc.ThetaSE, ItemScores: sc.ItemScores}
				}),
				Tasks: convert(sec.Tasks, func(t assess.TaskScore) taskV2 {
					return taskV2{Item: t.Item, Points: t.Points, Possible: t.Possible, Accuracy: t.Accuracy,
						FalseFlags: t.FalseFlags, Seconds: t.Seconds}
				}),
				Pending: sec.Pending, Timed: sec.Timed, Reached: sec.Reached, TimedOut: sec.TimedOut}
		}),
		Cautions: convert(s.Cautions, func(c scoring.Caution) cautionV2 {
			return cautionV2{Code: c.Code, Value: c.Value, Threshold: c.Threshold,
				Message: textV2{ES: c.Message.ES, EN: c.Message.EN}, Serious: c.Serious}
		})}
	if s.DISC != nil {
		d.DISC = &discV2{Styles: convert(s.DISC.Styles, func(st scoring.StyleScore) styleV2 {
			return styleV2{Style: st.Style, Most: st.Most, Least: st.Least, Diff: st.Diff}
		}), Primary: s.DISC.Primary, Blocks: s.DISC.Blocks, Invalid: s.DISC.Invalid}
	}
	return d
}

// scores is the reader's converter to the domain (every version is read through
// version 2's types).
func (d scoresV2) scores() assess.Scores {
	s := assess.Scores{SessionID: d.SessionID, OrgID: d.OrgID, AssessmentID: d.AssessmentID, CandidateID: d.CandidateID,
		EngineVersion: d.EngineVersion, ContentVersion: d.ContentVersion, ScoredAt: d.ScoredAt.UTC(),
		Sections: convert(d.Sections, func(sec sectionV2) assess.SectionScore {
			return assess.SectionScore{Instrument: sec.Instrument, Family: catalog.Family(sec.Family), Kind: catalog.Kind(sec.Kind),
				Weight: sec.Weight,
				Scales: convert(sec.Scales, func(sc scaleV2) assess.ScaleScore {
					return assess.ScaleScore{Scale: sc.Scale, Caution: sc.Caution, Metric: sc.Metric, Raw: sc.Raw,
						Answered: sc.Answered, Items: sc.Items, ThetaSE: sc.ThetaSE, ItemScores: sc.ItemScores}
				}),
				Tasks: convert(sec.Tasks, func(t taskV2) assess.TaskScore {
					return assess.TaskScore{Item: t.Item, Points: t.Points, Possible: t.Possible, Accuracy: t.Accuracy,
						FalseFlags: t.FalseFlags, Seconds: t.Seconds}
				}),
				Pending: sec.Pending, Timed: sec.Timed, Reached: sec.Reached, TimedOut: sec.TimedOut}
		}),
		Cautions: convert(d.Cautions, func(c cautionV2) scoring.Caution {
			return scoring.Caution{Code: c.Code, Value: c.Value, Threshold: c.Threshold,
				Message: scoring.Text{ES: c.Message.ES, EN: c.Message.EN}, Serious: c.Serious}
		})}
	if d.DISC != nil {
		s.DISC = &scoring.DISCProfile{Styles: convert(d.DISC.Styles, func(st styleV2) scoring.StyleScore {
			return scoring.StyleScore{Style: st.Style, Most: st.Most, Least: st.Least, Diff: st.Diff}
		}), Primary: d.DISC.Primary, Blocks: d.DISC.Blocks, Invalid: d.DISC.Invalid}
	}
	return s
}

// decodeScores reads scores stored in format version (0 is version 1, which had no
// version field).
func decodeScores(version int, raw []byte) (assess.Scores, error) {
	switch version {
	case 0, 1:
		var d scoresV1
		if err := json.Unmarshal(raw, &d); err != nil {
			return assess.Scores{}, err
		}
		return d.v2().scores(), nil
	case 2:
		var d scoresV2
		if err := json.Unmarshal(raw, &d); err != nil {
			return assess.Scores{}, err
		}
		return d.scores(), nil
	}
	return assess.Scores{}, formatError(version)
}

func formatError(version int) error {
	return fmt.Errorf("%w: version %d, this build reads 1 to %d", ErrResultFormat, version, resultFormat)
}

// toResultItem writes r in the newest format.
func toResultItem(r assess.Result) (Item, error) {
	it := base(resultKey(r.SessionID), typeResult)
	it[attrOrg] = r.OrgID
	raw, err := json.Marshal(toScoresV2(r.Scores))
	if err != nil {
		return nil, ErrInternal(fmt.Errorf("store: encoding result %s: %w", r.SessionID, err))
	}
	z, err := gz(raw)
	if err != nil {
		return nil, err
	}
	it[attrData] = z
	it, err = withDoc(it, resultDoc{Version: resultFormat, AssessmentID: r.AssessmentID, ScoredAt: nanos(r.ScoredAt),
		ScoringVersion: r.ScoringVersion})
	return withTTLErr(it, err, r.RetainUntil)
}

// fromResultItem reads a result item of any format version up to resultFormat; a newer
// one is an Internal error wrapping ErrResultFormat.
func fromResultItem(it Item) (assess.Result, error) {
	var d resultDoc
	if err := readDoc(it, &d); err != nil {
		return assess.Result{}, err
	}
	if d.Version < 0 || d.Version > resultFormat {
		return assess.Result{}, ErrInternal(fmt.Errorf("store: result %s: %w", it.Str(table.PK), formatError(d.Version)))
	}
	raw := []byte(d.Data)
	if z := it.Bytes(attrData); z != nil {
		var err error
		if raw, err = gunzip(z); err != nil {
			return assess.Result{}, ErrInternal(fmt.Errorf("store: result %s data: %w", it.Str(table.PK), err))
		}
	}
	scores, err := decodeScores(d.Version, raw)
	if err != nil {
		return assess.Result{}, ErrInternal(fmt.Errorf("store: result %s: %w", it.Str(table.PK), err))
	}
	return assess.Result{SessionID: strings.TrimPrefix(it.Str(table.PK), "SESS#"), OrgID: it.Str(attrOrg),
		AssessmentID: d.AssessmentID, ScoredAt: fromNanos(d.ScoredAt), ScoringVersion: d.ScoringVersion,
		Scores: scores, RetainUntil: ttlOf(it)}, nil
}
