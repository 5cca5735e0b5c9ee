package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
)

// functionFigures is one Lambda function's size and time to ready.
type functionFigures struct {
	Name        string  `json:"name"`
	Arm64Bytes  int64   `json:"arm64_bytes"`
	ReadyP50MS  float64 `json:"ready_p50_ms"`
	ReadyMinMS  float64 `json:"ready_min_ms"`
	ReadyRuns   int     `json:"ready_runs"`
	ReadyFailed string  `json:"ready_failed,omitempty"`
}

// buildFlags are scripts/build's: what is deployed.
var buildFlags = []string{"build", "-tags", "lambda.norpc", "-trimpath", "-buildvcs=false", "-ldflags", "-s -w"}

// functionNames lists functions/<name>/main.go.
func functionNames(root string) ([]string, error) {
	m, err := filepath.Glob(filepath.Join(root, "functions", "*", "main.go"))
	if err != nil {
		return nil, err
	}
	var out []string
	for _, p := range m {
		out = append(out, filepath.Base(filepath.Dir(p)))
	}
	sort.Strings(out)
	return out, nil
}

func goBuild(ctx context.Context, root, out, pkg string, env ...string) error {
	cmd := exec.CommandContext(ctx, "go", append(append([]string{}, buildFlags...), "-o", out, pkg)...)
	cmd.Dir = root
	cmd.Env = append(append(os.Environ(), "CGO_ENABLED=0"), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
	}
	return nil
}

// measureFunctions builds each function as deployed (linux/arm64) for its size, and for
// this machine to time its start: the binary is started against a stand-in for the Lambda
// Runtime API on loopback, and "ready" is its first GET /2018-06-01/runtime/invocation/next
// (init done: configuration read, clients built, catalog loaded). env is the function's
// environment (the table, the bucket, the local endpoints).
func measureFunctions(ctx context.Context, root string, runs int, env []string) ([]functionFigures, error) {
	names, err := functionNames(root)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "shortlist-bench-fn-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	var out []functionFigures
	for _, name := range names {
		f := functionFigures{Name: name}
		arm := filepath.Join(dir, name+"-arm64")
		if err := goBuild(ctx, root, arm, "./functions/"+name, "GOOS=linux", "GOARCH=arm64"); err != nil {
			return nil, err
		}
		st, err := os.Stat(arm)
		if err != nil {
			return nil, err
		}
		f.Arm64Bytes = st.Size()
		host := filepath.Join(dir, name+"-"+runtime.GOARCH)
		if err := goBuild(ctx, root, host, "./functions/"+name); err != nil {
			return nil, err
		}
		var times []time.Duration
		for i := 0; i < runs; i++ {
			d, err := timeToReady(ctx, host, env)
			if err != nil {
				f.ReadyFailed = err.Error()
				break
			}
			times = append(times, d)
		}
		if len(times) > 0 {
			sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
			f.ReadyP50MS, f.ReadyMinMS, f.ReadyRuns = ms(quantile(times, 0.5)), ms(times[0]), len(times)
		}
		out = append(out, f)
	}
	return out, nil
}

// timeToReady starts bin with AWS_LAMBDA_RUNTIME_API pointing at a stand-in and returns
// the time from the process start to its first request for an invocation. The stand-in
// never hands one out; the process is killed after.
func timeToReady(ctx context.Context, bin string, env []string) (time.Duration, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	ready := make(chan time.Time, 1)
	initErr := make(chan string, 1)
	var once sync.Once
	mux := http.NewServeMux()
	mux.HandleFunc("GET /2018-06-01/runtime/invocation/next", func(w http.ResponseWriter, r *http.Request) {
		once.Do(func() { ready <- time.Now() })
		<-r.Context().Done() // hold the long poll, as the Runtime API does while idle
	})
	mux.HandleFunc("POST /2018-06-01/runtime/init/error", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(io.LimitReader(r.Body, 4096))
		select {
		case initErr <- string(b):
		default:
		}
		w.WriteHeader(http.StatusAccepted)
	})
	srv := &http.Server{Handler: mux}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	cmd := exec.CommandContext(ctx, bin)
	cmd.Env = append(append([]string{"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(), "PATH=" + os.Getenv("PATH")}, env...),
		"AWS_LAMBDA_FUNCTION_NAME="+filepath.Base(bin), "AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256", "AWS_LAMBDA_FUNCTION_VERSION=$LATEST")
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	select {
	case at := <-ready:
		return at.Sub(start), nil
	case msg := <-initErr:
		return 0, fmt.Errorf("init error: %s", msg)
	case err := <-exited:
		exited <- err
		return 0, fmt.Errorf("exited before ready (%v): %.300s", err, logs.String())
	case <-time.After(30 * time.Second):
		return 0, fmt.Errorf("not ready after 30 s: %.300s", logs.String())
	}
}
