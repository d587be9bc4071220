package clerktest

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk"
)

// Server is a fake Clerk Backend API listening on a loopback address. It
// keeps its state in memory and is safe for concurrent use. Build it with
// [NewServer] in tests or [Start] elsewhere.
type Server struct {
	// URL is the base URL of the API, ending in "/v1"; pass it to
	// clerk.WithBaseURL.
	URL string
	// SecretKey is the random sk_test_ key (sk_live_ with
	// WithProductionInstance) that requests must carry as
	// "Authorization: Bearer <SecretKey>".
	SecretKey string
	// PublishableKey is a valid pk_test_ (or pk_live_) key for the fake Frontend API host
	// FrontendAPI.
	PublishableKey string
	// FrontendAPI is the fake Frontend API host the publishable key encodes,
	// such as "clerktest-abcd1234.clerk.accounts.dev". Nothing listens there.
	FrontendAPI string
	// Issuer is the `iss` of the tokens the server mints: "https://" and
	// FrontendAPI, what clerk.IssuerFromPublishableKey derives from
	// PublishableKey.
	Issuer string
	// MachineID is the machine ("mch_…") whose M2M tokens POST /m2m_tokens
	// issues. Clerk authenticates that call with the machine's own secret
	// key; the fake takes SecretKey for it.
	MachineID string

	hs       *httptest.Server
	mux      *http.ServeMux        // the generated routes
	patterns map[string]string     // mux pattern -> operation ID
	ops      map[string]*operation // the implemented operations, by Go name
	notImpl  map[string]bool       // the spec's other operations, answered 501
	now      func() time.Time
	scale    float64

	keys   keyring
	faults faultSet
	reqLog requestLog
	fapi   fapi // the fake Frontend API (fapi.go)

	mu sync.Mutex // guards db
	db store
}

// Option configures a [Server] at construction.
type Option func(*config) error

type config struct {
	now         func() time.Time
	frontendAPI string
	live        bool // WithProductionInstance (fapi.go)
	scale       float64
	limits      []rateLimitSpec
	standalone  standaloneConfig // standalone.go
}

type rateLimitSpec struct {
	route string
	n     int
	per   time.Duration
}

// WithClock sets the clock the server uses for timestamps, token times,
// invitation expiry and rate-limit windows. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) error {
		if now == nil {
			return errors.New("clerktest: WithClock: clock must not be nil")
		}
		c.now = now
		return nil
	}
}

// WithFrontendAPI sets the fake Frontend API host that PublishableKey
// encodes and tokens name as issuer, such as "clerk.example.com". The
// default is a random "clerktest-….clerk.accounts.dev".
func WithFrontendAPI(host string) Option {
	return func(c *config) error {
		if host == "" || strings.ContainsAny(host, "/$:@ ") || !strings.Contains(host, ".") {
			return fmt.Errorf("clerktest: WithFrontendAPI: %q is not a host name with a dot", host)
		}
		c.frontendAPI = host
		return nil
	}
}

// WithTimeScale scales the durations of rate-limit windows and injected
// latency: a window of 10 s with scale 0.01 lasts 100 ms of wall time. The
// Retry-After header of a 429 still counts in unscaled ("Clerk") seconds;
// the Clerktest-Retry-After-Ms header gives the wall-clock wait. The
// default scale is 1.
func WithTimeScale(scale float64) Option {
	return func(c *config) error {
		if !(scale > 0) || scale > 1e6 {
			return fmt.Errorf("clerktest: WithTimeScale: scale %v must be positive", scale)
		}
		c.scale = scale
		return nil
	}
}

// WithRateLimit is [Server.SetRateLimit] as an option.
func WithRateLimit(route string, n int, per time.Duration) Option {
	return func(c *config) error {
		if err := checkRateLimit(route, n, per); err != nil {
			return err
		}
		c.limits = append(c.limits, rateLimitSpec{route, n, per})
		return nil
	}
}

// NewServer starts a Server for the test t and closes it when the test and
// its subtests end. It calls t.Fatal if the server cannot start.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a Server outside a test. Call Close when done.
func Start(opts ...Option) (*Server, error) {
	cfg := config{now: time.Now, scale: 1}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.frontendAPI == "" {
		cfg.frontendAPI = "clerktest-" + strings.ToLower(randomString(10)) + ".clerk.accounts.dev"
	}
	env := "test"
	if cfg.live {
		env = "live"
	}
	s := &Server{
		SecretKey:      "sk_" + env + "_" + randomString(40),
		FrontendAPI:    cfg.frontendAPI,
		PublishableKey: "pk_" + env + "_" + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(cfg.frontendAPI+"$")), "="),
		Issuer:         "https://" + cfg.frontendAPI,
		MachineID:      newID("mch"),
		now:            cfg.now,
		scale:          cfg.scale,
		ops:            operations(),
		patterns:       map[string]string{},
		notImpl:        map[string]bool{},
		mux:            http.NewServeMux(),
		db:             newStore(),
	}
	if err := s.keys.rotate(); err != nil {
		return nil, err
	}
	for _, l := range cfg.limits {
		s.faults.setRateLimit(l.route, l.n, l.per)
	}
	if err := s.routeOperations(&api{s: s}); err != nil {
		return nil, err
	}
	if err := cfg.standalone.prepare(s); err != nil {
		return nil, err
	}
	hs, err := cfg.standalone.httpServer(http.HandlerFunc(s.serveHTTP))
	if err != nil {
		return nil, err
	}
	s.hs = hs
	s.URL = s.hs.URL + "/v1"
	if err := s.startFAPI(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Close shuts the server down, closing any connection it holds.
func (s *Server) Close() {
	s.closeFAPI()
	s.hs.CloseClientConnections()
	s.hs.Close()
}

// Client returns a clerk.Client for this server: its SecretKey, URL and
// HTTP client, then opts (which may override them).
func (s *Server) Client(opts ...clerk.Option) (*clerk.Client, error) {
	all := append([]clerk.Option{clerk.WithBaseURL(s.URL), clerk.WithHTTPClient(s.hs.Client())}, opts...)
	c, err := clerk.NewClient(s.SecretKey, all...)
	if err != nil {
		return nil, fmt.Errorf("clerktest: build client: %w", err)
	}
	return c, nil
}

// HTTPClient returns an *http.Client that reaches the server.
func (s *Server) HTTPClient() *http.Client { return s.hs.Client() }

// specRoute is one operation of the spec (routes.gen.go): its method, its
// path below /v1 with {param} wildcards, its Go name and its operationId.
type specRoute struct{ method, path, name, id string }

// serveHTTP is the front of every request: trace ID, routing, auth, rate
// limits and faults, validation, then the operation's handler
// (dispatch.go); and the log.
func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if s.serveImage(w, r) { // images.go
		return
	}
	tid := "clerktest_" + randomString(24)
	r = r.WithContext(context.WithValue(r.Context(), traceKey{}, tid))
	w.Header().Set("Clerk-Trace-Id", tid)
	rec := &statusWriter{ResponseWriter: w}
	entry := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.Query(), Time: s.now()}
	logged := false
	logEntry := func() {
		if !logged {
			logged = true
			entry.Status = rec.status
			s.reqLog.add(entry)
		}
	}
	// A dropped connection is logged before it is closed, so a client that
	// sees the failure finds the request in the log.
	beforeDrop := func() {
		entry.Dropped = true
		logEntry()
	}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			// A bug in the fake answers 500 instead of killing the
			// connection, so the test that hit it fails readably.
			writeError(rec, r, fmt.Errorf("clerktest bug: %v", p))
		}
		logEntry()
	}()

	_, pattern := s.mux.Handler(r)
	opID := s.patterns[pattern]
	entry.Operation = opID
	if opID != "GetPublicInterstitial" {
		if e := s.authenticate(r); e != nil {
			writeError(rec, r, e)
			return
		}
	}
	if r.URL.Path == "/v1/clients/handshake_payload" { // not described by the spec (GetClient's pattern matches it)
		entry.Operation = "GetHandshakePayload"
		s.serveHandshakePayload(rec, r)
		return
	}
	if opID == "" {
		writeError(rec, r, errUnknownRoute())
		return
	}
	if done := s.applyFaults(rec, r, opID, beforeDrop); done {
		return
	}
	if s.notImpl[opID] {
		writeError(rec, r, errNotImplemented(opID))
		return
	}
	r, e := versioned(r, opID)
	if e != nil {
		writeError(rec, r, e)
		return
	}
	op := s.ops[opID]
	if e := validateQuery(op, r.URL.Query()); e != nil {
		writeError(rec, r, e)
		return
	}
	if e := readBody(op, r); e != nil {
		writeError(rec, r, e)
		return
	}
	s.mux.ServeHTTP(rec, r)
}

// authenticate checks the bearer secret key the way Clerk answers a missing
// or wrong one.
func (s *Server) authenticate(r *http.Request) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return newAPIError(http.StatusUnauthorized, "authentication_invalid", "Invalid authentication",
			"Unable to authenticate the request, you need to supply an active API key", nil)
	}
	if h != "Bearer "+s.SecretKey {
		return newAPIError(http.StatusUnauthorized, "clerk_key_invalid", "The provided Clerk Secret Key is invalid.",
			"The provided Clerk Secret Key is invalid. Make sure that your Clerk Secret Key is correct.", nil)
	}
	return nil
}

// statusWriter records the status of a response for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Request is one request the server received, as [Server.Requests] reports
// it.
type Request struct {
	// Method and Path are the request's method and URL path (with /v1).
	Method, Path string
	// Query is the parsed query string.
	Query url.Values
	// Operation is the spec's operation ID, such as "GetUser"; empty for a
	// route the spec does not describe.
	Operation string
	// Status is the response status; 0 when the connection was dropped
	// before any response.
	Status int
	// Dropped is true when an injected fault cut the connection (before
	// any response, or after the headers: then Status is the status the
	// headers carried, though the client never got a whole response).
	Dropped bool
	// Time is when the request arrived, by the server's clock.
	Time time.Time
}

type requestLog struct {
	mu   sync.Mutex
	reqs []Request
}

func (l *requestLog) add(r Request) {
	l.mu.Lock()
	l.reqs = append(l.reqs, r)
	l.mu.Unlock()
}

// Requests returns a copy of the requests received so far, in arrival
// order of their completion.
func (s *Server) Requests() []Request {
	s.reqLog.mu.Lock()
	defer s.reqLog.mu.Unlock()
	out := make([]Request, len(s.reqLog.reqs))
	copy(out, s.reqLog.reqs)
	return out
}

// ResetRequests forgets the requests received so far.
func (s *Server) ResetRequests() {
	s.reqLog.mu.Lock()
	s.reqLog.reqs = nil
	s.reqLog.mu.Unlock()
}

// Operations returns the operation IDs of the spec that the server
// implements; every other operation answers 501 clerktest_not_implemented.
func (s *Server) Operations() []string {
	return implementedOperations()
}

// api implements bapiserver.StrictServerInterface over the server's store.
type api struct {
	s *Server
}
