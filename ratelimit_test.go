package clerk

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// fakeLimiter records what the client asked of it.
type fakeLimiter struct {
	mu     sync.Mutex
	waits  int
	pauses []time.Time
	err    error // returned by Wait when set
	block  bool  // Wait blocks until ctx ends
}

func (f *fakeLimiter) Wait(ctx context.Context) error {
	f.mu.Lock()
	f.waits++
	err, block := f.err, f.block
	f.mu.Unlock()
	if block {
		<-ctx.Done()
		return ctx.Err()
	}
	return err
}

func (f *fakeLimiter) Pause(_ context.Context, until time.Time) {
	f.mu.Lock()
	f.pauses = append(f.pauses, until)
	f.mu.Unlock()
}

func (f *fakeLimiter) counts() (int, []time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.waits, append([]time.Time(nil), f.pauses...)
}

const userJSON = `{"id":"user_1","object":"user"}`

func TestRateLimiterAskedBeforeEveryAttempt(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	n := 0
	var mu sync.Mutex
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		n++
		k := n
		mu.Unlock()
		switch k {
		case 1:
			w.Header().Set("Retry-After", "7")
			jsonHandler(http.StatusTooManyRequests, `{"errors":[{"code":"too_many_requests","message":"m","long_message":"l"}]}`)(w, r)
		case 2:
			jsonHandler(http.StatusServiceUnavailable, `{}`)(w, r)
		default:
			jsonHandler(http.StatusOK, userJSON)(w, r)
		}
	})
	lim := &fakeLimiter{}
	c, _ := newTestClient(t, s, WithRateLimiter(lim), WithRetry(testPolicy), withNow(func() time.Time { return now }))
	if _, err := c.Users.Get(context.Background(), "user_1"); err != nil {
		t.Fatalf("Get: %v", err)
	}
	waits, pauses := lim.counts()
	if waits != 3 {
		t.Errorf("Wait called %d times, want 3 (one per attempt)", waits)
	}
	if diff := cmp.Diff([]time.Time{now.Add(7 * time.Second)}, pauses); diff != "" {
		t.Errorf("pauses (-want +got):\n%s", diff)
	}
}

func TestRateLimiter429WithoutRetryAfterPausesOneSecond(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := newServer(t, jsonHandler(http.StatusTooManyRequests, `{}`))
	lim := &fakeLimiter{}
	c, _ := newTestClient(t, s, WithRateLimiter(lim), WithRetry(RetryPolicy{MaxAttempts: 1}), withNow(func() time.Time { return now }))
	_, err := c.Users.Get(context.Background(), "user_1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want a 429 *APIError", err)
	}
	_, pauses := lim.counts()
	if diff := cmp.Diff([]time.Time{now.Add(time.Second)}, pauses); diff != "" {
		t.Errorf("pauses (-want +got):\n%s", diff)
	}
}

func TestRateLimiterContextEndsWhileWaiting(t *testing.T) {
	s := newServer(t, jsonHandler(http.StatusOK, userJSON))
	lim := &fakeLimiter{block: true}
	c, _ := newTestClient(t, s, WithRateLimiter(lim))
	ctx, cancel := context.WithCancel(context.Background())
	go cancel()
	_, err := c.Users.Create(ctx, &UserCreateParams{})
	var waitErr *RateLimitWaitError
	if !errors.As(err, &waitErr) {
		t.Fatalf("err = %T %v, want *RateLimitWaitError", err, err)
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("errors.Is(err, context.Canceled) = false for %v", err)
	}
	if diff := cmp.Diff(RateLimitWaitError{Method: "POST", Path: "/v1/users", Err: context.Canceled}, *waitErr, cmp.Comparer(func(a, b error) bool { return errors.Is(a, b) })); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if got := len(s.requests()); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
	assertNoSecret(t, "error", err.Error())
}

func TestRateLimiterFailureIsNotRetried(t *testing.T) {
	s := newServer(t, jsonHandler(http.StatusOK, userJSON))
	boom := errors.New("store unreachable")
	lim := &fakeLimiter{err: boom}
	c, _ := newTestClient(t, s, WithRateLimiter(lim), WithRetry(testPolicy))
	_, err := c.Users.Get(context.Background(), "user_1")
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the limiter's error", err)
	}
	if waits, _ := lim.counts(); waits != 1 {
		t.Errorf("Wait called %d times, want 1", waits)
	}
	if got := len(s.requests()); got != 0 {
		t.Errorf("server saw %d requests, want 0", got)
	}
}

func TestRateLimiterOptionsRefuseBadValues(t *testing.T) {
	for name, opt := range map[string]Option{
		"WithRateLimiter":       WithRateLimiter(nil),
		"WithInstanceRateLimit": WithInstanceRateLimit(InstanceRateLimit{Requests: 0, Window: time.Second}),
	} {
		_, err := NewClient(testKey, opt)
		var ce *ConfigError
		if !errors.As(err, &ce) || ce.Option != name {
			t.Errorf("%s: err = %v, want a *ConfigError for it", name, err)
		}
	}
}

func TestRateLimitForKey(t *testing.T) {
	got := []InstanceRateLimit{RateLimitForKey("sk_live_x"), RateLimitForKey("sk_test_x")}
	want := []InstanceRateLimit{{1000, 10 * time.Second}, {100, 10 * time.Second}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestInstanceRateLimitShapeStaysWithinBudget(t *testing.T) {
	for _, l := range []InstanceRateLimit{ProductionRateLimit, DevelopmentRateLimit, {100, time.Second}, {1, time.Second}, {3, time.Minute}} {
		interval, burst := l.Shape()
		// Most requests any window of length Window can see: the burst
		// plus one per interval.
		most := burst + int(l.Window/interval)
		if most > l.Requests && l.Requests > 1 {
			t.Errorf("%+v: burst %d, interval %v allow %d per window", l, burst, interval, most)
		}
		if rate := float64(l.Window/interval) / float64(l.Requests); l.Requests >= 20 && rate < 0.9 {
			t.Errorf("%+v: steady rate %.2f of the budget, want at least 0.9", l, rate)
		}
	}
}

func TestLocalRateLimiterPause(t *testing.T) {
	lim, err := NewLocalRateLimiter(InstanceRateLimit{Requests: 1000, Window: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if !lim.Allow() {
		t.Fatal("Allow = false before any pause")
	}
	lim.Pause(context.Background(), time.Now().Add(time.Hour))
	lim.Pause(context.Background(), time.Now()) // earlier: no effect
	if lim.Allow() {
		t.Error("Allow = true during a pause")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := lim.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait with a deadline before the pause ends = %v, want context.DeadlineExceeded at once", err)
	}
	cancelled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	if err := lim.Wait(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait with a cancelled context = %v, want context.Canceled", err)
	}
}

func TestLocalRateLimiterDeadlineBeforeToken(t *testing.T) {
	lim, err := NewLocalRateLimiter(InstanceRateLimit{Requests: 1, Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	if err := lim.Wait(context.Background()); err != nil {
		t.Fatalf("first Wait: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := lim.Wait(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait = %v, want context.DeadlineExceeded", err)
	}
}

func TestLocalRateLimiterSharedByClients(t *testing.T) {
	s := newServer(t, jsonHandler(http.StatusOK, userJSON))
	lim, err := NewLocalRateLimiter(InstanceRateLimit{Requests: 1, Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := newTestClient(t, s, WithRateLimiter(lim))
	b, _ := newTestClient(t, s, WithRateLimiter(lim))
	if _, err := a.Users.Get(context.Background(), "user_1"); err != nil {
		t.Fatalf("first client: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = b.Users.Get(ctx, "user_1")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("second client: err = %v, want to run out of budget before its deadline", err)
	}
}

func TestWithKeyRateLimitSizesFromTheKey(t *testing.T) {
	s := newServer(t, jsonHandler(http.StatusOK, userJSON))
	c, _ := newTestClient(t, s, WithKeyRateLimit())
	tr := doerOf(t, c)
	lt, ok := tr.httpClient.Transport.(*limitTransport)
	if !ok {
		t.Fatalf("transport %T, want a *limitTransport", tr.httpClient.Transport)
	}
	local, ok := lt.limiter.(*LocalRateLimiter)
	if !ok {
		t.Fatalf("limiter %T, want a *LocalRateLimiter", lt.limiter)
	}
	interval, burst := DevelopmentRateLimit.Shape()
	if got := local.lim.Burst(); got != burst {
		t.Errorf("burst %d, want %d", got, burst)
	}
	if got, want := float64(local.lim.Limit()), 1/interval.Seconds(); got != want {
		t.Errorf("rate %v/s, want %v/s", got, want)
	}
}

func TestNoLimiterLeavesTheTransportAsItWas(t *testing.T) {
	s := newServer(t, jsonHandler(http.StatusOK, userJSON))
	c, _ := newTestClient(t, s)
	if _, ok := doerOf(t, c).httpClient.Transport.(*bufferingTransport); !ok {
		t.Errorf("transport %T, want the *bufferingTransport directly", doerOf(t, c).httpClient.Transport)
	}
}
