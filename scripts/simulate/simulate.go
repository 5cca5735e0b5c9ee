package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"shortlist/shared/app"
	"shortlist/shared/assess"
)

// Role and instrument of issue 6's check: a seed role with the cognitive test added, so
// that both kinds of score (classical Likert and 2PL EAP) enter the role fit.
const (
	roleID    = "ecommerce-customer-support"
	addedTest = "numerical-reasoning"
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

// simulate runs the whole check against the server at cfg.URL and measures recovery.
func simulate(ctx context.Context, cfg config) (*report, error) {
	started := time.Now()
	cat, err := app.Catalog()
	if err != nil {
		return nil, err
	}
	c := newClient(cfg.URL, cfg.Key, cfg.Concurrency)

	var created struct {
		ID     string
		Config struct {
			Sections []assessmentSection
		}
	}
	if err := c.call(ctx, "POST", "/v1/assessments", "", map[string]any{"roleId": roleID, "add": []string{addedTest},
		"name": fmt.Sprintf("Simulation: %d candidates, seed %d", cfg.N, cfg.Seed)}, &created, 201); err != nil {
		return nil, err
	}
	p, err := newPlan(cat, created.Config.Sections, rand.New(rand.NewPCG(cfg.Seed, 0)))
	if err != nil {
		return nil, err
	}

	people := make([]*person, cfg.N)
	for i := range people {
		people[i] = p.newPerson(cfg.Seed, i, cfg.TraitCorrelation)
	}
	invited, err := invite(ctx, c, created.ID, cfg.N)
	if err != nil {
		return nil, err
	}

	// Candidates answer concurrently, cfg.Concurrency at a time; the first failure stops
	// the rest (a broken journey makes every later number meaningless).
	ctx2, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errs := make(chan error, cfg.N)
	var wg sync.WaitGroup
	for range cfg.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := take(ctx2, c, p, people[i], invited[i].token, cfg.Batch); err != nil {
					errs <- fmt.Errorf("candidate %d: %w", i+1, err)
					cancel()
				}
			}
		}()
	}
feed:
	for i := range people {
		select {
		case jobs <- i:
		case <-ctx2.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	close(errs)
	if err := errors.Join(collect(errs)...); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	answered := time.Since(started)

	if err := waitScored(ctx, c, created.ID, cfg); err != nil {
		return nil, err
	}
	res, err := readResults(ctx, c, created.ID, invited, cfg.Concurrency)
	if err != nil {
		return nil, err
	}
	rep := measure(p, people, res)
	rep.AssessmentID, rep.N, rep.Seed, rep.Rho = created.ID, cfg.N, cfg.Seed, cfg.TraitCorrelation
	rep.Answering, rep.Total = answered, time.Since(started)
	return rep, nil
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
			Content struct {
				Items []struct{ ID string }
			}
		}
		if err := c.call(ctx, "POST", fmt.Sprintf("/v1/session/sections/%d/start", n), tok, nil, &sc, 200); err != nil {
			return err
		}
		// Answer in the order the server shows (its per-session shuffle), as a person would.
		var shown []answer
		for _, it := range sc.Content.Items {
			a, ok := ps.answers[si][it.ID]
			if !ok {
				return fmt.Errorf("section %d shows item %s, which the simulation has no answer for", n, it.ID)
			}
			shown = append(shown, a)
		}
		if len(shown) != len(ps.answers[si]) {
			return fmt.Errorf("section %d shows %d items, the content has %d", n, len(shown), len(ps.answers[si]))
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
		var list struct {
			Candidates []struct{ CandidateID, Status string }
		}
		if err := c.call(ctx, "GET", "/v1/assessments/"+assessmentID+"/candidates", "", nil, &list, 200); err != nil {
			return err
		}
		counts := map[string]int{}
		for _, cand := range list.Candidates {
			counts[cand.Status]++
		}
		if counts["scored"] == cfg.N {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not all candidates were scored within %s: %v", cfg.ScoredWithin, counts)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}
