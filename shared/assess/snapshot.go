package assess

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"shortlist/shared/catalog"
	"shortlist/shared/scoring"
)

// The cohort snapshot: an assessment's cohort view computed once per change and kept in
// the object store, so the ranking, a candidate's detail, the statistics and every report
// read the same figures without recomputing the cohort per request.
//
// A version is a set of immutable objects under CohortPrefix(org, aid)+"v<N>-<writer>/":
//
//	state.json.gz      the CohortState (compact rows + item sums) that the next version grows from
//	head.json.gz       CohortHead: the view without its candidates (norms, reliability,
//	                   counts, positions of review-first and per-caution candidates)
//	page-<k>.json.gz   candidates k·PageRows … (k+1)·PageRows−1 in rank order
//	index-<s>.json.gz  session id → position, sharded by a hash of the id (one shard per
//	                   IndexRows candidates, at most MaxIndexShards)
//	sort-<key>.json.gz one number per ranked position (null: none) for a sort order other
//	                   than the role fit: the ability composite, and each test's score
//
// and a small pointer item in the table names the current version (CohortPointers). A new
// batch of results (one stream batch, or the dev worker's batch) makes one new version:
// read the state, add the results, derive, write the objects, move the pointer with a
// condition on the version it replaces (a writer that loses re-reads and retries), then
// drop the version before last. Reading a ranking page is the pointer, the head and one
// page object: constant whatever the cohort's size. An erasure forgets the snapshot; the
// next read rebuilds it from the results that remain.

// CohortPointer names the current snapshot version of an assessment.
type CohortPointer struct {
	OrgID        string    `json:"org"`
	AssessmentID string    `json:"asmt"`
	Version      int64     `json:"-"`
	Engine       string    `json:"engine"`
	N            int       `json:"n"`
	AsOf         time.Time `json:"asOf"`
	BuiltAt      time.Time `json:"builtAt"`
	// Expires is when the first candidate in it passes their retention: from then on the
	// view is rebuilt from the results that remain.
	Expires time.Time `json:"expires,omitzero"`
	// Prefix is where this version's objects are (each writer writes under a prefix of
	// its own, so a writer that loses the race removes only its own objects); Prev is the
	// previous version's, dropped when the next one lands.
	Prefix string `json:"prefix"`
	Prev   string `json:"prev,omitempty"`
}

// snapshotEngine names the engine and the snapshot's object layout: a pointer written by
// another is rebuilt, never read with the wrong layout.
const snapshotEngine = EngineVersion + "+snapshot/2"

// current reports whether a pointer names a view that can be served at now.
func (p CohortPointer) current(now time.Time) bool {
	return p.Engine == snapshotEngine && p.Prefix != "" && (p.Expires.IsZero() || now.Before(p.Expires))
}

// CohortPointers keeps the pointers (shared/store implements it).
type CohortPointers interface {
	CohortPointer(ctx context.Context, orgID, assessmentID string) (CohortPointer, error)
	// PutCohortPointer moves the pointer if it still names prev (0: none yet), else Conflict.
	PutCohortPointer(ctx context.Context, p CohortPointer, prev int64) error
	DeleteCohortPointer(ctx context.Context, orgID, assessmentID string) error
}

// ObjectStore keeps the snapshot's objects (shared/blob's stores implement it).
type ObjectStore interface {
	Put(ctx context.Context, key, contentType string, body []byte) error
	Get(ctx context.Context, key string) ([]byte, error)
	DeletePrefix(ctx context.Context, prefix string) error
}

// ResultSource reads an assessment's stored results (for a full rebuild).
type ResultSource interface {
	Results(ctx context.Context, orgID, assessmentID string) ([]Result, error)
}

// ResultStream is a ResultSource that can hand results over one at a time (shared/store
// does): a full rebuild then holds one page of results at once, not the whole cohort.
type ResultStream interface {
	EachResult(ctx context.Context, orgID, assessmentID string, fn func(Result) error) error
}

// Snapshot layout.
const (
	PageRows       = 500
	IndexRows      = 4000
	MaxIndexShards = 32
	maxRetries     = 25
)

// errVersionGone: a snapshot version was dropped after its pointer was read (a newer
// one replaced it); readers and writers start again from the pointer.
var errVersionGone = errors.New("cohort snapshot version dropped")

// CohortPrefix is where an assessment's snapshot versions live (under the assessment's
// own prefix, so erasing the assessment or organisation removes them).
func CohortPrefix(orgID, assessmentID string) string {
	return fmt.Sprintf("orgs/%s/assessments/%s/cohort-view/", orgID, assessmentID)
}

// CohortHead is a snapshot's view without its candidates.
type CohortHead struct {
	Version  int64         `json:"version"`
	AsOf     time.Time     `json:"asOf"`
	BuiltAt  time.Time     `json:"builtAt"`
	N        int           `json:"n"`
	Ranked   int           `json:"ranked"` // candidates with a role fit: positions 0…Ranked−1
	Main     int           `json:"main"`   // of them the main group: positions 0…Main−1; then review first
	TopK     int           `json:"topK"`
	Scales   []CohortScale `json:"scales"`
	Tests    []CohortTest  `json:"tests"`
	Tiers    []Tier        `json:"tiers"`
	RankRule scoring.Text  `json:"rankRule"`
	Pages    int           `json:"pages"`
	Shards   int           `json:"shards"` // index shards
	// Review holds the positions of the review-first group (Main…Ranked−1); ByCaution the
	// positions of ranked candidates with each caution code. Both ascending.
	Review    []int32            `json:"review"`
	ByCaution map[string][]int32 `json:"byCaution"`
	// Below holds the positions of ranked candidates with a part below its minimum.
	Below []int32 `json:"below"`
}

// Test finds a test by its instrument id.
func (h CohortHead) Test(instrument string) (int, bool) {
	for i, t := range h.Tests {
		if t.Instrument == instrument {
			return i, true
		}
	}
	return 0, false
}

// Scale finds a scale's cohort figures.
func (h CohortHead) Scale(id string) (CohortScale, bool) {
	for _, s := range h.Scales {
		if s.Scale == id {
			return s, true
		}
	}
	return CohortScale{}, false
}

// Cohorts keeps and serves cohort snapshots. With no Objects it computes the view from
// the results on every read (tools and tests that run without an object store).
type Cohorts struct {
	Pointers CohortPointers
	Objects  ObjectStore
	Results  ResultSource
	Catalog  *catalog.Catalog
	Clock    func() time.Time

	cache *objectCache // shared by copies; nil: no cache
}

// NewCohorts is a snapshot keeper with an in-memory cache of decoded objects.
func NewCohorts(p CohortPointers, o ObjectStore, r ResultSource, cat *catalog.Catalog) *Cohorts {
	return &Cohorts{Pointers: p, Objects: o, Results: r, Catalog: cat, cache: &objectCache{m: map[string]any{}}}
}

// objectCache keeps decoded snapshot objects (object key → value; versions are immutable).
type objectCache struct {
	mu    sync.Mutex
	m     map[string]any
	order []string
}

// CohortView is one snapshot version, read object by object as needed.
type CohortView struct {
	Head   CohortHead
	c      *Cohorts
	prefix string
	mem    *Cohort // the whole view in memory (no object store)
}

func (c *Cohorts) now() time.Time {
	if c.Clock != nil {
		return c.Clock().UTC()
	}
	return time.Now().UTC()
}

// View returns the assessment's current cohort view, building it from the results when
// there is no snapshot yet (or one from another engine version).
func (c *Cohorts) View(ctx context.Context, a Assessment) (CohortView, error) {
	if c.Objects == nil {
		st, err := c.fullState(ctx, a)
		if err != nil {
			return CohortView{}, err
		}
		co := st.Derive(c.Catalog, a)
		return CohortView{Head: headOf(co, 0, c.now()), mem: &co, c: c}, nil
	}
	for range maxRetries {
		p, err := c.Pointers.CohortPointer(ctx, a.OrgID, a.ID)
		switch {
		case err == nil && p.current(c.now()):
			v, err := c.open(ctx, p)
			if errors.Is(err, errVersionGone) {
				continue
			}
			return v, err
		case err != nil && CodeOf(err) != NotFound:
			return CohortView{}, err
		}
		st, err := c.fullState(ctx, a)
		if err != nil {
			return CohortView{}, err
		}
		np, err := c.write(ctx, a, st, p)
		if CodeOf(err) == Conflict {
			continue // another writer moved it: read theirs
		}
		if err != nil {
			return CohortView{}, err
		}
		v, err := c.open(ctx, np)
		if errors.Is(err, errVersionGone) {
			continue
		}
		return v, err
	}
	return CohortView{}, Errorf(Unavailable, "the cohort view is being updated; try again")
}

// Add adds newly scored results to the assessment's snapshot as one new version (the
// results of one stream batch: one version per batch, not per candidate).
func (c *Cohorts) Add(ctx context.Context, a Assessment, results []Scores) error {
	if c.Objects == nil || len(results) == 0 {
		return nil
	}
	for range maxRetries {
		p, err := c.Pointers.CohortPointer(ctx, a.OrgID, a.ID)
		var st CohortState
		switch {
		case err == nil && p.current(c.now()):
			err := c.getJSON(ctx, p.Prefix+"state.json.gz", &st)
			if errors.Is(err, errVersionGone) {
				continue
			}
			if err != nil {
				return err
			}
		case err == nil || CodeOf(err) == NotFound:
			// No snapshot (or another engine's, or one past a retention date): the full
			// state already holds these results.
			if st, err = c.fullState(ctx, a); err != nil {
				return err
			}
		default:
			return err
		}
		changed := false
		for _, s := range results {
			changed = st.Add(c.Catalog, a, s) || changed
		}
		if !changed && p.Version > 0 && p.current(c.now()) {
			return nil
		}
		_, err = c.write(ctx, a, st, p)
		if CodeOf(err) == Conflict {
			backoff(ctx)
			continue
		}
		return err
	}
	return Errorf(Unavailable, "the cohort view is being updated by others; try again")
}

// backoff waits a short random while before a writer that lost the pointer's race tries
// again, so racing writers spread out instead of colliding in step.
func backoff(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-time.After(time.Duration(5+rand.IntN(45)) * time.Millisecond):
	}
}

// Forget drops the assessment's snapshot (after an erasure): the next read rebuilds it
// from the results that remain, and no object keeps the erased candidate's figures.
func (c *Cohorts) Forget(ctx context.Context, orgID, assessmentID string) error {
	if c.Objects == nil {
		return nil
	}
	if err := c.Pointers.DeleteCohortPointer(ctx, orgID, assessmentID); err != nil {
		return err
	}
	return c.Objects.DeletePrefix(ctx, CohortPrefix(orgID, assessmentID))
}

func (c *Cohorts) fullState(ctx context.Context, a Assessment) (CohortState, error) {
	st := NewCohortState(a)
	if stream, ok := c.Results.(ResultStream); ok {
		err := stream.EachResult(ctx, a.OrgID, a.ID, func(r Result) error {
			scores, err := DecodeScores([]Result{r})
			if err == nil {
				st.Add(c.Catalog, a, scores[0])
			}
			return err
		})
		return st, err
	}
	results, err := c.Results.Results(ctx, a.OrgID, a.ID)
	if err != nil {
		return CohortState{}, err
	}
	scores, err := DecodeScores(results)
	if err != nil {
		return CohortState{}, err
	}
	for _, s := range scores {
		st.Add(c.Catalog, a, s)
	}
	return st, nil
}

// versionPrefix is a new, writer-unique place for version v's objects.
func (c *Cohorts) versionPrefix(orgID, assessmentID string, v int64) string {
	return fmt.Sprintf("%sv%d-%s/", CohortPrefix(orgID, assessmentID), v, NewID()[:8])
}

// headOf is a view's head (positions of the review-first and per-caution candidates).
func headOf(co Cohort, version int64, built time.Time) CohortHead {
	h := CohortHead{Version: version, AsOf: co.AsOf, BuiltAt: built, N: co.N, TopK: co.TopK, Scales: co.Scales, Main: co.Main,
		Tests: co.Tests, Tiers: co.Tiers, Below: []int32{},
		RankRule: co.RankRule, Pages: (len(co.Candidates) + PageRows - 1) / PageRows, Review: []int32{}, ByCaution: map[string][]int32{},
		Shards: max(1, min(MaxIndexShards, (len(co.Candidates)+IndexRows-1)/IndexRows))}
	for i, cc := range co.Candidates {
		if cc.Rank == 0 {
			continue
		}
		h.Ranked++
		if cc.ReviewFirst {
			h.Review = append(h.Review, int32(i))
		}
		for _, code := range cc.Cautions {
			h.ByCaution[code] = append(h.ByCaution[code], int32(i))
		}
		if len(cc.Fit.BelowMinimum) > 0 {
			h.Below = append(h.Below, int32(i))
		}
	}
	return h
}

// Sort orders other than the role fit (RankingQuery.Sort).
const (
	SortFit     = ""
	SortAbility = "ability"
	SortName    = "name" // by the candidates' names: RankingQuery.ByName gives the order
)

// SortTest is the sort key of a test's score.
func SortTest(instrument string) string { return "test:" + instrument }

// sortKeys are the sort orders a view stores values for, with each ranked candidate's
// value (nil: none).
func sortKeys(co Cohort, ranked int) map[string][]*float64 {
	out := map[string][]*float64{SortAbility: make([]*float64, ranked)}
	for _, t := range co.Tests {
		out[SortTest(t.Instrument)] = make([]*float64, ranked)
	}
	for i, cc := range co.Candidates[:ranked] {
		if cc.Ability.Defined {
			v := cc.Ability.C
			out[SortAbility][i] = &v
		}
		for k, t := range co.Tests {
			if k < len(cc.Tests) && cc.Tests[k].Defined {
				v := cc.Tests[k].Z
				out[SortTest(t.Instrument)][i] = &v
			}
		}
	}
	return out
}

// sortObject names a sort key's object (instrument ids are [a-z0-9-]).
func sortObject(key string) string {
	return "sort-" + strings.ReplaceAll(key, ":", "-") + ".json.gz"
}

func indexShard(sessionID string, shards int) int {
	f := fnv.New32a()
	f.Write([]byte(sessionID))
	return int(f.Sum32() % uint32(max(1, shards)))
}

// write stores st as the version after prev and moves the pointer to it.
func (c *Cohorts) write(ctx context.Context, a Assessment, st CohortState, prevP CohortPointer) (CohortPointer, error) {
	co := st.Derive(c.Catalog, a)
	prev := prevP.Version
	v := prev + 1
	now := c.now()
	prefix := c.versionPrefix(a.OrgID, a.ID, v)
	head := headOf(co, v, now)
	put := func(name string, x any) error { return c.putJSON(ctx, prefix+name, x) }
	if err := put("state.json.gz", st); err != nil {
		return CohortPointer{}, err
	}
	for k := 0; k < head.Pages; k++ {
		end := min((k+1)*PageRows, len(co.Candidates))
		if err := put(fmt.Sprintf("page-%d.json.gz", k), co.Candidates[k*PageRows:end]); err != nil {
			return CohortPointer{}, err
		}
	}
	shards := make([]map[string]int32, head.Shards)
	for i := range shards {
		shards[i] = map[string]int32{}
	}
	for i, cc := range co.Candidates {
		shards[indexShard(cc.SessionID, head.Shards)][cc.SessionID] = int32(i)
	}
	for i, sh := range shards {
		if err := put(fmt.Sprintf("index-%d.json.gz", i), sh); err != nil {
			return CohortPointer{}, err
		}
	}
	for key, vals := range sortKeys(co, head.Ranked) {
		if err := put(sortObject(key), vals); err != nil {
			return CohortPointer{}, err
		}
	}
	if err := put("head.json.gz", head); err != nil {
		return CohortPointer{}, err
	}
	p := CohortPointer{OrgID: a.OrgID, AssessmentID: a.ID, Version: v, Engine: snapshotEngine, N: co.N, AsOf: co.AsOf, BuiltAt: now,
		Expires: st.Expires(), Prefix: prefix, Prev: prevP.Prefix}
	if err := c.Pointers.PutCohortPointer(ctx, p, prev); err != nil {
		_ = c.Objects.DeletePrefix(ctx, prefix) // never pointed at
		return CohortPointer{}, err
	}
	if prevP.Prev != "" {
		// Readers that read the pointer a moment ago may still be on the previous
		// version: keep it, drop the one before.
		_ = c.Objects.DeletePrefix(ctx, prevP.Prev)
	}
	return p, nil
}

func (c *Cohorts) open(ctx context.Context, p CohortPointer) (CohortView, error) {
	v := CohortView{c: c, prefix: p.Prefix}
	head, err := cached[CohortHead](ctx, c, v.prefix+"head.json.gz")
	v.Head = head
	return v, err
}

func (c *Cohorts) putJSON(ctx context.Context, key string, x any) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
	if err := json.NewEncoder(zw).Encode(x); err != nil {
		return &Error{Code: Internal, Err: err}
	}
	if err := zw.Close(); err != nil {
		return &Error{Code: Internal, Err: err}
	}
	return c.Objects.Put(ctx, key, "application/gzip", buf.Bytes())
}

// cached reads an object of a snapshot version, decoded; decoded objects are kept in
// memory (a version never changes), so a warm process reads and decodes each object
// once. What it returns is shared: callers only read it.
func cached[T any](ctx context.Context, c *Cohorts, key string) (T, error) {
	if c.cache != nil {
		c.cache.mu.Lock()
		hit, ok := c.cache.m[key]
		c.cache.mu.Unlock()
		if ok {
			return hit.(T), nil
		}
	}
	var v T
	if err := c.getJSON(ctx, key, &v); err != nil {
		return v, err
	}
	if c.cache != nil {
		c.cache.remember(key, v)
	}
	return v, nil
}

// getJSON reads and decodes one object.
func (c *Cohorts) getJSON(ctx context.Context, key string, out any) error {
	b, err := c.Objects.Get(ctx, key)
	if err != nil {
		if CodeOf(err) == NotFound {
			// The version was replaced and dropped between reading the pointer and now.
			return &Error{Code: Unavailable, Message: "the cohort view changed while it was read; try again", Err: errVersionGone}
		}
		return err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return &Error{Code: Internal, Err: err}
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return &Error{Code: Internal, Err: err}
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return &Error{Code: Internal, Err: err}
	}
	return nil
}

// cacheObjects bounds the decoded objects kept in memory.
const cacheObjects = 64

func (oc *objectCache) remember(key string, v any) {
	oc.mu.Lock()
	defer oc.mu.Unlock()
	if _, ok := oc.m[key]; ok {
		return
	}
	if len(oc.order) >= cacheObjects {
		delete(oc.m, oc.order[0])
		oc.order = oc.order[1:]
	}
	oc.m[key] = v
	oc.order = append(oc.order, key)
}

func (v CohortView) page(ctx context.Context, k int) ([]CohortCandidate, error) {
	if v.mem != nil {
		end := min((k+1)*PageRows, len(v.mem.Candidates))
		return v.mem.Candidates[k*PageRows : end], nil
	}
	return cached[[]CohortCandidate](ctx, v.c, fmt.Sprintf("%spage-%d.json.gz", v.prefix, k))
}

// at returns the candidate at a position.
func (v CohortView) at(ctx context.Context, pos int) (CohortCandidate, error) {
	rows, err := v.page(ctx, pos/PageRows)
	if err != nil {
		return CohortCandidate{}, err
	}
	if i := pos % PageRows; i < len(rows) {
		return rows[i], nil
	}
	return CohortCandidate{}, Errorf(Internal, "cohort view: no row at %d", pos)
}

// Position finds a session's place in the view's order; ok is false when it has no
// result in it.
func (v CohortView) Position(ctx context.Context, sessionID string) (int, bool, error) {
	if v.mem != nil {
		for i, cc := range v.mem.Candidates {
			if cc.SessionID == sessionID {
				return i, true, nil
			}
		}
		return 0, false, nil
	}
	shard, err := cached[map[string]int32](ctx, v.c, fmt.Sprintf("%sindex-%d.json.gz", v.prefix, indexShard(sessionID, v.Head.Shards)))
	if err != nil {
		return 0, false, err
	}
	pos, ok := shard[sessionID]
	return int(pos), ok, nil
}

// Candidate finds a session's row.
func (v CohortView) Candidate(ctx context.Context, sessionID string) (CohortCandidate, bool, error) {
	pos, ok, err := v.Position(ctx, sessionID)
	if err != nil || !ok {
		return CohortCandidate{}, false, err
	}
	cc, err := v.at(ctx, pos)
	return cc, err == nil, err
}

// All reads every candidate, in rank order (cohort reports and the fairness monitor).
func (v CohortView) All(ctx context.Context) ([]CohortCandidate, error) {
	if v.mem != nil {
		return v.mem.Candidates, nil
	}
	var out []CohortCandidate
	for k := 0; k < v.Head.Pages; k++ {
		rows, err := v.page(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// Each calls fn for every candidate in order, one page object at a time and without
// keeping the pages (a cohort report over 100,000 candidates holds one page at once).
func (v CohortView) Each(ctx context.Context, fn func(CohortCandidate) error) error {
	if v.mem != nil {
		for _, cc := range v.mem.Candidates {
			if err := fn(cc); err != nil {
				return err
			}
		}
		return nil
	}
	for k := 0; k < v.Head.Pages; k++ {
		var rows []CohortCandidate
		if err := v.c.getJSON(ctx, fmt.Sprintf("%spage-%d.json.gz", v.prefix, k), &rows); err != nil {
			return err
		}
		for _, cc := range rows {
			if err := fn(cc); err != nil {
				return err
			}
		}
	}
	return nil
}

// Page returns one page of the ranking. Its size is bounded by MaxPageSize whatever the
// cohort's size, the rows carry no lists of other candidates, and it reads only the page
// objects it shows (plus index shards for Only/Exclude).
func (v CohortView) Page(ctx context.Context, q RankingQuery) (RankingPage, error) {
	switch q.Group {
	case GroupAll, GroupReview, GroupRanked:
	default:
		return RankingPage{}, FieldError("group", "one of review, ranked (or absent for all)")
	}
	if q.Limit == 0 {
		q.Limit = DefaultPageSize
	}
	if q.Limit < 1 || q.Limit > MaxPageSize {
		return RankingPage{}, FieldError("limit", fmt.Sprintf("a number from 1 to %d", MaxPageSize))
	}
	offset := 0
	if q.Cursor != "" {
		if _, err := fmt.Sscanf(q.Cursor, "%d", &offset); err != nil || offset < 0 || fmt.Sprint(offset) != q.Cursor {
			return RankingPage{}, FieldError("cursor", "not a cursor this ranking gave")
		}
	}
	var positions []int32
	from, to := 0, v.Head.Ranked
	switch q.Group {
	case GroupReview:
		from = v.Head.Main
	case GroupRanked:
		to = v.Head.Main
	}
	for p := from; p < to; p++ {
		positions = append(positions, int32(p))
	}
	if q.Caution != "" {
		positions = intersect(positions, v.Head.ByCaution[q.Caution])
	}
	switch q.Standing {
	case "":
	case StandingReview:
		positions = intersect(positions, v.Head.Review)
	case StandingBelow:
		positions = subtract(intersect(positions, v.Head.Below), v.Head.Review)
	case StandingClear:
		positions = subtract(subtract(positions, v.Head.Review), v.Head.Below)
	default:
		return RankingPage{}, FieldError("standing", "one of review, below, clear")
	}
	if q.Only != nil || len(q.Exclude) > 0 {
		only, err := v.positionsOf(ctx, q.Only)
		if err != nil {
			return RankingPage{}, err
		}
		excl, err := v.positionsOf(ctx, q.Exclude)
		if err != nil {
			return RankingPage{}, err
		}
		if q.Only != nil {
			positions = intersect(positions, only)
		}
		positions = subtract(positions, excl)
	}
	positions, err := v.sorted(ctx, positions, q)
	if err != nil {
		return RankingPage{}, err
	}
	p := RankingPage{Rows: []CohortCandidate{}, Total: len(positions)}
	for i := offset; i < len(positions) && len(p.Rows) < q.Limit; i++ {
		cc, err := v.at(ctx, int(positions[i]))
		if err != nil {
			return RankingPage{}, err
		}
		p.Rows = append(p.Rows, cc)
	}
	if end := offset + len(p.Rows); end < p.Total {
		p.Next = fmt.Sprint(end)
	}
	return p, nil
}

// sorted puts positions (ascending: the role fit's order) in the query's order. Every
// order is total and stable: equal values (and candidates without one, always last)
// keep the role fit's order, so a cursor walks the same sequence page after page.
func (v CohortView) sorted(ctx context.Context, positions []int32, q RankingQuery) ([]int32, error) {
	switch {
	case q.Sort == SortFit:
		if q.Reverse {
			slices.Reverse(positions)
		}
		return positions, nil
	case q.Sort == SortName:
		place := make(map[int32]int, len(q.ByName))
		for i, sid := range q.ByName {
			pos, ok, err := v.Position(ctx, sid)
			if err != nil {
				return nil, err
			}
			if _, seen := place[int32(pos)]; ok && !seen {
				place[int32(pos)] = i
			}
		}
		sort.SliceStable(positions, func(i, j int) bool {
			a, okA := place[positions[i]]
			b, okB := place[positions[j]]
			switch {
			case okA != okB:
				return okA // a candidate without a name (erased) last
			case !okA:
				return false
			case q.Reverse:
				return a > b
			}
			return a < b
		})
		return positions, nil
	}
	vals, err := v.sortValues(ctx, q.Sort)
	if err != nil {
		return nil, err
	}
	val := func(p int32) *float64 {
		if int(p) < len(vals) {
			return vals[p]
		}
		return nil
	}
	sort.SliceStable(positions, func(i, j int) bool {
		a, b := val(positions[i]), val(positions[j])
		switch {
		case a == nil || b == nil:
			return a != nil && b == nil
		case *a == *b:
			return false
		case q.Reverse:
			return *a < *b
		}
		return *a > *b
	})
	return positions, nil
}

// sortValues reads a sort key's value per ranked position.
func (v CohortView) sortValues(ctx context.Context, key string) ([]*float64, error) {
	known := key == SortAbility
	for _, t := range v.Head.Tests {
		known = known || key == SortTest(t.Instrument)
	}
	if !known {
		return nil, FieldError("sort", "fit, ability, name or test:<instrument> of one of the assessment's tests")
	}
	if v.mem != nil {
		return sortKeys(*v.mem, v.Head.Ranked)[key], nil
	}
	return cached[[]*float64](ctx, v.c, v.prefix+sortObject(key))
}

func (v CohortView) positionsOf(ctx context.Context, sessions []string) ([]int32, error) {
	var out []int32
	for _, sid := range sessions {
		pos, ok, err := v.Position(ctx, sid)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, int32(pos))
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out, nil
}

// intersect and subtract work on ascending position lists.
func intersect(a, b []int32) []int32 {
	var out []int32
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i++
			j++
		}
	}
	return out
}

func subtract(a, b []int32) []int32 {
	if len(b) == 0 {
		return a
	}
	drop := make(map[int32]bool, len(b))
	for _, x := range b {
		drop[x] = true
	}
	var out []int32
	for _, x := range a {
		if !drop[x] {
			out = append(out, x)
		}
	}
	return out
}
