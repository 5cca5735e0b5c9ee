// Command dev runs the whole product locally in one process: the API (every route of
// shared/api.Routes), the static site and HR console, and the scoring worker, on an
// embedded store under the data directory. It needs nothing but Go:
//
//	go run ./scripts/dev [-addr :8080] [-data ./.shortlist]
//
// SHORTLIST_ADDR and SHORTLIST_DATA set the same two knobs; flags win. SHORTLIST_FAULT is
// for tests only (see fault_test.go). It seeds a demo
// organisation on first start and prints its API key and a sample candidate link;
// SHORTLIST_DEMO_KEY fixes that key (for scripts and tests). TABLE_NAME (with
// AWS_ENDPOINT_URL_DYNAMODB) runs it on DynamoDB instead of the embedded store.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"shortlist/content/site"
	"shortlist/shared/api"
	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/app/reporting"
	"shortlist/shared/assess"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, nil); err != nil {
		fmt.Fprintln(os.Stderr, "dev:", err)
		os.Exit(1)
	}
}

// run serves until ctx is done. ready, if not nil, receives the bound address (tests
// start the server on ":0").
func run(ctx context.Context, args []string, getenv app.Getenv, out io.Writer, ready chan<- string) error {
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", orDefault(getenv("SHORTLIST_ADDR"), ":8080"), "listen address (env SHORTLIST_ADDR)")
	data := fs.String("data", orDefault(getenv("SHORTLIST_DATA"), "./.shortlist"), "local data directory (env SHORTLIST_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return fmt.Errorf("data directory %s: %w", *data, err)
	}
	log := app.Logger(out, getenv)
	t, closeTable, err := local.Table(ctx, getenv, *data)
	if err != nil {
		return err
	}
	defer closeTable()
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()
	base := "http://" + displayAddr(ln.Addr().String())
	blobs, files, err := local.Blobs(ctx, getenv, *data, base)
	if err != nil {
		return err
	}
	stack, err := app.Build(getenv, log, t, blobs)
	if err != nil {
		return err
	}
	reporter := reporting.Attach(&stack)
	deps, repo := stack.Deps, stack.Repo

	// The scoring worker: completions are handed over in process (the table's stream does
	// this in AWS), and a sweep at start and every minute catches any that were missed.
	work := make(chan string, 1024)
	deps.Journey.Completed = func(_ context.Context, s assess.Session) {
		select {
		case work <- s.ID:
		default: // full: the sweep will pick it up
		}
	}
	if getenv("SHORTLIST_FAULT") == "exit-after-complete" {
		// Fault injection for the recovery test: die after the completion is written and
		// before scoring hears of it, as a crashed process would.
		deps.Journey.Completed = func(context.Context, assess.Session) { os.Exit(3) }
	}
	workerDone := make(chan struct{})
	go func() {
		defer close(workerDone)
		scoreLoop(ctx, stack.Scorer, reporter, work, log)
	}()

	apiHandler, err := api.NewHandler(deps, "")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", apiHandler)
	mux.Handle("/", siteHandler())
	if files != nil {
		mux.Handle("/files/", files)
	}

	demo, err := seedDemo(ctx, deps, repo, *data, getenv("SHORTLIST_DEMO_KEY"), base)
	if err != nil {
		return fmt.Errorf("seeding the demo organisation: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	log.Info("shortlist dev server ready",
		slog.String("site", base+"/"), slog.String("api", base+"/v1/catalog/roles"),
		slog.String("data", *data), slog.String("content_version", deps.Catalog.Version))
	fmt.Fprintf(out, "\n  Shortlist is running.\n"+
		"  Site and HR console:  %s/\n"+
		"  API:                  %s/v1/catalog/roles?lang=es\n"+
		"  Demo HR API key:      %s\n"+
		"  Sample candidate:     %s\n"+
		"  Data directory:       %s\n"+
		"  Stop with Ctrl-C.\n\n", base, base, demo.key, demo.link, *data)
	if ready != nil {
		ready <- ln.Addr().String()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	<-workerDone
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// scoreLoop scores completed sessions as they arrive, renders their reports, and sweeps
// for missed ones (the stream and the scheduled sweep do this in AWS).
func scoreLoop(ctx context.Context, scorer *assess.Scorer, reporter *reporting.Reporter, work <-chan string, log *slog.Logger) {
	sweep := func(minAge time.Duration) {
		if n, err := scorer.Sweep(ctx, minAge); err != nil {
			log.Warn("scoring sweep", slog.String("error", err.Error()))
		} else if n > 0 {
			log.Info("scoring sweep", slog.Int("scored", n))
		}
	}
	sweep(0) // whatever a previous run left pending
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case id := <-work:
			if _, err := scorer.Score(ctx, id); err != nil {
				log.Warn("scoring", slog.String("session", id), slog.String("error", err.Error()))
				continue
			}
			log.Info("scored", slog.String("session", id))
			if reporter != nil {
				if _, err := reporter.RenderCandidate(ctx, id); err != nil {
					log.Warn("rendering reports", slog.String("session", id), slog.String("error", err.Error()))
				}
			}
		case <-tick.C:
			sweep(30 * time.Second)
		}
	}
}

// siteHandler serves the embedded static site with the headers CloudFront adds in AWS.
func siteHandler() http.Handler {
	files := http.FileServerFS(site.FS())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		files.ServeHTTP(w, r)
	})
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// displayAddr turns ":8080" or "[::]:8080" into "localhost:8080" for the printed URLs.
func displayAddr(a string) string {
	host, port, err := net.SplitHostPort(a)
	if err != nil {
		return a
	}
	if host == "" || host == "::" || host == "0.0.0.0" || strings.HasPrefix(host, "127.") {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}
