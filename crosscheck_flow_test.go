package clerk

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// flowCase is one request of the handshake-flow cross-check, with the
// instance it is for.
type flowCase struct {
	name           string
	pk             string // testPK (production) or devPK
	satellite      bool
	domain, signIn string
	proxy          string
	target         string // URL; authURL when empty
	method         string
	headers        map[string]string
	cookies        string
	nowSec         int64
	parties        []string
}

// flowResult is what both libraries report for one request.
type flowResult struct {
	Name      string   `json:"name"`
	Status    string   `json:"status"`
	Reason    string   `json:"reason"`
	Location  string   `json:"location"`
	SetCookie []string `json:"setCookie"`
}

const (
	satDomain = "satellite.example.org"
	signInURL = "https://app.example.com/sign-in"
)

// flowCases are the notes' handshake, refresh, development and satellite
// cases (N*, R*, D*, S*, C23-C27, the loop guard) and combinations, plus
// every request of authCases.
func flowCases(t testing.TB, f *fakeBAPI) []flowCase {
	a, b := testKeyA(), testKeyB()
	prod := func() map[string]any { return with(baseClaims(), "iss", "https://clerk.example.com") }
	sat := func() map[string]any { return with(baseClaims(), "iss", "https://clerk."+satDomain) }
	dev := baseClaims // iss https://clean-mayfly-12.clerk.accounts.dev
	pv, pexp := mint(t, a, baseHeader(), prod()), mint(t, a, baseHeader(), with(prod(), "exp", testNow.Unix()-10))
	noSID := mint(t, a, baseHeader(), with(prod(), "exp", testNow.Unix()-10, "sid", nil))
	refuse := mint(t, a, baseHeader(), with(prod(), "exp", testNow.Unix()-10, "sid", "sess_refuse"))
	dv, dexp := mint(t, a, baseHeader(), dev()), mint(t, a, baseHeader(), with(dev(), "exp", testNow.Unix()-10))
	sv := mint(t, a, baseHeader(), sat())
	hsTok := func(dirs ...string) string { return mint(t, a, baseHeader(), map[string]any{"handshake": dirs}) }
	hsBad := mint(t, b, baseHeader(), map[string]any{"handshake": []string{"__session=" + pv}})
	f.nonces["prod"] = []string{"__session=" + pv + "; Path=/", "__client_uat=1700000000; Path=/"}
	f.nonces["dev"] = []string{"__session=" + dv + "; Path=/", "__client_uat=1700000000; Path=/"}
	f.nonces["two"] = []string{"__session=" + pexp + "; Path=/", "__session_naoXFJnI=" + pv + "; Path=/"}
	f.refresh = []string{"__session_naoXFJnI=" + pv + "; Path=/", "__client_uat_naoXFJnI=1700000000; Path=/"}
	doc := map[string]string{"Sec-Fetch-Dest": "document"}
	api := map[string]string{"Accept": "*/*"}
	const sfx = "_naoXFJnI"
	dvb := "; __clerk_db_jwt=dvb_123"
	cs := []flowCase{
		// Handshake resolution.
		{name: "N1 nonce signs in", target: authURL + "&__clerk_handshake_nonce=prod", headers: doc},
		{name: "N1 nonce on a fetch", target: authURL + "&__clerk_handshake_nonce=prod", headers: api},
		{name: "N1 nonce cookie", headers: doc, cookies: "__clerk_handshake_nonce=prod"},
		{name: "N2 unknown nonce", target: authURL + "&__clerk_handshake_nonce=nope", headers: doc},
		{name: "N2 unknown nonce dev", pk: devPK, target: authURL + "&__clerk_handshake_nonce=nope", headers: doc, cookies: "__clerk_db_jwt=dvb_1"},
		{name: "nonce dev signs in and cleans the URL", pk: devPK, target: authURL + "&__clerk_handshake_nonce=dev&__clerk_db_jwt=dvb_2", headers: doc},
		{name: "last session directive wins", target: authURL + "&__clerk_handshake_nonce=two", headers: doc},
		{name: "C24 handshake token", target: authURL + "&__clerk_handshake=" + hsTok("__session="+pv, "__client_uat=1700000000"), headers: doc},
		{name: "handshake token cookie", cookies: "__clerk_handshake=" + hsTok("__session="+pv, "__client_uat=1700000000"), headers: api},
		{name: "C25 handshake without a session", target: authURL + "&__clerk_handshake=" + hsTok("__client_uat=0"), headers: doc},
		{name: "bad handshake token prod continues", target: authURL + "&__clerk_handshake=" + hsBad, headers: doc},
		{name: "bad handshake token prod continues to cookies", target: authURL + "&__clerk_handshake=" + hsBad, headers: doc, cookies: "__session=" + pv + "; __client_uat=1700000000"},
		{name: "D8 bad handshake token dev", pk: devPK, target: authURL + "&__clerk_handshake=" + hsBad, headers: doc},
		{name: "D6 dev handshake token", pk: devPK, target: authURL + "&__clerk_handshake=" + hsTok("__session="+dv) + "&__clerk_db_jwt=dvb_3&__clerk_help=1", headers: doc},
		{name: "D7 dev handshake with an expired session", pk: devPK, target: authURL + "&__clerk_handshake=" + hsTok("__session="+dexp), headers: doc, cookies: "__clerk_db_jwt=dvb_1"},
		{name: "prod handshake with an expired session continues", target: authURL + "&__clerk_handshake=" + hsTok("__session="+pexp), headers: doc},
		// Refresh.
		{name: "R1 refresh on a fetch", headers: api, cookies: "__session=" + pexp + "; __client_uat=1; __refresh" + sfx + "=r1"},
		{name: "R1 refresh on a page load", headers: doc, cookies: "__session=" + pexp + "; __client_uat=1; __refresh" + sfx + "=r1"},
		{name: "R2 unsuffixed refresh cookie", headers: doc, cookies: "__session=" + pexp + "; __client_uat=1; __refresh=r1"},
		{name: "refresh not on POST", method: http.MethodPost, headers: doc, cookies: "__session=" + pexp + "; __client_uat=1; __refresh" + sfx + "=r1"},
		{name: "refresh refused by the API", headers: doc, cookies: "__session=" + refuse + "; __client_uat=1; __refresh" + sfx + "=r1"},
		{name: "refresh of a bearer token", headers: map[string]string{"Authorization": "Bearer " + pexp, "Accept": "*/*"}, cookies: "__refresh" + sfx + "=r1"},
		{name: "refresh without sid", headers: api, cookies: "__session=" + noSID + "; __client_uat=1; __refresh" + sfx + "=r1"},
		{name: "suffixed cookies refresh", headers: api, cookies: "__session" + sfx + "=" + pexp + "; __client_uat" + sfx + "=1; __refresh" + sfx + "=r1"},
		// Development instances.
		{name: "D1 dev first visit", pk: devPK, headers: doc},
		{name: "D2 dev first fetch", pk: devPK, headers: api},
		{name: "D3 dev-browser sync", pk: devPK, target: authURL + "&__clerk_db_jwt=dvb_123", headers: doc},
		{name: "D3 dev-browser sync on a fetch", pk: devPK, target: authURL + "&__clerk_db_jwt=dvb_123", headers: api},
		{name: "D4 dev signed out", pk: devPK, headers: doc, cookies: "__clerk_db_jwt=dvb_123"},
		{name: "D5 dev signed in", pk: devPK, headers: doc, cookies: "__session=" + dv + "; __client_uat=1700000000" + dvb},
		{name: "dev expired page load carries the dev browser", pk: devPK, headers: doc, cookies: "__session=" + dexp + "; __client_uat=1" + dvb},
		{name: "dev uat without session", pk: devPK, headers: doc, cookies: "__client_uat=1" + dvb},
		{name: "D9 primary responds to syncing", pk: devPK, target: authURL + "&__clerk_redirect_url=" + url.QueryEscape("https://sat.example.org/p?__clerk_synced=false"), headers: doc, cookies: "__clerk_db_jwt=dvb_123"},
		{name: "invalid redirect URL on a page load", pk: devPK, target: authURL + "&__clerk_redirect_url=notaurl", headers: doc, cookies: "__clerk_db_jwt=dvb_123"},
		{name: "relative redirect URL on a fetch", pk: devPK, target: authURL + "&__clerk_redirect_url=%2Fp", headers: api, cookies: "__clerk_db_jwt=dvb_123"},
		{name: "D9 on a fetch", pk: devPK, target: authURL + "&__clerk_redirect_url=" + url.QueryEscape("https://sat.example.org/p"), headers: api, cookies: "__clerk_db_jwt=dvb_123"},
		// Satellites.
		{name: "S1 satellite no cookies", satellite: true, domain: satDomain, headers: doc},
		{name: "S3 satellite needs sync", satellite: true, domain: satDomain, target: authURL + "&__clerk_synced=false", headers: doc},
		{name: "S4 satellite synced", satellite: true, domain: satDomain, target: authURL + "&__clerk_synced=true", headers: doc},
		{name: "satellite signed in", satellite: true, domain: satDomain, headers: doc, cookies: "__session=" + sv + "; __client_uat=1700000000"},
		{name: "satellite uat only", satellite: true, domain: satDomain, headers: doc, cookies: "__client_uat=1700000000"},
		{name: "satellite fetch needs no sync", satellite: true, domain: satDomain, target: authURL + "&__clerk_synced=false", headers: api},
		{name: "satellite with a primary token", satellite: true, domain: satDomain, headers: doc, cookies: "__session=" + pv + "; __client_uat=1700000000"},
		{name: "S6 dev satellite needs sync", pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x?__clerk_synced=false", headers: doc, cookies: "__clerk_db_jwt=dvb_1"},
		{name: "dev satellite request from the sign-in origin", pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x",
			headers: map[string]string{"Sec-Fetch-Dest": "document", "Origin": "https://app.example.com"}, cookies: "__clerk_db_jwt=dvb_1"},
		{name: "dev satellite bearer from the sign-in origin", pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x",
			headers: map[string]string{"Origin": "https://app.example.com", "Authorization": "Bearer x"}},
		{name: "dev satellite request from its own origin", pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x",
			headers: map[string]string{"Sec-Fetch-Dest": "document", "Origin": "https://sat.example.org"}, cookies: "__clerk_db_jwt=dvb_1"},
		{name: "dev satellite no cookies", pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x", headers: doc},
		// Proxies, forwarded headers, the loop guard, cross-origin.
		{name: "C26 absolute proxy", proxy: "https://app.example.com/__clerk", headers: doc, cookies: "__client_uat=1"},
		{name: "C27 relative proxy", proxy: "/__clerk", headers: doc, cookies: "__client_uat=1"},
		{name: "proxy makes the FAPI referer cross-origin", proxy: "/__clerk", headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://clerk.example.com/"},
			cookies: "__session=" + pv + "; __client_uat=1700000000"},
		{name: "C23 forwarded host and proto", target: "http://localhost:3000/dashboard?q=1", headers: map[string]string{"Sec-Fetch-Dest": "document", "X-Forwarded-Host": "app.example.com", "X-Forwarded-Proto": "https"}, cookies: "__client_uat=1"},
		{name: "loop count 2 redirects", headers: doc, cookies: "__client_uat=1; __clerk_redirect_count=2"},
		{name: "loop count 3 stops", headers: doc, cookies: "__client_uat=1; __clerk_redirect_count=3"},
		{name: "loop count 4 redirects again", headers: doc, cookies: "__client_uat=1; __clerk_redirect_count=4"},
		{name: "loop count not a number", headers: doc, cookies: "__client_uat=1; __clerk_redirect_count=x"},
		{name: "cross-origin referer", headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://satellite.example.org/x"}, cookies: "__session=" + pv + "; __client_uat=1700000000"},
		{name: "cross-origin referer after a redirect", headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://satellite.example.org/x"}, cookies: "__session=" + pv + "; __client_uat=1700000000; __clerk_redirect_count=1"},
		{name: "accounts portal referer", headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://accounts.example.com/sign-in"}, cookies: "__session=" + pv + "; __client_uat=1700000000"},
		{name: "dev accounts portal referer", pk: devPK, headers: map[string]string{"Sec-Fetch-Dest": "document", "Referer": "https://clean-mayfly-12.accounts.dev/sign-in"}, cookies: "__session=" + dv + "; __client_uat=1700000000" + dvb},
	}
	for _, c := range authCases(t) {
		if c.clerk != nil { // a deliberate difference, checked in TestCrossCheckAuthenticateRequest
			continue
		}
		fc := flowCase{name: "table " + c.name, method: c.method, headers: c.headers, parties: c.parties, nowSec: c.nowSec}
		if len(c.cookies) > 0 {
			fc.cookies = c.cookieHeader()
		}
		cs = append(cs, fc)
	}
	return cs
}

func (c *flowCase) fill() {
	if c.pk == "" {
		c.pk = testPK
	}
	if c.target == "" {
		c.target = authURL
	}
	if c.method == "" {
		c.method = http.MethodGet
	}
	if c.nowSec == 0 {
		c.nowSec = testNow.Unix()
	}
}

// TestCrossCheckHandshakeFlow runs every flowCase through @clerk/backend's
// authenticateRequest and through AuthenticateRequest, against the same
// keys and the same loopback Backend API, and compares status, reason,
// Location (with its parameters) and the names of the cookies set.
func TestCrossCheckHandshakeFlow(t *testing.T) {
	t.Parallel()
	f := newFakeBAPI(t)
	cases := flowCases(t, f)
	type nodeCase struct {
		Name    string            `json:"name"`
		URL     string            `json:"url"`
		Method  string            `json:"method"`
		Headers map[string]string `json:"headers"`
		Options map[string]any    `json:"options"`
		NowMs   int64             `json:"nowMs"`
	}
	in := struct {
		APIURL    string     `json:"apiUrl"`
		SecretKey string     `json:"secretKey"`
		Cases     []nodeCase `json:"cases"`
	}{APIURL: f.URL, SecretKey: "sk_live_" + strings.Repeat("x", 40)}
	pemA := pemOf(t, &testKeyA().PublicKey)
	var ours []flowResult
	for i := range cases {
		c := &cases[i]
		c.fill()
		v := c.verifier(t, f)
		opts := map[string]any{"publishableKey": c.pk, "jwtKey": pemA, "secretKey": "sk_live_" + strings.Repeat("x", 40)}
		if c.pk == devPK {
			opts["secretKey"] = "sk_test_" + strings.Repeat("x", 40)
		}
		if len(v.issuers) > 0 {
			opts["issuer"] = v.issuers[0]
		}
		if c.parties != nil {
			opts["authorizedParties"] = c.parties
		}
		if c.satellite {
			opts["isSatellite"], opts["domain"] = true, c.domain
		}
		if c.signIn != "" {
			opts["signInUrl"] = c.signIn
		}
		if c.proxy != "" {
			opts["proxyUrl"] = c.proxy
		}
		nc := nodeCase{Name: c.name, URL: c.target, Method: c.method, Headers: map[string]string{}, Options: opts, NowMs: c.nowSec * 1000}
		for k, v := range c.headers {
			nc.Headers[k] = v
		}
		if c.cookies != "" {
			nc.Headers["Cookie"] = c.cookies
		}
		in.Cases = append(in.Cases, nc)
		ours = append(ours, c.run(v))
	}
	var clerk []flowResult
	clerkOracle(t, "flow.mjs", in, &clerk)
	if len(clerk) != len(cases) {
		t.Fatalf("@clerk/backend answered %d requests, want %d", len(clerk), len(cases))
	}
	for i := range clerk {
		clerk[i].Location = normLocation(clerk[i].Location)
		ours[i].Location = normLocation(ours[i].Location)
		if clerk[i].SetCookie == nil {
			clerk[i].SetCookie = []string{}
		}
	}
	if diff := cmp.Diff(clerk, ours); diff != "" {
		t.Errorf("@clerk/backend vs AuthenticateRequest (-clerk +ours):\n%s", diff)
	}
	t.Logf("%d requests agree with @clerk/backend on status, reason, Location and Set-Cookie names", len(cases))
}

// verifier builds ours for the case's instance.
func (c *flowCase) verifier(t testing.TB, f *fakeBAPI) *Verifier {
	opts := []VerifierOption{WithClock(fixedClock(time.Unix(c.nowSec, 0))), WithTokenCacheSize(0)}
	if c.parties != nil {
		opts = append(opts, WithAuthorizedParties(c.parties...))
	}
	if c.satellite {
		opts = append(opts, WithSatellite(true), WithDomain(c.domain))
	}
	if c.signIn != "" {
		opts = append(opts, WithSignInURL(c.signIn))
	}
	if c.proxy != "" {
		opts = append(opts, WithProxyURL(c.proxy))
	}
	key := "sk_live_" + strings.Repeat("x", 40)
	if c.pk == devPK {
		key = "sk_test_" + strings.Repeat("x", 40)
	}
	cl, err := NewClient(key, WithBaseURL(f.URL), WithRetry(RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(append([]VerifierOption{WithJWTKey(pemOf(t, &testKeyA().PublicKey)), WithPublishableKey(c.pk), WithClient(cl)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// run is AuthenticateRequest's answer in flowResult form.
func (c *flowCase) run(v *Verifier) flowResult {
	r := httptest.NewRequest(c.method, c.target, nil)
	for k, val := range c.headers {
		r.Header.Set(k, val)
	}
	if c.cookies != "" {
		r.Header.Set("Cookie", c.cookies)
	}
	st := v.AuthenticateRequest(r)
	res := flowResult{Name: c.name, Status: string(st.Status), Reason: st.Reason, SetCookie: []string{}}
	if errors.Is(st.Err, ErrHandshakeFailed) || errors.Is(st.Err, ErrRequestRejected) {
		return flowResult{Name: c.name, Status: "threw", SetCookie: []string{}}
	}
	h := st.Headers()
	res.Location = h.Get("Location")
	for _, sc := range h.Values("Set-Cookie") {
		name, _ := cookieDirective(sc)
		res.SetCookie = append(res.SetCookie, name)
	}
	return res
}

// normLocation is a Location with its query parameters sorted, each one
// decoded, so that both libraries' encodings compare.
func normLocation(loc string) string {
	if loc == "" {
		return ""
	}
	u, err := url.Parse(loc)
	if err != nil {
		return "unparsable " + loc
	}
	var ps []string
	for k, vs := range u.Query() {
		for _, v := range vs {
			if k == "redirect_url" || k == "__clerk_redirect_url" {
				v = normLocation(v)
			}
			ps = append(ps, fmt.Sprintf("%s=%s", k, v))
		}
	}
	slices.Sort(ps)
	u.RawQuery = ""
	return u.String() + " " + strings.Join(ps, " ")
}
