// Command import-users creates Clerk users from a CSV or JSON Lines file,
// as a migration script would: at most one user per row, however often it
// is run or interrupted, and under the instance's rate limit.
//
//	CLERK_SECRET_KEY=sk_test_… go run ./examples/import-users -in users.csv
//
// Each row holds email (required), first_name, last_name, external_id,
// password_digest with password_hasher (such as "bcrypt"; see Clerk's list
// of hashers), and public_metadata and private_metadata as JSON objects. A
// CSV file names its columns in a header row; a JSON Lines file holds one
// object per line with these keys. A row's key is its external ID, or its
// email address when it has none.
//
// Flags:
//
//	-in path         input file; "-" reads standard input (required)
//	-format f        csv or jsonl (default: from the file's extension)
//	-state path      state file (default: the input path + ".state.jsonl")
//	-errors path     per-row errors (default: the input path + ".errors.jsonl")
//	-concurrency n   requests in flight at once (default 4)
//	-rate n          requests per 10 seconds (default 100, a development
//	                 instance's limit; production instances allow more)
//	-dry-run         read, check and look rows up, create nothing
//	-progress d      how often to print the progress line (default 2s)
//	-time-scale f    how fast the server's clock runs, for tests against
//	                 clerktest.WithTimeScale (default 1)
//	-shard i/n       import only this process's part of the file, one of n
//	                 (default 0/1, all of it)
//	-redis URL       share the -rate budget through Redis with every other
//	                 process of the same key (redis://host:6379/0)
//
// How it avoids duplicates: the state file is an append-only JSON Lines
// log of row key → user ID, fsync'ed in batches and loaded at start; rows
// in it are skipped. Every other row is looked up by external ID (or email)
// before it is created, a hundred per request. A create answered
// form_identifier_exists is looked up and recorded, not repeated. A create
// whose outcome is unknown (5xx, connection lost after sending) is repeated
// only after a lookup shows the user does not exist. Of rows with the same
// key, the first is imported and the others are reported as errors. The SDK retries reads
// and rate-limited requests itself; it never repeats a create that may have
// arrived.
//
// How it stays under the rate limit: one pacer, shared by the workers,
// spaces every request (SDK retries included) at 95% of -rate; a 429 cuts
// the pace by a fifth and pauses everything for its Retry-After, after
// which the pace recovers by a quarter of -rate per window.
//
// Many processes, one key: -shard i/n makes the process import the rows
// whose key hashes to i modulo n, so n processes given 0/n … (n-1)/n import
// the whole file between them, each exactly once, each with its own state
// and errors files (the defaults gain ".shard-i-of-n"); rerun each process
// with the same -shard to resume. With -redis they draw from one budget of
// -rate held in Redis (the redislimit module: every attempt waits for a slot,
// a 429 pauses them all) instead of each pacing itself at -rate; if Redis
// becomes unreachable, each falls back to -rate divided by n, logs one
// warning, and finishes. Without -redis, give each of n processes -rate/n.
//
// Output: a progress line on standard error, a summary on standard output
// (created, already present, failed). Failed rows are written to the
// -errors file, one JSON object per line: line number, key, HTTP status,
// Clerk error code and message, trace ID. The exit status is 0 when every
// row is settled, 1 when some failed or the run stopped early, 2 for bad
// usage. The secret key is read from CLERK_SECRET_KEY (and the API URL
// from CLERK_API_URL, if set) and never printed.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/gobapi/clerk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv})
	stop()
	os.Exit(code)
}

// env is what the program takes from its surroundings.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	getenv         func(string) string
	// transport sends the requests; nil means a clone of
	// http.DefaultTransport. Tests put faults here.
	transport http.RoundTripper
}

// config is the parsed command line.
type config struct {
	in, format, statePath, errorsPath string
	concurrency, rate                 int
	dryRun                            bool
	progress                          time.Duration
	timeScale                         float64
	shard                             shard
	redisURL                          string
}

// headroom is the share of -rate the pacer aims at, leaving room for
// clock skew and network jitter between the pacer and Clerk's window.
const headroom = 0.95

// rateWindow is the window of -rate, Clerk's.
const rateWindow = 10 * time.Second

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("import-users", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.in, "in", "", `input file; "-" reads standard input`)
	fs.StringVar(&cfg.format, "format", "", "csv or jsonl (default: from the file's extension)")
	fs.StringVar(&cfg.statePath, "state", "", `state file (default: the input path + ".state.jsonl")`)
	fs.StringVar(&cfg.errorsPath, "errors", "", `per-row errors (default: the input path + ".errors.jsonl")`)
	fs.IntVar(&cfg.concurrency, "concurrency", 4, "requests in flight at once")
	fs.IntVar(&cfg.rate, "rate", 100, "requests per 10 seconds")
	fs.BoolVar(&cfg.dryRun, "dry-run", false, "read, check and look rows up; create nothing")
	fs.DurationVar(&cfg.progress, "progress", 2*time.Second, "how often to print the progress line")
	fs.Float64Var(&cfg.timeScale, "time-scale", 1, "how fast the server's clock runs (clerktest.WithTimeScale)")
	shardFlag := fs.String("shard", "0/1", "import only part i of n of the file (i/n)")
	fs.StringVar(&cfg.redisURL, "redis", "", "share the -rate budget with other processes through this Redis (redis://host:6379/0)")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	}
	var err error
	if cfg.shard, err = parseShard(*shardFlag); err != nil {
		return cfg, err
	}
	switch {
	case cfg.in == "":
		return cfg, errors.New("-in is required")
	case cfg.concurrency < 1 || cfg.concurrency > 64:
		return cfg, errors.New("-concurrency must be between 1 and 64")
	case cfg.rate < 1:
		return cfg, errors.New("-rate must be positive")
	case cfg.progress <= 0:
		return cfg, errors.New("-progress must be positive")
	case !(cfg.timeScale > 0) || cfg.timeScale > 1:
		return cfg, errors.New("-time-scale must be in (0, 1]")
	}
	if cfg.format == "" {
		switch strings.ToLower(filepath.Ext(cfg.in)) {
		case ".csv":
			cfg.format = "csv"
		case ".jsonl", ".ndjson":
			cfg.format = "jsonl"
		default:
			return cfg, errors.New("-format is required when -in does not end in .csv or .jsonl")
		}
	}
	if cfg.format != "csv" && cfg.format != "jsonl" {
		return cfg, fmt.Errorf("-format %q: want csv or jsonl", cfg.format)
	}
	base := cfg.in
	if base == "-" {
		base = "stdin"
	}
	if cfg.statePath == "" {
		cfg.statePath = base + cfg.shard.suffix() + ".state.jsonl"
	}
	if cfg.errorsPath == "" {
		cfg.errorsPath = base + cfg.shard.suffix() + ".errors.jsonl"
	}
	return cfg, nil
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	cfg, err := parseFlags(args, e.stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "import-users: %v\n", err)
		return 2
	}
	if err := importFile(ctx, cfg, e); err != nil {
		fmt.Fprintf(e.stderr, "import-users: %v\n", err)
		return 1
	}
	return 0
}

// errFailedRows is returned when the import ran to the end but some rows
// failed.
var errFailedRows = errors.New("some rows failed")

func importFile(ctx context.Context, cfg config, e env) (err error) {
	key := e.getenv("CLERK_SECRET_KEY")
	if key == "" {
		return errors.New("CLERK_SECRET_KEY is not set")
	}
	var in io.Reader = e.stdin
	if cfg.in != "-" {
		f, err := os.Open(cfg.in)
		if err != nil {
			return fmt.Errorf("open input: %w", err)
		}
		defer f.Close()
		in = f
	}
	rd, err := newReader(in, cfg.format)
	if err != nil {
		return err
	}
	known, damaged, err := loadState(cfg.statePath)
	if err != nil {
		return err
	}
	if damaged > 0 {
		fmt.Fprintf(e.stderr, "import-users: %s: skipped %d damaged line(s); those rows are looked up again\n", cfg.statePath, damaged)
	}

	base := e.transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = cfg.concurrency + 2 // one kept-alive connection per worker
		base = t
	}
	window := time.Duration(float64(rateWindow) * cfg.timeScale)
	p := newPacer(base, max(1, int(float64(cfg.rate)*headroom)), window, cfg.timeScale)
	scaled := func(d time.Duration) time.Duration { return time.Duration(float64(d) * cfg.timeScale) }
	opts := []clerk.Option{
		clerk.WithHTTPClient(&http.Client{Transport: p, Timeout: 30 * time.Second}),
		clerk.WithUserAgent("gobapi-import-users"),
		// The default policy in the server's time: a 429's Retry-After is
		// clamped to MaxWait, so a scaled clock also scales that wait.
		clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 4, MinWait: scaled(250 * time.Millisecond),
			MaxWait: scaled(5 * time.Second), MaxTotalWait: scaled(30 * time.Second)}),
	}
	if u := e.getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
	}
	if cfg.redisURL != "" {
		lim, closeRedis, err := sharedLimiter(cfg.redisURL, key, cfg.rate, window, cfg.shard, e.stderr)
		if err != nil {
			return err
		}
		defer closeRedis()
		p.unpaced = true // the shared limiter paces; the pacer only counts
		opts = append(opts, clerk.WithRateLimiter(lim))
	}
	c, err := clerk.NewClient(key, opts...)
	if err != nil {
		return err // a *clerk.ConfigError, which never contains the key
	}

	ef, err := os.Create(cfg.errorsPath)
	if err != nil {
		return fmt.Errorf("create errors file: %w", err)
	}
	defer func() {
		if cerr := ef.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("close errors file: %w", cerr)
		}
	}()
	im := &importer{cfg: cfg, c: c, pacer: p, known: known, errs: &errorLog{enc: json.NewEncoder(ef)}}
	if !cfg.dryRun {
		if im.state, err = openState(cfg.statePath); err != nil {
			return err
		}
	}

	start := time.Now()
	stopProgress := im.progress(e.stderr, start)
	runErr := im.run(ctx, rd)
	stopProgress()
	if im.state != nil {
		if err := im.state.close(); err != nil {
			runErr = errors.Join(runErr, err)
		}
	}
	im.summary(e.stdout, time.Since(start))
	if runErr != nil {
		return fmt.Errorf("stopped early (rerun to resume): %w", runErr)
	}
	if im.failed.Load() > 0 {
		return fmt.Errorf("%w: see %s", errFailedRows, cfg.errorsPath)
	}
	return nil
}

// progress prints a progress line every cfg.progress until stopped.
func (im *importer) progress(w io.Writer, start time.Time) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(im.cfg.progress)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				fmt.Fprintf(w, "progress: %d rows read: %d created, %d already present, %d failed; %d requests, %d answered 429; pace %.0f per 10s; %s\n",
					im.read.Load(), im.created.Load(), im.present.Load(), im.failed.Load(),
					im.pacer.requests.Load(), im.pacer.limited.Load(), im.pacer.currentRate(),
					time.Since(start).Round(time.Second))
			}
		}
	}()
	return func() { close(done); <-finished }
}

// summary prints the outcome.
func (im *importer) summary(w io.Writer, took time.Duration) {
	if im.cfg.dryRun {
		fmt.Fprintf(w, "dry run: %d rows: %d would be created, %d already present, %d failed\n",
			im.read.Load(), im.wouldCreate.Load(), im.present.Load(), im.failed.Load())
	} else {
		fmt.Fprintf(w, "%d rows: %d created, %d already present, %d failed\n",
			im.read.Load(), im.created.Load(), im.present.Load(), im.failed.Load())
	}
	if n := im.otherShards.Load(); n > 0 {
		fmt.Fprintf(w, "%d rows left to the other shards\n", n)
	}
	if n := im.interrupted.Load(); n > 0 {
		fmt.Fprintf(w, "%d rows not done: interrupted\n", n)
	}
	fmt.Fprintf(w, "%d requests (%d answered 429) in %s\n", im.pacer.requests.Load(), im.pacer.limited.Load(), took.Round(time.Millisecond))
	if n := im.failed.Load(); n > 0 {
		fmt.Fprintf(w, "errors: %s\n", im.cfg.errorsPath)
	}
}
