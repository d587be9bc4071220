package clerk

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
)

// devPK is the publishable key of the instance the test tokens name as
// their issuer (testIssuer, clean-mayfly-12.clerk.accounts.dev).
const devPK = "pk_test_Y2xlYW4tbWF5Zmx5LTEyLmNsZXJrLmFjY291bnRzLmRldiQ"

// TestPublishableKeyPinsIssuer: WithPublishableKey accepts only tokens that
// the key's instance issued, as the README promises; WithProxyURL moves the
// issuer to the proxy, and WithIssuer replaces it.
func TestPublishableKeyPinsIssuer(t *testing.T) {
	t.Parallel()
	const proxy = "https://example.com/__clerk"
	token := func(iss any) string {
		return mint(t, testKeyA(), baseHeader(), with(baseClaims(), "iss", iss))
	}
	cases := []struct {
		name    string
		opts    []VerifierOption
		iss     any
		wantErr error
	}{
		{"own instance", []VerifierOption{WithPublishableKey(devPK)}, testIssuer, nil},
		{"another instance", []VerifierOption{WithPublishableKey(devPK)}, "https://other-fox-9.clerk.accounts.dev", ErrInvalidIssuer},
		{"another instance's production host", []VerifierOption{WithPublishableKey(devPK)}, "https://clerk.example.com", ErrInvalidIssuer},
		{"no iss", []VerifierOption{WithPublishableKey(devPK)}, nil, ErrInvalidIssuer},
		{"http instead of https", []VerifierOption{WithPublishableKey(devPK)}, "http://clean-mayfly-12.clerk.accounts.dev", ErrInvalidIssuer},
		{"proxy: the proxy's issuer", []VerifierOption{WithPublishableKey(devPK), WithProxyURL(proxy)}, proxy, nil},
		{"proxy: the Frontend API's own issuer", []VerifierOption{WithPublishableKey(devPK), WithProxyURL(proxy + "/")}, testIssuer, ErrInvalidIssuer},
		{"WithIssuer replaces the key's", []VerifierOption{WithPublishableKey(devPK), WithIssuer("https://clerk.satellite.example.org")}, "https://clerk.satellite.example.org", nil},
		{"WithIssuer: the key's own no longer", []VerifierOption{WithPublishableKey(devPK), WithIssuer("https://clerk.satellite.example.org")}, testIssuer, ErrInvalidIssuer},
		{"no publishable key: any issuer", nil, "https://other-fox-9.clerk.accounts.dev", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := newPEMVerifier(t, append(tc.opts, WithTokenCacheSize(0))...)
			_, err := v.Verify(context.Background(), token(tc.iss))
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Errorf("Verify = %v, want %v", err, tc.wantErr)
			}
		})
	}
}

// TestProxyURLHandshake: behind a proxy, handshakes go through it.
func TestProxyURLHandshake(t *testing.T) {
	t.Parallel()
	v := newPEMVerifier(t, WithPublishableKey(devPK), WithProxyURL("https://example.com/__clerk"))
	r := httptest.NewRequest("GET", "https://example.com/dashboard", nil)
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Cookie", "__client_uat=1700000000")
	st := v.AuthenticateRequest(r)
	if st.Status != AuthHandshake || !strings.HasPrefix(st.HandshakeURL, "https://example.com/__clerk/v1/client/handshake?") {
		t.Errorf("state %s, handshake URL %q; want a handshake through the proxy", st.Status, st.HandshakeURL)
	}
}

func TestProxyURLConfig(t *testing.T) {
	t.Parallel()
	pem := WithJWTKey(pemOf(t, &testKeyA().PublicKey))
	for _, tc := range []struct {
		name string
		opts []VerifierOption
	}{
		{"without a publishable key", []VerifierOption{pem, WithProxyURL("https://example.com/__clerk")}},
		{"protocol-relative", []VerifierOption{pem, WithPublishableKey(devPK), WithProxyURL("//example.com/__clerk")}},
		{"http", []VerifierOption{pem, WithPublishableKey(devPK), WithProxyURL("http://example.com/__clerk")}},
		{"query", []VerifierOption{pem, WithPublishableKey(devPK), WithProxyURL("https://example.com/__clerk?x=1")}},
	} {
		if _, err := NewVerifier(tc.opts...); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: NewVerifier = %v, want ErrInvalidConfig", tc.name, err)
		}
	}
}
