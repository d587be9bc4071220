package clerk

import (
	"math/rand/v2"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// defaultTimeout bounds each attempt of the default http.Client.
const defaultTimeout = 30 * time.Second

// Client calls the Clerk Backend API with one instance's secret key. Build it
// with [NewClient]; it is safe for concurrent use.
//
// The service fields group the common operations; [Client.API] reaches every
// operation of the spec through the same transport.
type Client struct {
	// Users manages users.
	Users *UsersService
	// Organizations manages organizations and their memberships.
	Organizations *OrganizationsService
	// Sessions manages sessions.
	Sessions *SessionsService

	api *gen.ClientWithResponses
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
		cfg.httpClient = &http.Client{Timeout: defaultTimeout}
	}
	ua := "gobapi-clerk/" + Version + " go/" + strings.TrimPrefix(runtime.Version(), "go")
	if cfg.userAgent != "" {
		ua += " " + cfg.userAgent
	}
	t := &transport{
		httpClient: bufferingClient(cfg.httpClient),
		auth:       "Bearer " + secretKey,
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
	api, err := gen.NewClientWithResponses(cfg.baseURL, gen.WithHTTPClient(t))
	if err != nil {
		return nil, &ConfigError{Option: "WithBaseURL", Reason: "generated client refused it", Err: err}
	}
	c := &Client{api: api}
	c.Users = &UsersService{client: c}
	c.Organizations = &OrganizationsService{client: c}
	c.Sessions = &SessionsService{client: c}
	return c, nil
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

// API returns the generated client for every operation of the spec. It
// shares this Client's transport: authentication, headers, retries, and the
// mapping of non-2xx responses to [*APIError] returned as the error of each
// …WithResponse call.
func (c *Client) API() *gen.ClientWithResponses { return c.api }
