package clerk

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/gobapi/clerk/internal/apiclient"
)

// defaultTimeout bounds each attempt of the default http.Client.
const defaultTimeout = 30 * time.Second

// DefaultMaxResponseBytes is the most bytes of a 2xx response body a
// [Client] reads unless [WithMaxResponseBytes] says otherwise: 32 MiB, some
// five times the largest page Clerk serves (500 users with full metadata).
const DefaultMaxResponseBytes = 32 << 20

// Pool sizes of the default transport: Clerk is one host, and a client
// shared by many goroutines must keep their connections for reuse (net/http
// keeps 2 per host), or each call pays a new TCP and TLS handshake.
const (
	defaultMaxIdleConns = 128
	// defaultMaxHeaderBytes bounds response headers; Clerk's are a few KiB.
	defaultMaxHeaderBytes = 1 << 20
)

// defaultHTTPClient is the http.Client of a Client built without
// WithHTTPClient: its own transport, tuned from http.DefaultTransport, so
// that the pool is sized for concurrency and the caller's
// http.DefaultTransport is not changed.
func defaultHTTPClient() *http.Client {
	hc := &http.Client{Timeout: defaultTimeout}
	if dt, ok := http.DefaultTransport.(*http.Transport); ok {
		tr := dt.Clone()
		tr.MaxIdleConns = max(tr.MaxIdleConns, defaultMaxIdleConns)
		tr.MaxIdleConnsPerHost = defaultMaxIdleConns
		tr.MaxResponseHeaderBytes = defaultMaxHeaderBytes
		hc.Transport = tr
	}
	return hc
}

// Client calls the Clerk Backend API with one instance's secret key. Build it
// with [NewClient]; it is safe for concurrent use.
//
// The service fields group the common operations. Every operation of the
// spec is reachable through the same transport with package
// github.com/gobapi/clerk/bapi (bapi.New(c) for typed responses,
// bapi.NewRaw(c) for the raw *http.Response), or with [Client.Do] for a
// request built by hand.
type Client struct {
	// Users manages users.
	Users *UsersService
	// Organizations manages organizations and their memberships.
	Organizations *OrganizationsService
	// Sessions manages sessions.
	Sessions *SessionsService
	// JWTTemplates manages JWT templates.
	JWTTemplates *JWTTemplatesService
	// SignInTokens manages sign-in tokens.
	SignInTokens *SignInTokensService
	// EmailAddresses manages users' email addresses.
	EmailAddresses *EmailAddressesService
	// PhoneNumbers manages users' phone numbers.
	PhoneNumbers *PhoneNumbersService

	api     *apiclient.APIClient
	baseURL string
	base    *url.URL
	doer    *transport
}

// NewClient returns a Client that authenticates with secretKey, an instance
// secret key starting with "sk_test_" or "sk_live_". It returns a
// [*ConfigError] for an invalid key or option; the error never contains the
// key.
func NewClient(secretKey string, opts ...Option) (*Client, error) {
	if err := checkSecretKey(secretKey); err != nil {
		return nil, err
	}
	cfg := config{
		baseURL:    DefaultBaseURL,
		retry:      DefaultRetryPolicy(),
		apiVersion: DefaultAPIVersion,
		maxBody:    DefaultMaxResponseBytes,
	}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.httpClient == nil {
		cfg.httpClient = defaultHTTPClient()
	}
	if cfg.limitFromKey {
		lim, err := NewLocalRateLimiter(RateLimitForKey(secretKey))
		if err != nil {
			return nil, err
		}
		cfg.limiter = lim
	}
	ua := "gobapi-clerk/" + Version + " go/" + strings.TrimPrefix(runtime.Version(), "go")
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	hc := bufferingClient(cfg.httpClient, cfg.maxBody)
	if cfg.limiter != nil {
		hc.Transport = &limitTransport{base: hc.Transport, limiter: cfg.limiter, now: nowOr(cfg.now)}
	}
	t := &transport{
		httpClient: hc,
		auth:       "Bearer " + secretKey,
		red:        newRedactor(secretKey),
		retriers:   sync.Pool{New: newRetrier},
		userAgent:  ua,
		apiVersion: cfg.apiVersion,
		retry:      cfg.retry,
		logger:     cfg.logger,
		sleep:      cfg.sleep,
		now:        cfg.now,
	}
	if t.sleep == nil {
		t.sleep = sleepContext
	}
	if t.now == nil {
		t.now = time.Now
	}
	t.jitter = cfg.jitter
	if t.jitter == nil {
		t.jitter = rand.Int64N
	}
	base, err := url.Parse(cfg.baseURL)
	if err != nil {
		// WithBaseURL has parsed and rebuilt it already.
		return nil, &ConfigError{Option: "WithBaseURL", Reason: "cannot parse URL", Err: errors.Unwrap(err)}
	}
	c := &Client{
		api:     &apiclient.APIClient{Server: cfg.baseURL + "/", Client: t},
		baseURL: cfg.baseURL,
		base:    base,
		doer:    t,
	}
	c.Users = &UsersService{client: c}
	c.Organizations = &OrganizationsService{client: c}
	c.Sessions = &SessionsService{client: c}
	c.JWTTemplates = &JWTTemplatesService{client: c}
	c.SignInTokens = &SignInTokensService{client: c}
	c.EmailAddresses = &EmailAddressesService{client: c}
	c.PhoneNumbers = &PhoneNumbersService{client: c}
	return c, nil
}

// nowOr returns now, or time.Now when now is nil.
func nowOr(now func() time.Time) func() time.Time {
	if now == nil {
		return time.Now
	}
	return now
}

// checkSecretKey refuses keys that cannot be Backend API secret keys. The
// error never echoes any part of the key.
func checkSecretKey(key string) error {
	switch {
	case key == "":
		return &ConfigError{Option: "secret key", Reason: "must not be empty"}
	case !strings.HasPrefix(key, "sk_test_") && !strings.HasPrefix(key, "sk_live_"):
		return &ConfigError{Option: "secret key", Reason: `must start with "sk_test_" or "sk_live_"`}
	case len(key) == len("sk_test_"):
		return &ConfigError{Option: "secret key", Reason: "is only a prefix"}
	case strings.ContainsFunc(key, func(r rune) bool { return r <= 0x20 || r >= 0x7f }):
		return &ConfigError{Option: "secret key", Reason: "must not contain spaces or control characters"}
	}
	return nil
}

// BaseURL returns the Backend API URL this Client calls, ending in the
// API version ("https://api.clerk.com/v1" by default), without a trailing
// slash.
func (c *Client) BaseURL() string { return c.baseURL }

// Do sends req, a request to this Client's Backend API, through the
// Client's transport: it adds the secret key, the User-Agent and
// Clerk-API-Version headers, retries as the [RetryPolicy] allows, caps and
// buffers the body, refuses redirects, and maps failures to typed errors:
// an [*APIError] for a non-2xx response (3xx included), a [*RequestError]
// when no response came, a [*ResponseTooLargeError] for a body over the
// cap. A 2xx response's body is in memory; close it all the same.
//
// Do is how package github.com/gobapi/clerk/bapi calls every operation of
// the spec. It refuses, with a [*RequestError] whose NotSent is true and
// without sending anything, a request whose URL is not below [Client.BaseURL]
// (another scheme, host, port or path), so the secret key never goes to
// another server.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	if req == nil || req.URL == nil {
		return nil, &RequestError{Err: errNotBelowBase, NotSent: true}
	}
	u := req.URL
	root := c.base.EscapedPath() + "/"
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host || u.User != nil ||
		!strings.HasPrefix(u.EscapedPath(), root) {
		return nil, &RequestError{Method: req.Method, Path: u.EscapedPath(), Err: errNotBelowBase, NotSent: true}
	}
	return c.doer.Do(req)
}

// errNotBelowBase is the cause of Client.Do's refusal of a request to
// another server.
var errNotBelowBase = errors.New("request URL is not below the client's base URL; not sent")
