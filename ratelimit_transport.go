package clerk

import (
	"errors"
	"net/http"
	"time"
)

// WithRateLimiter makes the client ask l before every attempt, retries
// included, and tell l about every 429 and its Retry-After. Give one
// limiter to every Client that uses the same secret key: a
// [LocalRateLimiter] within one process, the redislimit module's limiter
// across processes. l must not be nil. Without this option the client
// sends at once and learns of the limit only from 429s, as it always did.
//
// A call whose attempt the limiter does not let go returns a
// [*RateLimitWaitError]; when the context ended while waiting,
// errors.Is(err, ctx.Err()) holds.
func WithRateLimiter(l RateLimiter) Option {
	return func(c *config) error {
		if l == nil {
			return &ConfigError{Option: "WithRateLimiter", Reason: "limiter must not be nil"}
		}
		c.limiter, c.limitFromKey = l, false
		return nil
	}
}

// WithKeyRateLimit is [WithInstanceRateLimit] with Clerk's published budget
// for the client's own secret key ([RateLimitForKey]): 1000 requests per
// 10 s for "sk_live_" keys, 100 for "sk_test_" keys.
func WithKeyRateLimit() Option {
	return func(c *config) error {
		c.limiter, c.limitFromKey = nil, true
		return nil
	}
}

// WithInstanceRateLimit is [WithRateLimiter] with a new [LocalRateLimiter]
// for the budget l, for one Client (share a LocalRateLimiter to cover
// several). Use [RateLimitForKey] for Clerk's published budget of a key.
func WithInstanceRateLimit(l InstanceRateLimit) Option {
	return func(c *config) error {
		lim, err := NewLocalRateLimiter(l)
		if err != nil {
			err.(*ConfigError).Option = "WithInstanceRateLimit"
			return err
		}
		c.limiter, c.limitFromKey = lim, false
		return nil
	}
}

// defaultPause is how long a 429 without a usable Retry-After pauses the
// limiter.
const defaultPause = time.Second

// limitTransport is the RoundTripper in front of bufferingTransport when a
// limiter is configured: every attempt waits for the limiter, and every
// 429 pauses it. Without a limiter it is not in the chain at all.
type limitTransport struct {
	base    http.RoundTripper
	limiter RateLimiter
	now     func() time.Time
}

// RoundTrip waits for the limiter, sends req, and reports a 429.
func (l *limitTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if err := l.limiter.Wait(ctx); err != nil {
		if req.Body != nil {
			_ = req.Body.Close()
		}
		return nil, &RateLimitWaitError{Method: req.Method, Path: req.URL.EscapedPath(), Err: err}
	}
	resp, err := l.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		now := l.now()
		wait, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now)
		if !ok || wait <= 0 {
			wait = defaultPause
		}
		l.limiter.Pause(ctx, now.Add(wait))
	}
	return resp, err
}

// limiterRefused reports whether err is a limiter's refusal, which is not
// retried: nothing was sent, and waiting again would not help.
func limiterRefused(err error) bool {
	var rl *RateLimitWaitError
	return errors.As(err, &rl)
}
