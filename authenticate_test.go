package clerk

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

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

func TestAuthenticateRequest(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	claims := func() map[string]any { return with(baseClaims(), "iss", "https://clerk.example.com") }
	valid := mint(t, a, baseHeader(), claims())
	expired := mint(t, a, baseHeader(), with(claims(), "exp", testNow.Unix()-10))
	future := mint(t, a, baseHeader(), with(claims(), "nbf", testNow.Unix()+60))
	badSig := mint(t, b, baseHeader(), claims())
	m2m := mint(t, a, with(baseHeader(), "cat", catMachine), claims())
	tmpl := mint(t, a, with(baseHeader(), "cat", catTemplate), claims())
	pending := mint(t, a, baseHeader(), with(claims(), "sts", "pending"))
	uat := "1700000000"
	doc := map[string]string{"Sec-Fetch-Dest": "document"}
	api := map[string]string{"Accept": "*/*"}
	type req struct {
		method  string
		headers map[string]string
		cookies map[string]string
	}
	tests := []struct {
		name       string
		req        req
		wantStatus AuthStatus
		wantReason string
		wantSource string
	}{
		{"H1 bearer", req{headers: map[string]string{"Authorization": "Bearer " + valid}}, AuthSignedIn, "", "header"},
		{"H8 bare token", req{headers: map[string]string{"Authorization": valid}}, AuthSignedIn, "", "header"},
		{"H7 bearer garbage", req{headers: map[string]string{"Authorization": "Bearer abc"}}, AuthSignedOut, "token-invalid", "header"},
		{"E1 two spaces", req{headers: map[string]string{"Authorization": "Bearer  " + valid}}, AuthSignedOut, "token-invalid", "header"},
		{"H9 lower-case scheme falls to cookies", req{headers: map[string]string{"Authorization": "bearer " + valid}}, AuthSignedOut, "session-token-and-uat-missing", ""},
		{"H10 Basic does not block the cookie", req{headers: map[string]string{"Authorization": "Basic dXNlcjpwYXNz"}, cookies: map[string]string{"__session": valid, "__client_uat": uat}}, AuthSignedIn, "", "cookie"},
		{"H18 header wins over cookie", req{headers: map[string]string{"Authorization": "Bearer " + valid}, cookies: map[string]string{"__session": expired, "__client_uat": uat}}, AuthSignedIn, "", "header"},
		{"H6 bad signature", req{headers: map[string]string{"Authorization": "Bearer " + badSig}}, AuthSignedOut, "token-invalid-signature", "header"},
		{"H4 expired bearer api", req{headers: map[string]string{"Authorization": "Bearer " + expired, "Accept": "*/*"}}, AuthSignedOut, "session-token-expired-refresh-non-eligible-no-refresh-cookie", "header"},
		{"H5 expired bearer doc", req{headers: map[string]string{"Authorization": "Bearer " + expired, "Sec-Fetch-Dest": "document"}}, AuthHandshake, "session-token-expired-refresh-non-eligible-no-refresh-cookie", "header"},
		{"H11 m2m category", req{headers: map[string]string{"Authorization": "Bearer " + m2m}}, AuthSignedOut, "token-type-mismatch", "header"},
		{"H12 template category", req{headers: map[string]string{"Authorization": "Bearer " + tmpl}}, AuthSignedOut, "token-type-mismatch", "header"},
		{"H20 nbf api", req{headers: map[string]string{"Authorization": "Bearer " + future}}, AuthSignedOut, "session-token-nbf", "header"},
		{"H19 pending is signed in here", req{headers: map[string]string{"Authorization": "Bearer " + pending}}, AuthSignedIn, "", "header"},
		{"C1 no cookies", req{}, AuthSignedOut, "session-token-and-uat-missing", ""},
		{"C2 uat zero", req{cookies: map[string]string{"__client_uat": "0"}}, AuthSignedOut, "session-token-and-uat-missing", ""},
		{"C3 uat no session doc", req{headers: doc, cookies: map[string]string{"__client_uat": uat}}, AuthHandshake, "client-uat-but-no-session-token", ""},
		{"C4 uat no session api", req{headers: api, cookies: map[string]string{"__client_uat": uat}}, AuthSignedOut, "client-uat-but-no-session-token", ""},
		{"C5 session no uat doc", req{headers: doc, cookies: map[string]string{"__session": valid}}, AuthHandshake, "session-token-but-no-client-uat", "cookie"},
		{"C7 uat equals iat", req{cookies: map[string]string{"__session": valid, "__client_uat": uat}}, AuthSignedIn, "", "cookie"},
		{"C8 iat before uat doc", req{headers: doc, cookies: map[string]string{"__session": valid, "__client_uat": "1700000001"}}, AuthHandshake, "session-token-iat-before-client-uat", "cookie"},
		{"C9 iat before uat api", req{headers: api, cookies: map[string]string{"__session": valid, "__client_uat": "1700000001"}}, AuthSignedOut, "session-token-iat-before-client-uat", "cookie"},
		{"C10 expired doc", req{headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1"}}, AuthHandshake, "session-token-expired-refresh-non-eligible-no-refresh-cookie", "cookie"},
		{"C12 expired accept html", req{headers: map[string]string{"Accept": "text/html,*/*"}, cookies: map[string]string{"__session": expired, "__client_uat": "1"}}, AuthHandshake, "session-token-expired-refresh-non-eligible-no-refresh-cookie", "cookie"},
		{"C11 expired POST doc", req{method: "POST", headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1"}}, AuthSignedOut, "session-token-expired-refresh-non-eligible-non-get", "cookie"},
		{"C14 redirect loop guard", req{headers: doc, cookies: map[string]string{"__session": expired, "__client_uat": "1", "__clerk_redirect_count": "3"}}, AuthSignedOut, "session-token-expired-refresh-non-eligible-no-refresh-cookie", "cookie"},
		{"C15 bad signature cookie", req{cookies: map[string]string{"__session": badSig, "__client_uat": "1"}}, AuthSignedOut, "token-invalid-signature", "cookie"},
		{"C16 malformed cookie", req{cookies: map[string]string{"__session": "abc", "__client_uat": "1"}}, AuthSignedOut, "token-invalid", "cookie"},
		{"C21 m2m cookie", req{cookies: map[string]string{"__session": m2m, "__client_uat": "1"}}, AuthSignedOut, "token-type-mismatch", "cookie"},
		{"C22 suffixed cookies only", req{cookies: map[string]string{"__session_naoXFJnI": valid, "__client_uat_naoXFJnI": uat}}, AuthSignedIn, "", "cookie"},
		{"foreign-instance unsuffixed session uses suffixed", req{cookies: map[string]string{
			"__session": mint(t, a, baseHeader(), with(claims(), "iss", "https://clerk.other.com")), "__client_uat": uat,
			"__session_naoXFJnI": valid, "__client_uat_naoXFJnI": uat}}, AuthSignedIn, "", "cookie"},
	}
	v := newPEMVerifier(t, WithPublishableKey(testPK))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			method := tt.req.method
			if method == "" {
				method = http.MethodGet
			}
			r := httptest.NewRequest(method, "https://app.example.com/dashboard?q=1", nil)
			for k, val := range tt.req.headers {
				r.Header.Set(k, val)
			}
			for k, val := range tt.req.cookies {
				r.AddCookie(&http.Cookie{Name: k, Value: val})
			}
			st := v.AuthenticateRequest(r)
			type view struct{ Status, Reason, Source string }
			if diff := cmp.Diff(view{string(tt.wantStatus), tt.wantReason, tt.wantSource}, view{string(st.Status), st.Reason, st.TokenSource}); diff != "" {
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
