package clerk

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// testPolicy is the retry policy of the retry tests.
var testPolicy = RetryPolicy{MaxAttempts: 3, MinWait: 100 * time.Millisecond, MaxWait: 2 * time.Second, MaxTotalWait: 10 * time.Second}

// doerOf returns the transport behind c's generated client.
func doerOf(t *testing.T, c *Client) *transport {
	t.Helper()
	tr, ok := c.api.Client.(*transport)
	if !ok {
		t.Fatalf("generated client does not use *transport")
	}
	return tr
}

// doRaw sends one request through c's transport.
func doRaw(t *testing.T, c *Client, ctx context.Context, method, url, body string) (*http.Response, error) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := doerOf(t, c).Do(req)
	if resp != nil {
		resp.Body.Close()
	}
	return resp, err
}

// noKeepAlive is an HTTP client that opens a connection per attempt, so the
// standard transport's own retry on reused connections cannot add attempts.
func noKeepAlive() *http.Client {
	return &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
}

func TestRetryStatusRules(t *testing.T) {
	t.Parallel()
	methods := []string{"GET", "HEAD", "PUT", "DELETE", "POST", "PATCH"}
	statuses := []int{400, 404, 409, 429, 500, 501, 502, 503, 504}
	for _, method := range methods {
		for _, status := range statuses {
			want := 1
			switch {
			case status == 429:
				want = 3
			case (status == 502 || status == 503 || status == 504) && idempotent(method):
				want = 3
			}
			t.Run(method+"/"+http.StatusText(status), func(t *testing.T) {
				t.Parallel()
				s := newServer(t, jsonHandler(status, `{"errors":[{"code":"x","message":"m","long_message":"l"}]}`))
				c, w := newTestClient(t, s, WithRetry(testPolicy))
				_, err := doRaw(t, c, context.Background(), method, s.URL+"/v1/users/user_1", `{"a":1}`)
				var apiErr *APIError
				if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
					t.Fatalf("error = %v, want *APIError with status %d", err, status)
				}
				if got := len(s.requests()); got != want {
					t.Errorf("%s %d: %d attempts, want %d", method, status, got, want)
				}
				if got := len(w.get()); got != want-1 {
					t.Errorf("%s %d: %d waits, want %d", method, status, got, want-1)
				}
			})
		}
	}
}

func TestRetrySucceedsAfterTransientStatus(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			jsonHandler(503, `{}`)(w, r)
			return
		}
		jsonHandler(200, `{"keys":[]}`)(w, r)
	})
	c, _ := newTestClient(t, s, WithRetry(testPolicy))
	if _, err := c.JWKS(context.Background()); err != nil {
		t.Fatalf("JWKS after two 503s: %v", err)
	}
	if got := n.Load(); got != 3 {
		t.Errorf("attempts = %d, want 3", got)
	}
}

// closedURL returns a loopback URL on which nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/v1"
}

func TestRetryConnectionErrors(t *testing.T) {
	t.Parallel()
	// resetServer accepts the request, then resets the connection without
	// a response: the request reached the server.
	resetHandler := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.SetLinger(0) // RST instead of FIN
		}
		conn.Close()
	}
	tests := []struct {
		name         string
		method       string
		refused      bool // dial error: nothing listens
		wantAttempts int
	}{
		{"POST refused is retried", "POST", true, 3},
		{"PATCH refused is retried", "PATCH", true, 3},
		{"GET refused is retried", "GET", true, 3},
		{"POST reset is not retried", "POST", false, 1},
		{"PATCH reset is not retried", "PATCH", false, 1},
		{"GET reset is retried", "GET", false, 3},
		{"DELETE reset is retried", "DELETE", false, 3},
		{"PUT reset is retried", "PUT", false, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var (
				c       *Client
				w       *waits
				s       *server
				baseURL string
			)
			if tt.refused {
				baseURL = closedURL(t)
				w = &waits{}
				var err error
				c, err = NewClient(testKey, WithBaseURL(baseURL), WithRetry(testPolicy), withSleep(w.sleep), WithHTTPClient(noKeepAlive()))
				if err != nil {
					t.Fatal(err)
				}
			} else {
				s = newServer(t, resetHandler)
				baseURL = s.URL + "/v1"
				c, w = newTestClient(t, s, WithRetry(testPolicy), WithHTTPClient(noKeepAlive()))
			}
			_, err := doRaw(t, c, context.Background(), tt.method, baseURL+"/users?email_address=a%40b.c", `{"email_address":["a@b.c"]}`)
			var re *RequestError
			if !errors.As(err, &re) {
				t.Fatalf("error %T (%v) is not *RequestError", err, err)
			}
			if re.NotSent != tt.refused {
				t.Errorf("NotSent = %v, want %v", re.NotSent, tt.refused)
			}
			if strings.Contains(err.Error(), "email_address") || strings.Contains(err.Error(), "?") {
				t.Errorf("error leaks the query: %q", err)
			}
			assertNoSecret(t, "error", err.Error())
			attempts := len(w.get()) + 1
			if s != nil {
				attempts = len(s.requests())
			}
			if attempts != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d (err %v)", attempts, tt.wantAttempts, err)
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 12, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name       string
		status     int
		retryAfter string
		want       time.Duration
	}{
		{"seconds", 429, "1", time.Second},
		{"zero seconds waits MinWait", 429, "0", testPolicy.MinWait},
		{"seconds clamped", 429, "3600", testPolicy.MaxWait},
		{"HTTP date", 429, now.Add(1500 * time.Millisecond).Format(http.TimeFormat), time.Second}, // date has whole seconds
		{"HTTP date clamped", 503, now.Add(48 * time.Hour).Format(http.TimeFormat), testPolicy.MaxWait},
		{"HTTP date past waits MinWait", 503, now.Add(-time.Hour).Format(http.TimeFormat), testPolicy.MinWait},
		{"invalid falls back to backoff", 429, "soon", testPolicy.MinWait},
		{"negative falls back to backoff", 429, "-5", testPolicy.MinWait},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) == 1 {
					w.Header().Set("Retry-After", tt.retryAfter)
					jsonHandler(tt.status, `{"errors":[]}`)(w, r)
					return
				}
				jsonHandler(200, `{"keys":[]}`)(w, r)
			})
			c, w := newTestClient(t, s, WithRetry(testPolicy), withNow(func() time.Time { return now }),
				withJitter(func(int64) int64 { return 0 }))
			if _, err := c.JWKS(context.Background()); err != nil {
				t.Fatalf("JWKS: %v", err)
			}
			if diff := cmp.Diff([]time.Duration{tt.want}, w.get()); diff != "" {
				t.Errorf("waits mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRetryFinal429IsAPIError(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "7")
		w.Header().Set("Clerk-Trace-Id", "trace_rl")
		jsonHandler(429, `{"errors":[{"code":"too_many_requests","message":"Too many requests","long_message":"slow down"}]}`)(w, r)
	})
	c, w := newTestClient(t, s, WithRetry(testPolicy))
	_, err := bapi.New(c).CreateUserWithResponse(context.Background(), gen.CreateUserJSONRequestBody{EmailAddress: []string{"a@b.c"}})
	var got *APIError
	if !errors.As(err, &got) {
		t.Fatalf("error %T (%v) is not *APIError", err, err)
	}
	want := &APIError{
		StatusCode: 429,
		Errors:     []ErrorDetail{{Code: "too_many_requests", Message: "Too many requests", LongMessage: "slow down"}},
		TraceID:    "trace_rl",
		RetryAfter: 7 * time.Second,
		Method:     "POST",
		Path:       "/v1/users",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("APIError mismatch (-want +got):\n%s", diff)
	}
	if !IsRateLimited(err) {
		t.Errorf("IsRateLimited(%v) = false", err)
	}
	if strings.Contains(err.Error(), "giving up") {
		t.Errorf("Error() = %q, want the API error, not retryablehttp's", err)
	}
	if diff := cmp.Diff([]time.Duration{testPolicy.MaxWait, testPolicy.MaxWait}, w.get()); diff != "" {
		t.Errorf("waits mismatch (-want +got):\n%s", diff)
	}
}

func TestRetryReplaysBody(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) < 3 {
			jsonHandler(429, `{"errors":[]}`)(w, r)
			return
		}
		jsonHandler(200, `{"id":"user_1","object":"user"}`)(w, r)
	})
	c, _ := newTestClient(t, s, WithRetry(testPolicy))
	resp, err := bapi.New(c).CreateUserWithResponse(context.Background(), gen.CreateUserJSONRequestBody{
		EmailAddress: []string{"a@b.c"},
		ExternalID:   ptr("ext_1"),
	})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	if resp.JSON200 == nil || resp.JSON200.ID != "user_1" {
		t.Errorf("JSON200 = %+v, want user_1", resp.JSON200)
	}
	reqs := s.requests()
	var bodies []string
	for _, r := range reqs {
		bodies = append(bodies, r.Body)
	}
	const body = `{"email_address":["a@b.c"],"external_id":"ext_1"}`
	if diff := cmp.Diff([]string{body, body, body}, bodies); diff != "" {
		t.Errorf("bodies mismatch (-want +got):\n%s", diff)
	}
}

func ptr[T any](v T) *T { return &v }

func TestRetryBounds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		policy RetryPolicy
		jitter func(int64) int64
		want   []time.Duration
	}{
		{
			name:   "exponential ceilings with maximal jitter",
			policy: RetryPolicy{MaxAttempts: 6, MinWait: 100 * time.Millisecond, MaxWait: time.Second, MaxTotalWait: time.Minute},
			jitter: func(n int64) int64 { return n - 1 },
			want:   []time.Duration{200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second, time.Second},
		},
		{
			name:   "minimal jitter",
			policy: RetryPolicy{MaxAttempts: 4, MinWait: 100 * time.Millisecond, MaxWait: time.Second, MaxTotalWait: time.Minute},
			jitter: func(int64) int64 { return 0 },
			want:   []time.Duration{100 * time.Millisecond, 100 * time.Millisecond, 100 * time.Millisecond},
		},
		{
			name:   "total wait bound stops early",
			policy: RetryPolicy{MaxAttempts: 10, MinWait: time.Second, MaxWait: time.Second, MaxTotalWait: 2500 * time.Millisecond},
			want:   []time.Duration{time.Second, time.Second},
		},
		{
			name:   "disabled",
			policy: RetryPolicy{},
			want:   nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(503, ``))
			opts := []Option{WithRetry(tt.policy)}
			if tt.jitter != nil {
				opts = append(opts, withJitter(tt.jitter))
			}
			c, w := newTestClient(t, s, opts...)
			_, err := c.JWKS(context.Background())
			if !errors.As(err, new(*APIError)) {
				t.Fatalf("error %T (%v) is not *APIError", err, err)
			}
			if diff := cmp.Diff(tt.want, w.get()); diff != "" {
				t.Errorf("waits mismatch (-want +got):\n%s", diff)
			}
			if got, want := len(s.requests()), len(tt.want)+1; got != want {
				t.Errorf("attempts = %d, want %d", got, want)
			}
		})
	}
}

func TestRetryBackoffIsRandomWithinBounds(t *testing.T) {
	t.Parallel()
	// Real jitter source: every wait must lie in [MinWait, ceiling].
	s := newServer(t, jsonHandler(502, ``))
	p := RetryPolicy{MaxAttempts: 5, MinWait: 10 * time.Millisecond, MaxWait: 40 * time.Millisecond, MaxTotalWait: time.Second}
	c, w := newTestClient(t, s, WithRetry(p))
	for range 20 {
		c.JWKS(context.Background())
	}
	for i, d := range w.get() {
		if d < p.MinWait || d > p.MaxWait {
			t.Errorf("wait %d = %v, outside [%v, %v]", i, d, p.MinWait, p.MaxWait)
		}
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	t.Parallel()
	t.Run("canceled during backoff", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, jsonHandler(503, ``))
		ctx, cancel := context.WithCancel(context.Background())
		// The wait blocks until the context ends; cancel as soon as the
		// transport starts waiting.
		sleep := func(ctx context.Context, d time.Duration) error {
			cancel()
			<-ctx.Done()
			return ctx.Err()
		}
		c, err := NewClient(testKey, WithBaseURL(s.URL+"/v1"), WithRetry(testPolicy), withSleep(sleep))
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = c.JWKS(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("error = %v, want context.Canceled", err)
		}
		if !errors.As(err, new(*RequestError)) {
			t.Errorf("error %T is not *RequestError", err)
		}
		if strings.Contains(err.Error(), "giving up") {
			t.Errorf("Error() = %q", err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("took %v after cancel", el)
		}
		if got := len(s.requests()); got != 1 {
			t.Errorf("attempts = %d, want 1", got)
		}
	})
	t.Run("real sleep returns at cancel", func(t *testing.T) {
		t.Parallel()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		start := time.Now()
		if err := sleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
			t.Errorf("sleepContext = %v, want context.Canceled", err)
		}
		if el := time.Since(start); el > time.Second {
			t.Errorf("sleepContext took %v", el)
		}
	})
	t.Run("deadline before next attempt", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2")
			jsonHandler(429, `{"errors":[]}`)(w, r)
		})
		c, w := newTestClient(t, s, WithRetry(testPolicy))
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_, err := c.JWKS(ctx)
		if !IsRateLimited(err) {
			t.Fatalf("error = %v, want the 429 at once", err)
		}
		if got := len(w.get()); got != 0 {
			t.Errorf("waited %d times, want 0", got)
		}
	})
	t.Run("already canceled", func(t *testing.T) {
		t.Parallel()
		s := newServer(t, jsonHandler(200, `{"keys":[]}`))
		c, _ := newTestClient(t, s)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := c.JWKS(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("error = %v, want context.Canceled", err)
		}
	})
}

func TestNoSecretInLogs(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "1")
			jsonHandler(429, `{"errors":[{"code":"too_many_requests","message":"slow"}]}`)(w, r)
		case 2:
			jsonHandler(503, `<html>`)(w, r)
		default:
			jsonHandler(404, `{"errors":[{"code":"resource_not_found","message":"nope"}]}`)(w, r)
		}
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newTestClient(t, s, WithRetry(testPolicy), WithLogger(logger))
	_, err := bapi.New(c).GetUserListWithResponse(context.Background(), &gen.GetUserListParams{EmailAddress: []string{"secret.person@example.com"}})
	if !IsNotFound(err) {
		t.Fatalf("error = %v, want 404", err)
	}
	if got := s.requests()[0].Query; !strings.Contains(got, "secret.person") {
		t.Fatalf("query %q was not sent", got)
	}
	// A transport failure is logged too.
	bad, _ := NewClient(testKey, WithBaseURL(closedURL(t)), WithRetry(RetryPolicy{}), WithLogger(logger))
	_, err2 := bapi.New(bad).GetUserListWithResponse(context.Background(), &gen.GetUserListParams{EmailAddress: []string{"secret.person@example.com"}})
	logs := buf.String()
	for _, want := range []string{"clerk: retrying request", "status=429", "status=503", "status=404", "attempt=2", "path=/v1/users", "clerk: request failed"} {
		if !strings.Contains(logs, want) {
			t.Errorf("logs lack %q:\n%s", want, logs)
		}
	}
	for name, text := range map[string]string{"logs": logs, "error": err.Error(), "transport error": err2.Error()} {
		assertNoSecret(t, name, text)
		for _, bad := range []string{"secret.person", "example.com", "email_address", "?"} {
			if strings.Contains(text, bad) {
				t.Errorf("%s contain %q:\n%s", name, bad, text)
			}
		}
	}
}

// TestRetryBodyCutAfterHeaders: a 2xx whose connection breaks in the middle
// of the body is a failed attempt. A GET is retried and succeeds; a POST,
// which the server may have processed, is not, and surfaces as
// *RequestError.
func TestRetryBodyCutAfterHeaders(t *testing.T) {
	t.Parallel()
	const full = `{"object":"user","id":"user_1"}`
	for _, tt := range []struct {
		method       string
		wantAttempts int
		wantErr      bool
	}{
		{"GET", 2, false},
		{"POST", 1, true},
	} {
		t.Run(tt.method, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if n.Add(1) > 1 {
					jsonHandler(http.StatusOK, full)(w, r)
					return
				}
				// Promise the whole body, send half, then cut the connection.
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", strconv.Itoa(len(full)))
				w.WriteHeader(http.StatusOK)
				io.WriteString(w, full[:len(full)/2])
				http.NewResponseController(w).Flush()
				conn, _, err := http.NewResponseController(w).Hijack()
				if err == nil {
					conn.Close()
				}
			})
			c, w := newTestClient(t, s, WithRetry(testPolicy), WithHTTPClient(noKeepAlive()))
			resp, err := doRaw(t, c, context.Background(), tt.method, s.URL+"/v1/users", `{}`)
			if got := len(s.requests()); got != tt.wantAttempts {
				t.Errorf("attempts = %d, want %d (waits %v)", got, tt.wantAttempts, w.get())
			}
			var re *RequestError
			if tt.wantErr {
				if !errors.As(err, &re) {
					t.Fatalf("err = %v (%T), want *RequestError", err, err)
				}
				return
			}
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("resp = %v, err = %v", resp, err)
			}
		})
	}
}
