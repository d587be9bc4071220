package clerk

import (
	"context"
	"errors"
	"strings"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter is a request budget that a [Client] consults before every
// attempt, retries included, when [WithRateLimiter] configures one. Clerk
// limits the Backend API per instance, that is per secret key, so every
// client, goroutine and process that uses one key should share one
// budget: [LocalRateLimiter] shares it inside a process, the redislimit
// module across processes.
//
// Implementations must be safe for concurrent use.
type RateLimiter interface {
	// Wait blocks until one request may be sent, or returns an error:
	// the context's error (or one wrapping it) when ctx ends first, or
	// the limiter's own failure. Wait must not block past ctx.
	Wait(ctx context.Context) error
	// Pause tells the limiter that Clerk answered 429 and asked for no
	// request before until (its Retry-After), so that every caller that
	// shares the budget waits, not only the one that met the 429.
	Pause(ctx context.Context, until time.Time)
}

// InstanceRateLimit is a request budget: at most Requests requests in any
// Window.
type InstanceRateLimit struct {
	// Requests is the number of requests allowed per Window.
	Requests int
	// Window is the length of the window.
	Window time.Duration
}

// Clerk's Backend API limits per instance (per secret key).
var (
	// ProductionRateLimit is the budget of a production instance
	// ("sk_live_" keys): 1000 requests per 10 seconds.
	ProductionRateLimit = InstanceRateLimit{Requests: 1000, Window: 10 * time.Second}
	// DevelopmentRateLimit is the budget of a development instance
	// ("sk_test_" keys): 100 requests per 10 seconds.
	DevelopmentRateLimit = InstanceRateLimit{Requests: 100, Window: 10 * time.Second}
)

// RateLimitForKey returns the budget of the instance a secret key belongs
// to: [ProductionRateLimit] for "sk_live_" keys, else
// [DevelopmentRateLimit].
func RateLimitForKey(secretKey string) InstanceRateLimit {
	if strings.HasPrefix(secretKey, "sk_live_") {
		return ProductionRateLimit
	}
	return DevelopmentRateLimit
}

// validate reports whether l is a usable budget.
func (l InstanceRateLimit) validate() error {
	if l.Requests <= 0 || l.Window <= 0 {
		return &ConfigError{Option: "InstanceRateLimit", Reason: "Requests and Window must be positive"}
	}
	return nil
}

// Shape returns the token bucket that keeps every window of length Window
// within Requests: a burst of a twentieth of the budget (at least 1) and a
// steady interval between requests of Window / (Requests − burst). A bucket
// with the full rate and any burst could send Requests + burst in one
// window; this one sends at most burst + (Requests − burst) = Requests, at
// the price of running at (Requests − burst) / Requests, 95% of the budget,
// once the burst is spent. [LocalRateLimiter] and the redislimit module
// use the same shape.
func (l InstanceRateLimit) Shape() (interval time.Duration, burst int) {
	burst = max(1, l.Requests/20)
	steady := max(1, l.Requests-burst)
	return l.Window / time.Duration(steady), burst
}

// LocalRateLimiter is a [RateLimiter] for one process, on
// golang.org/x/time/rate: a token bucket shaped by
// [InstanceRateLimit.Shape], and a pause after each 429 that holds back
// every goroutine using it. Build one per secret key and give it to every
// Client of that key in the process. It is safe for concurrent use.
type LocalRateLimiter struct {
	lim   *rate.Limiter
	pause *pauseGate
}

// NewLocalRateLimiter returns a LocalRateLimiter for the budget l. It
// returns a [*ConfigError] when l.Requests or l.Window is not positive.
func NewLocalRateLimiter(l InstanceRateLimit) (*LocalRateLimiter, error) {
	if err := l.validate(); err != nil {
		return nil, err
	}
	interval, burst := l.Shape()
	return &LocalRateLimiter{lim: rate.NewLimiter(rate.Every(interval), burst), pause: new(pauseGate)}, nil
}

// Wait blocks until the pause set by the last 429 has passed and a token
// is free, or returns ctx's error (possibly wrapped) when ctx ends first
// or its deadline comes before the token would.
func (l *LocalRateLimiter) Wait(ctx context.Context) error {
	if err := l.pause.wait(ctx); err != nil {
		return err
	}
	if err := l.lim.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// rate.Limiter refuses at once when the deadline comes before
		// the token: that is the context's deadline, reported as such.
		return errors.Join(context.DeadlineExceeded, err)
	}
	return nil
}

// Pause holds back every Wait until until. An earlier until than a pause
// already set has no effect.
func (l *LocalRateLimiter) Pause(_ context.Context, until time.Time) {
	l.pause.extend(until)
}

// Allow reports whether a request may be sent now, taking its token if
// so; it never waits. The redislimit module uses it as its fallback.
func (l *LocalRateLimiter) Allow() bool {
	return !l.pause.active() && l.lim.Allow()
}

// RateLimitWaitError is the error of a call that never sent its attempt
// because the [RateLimiter] did not let it: the context ended while
// waiting for the budget (errors.Is(err, context.Canceled) or
// context.DeadlineExceeded holds), or the limiter itself failed, such as a
// fail-closed shared limiter whose store is unreachable. Nothing reached
// Clerk for that attempt.
type RateLimitWaitError struct {
	// Method is the HTTP method of the request.
	Method string
	// Path is the escaped URL path of the request, without query string.
	Path string
	// Err is the limiter's error.
	Err error
}

// Error returns "clerk: METHOD PATH: waiting for the rate limiter: cause".
func (e *RateLimitWaitError) Error() string {
	return "clerk: " + e.Method + " " + e.Path + ": waiting for the rate limiter: " + oneLine(errorText(e.Err))
}

// Unwrap returns the limiter's error.
func (e *RateLimitWaitError) Unwrap() error { return e.Err }
