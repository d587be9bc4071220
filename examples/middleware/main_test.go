package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
)

// lineWriter hands the first line written to it to a channel: the
// address run listens on.
type lineWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	addr chan string
	once sync.Once
}

var listening = regexp.MustCompile(`listening on (http://\S+)\n`)

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := listening.FindStringSubmatch(w.buf.String()); m != nil {
		w.once.Do(func() { w.addr <- m[1] })
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// start runs the server against srv until the test ends, and returns its
// base URL.
func start(t *testing.T, srv *clerktest.Server) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{addr: make(chan string, 1)}
	code := make(chan int, 1)
	env := map[string]string{
		"CLERK_SECRET_KEY":      srv.SecretKey,
		"CLERK_PUBLISHABLE_KEY": srv.PublishableKey,
		"CLERK_API_URL":         srv.URL,
	}
	go func() { code <- run(ctx, "127.0.0.1:0", out, func(k string) string { return env[k] }) }()
	t.Cleanup(func() {
		cancel()
		if c := <-code; c != 0 {
			t.Errorf("exit %d; output:\n%s", c, out)
		}
		if strings.Contains(out.String(), srv.SecretKey) {
			t.Error("output contains the secret key")
		}
	})
	select {
	case u := <-out.addr:
		return u
	case c := <-code:
		t.Fatalf("exit %d before listening; output:\n%s", c, out)
	case <-time.After(10 * time.Second):
		t.Fatalf("not listening after 10s; output:\n%s", out)
	}
	return ""
}

func mint(t *testing.T, srv *clerktest.Server, opts ...clerktest.TokenOption) string {
	t.Helper()
	tok, err := srv.MintSessionToken("user_alice", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestAPI(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	base := start(t, srv)

	org := func(role string, perms ...string) clerktest.TokenOption {
		return clerktest.WithOrg(clerktest.TokenOrg{ID: "org_acme", Slug: "acme", Role: role, Permissions: perms})
	}
	var (
		admin      = mint(t, srv, org("org:admin", "org:invoices:read"))
		accountant = mint(t, srv, org("org:member", "org:invoices:read"))
		member     = mint(t, srv, org("org:member"))
		noOrg      = mint(t, srv)
		pending    = mint(t, srv, clerktest.WithPendingStatus())
		expired    = mint(t, srv, clerktest.WithIssuedAt(time.Now().Add(-time.Hour)))
	)
	for _, tc := range []struct {
		name, path, token string
		status            int
		body              string
	}{
		{"me without token", "/api/me", "", 401, ""},
		{"me with garbage", "/api/me", "not.a.token", 401, ""},
		{"me expired", "/api/me", expired, 401, ""},
		{"me pending", "/api/me", pending, 401, ""},
		{"me", "/api/me", member, 200, `"user_id":"user_alice"`},
		{"members as admin", "/api/members", admin, 200, `"org_id":"org_acme"`},
		{"members as member", "/api/members", member, 403, `"forbidden"`},
		{"members without org", "/api/members", noOrg, 403, ""},
		{"members without token", "/api/members", "", 401, ""},
		{"invoices with permission", "/api/invoices", accountant, 200, `"invoices":[]`},
		{"invoices as admin", "/api/invoices", admin, 200, ""},
		{"invoices without permission", "/api/invoices", member, 403, ""},
		{"invoices without org", "/api/invoices", noOrg, 403, ""},
		{"hello guest", "/api/hello", "", 200, `"hello":"guest"`},
		{"hello user", "/api/hello", member, 200, `"hello":"user_alice"`},
		{"hello expired is a guest", "/api/hello", expired, 200, `"hello":"guest"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+tc.path, nil)
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			status, body, _ := do(t, req)
			if status != tc.status || !strings.Contains(body, tc.body) {
				t.Errorf("%d %q, want %d containing %q", status, body, tc.status, tc.body)
			}
		})
	}
}

func TestPage(t *testing.T) {
	t.Parallel()
	const firstVisit = "first visit: dev-browser handshake"
	srv := clerktest.NewServer(t)
	base := start(t, srv)
	now := time.Now()
	uat := fmt.Sprint(now.Add(-time.Minute).Unix()) // signed in a minute ago
	valid := mint(t, srv, clerktest.WithOrg(clerktest.TokenOrg{ID: "org_acme", Slug: "acme", Role: "org:admin"}))
	expired := mint(t, srv, clerktest.WithIssuedAt(now.Add(-time.Hour)))

	for _, tc := range []struct {
		name     string
		cookies  map[string]string
		document bool
		status   int
		body     string
		location string
	}{
		{"no cookies", nil, true, 200, "Signed out (session-token-and-uat-missing)", ""},
		{"signed in", map[string]string{"__session": valid, "__client_uat": uat}, true, 200, "Signed in as user_alice (org:admin of acme).", ""},
		{"expired token: handshake", map[string]string{"__session": expired, "__client_uat": fmt.Sprint(now.Add(-2 * time.Hour).Unix())}, true, 307, "",
			"https://" + srv.FrontendAPI + "/v1/client/handshake?"},
		{"signed in elsewhere: handshake", map[string]string{"__client_uat": uat}, true, 307, "",
			"https://" + srv.FrontendAPI + "/v1/client/handshake?"},
		{"expired token, not a navigation", map[string]string{"__session": expired, "__client_uat": fmt.Sprint(now.Add(-2 * time.Hour).Unix())}, false, 200, "Signed out (session-token-expired", ""},
		{"signed out in the browser", map[string]string{"__client_uat": "0"}, true, 200, "Signed out", ""},
		{firstVisit, nil, true, 307, "", "https://" + srv.FrontendAPI + "/v1/client/handshake?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/", nil)
			for k, v := range tc.cookies {
				req.AddCookie(&http.Cookie{Name: k, Value: v})
			}
			// A development instance's browser holds its dev-browser token
			// after its first visit, which gets one through a handshake.
			if tc.name != firstVisit {
				req.AddCookie(&http.Cookie{Name: "__clerk_db_jwt", Value: "dvb_test"})
			}
			if tc.document {
				req.Header.Set("Sec-Fetch-Dest", "document")
				req.Header.Set("Accept", "text/html")
			}
			status, body, loc := do(t, req)
			if status != tc.status || !strings.Contains(body, tc.body) || !strings.HasPrefix(loc, tc.location) {
				t.Errorf("%d %q Location %q; want %d containing %q, Location %q…", status, body, loc, tc.status, tc.body, tc.location)
			}
		})
	}
}

func TestMissingKey(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if code := run(t.Context(), "127.0.0.1:0", &out, func(string) string { return "" }); code != 1 || !strings.Contains(out.String(), "CLERK_SECRET_KEY is not set") {
		t.Errorf("exit %d, output %q", code, out.String())
	}
}

// do sends req without following redirects.
func do(t *testing.T, req *http.Request) (int, string, string) {
	t.Helper()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header.Get("Location")
}
