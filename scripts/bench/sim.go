package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"sync/atomic"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// plan is how a simulated candidate answers: every item once, changing its mind on some
// earlier items of the part along the way (as the site does, a changed answer is sent
// again), until Answers answers have been sent in all; autosaves are cut by the site's
// Policy at the pace of the pace table.
type plan struct {
	Answers int
	Policy  sitePolicy
}

// answerer builds valid answers of every kind from the catalog's own items (the site's
// shapes; see shared/assess/answers.go), in the catalog's terms; match and shown turn
// them into what a browser sends for the item it was shown.
type answerer struct {
	insts map[string]*catalog.Instrument
	items map[string]map[string]*catalog.Item // instrument → item id → item
	kinds map[string]catalog.Kind
}

func newAnswerer(cat *catalog.Catalog) *answerer {
	a := &answerer{insts: map[string]*catalog.Instrument{}, items: map[string]map[string]*catalog.Item{}, kinds: map[string]catalog.Kind{}}
	for _, inst := range cat.Instruments() {
		m := map[string]*catalog.Item{}
		for i := range inst.Items {
			m[inst.Items[i].ID] = &inst.Items[i]
		}
		a.insts[inst.ID], a.items[inst.ID], a.kinds[inst.ID] = inst, m, inst.Kind
	}
	return a
}

// match recognises the items of a section's view (opaque per-session ids, rearranged
// options) by their texts: shown id → how the catalog item is presented.
func (a *answerer) match(instrument string, view catalog.InstrumentView) (map[string]catalog.Presented, error) {
	inst, ok := a.insts[instrument]
	if !ok {
		return nil, fmt.Errorf("no instrument %s", instrument)
	}
	out := make(map[string]catalog.Presented, len(view.Items))
	for _, v := range view.Items {
		p, err := inst.Match(view.Lang, v)
		if err != nil {
			return nil, err
		}
		out[v.ID] = p
	}
	return out, nil
}

func (a *answerer) value(instrument, itemID string, rng *rand.Rand) (json.RawMessage, error) {
	it, ok := a.items[instrument][itemID]
	if !ok {
		return nil, fmt.Errorf("no item %s in %s", itemID, instrument)
	}
	two := func(n int) (int, int) {
		x := rng.IntN(n)
		y := (x + 1 + rng.IntN(n-1)) % n
		return x, y
	}
	var v any
	switch a.kinds[instrument] {
	case catalog.Likert:
		v = 1 + rng.IntN(5)
	case catalog.MultipleChoice:
		v = rng.IntN(len(it.Options))
	case catalog.SJT:
		b, w := two(len(it.Options))
		v = map[string]int{"best": b, "worst": w}
	case catalog.ForcedChoice:
		m, l := two(len(it.Descriptors))
		v = map[string]int{"most": m, "least": l}
	case catalog.DataValidation:
		cells := map[string]string{}
		for i := 0; i < min(3, len(it.Task.Rows)); i++ {
			col := it.Task.Columns[rng.IntN(len(it.Task.Columns))]
			cells[fmt.Sprintf("%d:%s", i, col.ID)] = fmt.Sprint(100 + rng.IntN(900))
		}
		v = map[string]any{"cells": cells, "total": float64(rng.IntN(100000)) / 10}
	case catalog.Writing:
		v = map[string]string{"text": "Lamento mucho la demora. Ya revisé su pedido y sale hoy; le escribo en cuanto tenga el número de seguimiento."}
	case catalog.ParallelCases:
		var order []string
		replies := map[string]int{}
		for _, cs := range it.Task.Cases {
			order = append(order, cs.ID)
			replies[cs.ID] = rng.IntN(len(cs.Replies))
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		v = map[string]any{"order": order, "replies": replies}
	default:
		return nil, fmt.Errorf("kind %s takes no answers", a.kinds[instrument])
	}
	return json.Marshal(v)
}

// candidate is one simulated browser and what the server acknowledged to it.
type candidate struct {
	token   string
	nextSeq int
	// acked is the last acknowledged value per section and item: what must be stored.
	acked     map[int]map[string]json.RawMessage
	answers   int // answers in acknowledged autosaves
	autosaves int
}

type sessionJSON struct {
	NextSeq  int `json:"nextSeq"`
	Sections []struct {
		Items int `json:"items"`
	} `json:"sections"`
}

// runCandidate takes one invited candidate through the whole assessment: start, each
// section (open, autosave, finish), completion.
// progress, if not nil, counts acknowledged answers as they come (the fault test watches it).
func runCandidate(ctx context.Context, c *client, ans *answerer, invite string, p plan, rng *rand.Rand, progress *atomic.Int64) (*candidate, error) {
	var start struct {
		SessionToken string      `json:"sessionToken"`
		Session      sessionJSON `json:"session"`
	}
	if _, err := c.do(ctx, "POST /v1/sessions", "POST", "/v1/sessions", "",
		map[string]any{"inviteToken": invite, "acknowledged": true, "noticeVersion": assess.NoticeVersion}, &start); err != nil {
		return nil, err
	}
	cd := &candidate{token: start.SessionToken, nextSeq: start.Session.NextSeq, acked: map[int]map[string]json.RawMessage{}}
	total := 0
	for _, s := range start.Session.Sections {
		total += s.Items
	}
	extra := max(0, p.Answers-total)
	given := 0
	for n := 1; n <= len(start.Session.Sections); n++ {
		var sec struct {
			Section struct {
				Instrument       string `json:"instrument"`
				TimeLimitSeconds int    `json:"timeLimitSeconds"`
			} `json:"section"`
			Content catalog.InstrumentView `json:"content"`
		}
		if _, err := c.do(ctx, "POST /v1/session/sections/{n}/start", "POST", fmt.Sprintf("/v1/session/sections/%d/start", n), cd.token, nil, &sec); err != nil {
			return cd, err
		}
		shown, err := ans.match(sec.Section.Instrument, sec.Content)
		if err != nil {
			return cd, err
		}
		ids := make([]string, 0, len(sec.Content.Items))
		for _, it := range sec.Content.Items {
			ids = append(ids, it.ID)
		}
		// This section's share of the changed answers (the last section takes the rest).
		changes := extra * len(ids) / max(1, total)
		if n == len(start.Session.Sections) {
			changes = extra - given
		}
		given += changes
		// The changes are spread through the part: after every few new answers the
		// candidate goes back to one given earlier.
		type send struct {
			id   string
			took time.Duration
		}
		var sends []send
		every := max(1, len(ids)/max(1, changes))
		for i, id := range ids {
			sends = append(sends, send{id, pace[ans.kinds[sec.Section.Instrument]]})
			if changes > 0 && (i+1)%every == 0 {
				sends = append(sends, send{ids[rng.IntN(i+1)], changePace})
				changes--
			}
		}
		for ; changes > 0; changes-- {
			sends = append(sends, send{ids[rng.IntN(len(ids))], changePace})
		}
		// A timed part is finished in time: at most 90% of the limit, paced evenly.
		if limit := time.Duration(sec.Section.TimeLimitSeconds) * time.Second; limit > 0 {
			var total time.Duration
			for _, s := range sends {
				total += s.took
			}
			if budget := limit * 9 / 10; total > budget {
				for i := range sends {
					sends[i].took = sends[i].took * budget / total
				}
			}
		}
		cut := cutter{policy: p.Policy}
		var unsent []string
		flush := func() error {
			if len(unsent) == 0 {
				return nil
			}
			err := cd.autosave(ctx, c, ans, sec.Section.Instrument, shown, n, unsent, rng, progress)
			unsent = unsent[:0]
			cut.cut()
			return err
		}
		for _, s := range sends {
			if cut.timerFires(s.took) {
				if err := flush(); err != nil {
					return cd, err
				}
			}
			unsent = append(unsent, s.id)
			if cut.add(s.took) {
				if err := flush(); err != nil {
					return cd, err
				}
			}
		}
		// The part's review screen sends what is left. Like the site, the client never
		// finishes a part explicitly: starting the next one (or completing) closes it.
		if err := flush(); err != nil {
			return cd, err
		}
	}
	if _, err := c.do(ctx, "POST /v1/session/complete", "POST", "/v1/session/complete", cd.token, nil, nil); err != nil {
		return cd, err
	}
	return cd, nil
}

// autosave sends the latest value of each of ids (shown ids; one entry per item, as the
// site's pending map keeps it) as the next batch. Values are drawn in the catalog's terms
// and sent as shown; what must be stored is kept under the catalog's ids.
func (cd *candidate) autosave(ctx context.Context, c *client, ans *answerer, instrument string, shown map[string]catalog.Presented, n int, ids []string, rng *rand.Rand, progress *atomic.Int64) error {
	var batch []map[string]any
	values := map[string]json.RawMessage{} // catalog id → value in the catalog's terms
	wire := map[string]json.RawMessage{}   // shown id → the same value as sent
	for _, id := range ids {
		p, ok := shown[id]
		if !ok {
			return fmt.Errorf("section %d shows no item %q", n, id)
		}
		v, err := ans.value(instrument, p.Item.ID, rng)
		if err != nil {
			return err
		}
		w, err := assess.ShownValue(ans.kinds[instrument], p, v)
		if err != nil {
			return err
		}
		if _, dup := wire[id]; !dup {
			batch = append(batch, map[string]any{"item": id, "ms": 1500 + rng.IntN(20000)})
		}
		values[p.Item.ID], wire[id] = v, w
	}
	for _, a := range batch {
		a["value"] = wire[a["item"].(string)]
	}
	var ack struct{ Seq, Saved int }
	if _, err := c.do(ctx, "PUT /v1/session/answers", "PUT", "/v1/session/answers", cd.token,
		map[string]any{"seq": cd.nextSeq, "section": n, "answers": batch}, &ack); err != nil {
		return err
	}
	if ack.Seq != cd.nextSeq || ack.Saved != len(batch) {
		return fmt.Errorf("autosave %d of %d answers acknowledged as %+v", cd.nextSeq, len(batch), ack)
	}
	if cd.acked[n-1] == nil {
		cd.acked[n-1] = map[string]json.RawMessage{}
	}
	for id, v := range values {
		cd.acked[n-1][id] = v
	}
	cd.answers += len(batch)
	cd.autosaves++
	if progress != nil {
		progress.Add(int64(len(batch)))
	}
	cd.nextSeq++
	return nil
}

// storedCheck compares what a candidate was told was saved with what the store holds:
// the stored answers (all autosaves) and, per item, the latest stored value.
type storedCheck struct {
	Acknowledged int // answers in acknowledged autosaves
	Stored       int // answers in stored autosaves
	Mismatches   []string
}

func (s *storedCheck) add(ctx context.Context, repo assess.Repo, cd *candidate) error {
	ss, err := sessionOf(ctx, repo, cd.token)
	if err != nil {
		return err
	}
	batches, err := repo.Batches(ctx, ss.ID)
	if err != nil {
		return err
	}
	s.Acknowledged += cd.answers
	for _, b := range batches {
		s.Stored += len(b.Answers)
	}
	latest := assess.LatestAnswers(batches)
	for sec, items := range cd.acked {
		for id, v := range items {
			got, ok := latest[sec][id]
			if !ok || !jsonEqual(got.Value, v) {
				s.Mismatches = append(s.Mismatches, fmt.Sprintf("session %s section %d item %s: acknowledged %s, stored %s", ss.ID, sec+1, id, v, got.Value))
			}
		}
	}
	return nil
}

func jsonEqual(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	return reflect.DeepEqual(x, y)
}

// inviteTokens invites n candidates (as HR does, up to 1,000 per request) and returns
// their invite tokens.
func inviteTokens(ctx context.Context, c *client, key, assessmentID string, n int) ([]string, error) {
	var out []string
	for len(out) < n {
		k := min(n-len(out), assess.MaxInvitesPerRequest)
		rows := make([]map[string]any, k)
		for i := range rows {
			rows[i] = map[string]any{"name": fmt.Sprintf("Candidate %d", len(out)+i+1), "email": fmt.Sprintf("c%d@example.com", len(out)+i+1)}
		}
		var res struct {
			Invited []struct{ Link string }
		}
		if _, err := c.do(ctx, "POST /v1/assessments/{id}/invites", "POST", "/v1/assessments/"+assessmentID+"/invites", key,
			map[string]any{"candidates": rows}, &res); err != nil {
			return nil, err
		}
		for _, in := range res.Invited {
			_, tok, _ := strings.Cut(in.Link, "#")
			out = append(out, tok)
		}
	}
	return out, nil
}

// sessionOf is the session a session token opens.
func sessionOf(ctx context.Context, repo interface {
	SessionByToken(ctx context.Context, id, hash string) (assess.Session, error)
}, token string) (assess.Session, error) {
	id, ok := assess.TokenOwner(token, assess.SessionPrefix)
	if !ok {
		return assess.Session{}, fmt.Errorf("malformed session token %q", token)
	}
	return repo.SessionByToken(ctx, id, assess.HashToken(token))
}
