// Command simulate checks, end to end, that Shortlist's ranking holds up under real
// applicants (docs/scoring.md, "How we check it"). For each
// seed role it creates an assessment (the role's mix plus a cognitive test, integrity with
// impression management and the SJT), makes up candidates with known latent traits — honest
// ones, and contaminated ones: careless (random or straight-line), fakers, time-outs, and
// skippers who leave the heaviest section blank — lets each answer through the real HTTP API
// by a generating model harsher than the scorer's (model.go), waits for scoring, reads the
// ranking and every candidate's detail back through the HR API and compares them with the
// truth, which is never shown to the server:
//
//	go run ./scripts/simulate [-role both] [-n 150] [-seed 1] [-contaminate 0.2] [-skip 0.03]
//	                          [-json FILE] [-url URL -key slk_…]
//
// Without -url it starts the whole product in process (API, journey, scoring on
// completion) on a temporary embedded store that is removed afterwards. With -url it
// drives a running server (e.g. scripts/dev with SHORTLIST_DEMO_KEY) that must serve the
// same content build; -key (or SHORTLIST_DEMO_KEY) is that server's HR API key.
//
// It prints, per role and pooled: the share of each respondent type with a serious
// caution, and of honest candidates with any caution; serious cautions in the top 10 not
// marked "review first"; the honest Spearman between the role-fit composite and the true
// fit; 95% band coverage per scale kind on the engine's own metric; how often the rank
// interval holds the true rank; each skipper against its twin and the median. It exits
// non-zero when a validity target is missed or the API lacks a field the figures need
// (they are listed).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
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
	o := defaultOptions()
	fs.IntVar(&o.N, "n", o.N, "simulated candidates per role")
	fs.Uint64Var(&o.Seed, "seed", o.Seed, "random seed: the same seed gives the same candidates, answers and arrival order")
	role := fs.String("role", "both", "sales-back-office | ecommerce-customer-support | both (or any catalog role id)")
	add := fs.String("add", strings.Join(addedTests, ","), "instruments added to the role's mix, comma-separated")
	fs.Float64Var(&o.Contaminate, "contaminate", o.Contaminate, "share of contaminated candidates: half careless (random / straight-line), a quarter fakers, a quarter time-outs")
	fs.Float64Var(&o.Skip, "skip", o.Skip, "share of candidates who leave the heaviest-weighted section unanswered")
	jsonPath := fs.String("json", "", "also write the figures as JSON to this file")
	url := fs.String("url", "", "base URL of a running server (default: start one in process)")
	key := fs.String("key", getenv("SHORTLIST_DEMO_KEY"), "HR API key for -url (env SHORTLIST_DEMO_KEY)")
	fs.IntVar(&o.Concurrency, "concurrency", o.Concurrency, "candidates answering at the same time")
	fs.IntVar(&o.Batch, "batch", o.Batch, "answers per autosave (PUT /v1/session/answers)")
	fs.Float64Var(&o.TraitCorrelation, "rho", o.TraitCorrelation, "correlation between the Likert traits (one common factor)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	switch *role {
	case "both":
		o.Roles = seedRoles
	default:
		o.Roles = parseList(*role)
	}
	o.Add = parseList(*add)
	if err := o.check(); err != nil {
		return err
	}
	if *url == "" {
		srv, err := startLocal(ctx, getenv)
		if err != nil {
			return fmt.Errorf("starting the product in process: %w", err)
		}
		defer srv.Close()
		o.URL, o.Key, o.ScoringErr = srv.URL, srv.Key, srv.ScoringErr
		fmt.Fprintf(out, "In-process server %s on a temporary embedded store.\n", srv.URL)
	} else {
		if *key == "" {
			return errors.New("-url needs -key (or SHORTLIST_DEMO_KEY): the server's HR API key")
		}
		o.URL, o.Key = *url, *key
	}
	rep, err := simulateRun(ctx, o)
	if err != nil {
		return err
	}
	rep.Print(out)
	if *jsonPath != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonPath, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	if m := rep.missing(); len(m) > 0 {
		return fmt.Errorf("the API lacks %d field(s) the figures need: %v", len(m), m)
	}
	if failed := rep.Failed(); len(failed) > 0 {
		return fmt.Errorf("%d validity target(s) missed: %v", len(failed), failed)
	}
	return nil
}
