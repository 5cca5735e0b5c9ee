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
	"shortlist/shared/catalog"
)

// The seed roles the validity targets are judged on, and the tests added to each one's mix (as the
// independent check did): a cognitive test, integrity with impression management, and
// the situational-judgment test.
var (
	seedRoles  = []string{"sales-back-office", "ecommerce-customer-support"}
	addedTests = []string{"numerical-reasoning", "integrity-rules", "work-judgment"}
)

// options is one run of the command: config (simulate.go) per role, and the population.
type options struct {
	config
	Roles       []string
	Add         []string
	Contaminate float64 // share of contaminated respondents (careless, fakers, time-outs)
	Skip        float64 // share of skippers
}

func defaultOptions() options {
	cfg := defaults()
	cfg.N = 150
	return options{config: cfg, Roles: seedRoles, Add: addedTests, Contaminate: 0.2, Skip: 0.03}
}

func (o options) check() error {
	if err := o.config.check(); err != nil {
		return err
	}
	switch {
	case len(o.Roles) == 0:
		return errors.New("-role: no role")
	case !(o.Contaminate >= 0 && o.Contaminate <= 0.6):
		return fmt.Errorf("-contaminate %g: from 0 to 0.6", o.Contaminate)
	case !(o.Skip >= 0 && o.Skip <= 0.2):
		return fmt.Errorf("-skip %g: from 0 to 0.2", o.Skip)
	}
	return nil
}

// runReport is the whole run: each role's figures and the targets they are held to.
type runReport struct {
	Seed        uint64         `json:"seed"`
	N           int            `json:"nPerRole"`
	Contaminate float64        `json:"contaminate"`
	Skip        float64        `json:"skip"`
	Rho         float64        `json:"traitCorrelation"`
	Added       []string       `json:"added"`
	Roles       []*roleFigures `json:"roles"`
	Targets     []target       `json:"targets"`
	Seconds     float64        `json:"seconds"`
}

// simulateRun runs each role in turn against the server at o.URL.
func simulateRun(ctx context.Context, o options) (*runReport, error) {
	started := time.Now()
	cat, err := app.Catalog()
	if err != nil {
		return nil, err
	}
	c := newClient(o.URL, o.Key, o.Concurrency)
	rep := &runReport{Seed: o.Seed, N: o.N, Contaminate: o.Contaminate, Skip: o.Skip, Rho: o.TraitCorrelation, Added: o.Add}
	for ri, role := range o.Roles {
		f, err := simulateRole(ctx, o, c, cat, ri, role)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", role, err)
		}
		rep.Roles = append(rep.Roles, f)
	}
	rep.Targets = rep.targets()
	rep.Seconds = time.Since(started).Seconds()
	return rep, nil
}

// simulateRole creates the role's assessment with the added tests, draws its cohort, lets
// every candidate answer in arrival order, waits for scoring and measures.
func simulateRole(ctx context.Context, o options, c *client, cat *catalog.Catalog, ri int, role string) (*roleFigures, error) {
	var created struct {
		ID     string
		Config struct {
			Sections []assessmentSection
		}
	}
	if err := c.call(ctx, "POST", "/v1/assessments", "", map[string]any{"roleId": role, "add": o.Add,
		"name": fmt.Sprintf("Simulation: %s, %d candidates, seed %d", role, o.N, o.Seed)}, &created, 201); err != nil {
		return nil, err
	}
	p, err := newPlan(cat, role, created.Config.Sections, rand.New(rand.NewPCG(o.Seed, uint64(ri)+1)))
	if err != nil {
		return nil, err
	}
	people, arrival, err := p.cohort(o.Seed, ri, o.N, o.Contaminate, o.Skip, o.TraitCorrelation)
	if err != nil {
		return nil, err
	}
	invited, err := invite(ctx, c, created.ID, o.N)
	if err != nil {
		return nil, err
	}

	// Candidates answer concurrently, in arrival order, o.Concurrency at a time; the
	// first failure stops the rest (a broken journey makes every later number meaningless).
	ctx2, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan int)
	errs := make(chan error, o.N)
	var wg sync.WaitGroup
	for range o.Concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				if err := take(ctx2, c, p, people[i], invited[i].token, o.Batch); err != nil {
					errs <- fmt.Errorf("candidate %d (%s): %w", i+1, people[i].typ, err)
					cancel()
				}
			}
		}()
	}
feed:
	for _, i := range arrival {
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
	if err := waitScored(ctx, c, created.ID, o.config); err != nil {
		return nil, err
	}
	ids := make([]string, len(invited))
	for i, in := range invited {
		ids[i] = in.candidateID
	}
	v, err := readAPI(ctx, c, created.ID, ids, o.Concurrency)
	if err != nil {
		return nil, err
	}
	f := measure(p, people, ids, v)
	f.AssessmentID = created.ID
	return f, nil
}

// parseList reads a comma-separated flag value.
func parseList(s string) []string {
	var out []string
	for _, x := range strings.Split(s, ",") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
