// Command middleware is a small API server that authenticates requests
// with Clerk session tokens:
//
//	GET /api/me        RequireSession: 401 without a valid session token,
//	                   else who is signed in (JSON)
//	GET /api/members   RequireSession, and the role org:admin in the active
//	                   organization (SessionClaims.HasRole), else 403
//	GET /api/invoices  RequireSession, and the permission org:invoices:read
//	                   (SessionClaims.HasPermission), else 403
//	GET /api/hello     Middleware: a session is optional and greets by name
//	GET /              a server-rendered page for browsers, which reads the
//	                   __session cookie with AuthenticateRequest: signed in,
//	                   signed out, or sent through Clerk's handshake when
//	                   the cookie needs refreshing
//
// API clients send "Authorization: Bearer <token>" (a token from
// Clerk's frontend getToken()); browsers send Clerk's cookies.
//
//	CLERK_SECRET_KEY=sk_test_… CLERK_PUBLISHABLE_KEY=pk_test_… go run ./examples/middleware -addr localhost:8080
//
// Environment: CLERK_SECRET_KEY (required; signing keys are fetched from
// the instance's JWKS with it and cached), CLERK_PUBLISHABLE_KEY (for the
// handshake redirect and suffixed cookies), CLERK_AUTHORIZED_PARTIES
// (comma-separated origins such as https://app.example.com; set it in
// production, it protects against CSRF), CLERK_API_URL (another Backend API
// URL, such as clerktest's). The secret key is never printed.
//
// Flags:
//
//	-addr host:port  where to listen (default localhost:8080)
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/gobapi/clerk"
)

func main() {
	fs := flag.NewFlagSet("middleware", flag.ExitOnError)
	addr := fs.String("addr", "localhost:8080", "where to listen")
	_ = fs.Parse(os.Args[1:]) // ExitOnError: exits on a bad flag
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, *addr, os.Stdout, os.Getenv)
	stop()
	os.Exit(code)
}

// run serves on addr until ctx ends, then shuts down gracefully. It
// prints the address it listens on, which tells a test the port of
// "127.0.0.1:0". It returns the exit status.
func run(ctx context.Context, addr string, stdout io.Writer, getenv func(string) string) int {
	h, err := newHandler(getenv)
	if err != nil {
		fmt.Fprintf(stdout, "middleware: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(stdout, "middleware: %v\n", err)
		return 1
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stdout, "middleware: listening on http://%s\n", ln.Addr())
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		fmt.Fprintf(stdout, "middleware: %v\n", err)
		return 1
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		// Connections still open after the grace period (a client that
		// opened one and never sent a request, say) are cut.
		fmt.Fprintf(stdout, "middleware: graceful shutdown incomplete (%v); closing the remaining connections\n", err)
		_ = srv.Close()
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stdout, "middleware: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, "middleware: stopped")
	return 0
}

// newHandler builds the client, the verifier and the routes.
func newHandler(getenv func(string) string) (http.Handler, error) {
	key := getenv("CLERK_SECRET_KEY")
	if key == "" {
		return nil, errors.New("CLERK_SECRET_KEY is not set")
	}
	var opts []clerk.Option
	if u := getenv("CLERK_API_URL"); u != "" {
		opts = append(opts, clerk.WithBaseURL(u))
	}
	c, err := clerk.NewClient(key, opts...)
	if err != nil {
		return nil, err // a *clerk.ConfigError, which never contains the key
	}
	vopts := []clerk.VerifierOption{clerk.WithJWKSFromClient(c)}
	if pk := getenv("CLERK_PUBLISHABLE_KEY"); pk != "" {
		iss, err := clerk.IssuerFromPublishableKey(pk)
		if err != nil {
			return nil, fmt.Errorf("CLERK_PUBLISHABLE_KEY: %w", err)
		}
		vopts = append(vopts, clerk.WithPublishableKey(pk), clerk.WithIssuer(iss))
	}
	if parties := getenv("CLERK_AUTHORIZED_PARTIES"); parties != "" {
		vopts = append(vopts, clerk.WithAuthorizedParties(strings.Split(parties, ",")...))
	}
	v, err := clerk.NewVerifier(vopts...)
	if err != nil {
		return nil, fmt.Errorf("build verifier: %w", err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /api/me", v.RequireSession(http.HandlerFunc(me)))
	mux.Handle("GET /api/members", v.RequireSession(require(func(c *clerk.SessionClaims) bool {
		return c.HasRole("org:admin")
	}, members)))
	mux.Handle("GET /api/invoices", v.RequireSession(require(func(c *clerk.SessionClaims) bool {
		return c.HasPermission("org:invoices:read")
	}, invoices)))
	mux.Handle("GET /api/hello", v.Middleware(http.HandlerFunc(hello)))
	mux.Handle("GET /{$}", page(v))
	return mux, nil
}

// require answers 403 unless the session passes check. It goes inside
// RequireSession, which has answered 401 to requests without a session.
func require(check func(*clerk.SessionClaims) bool, next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, ok := clerk.SessionFromContext(r.Context())
		if !ok || !check(claims) {
			writeJSON(w, http.StatusForbidden, map[string]string{"error": "forbidden"})
			return
		}
		next(w, r)
	})
}

func me(w http.ResponseWriter, r *http.Request) {
	c, _ := clerk.SessionFromContext(r.Context())
	writeJSON(w, http.StatusOK, map[string]string{
		"user_id": c.UserID, "session_id": c.SessionID, "org_id": c.Org.ID, "org_role": c.Org.Role,
	})
}

func members(w http.ResponseWriter, r *http.Request) {
	c, _ := clerk.SessionFromContext(r.Context())
	writeJSON(w, http.StatusOK, map[string]string{"org_id": c.Org.ID, "members": "only admins see this"})
}

func invoices(w http.ResponseWriter, r *http.Request) {
	c, _ := clerk.SessionFromContext(r.Context())
	writeJSON(w, http.StatusOK, map[string]any{"org_id": c.Org.ID, "invoices": []string{}})
}

func hello(w http.ResponseWriter, r *http.Request) {
	name := "guest"
	if c, ok := clerk.SessionFromContext(r.Context()); ok {
		name = c.UserID
	}
	writeJSON(w, http.StatusOK, map[string]string{"hello": name})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client hung up; nothing to do
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<title>Clerk middleware example</title>
{{if .SignedIn}}<p>Signed in as {{.UserID}}{{if .OrgRole}} ({{.OrgRole}} of {{.OrgSlug}}){{end}}.</p>
{{else}}<p>Signed out ({{.Reason}}). <a href="/sign-in">Sign in</a></p>
{{end}}`))

// page renders for browsers. Middleware does Clerk's handshake: when the
// __session and __client_uat cookies are stale (an expired token, a sign-in
// in another tab) a browser navigation is redirected through it before
// this handler runs, and comes back signed in with fresh cookies.
func page(v *clerk.Verifier) http.Handler {
	return v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Vary", "Cookie, Authorization")
		data := map[string]any{}
		if c, ok := clerk.SessionFromContext(r.Context()); ok {
			data["SignedIn"] = true
			data["UserID"] = c.UserID
			data["OrgRole"] = c.Org.Role
			data["OrgSlug"] = c.Org.Slug
		} else if st, ok := clerk.RequestStateFromContext(r.Context()); ok {
			data["Reason"] = st.Reason
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_ = pageTmpl.Execute(w, data) // the client hung up; nothing to do
	}))
}
