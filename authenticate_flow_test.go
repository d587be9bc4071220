package clerk

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeBAPI is a loopback Backend API for the handshake flow: GET
// /v1/clients/handshake_payload answers the directives of a known nonce,
// POST /v1/sessions/{id}/refresh the cookies of refresh (or its error).
type fakeBAPI struct {
	*httptest.Server
	mu         sync.Mutex
	nonces     map[string][]string // nonce → directives
	refresh    []string            // cookies a refresh returns
	refreshErr string              // an error code a refresh fails with
	calls      []string            // method and path of each call
}

func newFakeBAPI(t testing.TB) *fakeBAPI {
	f := &fakeBAPI{nonces: map[string][]string{}}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeBAPI) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, r.Method+" "+r.URL.Path)
	// @clerk/backend parses only exactly application/json (notes §10.6).
	w.Header().Set("Content-Type", "application/json")
	if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer sk_") {
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"errors":[{"code":"authentication_invalid","message":"no key"}]}`))
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/clients/handshake_payload":
		d, ok := f.nonces[r.URL.Query().Get("nonce")]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"errors":[{"code":"resource_not_found","message":"not found"}]}`))
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"directives": d})
	case r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/v1/sessions/") && strings.HasSuffix(r.URL.Path, "/refresh"):
		if f.refreshErr != "" {
			w.WriteHeader(http.StatusBadRequest)
			_ = json.NewEncoder(w).Encode(map[string]any{"errors": []any{map[string]any{"code": f.refreshErr, "message": "refused"}}})
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "cookies", "cookies": f.refresh})
	default:
		w.WriteHeader(http.StatusNotFound)
		_, _ = w.Write([]byte(`{"errors":[{"code":"resource_not_found","message":"not found"}]}`))
	}
}

// flowVerifier is a verifier for testPK (production, clerk.example.com)
// whose Backend API is f.
func flowVerifier(t testing.TB, f *fakeBAPI, opts ...VerifierOption) *Verifier {
	t.Helper()
	c, err := NewClient("sk_live_"+strings.Repeat("x", 40), WithBaseURL(f.URL), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	return newPEMVerifier(t, append([]VerifierOption{WithPublishableKey(testPK), WithClient(c)}, opts...)...)
}

func TestRequireSessionHandshakeFlow(t *testing.T) {
	t.Parallel()
	f := newFakeBAPI(t)
	claims := func() map[string]any { return with(baseClaims(), "iss", "https://clerk.example.com") }
	valid := mint(t, testKeyA(), baseHeader(), claims())
	expired := mint(t, testKeyA(), baseHeader(), with(claims(), "exp", testNow.Unix()-10))
	f.nonces["n1"] = []string{"__session=" + valid + "; Path=/; SameSite=Lax", "__client_uat=1700000000; Path=/"}
	f.refresh = []string{"__session_naoXFJnI=" + valid + "; Path=/", "__client_uat_naoXFJnI=1700000000; Path=/"}
	v := flowVerifier(t, f)
	h := v.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _ := SessionFromContext(r.Context())
		_, _ = w.Write([]byte("hello " + c.UserID))
	}))
	doc := map[string]string{"Sec-Fetch-Dest": "document"}
	type result struct {
		Code                int
		Location            string // path and the parameter names
		Cookies, AuthReason string
	}
	for _, tc := range []struct {
		name    string
		target  string
		headers map[string]string
		cookies string
		want    result
	}{
		{"expired page load redirects", "/p?q=1", doc, "__session=" + expired + "; __client_uat=1",
			result{307, "https://clerk.example.com/v1/client/handshake [__clerk_api_version __clerk_hs_reason __session format redirect_url suffixed_cookies]",
				"__clerk_redirect_count", ReasonSessionTokenExpiredRefresh + refreshNonEligibleNoCookie}},
		{"the nonce coming back signs in", "/p?__clerk_handshake_nonce=n1", doc, "",
			result{200, "", "__session __client_uat", ""}},
		{"an unknown nonce is signed out", "/p?__clerk_handshake_nonce=n2", nil, "",
			result{401, "", "", ReasonSessionTokenMissing}},
		{"refresh cookie on a fetch refreshes", "/api", nil, "__session=" + expired + "; __client_uat=1; __refresh_naoXFJnI=r1",
			result{200, "", "__session_naoXFJnI __client_uat_naoXFJnI", ""}},
		{"API request is 401", "/api", nil, "__client_uat=1",
			result{401, "", "", ReasonClientUATWithoutSessionToken}},
		{"loop guard at 3", "/p", doc, "__session=" + expired + "; __client_uat=1; __clerk_redirect_count=3",
			result{401, "", "", ReasonSessionTokenExpiredRefresh + refreshNonEligibleNoCookie}},
	} {
		r := httptest.NewRequest(http.MethodGet, "https://app.example.com"+tc.target, nil)
		for k, v := range tc.headers {
			r.Header.Set(k, v)
		}
		if tc.cookies != "" {
			r.Header.Set("Cookie", tc.cookies)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		got := result{Code: w.Code, AuthReason: w.Header().Get(HeaderAuthReason)}
		if loc := w.Header().Get("Location"); loc != "" {
			got.Location = locationShape(t, loc)
		}
		var names []string
		for _, c := range w.Result().Cookies() {
			names = append(names, c.Name)
		}
		got.Cookies = strings.Join(names, " ")
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}

// locationShape is a Location's URL without query, and its parameter
// names in order of name.
func locationShape(t testing.TB, loc string) string {
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for k := range u.Query() {
		names = append(names, k)
	}
	slices.Sort(names)
	u.RawQuery = ""
	return u.String() + " [" + strings.Join(names, " ") + "]"
}

// TestHandshakeFailedDevelopment: a development instance given a handshake
// token signed by another key fails the request (D8), with a typed error.
func TestHandshakeFailedDevelopment(t *testing.T) {
	t.Parallel()
	bad := mint(t, testKeyB(), baseHeader(), map[string]any{"handshake": []string{"__session=x"}})
	v := newPEMVerifier(t, WithPublishableKey(devPK))
	r := httptest.NewRequest(http.MethodGet, "https://app.example.com/?__clerk_handshake="+bad, nil)
	st := v.AuthenticateRequest(r)
	if !errors.Is(st.Err, ErrHandshakeFailed) || st.Reason != ReasonHandshakeFailed {
		t.Fatalf("state %s %q %v, want ErrHandshakeFailed", st.Status, st.Reason, st.Err)
	}
	w := httptest.NewRecorder()
	v.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("next ran") })).ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", w.Code)
	}
}
