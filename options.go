package clerk

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Option configures a [Client] at construction. Options are validated by
// [NewClient], which returns a [*ConfigError] for an invalid one.
type Option func(*config) error

// config is what the options fill in before NewClient builds the Client.
type config struct {
	baseURL    string
	httpClient *http.Client
	retry      RetryPolicy
	userAgent  string
	logger     *slog.Logger
	apiVersion string
	maxBody    int64
	limiter    RateLimiter // nil: none
	// limitFromKey asks NewClient for a LocalRateLimiter sized from the key.
	limitFromKey bool

	// Test hooks; nil means the real implementation.
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	jitter func(n int64) int64
}

// WithBaseURL sets the Backend API endpoint, such as a local fake server in
// tests or a proxy in front of Clerk. It takes the API URL with or without
// the version, as Clerk's other SDKs take CLERK_API_URL
// ("https://api.clerk.com"): a URL whose path does not end in "/v1" gets
// "/v1" appended, so "https://api.clerk.com", "https://api.clerk.com/",
// "https://api.clerk.com/v1" and "https://api.clerk.com/v1/" all mean the
// same. The URL must be absolute http or https, without user information,
// query or fragment, and must not name another API version ("/v2") or an
// endpoint below the version ("/v1/users"): NewClient refuses those with a
// [*ConfigError] rather than letting every call fail with 404. The default
// is [DefaultBaseURL].
func WithBaseURL(baseURL string) Option {
	return func(c *config) error {
		u, err := url.Parse(baseURL)
		if err != nil {
			// url.Parse echoes the input; keep only the reason.
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err
			}
			return &ConfigError{Option: "WithBaseURL", Reason: "cannot parse URL", Err: err}
		}
		switch {
		case u.Scheme != "http" && u.Scheme != "https":
			return &ConfigError{Option: "WithBaseURL", Reason: "scheme must be http or https"}
		case u.Host == "":
			return &ConfigError{Option: "WithBaseURL", Reason: "URL must be absolute, with a host"}
		case u.User != nil:
			return &ConfigError{Option: "WithBaseURL", Reason: "URL must not contain user information"}
		case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
			return &ConfigError{Option: "WithBaseURL", Reason: "URL must not contain a query or fragment"}
		}
		path, err := apiRootPath(u.EscapedPath())
		if err != nil {
			return err
		}
		u.RawPath, u.Path = "", ""
		c.baseURL = strings.TrimSuffix(u.String(), "/") + path
		return nil
	}
}

// apiRootPath returns the escaped path of the API root for a base URL's
// escaped path: it with "/v1" appended unless it ends in "/v1", without a
// trailing slash. A path with another version or an endpoint below "/v1"
// is refused.
func apiRootPath(p string) (string, error) {
	p = strings.TrimRight(p, "/")
	segs := strings.Split(p, "/")
	for i, seg := range segs {
		if !isVersionSegment(seg) {
			continue
		}
		switch {
		case seg != "v1":
			return "", &ConfigError{Option: "WithBaseURL", Reason: "Clerk's Backend API is version v1, not " + seg}
		case i != len(segs)-1:
			return "", &ConfigError{Option: "WithBaseURL", Reason: `path must end at the API root ("/v1"), not at an endpoint below it`}
		}
		return p, nil
	}
	return p + "/v1", nil
}

// isVersionSegment reports whether a path segment looks like an API
// version: "v" and digits.
func isVersionSegment(seg string) bool {
	if len(seg) < 2 || seg[0] != 'v' {
		return false
	}
	for i := 1; i < len(seg); i++ {
		if seg[i] < '0' || seg[i] > '9' {
			return false
		}
	}
	return true
}

// WithHTTPClient sets the *http.Client used for requests, for its transport,
// proxy, TLS settings or per-attempt Timeout. It must not be nil. The
// default is an http.Client with a 30 second timeout per attempt over a
// clone of http.DefaultTransport that keeps up to 128 idle connections to
// Clerk (net/http keeps 2 per host), so that concurrent calls reuse their
// connections. The Timeout bounds each attempt from sending the request to
// reading the last byte of the response. NewClient copies hc, so later
// changes to hc's fields have no effect, and never changes hc itself.
//
// hc's CheckRedirect is not used: the client follows no redirect (see
// [APIError]). hc's transport, and its connection pool, are used as they
// are.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) error {
		if hc == nil {
			return &ConfigError{Option: "WithHTTPClient", Reason: "client must not be nil"}
		}
		c.httpClient = hc
		return nil
	}
}

// WithMaxResponseBytes sets the most bytes of a 2xx response body that the
// client reads; a longer body fails the call with a
// [*ResponseTooLargeError] after reading n+1 bytes, also when it came
// compressed. n must be positive. The default is [DefaultMaxResponseBytes].
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) error {
		if n <= 0 {
			return &ConfigError{Option: "WithMaxResponseBytes", Reason: "must be positive"}
		}
		c.maxBody = n
		return nil
	}
}

// WithRetry sets the retry policy. A zero RetryPolicy, or one with
// MaxAttempts of 1 or less, disables retries. Zero wait fields of an enabled
// policy take the values of [DefaultRetryPolicy]. The default is
// [DefaultRetryPolicy].
func WithRetry(p RetryPolicy) Option {
	return func(c *config) error {
		p, err := p.normalize()
		if err != nil {
			return err
		}
		c.retry = p
		return nil
	}
}

// WithUserAgent appends product tokens, such as "myapp/1.2", to the
// User-Agent header "gobapi-clerk/<Version> go/<Go version>".
func WithUserAgent(ua string) Option {
	return func(c *config) error {
		ua = strings.TrimSpace(ua)
		if ua == "" {
			return &ConfigError{Option: "WithUserAgent", Reason: "must not be empty"}
		}
		if strings.ContainsFunc(ua, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			return &ConfigError{Option: "WithUserAgent", Reason: "must not contain control characters"}
		}
		c.userAgent = ua
		return nil
	}
}

// WithLogger makes the client log retries and failed requests to l: method,
// path (never the query string), status, attempt and wait. It never logs the
// secret key, headers or bodies. l must not be nil; without this option the
// client is silent.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return &ConfigError{Option: "WithLogger", Reason: "logger must not be nil"}
		}
		c.logger = l
		return nil
	}
}

// WithAPIVersion sets the Clerk-API-Version header, a date such as
// "2025-11-10". The default is [DefaultAPIVersion], the version the typed
// API of this SDK describes; other versions may return shapes it does not
// decode.
func WithAPIVersion(v string) Option {
	return func(c *config) error {
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			return &ConfigError{Option: "WithAPIVersion", Reason: "must be a date such as " + DefaultAPIVersion}
		}
		c.apiVersion = v
		return nil
	}
}

// withSleep replaces the wait between retries (tests only).
func withSleep(fn func(ctx context.Context, d time.Duration) error) Option {
	return func(c *config) error { c.sleep = fn; return nil }
}

// withNow replaces the clock used for Retry-After dates (tests only).
func withNow(fn func() time.Time) Option {
	return func(c *config) error { c.now = fn; return nil }
}

// withJitter replaces the random source of backoff jitter (tests only).
func withJitter(fn func(n int64) int64) Option {
	return func(c *config) error { c.jitter = fn; return nil }
}
