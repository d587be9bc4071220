package clerk

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const testPK = "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k" // clerk.example.com, cookie suffix naoXFJnI

func TestCookieSuffix(t *testing.T) {
	t.Parallel()
	for pk, want := range map[string]string{
		"pk_live_Y2xlcmsuZXhhbXBsZS5jb20k":                        "naoXFJnI",
		"pk_test_Y2xlYW4tbWF5Zmx5LTEyLmNsZXJrLmFjY291bnRzLmRldiQ": "3v0KLrqW",
	} {
		p, err := parsePublishableKey(pk)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, p.cookieSuffix()); diff != "" {
			t.Errorf("suffix (-want +got):\n%s", diff)
		}
	}
	if iss, err := IssuerFromPublishableKey(testPK); err != nil || iss != "https://clerk.example.com" {
		t.Errorf("IssuerFromPublishableKey = %q, %v", iss, err)
	}
}

// authCase is one request for AuthenticateRequest, with the state Clerk's
// authenticateRequest gives it (TestCrossCheckAuthenticateRequest runs the
// same table through @clerk/backend).
type authCase struct {
	name    string
	method  string // GET when empty
	headers map[string]string
	cookies map[string]string
	parties []string // WithAuthorizedParties / authorizedParties
	nowSec  int64    // the clock; testNow when zero
	want    authView
	// clerk is what @clerk/backend answers where we differ on purpose
	// (why says why); nil when it answers want.
	clerk *authView
	why   string
}

// authView is the part of a request state both libraries report.
type authView struct{ Status, Reason, Source string }

// authURL is the URL every authCase asks for.
const authURL = "https://app.example.com/dashboard?q=1"

// cookieHeader renders cookies as one Cookie header, in name order.
func (c authCase) cookieHeader() string {
	names := make([]string, 0, len(c.cookies))
	for n := range c.cookies {
		names = append(names, n)
	}
	slices.Sort(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + "=" + c.cookies[n]
	}
	return strings.Join(parts, "; ")
}

func (c authCase) now() time.Time {
	if c.nowSec == 0 {
		return testNow
	}
	return time.Unix(c.nowSec, 0)
}

// authTokens are the session tokens the request tables send, for the
// instance of testPK (iss https://clerk.example.com) unless said.
type authTokens struct {
	valid, expired, notYet, issuedLater, older, badSig string
	m2m, tmpl, session, ignore, machineSub, atJWT      string // categories, machine subject, typ
	pending, noIss, foreign, newer, noAzp              string
}

func newAuthTokens(t testing.TB) authTokens {
	a, b := testKeyA(), testKeyB()
	claims := func() map[string]any { return with(baseClaims(), "iss", "https://clerk.example.com") }
	return authTokens{
		valid:       mint(t, a, baseHeader(), claims()),
		expired:     mint(t, a, baseHeader(), with(claims(), "exp", testNow.Unix()-10)),
		notYet:      mint(t, a, baseHeader(), with(claims(), "nbf", testNow.Unix()+60)),
		issuedLater: mint(t, a, baseHeader(), with(claims(), "iat", testNow.Unix()+60, "nbf", nil)),
		older:       mint(t, a, baseHeader(), with(claims(), "iat", testNow.Unix()-500, "nbf", nil)),
		badSig:      mint(t, b, baseHeader(), claims()),
		m2m:         mint(t, a, with(baseHeader(), "cat", catMachine), claims()),
		tmpl:        mint(t, a, with(baseHeader(), "cat", catTemplate), claims()),
		session:     mint(t, a, with(baseHeader(), "cat", catSession), claims()),
		ignore:      mint(t, a, with(baseHeader(), "cat", "cl_I7d4PD111III"), claims()),
		machineSub:  mint(t, a, baseHeader(), with(claims(), "sub", "mch_2abcdefghijklmnop")),
		atJWT:       mint(t, a, with(baseHeader(), "typ", "at+jwt"), claims()),
		pending:     mint(t, a, baseHeader(), with(claims(), "sts", "pending")),
		noIss:       mint(t, a, baseHeader(), with(claims(), "iss", nil)),
		foreign:     mint(t, a, baseHeader(), with(claims(), "iss", "https://clerk.other.com")),
		newer:       mint(t, a, baseHeader(), with(claims(), "iat", testNow.Unix()+1, "nbf", nil)),
		noAzp:       mint(t, a, baseHeader(), with(claims(), "azp", nil)),
	}
}

// authCases is the request table: the notes' cases (H…, C…, E…) and the
// cookie-selection rules, for the instance of testPK (clerk.example.com).
func authCases(t testing.TB) []authCase {
	tk := newAuthTokens(t)
	valid, expired, notYet, issuedLater, badSig := tk.valid, tk.expired, tk.notYet, tk.issuedLater, tk.badSig
	m2m, tmpl, session, ignore, machineSub, atJWT := tk.m2m, tk.tmpl, tk.session, tk.ignore, tk.machineSub, tk.atJWT
	pending, noIss, foreign, newer := tk.pending, tk.noIss, tk.foreign, tk.newer
	const uat, sfx = "1700000000", "_naoXFJnI"
	doc := map[string]string{"Sec-Fetch-Dest": "document"}
	api := map[string]string{"Accept": "*/*"}
	bearer := func(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }
	in := authView{Status: string(AuthSignedIn)}
	out := func(reason, source string) authView { return authView{string(AuthSignedOut), reason, source} }
	hs := func(reason, source string) authView { return authView{string(AuthHandshake), reason, source} }
	inFrom := func(source string) authView { v := in; v.Source = source; return v }
	const expiredReason = "session-token-expired-refresh-non-eligible-no-refresh-cookie"
	return []authCase{
		// The Authorization header.
		{name: "H1 bearer", headers: bearer(valid), want: inFrom("header")},
		{name: "H8 bare token", headers: map[string]string{"Authorization": valid}, want: inFrom("header")},
		{name: "H7 bearer garbage", headers: bearer("abc"), want: out("token-invalid", "header")},
		{name: "E1 two spaces", headers: map[string]string{"Authorization": "Bearer  " + valid}, want: out("token-invalid", "header")},
		{name: "E2 scheme alone", headers: map[string]string{"Authorization": "Bearer"}, want: out("token-invalid", "header")},
		{name: "H9 lower-case scheme falls to cookies", headers: map[string]string{"Authorization": "bearer " + valid}, want: out("session-token-and-uat-missing", "")},
		{name: "H10 Basic does not block the cookie", headers: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"},
			cookies: map[string]string{"__session": valid, "__client_uat": uat}, want: inFrom("cookie")},
		{name: "H18 header wins over cookie", headers: bearer(valid), cookies: map[string]string{"__session": expired, "__client_uat": uat}, want: inFrom("header")},
		{name: "H3 azp not authorized", headers: bearer(valid), parties: []string{"https://other.com"}, want: out("token-invalid-authorized-parties", "header")},
		{name: "azp authorized", headers: bearer(valid), parties: []string{testAzp}, want: inFrom("header")},
		{name: "H6 bad signature", headers: bearer(badSig), want: out("token-invalid-signature", "header")},
		{name: "H4 expired bearer api", headers: map[string]string{"Authorization": "Bearer " + expired, "Accept": "*/*"}, want: out(expiredReason, "header")},
		{name: "H5 expired bearer doc", headers: map[string]string{"Authorization": "Bearer " + expired, "Sec-Fetch-Dest": "document"}, want: hs(expiredReason, "header")},
		{name: "expired bearer within leeway", headers: bearer(valid), nowSec: 1700000064, want: inFrom("header")},
		{name: "H11 m2m category", headers: bearer(m2m), want: out("token-type-mismatch", "header")},
		{name: "H12 template category", headers: bearer(tmpl), want: out("token-type-mismatch", "header")},
		{name: "H13 session category", headers: bearer(session), want: inFrom("header")},
		{name: "H14 ignore category", headers: bearer(ignore), want: inFrom("header")},
		{name: "H15 machine subject", headers: bearer(machineSub), want: out("token-type-mismatch", "header")},
		{name: "H16 typ at+jwt", headers: bearer(atJWT), want: out("token-type-mismatch", "header")},
		{name: "H17 API key where only sessions are accepted", headers: bearer("ak_123"), want: out("token-type-mismatch", "header"),
			clerk: &authView{string(AuthSignedOut), "token-invalid", "header"},
			why:   "Clerk parses the key as a JWT; we say what it is, as Clerk does when acceptsToken is a list"},
		{name: "H20 nbf api", headers: bearer(notYet), want: out("session-token-nbf", "header")},
		{name: "H21 iat in the future api", headers: bearer(issuedLater), want: out("session-token-iat-in-the-future", "header")},
		{name: "H19 pending is signed in here", headers: bearer(pending), want: inFrom("header")},

		// Cookies.
		{name: "C1 no cookies", want: out("session-token-and-uat-missing", "")},
		{name: "C2 uat zero", cookies: map[string]string{"__client_uat": "0"}, want: out("session-token-and-uat-missing", "")},
		{name: "C3 uat no session doc", headers: doc, cookies: map[string]string{"__client_uat": uat}, want: hs("client-uat-but-no-session-token", "")},
		{name: "C4 uat no session api", headers: api, cookies: map[string]string{"__client_uat": uat}, want: out("client-uat-but-no-session-token", "")},
		{name: "C5 session no uat doc", headers: doc, cookies: map[string]string{"__session": valid}, want: hs("session-token-but-no-client-uat", "cookie")},
		{name: "C6 session uat zero doc", headers: doc, cookies: map[string]string{"__session": valid, "__client_uat": "0"}, want: hs("session-token-but-no-client-uat", "cookie")},
		{name: "C7 uat equals iat", cookies: map[string]string{"__session": valid, "__client_uat": uat}, want: inFrom("cookie")},
		{name: "uat before iat", cookies: map[string]string{"__session": valid, "__client_uat": "1699999000"}, want: inFrom("cookie")},
		{name: "C8 iat before uat doc", headers: doc, cookies: map[string]string{"__session": valid, "__client_uat": "1700000001"}, want: hs("session-token-iat-before-client-uat", "cookie")},
		{name: "C9 iat before uat api", headers: api, cookies: map[string]string{"__session": valid, "__client_uat": "1700000001"}, want: out("session-token-iat-before-client-uat", "cookie")},
		{name: "C10 expired doc", headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1"}, want: hs(expiredReason, "cookie")},
		{name: "C12 expired accept html", headers: map[string]string{"Accept": "text/html,*/*"}, cookies: map[string]string{"__session": expired, "__client_uat": "1"}, want: hs(expiredReason, "cookie")},
		{name: "C13 expired iframe", headers: map[string]string{"Sec-Fetch-Dest": "iframe"}, cookies: map[string]string{"__session": expired, "__client_uat": "1"}, want: hs(expiredReason, "cookie")},
		{name: "expired api", headers: api, cookies: map[string]string{"__session": expired, "__client_uat": "1"}, want: out(expiredReason, "cookie")},
		{name: "C11 expired POST doc", method: http.MethodPost, headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1"},
			want: out("session-token-expired-refresh-non-eligible-non-get", "cookie")},
		{name: "C14 redirect loop guard", headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1", "__clerk_redirect_count": "3"}, want: out(expiredReason, "cookie")},
		{name: "nbf cookie doc", headers: doc, cookies: map[string]string{"__session": notYet, "__client_uat": "1"}, want: hs("session-token-nbf", "cookie")},
		{name: "C15 bad signature cookie", cookies: map[string]string{"__session": badSig, "__client_uat": "1"}, want: out("token-invalid-signature", "cookie")},
		{name: "C16 malformed cookie", cookies: map[string]string{"__session": "abc", "__client_uat": "1"}, want: out("token-invalid", "cookie")},
		{name: "C21 m2m cookie", cookies: map[string]string{"__session": m2m, "__client_uat": "1"}, want: out("token-type-mismatch", "cookie")},
		{name: "C28 template cookie", cookies: map[string]string{"__session": tmpl, "__client_uat": "1"}, want: out("token-type-mismatch", "cookie")},
		{name: "azp not authorized cookie", cookies: map[string]string{"__session": valid, "__client_uat": uat}, parties: []string{"https://other.com"},
			want: out("token-invalid-authorized-parties", "cookie")},
		{name: "C17 cross-origin document from a satellite", headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://satellite.example.org/x"},
			cookies: map[string]string{"__session": valid, "__client_uat": uat}, want: hs("primary-domain-cross-origin-sync", "cookie")},

		// Which of __session and __session_<suffix> counts.
		{name: "C22 suffixed cookies only", cookies: map[string]string{"__session" + sfx: valid, "__client_uat" + sfx: uat}, want: inFrom("cookie")},
		// Rule 1 picks the unsuffixed session (the suffixed one would be a
		// bad signature), which then fails the issuer the publishable key pins.
		{name: "rule 1 unsuffixed session without iss", cookies: map[string]string{"__session": noIss, "__client_uat": uat,
			"__session" + sfx: badSig, "__client_uat" + sfx: uat}, want: authView{"signed-out", "token-invalid-issuer", "cookie"}},
		{name: "rule 2 foreign-instance unsuffixed session uses suffixed", cookies: map[string]string{"__session": foreign, "__client_uat": uat,
			"__session" + sfx: valid, "__client_uat" + sfx: uat}, want: inFrom("cookie")},
		{name: "rule 3 no suffixed cookies", cookies: map[string]string{"__session": valid, "__client_uat": uat}, want: inFrom("cookie")},
		{name: "rule 4 newer unsuffixed session wins", cookies: map[string]string{"__session": newer, "__client_uat": uat,
			"__session" + sfx: badSig, "__client_uat" + sfx: uat}, want: inFrom("cookie")},
		{name: "rule 4 newer suffixed session wins", cookies: map[string]string{"__session": badSig, "__client_uat": uat,
			"__session" + sfx: newer, "__client_uat" + sfx: uat}, want: inFrom("cookie")},
		{name: "rule 5 suffixed uat zero", cookies: map[string]string{"__session": valid, "__client_uat": uat,
			"__session" + sfx: badSig, "__client_uat" + sfx: "0"}, want: inFrom("cookie")},
		{name: "rule 7 suffixed session without suffixed uat", cookies: map[string]string{"__session": valid, "__client_uat": uat,
			"__session" + sfx: badSig}, want: inFrom("cookie")},
		{name: "rule 8 suffixed wins", cookies: map[string]string{"__session": badSig, "__client_uat": uat,
			"__session" + sfx: valid, "__client_uat" + sfx: uat}, want: inFrom("cookie")},
	}
}

// authCaseState runs c through a verifier for testPK.
func authCaseState(t testing.TB, c authCase) RequestState {
	opts := []VerifierOption{WithPublishableKey(testPK), WithClock(fixedClock(c.now())), WithTokenCacheSize(0)}
	if c.parties != nil {
		opts = append(opts, WithAuthorizedParties(c.parties...))
	}
	v := newPEMVerifier(t, opts...)
	method := c.method
	if method == "" {
		method = http.MethodGet
	}
	r := httptest.NewRequest(method, authURL, nil)
	for k, val := range c.headers {
		r.Header.Set(k, val)
	}
	if len(c.cookies) > 0 {
		r.Header.Set("Cookie", c.cookieHeader())
	}
	return v.AuthenticateRequest(r)
}

func TestAuthenticateRequest(t *testing.T) {
	t.Parallel()
	for _, tt := range authCases(t) {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st := authCaseState(t, tt)
			if diff := cmp.Diff(tt.want, authView{string(st.Status), st.Reason, st.TokenSource}); diff != "" {
				t.Errorf("state (-want +got):\n%s", diff)
			}
			if (st.Status == AuthSignedIn) != (st.Claims != nil) {
				t.Errorf("claims %v with status %s", st.Claims, st.Status)
			}
			if st.Status == AuthHandshake && !strings.HasPrefix(st.HandshakeURL, "https://clerk.example.com/v1/client/handshake?") {
				t.Errorf("handshake URL %q", st.HandshakeURL)
			}
		})
	}
}

func TestMiddleware(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	valid := mint(t, a, baseHeader(), baseClaims())
	pending := mint(t, a, baseHeader(), with(baseClaims(), "sts", "pending"))
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if c, ok := SessionFromContext(r.Context()); ok {
			_, _ = w.Write([]byte("user=" + c.UserID))
			return
		}
		_, _ = w.Write([]byte("anonymous"))
	})
	plain := newPEMVerifier(t)
	optIn := newPEMVerifier(t, WithPendingSessions())
	custom := newPEMVerifier(t, WithFailureHandler(func(w http.ResponseWriter, r *http.Request, st RequestState) {
		http.Error(w, "go away: "+st.Reason, http.StatusForbidden)
	}))
	tests := []struct {
		name       string
		h          http.Handler
		auth       string
		wantCode   int
		wantBody   string
		wantHeader string
	}{
		{"middleware signed in", plain.Middleware(echo), "Bearer " + valid, 200, "user=user_2RfWKJREkjKbHZy0Wqa5qrHeAnb", ""},
		{"middleware anonymous", plain.Middleware(echo), "", 200, "anonymous", ""},
		{"middleware invalid token is anonymous", plain.Middleware(echo), "Bearer abc", 200, "anonymous", ""},
		{"middleware pending is anonymous", plain.Middleware(echo), "Bearer " + pending, 200, "anonymous", ""},
		{"middleware pending opt-in", optIn.Middleware(echo), "Bearer " + pending, 200, "user=user_2RfWKJREkjKbHZy0Wqa5qrHeAnb", ""},
		{"require signed in", plain.RequireSession(echo), "Bearer " + valid, 200, "user=user_2RfWKJREkjKbHZy0Wqa5qrHeAnb", ""},
		{"require anonymous", plain.RequireSession(echo), "", 401, "Unauthorized\n", "Bearer"},
		{"require bad token has no detail", plain.RequireSession(echo), "Bearer abc", 401, "Unauthorized\n", "Bearer"},
		{"require pending", plain.RequireSession(echo), "Bearer " + pending, 401, "Unauthorized\n", "Bearer"},
		{"custom failure handler", custom.RequireSession(echo), "Bearer abc", 403, "go away: token-invalid\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest("GET", "/", nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			tt.h.ServeHTTP(w, r)
			type view struct {
				Code         int
				Body, Header string
			}
			if diff := cmp.Diff(view{tt.wantCode, tt.wantBody, tt.wantHeader}, view{w.Code, w.Body.String(), w.Header().Get("WWW-Authenticate")}); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
		})
	}
}
