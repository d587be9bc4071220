package clerktest_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

const appURL = "http://localhost:3000/dashboard?tab=1"

// fapiGet sends GET url to the Frontend API with cookies and returns the
// response (redirects are not followed).
func fapiGet(t *testing.T, s *clerktest.Server, rawURL string, cookies ...*http.Cookie) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := s.FrontendAPIClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

// handshakeURL is the URL an SDK redirects a browser to.
func handshakeURL(s *clerktest.Server, extra url.Values) string {
	q := url.Values{"redirect_url": {appURL}, "__clerk_api_version": {"2026-05-12"}, "suffixed_cookies": {"false"},
		"__clerk_hs_reason": {"dev-browser-missing"}, "format": {"nonce"}}
	for k, v := range extra {
		q[k] = v
	}
	return s.FrontendAPIURL() + "/v1/client/handshake?" + q.Encode()
}

// redirectParam checks resp is a 307 back to appURL and returns the value
// of the query parameter name it added.
func redirectParam(t *testing.T, resp *http.Response, name string) string {
	t.Helper()
	if resp.StatusCode != http.StatusTemporaryRedirect {
		t.Fatalf("status = %d, want 307", resp.StatusCode)
	}
	if got := resp.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", got)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	v := loc.Query().Get(name)
	q := loc.Query()
	q.Del(name)
	loc.RawQuery = q.Encode()
	if want, _ := url.Parse(appURL); loc.String() != want.String() {
		t.Errorf("redirect = %s, want %s plus %s", loc, want, name)
	}
	if v == "" {
		t.Fatalf("Location %s has no %s", resp.Header.Get("Location"), name)
	}
	return v
}

// payload fetches the directives of nonce through the Backend API.
func payload(t *testing.T, s *clerktest.Server, nonce string) (int, []string, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.URL+"/clients/handshake_payload?nonce="+url.QueryEscape(nonce), nil)
	req.Header.Set("Authorization", "Bearer "+s.SecretKey)
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Directives []string `json:"directives"`
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode == http.StatusOK {
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatalf("payload %s: %v", body, err)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type = %q, want exactly application/json", ct)
		}
	}
	return resp.StatusCode, out.Directives, string(body)
}

// cookieMap parses Set-Cookie directives into name -> cookie.
func cookieMap(t *testing.T, dirs []string) map[string]*http.Cookie {
	t.Helper()
	out := map[string]*http.Cookie{}
	for _, d := range dirs {
		c, err := http.ParseSetCookie(d)
		if err != nil {
			t.Fatalf("directive %q: %v", d, err)
		}
		out[c.Name] = c
	}
	return out
}

func names(m map[string]*http.Cookie, suffix string) []string {
	var out []string
	for _, n := range []string{"__session", "__client_uat", "__clerk_db_jwt"} {
		for _, name := range []string{n, n + "_" + suffix} {
			if _, ok := m[name]; ok {
				out = append(out, name)
			}
		}
	}
	return out
}

// TestFrontendAPIReachable checks the TLS listener answers at
// FrontendAPIURL through FrontendAPIClient, with its certificate for the
// publishable key's host, and 404 for routes it does not serve.
func TestFrontendAPIReachable(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	if got := s.FrontendAPIURL(); got != s.Issuer {
		t.Errorf("FrontendAPIURL = %q, want the issuer %q", got, s.Issuer)
	}
	if err := s.Certificate().VerifyHostname(s.FrontendAPI); err != nil {
		t.Error(err)
	}
	resp := fapiGet(t, s, s.FrontendAPIURL()+"/v1/nothing")
	if resp.StatusCode != http.StatusNotFound || resp.TLS == nil {
		t.Errorf("status %d, TLS %v; want 404 over TLS", resp.StatusCode, resp.TLS != nil)
	}
	sum := sha256.Sum256(s.Certificate().RawSubjectPublicKeyInfo)
	want := []string{
		"host-resolver-rules=MAP " + s.FrontendAPI + " " + s.Addr(),
		"ignore-certificate-errors-spki-list=" + base64.StdEncoding.EncodeToString(sum[:]),
	}
	if diff := cmp.Diff(want, s.ChromiumFlags()); diff != "" {
		t.Errorf("ChromiumFlags (-want +got):\n%s", diff)
	}
}

// TestHandshakeFirstVisitDevBrowser: a development instance's first visit
// has no dev browser; the handshake creates one and its nonce's directives
// carry it, with a signed-out session; the nonce is good once.
func TestHandshakeFirstVisitDevBrowser(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	nonce := redirectParam(t, fapiGet(t, s, handshakeURL(s, nil)), "__clerk_handshake_nonce")
	status, dirs, body := payload(t, s, nonce)
	if status != http.StatusOK {
		t.Fatalf("payload: %d %s", status, body)
	}
	m := cookieMap(t, dirs)
	if diff := cmp.Diff([]string{"__session", "__client_uat", "__clerk_db_jwt"}, names(m, "x")); diff != "" {
		t.Errorf("cookies (-want +got):\n%s", diff)
	}
	if m["__session"].MaxAge >= 0 || m["__client_uat"].Value != "0" || m["__clerk_db_jwt"].Value == "" {
		t.Errorf("want an expired __session, __client_uat=0 and a dev browser; got %q", dirs)
	}
	if s.HandshakeCount() != 1 {
		t.Errorf("HandshakeCount = %d, want 1", s.HandshakeCount())
	}
	// Used once: Clerk's answer to an unknown nonce is a guess (404).
	if status, _, body := payload(t, s, nonce); status != http.StatusNotFound || !strings.Contains(body, "resource_not_found") {
		t.Errorf("second exchange: %d %s, want 404 resource_not_found", status, body)
	}
	if status, _, body := payload(t, s, "nope"); status != http.StatusNotFound {
		t.Errorf("unknown nonce: %d %s, want 404", status, body)
	}
	if status, _, body := payload(t, s, ""); status != http.StatusUnprocessableEntity || !strings.Contains(body, "form_param_missing") {
		t.Errorf("no nonce: %d %s, want 422 form_param_missing", status, body)
	}
}

// TestHandshakePayloadNeedsSecretKey: the Backend API route takes the
// secret key like every other.
func TestHandshakePayloadNeedsSecretKey(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	resp, err := s.HTTPClient().Get(s.URL + "/clients/handshake_payload?nonce=x")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", resp.StatusCode)
	}
}

// signIn creates a user, signs it in through the Frontend API and returns
// the user, the browser's __client cookie and the sign-in directives.
func signIn(t *testing.T, s *clerktest.Server, c *clerk.Client) (*gen.User, *http.Cookie, map[string]*http.Cookie) {
	t.Helper()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"fapi@example.com"}})
	resp := fapiGet(t, s, s.FrontendAPIURL()+"/v1/clerktest/sign-in?"+url.Values{"user_id": {u.ID}, "redirect_url": {appURL}}.Encode())
	nonce := redirectParam(t, resp, "__clerk_handshake_nonce")
	var client *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "__client" {
			client = ck
		}
	}
	if client == nil || !client.HttpOnly || !client.Secure {
		t.Fatalf("sign-in set no HttpOnly Secure __client cookie: %v", resp.Cookies())
	}
	status, dirs, body := payload(t, s, nonce)
	if status != http.StatusOK {
		t.Fatalf("payload: %d %s", status, body)
	}
	return u, client, cookieMap(t, dirs)
}

// TestSignInThenHandshake signs a user in, checks the app cookies the
// sign-in hands over (plain and suffixed), then lets the token expire (a
// 1-second lifetime and a clock moved forward) and checks a handshake with
// the dev browser mints a new token the SDK's verifier accepts.
func TestSignInThenHandshake(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	s := clerktest.NewServer(t, clerktest.WithClock(clock))
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	s.SetSessionTokenLifetime(time.Second)
	u, _, m := signIn(t, s, c)
	v, err := clerk.NewVerifier(clerk.WithJWTKey(s.JWTPublicKeyPEM()), clerk.WithPublishableKey(s.PublishableKey),
		clerk.WithAuthorizedParties("http://localhost:3000"), clerk.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	sfx := suffixOf(t, m)
	if diff := cmp.Diff([]string{"__session", "__session_" + sfx, "__client_uat", "__client_uat_" + sfx,
		"__clerk_db_jwt", "__clerk_db_jwt_" + sfx}, names(m, sfx)); diff != "" {
		t.Errorf("sign-in cookies (-want +got):\n%s", diff)
	}
	claims, err := v.Verify(context.Background(), m["__session"].Value)
	if err != nil {
		t.Fatal(err)
	}
	if claims.UserID != u.ID || m["__client_uat"].Value != strconv.FormatInt(now.Unix(), 10) || m["__session"].Secure {
		t.Errorf("sub %s (want %s), __client_uat %s, Secure %v on http", claims.UserID, u.ID, m["__client_uat"].Value, m["__session"].Secure)
	}
	if m["__session_"+sfx].Value != m["__session"].Value {
		t.Error("suffixed and plain __session differ")
	}

	now = now.Add(time.Minute)
	if _, err := v.Verify(context.Background(), m["__session"].Value); err == nil {
		t.Fatal("token still valid a minute later with a 1 s lifetime")
	}
	nonce := redirectParam(t, fapiGet(t, s, handshakeURL(s, url.Values{
		"__clerk_db_jwt": {m["__clerk_db_jwt"].Value}, "suffixed_cookies": {"true"},
		"__clerk_hs_reason": {"session-token-expired-refresh-non-eligible-no-refresh-cookie"},
	})), "__clerk_handshake_nonce")
	_, dirs, _ := payload(t, s, nonce)
	hm := cookieMap(t, dirs)
	if diff := cmp.Diff([]string{"__session", "__session_" + sfx, "__client_uat", "__client_uat_" + sfx,
		"__clerk_db_jwt", "__clerk_db_jwt_" + sfx}, names(hm, sfx)); diff != "" {
		t.Errorf("handshake cookies (-want +got):\n%s", diff)
	}
	fresh, err := v.Verify(context.Background(), hm["__session_"+sfx].Value)
	if err != nil {
		t.Fatalf("handshake token: %v", err)
	}
	if fresh.UserID != u.ID || fresh.Expiry.Sub(fresh.IssuedAt) != time.Second || hm["__clerk_db_jwt"].Value != m["__clerk_db_jwt"].Value {
		t.Errorf("fresh token: sub %s exp-iat %v; dev browser kept: %v", fresh.UserID, fresh.Expiry.Sub(fresh.IssuedAt),
			hm["__clerk_db_jwt"].Value == m["__clerk_db_jwt"].Value)
	}
}

// suffixOf returns the suffix of the suffixed __session directive.
func suffixOf(t *testing.T, m map[string]*http.Cookie) string {
	t.Helper()
	for n := range m {
		if sfx, ok := strings.CutPrefix(n, "__session_"); ok {
			return sfx
		}
	}
	t.Fatal("no suffixed __session")
	return ""
}

// TestSignOutClearsCookies: after sign-out, the sign-out nonce and the next
// handshake (by the __client cookie) hand out signed-out cookies.
func TestSignOutClearsCookies(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	_, client, m := signIn(t, s, c)
	dvb := m["__clerk_db_jwt"].Value
	out := s.FrontendAPIURL() + "/v1/clerktest/sign-out?" + url.Values{"redirect_url": {appURL}, "__clerk_db_jwt": {dvb}}.Encode()
	for i, u := range []string{out, handshakeURL(s, url.Values{"__clerk_db_jwt": {dvb}})} {
		_, dirs, _ := payload(t, s, redirectParam(t, fapiGet(t, s, u, client), "__clerk_handshake_nonce"))
		got := cookieMap(t, dirs)
		if got["__session"].MaxAge >= 0 || got["__client_uat"].Value != "0" || got["__clerk_db_jwt"].Value != dvb {
			t.Errorf("step %d: want cleared session cookies and the same dev browser, got %q", i, dirs)
		}
	}
}

// TestHandshakeTokenFormat: without format=nonce the directives come back
// as a signed __clerk_handshake token.
func TestHandshakeTokenFormat(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	tok := redirectParam(t, fapiGet(t, s, handshakeURL(s, url.Values{"format": {"token"}})), "__clerk_handshake")
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		t.Fatalf("handshake token %q is not a JWS", tok)
	}
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		Handshake []string `json:"handshake"`
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	if len(claims.Handshake) != 3 || !strings.HasPrefix(claims.Handshake[0], "__session=;") {
		t.Errorf("handshake claim = %q", claims.Handshake)
	}
}

// TestFrontendAPIErrors: a handshake or sign-in without a usable
// redirect_url, and a sign-in of an unknown user, are refused.
func TestFrontendAPIErrors(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	for _, tc := range []struct {
		url  string
		want int
	}{
		{s.FrontendAPIURL() + "/v1/client/handshake?redirect_url=%2Fpath", http.StatusUnprocessableEntity},
		{s.FrontendAPIURL() + "/v1/clerktest/sign-in?user_id=user_x", http.StatusUnprocessableEntity},
		{s.FrontendAPIURL() + "/v1/clerktest/sign-in?user_id=user_x&redirect_url=" + url.QueryEscape(appURL), http.StatusNotFound},
		{s.FrontendAPIURL() + "/v1/clerktest/sign-out", http.StatusUnprocessableEntity},
	} {
		if got := fapiGet(t, s, tc.url).StatusCode; got != tc.want {
			t.Errorf("GET %s: %d, want %d", tc.url, got, tc.want)
		}
	}
}

// TestDevBrowserIssuance: POST /v1/dev_browser hands out a token that a
// handshake then recognises (it keeps it instead of making another).
func TestDevBrowserIssuance(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	resp, err := s.FrontendAPIClient().Post(s.FrontendAPIURL()+"/v1/dev_browser", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var db struct{ Object, ID, Token string }
	if err := json.NewDecoder(resp.Body).Decode(&db); err != nil {
		t.Fatal(err)
	}
	if db.Object != "dev_browser" || !strings.HasPrefix(db.ID, "dvb_") || db.Token == "" {
		t.Fatalf("dev browser = %+v", db)
	}
	_, dirs, _ := payload(t, s, redirectParam(t, fapiGet(t, s, handshakeURL(s, url.Values{"__clerk_db_jwt": {db.Token}})), "__clerk_handshake_nonce"))
	if got := cookieMap(t, dirs)["__clerk_db_jwt"].Value; got != db.Token {
		t.Errorf("handshake dev browser = %q, want the issued one", got)
	}
}

// TestProductionHandshakeCookie: a production instance keeps no dev
// browser, knows the browser by its __client cookie, and hands the nonce
// over in a cookie on the app's domain (with a directive clearing it), or
// in the query for an app elsewhere.
func TestProductionHandshakeCookie(t *testing.T) {
	t.Parallel()
	s, c := newClient(t, clerktest.WithFrontendAPI("clerk.example.com"), clerktest.WithProductionInstance())
	if !strings.HasPrefix(s.PublishableKey, "pk_live_") || !strings.HasPrefix(s.SecretKey, "sk_live_") {
		t.Fatalf("keys %.8s… %.8s…, want live ones", s.PublishableKey, s.SecretKey)
	}
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"live@example.com"}})
	const app = "https://app.example.com/x?y=1"
	resp := fapiGet(t, s, s.FrontendAPIURL()+"/v1/clerktest/sign-in?"+url.Values{"user_id": {u.ID}, "redirect_url": {app}}.Encode())
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != app {
		t.Fatalf("sign-in: %d to %q, want 307 to %s unchanged", resp.StatusCode, resp.Header.Get("Location"), app)
	}
	got := map[string]*http.Cookie{}
	for _, ck := range resp.Cookies() {
		got[ck.Name] = ck
	}
	nonce := got["__clerk_handshake_nonce"]
	if nonce == nil || nonce.Domain != "example.com" || !nonce.HttpOnly || got["__client"] == nil {
		t.Fatalf("cookies %v: want __client and an HttpOnly __clerk_handshake_nonce on example.com", resp.Cookies())
	}
	_, dirs, _ := payload(t, s, nonce.Value)
	if len(dirs) == 0 || dirs[0] != "__clerk_handshake_nonce=; Domain=example.com; Path=/; Max-Age=0" {
		t.Errorf("directives %q do not start by clearing the nonce cookie", dirs)
	}
	m := cookieMap(t, dirs)
	if _, dev := m["__clerk_db_jwt"]; dev || m["__session"] == nil || m["__session"].Value == "" || !m["__session"].Secure {
		t.Errorf("directives %q: want a Secure __session and no dev browser", dirs)
	}

	// A handshake knows the browser by __client alone.
	hs := s.FrontendAPIURL() + "/v1/client/handshake?" + url.Values{"redirect_url": {app}, "format": {"nonce"}}.Encode()
	resp = fapiGet(t, s, hs, got["__client"])
	var hn string
	for _, ck := range resp.Cookies() {
		if ck.Name == "__clerk_handshake_nonce" {
			hn = ck.Value
		}
	}
	_, dirs, _ = payload(t, s, hn)
	if m := cookieMap(t, dirs); m["__session"] == nil || m["__session"].Value == "" {
		t.Errorf("handshake with __client: directives %q, want a session", dirs)
	}

	// An app outside example.com cannot get the cookie: the query it is.
	other := s.FrontendAPIURL() + "/v1/client/handshake?" + url.Values{"redirect_url": {"http://localhost:3000/"}, "format": {"nonce"}}.Encode()
	if loc := fapiGet(t, s, other).Header.Get("Location"); !strings.Contains(loc, "__clerk_handshake_nonce=") {
		t.Errorf("Location %q: want the nonce in the query", loc)
	}
}
