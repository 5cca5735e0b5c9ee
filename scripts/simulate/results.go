package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"sync"
)

// What the HR API says about a run, read only through the API. Every field the figures
// use is parsed here and nowhere else, against the current API shape:
//
//	GET /v1/assessments/{id}/ranking?limit=500&cursor=…
//	  {"assessmentId","asOf","total","topK","next","ranking":[{"rank","rankLow","rankHigh",
//	   "pTop","candidateId","name","composite","se","band":{"low","high"},
//	   "abilityComposite":{"value","se"}|null,"cautions":["code",…],"reviewFirst",
//	   "belowMinimum":[…],"decision"}]}
//	  (asOf and topK are also taken from a "cohort" object that labels the answer)
//	GET /v1/assessments/{id}/candidates/{cid}
//	  {"scales":{"<scale>":{"raw","z","t","percentile","se","band":{"low","high"},
//	   "answered","items","metric"}},"cautions":[{"code","value","threshold","serious","message"}]}
//
// A field the API does not serve is recorded in apiView.Missing (the run fails on it, see
// main.go) and, where an older API shape has an equivalent, read from that instead so the
// other figures can still be computed: the ranking unpaged, the caution codes and the
// per-scale bands from the detail's "cautions" and "cohort.scales" (+ "scores" for items
// and metric), seriousness from the serious codes.

// seriousCodes are the serious cautions: the ranking holds candidates with
// one in a visible "review first" group.
var seriousCodes = map[string]bool{
	"random_responding": true, "person_misfit": true, "longstring": true,
	"impression_management": true, "not_finished": true,
}

type band struct{ Low, High float64 } // {"low","high"} (now) or {"Low","High"} (older servers)

func (b band) covers(x float64) bool { return x >= b.Low && x <= b.High }

// se is the standard error a 95% band X ± 1.96·SE was built with.
func (b band) se() float64 { return (b.High - b.Low) / (2 * 1.96) }

// rankRow is one row of the ranking.
type rankRow struct {
	Rank        int
	RankLow     int
	RankHigh    int
	HasInterval bool
	PTop        *float64
	CandidateID string
	Name        string
	Composite   float64
	SE          float64
	Band        band
	Ability     *valueSE // nil: no ability composite for this candidate (or not served)
	Cautions    []string // codes (from the detail when the ranking serves a count)
	ReviewFirst bool
}

type valueSE struct{ Value, SE float64 }

// scaleView is one scale of one candidate's detail.
type scaleView struct {
	Raw, Z, T, Percentile, SE float64
	Band                      band
	Answered, Items           int
	Metric                    string
}

type cautionView struct {
	Code             string
	Value, Threshold float64
	Serious          bool
	Message          string
}

type detailView struct {
	Status   string
	Scales   map[string]scaleView
	Cautions []cautionView
}

// apiView is one assessment as the HR API shows it.
type apiView struct {
	AsOf    string
	Total   int
	TopK    int
	Rows    []rankRow              // in the order served
	Details map[string]*detailView // by candidate id
	Missing []string               // fields and features of the current shape not served
}

// presence records which expected fields an answer lacked.
type presence map[string]bool

func (p presence) need(obj map[string]json.RawMessage, where string, keys ...string) {
	for _, k := range keys {
		if _, ok := obj[k]; !ok {
			p[where+"."+k] = true
		}
	}
}

func (p presence) list() []string {
	out := make([]string, 0, len(p))
	for k := range p {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// get decodes obj[key] into v when present and not null.
func get(obj map[string]json.RawMessage, key string, v any) bool {
	raw, ok := obj[key]
	if !ok || string(raw) == "null" {
		return false
	}
	return json.Unmarshal(raw, v) == nil
}

// rankingPage is the page size asked of the ranking (the API's maximum; the test asks
// for small pages so that paging is exercised).
var rankingPage = 500

// readAPI reads the whole ranking (paging with next) and every invited candidate's detail.
func readAPI(ctx context.Context, c *client, assessmentID string, candidateIDs []string, concurrency int) (*apiView, error) {
	base := "/v1/assessments/" + assessmentID
	v := &apiView{Details: map[string]*detailView{}}
	miss := presence{}
	cursor, paged := "", true
	for page := 0; ; page++ {
		path := fmt.Sprintf("%s/ranking?limit=%d", base, rankingPage)
		if cursor != "" {
			path += "&cursor=" + url.QueryEscape(cursor)
		}
		if !paged {
			path = base + "/ranking"
		}
		var raw json.RawMessage
		err := c.call(ctx, "GET", path, "", nil, &raw, 200)
		if err != nil && paged && page == 0 && strings.Contains(err.Error(), "unknown query parameter") {
			miss["ranking paging (?limit, ?cursor)"] = true
			paged = false
			continue
		}
		if err != nil {
			return nil, err
		}
		next, err := parseRanking(raw, v, miss)
		if err != nil {
			return nil, fmt.Errorf("GET %s: %w", path, err)
		}
		if !paged || next == "" {
			break
		}
		if page > 1000 {
			return nil, fmt.Errorf("GET %s: more than 1000 pages: the cursor does not advance", path)
		}
		cursor = next
	}
	if !miss["ranking.total"] && v.Total != len(v.Rows) {
		return nil, fmt.Errorf("the ranking says total %d but its pages hold %d rows", v.Total, len(v.Rows))
	}
	seen := map[string]bool{}
	for _, r := range v.Rows {
		if seen[r.CandidateID] {
			return nil, fmt.Errorf("candidate %s appears twice over the ranking's pages", r.CandidateID)
		}
		seen[r.CandidateID] = true
	}

	var mu sync.Mutex
	var errs []error
	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for _, id := range candidateIDs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			var raw json.RawMessage
			err := c.call(ctx, "GET", base+"/candidates/"+id, "", nil, &raw, 200)
			var d *detailView
			if err == nil {
				d, err = parseDetail(raw, miss, &mu)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, fmt.Errorf("candidate %s: %w", id, err))
				return
			}
			v.Details[id] = d
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Rows that serve a caution count get their codes from the detail.
	for i := range v.Rows {
		if v.Rows[i].Cautions == nil {
			if d := v.Details[v.Rows[i].CandidateID]; d != nil {
				for _, ca := range d.Cautions {
					v.Rows[i].Cautions = append(v.Rows[i].Cautions, ca.Code)
				}
			}
		}
	}
	v.Missing = miss.list()
	return v, nil
}

// parseRanking adds one page of the ranking to v and returns the next cursor.
func parseRanking(raw []byte, v *apiView, miss presence) (string, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return "", err
	}
	// asOf and topK may sit at the top or in the "cohort" label the answer carries.
	var label map[string]json.RawMessage
	if get(top, "cohort", &label) {
		for _, k := range []string{"asOf", "topK"} {
			if _, ok := top[k]; !ok && label[k] != nil {
				top[k] = label[k]
			}
		}
	}
	miss.need(top, "ranking", "assessmentId", "asOf", "total", "topK", "next", "ranking")
	get(top, "asOf", &v.AsOf)
	get(top, "total", &v.Total)
	get(top, "topK", &v.TopK)
	var next string
	get(top, "next", &next)
	var rows []map[string]json.RawMessage
	if !get(top, "ranking", &rows) {
		return "", fmt.Errorf(`no "ranking" list in %.200s`, raw)
	}
	for _, r := range rows {
		miss.need(r, "ranking[]", "rank", "rankLow", "rankHigh", "pTop", "candidateId", "name", "composite", "se", "band",
			"abilityComposite", "cautions", "reviewFirst", "belowMinimum")
		var row rankRow
		if !get(r, "candidateId", &row.CandidateID) || !get(r, "rank", &row.Rank) || !get(r, "composite", &row.Composite) {
			return "", fmt.Errorf("a ranking row without candidateId, rank or composite: %v", keys(r))
		}
		get(r, "name", &row.Name)
		get(r, "se", &row.SE)
		get(r, "band", &row.Band)
		var lo, hi int
		if get(r, "rankLow", &lo) && get(r, "rankHigh", &hi) {
			row.RankLow, row.RankHigh, row.HasInterval = lo, hi, true
		}
		var p float64
		if get(r, "pTop", &p) {
			row.PTop = &p
		}
		var ab valueSE
		if get(r, "abilityComposite", &ab) {
			row.Ability = &ab
		}
		var codes []string
		if raw, ok := r["cautions"]; ok {
			if json.Unmarshal(raw, &codes) == nil {
				row.Cautions = append([]string{}, codes...)
			} else {
				miss["ranking[].cautions as a list of codes (served: a "+jsonKind(raw)+")"] = true
			}
		}
		get(r, "reviewFirst", &row.ReviewFirst)
		v.Rows = append(v.Rows, row)
	}
	return next, nil
}

// parseDetail reads one candidate's detail; miss is shared, mu guards it.
func parseDetail(raw []byte, miss presence, mu *sync.Mutex) (*detailView, error) {
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		return nil, err
	}
	m := presence{}
	d := &detailView{Scales: map[string]scaleView{}}
	get(top, "status", &d.Status)
	m.need(top, "detail", "scales", "cautions")

	var scales map[string]map[string]json.RawMessage
	if get(top, "scales", &scales) {
		for id, s := range scales {
			m.need(s, "detail.scales{}", "raw", "z", "t", "percentile", "se", "band", "answered", "items", "metric")
			var sv scaleView
			get(s, "raw", &sv.Raw)
			get(s, "z", &sv.Z)
			get(s, "t", &sv.T)
			get(s, "percentile", &sv.Percentile)
			get(s, "se", &sv.SE)
			get(s, "band", &sv.Band)
			get(s, "answered", &sv.Answered)
			get(s, "items", &sv.Items)
			get(s, "metric", &sv.Metric)
			d.Scales[id] = sv
		}
	} else {
		// Older servers: the cohort standing ("cohort.scales": raw, band, answered) and
		// the stored score for the items and metric.
		var old struct {
			Cohort *struct {
				Scales map[string]struct {
					Raw, Z, T, Percentile, SE float64
					Band                      band
					Answered                  int
				}
			}
			Scores *struct {
				Sections []struct {
					Scales []struct {
						Scale  string
						Items  int
						Metric string
					}
				}
			}
		}
		if err := json.Unmarshal(raw, &old); err != nil {
			return nil, err
		}
		if old.Cohort != nil {
			for id, s := range old.Cohort.Scales {
				d.Scales[id] = scaleView{Raw: s.Raw, Z: s.Z, T: s.T, Percentile: s.Percentile, SE: s.SE, Band: s.Band, Answered: s.Answered}
			}
		}
		if old.Scores != nil {
			for _, sec := range old.Scores.Sections {
				for _, s := range sec.Scales {
					if sv, ok := d.Scales[s.Scale]; ok {
						sv.Items, sv.Metric = s.Items, s.Metric
						d.Scales[s.Scale] = sv
					}
				}
			}
		}
	}
	var cautions []map[string]json.RawMessage
	get(top, "cautions", &cautions)
	for _, c := range cautions {
		m.need(c, "detail.cautions[]", "code", "value", "threshold", "serious", "message")
		var cv cautionView
		get(c, "code", &cv.Code)
		get(c, "value", &cv.Value)
		get(c, "threshold", &cv.Threshold)
		get(c, "message", &cv.Message)
		if !get(c, "serious", &cv.Serious) {
			cv.Serious = seriousCodes[cv.Code]
		}
		d.Cautions = append(d.Cautions, cv)
	}
	mu.Lock()
	for k := range m {
		miss[k] = true
	}
	mu.Unlock()
	return d, nil
}

func keys(m map[string]json.RawMessage) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// jsonKind names a JSON value's type: "number", "string", "object", …
func jsonKind(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return "malformed value"
	}
	switch v.(type) {
	case float64:
		return "number"
	case string:
		return "string"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "list of other values"
	}
	return "null"
}
