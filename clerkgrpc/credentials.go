package clerkgrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
	"google.golang.org/grpc/credentials"
)

// ErrM2MToken is returned, wrapped, when an M2M token cannot be created.
var ErrM2MToken = errors.New("clerkgrpc: cannot create an M2M token")

// M2MCredentials is a grpc credentials.PerRPCCredentials that sends an
// M2M token as `authorization: Bearer <token>`. It creates the token
// through the Backend API (POST /m2m_tokens) with its client, whose secret
// key is the machine's, and creates a new one when the current one is
// within its refresh margin of expiring. It is safe for concurrent use.
type M2MCredentials struct {
	c        *clerk.Client
	ttl      time.Duration
	margin   time.Duration
	now      func() time.Time
	insecure bool

	mu  sync.Mutex
	tok string
	exp time.Time
}

var _ credentials.PerRPCCredentials = (*M2MCredentials)(nil)

// CredentialsOption configures NewM2MCredentials.
type CredentialsOption func(*M2MCredentials)

// WithTokenLifetime sets the lifetime asked for each token (default one
// hour).
func WithTokenLifetime(d time.Duration) CredentialsOption {
	return func(m *M2MCredentials) { m.ttl = d }
}

// WithRefreshMargin sets how long before expiry a new token is created
// (default a fifth of the lifetime).
func WithRefreshMargin(d time.Duration) CredentialsOption {
	return func(m *M2MCredentials) { m.margin = d }
}

// WithCredentialsClock sets the clock that decides expiry (for tests).
func WithCredentialsClock(now func() time.Time) CredentialsOption {
	return func(m *M2MCredentials) { m.now = now }
}

// WithInsecureTransport lets the token travel on a connection without
// transport security, for loopback tests only.
func WithInsecureTransport() CredentialsOption {
	return func(m *M2MCredentials) { m.insecure = true }
}

// NewM2MCredentials returns credentials that create M2M tokens with c,
// a client built with the machine's secret key.
func NewM2MCredentials(c *clerk.Client, opts ...CredentialsOption) *M2MCredentials {
	m := &M2MCredentials{c: c, ttl: time.Hour, now: time.Now}
	for _, o := range opts {
		o(m)
	}
	if m.margin <= 0 || m.margin >= m.ttl {
		m.margin = m.ttl / 5
	}
	return m
}

// GetRequestMetadata returns the authorization metadata, creating a token
// first when there is none or the current one is about to expire.
func (m *M2MCredentials) GetRequestMetadata(ctx context.Context, _ ...string) (map[string]string, error) {
	tok, err := m.Token(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]string{"authorization": "Bearer " + tok}, nil
}

// RequireTransportSecurity reports true unless WithInsecureTransport was
// given: a token must not travel in clear text.
func (m *M2MCredentials) RequireTransportSecurity() bool { return !m.insecure }

// Token returns a token valid for longer than the refresh margin.
func (m *M2MCredentials) Token(ctx context.Context) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if m.tok != "" && now.Before(m.exp.Add(-m.margin)) {
		return m.tok, nil
	}
	secs := m.ttl.Seconds()
	res, err := bapi.New(m.c).CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{SecondsUntilExpiration: &secs})
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrM2MToken, err)
	}
	if res.JSON201 == nil || res.JSON201.Token == "" {
		return "", fmt.Errorf("%w: the Backend API answered %d", ErrM2MToken, res.StatusCode())
	}
	m.tok = res.JSON201.Token
	m.exp = now.Add(m.ttl)
	if e := res.JSON201.Expiration; e != nil {
		m.exp = time.UnixMilli(int64(*e))
	}
	return m.tok, nil
}
