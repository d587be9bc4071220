package clerk

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// RetryPolicy bounds how a [Client] retries failed requests. See the
// package documentation's Retries section for which requests are retried.
type RetryPolicy struct {
	// MaxAttempts is the most attempts per call, including the first.
	// 1 or less disables retries.
	MaxAttempts int
	// MinWait is the shortest wait before a retry.
	MinWait time.Duration
	// MaxWait is the longest wait before a retry. A Retry-After header
	// asking for longer is clamped to MaxWait.
	MaxWait time.Duration
	// MaxTotalWait bounds the sum of waits of one call. A retry whose wait
	// would exceed it is not made; the last response or error is returned.
	MaxTotalWait time.Duration
}

// DefaultRetryPolicy returns the policy used unless [WithRetry] overrides
// it: 3 attempts, waits between 250ms and 5s, at most 30s of waiting per
// call.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:  3,
		MinWait:      250 * time.Millisecond,
		MaxWait:      5 * time.Second,
		MaxTotalWait: 30 * time.Second,
	}
}

// enabled reports whether p makes more than one attempt.
func (p RetryPolicy) enabled() bool { return p.MaxAttempts > 1 }

// normalize validates p and fills zero waits of an enabled policy from
// def.
func (p RetryPolicy) normalize() (RetryPolicy, error) {
	switch {
	case p.MaxAttempts < 0:
		return p, &ConfigError{Option: "WithRetry", Reason: "MaxAttempts must not be negative"}
	case p.MinWait < 0 || p.MaxWait < 0 || p.MaxTotalWait < 0:
		return p, &ConfigError{Option: "WithRetry", Reason: "waits must not be negative"}
	}
	if !p.enabled() {
		return RetryPolicy{MaxAttempts: 1}, nil
	}
	def := DefaultRetryPolicy()
	if p.MinWait == 0 {
		p.MinWait = def.MinWait
	}
	if p.MaxWait == 0 {
		p.MaxWait = max(def.MaxWait, p.MinWait)
	}
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = max(def.MaxTotalWait, p.MaxWait)
	}
	if p.MinWait > p.MaxWait {
		return p, &ConfigError{Option: "WithRetry", Reason: "MinWait must not exceed MaxWait"}
	}
	return p, nil
}

// idempotent reports whether a request with this method may be sent twice
// without a second effect, so it may be retried after an error whose
// outcome is unknown.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions:
		return true
	}
	return false
}

// call is the retry state of one transport.Do. go-retryablehttp's CheckRetry
// and Backoff see only the response, so each call runs on a retryablehttp.Client
// with these methods as its hooks (a pooled retrier); they run sequentially.
type call struct {
	t            *transport
	ctx          context.Context
	method, path string
	attempts     int           // attempts made so far
	unanswered   int           // attempts that got no response but may have reached the server
	totalWait    time.Duration // sum of waits so far
	nextWait     time.Duration // decided by checkRetry, slept by backoff
}

// send makes the attempts for one call through go-retryablehttp. It returns
// the final response (any status) and the number of earlier attempts that
// got no response although they may have reached the server, or a
// *RequestError or *ResponseTooLargeError.
func (t *transport) send(req *http.Request, method, path string) (*http.Response, int, error) {
	ctx := req.Context()
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		// A streamed body (a profile image or logo read from an io.Reader)
		// cannot be replayed, and go-retryablehttp would read it all into
		// memory to make it replayable. It is sent once, as it comes.
		resp, err := t.httpClient.Do(req)
		if err != nil {
			return nil, 0, t.attemptError(ctx, method, path, err)
		}
		return resp, 0, nil
	}
	r := getRetrier(t, ctx, method, path) // the client and hooks of retry_pool.go
	defer putRetrier(r)
	rreq, err := r.wrap(req)
	if err != nil {
		return nil, 0, t.requestError(ctx, method, path, err)
	}
	resp, err := r.client.Do(rreq)
	if err != nil {
		if resp != nil && resp.Body != nil {
			_ = resp.Body.Close()
		}
		return nil, 0, t.attemptError(ctx, method, path, err)
	}
	return resp, r.unanswered, nil
}

// attemptError is the error of a call whose last attempt failed without a
// usable response: the *ResponseTooLargeError of a body past the limit and
// the *RateLimitWaitError of a limiter's refusal as they are, anything else
// as a *RequestError.
func (t *transport) attemptError(ctx context.Context, method, path string, err error) error {
	var tooLarge *ResponseTooLargeError
	if errors.As(err, &tooLarge) {
		return tooLarge
	}
	var waitErr *RateLimitWaitError
	if errors.As(err, &waitErr) {
		return waitErr
	}
	return t.requestError(ctx, method, path, err)
}

// checkRetry decides whether to retry after an attempt and, if so, how long
// to wait first. It never returns an error, so the attempt's own response or
// error is what the caller sees.
func (c *call) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	c.attempts++
	if ctx.Err() != nil || !c.retryable(resp, err) {
		return false, nil
	}
	if err != nil && !neverSent(err) {
		c.unanswered++
	}
	policy := c.t.retry
	if c.attempts >= policy.MaxAttempts {
		c.logGiveUp(resp, err, "attempts exhausted")
		return false, nil
	}
	wait := c.wait(resp)
	if c.totalWait+wait > policy.MaxTotalWait {
		c.logGiveUp(resp, err, "total wait exhausted")
		return false, nil
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) <= wait {
		c.logGiveUp(resp, err, "context deadline before next attempt")
		return false, nil
	}
	c.nextWait = wait
	c.log(slog.LevelInfo, "clerk: retrying request", resp, err, slog.Duration("wait", wait))
	return true, nil
}

// retryable applies the method × outcome rules: 429 always; 502, 503, 504
// and connection errors for idempotent methods; for POST and PATCH (BAPI has
// no idempotency keys) only errors proving the request was never sent.
func (c *call) retryable(resp *http.Response, err error) bool {
	if err != nil {
		if limiterRefused(err) {
			return false
		}
		if idempotent(c.method) {
			return retryableConnError(err)
		}
		return neverSent(err)
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent(c.method)
	}
	return false
}

// neverSent reports whether err proves that the request never reached the
// server: the connection could not be established (DNS failure, refused,
// unreachable, dial timeout).
func neverSent(err error) bool {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED)
}

// retryableConnError reports whether a transport error may be transient.
// Certificate problems and bad schemes will not heal. (No redirect is
// followed, so net/http's "stopped after 10 redirects" cannot occur.)
func retryableConnError(err error) bool {
	var (
		certErr     *tls.CertificateVerificationError
		unknownAuth x509.UnknownAuthorityError
		hostErr     x509.HostnameError
		invalidCert x509.CertificateInvalidError
	)
	if errors.As(err, &certErr) || errors.As(err, &unknownAuth) || errors.As(err, &hostErr) || errors.As(err, &invalidCert) {
		return false
	}
	var tooLarge *ResponseTooLargeError
	if errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &tooLarge) {
		return false
	}
	return !strings.Contains(stripURL(err).Error(), "unsupported protocol scheme")
}

// wait is how long to wait before the next attempt: the response's
// Retry-After clamped to [MinWait, MaxWait] (so "0" or a past date still
// waits MinWait), or else exponential backoff with full jitter: uniform in
// [MinWait, min(MaxWait, MinWait·2^n)] after the n-th attempt.
func (c *call) wait(resp *http.Response) time.Duration {
	p := c.t.retry
	if resp != nil {
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), c.t.now()); ok {
			return max(min(ra, p.MaxWait), p.MinWait)
		}
	}
	ceiling := p.MinWait
	for i := 0; i < c.attempts && ceiling < p.MaxWait; i++ {
		ceiling *= 2
	}
	ceiling = min(ceiling, p.MaxWait)
	if ceiling <= p.MinWait {
		return p.MinWait
	}
	return p.MinWait + time.Duration(c.t.jitter(int64(ceiling-p.MinWait)+1))
}

// backoff sleeps the wait that checkRetry decided, through the injectable
// sleep, and returns 0 so that go-retryablehttp's own timer does not wait
// again. If the context ends during the sleep, prepareRetry stops the call.
func (c *call) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	c.totalWait += c.nextWait
	_ = c.t.sleep(c.ctx, c.nextWait)
	return 0
}

// prepareRetry runs before each retry and stops at once when the context
// ended during the wait.
func (c *call) prepareRetry(req *http.Request) error {
	return req.Context().Err()
}

// logGiveUp logs that a retryable outcome will not be retried.
func (c *call) logGiveUp(resp *http.Response, err error, reason string) {
	c.log(slog.LevelInfo, "clerk: not retrying", resp, err, slog.String("reason", reason))
}

// log writes one retry event: method, path (no query), attempt, and status
// or error. Never headers, bodies or the URL.
func (c *call) log(level slog.Level, msg string, resp *http.Response, err error, extra ...slog.Attr) {
	l := c.t.logger
	if l == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", c.method),
		slog.String("path", c.path),
		slog.Int("attempt", c.attempts),
	}
	if resp != nil {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", c.t.red.wrap(stripURL(err)).Error()))
	}
	attrs = append(attrs, extra...)
	l.LogAttrs(c.ctx, level, msg, attrs...)
}
