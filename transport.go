package clerk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// transport is the gen.HttpRequestDoer behind every call, generated or
// facade. It sets the authentication and version headers, retries according
// to the policy, and turns every non-2xx final response into an *APIError and
// every failure without a response into a *RequestError.
type transport struct {
	httpClient *http.Client
	auth       string // "Bearer sk_…"; never logged or put in errors
	userAgent  string
	apiVersion string
	retry      RetryPolicy
	logger     *slog.Logger // nil: silent
	red        redactor     // cleans server-provided text of the key
	retriers   sync.Pool    // idle *retrier values (retry_pool.go)

	// Hooks, replaced in tests so that no test really sleeps.
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	jitter func(n int64) int64 // uniform in [0, n)
}

// Do sends req and returns a 2xx response whose body is fully buffered, or an
// error: *APIError for a non-2xx response, *RequestError otherwise.
func (t *transport) Do(req *http.Request) (*http.Response, error) {
	method, path := req.Method, req.URL.EscapedPath()
	req.Header.Set("Authorization", t.auth)
	req.Header.Set("User-Agent", t.userAgent)
	req.Header.Set("Clerk-API-Version", t.apiVersion)
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}

	resp, unanswered, err := t.send(req, method, path)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := newAPIError(resp, method, path, t.now(), t.red)
		apiErr.UnansweredAttempts = unanswered
		t.logAPIError(req.Context(), apiErr)
		return nil, apiErr
	}
	// The body is already in memory (see bufferingTransport), so the
	// generated parser only ever fails on JSON.
	return resp, nil
}

// bufferingClient returns a shallow copy of hc (the caller's client is not
// changed) that follows no redirect and whose transport reads every 2xx
// body, up to maxBody bytes, into memory before the response leaves
// RoundTrip. A connection that breaks in the middle of a body is then an
// error of the attempt itself, which the retry policy sees and retries for
// idempotent methods, rather than a failure after the retry loop has
// returned.
//
// Clerk's API never redirects. A followed redirect would send the
// Authorization header to another port or from https to http on the same
// host (net/http drops it only across host names), and re-send the body of
// a create on 307 and 308; so a 3xx is returned as it is, and becomes an
// *APIError naming its Location.
//
// hc.Timeout moves into the transport as a deadline on the one round trip
// of an attempt, body included. Left on the client, net/http would wrap
// every body in its own timer-stopping reader, and the facades could no
// longer decode straight from the buffer.
func bufferingClient(hc *http.Client, maxBody int64) *http.Client {
	c := *hc
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	c.Transport = &bufferingTransport{base: base, timeout: hc.Timeout, maxBody: maxBody}
	c.Timeout = 0
	c.CheckRedirect = refuseRedirect
	return &c
}

// refuseRedirect is the CheckRedirect of every client the SDK builds: the
// 3xx response itself is returned, and nothing is sent to its Location.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// bufferingTransport is the RoundTripper of bufferingClient.
type bufferingTransport struct {
	base    http.RoundTripper
	timeout time.Duration // per round trip, body included; 0 for none
	maxBody int64         // most bytes of a 2xx body, unless the context sets less
}

// bodyLimitKey is the context key of a per-call body limit (withBodyLimit).
type bodyLimitKey struct{}

// withBodyLimit returns ctx with a limit on the 2xx body of the calls made
// with it, such as the JWKS cap.
func withBodyLimit(ctx context.Context, n int64) context.Context {
	return context.WithValue(ctx, bodyLimitKey{}, n)
}

// RoundTrip sends req and buffers a 2xx body; other bodies stay streamed
// for newAPIError, which reads them through a size limit (and, with a
// timeout, within it).
func (b *bufferingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	cancel := context.CancelFunc(func() {})
	if b.timeout > 0 {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(req.Context(), b.timeout)
		req = req.WithContext(ctx)
	}
	resp, err := b.base.RoundTrip(req)
	if err != nil {
		cancel()
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
		return resp, nil
	}
	limit := b.maxBody
	if n, ok := req.Context().Value(bodyLimitKey{}).(int64); ok && n < limit {
		limit = n
	}
	body, err := readBody(resp, limit)
	_ = resp.Body.Close()
	cancel()
	if err == errBodyTooLarge {
		return nil, &ResponseTooLargeError{Method: req.Method, Path: req.URL.EscapedPath(), StatusCode: resp.StatusCode, Limit: limit}
	}
	if err != nil {
		return nil, fmt.Errorf("reading response body: %w", err)
	}
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), all: body}
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// cancelOnClose releases a round trip's deadline when its streamed body is
// closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (c *cancelOnClose) Close() error {
	err := c.ReadCloser.Close()
	c.cancel()
	return err
}

// bufferedBody is a 2xx body the transport has read in full. It reads like
// any body; bufferedBytes takes its bytes without copying them.
type bufferedBody struct {
	*bytes.Reader
	all []byte
}

// Close does nothing: the connection was released when the body was read.
func (*bufferedBody) Close() error { return nil }

// bufferedBytes returns what is left of body: the transport's buffer itself
// when nothing has been read from it yet, else a copy read to the end.
func bufferedBytes(body io.Reader) ([]byte, error) {
	if b, ok := body.(*bufferedBody); ok && b.Len() == len(b.all) {
		return b.all, nil
	}
	return io.ReadAll(body)
}

// CloseIdleConnections does nothing on purpose: go-retryablehttp calls it
// after every failed call, and the pool belongs to the caller's transport,
// which other code may share.
func (b *bufferingTransport) CloseIdleConnections() {}

// readBody reads a whole response body of at most limit bytes, in one
// allocation when the server announced its length. A body of unknown length
// (chunked, or compressed, which net/http inflates) is read in chunks that
// are joined at the end, so that no more than limit+1 bytes are ever read
// or held for a body that turns out too long; then it returns
// errBodyTooLarge.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	n := resp.ContentLength
	if n > limit {
		return nil, errBodyTooLarge
	}
	if n > 0 && n <= maxPresizedBody {
		buf := make([]byte, n)
		if _, err := io.ReadFull(resp.Body, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	return readChunks(resp.Body, limit)
}

// Chunk sizes of readChunks: the first fits most single resources, later
// ones double up to the largest.
const (
	firstChunk = 8 << 10
	maxChunk   = 1 << 20
)

// readChunks reads r to its end, failing with errBodyTooLarge once it has
// read more than limit bytes.
func readChunks(r io.Reader, limit int64) ([]byte, error) {
	var (
		chunks [][]byte
		total  int64
		size   = firstChunk
	)
	for {
		buf := make([]byte, min(int64(size), limit+1-total))
		n, err := fill(r, buf)
		total += int64(n)
		chunks = append(chunks, buf[:n])
		if total > limit {
			return nil, errBodyTooLarge
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		size = min(size*2, maxChunk)
	}
	if len(chunks) == 1 {
		return chunks[0], nil
	}
	out := make([]byte, 0, total)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return out, nil
}

// fill reads into buf until it is full or r fails. Unlike io.ReadFull it
// keeps io.ErrUnexpectedEOF, a body cut mid-way, apart from io.EOF, its end.
func fill(r io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := r.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// errBodyTooLarge is readBody's signal that a body passed its limit;
// RoundTrip turns it into a *ResponseTooLargeError.
var errBodyTooLarge = errors.New("response body too large")

// maxPresizedBody bounds the buffer readBody allocates up front from a
// Content-Length header, so a lying header cannot force a huge allocation.
const maxPresizedBody = 8 << 20

// requestError wraps err, with any URL removed from its message, and logs it.
func (t *transport) requestError(ctx context.Context, method, path string, err error) *RequestError {
	re := &RequestError{Method: method, Path: path, Err: t.red.wrap(stripURL(err)), NotSent: neverSent(err)}
	if t.logger != nil {
		t.logger.LogAttrs(ctx, slog.LevelWarn, "clerk: request failed",
			slog.String("method", method),
			slog.String("path", path),
			slog.String("error", errorText(re.Err)),
		)
	}
	return re
}

// logAPIError logs a final non-2xx response: 429 and 5xx at Warn, others at
// Debug since 404 and 422 are ordinary outcomes.
func (t *transport) logAPIError(ctx context.Context, e *APIError) {
	if t.logger == nil {
		return
	}
	level := slog.LevelDebug
	if e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("method", e.Method),
		slog.String("path", e.Path),
		slog.Int("status", e.StatusCode),
	}
	if len(e.Errors) > 0 {
		attrs = append(attrs, slog.String("code", e.Errors[0].Code))
	}
	if e.TraceID != "" {
		attrs = append(attrs, slog.String("trace_id", e.TraceID))
	}
	t.logger.LogAttrs(ctx, level, "clerk: API error", attrs...)
}

// sleepContext waits for d or until ctx ends, whichever is first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
