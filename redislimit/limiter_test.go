package redislimit_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/redislimit"
	"github.com/gobapi/clerk/redislimit/redistest"
	"github.com/google/go-cmp/cmp"
	"github.com/redis/go-redis/v9"
)

const secret = "sk_test_SECRETredislimit0123456789"

// hourly is a budget slow enough that a second slot is always minutes away.
var hourly = clerk.InstanceRateLimit{Requests: 100, Window: time.Hour} // burst 5

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// newLimiter builds a Limiter on its own Redis client, as another process
// would.
func newLimiter(t *testing.T, addr string, opts ...redislimit.Option) (*redislimit.Limiter, *syncBuffer) {
	t.Helper()
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = rdb.Close() })
	logs := &syncBuffer{}
	all := append([]redislimit.Option{redislimit.WithLimit(hourly), redislimit.WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)
	l, err := redislimit.New(rdb, secret, all...)
	if err != nil {
		t.Fatal(err)
	}
	return l, logs
}

// waitBrief is Wait with a ten-second deadline: nil when a slot is free
// now, DeadlineExceeded at once when the next one is further away (the
// hourly budget's are 38 s apart).
func waitBrief(l clerk.RateLimiter) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return l.Wait(ctx)
}

func TestProcessesShareOneBudget(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := newLimiter(t, srv.Addr)
	b, _ := newLimiter(t, srv.Addr)
	var got []bool
	for i := range 7 {
		l := a
		if i%2 == 1 {
			l = b
		}
		err := waitBrief(l)
		if err != nil && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("Wait %d: %v", i, err)
		}
		got = append(got, err == nil)
	}
	// The burst of 5 is shared by both; the next slot is 3600 s / 95 ≈
	// 38 s away, past the deadline, and is not reserved.
	want := []bool{true, true, true, true, true, false, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("slots granted (-want +got):\n%s", diff)
	}
}

func TestPauseHoldsEveryProcess(t *testing.T) {
	srv := redistest.Start(t)
	a, _ := newLimiter(t, srv.Addr)
	b, _ := newLimiter(t, srv.Addr)
	a.Pause(context.Background(), time.Now().Add(time.Hour))
	if err := waitBrief(b); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Wait during another process's pause = %v, want context.DeadlineExceeded", err)
	}
}

func TestWaitHonoursCancelledContext(t *testing.T) {
	srv := redistest.Start(t)
	l, _ := newLimiter(t, srv.Addr)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait = %v, want context.Canceled", err)
	}
}

func TestKeyIsAHashNeverTheSecret(t *testing.T) {
	srv := redistest.Start(t)
	l, _ := newLimiter(t, srv.Addr)
	other, err := redislimit.New(redis.NewClient(&redis.Options{Addr: srv.Addr}), "sk_test_another", redislimit.WithLimit(hourly))
	if err != nil {
		t.Fatal(err)
	}
	if l.Key() == other.Key() {
		t.Error("two secret keys share one bucket")
	}
	if err := waitBrief(l); err != nil {
		t.Fatal(err)
	}
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	keys, err := rdb.Keys(context.Background(), "*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{l.Key()}, keys); diff != "" {
		t.Errorf("Redis keys (-want +got):\n%s", diff)
	}
	for _, k := range keys {
		if strings.Contains(k, "SECRET") || strings.Contains(k, "sk_") {
			t.Errorf("Redis key %q contains the secret key", k)
		}
	}
}

func TestRedisKilledFallsBackAndWarnsOnce(t *testing.T) {
	srv := redistest.Start(t)
	l, logs := newLimiter(t, srv.Addr, redislimit.WithLimit(clerk.InstanceRateLimit{Requests: 1000, Window: time.Second}))
	if err := waitBrief(l); err != nil {
		t.Fatalf("Wait before the kill: %v", err)
	}
	srv.Kill()
	for i := range 20 {
		if err := waitBrief(l); err != nil {
			t.Fatalf("Wait %d after the kill: %v", i, err)
		}
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, logs)
	}
	if strings.Contains(logs.String(), "SECRET") {
		t.Errorf("log contains the secret key:\n%s", logs)
	}
}

func TestRedisDownFailClosed(t *testing.T) {
	srv := redistest.Start(t)
	l, _ := newLimiter(t, srv.Addr, redislimit.FailClosed())
	srv.Kill()
	for range 2 { // the first meets Redis down, the second is already in fallback
		if err := waitBrief(l); !errors.Is(err, redislimit.ErrUnavailable) {
			t.Errorf("Wait = %v, want ErrUnavailable", err)
		}
	}
}
