package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"shortlist/shared/assess"
	"shortlist/shared/catalog"
)

// config is one simulation run.
type config struct {
	URL, Key         string
	N                int
	Seed             uint64
	Concurrency      int     // candidates answering at once
	Batch            int     // answers per autosave
	TraitCorrelation float64 // between Likert traits
	// ScoringErr, when set (in process), reports scoring failures the API cannot show.
	ScoringErr func() error
	// ScoredWithin bounds the wait for scoring after the last completion.
	ScoredWithin time.Duration
}

func defaults() config {
	return config{N: 200, Seed: 1, Concurrency: 8, Batch: 15, TraitCorrelation: 0.3, ScoredWithin: 3 * time.Minute}
}

func (c config) check() error {
	switch {
	case c.N < 30:
		// Below 30 the cohort keeps the reference norm and the provisional reliability:
		// the local norm and observed α the ranking relies on would never be exercised.
		return fmt.Errorf("-n %d: at least 30 candidates (the local-norm and reliability line)", c.N)
	case c.N > assess.MaxInvitesPerRequest*10:
		return fmt.Errorf("-n %d: at most %d", c.N, assess.MaxInvitesPerRequest*10)
	case c.Concurrency < 1 || c.Concurrency > 64:
		return fmt.Errorf("-concurrency %d: 1 to 64", c.Concurrency)
	case c.Batch < 1 || c.Batch > assess.MaxAnswersPerBatch:
		return fmt.Errorf("-batch %d: 1 to %d", c.Batch, assess.MaxAnswersPerBatch)
	case !(c.TraitCorrelation >= 0 && c.TraitCorrelation < 1):
		return fmt.Errorf("-rho %g: from 0 to below 1", c.TraitCorrelation)
	}
	return nil
}

func collect(errs <-chan error) []error {
	var out []error
	for err := range errs {
		out = append(out, err)
	}
	return out
}

type invitee struct {
	candidateID string
	token       string
}

// invite creates n candidates (at most MaxInvitesPerRequest per request) and keeps
// each one's invite token, the part of the link after '#'.
func invite(ctx context.Context, c *client, assessmentID string, n int) ([]invitee, error) {
	var out []invitee
	for len(out) < n {
		var rows []map[string]any
		for i := len(out); i < n && len(rows) < assess.MaxInvitesPerRequest; i++ {
			rows = append(rows, map[string]any{"name": fmt.Sprintf("Simulated %04d", i+1), "externalId": fmt.Sprintf("sim-%d", i+1)})
		}
		var got struct {
			Invited []struct {
				CandidateID string
				Link        string
			}
		}
		if err := c.call(ctx, "POST", "/v1/assessments/"+assessmentID+"/invites", "", map[string]any{"candidates": rows}, &got, 201); err != nil {
			return nil, err
		}
		if len(got.Invited) != len(rows) {
			return nil, fmt.Errorf("invited %d of %d", len(got.Invited), len(rows))
		}
		for _, in := range got.Invited {
			_, tok, ok := strings.Cut(in.Link, "#")
			if !ok {
				return nil, fmt.Errorf("invite link %q has no token", in.Link)
			}
			out = append(out, invitee{candidateID: in.CandidateID, token: tok})
		}
	}
	return out, nil
}

// take is one candidate's whole journey, as the candidate site does it: start the session
// with the notice acknowledged, then each section in order (start, autosave in batches
// numbered from the server's nextSeq, finish), then complete.
func take(ctx context.Context, c *client, p *plan, ps *person, inviteToken string, batch int) error {
	var start struct {
		SessionToken string
		Session      struct {
			NextSeq  int
			Sections []struct{ Instrument string }
		}
	}
	if err := c.call(ctx, "POST", "/v1/sessions", "", map[string]any{"inviteToken": inviteToken, "acknowledged": true,
		"noticeVersion": assess.NoticeVersion}, &start, 201); err != nil {
		return err
	}
	tok, seq := start.SessionToken, start.Session.NextSeq
	if len(start.Session.Sections) != len(p.sections) {
		return fmt.Errorf("the session has %d sections, the assessment %d", len(start.Session.Sections), len(p.sections))
	}
	for si, inst := range p.sections {
		n := si + 1
		if got := start.Session.Sections[si].Instrument; got != inst.ID {
			return fmt.Errorf("section %d is %s, expected %s", n, got, inst.ID)
		}
		var sc struct {
			Content catalog.InstrumentView
		}
		if err := c.call(ctx, "POST", fmt.Sprintf("/v1/session/sections/%d/start", n), tok, nil, &sc, 200); err != nil {
			return err
		}
		// Answer in the order the server shows (its per-session shuffle), as a person would:
		// the model says which answers go, in that order (a skipped part none, an abandoned
		// one its first items). The view names items by opaque per-session ids and
		// rearranges options: each item is recognised by its texts, and the model's answer
		// (catalog id, catalog option index) is sent as the candidate sees it.
		ids := make([]string, 0, len(sc.Content.Items))
		presented := make(map[string]catalog.Presented, len(sc.Content.Items))
		for _, it := range sc.Content.Items {
			pr, err := inst.Match(sc.Content.Lang, it)
			if err != nil {
				return fmt.Errorf("section %d: %w", n, err)
			}
			ids = append(ids, pr.Item.ID)
			presented[pr.Item.ID] = pr
		}
		planned, err := ps.send(si, ids)
		if err != nil {
			return err
		}
		shown := make([]answer, 0, len(planned))
		for _, a := range planned {
			pr := presented[a.Item]
			if a.Value, err = assess.ShownValue(inst.Kind, pr, a.Value); err != nil {
				return fmt.Errorf("section %d item %s: %w", n, a.Item, err)
			}
			a.Item = pr.ID
			shown = append(shown, a)
		}
		for i := 0; i < len(shown); i += batch {
			part := shown[i:min(i+batch, len(shown))]
			var ack struct{ Seq, Saved int }
			if err := c.call(ctx, "PUT", "/v1/session/answers", tok, map[string]any{"seq": seq, "section": n, "answers": part}, &ack, 200); err != nil {
				return err
			}
			if ack.Seq != seq || ack.Saved != len(part) {
				return fmt.Errorf("batch %d: acknowledged seq %d with %d saved, sent %d", seq, ack.Seq, ack.Saved, len(part))
			}
			seq++
		}
		if err := c.call(ctx, "POST", fmt.Sprintf("/v1/session/sections/%d/finish", n), tok, nil, nil, 200); err != nil {
			return err
		}
	}
	var done struct{ Status string }
	if err := c.call(ctx, "POST", "/v1/session/complete", tok, nil, &done, 200); err != nil {
		return err
	}
	if done.Status == string(assess.SessionActive) {
		return fmt.Errorf("still %s after completion", done.Status)
	}
	return nil
}

// waitScored polls the candidate list until every candidate is scored: in process scoring
// runs on completion, against a running server it may run a little later.
func waitScored(ctx context.Context, c *client, assessmentID string, cfg config) error {
	deadline := time.Now().Add(cfg.ScoredWithin)
	for {
		if cfg.ScoringErr != nil {
			if err := cfg.ScoringErr(); err != nil {
				return err
			}
		}
		counts := map[string]int{}
		for cursor, first := "", true; first || cursor != ""; first = false {
			var list struct {
				Candidates []struct{ CandidateID, Status string }
				Next       string
			}
			if err := c.call(ctx, "GET", "/v1/assessments/"+assessmentID+"/candidates?cursor="+url.QueryEscape(cursor), "", nil, &list, 200); err != nil {
				return err
			}
			for _, cand := range list.Candidates {
				counts[cand.Status]++
			}
			cursor = list.Next
		}
		inView := -1
		if counts["scored"] == cfg.N {
			// Scored is not yet in the cohort view: the view takes each batch of results
			// a moment later (the report worker, the stream batch in AWS). Wait for it too.
			var ranking struct{ Cohort struct{ N int } }
			if err := c.call(ctx, "GET", "/v1/assessments/"+assessmentID+"/ranking?limit=1", "", nil, &ranking, 200); err != nil {
				return err
			}
			if inView = ranking.Cohort.N; inView == cfg.N {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not all candidates were scored and in the cohort view within %s: %v, %d in the view", cfg.ScoredWithin, counts, inView)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
