package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/examples/pages/site"
)

// TestMain prints one line and runs nothing when Chromium is missing; under
// CI=true that is a failure.
func TestMain(m *testing.M) {
	if findChromium() == "" {
		fmt.Println("e2e: SKIPPED: chromium not found (apt-get install chromium, or set CHROMIUM to its path); the browser tests did not run")
		if os.Getenv("CI") == "true" {
			fmt.Println("e2e: CI=true: the browser tests must run")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// findChromium returns the browser to drive: $CHROMIUM, else chromium or
// chromium-browser on PATH, else "".
func findChromium() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// clock is the time shared by clerktest and the app's verifier, so a test
// expires a session token by moving it, not by waiting.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// world is one test's fake Clerk, app and browser tab.
type world struct {
	srv      *clerktest.Server
	clock    *clock
	handler  http.Handler
	app      string       // the app's base URL, http://127.0.0.1:port
	pageHits atomic.Int64 // requests the app served
	tab      context.Context
	prod     bool // a production instance
}

// appHost is the production app's host name: a subdomain of its Frontend
// API's parent domain, so the handshake cookie reaches it.
const appHost = "app.example.test"

// newApp starts clerktest (a development instance; with prod a production
// one at clerk.example.test, the app then at appHost) and examples/pages
// against it on loopback, without a browser.
func newApp(t *testing.T, needHandshakes, prod bool) *world {
	t.Helper()
	w := &world{clock: &clock{now: time.Now().Truncate(time.Second)}, prod: prod}
	sopts := []clerktest.Option{clerktest.WithClock(w.clock.Now)}
	if prod {
		sopts = append(sopts, clerktest.WithFrontendAPI("clerk.example.test"), clerktest.WithProductionInstance())
	}
	w.srv = clerktest.NewServer(t, sopts...)
	h, err := site.New(site.Config{SecretKey: w.srv.SecretKey, PublishableKey: w.srv.PublishableKey, APIURL: w.srv.URL},
		clerk.WithClock(w.clock.Now))
	if err != nil {
		t.Fatal(err)
	}
	w.handler = h
	hs := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.pageHits.Add(1)
		h.ServeHTTP(rw, r)
	}))
	t.Cleanup(hs.Close)
	w.app = hs.URL
	if prod {
		w.app = "http://" + appHost + ":" + strconv.Itoa(hs.Listener.Addr().(*net.TCPAddr).Port)
	}
	if needHandshakes {
		w.requireHandshakes(t)
	}
	return w
}

// newWorld starts clerktest (a development instance), examples/pages
// against it on loopback, and a headless Chromium that reaches clerktest's
// Frontend API through its ChromiumFlags. needHandshakes checks the SDK
// answers handshakes first (see requireHandshakes).
func newWorld(t *testing.T, needHandshakes, prod bool) *world {
	t.Helper()
	w := newApp(t, needHandshakes, prod)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(findChromium()), chromedp.NoSandbox, chromedp.DisableGPU)
	for _, f := range w.srv.ChromiumFlags() {
		name, value, _ := strings.Cut(f, "=")
		if name == "host-resolver-rules" && prod {
			value += ", MAP " + appHost + " 127.0.0.1"
		}
		opts = append(opts, chromedp.Flag(name, value))
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	tab, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancelTab)
	if err := chromedp.Do(tab); err != nil { // starts the browser; no timeout on this first call
		t.Fatalf("start chromium: %v", err)
	}
	w.tab = tab
	return w
}

// visit navigates to rawURL (following every redirect) and returns the
// final location and the text of the page's #status ("" when absent).
func (w *world) visit(t *testing.T, rawURL string) (string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(w.tab, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(rawURL)); err != nil {
		t.Fatalf("navigate %s: %v", rawURL, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("status") || {textContent: ""}).textContent`))
	if err != nil {
		t.Fatal(err)
	}
	return loc, strings.TrimSpace(status)
}

// appCookies returns the browser's cookies for the app, by name.
func (w *world) appCookies(t *testing.T) map[string]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(w.tab, 10*time.Second)
	defer cancel()
	cookies, err := chromedp.Run(ctx, func(ctx context.Context, tg *chromedp.Target) ([]*network.Cookie, error) {
		res, err := cdp.Call(ctx, tg, network.GetCookies, network.GetCookiesParams{URLs: []string{w.app + "/"}})
		return res.Cookies, err
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range cookies {
		out[c.Name] = c.Value
	}
	return out
}

// requireHandshakes skips (fails under CI=true) when the SDK's Middleware
// does not yet redirect a browser to the Frontend API handshake (a first
// visit to a development instance, a __client_uat without a session in
// production): the request-authentication work of issue #15.
func (w *world) requireHandshakes(t *testing.T) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, w.app+"/", nil)
	req.Header.Set("Cookie", "__client_uat=1") // client-uat-but-no-session-token in production
	req.Header.Set("Sec-Fetch-Dest", "document")
	req.Header.Set("Accept", "text/html")
	rec := httptest.NewRecorder()
	w.handler.ServeHTTP(rec, req)
	if rec.Code == http.StatusTemporaryRedirect && strings.HasPrefix(rec.Header().Get("Location"), w.srv.FrontendAPIURL()+"/v1/client/handshake?") {
		return
	}
	msg := fmt.Sprintf("the SDK's Middleware does not redirect to the handshake yet (got %d): needs the request authentication of issue #15", rec.Code)
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
}

// clean reports a URL of the app without Clerk's handshake parameters.
func (w *world) clean(t *testing.T, loc string) {
	t.Helper()
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(loc, w.app+"/") {
		t.Errorf("ended at %s, not on the app %s", loc, w.app)
	}
	for _, p := range []string{"__clerk_handshake_nonce", "__clerk_handshake", "__clerk_db_jwt"} {
		if u.Query().Has(p) {
			t.Errorf("final URL %s still carries %s", loc, p)
		}
	}
}

// TestBrowserReachesFrontendAPI: with ChromiumFlags, the browser reaches
// clerktest's Frontend API at the publishable key's https host, trusts its
// certificate, and is redirected back to the app with a handshake nonce.
func TestBrowserReachesFrontendAPI(t *testing.T) {
	w := newWorld(t, false, false)
	hs := w.srv.FrontendAPIURL() + "/v1/client/handshake?" + url.Values{
		"redirect_url": {w.app + "/"}, "format": {"nonce"}, "suffixed_cookies": {"false"}}.Encode()
	loc, status := w.visit(t, hs)
	if !strings.HasPrefix(loc, w.app+"/") || status != "Signed out" {
		t.Errorf("ended at %s showing %q; want the app's signed-out page", loc, status)
	}
	if n := w.srv.HandshakeCount(); n != 1 {
		t.Errorf("Frontend API answered %d handshakes, want 1", n)
	}
	var fapi []clerktest.Request
	for _, r := range w.srv.Requests() {
		if strings.HasPrefix(r.Operation, "FAPI ") {
			fapi = append(fapi, r)
		}
	}
	if len(fapi) != 1 || fapi[0].Status != http.StatusTemporaryRedirect {
		t.Errorf("Frontend API requests = %+v, want one 307", fapi)
	}
}

// TestDevBrowserFirstVisit: a development instance's first page load goes
// through one handshake, comes back with the dev-browser token in a cookie
// on a clean URL, and shows the signed-out page; the next load needs no
// handshake.
func TestDevBrowserFirstVisit(t *testing.T) {
	w := newWorld(t, true, false)
	loc, status := w.visit(t, w.app+"/")
	w.clean(t, loc)
	if status != "Signed out" {
		t.Errorf("first visit shows %q, want Signed out", status)
	}
	if w.appCookies(t)["__clerk_db_jwt"] == "" {
		t.Error("no __clerk_db_jwt cookie on the app after the first visit")
	}
	if n := w.srv.HandshakeCount(); n != 1 {
		t.Errorf("first visit took %d handshakes, want 1", n)
	}
	if _, status := w.visit(t, w.app+"/"); status != "Signed out" || w.srv.HandshakeCount() != 1 {
		t.Errorf("second visit: %q after %d handshakes in all; want Signed out, still 1", status, w.srv.HandshakeCount())
	}
}

// TestSessionLifecycle: sign in, let the session token expire (the shared
// clock moves two minutes), load the page again: still signed in, through
// exactly one handshake round trip; sign out: signed out, and it stays so.
func TestSessionLifecycle(t *testing.T) {
	w := newWorld(t, true, false)
	c, err := w.srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{EmailAddresses: []string{"e2e@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	w.visit(t, w.app+"/") // the dev browser
	dvb := w.appCookies(t)["__clerk_db_jwt"]
	if dvb == "" {
		t.Fatal("no dev browser after the first visit")
	}

	signIn := w.srv.FrontendAPIURL() + "/v1/clerktest/sign-in?" + url.Values{
		"user_id": {u.ID}, "redirect_url": {w.app + "/"}, "__clerk_db_jwt": {dvb}}.Encode()
	loc, status := w.visit(t, signIn)
	w.clean(t, loc)
	if want := "Signed in as " + u.ID; status != want {
		t.Fatalf("after sign-in: %q, want %q", status, want)
	}

	w.clock.Advance(2 * time.Minute)
	before, hits := w.srv.HandshakeCount(), w.pageHits.Load()
	loc, status = w.visit(t, w.app+"/")
	w.clean(t, loc)
	if want := "Signed in as " + u.ID; status != want {
		t.Errorf("after the token expired: %q, want %q", status, want)
	}
	if n := w.srv.HandshakeCount() - before; n != 1 {
		t.Errorf("the expired token took %d handshakes, want exactly 1", n)
	}
	t.Logf("expired token: %d handshake(s), %d app requests", w.srv.HandshakeCount()-before, w.pageHits.Load()-hits)
	// Page, back with the nonce, then the clean URL (development): 3.
	if n := w.pageHits.Load() - hits; n > 3 {
		t.Errorf("the app served %d requests for one page load, want at most 3", n)
	}

	signOut := w.srv.FrontendAPIURL() + "/v1/clerktest/sign-out?" + url.Values{
		"redirect_url": {w.app + "/"}, "__clerk_db_jwt": {dvb}}.Encode()
	loc, status = w.visit(t, signOut)
	w.clean(t, loc)
	if status != "Signed out" {
		t.Errorf("after sign-out: %q, want Signed out", status)
	}
	before = w.srv.HandshakeCount()
	if _, status = w.visit(t, w.app+"/"); status != "Signed out" || w.srv.HandshakeCount() != before {
		t.Errorf("reload after sign-out: %q with %d more handshakes; want Signed out, none", status, w.srv.HandshakeCount()-before)
	}
}

// TestDebugHeadersAndMethods: the example's routes carry Clerk's debug
// headers where Clerk sets them, and a POST is never handed a handshake:
// /api/me without a dev browser is signed out (401, dev-browser-missing);
// a POST of the page with an expired token is signed out with
// session-token-expired-refresh-non-eligible-non-get and renders, where
// the same GET is redirected to the handshake.
func TestDebugHeadersAndMethods(t *testing.T) {
	w := newApp(t, true, false)
	c, err := w.srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{EmailAddresses: []string{"hdr@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := w.srv.MintSessionToken(u.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.clock.Advance(2 * time.Minute)
	expired := "__session=" + tok + "; __client_uat=1; __clerk_db_jwt=dvb"
	type got struct {
		Code                           int
		Status, Reason, LocationPrefix string
	}
	for _, tc := range []struct {
		method, path, cookie, dest string
		want                       got
	}{
		{"GET", "/api/me", "", "", got{401, "signed-out", "dev-browser-missing", ""}},
		{"POST", "/", expired, "document", got{200, "signed-out", "session-token-expired-refresh-non-eligible-non-get", ""}},
		{"GET", "/", expired, "document", got{307, "handshake", "session-token-expired-refresh-non-eligible-no-refresh-cookie", w.srv.FrontendAPIURL()}},
	} {
		req := httptest.NewRequest(tc.method, w.app+tc.path, nil)
		if tc.cookie != "" {
			req.Header.Set("Cookie", tc.cookie)
		}
		if tc.dest != "" {
			req.Header.Set("Sec-Fetch-Dest", tc.dest)
		}
		rec := httptest.NewRecorder()
		w.handler.ServeHTTP(rec, req)
		h := rec.Result().Header
		g := got{rec.Code, h.Get("X-Clerk-Auth-Status"), h.Get("X-Clerk-Auth-Reason"), ""}
		if tc.want.LocationPrefix != "" && strings.HasPrefix(h.Get("Location"), tc.want.LocationPrefix) {
			g.LocationPrefix = tc.want.LocationPrefix
		}
		if g != tc.want {
			t.Errorf("%s %s: got %+v, want %+v", tc.method, tc.path, g, tc.want)
		}
	}
}

// TestProductionSessionLifecycle is TestSessionLifecycle on a production
// instance: no dev browser, the browser known to the Frontend API by its
// __client cookie, the handshake payload in a cookie on the app's domain
// (cleared once applied), and no redirect after resolution.
func TestProductionSessionLifecycle(t *testing.T) {
	w := newWorld(t, true, true)
	c, err := w.srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{EmailAddresses: []string{"e2e-live@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, status := w.visit(t, w.app+"/"); status != "Signed out" || w.srv.HandshakeCount() != 0 {
		t.Fatalf("first visit: %q after %d handshakes; want Signed out, none", status, w.srv.HandshakeCount())
	}
	signIn := w.srv.FrontendAPIURL() + "/v1/clerktest/sign-in?" + url.Values{"user_id": {u.ID}, "redirect_url": {w.app + "/"}}.Encode()
	loc, status := w.visit(t, signIn)
	w.clean(t, loc)
	if want := "Signed in as " + u.ID; status != want {
		t.Fatalf("after sign-in: %q, want %q", status, want)
	}
	if _, left := w.appCookies(t)["__clerk_handshake_nonce"]; left {
		t.Error("the nonce cookie outlived its resolution")
	}

	w.clock.Advance(2 * time.Minute)
	before, hits := w.srv.HandshakeCount(), w.pageHits.Load()
	loc, status = w.visit(t, w.app+"/")
	w.clean(t, loc)
	if want := "Signed in as " + u.ID; status != want {
		t.Errorf("after the token expired: %q, want %q", status, want)
	}
	t.Logf("expired token (production): %d handshake(s), %d app requests", w.srv.HandshakeCount()-before, w.pageHits.Load()-hits)
	if n := w.srv.HandshakeCount() - before; n != 1 {
		t.Errorf("the expired token took %d handshakes, want exactly 1", n)
	}
	// The page, then back with the nonce cookie, resolved in place: 2.
	if n := w.pageHits.Load() - hits; n > 2 {
		t.Errorf("the app served %d requests for one page load, want at most 2", n)
	}

	signOut := w.srv.FrontendAPIURL() + "/v1/clerktest/sign-out?" + url.Values{"redirect_url": {w.app + "/"}}.Encode()
	if _, status = w.visit(t, signOut); status != "Signed out" {
		t.Errorf("after sign-out: %q, want Signed out", status)
	}
	before = w.srv.HandshakeCount()
	if _, status = w.visit(t, w.app+"/"); status != "Signed out" || w.srv.HandshakeCount() != before {
		t.Errorf("reload after sign-out: %q with %d more handshakes; want Signed out, none", status, w.srv.HandshakeCount()-before)
	}
}
