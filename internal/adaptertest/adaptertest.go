// Package adaptertest runs the handshake-flow cross-check's requests
// (testdata/matrix.json, written by the root package's
// TestAdapterMatrixFile) through a framework adapter and through the root
// net/http middleware, and reports what each answered, so the adapters'
// tests can prove they decide as the root package does.
package adaptertest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk"
)

//go:embed testdata/matrix.json
var matrixJSON []byte

// Matrix is the file's content: the requests, the public key their tokens
// verify with, and what the loopback Backend API answers.
type Matrix struct {
	PublicKeyPEM string              `json:"publicKeyPEM"`
	Nonces       map[string][]string `json:"nonces"`
	Refresh      []string            `json:"refresh"`
	Cases        []Case              `json:"cases"`
}

// Case is one request and the instance it is for.
type Case struct {
	Name      string            `json:"name"`
	PK        string            `json:"pk"`
	Satellite bool              `json:"satellite"`
	Domain    string            `json:"domain"`
	SignIn    string            `json:"signIn"`
	Proxy     string            `json:"proxy"`
	Target    string            `json:"target"`
	Method    string            `json:"method"`
	Headers   map[string]string `json:"headers"`
	Cookies   string            `json:"cookies"`
	NowSec    int64             `json:"nowSec"`
	Parties   []string          `json:"parties"`
}

// Load decodes the matrix.
func Load(t testing.TB) *Matrix {
	t.Helper()
	var m Matrix
	if err := json.Unmarshal(matrixJSON, &m); err != nil {
		t.Fatalf("adaptertest: matrix.json: %v", err)
	}
	return &m
}

// BAPI starts the loopback Backend API of the matrix (handshake payloads
// by nonce, session refresh) and returns its URL; it closes with t.
func (m *Matrix) BAPI(t testing.TB) string {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk_"):
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"errors":[{"code":"authentication_invalid","message":"no key"}]}`))
		case r.Method == http.MethodGet && r.URL.Path == "/v1/clients/handshake_payload":
			d, ok := m.Nonces[r.URL.Query().Get("nonce")]
			if !ok {
				w.WriteHeader(http.StatusNotFound)
				_, _ = w.Write([]byte(`{"errors":[{"code":"resource_not_found","message":"not found"}]}`))
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"directives": d})
		case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/sessions/") && strings.HasSuffix(r.URL.Path, "/refresh"):
			_ = json.NewEncoder(w).Encode(map[string]any{"object": "cookies", "cookies": m.Refresh})
		default:
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errors":[{"code":"resource_not_found","message":"not found"}]}`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// Verifier builds the case's instance, its Backend API at bapiURL, with
// the token cache off as in the cross-check.
func (m *Matrix) Verifier(t testing.TB, c *Case, bapiURL string, opts ...clerk.VerifierOption) *clerk.Verifier {
	t.Helper()
	key := "sk_live_" + strings.Repeat("x", 40)
	if strings.HasPrefix(c.PK, "pk_test_") {
		key = "sk_test_" + strings.Repeat("x", 40)
	}
	cl, err := clerk.NewClient(key, clerk.WithBaseURL(bapiURL), clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(c.NowSec, 0)
	all := []clerk.VerifierOption{clerk.WithJWTKey(m.PublicKeyPEM), clerk.WithPublishableKey(c.PK), clerk.WithClient(cl),
		clerk.WithClock(func() time.Time { return now }), clerk.WithTokenCacheSize(0)}
	if c.Parties != nil {
		all = append(all, clerk.WithAuthorizedParties(c.Parties...))
	}
	if c.Satellite {
		all = append(all, clerk.WithSatellite(true), clerk.WithDomain(c.Domain))
	}
	if c.SignIn != "" {
		all = append(all, clerk.WithSignInURL(c.SignIn))
	}
	if c.Proxy != "" {
		all = append(all, clerk.WithProxyURL(c.Proxy))
	}
	v, err := clerk.NewVerifier(append(all, opts...)...)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	return v
}

// Request is the case's request.
func (c *Case) Request() *http.Request {
	r := httptest.NewRequest(c.Method, c.Target, nil)
	for k, v := range c.Headers {
		r.Header.Set(k, v)
	}
	if c.Cookies != "" {
		r.Header.Set("Cookie", c.Cookies)
	}
	return r
}

// Outcome is what a client received and what the handler saw.
type Outcome struct {
	Code   int
	Header http.Header
	Body   string
}

// Record serves r with h and returns the outcome.
func Record(h http.Handler, r *http.Request) Outcome {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return Outcome{Code: w.Code, Header: w.Header(), Body: w.Body.String()}
}

// Saw is what a handler writes about its request: the session's user, the
// machine's subject, or the state's reason, so that outcomes compare.
func Saw(s *clerk.SessionClaims, m *clerk.MachineClaims, st *clerk.RequestState) string {
	switch {
	case s != nil:
		return "session " + s.UserID + " " + s.SessionID
	case m != nil:
		return "machine " + m.Subject
	case st != nil:
		return "state " + string(st.Status) + " " + st.Reason
	}
	return "nothing"
}

// WriteSaw is the next handler's answer: Saw as text/plain, so that
// frameworks that send the status before the body compare alike.
func WriteSaw(w http.ResponseWriter, s *clerk.SessionClaims, m *clerk.MachineClaims, st *clerk.RequestState) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte(Saw(s, m, st)))
}

// RootNext is the root middleware's next handler: it writes Saw.
var RootNext = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	s, _ := clerk.SessionFromContext(r.Context())
	m, _ := clerk.MachineFromContext(r.Context())
	st, _ := clerk.RequestStateFromContext(r.Context())
	WriteSaw(w, s, m, st)
})

// Mode is one of the middleware the matrix runs through.
type Mode struct {
	Name string
	Gate clerk.GateMode
	Root func(v *clerk.Verifier, next http.Handler) http.Handler
}

// Modes are the optional, session-required and auth-required middleware.
var Modes = []Mode{
	{"optional", clerk.GateOptional, func(v *clerk.Verifier, h http.Handler) http.Handler { return v.Middleware(h) }},
	{"require-session", clerk.GateRequireSession, func(v *clerk.Verifier, h http.Handler) http.Handler { return v.RequireSession(h) }},
	{"require-auth", clerk.GateRequireAuth, func(v *clerk.Verifier, h http.Handler) http.Handler { return v.RequireAuth(h) }},
}

// Compare runs every case in every mode through the root middleware and
// through adapter (an http.Handler built on a framework for v and mode)
// and fails t where they answer differently. It returns the number of
// requests compared.
func Compare(t *testing.T, adapter func(v *clerk.Verifier, mode clerk.GateMode) http.Handler) int {
	t.Helper()
	m := Load(t)
	bapi := m.BAPI(t)
	n := 0
	for i := range m.Cases {
		c := &m.Cases[i]
		v := m.Verifier(t, c, bapi)
		for _, mode := range Modes {
			want := Record(mode.Root(v, RootNext), c.Request())
			got := Record(adapter(v, mode.Gate), c.Request())
			if d := diff(want, got); d != "" {
				t.Errorf("%s, %s: root middleware vs adapter: %s", c.Name, mode.Name, d)
			}
			n++
		}
	}
	return n
}

// diff describes how two outcomes differ (status, body, each header's
// values in order); "" when they do not.
func diff(root, ad Outcome) string {
	var d []string
	if root.Code != ad.Code {
		d = append(d, fmt.Sprintf("status %d vs %d", root.Code, ad.Code))
	}
	if root.Body != ad.Body {
		d = append(d, fmt.Sprintf("body %.80q vs %.80q", root.Body, ad.Body))
	}
	for _, k := range headerNames(root.Header, ad.Header) {
		if !slices.Equal(root.Header[k], ad.Header[k]) {
			d = append(d, fmt.Sprintf("%s %.120q vs %.120q", k, root.Header[k], ad.Header[k]))
		}
	}
	return strings.Join(d, "; ")
}

func headerNames(a, b http.Header) []string {
	var ks []string
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}
