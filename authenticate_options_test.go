package clerk

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSatelliteConfig(t *testing.T) {
	t.Parallel()
	pem := WithJWTKey(pemOf(t, &testKeyA().PublicKey))
	for _, tc := range []struct {
		name string
		opts []VerifierOption
		ok   bool
	}{
		{"production satellite", []VerifierOption{WithPublishableKey(testPK), WithSatellite(true), WithDomain("satellite.example.org")}, true},
		{"domain given as a URL", []VerifierOption{WithPublishableKey(testPK), WithSatellite(true), WithDomain("https://satellite.example.org/")}, true},
		{"satellite behind a proxy", []VerifierOption{WithPublishableKey(testPK), WithSatellite(true), WithProxyURL("/__clerk")}, true},
		{"development satellite", []VerifierOption{WithPublishableKey(devPK), WithSatellite(true), WithDomain("satellite.example.org"), WithSignInURL("https://app.example.com/sign-in")}, true},
		{"no domain or proxy", []VerifierOption{WithPublishableKey(testPK), WithSatellite(true)}, false},
		{"no publishable key", []VerifierOption{WithSatellite(true), WithDomain("satellite.example.org")}, false},
		{"development without a sign-in URL", []VerifierOption{WithPublishableKey(devPK), WithSatellite(true), WithDomain("satellite.example.org")}, false},
		{"relative sign-in URL", []VerifierOption{WithSignInURL("/sign-in")}, false},
		{"domain with a path", []VerifierOption{WithDomain("satellite.example.org/x")}, false},
		{"empty domain", []VerifierOption{WithDomain("")}, false},
	} {
		_, err := NewVerifier(append([]VerifierOption{pem}, tc.opts...)...)
		if tc.ok != (err == nil) || err != nil && !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: NewVerifier = %v", tc.name, err)
		}
	}
	// A production satellite pins clerk.<domain> as the issuer.
	v := newPEMVerifier(t, WithPublishableKey(testPK), WithSatellite(true), WithDomain("satellite.example.org"))
	if diff := cmp.Diff([]string{"https://clerk.satellite.example.org"}, v.issuers); diff != "" {
		t.Errorf("issuers (-want +got):\n%s", diff)
	}
}

// TestDebugHeaders: signed-out and handshake states carry Clerk's debug
// headers, signed-in ones none, and Middleware puts them on the response.
func TestDebugHeaders(t *testing.T) {
	t.Parallel()
	v := newPEMVerifier(t, WithPublishableKey(testPK))
	valid := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "iss", "https://clerk.example.com"))
	r := httptest.NewRequest(http.MethodGet, "https://app.example.com/", nil)
	r.Header.Set("Authorization", "Bearer abc")
	st := v.AuthenticateRequest(r)
	got := st.Headers()
	want := http.Header{"X-Clerk-Auth-Status": {"signed-out"}, "X-Clerk-Auth-Reason": {"token-invalid"}, "X-Clerk-Auth-Message": {st.Message}}
	if diff := cmp.Diff(want, got); diff != "" || st.Message == "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
	r.Header.Set("Authorization", "Bearer "+valid)
	if st := v.AuthenticateRequest(r); st.Status != AuthSignedIn || st.Headers() != nil {
		t.Errorf("signed in: %s %v", st.Status, st.Headers())
	}
	r.Header.Del("Authorization")
	w := httptest.NewRecorder()
	var seen *RequestState
	v.Middleware(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) { seen, _ = RequestStateFromContext(r.Context()) })).ServeHTTP(w, r)
	if seen == nil || seen.Reason != ReasonSessionTokenAndUATMissing || w.Header().Get(HeaderAuthReason) != ReasonSessionTokenAndUATMissing {
		t.Errorf("state %+v, response headers %v", seen, w.Header())
	}
}
