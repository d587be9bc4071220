package clerk_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

const machineUser = "user_2abcdefghijklmnopqrstuvwxyz"

// machineEnv is a clerktest server, a client for it and a verifier clock.
type machineEnv struct {
	srv   *clerktest.Server
	c     *clerk.Client
	clock atomic.Int64 // verifier time, Unix milliseconds
}

func newMachineEnv(t *testing.T) *machineEnv {
	t.Helper()
	e := &machineEnv{srv: clerktest.NewServer(t)}
	c, err := e.srv.Client(clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	e.c = c
	e.clock.Store(time.Now().UnixMilli())
	return e
}

func (e *machineEnv) verifier(t *testing.T, opts ...clerk.VerifierOption) *clerk.Verifier {
	t.Helper()
	all := append([]clerk.VerifierOption{clerk.WithJWKSFromClient(e.c),
		clerk.WithClock(func() time.Time { return time.UnixMilli(e.clock.Load()) })}, opts...)
	v, err := clerk.NewVerifier(all...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// calls counts the requests the server received for operation op.
func (e *machineEnv) calls(op string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Operation == op {
			n++
		}
	}
	return n
}

func (e *machineEnv) apiKey(t *testing.T, ttl float64) *gen.CreatedAPIKey {
	t.Helper()
	body := gen.CreateAPIKeyJSONRequestBody{Name: "ci", Subject: machineUser, Scopes: []string{"read", "write"},
		Claims: map[string]any{"team": "blue"}}
	if ttl > 0 {
		body.SecondsUntilExpiration = &ttl
	}
	r, err := bapi.New(e.c).CreateAPIKeyWithResponse(context.Background(), body)
	if err != nil || r.JSON200 == nil {
		t.Fatalf("create API key: %v", err)
	}
	return r.JSON200
}

func (e *machineEnv) m2m(t *testing.T, format string) *gen.CreatedM2MToken {
	t.Helper()
	f := gen.CreateM2MTokenJSONBodyTokenFormat(format)
	r, err := bapi.New(e.c).CreateM2MTokenWithResponse(context.Background(), gen.CreateM2MTokenJSONRequestBody{TokenFormat: &f,
		Claims: map[string]any{"env": "ci"}})
	if err != nil || r.JSON201 == nil {
		t.Fatalf("create M2M token: %v", err)
	}
	return r.JSON201
}

func bearer(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/api", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

func checkNoLeak(t *testing.T, err error, tok string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), tok) {
		t.Errorf("error %q contains the token", err)
	}
}

func TestMachineTokenTypeMismatch(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	key := e.apiKey(t, 0)
	m2m := e.m2m(t, "opaque")
	m2mJWT := e.m2m(t, "jwt")
	session := e.verifier(t) // default: session tokens only
	apiOnly := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	tok, err := e.srv.MintSessionToken(machineUser)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.ResetRequests()
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		v    *clerk.Verifier
		tok  string
	}{
		{"API key on a session route", session, key.Secret},
		{"opaque M2M on a session route", session, m2m.Token},
		{"JWT M2M on a session route", session, m2mJWT.Token},
		{"opaque M2M on an API-key route", apiOnly, m2m.Token},
		{"JWT M2M on an API-key route", apiOnly, m2mJWT.Token},
		{"session token on an API-key route", apiOnly, tok},
		{"OAuth token on an API-key route", apiOnly, "oat_abc"},
	} {
		st := tc.v.AuthenticateRequest(bearer(tc.tok))
		if st.Status != clerk.AuthSignedOut || st.Reason != "token-type-mismatch" || !errors.Is(st.Err, clerk.ErrTokenTypeMismatch) {
			t.Errorf("%s: state = %+v", tc.name, st)
		}
		checkNoLeak(t, st.Err, tc.tok)
		w := httptest.NewRecorder()
		tc.v.RequireAuth(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Errorf("%s reached the handler", tc.name) })).
			ServeHTTP(w, bearer(tc.tok))
		if w.Code != http.StatusUnauthorized {
			t.Errorf("%s: RequireAuth answered %d", tc.name, w.Code)
		}
	}
	// Verify and RequireSession refuse machine tokens even when accepted.
	if _, err := session.Verify(ctx, key.Secret); !errors.Is(err, clerk.ErrTokenTypeMismatch) || clerk.ReasonOf(err) != "token-type-mismatch" {
		t.Errorf("Verify(API key) = %v", err)
	}
	w := httptest.NewRecorder()
	apiOnly.RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("reached") })).ServeHTTP(w, bearer(key.Secret))
	if w.Code != http.StatusUnauthorized {
		t.Errorf("RequireSession with an API key: %d", w.Code)
	}
	if _, err := apiOnly.VerifyMachineToken(ctx, tok); !errors.Is(err, clerk.ErrTokenTypeMismatch) {
		t.Errorf("VerifyMachineToken(session token) = %v", err)
	}
	// None of that reached the Backend API.
	for _, op := range []string{"VerifyAPIKey", "VerifyM2MToken", "VerifyOAuthAccessToken"} {
		if n := e.calls(op); n != 0 {
			t.Errorf("%d %s calls", n, op)
		}
	}
	// An API-key-only route does not read cookies.
	r := httptest.NewRequest(http.MethodGet, "/api", nil)
	r.AddCookie(&http.Cookie{Name: "__session", Value: tok})
	r.AddCookie(&http.Cookie{Name: "__client_uat", Value: "1"})
	if st := apiOnly.AuthenticateRequest(r); st.Status != clerk.AuthSignedOut || st.Reason != "No token in header" {
		t.Errorf("cookie on an API-key route: %+v", st)
	}
}

func TestMachineTokenConfig(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	testPEM := func(*testing.T) string { return e.srv.JWTPublicKeyPEM() }
	_, err := clerk.NewVerifier(clerk.WithJWTKey(testPEM(t)), clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	if !errors.Is(err, clerk.ErrInvalidConfig) || !strings.Contains(err.Error(), "WithClient") {
		t.Errorf("API keys without a client: %v", err)
	}
	for _, o := range []clerk.VerifierOption{clerk.WithAcceptedTokens(), clerk.WithAcceptedTokens("jwt"), clerk.WithClient(nil),
		clerk.WithAudience(), clerk.WithAudience(""), clerk.WithMachineTokenCache(-1, time.Second), clerk.WithMachineTokenCache(1, 0),
		clerk.WithMachineTokenCache(1, time.Hour)} {
		if _, err := clerk.NewVerifier(clerk.WithJWTKey(testPEM(t)), o); !errors.Is(err, clerk.ErrInvalidConfig) {
			t.Errorf("bad option: %v", err)
		}
	}
	// WithClient alone is a key source too.
	if _, err := clerk.NewVerifier(clerk.WithClient(e.c), clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey)); err != nil {
		t.Errorf("WithClient alone: %v", err)
	}
}

func TestMachineAPIKey(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	v := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeSessionToken, clerk.TokenTypeAPIKey))
	key := e.apiKey(t, 3600)
	var got *clerk.MachineClaims
	h := v.RequireAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, _ = clerk.MachineFromContext(r.Context())
		if _, ok := clerk.SessionFromContext(r.Context()); ok {
			t.Error("session claims for an API key")
		}
	}))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, bearer(key.Secret))
	if w.Code != http.StatusOK || got == nil {
		t.Fatalf("RequireAuth: %d, %v", w.Code, got)
	}
	want := &clerk.MachineClaims{TokenType: clerk.TokenTypeAPIKey, ID: key.ID, Subject: machineUser, UserID: machineUser, Name: "ci",
		Scopes: []string{"read", "write"}, Claims: map[string]any{"team": "blue"}}
	exp := got.Expiration
	got.Expiration = time.Time{}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("claims (-want +got):\n%s", diff)
	}
	if d := time.Until(exp); d < 59*time.Minute || d > 61*time.Minute {
		t.Errorf("Expiration in %v, want about an hour (millisecond precision kept)", d)
	}
	// Cached: the second verification makes no BAPI call; callers get copies.
	got.Scopes[0] = "mutated"
	m, err := v.VerifyMachineToken(context.Background(), key.Secret)
	if err != nil || m.Scopes[0] != "read" {
		t.Fatalf("second verify: %v %+v", err, m)
	}
	if n := e.calls("VerifyAPIKey"); n != 1 {
		t.Errorf("%d VerifyAPIKey calls, want 1", n)
	}
	// Revocation shows once the entry expires (30 s by default).
	if _, err := bapi.New(e.c).RevokeAPIKeyWithResponse(context.Background(), key.ID, gen.RevokeAPIKeyJSONRequestBody{}); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyMachineToken(context.Background(), key.Secret); err != nil {
		t.Errorf("within the cache TTL a revoked key still verifies (documented): %v", err)
	}
	e.clock.Add(clerk.DefaultMachineCacheTTL.Milliseconds())
	_, err = v.VerifyMachineToken(context.Background(), key.Secret)
	if !errors.Is(err, clerk.ErrMachineTokenInvalid) || clerk.ReasonOf(err) != "token-invalid" {
		t.Errorf("revoked key after the TTL: %v", err)
	}
	checkNoLeak(t, err, key.Secret)
	// Invalid answers are remembered briefly.
	before := e.calls("VerifyAPIKey")
	for range 3 {
		if _, err := v.VerifyMachineToken(context.Background(), key.Secret); !errors.Is(err, clerk.ErrMachineTokenInvalid) {
			t.Fatal(err)
		}
	}
	if n := e.calls("VerifyAPIKey") - before; n != 0 {
		t.Errorf("%d calls for a cached invalid key", n)
	}
	e.clock.Add(clerk.DefaultMachineNegativeTTL.Milliseconds())
	_, _ = v.VerifyMachineToken(context.Background(), key.Secret)
	if n := e.calls("VerifyAPIKey") - before; n != 1 {
		t.Errorf("%d calls after the negative TTL, want 1", n)
	}
	// Unknown keys.
	_, err = v.VerifyMachineToken(context.Background(), "ak_unknown")
	if !errors.Is(err, clerk.ErrMachineTokenInvalid) {
		t.Errorf("unknown key: %v", err)
	}
}

func TestMachineCacheRespectsExpiry(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	v := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	key := e.apiKey(t, 10) // expires before the 30 s cache TTL
	ctx := context.Background()
	if _, err := v.VerifyMachineToken(ctx, key.Secret); err != nil {
		t.Fatal(err)
	}
	if _, err := v.VerifyMachineToken(ctx, key.Secret); err != nil {
		t.Fatal(err)
	}
	if n := e.calls("VerifyAPIKey"); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
	e.clock.Add(11_000) // past the key's expiration, well within the cache TTL
	if _, err := v.VerifyMachineToken(ctx, key.Secret); !errors.Is(err, clerk.ErrMachineTokenInvalid) {
		t.Errorf("expired key: %v", err)
	}
	// A cache of size 0 asks every time.
	nc := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey), clerk.WithMachineTokenCache(0, time.Second))
	key2 := e.apiKey(t, 0)
	before := e.calls("VerifyAPIKey")
	for range 2 {
		if _, err := nc.VerifyMachineToken(ctx, key2.Secret); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.calls("VerifyAPIKey") - before; n != 2 {
		t.Errorf("%d calls without a cache, want 2", n)
	}
}

func TestMachineM2MAndOAuth(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	v := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeM2MToken, clerk.TokenTypeOAuthToken))
	ctx := context.Background()

	opaque := e.m2m(t, "opaque")
	m, err := v.VerifyMachineToken(ctx, opaque.Token)
	if err != nil || m.TokenType != clerk.TokenTypeM2MToken || m.MachineID != e.srv.MachineID || m.ID != opaque.ID {
		t.Errorf("opaque M2M: %v %+v", err, m)
	}
	if _, err := bapi.New(e.c).RevokeM2MTokenWithResponse(ctx, opaque.ID, gen.RevokeM2MTokenJSONRequestBody{}); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(clerk.DefaultMachineCacheTTL.Milliseconds())
	if _, err := v.VerifyMachineToken(ctx, opaque.Token); !errors.Is(err, clerk.ErrMachineTokenInvalid) {
		t.Errorf("revoked M2M: %v", err)
	}
	e.clock.Store(time.Now().UnixMilli())

	// JWT M2M tokens are verified locally.
	jwt := e.m2m(t, "jwt")
	before := e.calls("VerifyM2MToken")
	m, err = v.VerifyMachineToken(ctx, jwt.Token)
	if err != nil || m.MachineID != e.srv.MachineID || m.ID != jwt.ID || m.Claims["env"] != "ci" || m.Claims["sub"] != nil {
		t.Errorf("JWT M2M: %v %+v", err, m)
	}
	if e.calls("VerifyM2MToken") != before {
		t.Error("a JWT M2M token went to the Backend API")
	}
	st := v.AuthenticateRequest(bearer(jwt.Token))
	if st.Status != clerk.AuthSignedIn || st.Machine == nil || st.TokenType != clerk.TokenTypeM2MToken {
		t.Errorf("AuthenticateRequest(JWT M2M) = %+v", st)
	}
	e.clock.Add((2 * time.Hour).Milliseconds())
	if _, err := v.VerifyMachineToken(ctx, jwt.Token); !errors.Is(err, clerk.ErrTokenExpired) {
		t.Errorf("expired JWT M2M: %v", err)
	}
	e.clock.Store(time.Now().UnixMilli())
	tampered := jwt.Token[:len(jwt.Token)-6] + "AAAAAA"
	if _, err := v.VerifyMachineToken(ctx, tampered); !errors.Is(err, clerk.ErrInvalidSignature) {
		t.Errorf("tampered JWT M2M: %v", err)
	}

	// OAuth, opaque and JWT.
	oat, err := e.srv.MintOAuthAccessToken(machineUser, "client_1", []string{"email", "profile"}, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	m, err = v.VerifyMachineToken(ctx, oat)
	if err != nil || m.UserID != machineUser || m.ClientID != "client_1" || !cmp.Equal(m.Scopes, []string{"email", "profile"}) {
		t.Errorf("opaque OAuth: %v %+v", err, m)
	}
	oj, err := e.srv.MintOAuthJWT(machineUser, "client_1", []string{"email"}, nil, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	m, err = v.VerifyMachineToken(ctx, oj)
	if err != nil || m.TokenType != clerk.TokenTypeOAuthToken || m.UserID != machineUser || !cmp.Equal(m.Scopes, []string{"email"}) {
		t.Errorf("OAuth JWT: %v %+v", err, m)
	}
	// The strict OAuth audience check.
	strict := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeOAuthToken, clerk.TokenTypeM2MToken), clerk.WithAudience("https://api.example.com"))
	if _, err := strict.VerifyMachineToken(ctx, oj); !errors.Is(err, clerk.ErrInvalidAudience) {
		t.Errorf("OAuth JWT without aud: %v", err)
	}
	if _, err := strict.VerifyMachineToken(ctx, oat); !errors.Is(err, clerk.ErrInvalidAudience) {
		t.Errorf("opaque OAuth with an audience configured: %v", err)
	}
	good, _ := e.srv.MintOAuthJWT(machineUser, "client_1", nil, []string{"https://other", "https://api.example.com"}, time.Hour)
	if _, err := strict.VerifyMachineToken(ctx, good); err != nil {
		t.Errorf("OAuth JWT with a matching aud: %v", err)
	}
	bad, _ := e.srv.MintOAuthJWT(machineUser, "client_1", nil, []string{"https://other"}, time.Hour)
	if _, err := strict.VerifyMachineToken(ctx, bad); !errors.Is(err, clerk.ErrInvalidAudience) {
		t.Errorf("OAuth JWT with another aud: %v", err)
	}
	// Lenient for M2M JWTs: no aud passes.
	if _, err := strict.VerifyMachineToken(ctx, jwt.Token); err != nil {
		t.Errorf("M2M JWT without aud under WithAudience: %v", err)
	}
}

func TestMachineBAPIFailures(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	key := e.apiKey(t, 0)
	wrong, err := clerk.NewClient("sk_test_wrongwrongwrong", clerk.WithBaseURL(e.srv.URL), clerk.WithHTTPClient(e.srv.HTTPClient()),
		clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWTKey(e.srv.JWTPublicKeyPEM()), clerk.WithClient(wrong), clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.VerifyMachineToken(context.Background(), key.Secret)
	var ae *clerk.APIError
	if !errors.Is(err, clerk.ErrVerificationUnavailable) || clerk.ReasonOf(err) != "secret-key-invalid" || !errors.As(err, &ae) {
		t.Errorf("wrong secret key: %v", err)
	}
	checkNoLeak(t, err, key.Secret)

	good := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	if err := e.srv.InjectFault("VerifyAPIKey", clerktest.Fault{Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err = good.VerifyMachineToken(context.Background(), key.Secret)
	if !errors.Is(err, clerk.ErrVerificationUnavailable) || clerk.ReasonOf(err) != "unexpected-error" {
		t.Errorf("503: %v", err)
	}
	// Failures are not cached.
	if _, err := good.VerifyMachineToken(context.Background(), key.Secret); err != nil {
		t.Errorf("after the 503: %v", err)
	}
}

// TestMachineSingleFlight: a burst of requests carrying the same new API
// key makes one Backend API call, and every caller gets its own copy.
func TestMachineSingleFlight(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	v := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	key := e.apiKey(t, 3600)
	if err := e.srv.InjectFault("VerifyAPIKey", clerktest.Fault{Latency: 300 * time.Millisecond, Times: 1}); err != nil {
		t.Fatal(err)
	}
	const n = 20
	got := make([]*clerk.MachineClaims, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], errs[i] = v.VerifyMachineToken(context.Background(), key.Secret)
		}()
	}
	wg.Wait()
	for i := range n {
		if errs[i] != nil || got[i] == nil || got[i].Subject != machineUser {
			t.Fatalf("caller %d: %v %+v", i, errs[i], got[i])
		}
		for j := range i {
			if got[i] == got[j] {
				t.Fatalf("callers %d and %d share one *MachineClaims", i, j)
			}
		}
	}
	if c := e.calls("VerifyAPIKey"); c != 1 {
		t.Errorf("%d VerifyAPIKey calls for %d concurrent verifications, want 1", c, n)
	}
}

// TestMachineSingleFlightLeaderCancelled: when the caller whose request is
// in flight gives up, a waiter with a live context is not handed that
// caller's cancellation; it asks again.
func TestMachineSingleFlightLeaderCancelled(t *testing.T) {
	t.Parallel()
	e := newMachineEnv(t)
	v := e.verifier(t, clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	key := e.apiKey(t, 3600)
	if err := e.srv.InjectFault("VerifyAPIKey", clerktest.Fault{Latency: 2 * time.Second, Times: 1}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	leaderErr := make(chan error, 1)
	go func() {
		_, err := v.VerifyMachineToken(ctx, key.Secret)
		leaderErr <- err
	}()
	time.Sleep(200 * time.Millisecond) // the leader's request is in flight (the log records it only when answered)
	waiterErr := make(chan error, 1)
	go func() {
		_, err := v.VerifyMachineToken(context.Background(), key.Secret)
		waiterErr <- err
	}()
	time.Sleep(50 * time.Millisecond) // let the waiter join the flight
	cancel()
	if err := <-leaderErr; !errors.Is(err, context.Canceled) || !errors.Is(err, clerk.ErrVerificationUnavailable) {
		t.Errorf("leader: %v, want a cancellation", err)
	}
	if err := <-waiterErr; err != nil {
		t.Errorf("waiter inherited the leader's failure: %v", err)
	}
	// The server logs the abandoned call only when its handler gives up,
	// so count the answered ones: the waiter's own.
	answered := 0
	for _, r := range e.srv.Requests() {
		if r.Operation == "VerifyAPIKey" && r.Status == http.StatusOK {
			answered++
		}
	}
	if answered != 1 {
		t.Errorf("%d answered VerifyAPIKey calls, want 1 (the waiter's retry)", answered)
	}
}

// TestMachineSingleFlightSharesTimeout: when the shared call itself times
// out (the Backend API hangs), the waiters take that answer instead of
// each asking again and waiting out a timeout of its own.
func TestMachineSingleFlightSharesTimeout(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	arrived := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		arrived <- struct{}{}
		// Hang until the client gives up. The server notices a closed
		// connection only once the request body has been read.
		_, _ = io.Copy(io.Discard, r.Body)
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	c, err := clerk.NewClient("sk_test_"+strings.Repeat("x", 40), clerk.WithBaseURL(srv.URL+"/v1"),
		clerk.WithHTTPClient(&http.Client{Timeout: time.Second}), clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithClient(c), clerk.WithAcceptedTokens(clerk.TokenTypeAPIKey))
	if err != nil {
		t.Fatal(err)
	}
	const n = 5
	errs := make(chan error, n)
	verify := func() {
		_, err := v.VerifyMachineToken(context.Background(), "ak_hanging")
		errs <- err
	}
	go verify()
	<-arrived // the first call is in flight
	for range n - 1 {
		go verify()
	}
	for range n {
		if err := <-errs; !errors.Is(err, clerk.ErrVerificationUnavailable) {
			t.Errorf("err = %v, want ErrVerificationUnavailable", err)
		}
	}
	if got := calls.Load(); got != 1 {
		t.Errorf("%d calls reached the server, want 1 shared by all %d callers", got, n)
	}
}
