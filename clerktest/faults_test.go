package clerktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// fastRetry retries quickly so fault tests stay fast.
var fastRetry = clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 4, MinWait: time.Millisecond, MaxWait: 200 * time.Millisecond, MaxTotalWait: 2 * time.Second})

// statuses returns the statuses the server logged for one operation.
func statuses(s *clerktest.Server, op string) []int {
	out := []int{}
	for _, r := range s.Requests() {
		if r.Operation == op {
			out = append(out, r.Status)
		}
	}
	return out
}

func TestInjected503IsRetriedOnGetNotOnPost(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	c, err := s.Client(fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"f@example.com"}})
	if err := s.InjectFault("GetUser", clerktest.Fault{Status: 503, Times: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := bapi.New(c).GetUserWithResponse(ctx, u.ID); err != nil {
		t.Fatalf("GET did not recover from two 503s: %v", err)
	}
	if diff := cmp.Diff([]int{503, 503, 200}, statuses(s, "GetUser")); diff != "" {
		t.Errorf("GetUser statuses (-want +got):\n%s", diff)
	}

	if err := s.InjectFault("CreateUser", clerktest.Fault{Status: 503, Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err = bapi.New(c).CreateUserWithResponse(ctx, gen.CreateUserJSONRequestBody{EmailAddress: []string{"g@example.com"}})
	e := apiErr(t, err, 503, "service_unavailable")
	if e.Errors[0].LongMessage == "" {
		t.Error("no long message")
	}
	if diff := cmp.Diff([]int{200, 503}, statuses(s, "CreateUser")); diff != "" {
		t.Errorf("POST was retried (-want +got):\n%s", diff)
	}
	// The fault is used up.
	if _, err := bapi.New(c).CreateUserWithResponse(ctx, gen.CreateUserJSONRequestBody{EmailAddress: []string{"g@example.com"}}); err != nil {
		t.Fatal(err)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clockCh := make(chan time.Time, 1)
	clockCh <- now
	clock := func() time.Time { t := <-clockCh; clockCh <- t; return t }
	set := func(t time.Time) { <-clockCh; clockCh <- t }
	s, c := newClient(t, clerktest.WithClock(clock), clerktest.WithRateLimit("GetJWKS", 2, 10*time.Second))
	ctx := context.Background()
	for range 2 {
		if _, err := c.JWKS(ctx); err != nil {
			t.Fatal(err)
		}
	}
	set(now.Add(3 * time.Second))
	_, err := c.JWKS(ctx)
	e := apiErr(t, err, 429, "too_many_requests")
	if e.RetryAfter != 7*time.Second {
		t.Errorf("RetryAfter = %v, want 7s", e.RetryAfter)
	}
	if !clerk.IsRateLimited(err) {
		t.Error("IsRateLimited = false")
	}
	// Other routes are not limited; the window ends after 10 s.
	if _, err := bapi.New(c).GetUserListWithResponse(ctx, nil); err != nil {
		t.Fatal(err)
	}
	set(now.Add(10 * time.Second))
	if _, err := c.JWKS(ctx); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	if err := s.SetRateLimit("GetJWKS", 0, 0); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, err := c.JWKS(ctx); err != nil {
			t.Fatalf("limit removed, still refused: %v", err)
		}
	}
}

// TestRateLimitScaledIsHonouredByRetries uses a scaled window (10 s of
// Clerk time in 100 ms) and a client whose retry wait is clamped to 150 ms:
// the retry after the 429 succeeds.
func TestRateLimitScaledIsHonouredByRetries(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t, clerktest.WithTimeScale(0.01))
	if err := s.SetRateLimit(clerktest.AllRoutes, 1, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	c, err := s.Client(clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 3, MinWait: time.Millisecond, MaxWait: 150 * time.Millisecond}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := c.JWKS(ctx); err != nil {
		t.Fatal(err)
	}
	r := do(t, s, "GET", "/jwks", nil)
	if r.status != 429 || r.header.Get("Retry-After") == "" || r.header.Get("Clerktest-Retry-After-Ms") == "" {
		t.Fatalf("status %d, headers %v", r.status, r.header)
	}
	if _, err := c.JWKS(ctx); err != nil {
		t.Fatalf("retry after 429 failed: %v", err)
	}
	got := statuses(s, "GetJWKS")
	if got[len(got)-1] != 200 || !containsInt(got, 429) {
		t.Errorf("statuses = %v", got)
	}
}

func containsInt(xs []int, v int) bool {
	for _, x := range xs {
		if x == v {
			return true
		}
	}
	return false
}

func TestLatencyAndDroppedConnections(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	c, err := s.Client(fastRetry)
	if err != nil {
		t.Fatal(err)
	}
	noRetry, err := s.Client(clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()

	if err := s.InjectFault("GetJWKS", clerktest.Fault{Latency: 300 * time.Millisecond, Times: 1}); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := noRetry.JWKS(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("latency: err = %v, want deadline exceeded", err)
	}
	if err := s.InjectFault("GetJWKS", clerktest.Fault{Latency: 30 * time.Millisecond, Times: 1}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if _, err := c.JWKS(ctx); err != nil || time.Since(start) < 30*time.Millisecond {
		t.Errorf("latency: %v after %v", err, time.Since(start))
	}

	// A GET survives a dropped connection through retries.
	if err := s.InjectFault("GetJWKS", clerktest.Fault{Drop: clerktest.DropBeforeResponse, Times: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.JWKS(ctx); err != nil {
		t.Fatalf("GET after a drop: %v", err)
	}
	// A POST whose connection dropped is not sent again.
	s.ResetRequests()
	if err := s.InjectFault("CreateUser", clerktest.Fault{Drop: clerktest.DropBeforeResponse, Times: 1}); err != nil {
		t.Fatal(err)
	}
	_, err = bapi.New(c).CreateUserWithResponse(ctx, gen.CreateUserJSONRequestBody{EmailAddress: []string{"drop@example.com"}})
	var re *clerk.RequestError
	if !errors.As(err, &re) {
		t.Fatalf("POST after drop: %v (%T), want *clerk.RequestError", err, err)
	}
	if got := statuses(s, "CreateUser"); len(got) != 1 || got[0] != 0 {
		t.Errorf("CreateUser attempts = %v, want one with no response", got)
	}
	for _, r := range s.Requests() {
		if r.Operation == "CreateUser" && !r.Dropped {
			t.Errorf("dropped CreateUser logged as %+v, want Dropped", r)
		}
	}
	// Headers, then nothing: the body read fails.
	if err := s.InjectFault("GetJWKS", clerktest.Fault{Drop: clerktest.DropAfterHeaders}); err != nil {
		t.Fatal(err)
	}
	if _, err := noRetry.JWKS(ctx); !errors.As(err, &re) {
		t.Errorf("drop after headers: %v (%T), want *clerk.RequestError", err, err)
	}
	s.ClearFaults()
	if _, err := noRetry.JWKS(ctx); err != nil {
		t.Errorf("after ClearFaults: %v", err)
	}
}

func TestFaultsAreCheckedAndPerServer(t *testing.T) {
	t.Parallel()
	a := clerktest.NewServer(t)
	b := clerktest.NewServer(t)
	for _, f := range []func() error{
		func() error { return a.InjectFault("GetUsr", clerktest.Fault{Status: 500}) },
		func() error { return a.InjectFault("GetUser", clerktest.Fault{}) },
		func() error { return a.InjectFault("GetUser", clerktest.Fault{Status: 42}) },
		func() error { return a.InjectFault("GetUser", clerktest.Fault{Status: 500, Times: -1}) },
		func() error { return a.SetRateLimit("GET /users", 1, time.Second) },
		func() error { return a.SetRateLimit("GetUser", 1, 0) },
		func() error { return a.SetRateLimit("GetUser", -1, time.Second) },
	} {
		if f() == nil {
			t.Error("bad fault or limit accepted")
		}
	}
	if _, err := clerktest.Start(clerktest.WithRateLimit("", 1, time.Second)); err == nil {
		t.Error("WithRateLimit accepted an empty route")
	}
	if err := a.InjectFault(clerktest.AllRoutes, clerktest.Fault{Status: http.StatusBadGateway, Code: "custom", RetryAfter: 1500 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	r := do(t, a, "GET", "/users", nil)
	if r.status != 502 || r.header.Get("Retry-After") != "2" {
		t.Errorf("status %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	var env gen.ClerkErrors
	decodeStrict(t, r.body, &env)
	if env.Errors[0].Code != "custom" {
		t.Errorf("code = %q", env.Errors[0].Code)
	}
	if r := do(t, b, "GET", "/users", nil); r.status != 200 {
		t.Errorf("fault leaked to another server: %d", r.status)
	}
}
