// Command pages is a server-rendered web application behind Clerk: the
// page at / shows the signed-in user's ID or says "Signed out", and
// /api/me answers {"user_id": …} or 401. Both routes take any method.
// The SDK's Verifier.Middleware handles Clerk's handshake: a browser whose
// session token has expired is redirected once through the Frontend API
// and comes back signed in, without any handshake code here.
//
//	CLERK_SECRET_KEY=sk_test_… CLERK_PUBLISHABLE_KEY=pk_test_… go run ./examples/pages
//
// Environment, as Clerk's SDKs name it: CLERK_SECRET_KEY and
// CLERK_PUBLISHABLE_KEY (required), CLERK_API_URL (the Backend API, with or
// without /v1), CLERK_JWT_KEY (PEM public key: no key fetching),
// CLERK_AUTHORIZED_PARTIES (comma-separated origins), CLERK_PROXY_URL,
// CLERK_DOMAIN, CLERK_IS_SATELLITE, CLERK_SIGN_IN_URL, and ADDR (listen
// address, default 127.0.0.1:3000). Keys are never printed.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/gobapi/clerk/examples/pages/site"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Stdout, os.Getenv)
	stop()
	os.Exit(code)
}

// run serves until ctx ends, then shuts down gracefully. It prints the
// address it listens on (a test reads the port of "127.0.0.1:0" from it)
// and returns the exit status.
func run(ctx context.Context, stdout io.Writer, getenv func(string) string) int {
	cfg, err := site.FromEnv(getenv)
	if err != nil {
		fmt.Fprintf(stdout, "pages: %v\n", err)
		return 2
	}
	h, err := site.New(cfg)
	if err != nil {
		fmt.Fprintf(stdout, "pages: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		fmt.Fprintf(stdout, "pages: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "pages: listening on http://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintf(stdout, "pages: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		_ = srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stdout, "pages: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "pages: stopped")
	return 0
}
