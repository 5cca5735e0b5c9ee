// Command dev runs the whole product locally in one process: the API (every route of
// shared/api.Routes), the static site and HR console, and the scoring and report workers
// (each with its sweep), on an embedded store under the data directory. It needs nothing
// but Go:
//
//	go run ./scripts/dev [-addr :8080] [-data ./.shortlist]
//
// SHORTLIST_ADDR and SHORTLIST_DATA set the same two knobs; flags win. SHORTLIST_FAULT is
// for tests only (see fault_test.go). It seeds a demo
// organisation on first start and prints its API key and a sample candidate link;
// SHORTLIST_DEMO_KEY fixes that key (for scripts and tests). TABLE_NAME (with
// AWS_ENDPOINT_URL_DYNAMODB) runs it on DynamoDB instead of the embedded store. Email is
// kept in the data directory's outbox and shown at GET /v1/dev/outbox (outbox.go);
// SHORTLIST_SMTP_ADDR also sends it to that SMTP server (Mailpit).
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
	"sync"
	"syscall"
	"time"

	"shortlist/content/site"
	"shortlist/shared/api"
	"shortlist/shared/api/openapi"
	"shortlist/shared/app"
	"shortlist/shared/app/local"
	"shortlist/shared/app/reporting"
	"shortlist/shared/app/settings"
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

// devEnv is the dev server's own variables, read with the shared settings when it starts.
type devEnv struct {
	addr, data   string // SHORTLIST_ADDR, SHORTLIST_DATA: the flags' defaults
	fault        string // SHORTLIST_FAULT (tests only)
	demoKey      string // SHORTLIST_DEMO_KEY
	demoPassword string // SHORTLIST_DEMO_PASSWORD
	smtpAddr     string // SHORTLIST_SMTP_ADDR
}

func devEnvFrom(getenv app.Getenv) devEnv {
	return devEnv{addr: orDefault(getenv("SHORTLIST_ADDR"), ":8080"), data: orDefault(getenv("SHORTLIST_DATA"), "./.shortlist"),
		fault: getenv("SHORTLIST_FAULT"), demoKey: getenv("SHORTLIST_DEMO_KEY"), demoPassword: getenv("SHORTLIST_DEMO_PASSWORD"),
		smtpAddr: getenv("SHORTLIST_SMTP_ADDR")}
}

// run serves until ctx is done. ready, if not nil, receives the bound address (tests
// start the server on ":0").
func run(ctx context.Context, args []string, getenv app.Getenv, out io.Writer, ready chan<- string) error {
	cfg, err := settings.ConfigFromEnv(getenv)
	if err != nil {
		return err
	}
	env := devEnvFrom(getenv)
	fs := flag.NewFlagSet("dev", flag.ContinueOnError)
	fs.SetOutput(out)
	addr := fs.String("addr", env.addr, "listen address (env SHORTLIST_ADDR)")
	data := fs.String("data", env.data, "local data directory (env SHORTLIST_DATA)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*data, 0o700); err != nil {
		return fmt.Errorf("data directory %s: %w", *data, err)
	}
	log := app.Logger(out, cfg.LogLevel)
	plain, closeTable, err := local.Table(ctx, cfg, *data)
	if err != nil {
		return err
	}
	defer closeTable()
	// The embedded store's stand-in for the table's stream feeds the notify worker.
	t := local.NewStreamTable(plain)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	defer ln.Close()
	base := "http://" + displayAddr(ln.Addr().String())
	blobs, files, err := local.Blobs(ctx, cfg, *data, base)
	if err != nil {
		return err
	}
	stack, err := app.New(cfg, log, t, blobs)
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
	if env.fault == "exit-after-complete" {
		// Fault injection for the recovery test: die after the completion is written and
		// before scoring hears of it, as a crashed process would.
		deps.Journey.Completed = func(context.Context, assess.Session) { os.Exit(3) }
	}
	workerDone := make(chan struct{})
	renderDone := make(chan struct{})
	if reporter != nil {
		q := newRenderQueue()
		stack.Scorer.OnScored = q.push
		go func() {
			defer close(renderDone)
			renderLoop(ctx, reporter, q, log)
		}()
	} else {
		close(renderDone)
	}
	go func() {
		defer close(workerDone)
		scoreLoop(ctx, stack.Scorer, work, log)
	}()

	// Email and webhooks: the notify worker in process, fed by the store's stream, with
	// timers on the real clock kept in the data directory; email goes to the outbox there
	// (and to an SMTP server such as Mailpit when SHORTLIST_SMTP_ADDR names one).
	notifyDone := make(chan struct{})
	outbox, worker, err := devNotify(ctx, env.smtpAddr, *data, base, stack, t, log, notifyDone)
	if err != nil {
		return err
	}
	deps.Outreach.Email, deps.Outreach.PublicURL, deps.Webhooks.PublicURL = true, base, base

	idp, err := devIdentity(&deps, *data, base, log)
	if err != nil {
		return err
	}
	deps.OpenAPI = openapi.Document
	apiHandler, err := api.NewHandler(deps, "")
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/v1/", apiHandler)
	mux.Handle("/v1/dev/", outboxHandler(outbox, worker, log))
	mux.Handle("/idp/", idp)
	mux.Handle("POST /idp", idp)
	mux.Handle("/", siteHandler())
	if files != nil {
		mux.Handle("/files/", files)
	}

	demo, err := seedDemo(ctx, deps, repo, *data, env.demoKey, base)
	if err != nil {
		return fmt.Errorf("seeding the demo organisation: %w", err)
	}
	password, err := demoPassword(*data, env.demoPassword)
	if err != nil {
		return err
	}
	if err := seedPeople(ctx, idp, repo, demo.orgID, password); err != nil {
		return fmt.Errorf("seeding the demo people: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second}
	log.Info("shortlist dev server ready",
		slog.String("site", base+"/"), slog.String("api", base+"/v1/catalog/roles"),
		slog.String("data", *data), slog.String("content_version", deps.Catalog.Version))
	fmt.Fprintf(out, "\n  Shortlist is running.\n"+
		"  Site and HR console:  %s/\n"+
		"  API:                  %s/v1/catalog/roles?lang=es\n"+
		"  Sign in (password %s):\n"+
		"    owner:              %s\n"+
		"    recruiter:          %s\n"+
		"    viewer:             %s\n"+
		"  Demo HR API key:      %s   (for integrations and scripts)\n"+
		"  Sample candidate:     %s\n"+
		"  Data directory:       %s\n"+
		"  Stop with Ctrl-C.\n\n", base, base, password, demoPeople[0].email, demoPeople[1].email, demoPeople[2].email,
		demo.key, demo.link, *data)
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
	<-renderDone
	<-notifyDone
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// scoreLoop scores completed sessions as they arrive and sweeps for missed ones (the
// stream and the scheduled sweep do this in AWS). Every result it writes, by either path,
// goes to the report worker through the scorer's OnScored.
func scoreLoop(ctx context.Context, scorer *assess.Scorer, work <-chan string, log *slog.Logger) {
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
		case <-tick.C:
			sweep(30 * time.Second)
		}
	}
}

// renderQueue hands scored sessions to the report worker: unbounded, so no scored
// session misses its reports, and taken in batches.
type renderQueue struct {
	mu    sync.Mutex
	ids   []string
	ready chan struct{}
}

func newRenderQueue() *renderQueue { return &renderQueue{ready: make(chan struct{}, 1)} }

func (q *renderQueue) push(id string) {
	q.mu.Lock()
	q.ids = append(q.ids, id)
	q.mu.Unlock()
	select {
	case q.ready <- struct{}{}:
	default:
	}
}

func (q *renderQueue) take(max int) []string {
	q.mu.Lock()
	defer q.mu.Unlock()
	n := min(max, len(q.ids))
	out := append([]string(nil), q.ids[:n]...)
	q.ids = q.ids[n:]
	if len(q.ids) > 0 {
		select {
		case q.ready <- struct{}{}:
		default:
		}
	}
	return out
}

// reportSweepEvery is how often the dev server's report worker runs the reports sweep,
// and reportSweepMinAge how old a pending-report marker must be for it (the reports
// function's schedule and reporting.SweepMinAge in AWS; shorter here, where rendering
// is in the same process).
const (
	reportSweepEvery  = time.Minute
	reportSweepMinAge = time.Minute
)

// renderLoop adds each batch of scored sessions to their cohorts' snapshots (one new
// version per assessment per batch, as a stream batch does in AWS) and renders each
// candidate's report and feedback. The reports sweep runs at start (whatever a previous
// run left unrendered) and every minute (renderings that failed), as the reports
// function's schedule does in AWS.
func renderLoop(ctx context.Context, reporter *reporting.Reporter, q *renderQueue, log *slog.Logger) {
	sweep := func(minAge time.Duration) {
		res, err := reporter.Sweep(ctx, minAge, reporting.SweepLimit)
		for _, f := range res.Failures {
			log.Warn("reports sweep: rendering failed, retried later", slog.String("session", f.SessionID), slog.String("error", f.Err))
		}
		if err != nil && ctx.Err() == nil {
			log.Warn("reports sweep", slog.String("error", err.Error()))
		} else if res.Rendered+res.Present+res.Gone > 0 {
			log.Info("reports sweep", slog.Int("rendered", res.Rendered), slog.Int("present", res.Present), slog.Int("gone", res.Gone))
		}
	}
	sweep(0)
	tick := time.NewTicker(reportSweepEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			sweep(reportSweepMinAge)
			continue
		case <-q.ready:
		}
		batch := q.take(500)
		if len(batch) == 0 {
			continue
		}
		if err := reporter.AddResults(ctx, batch); err != nil {
			log.Warn("adding results to the cohort view", slog.String("error", err.Error()))
		}
		for _, id := range batch {
			if _, err := reporter.RenderCandidate(ctx, id); err != nil {
				log.Warn("rendering reports", slog.String("session", id), slog.String("error", err.Error()))
			}
		}
		log.Info("rendered reports", slog.Int("candidates", len(batch)))
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
		// CloudFront also upgrades insecure requests; on http://localhost that would break.
		h.Set("Content-Security-Policy", site.ContentSecurityPolicy)
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
