// Command simulate checks, end to end, that Shortlist's scores recover what they are meant
// to measure (shared/docs/psychometrics.md, "How we know it is right"; issue 6). It makes
// up candidates with known latent traits, lets each one answer through the real HTTP API
// the way the item models say such a person would, waits for scoring, reads the results
// back through the HR API and compares them with the truth:
//
//	go run ./scripts/simulate [-n 200] [-seed 1] [-url URL -key slk_…]
//
// Without -url it starts the whole product in process (API, journey, scoring on
// completion) on a temporary embedded store that is removed afterwards. With -url it
// drives a running server (e.g. scripts/dev with SHORTLIST_DEMO_KEY) that must serve the
// same content build; -key (or SHORTLIST_DEMO_KEY) is that server's HR API key.
//
// It prints, and checks against issue 6's targets: per Likert scale Spearman(true θ, raw
// score) ≥ .85; the cognitive Spearman(true θ, EAP θ̂) ≥ .80; the role-fit Spearman(true
// composite Σwₖθₖ, ranked composite) ≥ .85; and 95% bands covering the true value (the
// true score E[X|θ] of a Likert scale, θ of the cognitive test) for 90–98% of candidates
// overall, with each scale's observed error matching the SE its band was built with. It
// also reports the tie groups, the composite SE and the coverage of the band stored with
// each score (provisional reliability). It exits non-zero when a check misses.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"shortlist/shared/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "simulate:", err)
		os.Exit(1)
	}
}

// run parses the flags, provides a server (in process unless -url) and prints the report.
func run(ctx context.Context, args []string, getenv app.Getenv, out io.Writer) error {
	fs := flag.NewFlagSet("simulate", flag.ContinueOnError)
	fs.SetOutput(out)
	cfg := defaults()
	fs.IntVar(&cfg.N, "n", cfg.N, "simulated candidates")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed: the same seed gives the same candidates and answers")
	url := fs.String("url", "", "base URL of a running server (default: start one in process)")
	key := fs.String("key", getenv("SHORTLIST_DEMO_KEY"), "HR API key for -url (env SHORTLIST_DEMO_KEY)")
	fs.IntVar(&cfg.Concurrency, "concurrency", cfg.Concurrency, "candidates answering at the same time")
	fs.IntVar(&cfg.Batch, "batch", cfg.Batch, "answers per autosave (PUT /v1/session/answers)")
	fs.Float64Var(&cfg.TraitCorrelation, "rho", cfg.TraitCorrelation, "correlation between the Likert traits (one common factor)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if err := cfg.check(); err != nil {
		return err
	}
	if *url == "" {
		srv, err := startLocal(ctx, getenv)
		if err != nil {
			return fmt.Errorf("starting the product in process: %w", err)
		}
		defer srv.Close()
		cfg.URL, cfg.Key, cfg.ScoringErr = srv.URL, srv.Key, srv.ScoringErr
		fmt.Fprintf(out, "In-process server %s on a temporary embedded store.\n", srv.URL)
	} else {
		if *key == "" {
			return errors.New("-url needs -key (or SHORTLIST_DEMO_KEY): the server's HR API key")
		}
		cfg.URL, cfg.Key = *url, *key
	}
	rep, err := simulate(ctx, cfg)
	if err != nil {
		return err
	}
	rep.Print(out)
	if failed := rep.Failed(); len(failed) > 0 {
		return fmt.Errorf("%d check(s) missed their target: %v", len(failed), failed)
	}
	return nil
}
