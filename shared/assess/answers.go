package assess

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"shortlist/shared/catalog"
)

// The shapes of an answer's value, by kind (the candidate API's contract; see openapi):
//
//	likert          3                                     1..5
//	choice          2                                     option index
//	sjt             {"best": 0, "worst": 3}               two different option indexes
//	disc            {"most": 1, "least": 2}               two different descriptor indexes
//	datavalidation  {"cells": {"0:amount": "1250"}, "total": 4380.5}
//	                                                      corrected cells by "row:column"; the total
//	writing         {"text": "Dear …"}                    at most MaxWritingChars characters
//	cases           {"order": ["c2","c1","c3"], "replies": {"c1": 0, "c2": 2}}
const (
	LikertMin       = 1
	LikertMax       = 5
	MaxWritingChars = 5000
	maxCellChars    = 200
)

type sjtValue struct {
	Best  *int `json:"best"`
	Worst *int `json:"worst"`
}

type discValue struct {
	Most  *int `json:"most"`
	Least *int `json:"least"`
}

type cellsValue struct {
	Cells map[string]string `json:"cells"`
	Total *float64          `json:"total"`
}

type writingValue struct {
	Text string `json:"text"`
}

type casesValue struct {
	Order   []string       `json:"order"`
	Replies map[string]int `json:"replies"`
}

var cellKey = regexp.MustCompile(`^[0-9]{1,3}:[a-z0-9-]{1,40}$`)

// CheckAnswer validates one answer's value against its item and returns it in canonical
// form (compact JSON). The error names what is wrong so the client can fix it.
func CheckAnswer(kind catalog.Kind, it *catalog.Item, raw json.RawMessage) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, fmt.Errorf("a value is required")
	}
	var v any
	switch kind {
	case catalog.Likert:
		n, err := intValue(raw)
		if err != nil || n < LikertMin || n > LikertMax {
			return nil, fmt.Errorf("must be an integer from %d to %d", LikertMin, LikertMax)
		}
		v = n
	case catalog.MultipleChoice:
		n, err := intValue(raw)
		if err != nil || n < 0 || n >= len(it.Options) {
			return nil, fmt.Errorf("must be an option index from 0 to %d", len(it.Options)-1)
		}
		v = n
	case catalog.SJT:
		var s sjtValue
		if err := strictDecode(raw, &s); err != nil || s.Best == nil || s.Worst == nil {
			return nil, fmt.Errorf(`must be {"best": i, "worst": j}`)
		}
		if !index(*s.Best, len(it.Options)) || !index(*s.Worst, len(it.Options)) || *s.Best == *s.Worst {
			return nil, fmt.Errorf("best and worst must be two different option indexes from 0 to %d", len(it.Options)-1)
		}
		v = s
	case catalog.ForcedChoice:
		var d discValue
		if err := strictDecode(raw, &d); err != nil || d.Most == nil || d.Least == nil {
			return nil, fmt.Errorf(`must be {"most": i, "least": j}`)
		}
		if !index(*d.Most, len(it.Descriptors)) || !index(*d.Least, len(it.Descriptors)) || *d.Most == *d.Least {
			return nil, fmt.Errorf("most and least must be two different descriptor indexes from 0 to %d", len(it.Descriptors)-1)
		}
		v = d
	case catalog.DataValidation:
		var c cellsValue
		if err := strictDecode(raw, &c); err != nil {
			return nil, fmt.Errorf(`must be {"cells": {"row:column": "value"}, "total": number}`)
		}
		if it.Task == nil {
			return nil, fmt.Errorf("this item takes no cells")
		}
		if len(c.Cells) > len(it.Task.Rows)*len(it.Task.Columns) {
			return nil, fmt.Errorf("more cells than the sheet has")
		}
		for k, val := range c.Cells {
			if !cellKey.MatchString(k) || !validCell(it.Task, k) {
				return nil, fmt.Errorf("cell %q is not a row:column of this sheet", clip(k))
			}
			if utf8.RuneCountInString(val) > maxCellChars || !utf8.ValidString(val) {
				return nil, fmt.Errorf("cell %q holds more than %d characters", k, maxCellChars)
			}
		}
		if c.Total != nil && (math.IsNaN(*c.Total) || math.IsInf(*c.Total, 0)) {
			return nil, fmt.Errorf("total must be a number")
		}
		v = c
	case catalog.Writing:
		var w writingValue
		if err := strictDecode(raw, &w); err != nil {
			return nil, fmt.Errorf(`must be {"text": "..."}`)
		}
		if !utf8.ValidString(w.Text) || utf8.RuneCountInString(w.Text) > MaxWritingChars {
			return nil, fmt.Errorf("text must be valid UTF-8 of at most %d characters", MaxWritingChars)
		}
		v = w
	case catalog.ParallelCases:
		var c casesValue
		if err := strictDecode(raw, &c); err != nil || it.Task == nil {
			return nil, fmt.Errorf(`must be {"order": [caseId…], "replies": {caseId: replyIndex}}`)
		}
		cases := map[string]int{}
		for _, cs := range it.Task.Cases {
			cases[cs.ID] = len(cs.Replies)
		}
		if len(c.Order) > 0 && len(c.Order) != len(cases) {
			return nil, fmt.Errorf("order must list all %d cases once", len(cases))
		}
		seen := map[string]bool{}
		for _, id := range c.Order {
			if _, ok := cases[id]; !ok || seen[id] {
				return nil, fmt.Errorf("order must list all %d cases once", len(cases))
			}
			seen[id] = true
		}
		for id, r := range c.Replies {
			n, ok := cases[id]
			if !ok {
				return nil, fmt.Errorf("replies names an unknown case %q", clip(id))
			}
			if !index(r, n) {
				return nil, fmt.Errorf("reply for %s must be an index from 0 to %d", id, n-1)
			}
		}
		v = c
	default:
		return nil, fmt.Errorf("items of kind %q take no answers", kind)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return b, nil
}

func validCell(t *catalog.Task, key string) bool {
	row, col, _ := strings.Cut(key, ":")
	var r int
	if _, err := fmt.Sscanf(row, "%d", &r); err != nil || r < 0 || r >= len(t.Rows) {
		return false
	}
	for _, c := range t.Columns {
		if c.ID == col {
			return true
		}
	}
	return false
}

func intValue(raw json.RawMessage) (int, error) {
	var n int
	if err := json.Unmarshal(raw, &n); err != nil {
		return 0, err
	}
	return n, nil
}

func index(i, n int) bool { return i >= 0 && i < n }

func strictDecode(raw json.RawMessage, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// CanonicalValue maps a value as the candidate gave it on the presented item p (option,
// descriptor and reply indexes as shown, case ids as shown) to the catalog's terms, which
// CheckAnswer, storage and scoring read. A value it cannot read, or an index out of range,
// is returned as it is for CheckAnswer to refuse (the bounds are the same); an unknown
// case id is refused here, naming the id as the candidate sent it.
func CanonicalValue(kind catalog.Kind, p catalog.Presented, raw json.RawMessage) (json.RawMessage, error) {
	return remap(kind, p, raw, valueMap{
		option: p.CatalogOption,
		caseID: func(id string) (string, catalog.PresentedCase, bool) {
			c, ok := p.CaseShown(id)
			if !ok {
				return "", c, false
			}
			return p.CatalogID(c), c, true
		},
		reply: catalog.PresentedCase.CatalogReply,
	})
}

// ShownValue is CanonicalValue's inverse: a value in the catalog's terms as the candidate
// gives it on p. The server uses it to hand a resumed session its saved answers; tools
// and tests that know the canonical answer use it (with Instrument.Match) to answer
// through the candidate API.
func ShownValue(kind catalog.Kind, p catalog.Presented, raw json.RawMessage) (json.RawMessage, error) {
	return remap(kind, p, raw, valueMap{
		option: p.ShownOption,
		caseID: func(id string) (string, catalog.PresentedCase, bool) {
			c, ok := p.CaseOf(id)
			return c.ID, c, ok
		},
		reply: catalog.PresentedCase.ShownReply,
	})
}

// valueMap is one direction of the mapping between shown and catalog terms.
type valueMap struct {
	option func(int) int
	// caseID maps a case id and returns the case as presented.
	caseID func(string) (string, catalog.PresentedCase, bool)
	reply  func(catalog.PresentedCase, int) int
}

func remap(kind catalog.Kind, p catalog.Presented, raw json.RawMessage, m valueMap) (json.RawMessage, error) {
	raw = bytes.TrimSpace(raw)
	var v any
	switch kind {
	case catalog.MultipleChoice:
		n, err := intValue(raw)
		if err != nil {
			return raw, nil
		}
		v = m.option(n)
	case catalog.SJT:
		var s sjtValue
		if err := strictDecode(raw, &s); err != nil || s.Best == nil || s.Worst == nil {
			return raw, nil
		}
		v = sjtValue{Best: ptr(m.option(*s.Best)), Worst: ptr(m.option(*s.Worst))}
	case catalog.ForcedChoice:
		var d discValue
		if err := strictDecode(raw, &d); err != nil || d.Most == nil || d.Least == nil {
			return raw, nil
		}
		v = discValue{Most: ptr(m.option(*d.Most)), Least: ptr(m.option(*d.Least))}
	case catalog.ParallelCases:
		var c casesValue
		if err := strictDecode(raw, &c); err != nil || p.Item == nil || p.Item.Task == nil {
			return raw, nil
		}
		n := len(p.Item.Task.Cases)
		out := casesValue{Order: make([]string, 0, len(c.Order)), Replies: make(map[string]int, len(c.Replies))}
		for _, id := range c.Order {
			to, _, ok := m.caseID(id)
			if !ok {
				return nil, fmt.Errorf("order must list all %d cases once", n)
			}
			out.Order = append(out.Order, to)
		}
		for id, r := range c.Replies {
			to, pc, ok := m.caseID(id)
			if !ok {
				return nil, fmt.Errorf("replies names an unknown case %q", clip(id))
			}
			replies := len(p.Item.Task.Cases[pc.Index].Replies)
			if !index(r, replies) {
				return nil, fmt.Errorf("reply for %s must be an index from 0 to %d", clip(id), replies-1)
			}
			out.Replies[to] = m.reply(pc, r)
		}
		if c.Order == nil {
			out.Order = nil
		}
		if c.Replies == nil {
			out.Replies = nil
		}
		v = out
	default:
		return raw, nil // Likert points, cells, text: nothing is rearranged
	}
	return json.Marshal(v)
}

func ptr(n int) *int { return &n }
