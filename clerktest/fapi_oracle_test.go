package clerktest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// handshakeCase is one request for testdata/crosscheck/handshake.mjs.
type handshakeCase struct {
	Name    string            `json:"name"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
}

// handshakeResult is what @clerk/backend's authenticateRequest decided.
type handshakeResult struct {
	Name      string   `json:"name"`
	Status    string   `json:"status"`
	Reason    string   `json:"reason"`
	Location  string   `json:"location"`
	SetCookie []string `json:"setCookie"`
	UserID    string   `json:"userId"`
}

// TestHandshakePayloadOracle hands clerktest's nonces to Clerk's own
// @clerk/backend (under node): it must exchange them through clerktest's
// Backend API, verify the session token with clerktest's JWKS, and end
// signed in (after a sign-in, or a handshake for a signed-in browser) or
// signed out (a first visit, an unknown nonce), redirecting a development
// instance to the URL without the handshake parameters.
func TestHandshakePayloadOracle(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	_, client, m := signIn(t, s, c)
	const app = "http://localhost:3000/dashboard?tab=1"
	nonceFrom := func(u string, cookies ...*http.Cookie) string {
		return redirectParam(t, fapiGet(t, s, u, cookies...), "__clerk_handshake_nonce")
	}
	signInURL := s.FrontendAPIURL() + "/v1/clerktest/sign-in?" + url.Values{"user_id": {userOf(t, m)}, "redirect_url": {appURL}}.Encode()
	doc := map[string]string{"sec-fetch-dest": "document", "accept": "text/html"}
	withNonce := func(n string) string { return app + "&__clerk_handshake_nonce=" + url.QueryEscape(n) }
	cases := []handshakeCase{
		{Name: "sign-in", URL: withNonce(nonceFrom(signInURL, client)), Headers: doc},
		{Name: "handshake-signed-in", URL: withNonce(nonceFrom(handshakeURL(s, url.Values{"__clerk_db_jwt": {m["__clerk_db_jwt"].Value}, "suffixed_cookies": {"true"}}))), Headers: doc},
		{Name: "handshake-token", URL: app + "&__clerk_handshake=" + redirectParam(t, fapiGet(t, s, handshakeURL(s, url.Values{
			"__clerk_db_jwt": {m["__clerk_db_jwt"].Value}, "format": {"token"}})), "__clerk_handshake"), Headers: doc},
		{Name: "first-visit", URL: withNonce(nonceFrom(handshakeURL(s, nil))), Headers: doc},
		{Name: "unknown-nonce", URL: withNonce("not-a-nonce"), Headers: doc},
	}
	in := map[string]any{
		"client": map[string]any{"publishableKey": s.PublishableKey, "secretKey": s.SecretKey, "apiUrl": strings.TrimSuffix(s.URL, "/v1")},
		"cases":  cases,
	}
	var got []handshakeResult
	runCrosscheck(t, "handshake.mjs", in, &got)
	if len(got) != len(cases) {
		t.Fatalf("node answered %d cases, want %d: %+v", len(got), len(cases), got)
	}
	type verdict struct{ Status, Reason, Location, User string }
	sfx := suffixOf(t, m)
	wantCookies := map[string][]string{
		"sign-in":             {"__clerk_db_jwt", "__clerk_db_jwt_" + sfx, "__client_uat", "__client_uat_" + sfx, "__session", "__session_" + sfx},
		"handshake-signed-in": {"__clerk_db_jwt", "__clerk_db_jwt_" + sfx, "__client_uat", "__client_uat_" + sfx, "__session", "__session_" + sfx},
		"handshake-token":     {"__clerk_db_jwt", "__client_uat", "__session"},
		"first-visit":         {"__clerk_db_jwt", "__client_uat", "__session"},
		"unknown-nonce":       nil,
	}
	for _, r := range got {
		user := ""
		if r.Status == "signed-in" {
			user = userOf(t, m)
		}
		want := verdict{"signed-in", "", app, user}
		if r.Name == "first-visit" || r.Name == "unknown-nonce" {
			want = verdict{"signed-out", "session-token-missing", app, ""}
		}
		if diff := cmp.Diff(want, verdict{r.Status, r.Reason, r.Location, r.UserID}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", r.Name, diff)
		}
		var names []string
		for _, d := range r.SetCookie {
			if c, err := http.ParseSetCookie(d); err == nil {
				names = append(names, c.Name)
			}
		}
		slices.Sort(names)
		if diff := cmp.Diff(wantCookies[r.Name], names); diff != "" {
			t.Errorf("%s Set-Cookie names (-want +got):\n%s", r.Name, diff)
		}
	}
}

// userOf returns the `sub` of the sign-in's session token.
func userOf(t *testing.T, m map[string]*http.Cookie) string {
	t.Helper()
	parts := strings.Split(m["__session"].Value, ".")
	var claims struct{ Sub string }
	raw, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &claims); err != nil {
		t.Fatal(err)
	}
	return claims.Sub
}

// runCrosscheck runs `node script` in ../testdata/crosscheck with in as
// JSON on stdin and decodes the last line of its output into out. Without
// node or @clerk/backend it skips saying so, and fails under CI=true.
func runCrosscheck(t *testing.T, script string, in, out any) {
	t.Helper()
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node not found: install Node.js >= 20 to cross-check clerktest's handshake with @clerk/backend")
	}
	dir := filepath.Join("..", "testdata", "crosscheck")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@clerk", "backend", "package.json")); err != nil {
		skip("@clerk/backend not installed: run `npm ci` in testdata/crosscheck")
	}
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, script)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	stdout = bytes.TrimSpace(stdout)
	if err := json.Unmarshal(stdout[bytes.LastIndexByte(stdout, '\n')+1:], out); err != nil {
		t.Fatalf("parse node %s output: %v\n%s", script, err, stdout)
	}
}

// TestProductionHandshakeOracle: @clerk/backend resolves a production
// instance's nonce from the cookie clerktest sets on the app's domain:
// signed in, no redirect (production), and the nonce cookie cleared.
func TestProductionHandshakeOracle(t *testing.T) {
	t.Parallel()
	s, c := newClient(t, clerktest.WithFrontendAPI("clerk.example.com"), clerktest.WithProductionInstance())
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"live-oracle@example.com"}})
	const app = "https://app.example.com/dashboard"
	resp := fapiGet(t, s, s.FrontendAPIURL()+"/v1/clerktest/sign-in?"+url.Values{"user_id": {u.ID}, "redirect_url": {app}}.Encode())
	var nonce string
	for _, ck := range resp.Cookies() {
		if ck.Name == "__clerk_handshake_nonce" {
			nonce = ck.Value
		}
	}
	if nonce == "" {
		t.Fatalf("sign-in set no nonce cookie: %v", resp.Cookies())
	}
	in := map[string]any{
		"client": map[string]any{"publishableKey": s.PublishableKey, "secretKey": s.SecretKey, "apiUrl": strings.TrimSuffix(s.URL, "/v1")},
		"cases": []handshakeCase{{Name: "prod-sign-in", URL: app, Headers: map[string]string{
			"sec-fetch-dest": "document", "accept": "text/html", "cookie": "__clerk_handshake_nonce=" + nonce}}},
	}
	var got []handshakeResult
	runCrosscheck(t, "handshake.mjs", in, &got)
	if len(got) != 1 {
		t.Fatalf("node answered %+v", got)
	}
	r := got[0]
	if r.Status != "signed-in" || r.UserID != u.ID || r.Location != "" {
		t.Errorf("got %s %q user %q Location %q; want signed-in as %s without a redirect", r.Status, r.Reason, r.UserID, r.Location, u.ID)
	}
	if len(r.SetCookie) == 0 || !strings.HasPrefix(r.SetCookie[0], "__clerk_handshake_nonce=;") {
		t.Errorf("Set-Cookie %q: want the nonce cookie cleared first", r.SetCookie)
	}
}
