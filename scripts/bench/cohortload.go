package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
	"shortlist/shared/store"
)

// synth makes the volume bench's synthetic candidates: each one's answers come from a
// simple response model and are scored by assess.ScoreSession, the product's own scoring,
// so results are real Scores (raws, θ and its SE, keyed item scores, cautions) with
// plausible spread and correlation. A person has a general level g ~ N(0,1) and, per
// scale, θ = 0.6·g + 0.8·e. Likert: round(3 + 0.9·key·θ + N(0, 0.9)) in 1..5; multiple
// choice: right with 0.2 + 0.8·logistic(1.7·a·(θ − b)), else another option; SJT: the
// expert's best with logistic(θ + 0.3), the expert's worst with logistic(θ); forced
// choice, data validation, writing and parallel cases: valid answers at random. 3% answer
// at random and fast, 1.5% give every Likert item the same answer, 2% stop each part at
// 60% of its items; everyone leaves ~2% of items unanswered.
type synth struct {
	cat   *catalog.Catalog
	org   assess.Organisation
	a     assess.Assessment
	insts []*catalog.Instrument
	ans   *answerer
}

const synthModel = "assess.ScoreSession on synthetic answers: general level g ~ N(0,1), scale θ = 0.6g + 0.8e; Likert round(3 + 0.9·key·θ + N(0,0.9)); choice right w.p. 0.2 + 0.8·logistic(1.7a(θ−b)); SJT expert best/worst w.p. logistic(θ+0.3)/logistic(θ); 3% random fast responders, 1.5% straight-liners, 2% stop at 60% of each part, ~2% items skipped"

func newSynth(cat *catalog.Catalog, org assess.Organisation, a assess.Assessment) (*synth, error) {
	s := &synth{cat: cat, org: org, a: a, ans: newAnswerer(cat)}
	for _, sec := range a.Config.Sections {
		inst, err := cat.InstrumentAt(sec.Instrument, sec.Hash)
		if err != nil {
			return nil, err
		}
		s.insts = append(s.insts, inst)
	}
	return s, nil
}

// scales counts the scales of the assessment's instruments.
func (s *synth) scales() int {
	n := 0
	for _, inst := range s.insts {
		n += len(inst.Scales)
	}
	return n
}

func logistic(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// candidate builds one synthetic candidate: the invite, the completed session, and the
// result scored from its answers.
func (s *synth) candidate(rng *rand.Rand, seq int, now time.Time) (assess.Candidate, assess.Session, assess.Result, error) {
	id := assess.NewID()
	_, hash := assess.NewBoundToken(assess.InvitePrefix, id)
	invited := now.Add(-time.Duration(rng.IntN(14*24)) * time.Hour)
	expires := invited.Add(time.Duration(s.a.Config.InviteExpiryDays) * 24 * time.Hour)
	c := assess.Candidate{ID: id, OrgID: s.org.ID, AssessmentID: s.a.ID, TokenHash: hash,
		Name: fmt.Sprintf("Synthetic Candidate %06d", seq), Email: fmt.Sprintf("synthetic%06d@example.com", seq),
		ExternalID: fmt.Sprintf("REQ-%06d", seq), ExtraTime: 1, CreatedAt: invited, ExpiresAt: expires,
		RetainUntil: assess.RetainUntil(s.org, expires)}
	_, shash := assess.NewBoundToken(assess.SessionPrefix, id)
	started := invited.Add(time.Duration(1+rng.IntN(48)) * time.Hour)
	if started.After(now) {
		started = now.Add(-2 * time.Hour)
	}
	ss := assess.Session{ID: id, OrgID: s.org.ID, AssessmentID: s.a.ID, CandidateID: id, TokenHash: shash,
		Status: assess.SessionCompleted, ExtraTime: 1, Seed: rng.Int64N(math.MaxInt64), NoticeVersion: assess.NoticeVersion,
		AcknowledgedAt: started, StartedAt: started, ExpiresAt: started.Add(assess.SessionLifetime),
		RetainUntil: c.RetainUntil, Version: 2 + int64(len(s.insts))}
	at := started
	for _, sec := range s.a.Config.Sections {
		st := assess.SectionState{StartedAt: at}
		if sec.TimeLimitSeconds > 0 {
			st.Deadline = at.Add(time.Duration(sec.TimeLimitSeconds) * time.Second)
		}
		at = at.Add(time.Duration(sec.Minutes) * time.Minute * 9 / 10)
		st.FinishedAt = at
		ss.Sections = append(ss.Sections, st)
	}
	ss.CompletedAt = at
	batches, err := s.answers(rng, id, at)
	if err != nil {
		return c, ss, assess.Result{}, err
	}
	scoredAt := at.Add(time.Duration(1+rng.IntN(30)) * time.Second)
	sc, err := assess.ScoreSession(s.cat, s.a, ss, batches, scoredAt)
	if err != nil {
		return c, ss, assess.Result{}, err
	}
	res := assess.Result{SessionID: id, OrgID: s.org.ID, AssessmentID: s.a.ID, ScoredAt: scoredAt,
		ScoringVersion: assess.EngineVersion, Scores: sc, RetainUntil: ss.RetainUntil}
	return c, ss, res, nil
}

// answers draws one person's answers, as the autosaves the site would have sent (20 a batch).
func (s *synth) answers(rng *rand.Rand, sessionID string, at time.Time) ([]assess.AnswerBatch, error) {
	g := rng.NormFloat64()
	theta := map[string]float64{}
	kind := rng.Float64()
	random, straight, quits := kind < 0.03, kind >= 0.03 && kind < 0.045, kind >= 0.045 && kind < 0.065
	var out []assess.AnswerBatch
	seq := 1
	for si, inst := range s.insts {
		var answers []assess.Answer
		limit := len(inst.Items)
		if quits {
			limit = len(inst.Items) * 6 / 10
		}
		for ii := range inst.Items {
			it := &inst.Items[ii]
			if ii >= limit || rng.Float64() < 0.02 {
				continue
			}
			th, ok := theta[it.Scale]
			if !ok {
				th = 0.6*g + 0.8*rng.NormFloat64()
				theta[it.Scale] = th
			}
			var v any
			switch {
			case random && inst.Kind != catalog.DataValidation && inst.Kind != catalog.ParallelCases && inst.Kind != catalog.Writing && inst.Kind != catalog.ForcedChoice:
				raw, err := s.ans.value(inst.ID, it.ID, rng)
				if err != nil {
					return nil, err
				}
				v = raw
			case inst.Kind == catalog.Likert:
				key := float64(it.Key)
				if key == 0 {
					key = 1
				}
				x := int(math.Round(3 + 0.9*key*th + 0.9*rng.NormFloat64()))
				if straight {
					x = 4
				}
				v = min(5, max(1, x))
			case inst.Kind == catalog.MultipleChoice && it.Correct != nil:
				a := it.A
				if a == 0 {
					a = 1
				}
				if rng.Float64() < 0.2+0.8*logistic(1.7*a*(th-it.B)) {
					v = *it.Correct
				} else {
					v = (*it.Correct + 1 + rng.IntN(len(it.Options)-1)) % len(it.Options)
				}
			case inst.Kind == catalog.SJT && it.Best != nil && it.Worst != nil:
				n := len(it.Options)
				best, worst := rng.IntN(n), 0
				if rng.Float64() < logistic(th+0.3) {
					best = *it.Best
				}
				if rng.Float64() < logistic(th) && *it.Worst != best {
					worst = *it.Worst
				} else {
					worst = (best + 1 + rng.IntN(n-1)) % n
				}
				v = map[string]int{"best": best, "worst": worst}
			default:
				raw, err := s.ans.value(inst.ID, it.ID, rng)
				if err != nil {
					return nil, err
				}
				v = raw
			}
			raw, err := json.Marshal(v)
			if err != nil {
				return nil, err
			}
			raw, err = assess.CheckAnswer(inst.Kind, it, raw)
			if err != nil {
				return nil, fmt.Errorf("synthetic answer to %s/%s: %w", inst.ID, it.ID, err)
			}
			took := 3000 + rng.IntN(20000)
			if random {
				took = 700 + rng.IntN(800)
			}
			answers = append(answers, assess.Answer{Item: it.ID, Value: raw, MS: took})
		}
		for len(answers) > 0 {
			k := min(20, len(answers))
			out = append(out, assess.AnswerBatch{SessionID: sessionID, Seq: seq, Section: si, Answers: answers[:k], ReceivedAt: at})
			answers = answers[k:]
			seq++
		}
	}
	return out, nil
}

// items are the table items of one synthetic scored candidate, encoded by the repository
// itself (over a capturing table): the candidate (with its index entry), the scored
// session and the result.
func candidateItems(ctx context.Context, c assess.Candidate, ss assess.Session, res assess.Result) ([]store.Item, error) {
	ct := newCaptureTable()
	repo := store.New(ct)
	if err := repo.CreateCandidates(ctx, []assess.Candidate{c}); err != nil {
		return nil, err
	}
	if err := repo.StartSession(ctx, ss); err != nil {
		return nil, err
	}
	if err := repo.SaveResult(ctx, res); err != nil {
		return nil, err
	}
	return ct.written(), nil
}

// bulkBatch is how many items the embedded store's bulk load writes per file sync.
const bulkBatch = 25

// bulkLoad writes k synthetic scored candidates of the assessment into the table with
// many writers at once (not the candidate journey), and returns their session ids.
func bulkLoad(ctx context.Context, e *cohortEnv, sy *synth, k, first, writers int, progress func(done int)) ([]string, error) {
	if k <= 0 {
		return nil, nil
	}
	type unit struct {
		sid   string
		items []store.Item
	}
	work := make(chan unit, 256)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var firstErr error
	var errOnce sync.Once
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}
	// Producers: answers, scoring and encoding (CPU), one per core.
	var next atomic.Int64
	now := time.Now().UTC()
	var prod sync.WaitGroup
	for p := range max(1, min(4, numCPU())) {
		prod.Add(1)
		go func() {
			defer prod.Done()
			rng := rand.New(rand.NewPCG(uint64(first)*7919+uint64(p), 16))
			for {
				i := int(next.Add(1)) - 1
				if i >= k || ctx.Err() != nil {
					return
				}
				c, ss, res, err := sy.candidate(rng, first+i+1, now)
				if err != nil {
					fail(err)
					return
				}
				items, err := candidateItems(ctx, c, ss, res)
				if err != nil {
					fail(err)
					return
				}
				select {
				case work <- unit{ss.ID, items}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { prod.Wait(); close(work) }()

	var mu sync.Mutex
	var sids []string
	var done atomic.Int64
	var wg sync.WaitGroup
	if e.bulk != nil {
		writers = 1 // one writer: the embedded store has one write lock
	}
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var tx []store.Item
			var txSIDs []string
			flush := func() {
				if len(tx) == 0 {
					return
				}
				if err := e.bulk.PutAll(ctx, tx...); err != nil {
					fail(err)
				}
				mu.Lock()
				sids = append(sids, txSIDs...)
				mu.Unlock()
				if progress != nil {
					progress(int(done.Add(int64(len(txSIDs)))))
				}
				tx, txSIDs = tx[:0], txSIDs[:0]
			}
			for u := range work {
				if ctx.Err() != nil {
					continue // drain
				}
				if e.bulk != nil {
					if len(tx)+len(u.items) > bulkBatch {
						flush()
					}
					tx = append(tx, u.items...)
					txSIDs = append(txSIDs, u.sid)
					continue
				}
				for _, it := range u.items {
					if err := e.plain.Put(ctx, it, store.Cond{}); err != nil {
						fail(fmt.Errorf("bulk load: %w", err))
						break
					}
				}
				mu.Lock()
				sids = append(sids, u.sid)
				mu.Unlock()
				if progress != nil {
					progress(int(done.Add(1)))
				}
			}
			flush()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if len(sids) != k {
		return nil, fmt.Errorf("bulk load: %d of %d candidates written", len(sids), k)
	}
	return sids, nil
}
