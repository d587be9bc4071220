package clerk

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// updateReliability rewrites the fault matrix table of RELIABILITY.md from
// the cases of TestFaultMatrix. Without it the test fails when the file
// does not match them.
var updateReliability = flag.Bool("update-reliability", false, "rewrite the fault matrix table in RELIABILITY.md")

// faultNow is the client clock of the fault matrix, for Retry-After dates.
var faultNow = time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)

// faultUser is a complete user body: what a healthy server would send.
const faultUser = `{"object":"user","id":"user_1","first_name":"Ada","created_at":1700000000000,"updated_at":1700000000000}`

// resetConn hijacks the connection of w and closes it with a TCP RST.
func resetConn(t *testing.T, w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// faultOp is one SDK call of the matrix.
type faultOp struct {
	name string
	call func(ctx context.Context, c *Client) error
}

var (
	faultRead = faultOp{"read: Users.Get (GET /users/{id})", func(ctx context.Context, c *Client) error {
		_, err := c.Users.Get(ctx, "user_1")
		return err
	}}
	faultCreate = faultOp{"create: Users.Create (POST /users)", func(ctx context.Context, c *Client) error {
		_, err := c.Users.Create(ctx, &UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
		return err
	}}
)

// faultOutcome is what one call must come to.
type faultOutcome struct {
	attempts int             // round trips the client started
	received int             // requests the server received
	waits    []time.Duration // waits between attempts
	err      string          // how the error is described in the table
	check    func(error) bool
}

// faultCase is one hostile server behaviour, applied to every attempt.
type faultCase struct {
	name string
	// mayProcess: the server received the request and may have acted on
	// it, so a create must not be sent again.
	mayProcess bool
	handler    func(t *testing.T) http.HandlerFunc // nil: no server
	baseURL    string                              // instead of the server's
	timeout    time.Duration                       // context deadline of the call
	read       faultOutcome
	create     faultOutcome
}

func isType[T error](err error) bool {
	var target T
	return errors.As(err, &target)
}

func apiStatus(status int) func(error) bool {
	return func(err error) bool {
		var e *APIError
		return errors.As(err, &e) && e.StatusCode == status
	}
}

func rateLimited(retryAfter time.Duration) func(error) bool {
	return func(err error) bool {
		var e *APIError
		return errors.As(err, &e) && e.StatusCode == http.StatusTooManyRequests && e.RetryAfter == retryAfter
	}
}

func ms(n ...int) []time.Duration {
	ds := make([]time.Duration, len(n))
	for i, v := range n {
		ds[i] = time.Duration(v) * time.Millisecond
	}
	return ds
}

// faultCases is the matrix. The policy is DefaultRetryPolicy (3 attempts,
// waits 250ms to 5s) with zero jitter, so that waits are exact.
func faultCases() []faultCase {
	reqErr := func(err error) bool { return isType[*RequestError](err) }
	backoff := ms(250, 250)
	return []faultCase{
		{
			name:       "connection reset before any response",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { resetConn(t, w) }
			},
			read:   faultOutcome{3, 3, backoff, "`*RequestError` (connection reset)", reqErr},
			create: faultOutcome{1, 1, nil, "`*RequestError` (connection reset)", reqErr},
		},
		{
			name:       "connection reset after 200 headers",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Header().Set("Content-Length", strconv.Itoa(len(faultUser)))
					w.WriteHeader(http.StatusOK)
					http.NewResponseController(w).Flush()
					resetConn(t, w)
				}
			},
			read:   faultOutcome{3, 3, backoff, "`*RequestError` (body read fails inside the attempt)", reqErr},
			create: faultOutcome{1, 1, nil, "`*RequestError` (body read fails inside the attempt)", reqErr},
		},
		{
			name:       "200 body cut mid-way (Content-Length not met)",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					w.Header().Set("Content-Length", strconv.Itoa(len(faultUser)))
					w.WriteHeader(http.StatusOK)
					io.WriteString(w, faultUser[:len(faultUser)/2])
					http.NewResponseController(w).Flush()
					resetConn(t, w)
				}
			},
			read:   faultOutcome{3, 3, backoff, "`*RequestError` (unexpected EOF)", reqErr},
			create: faultOutcome{1, 1, nil, "`*RequestError` (unexpected EOF)", reqErr},
		},
		{
			name:       "200 with truncated JSON (complete HTTP body)",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return jsonHandler(http.StatusOK, faultUser[:len(faultUser)/2])
			},
			read:   faultOutcome{1, 1, nil, "`*DecodeError`", isType[*DecodeError]},
			create: faultOutcome{1, 1, nil, "`*DecodeError`", isType[*DecodeError]},
		},
		{
			name:       "HTML 502 from a proxy",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusBadGateway)
					io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
				}
			},
			read:   faultOutcome{3, 3, backoff, "`*APIError` 502, no details", apiStatus(502)},
			create: faultOutcome{1, 1, nil, "`*APIError` 502, no details", apiStatus(502)},
		},
		{
			name:       "503 storm (every attempt, empty body)",
			mayProcess: true,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }
			},
			read:   faultOutcome{3, 3, backoff, "`*APIError` 503", apiStatus(503)},
			create: faultOutcome{1, 1, nil, "`*APIError` 503", apiStatus(503)},
		},
		{
			name: "429 with `Retry-After: 2`",
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "2")
					jsonHandler(http.StatusTooManyRequests, `{"errors":[{"code":"too_many_requests","message":"Too many requests"}]}`)(w, r)
				}
			},
			read:   faultOutcome{3, 3, ms(2000, 2000), "`*APIError` 429, `RetryAfter` 2s", rateLimited(2 * time.Second)},
			create: faultOutcome{3, 3, ms(2000, 2000), "`*APIError` 429, `RetryAfter` 2s", rateLimited(2 * time.Second)},
		},
		{
			name: "429 with `Retry-After: 0` (waits the 250ms floor)",
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "0")
					jsonHandler(http.StatusTooManyRequests, `{"errors":[]}`)(w, r)
				}
			},
			read:   faultOutcome{3, 3, backoff, "`*APIError` 429, `RetryAfter` 0s", rateLimited(0)},
			create: faultOutcome{3, 3, backoff, "`*APIError` 429, `RetryAfter` 0s", rateLimited(0)},
		},
		{
			name: "429 with `Retry-After` as an HTTP date (now + 3s)",
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", faultNow.Add(3*time.Second).Format(http.TimeFormat))
					jsonHandler(http.StatusTooManyRequests, `{"errors":[]}`)(w, r)
				}
			},
			read:   faultOutcome{3, 3, ms(3000, 3000), "`*APIError` 429, `RetryAfter` 3s", rateLimited(3 * time.Second)},
			create: faultOutcome{3, 3, ms(3000, 3000), "`*APIError` 429, `RetryAfter` 3s", rateLimited(3 * time.Second)},
		},
		{
			name: "429 with `Retry-After: 3600` (clamped to MaxWait)",
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Retry-After", "3600")
					jsonHandler(http.StatusTooManyRequests, `{"errors":[]}`)(w, r)
				}
			},
			read:   faultOutcome{3, 3, ms(5000, 5000), "`*APIError` 429, `RetryAfter` 1h (as sent)", rateLimited(time.Hour)},
			create: faultOutcome{3, 3, ms(5000, 5000), "`*APIError` 429, `RetryAfter` 1h (as sent)", rateLimited(time.Hour)},
		},
		{
			name:       "server slower than the 100ms context deadline",
			mayProcess: true,
			timeout:    100 * time.Millisecond,
			handler: func(t *testing.T) http.HandlerFunc {
				return func(w http.ResponseWriter, r *http.Request) {
					select {
					case <-r.Context().Done():
					case <-time.After(5 * time.Second):
					}
					jsonHandler(http.StatusOK, faultUser)(w, r)
				}
			},
			read:   faultOutcome{1, 1, nil, "`*RequestError` wrapping `context.DeadlineExceeded`", deadlineExceeded},
			create: faultOutcome{1, 1, nil, "`*RequestError` wrapping `context.DeadlineExceeded`", deadlineExceeded},
		},
		{
			name:    "DNS failure (`api.clerk.invalid`)",
			baseURL: "http://api.clerk.invalid/v1",
			read:    faultOutcome{3, 0, backoff, "`*RequestError` wrapping `*net.DNSError`", dnsFailure},
			create:  faultOutcome{3, 0, backoff, "`*RequestError` wrapping `*net.DNSError`", dnsFailure},
		},
	}
}

func deadlineExceeded(err error) bool {
	return isType[*RequestError](err) && errors.Is(err, context.DeadlineExceeded)
}

func dnsFailure(err error) bool {
	return isType[*RequestError](err) && isType[*net.DNSError](err)
}

// countingTransport counts the round trips the client starts.
type countingTransport struct {
	base http.RoundTripper
	n    atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.base.RoundTrip(r)
}

// TestFaultMatrix runs a read and a create against each hostile server
// behaviour with the default retry policy (waits recorded, not slept) and
// checks: the number of attempts and of requests the server received, the
// waits, the error type, that a create the server may have processed is
// never sent twice, that neither the error nor the logs contain the secret
// key, and that the call returns within its context deadline. The table in
// RELIABILITY.md is generated from the same cases (-update-reliability).
func TestFaultMatrix(t *testing.T) {
	cases := faultCases()
	checkReliabilityDoc(t, cases)
	for _, fc := range cases {
		for _, op := range []faultOp{faultRead, faultCreate} {
			want := fc.read
			if op.name == faultCreate.name {
				want = fc.create
			}
			t.Run(fc.name+"/"+strings.SplitN(op.name, ":", 2)[0], func(t *testing.T) {
				t.Parallel()
				var s *server
				baseURL := fc.baseURL
				if fc.handler != nil {
					s = newServer(t, fc.handler(t))
					baseURL = s.URL + "/v1"
				}
				rt := &countingTransport{base: &http.Transport{}}
				t.Cleanup(rt.base.(*http.Transport).CloseIdleConnections)
				var logs bytes.Buffer
				w := &waits{}
				c, err := NewClient(testKey, WithBaseURL(baseURL), WithHTTPClient(&http.Client{Transport: rt}),
					withSleep(w.sleep), withNow(func() time.Time { return faultNow }), withJitter(func(int64) int64 { return 0 }),
					WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
				if err != nil {
					t.Fatal(err)
				}
				timeout := fc.timeout
				if timeout == 0 {
					timeout = 10 * time.Second
				}
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				defer cancel()
				deadline, _ := ctx.Deadline()
				// guard ends a generous second after the call's deadline: the
				// call must have returned before it.
				guard, cancelGuard := context.WithDeadline(context.Background(), deadline.Add(time.Second))
				defer cancelGuard()

				err = op.call(ctx, c)

				if guard.Err() != nil {
					t.Errorf("the call returned more than 1s after its context deadline")
				}
				if fc.timeout == 0 && ctx.Err() != nil {
					t.Errorf("the call ran into its %v deadline; it must end on its own", timeout)
				}
				if err == nil || !want.check(err) {
					t.Errorf("error = %v (%T), want %s", err, err, want.err)
				}
				if got := int(rt.n.Load()); got != want.attempts {
					t.Errorf("attempts = %d, want %d", got, want.attempts)
				}
				received := 0
				if s != nil {
					received = len(s.requests())
				}
				if received != want.received {
					t.Errorf("server received %d requests, want %d", received, want.received)
				}
				if op.name == faultCreate.name && fc.mayProcess && received > 1 {
					t.Errorf("a create the server may have processed was sent %d times", received)
				}
				if got := w.get(); fmt.Sprint(got) != fmt.Sprint(want.waits) {
					t.Errorf("waits = %v, want %v", got, want.waits)
				}
				if err != nil {
					assertNoSecret(t, "error", err.Error())
					assertNoSecret(t, "error %+v", fmt.Sprintf("%+v", err))
				}
				assertNoSecret(t, "logs", logs.String())
			})
		}
	}
}

// Markers around the generated table in RELIABILITY.md.
const (
	faultTableBegin = "<!-- fault-matrix:begin (generated by go test -run TestFaultMatrix -update-reliability; do not edit) -->"
	faultTableEnd   = "<!-- fault-matrix:end -->"
)

// faultTable renders the cases as the Markdown table of RELIABILITY.md.
func faultTable(cases []faultCase) string {
	var b strings.Builder
	b.WriteString("| # | Server behaviour | Call | Attempts | Requests the server received | Waits asked | Error returned | Create sent twice? |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for i, fc := range cases {
		for _, op := range []faultOp{faultRead, faultCreate} {
			o, twice := fc.read, "—"
			if op.name == faultCreate.name {
				o = fc.create
				switch {
				case o.received > 1 && fc.mayProcess:
					twice = "**yes**" // never: the test fails first
				case o.received > 1:
					twice = "resent: the server refused it unprocessed"
				case o.received == 0:
					twice = "no: it never reached a server"
				default:
					twice = "no"
				}
			}
			ws := "none"
			if len(o.waits) > 0 {
				parts := make([]string, len(o.waits))
				for j, d := range o.waits {
					parts[j] = d.String()
				}
				ws = strings.Join(parts, ", ")
			}
			fmt.Fprintf(&b, "| %d | %s | %s | %d | %d | %s | %s | %s |\n", i+1, fc.name, op.name, o.attempts, o.received, ws, o.err, twice)
		}
	}
	return b.String()
}

// checkReliabilityDoc compares the table in RELIABILITY.md with the cases,
// or rewrites it under -update-reliability.
func checkReliabilityDoc(t *testing.T, cases []faultCase) {
	t.Helper()
	const path = "RELIABILITY.md"
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(doc), faultTableBegin)
	_, after, ok2 := strings.Cut(rest, faultTableEnd)
	if !ok1 || !ok2 {
		t.Fatalf("%s lacks the fault matrix markers", path)
	}
	table := faultTable(cases)
	if strings.TrimSpace(strings.SplitN(rest, faultTableEnd, 2)[0]) == strings.TrimSpace(table) {
		return
	}
	if !*updateReliability {
		t.Errorf("%s's fault matrix differs from TestFaultMatrix's cases; run go test -run TestFaultMatrix -update-reliability", path)
		return
	}
	out := before + faultTableBegin + "\n" + table + faultTableEnd + after
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
}
