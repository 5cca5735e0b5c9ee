package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// repoRoot is the directory of the module's go.mod, found from the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory: run from the repository")
		}
		dir = parent
	}
}

func cacheDir(getenv func(string) string) string {
	if c := getenv("SHORTLIST_CACHE"); c != "" {
		return c
	}
	home, _ := os.UserHomeDir()
	return filepath.Join(home, ".cache", "shortlist")
}

// dynamoJar finds DynamoDB Local's jar in the cache; when it is missing it runs
// scripts/services/dynamodb-local once (which installs it), and stops the instance that
// script starts: callers run their own.
func dynamoJar(root string, getenv func(string) string) (string, error) {
	glob := filepath.Join(cacheDir(getenv), "dynamodb-local-*", "emulator", "DynamoDBLocal.jar")
	if m, _ := filepath.Glob(glob); len(m) > 0 {
		return m[len(m)-1], nil
	}
	env, err := runService(root, "dynamodb-local")
	if err != nil {
		return "", err
	}
	if pid, err := strconv.Atoi(env["SHORTLIST_DYNAMODB_PID"]); err == nil {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	if m, _ := filepath.Glob(glob); len(m) > 0 {
		return m[len(m)-1], nil
	}
	return "", fmt.Errorf("no %s after scripts/services/dynamodb-local", glob)
}

// runService runs scripts/services/<name> and parses the `export VAR=value` lines it prints.
func runService(root, name string) (map[string]string, error) {
	cmd := exec.Command(filepath.Join(root, "scripts", "services", name))
	cmd.Dir = root
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("scripts/services/%s: %w", name, err)
	}
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		line, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "export ")
		if !ok {
			continue
		}
		k, v, _ := strings.Cut(line, "=")
		// Values like ${AWS_REGION:-us-east-1} keep the current value or the default.
		if strings.HasPrefix(v, "${") && strings.HasSuffix(v, "}") {
			inner := strings.TrimSuffix(strings.TrimPrefix(v, "${"), "}")
			name, def, _ := strings.Cut(inner, ":-")
			v = os.Getenv(name)
			if v == "" {
				v = def
			}
		}
		env[k] = v
	}
	return env, nil
}

// dynamoLocal is one DynamoDB Local process owned by its caller: the bench's when no
// endpoint is given, and each fault test's own (never the shared one, which it kills).
type dynamoLocal struct {
	jar    string
	port   int
	dbPath string // "" runs in memory; a directory keeps the data across a restart
	logf   *os.File
	cmd    *exec.Cmd
	exited chan struct{}
}

// startDynamoLocal starts DynamoDB Local on a free loopback port and waits until it answers.
func startDynamoLocal(jar, dbPath, logPath string) (*dynamoLocal, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	d := &dynamoLocal{jar: jar, port: port, dbPath: dbPath, logf: logf}
	if err := d.start(); err != nil {
		logf.Close()
		return nil, err
	}
	return d, nil
}

func (d *dynamoLocal) Endpoint() string { return fmt.Sprintf("http://127.0.0.1:%d", d.port) }

func (d *dynamoLocal) start() error {
	args := []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.library.path=DynamoDBLocal_lib",
		"-jar", "DynamoDBLocal.jar", "-sharedDb", "-port", strconv.Itoa(d.port), "-disableTelemetry"}
	if d.dbPath == "" {
		args = append(args, "-inMemory")
	} else {
		args = append(args, "-dbPath", d.dbPath)
	}
	cmd := exec.Command("java", args...)
	cmd.Dir = filepath.Dir(d.jar)
	cmd.Stdout, cmd.Stderr = d.logf, d.logf
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting DynamoDB Local: %w", err)
	}
	d.cmd = cmd
	d.exited = make(chan struct{})
	go func() { _ = cmd.Wait(); close(d.exited) }()
	return d.waitReady(30 * time.Second)
}

// waitReady waits until the server answers HTTP at all (an unsigned request gets a 400).
func (d *dynamoLocal) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-d.exited:
			return fmt.Errorf("DynamoDB Local exited during start; see %s", d.logf.Name())
		default:
		}
		if resp, err := client.Get(d.Endpoint()); err == nil {
			resp.Body.Close()
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("DynamoDB Local not ready after %s; see %s", limit, d.logf.Name())
}

// Kill stops the server at once (SIGKILL: no shutdown hook runs), as a crash would.
func (d *dynamoLocal) Kill() {
	if d.cmd == nil || d.cmd.Process == nil {
		return
	}
	_ = d.cmd.Process.Signal(syscall.SIGKILL)
	<-d.exited
}

// Restart starts the server again on the same port (and the same files, if any).
func (d *dynamoLocal) Restart() error { return d.start() }

// Stop kills the server and closes its log.
func (d *dynamoLocal) Stop() {
	d.Kill()
	d.logf.Close()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// services is what the bench runs against, and how to stop what it started itself.
type services struct {
	stops []func()
	notes []string
}

func (s *services) Close() {
	for i := len(s.stops) - 1; i >= 0; i-- {
		s.stops[i]()
	}
}

// startServices makes sure DynamoDB Local (and MinIO, when it is built) are reachable:
// an endpoint already in the environment is used as it is; otherwise the bench starts its
// own instance and sets the variables for this process. setenv changes the environment the
// rest of the run reads (the SDK's credential chain reads the process environment).
func startServices(ctx context.Context, root string, getenv func(string) string, setenv func(k, v string)) (*services, error) {
	s := &services{}
	if getenv("AWS_ENDPOINT_URL_DYNAMODB") == "" {
		jar, err := dynamoJar(root, getenv)
		if err != nil {
			return nil, err
		}
		dir, err := os.MkdirTemp("", "shortlist-bench-ddb-")
		if err != nil {
			return nil, err
		}
		d, err := startDynamoLocal(jar, "", filepath.Join(dir, "dynamodb.log"))
		if err != nil {
			os.RemoveAll(dir)
			return nil, err
		}
		s.stops = append(s.stops, func() { d.Stop(); os.RemoveAll(dir) })
		setenv("AWS_ENDPOINT_URL_DYNAMODB", d.Endpoint())
		s.notes = append(s.notes, "DynamoDB Local started by the bench at "+d.Endpoint())
	} else {
		s.notes = append(s.notes, "DynamoDB Local at "+getenv("AWS_ENDPOINT_URL_DYNAMODB"))
	}
	for k, v := range map[string]string{"AWS_REGION": "us-east-1", "AWS_ACCESS_KEY_ID": "local", "AWS_SECRET_ACCESS_KEY": "local"} {
		if getenv(k) == "" {
			setenv(k, v)
		}
	}
	if getenv("REPORTS_BUCKET") == "" && getenv("SHORTLIST_REPORTS_BUCKET") != "" {
		setenv("REPORTS_BUCKET", getenv("SHORTLIST_REPORTS_BUCKET"))
	}
	if getenv("REPORTS_BUCKET") != "" {
		s.notes = append(s.notes, "S3 (MinIO) at "+getenv("AWS_ENDPOINT_URL_S3")+", bucket "+getenv("REPORTS_BUCKET"))
		return s, nil
	}
	if _, err := os.Stat(filepath.Join(cacheDir(getenv), "bin", "minio")); err != nil {
		s.notes = append(s.notes, "no MinIO built (scripts/services/minio): reports go to local files; S3 figures are the same calls counted")
		return s, nil
	}
	env, err := runService(root, "minio")
	if err != nil {
		return s, err
	}
	if pid, err := strconv.Atoi(env["SHORTLIST_MINIO_PID"]); err == nil {
		dir := env["SHORTLIST_MINIO_DIR"]
		s.stops = append(s.stops, func() {
			_ = syscall.Kill(pid, syscall.SIGTERM)
			time.Sleep(200 * time.Millisecond)
			if strings.HasPrefix(dir, os.TempDir()) {
				os.RemoveAll(dir)
			}
		})
	}
	for _, k := range []string{"AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"} {
		if v := env[k]; v != "" {
			setenv(k, v)
		}
	}
	setenv("REPORTS_BUCKET", env["SHORTLIST_REPORTS_BUCKET"])
	s.notes = append(s.notes, "MinIO started by the bench at "+env["AWS_ENDPOINT_URL_S3"])
	return s, nil
}
