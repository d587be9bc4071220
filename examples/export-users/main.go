// Command export-users writes every user of a Clerk instance as JSON
// Lines, one user object per line, as the Backend API returns it.
//
//	CLERK_SECRET_KEY=sk_test_… go run ./examples/export-users -out users.jsonl
//
// It streams: Users.All fetches one page at a time and each user is
// written as soon as it arrives, so memory stays constant however many
// users there are. Users are ordered by creation time, oldest first by
// default, and paged with the starting_after cursor, which neither skips
// nor repeats users created or deleted during the export.
//
// Flags:
//
//	-out path        write to this file instead of standard output; it is
//	                 written under a temporary name and renamed at the end,
//	                 so a failed export never leaves a partial file
//	-order o         +created_at (default) or -created_at
//	-page-size n     users per request, 1 to 500 (default 500)
//
// The secret key is read from CLERK_SECRET_KEY (and the API URL from
// CLERK_API_URL, if set) and never printed. A count goes to standard error
// at the end. The exit status is 0 on success, 1 on failure, 2 for bad
// usage.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"

	"github.com/gobapi/clerk"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// config is the parsed command line.
type config struct {
	out, order string
	pageSize   int
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fs := flag.NewFlagSet("export-users", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.out, "out", "", "output file (default: standard output)")
	fs.StringVar(&cfg.order, "order", "+created_at", "+created_at or -created_at")
	fs.IntVar(&cfg.pageSize, "page-size", 500, "users per request, 1 to 500")
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	switch {
	case fs.NArg() > 0:
		return cfg, fmt.Errorf("unexpected arguments: %q", fs.Args())
	case cfg.order != "+created_at" && cfg.order != "-created_at":
		return cfg, fmt.Errorf("-order %q: want +created_at or -created_at", cfg.order)
	case cfg.pageSize < 1 || cfg.pageSize > 500:
		return cfg, errors.New("-page-size must be between 1 and 500")
	}
	return cfg, nil
}

// run is the whole program; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "export-users: %v\n", err)
		return 2
	}
	n, err := export(ctx, cfg, stdout, getenv)
	if err != nil {
		fmt.Fprintf(stderr, "export-users: %v\n", err)
		return 1
	}
	where := "standard output"
	if cfg.out != "" {
		where = cfg.out
	}
	fmt.Fprintf(stderr, "export-users: exported %d users to %s\n", n, where)
	return 0
}

func export(ctx context.Context, cfg config, stdout io.Writer, getenv func(string) string) (n int, err error) {
	key := getenv("CLERK_SECRET_KEY")
	if key == "" {
		return 0, errors.New("CLERK_SECRET_KEY is not set")
	}
	opts := []clerk.Option{clerk.WithUserAgent("gobapi-export-users")}
	if u := getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
	}
	c, err := clerk.NewClient(key, opts...)
	if err != nil {
		return 0, err // a *clerk.ConfigError, which never contains the key
	}

	out := stdout
	if cfg.out != "" {
		f, ferr := os.CreateTemp(filepath.Dir(cfg.out), "."+filepath.Base(cfg.out)+".*")
		if ferr != nil {
			return 0, fmt.Errorf("create output: %w", ferr)
		}
		// Keep the file only if the whole export succeeded (err is the
		// named result).
		defer func() {
			if err != nil {
				_ = f.Close()
				_ = os.Remove(f.Name())
				return
			}
			if err = f.Sync(); err == nil {
				err = f.Close()
			}
			if err == nil {
				err = os.Rename(f.Name(), cfg.out)
			}
			if err != nil {
				_ = os.Remove(f.Name())
				err = fmt.Errorf("write output: %w", err)
			}
		}()
		out = f
	}
	w := bufio.NewWriterSize(out, 64<<10)
	enc := json.NewEncoder(w) // Encode ends each object with a newline
	enc.SetEscapeHTML(false)
	for u, err := range c.Users.All(ctx, &clerk.UserListParams{OrderBy: cfg.order, Limit: cfg.pageSize}) {
		if err != nil {
			return n, fmt.Errorf("after %d users: %w", n, err)
		}
		if err := enc.Encode(u); err != nil {
			return n, fmt.Errorf("write user %d: %w", n+1, err)
		}
		n++
	}
	if err := w.Flush(); err != nil {
		return n, fmt.Errorf("write output: %w", err)
	}
	return n, nil
}
