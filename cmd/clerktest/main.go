// Command clerktest runs the fake Clerk Backend API of package clerktest as
// a standalone server, so that a backend script, a service in another
// language or an end-to-end browser test can use it instead of a real
// instance:
//
//	go run github.com/gobapi/clerk/cmd/clerktest -addr 127.0.0.1:8787 -seed seed.json -state state.json
//
// It prints the secret key, publishable key, API URL and JWKS URL as
// shell assignments (CLERK_SECRET_KEY=…) on standard output, then serves
// until SIGINT or SIGTERM. With -state, the state is restored from the file
// when it exists (the seed then does not apply), saved every -save-every
// and on shutdown. The keys are test keys of the fake, never of a real
// instance; the state file holds them, so it is written with mode 0600.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/gobapi/clerk/clerktest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "clerktest:", err)
		os.Exit(1)
	}
}

// run parses args, starts the server, prints its keys and URLs to out and
// serves until ctx ends; log gets the progress lines.
func run(ctx context.Context, args []string, out, log io.Writer) error {
	fl := flag.NewFlagSet("clerktest", flag.ContinueOnError)
	fl.SetOutput(log)
	addr := fl.String("addr", "127.0.0.1:8787", "`address` to listen on (host:port; port 0 picks a free one)")
	seedFile := fl.String("seed", "", "JSON `file` of users and organizations to create on a fresh start")
	stateFile := fl.String("state", "", "JSON `file` the state is restored from and saved to")
	every := fl.Duration("save-every", 10*time.Second, "how often to save the state with -state (0: only on shutdown)")
	frontend := fl.String("frontend-api", "", "fake Frontend API `host` the publishable key encodes (default random)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	opts := []clerktest.Option{clerktest.WithListenAddress(*addr)}
	if *frontend != "" {
		opts = append(opts, clerktest.WithFrontendAPI(*frontend))
	}
	restored := false
	if *stateFile != "" {
		doc, err := os.ReadFile(*stateFile)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("read state: %w", err)
		default:
			opts = append(opts, clerktest.WithState(doc))
			restored = true
		}
	}
	if *seedFile != "" {
		doc, err := os.ReadFile(*seedFile)
		if err != nil {
			return fmt.Errorf("read seed: %w", err)
		}
		seed, err := clerktest.ParseSeed(doc)
		if err != nil {
			return err
		}
		opts = append(opts, clerktest.WithSeed(seed))
	}
	s, err := clerktest.Start(opts...)
	if err != nil {
		return err
	}
	defer s.Close()
	switch {
	case restored:
		fmt.Fprintf(log, "clerktest: restored the state of %s\n", *stateFile)
	case *seedFile != "":
		fmt.Fprintf(log, "clerktest: seeded from %s\n", *seedFile)
	}
	fmt.Fprintf(out, "CLERK_SECRET_KEY=%s\nCLERK_PUBLISHABLE_KEY=%s\nCLERK_API_URL=%s\nCLERK_JWKS_URL=%s\n",
		s.SecretKey, s.PublishableKey, strings.TrimSuffix(s.URL, "/v1"), s.JWKSURL())
	if f, ok := out.(*os.File); ok {
		_ = f.Sync()
	}
	fmt.Fprintf(log, "clerktest: serving the Backend API at %s until SIGINT or SIGTERM\n", s.URL)

	var tick <-chan time.Time
	if *stateFile != "" && *every > 0 {
		t := time.NewTicker(*every)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case <-tick:
			if err := save(s, *stateFile); err != nil {
				fmt.Fprintln(log, "clerktest:", err)
			}
		case <-ctx.Done():
			fmt.Fprintln(log, "clerktest: shutting down")
			if *stateFile == "" {
				return nil
			}
			if err := save(s, *stateFile); err != nil {
				return err
			}
			fmt.Fprintf(log, "clerktest: saved the state to %s\n", *stateFile)
			return nil
		}
	}
}

// save writes the server's snapshot to path atomically (a temporary file
// renamed over it), readable by the owner only.
func save(s *clerktest.Server, path string) error {
	doc, err := s.Snapshot()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".clerktest-state-*")
	if err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(doc); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("save state: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save state: %w", err)
	}
	return nil
}
