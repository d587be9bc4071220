package clerk

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCrossCheckClerkBackend runs @clerk/backend's own verifyToken
// (testdata/crosscheck, installed with `npm ci` there) on the same tokens as
// Verify and asserts both libraries agree on the outcome and reason.
func TestCrossCheckClerkBackend(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	at := func(sec, ms int64) int64 { return sec*1000 + ms }
	// Hand-written payloads, for JSON that encoding/json cannot produce
	// (duplicate keys, where the last one wins in JSON.parse).
	const rs256, times = `{"alg":"RS256","typ":"JWT"}`, `{"iat":1700000000,"nbf":1699999990,"exp":1700000060,`
	cases := []verifyCase{
		{Name: "valid", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000030, 0)},
		{Name: "valid with authorized parties", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000030, 0), parties: []string{testAzp}},
		{Name: "expired", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000070, 0)},
		{Name: "expired boundary inside", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000064, 999)},
		{Name: "expired boundary exact", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000065, 0)},
		{Name: "not yet valid", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1699999984, 999)},
		{Name: "nbf boundary exact", Token: mint(t, a, baseHeader(), with(baseClaims(), "iat", nil)), NowMs: at(1699999985, 0)},
		{Name: "iat in the future", Token: mint(t, a, baseHeader(), with(baseClaims(), "nbf", nil)), NowMs: at(1699999994, 999)},
		{Name: "wrong azp", Token: mint(t, a, baseHeader(), baseClaims()), NowMs: at(1700000030, 0), parties: []string{"https://example.com"}},
		{Name: "missing azp with parties", Token: mint(t, a, baseHeader(), with(baseClaims(), "azp", nil)), NowMs: at(1700000030, 0), parties: []string{testAzp}},
		{Name: "wrong key", Token: mint(t, b, baseHeader(), baseClaims()), NowMs: at(1700000030, 0)},
		{Name: "tampered signature", Token: func() string { s := mint(t, a, baseHeader(), baseClaims()); return s[:len(s)-4] + "AAAA" }(), NowMs: at(1700000030, 0)},
		{Name: "missing sub", Token: mint(t, a, baseHeader(), with(baseClaims(), "sub", nil)), NowMs: at(1700000030, 0)},
		{Name: "missing exp", Token: mint(t, a, baseHeader(), with(baseClaims(), "exp", nil)), NowMs: at(1700000030, 0)},
		{Name: "alg HS256", Token: mint(t, a, with(baseHeader(), "alg", "HS256"), baseClaims()), NowMs: at(1700000030, 0)},
		{Name: "typ at+jwt", Token: mint(t, a, with(baseHeader(), "typ", "at+jwt"), baseClaims()), NowMs: at(1700000030, 0)},
		{Name: "machine category", Token: mint(t, a, with(baseHeader(), "cat", catMachine), baseClaims()), NowMs: at(1700000030, 0)},
		{Name: "malformed", Token: "not.a.jwt.at.all", NowMs: at(1700000030, 0)},
		{Name: "sub a number", Token: mintRaw(t, a, rs256, times+`"sub":1}`), NowMs: at(1700000030, 0)},
		{Name: "exp a string", Token: mintRaw(t, a, rs256, `{"sub":"user_1","iat":1700000000,"exp":"1700000060"}`), NowMs: at(1700000030, 0)},
		{Name: "duplicate sub, string last", Token: mintRaw(t, a, rs256, times+`"sub":1,"sub":"user_1"}`), NowMs: at(1700000030, 0)},
		{Name: "duplicate sub, number last", Token: mintRaw(t, a, rs256, times+`"sub":"user_1","sub":1}`), NowMs: at(1700000030, 0)},
		{Name: "duplicate exp, expired last", Token: mintRaw(t, a, rs256, `{"sub":"user_1","exp":1700000060,"exp":1700000010}`), NowMs: at(1700000030, 0)},
		{Name: "duplicate azp, right one last", Token: mintRaw(t, a, rs256, times+`"sub":"user_1","azp":"https://evil.example","azp":"`+testAzp+`"}`),
			NowMs: at(1700000030, 0), parties: []string{testAzp}},
		{Name: "duplicate azp, wrong one last", Token: mintRaw(t, a, rs256, times+`"sub":"user_1","azp":"`+testAzp+`","azp":"https://evil.example"}`),
			NowMs: at(1700000030, 0), parties: []string{testAzp}},
	}
	clerk, ours := verifyBoth(t, cases)
	if diff := cmp.Diff(clerk, ours); diff != "" {
		t.Errorf("@clerk/backend vs Verify (-clerk +ours):\n%s", diff)
	}
	t.Logf("%d cases agree with @clerk/backend", len(cases))
}

// verifyCase is one token for verify.mjs and Verify: both check it with
// testKeyA's public key at NowMs, with parties as authorized parties.
type verifyCase struct {
	Name    string         `json:"name"`
	Token   string         `json:"token"`
	Options map[string]any `json:"options"`
	NowMs   int64          `json:"nowMs"`
	parties []string
}

// verifyOutcome is one verification's outcome, as verify.mjs reports it.
type verifyOutcome struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Reason string `json:"reason"`
}

// verifyBoth runs every case through @clerk/backend's verifyToken and
// through Verify, and returns both outcomes in case order.
func verifyBoth(t *testing.T, cases []verifyCase) (clerk, ours []verifyOutcome) {
	t.Helper()
	pemA := pemOf(t, &testKeyA().PublicKey)
	for i := range cases {
		cases[i].Options = map[string]any{"jwtKey": pemA}
		if cases[i].parties != nil {
			cases[i].Options["authorizedParties"] = cases[i].parties
		}
	}
	clerkOracle(t, "verify.mjs", cases, &clerk)
	if len(clerk) != len(cases) {
		t.Fatalf("@clerk/backend answered %d cases, want %d", len(clerk), len(cases))
	}
	for _, c := range cases {
		opts := []VerifierOption{WithClock(fixedClock(time.UnixMilli(c.NowMs))), WithTokenCacheSize(0)}
		if c.parties != nil {
			opts = append(opts, WithAuthorizedParties(c.parties...))
		}
		_, err := newPEMVerifier(t, opts...).Verify(context.Background(), c.Token)
		ours = append(ours, verifyOutcome{Name: c.Name, OK: err == nil, Reason: ReasonOf(err)})
	}
	return clerk, ours
}

// clerkOracle runs a script of testdata/crosscheck (see nodeOracle).
func clerkOracle(t *testing.T, script string, in, out any) {
	t.Helper()
	nodeOracle(t, "crosscheck", "@clerk/backend", in, out, script)
}

// TestCrossCheckAuthenticateRequest runs @clerk/backend's own
// authenticateRequest on every request of authCases and asserts it answers
// what the table says ours does, or, for the few cases where we differ on
// purpose, exactly what the table says Clerk answers.
func TestCrossCheckAuthenticateRequest(t *testing.T) {
	t.Parallel()
	cases := authCases(t)
	var want []clerkAuthResult
	for _, c := range cases {
		w := c.want
		if c.clerk != nil {
			w = *c.clerk
		}
		want = append(want, clerkAuthResult{Name: c.name, Status: w.Status, Reason: w.Reason})
	}
	clerk := clerkAuthenticate(t, cases)
	if diff := cmp.Diff(want, clerk); diff != "" {
		t.Errorf("@clerk/backend authenticateRequest vs the table (-table +clerk):\n%s", diff)
	}
	t.Logf("%d requests: @clerk/backend agrees with the table (%d known differences)", len(cases), countDiffering(cases))
}

// clerkAuthResult is what authenticate.mjs reports for one request.
type clerkAuthResult struct {
	Name   string `json:"name"`
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// clerkAuthenticate runs @clerk/backend's authenticateRequest on each case's
// request, with a client for testPK and testKeyA's public key as jwtKey.
func clerkAuthenticate(t *testing.T, cases []authCase) []clerkAuthResult {
	t.Helper()
	type clientOpts struct {
		PublishableKey string `json:"publishableKey"`
		SecretKey      string `json:"secretKey"`
		JWTKey         string `json:"jwtKey"`
	}
	type nodeCase struct {
		Name    string            `json:"name"`
		URL     string            `json:"url"`
		Method  string            `json:"method"`
		Headers map[string]string `json:"headers"`
		Options map[string]any    `json:"options"`
		NowMs   int64             `json:"nowMs"`
	}
	in := struct {
		Client clientOpts `json:"client"`
		Cases  []nodeCase `json:"cases"`
	}{Client: clientOpts{PublishableKey: testPK, SecretKey: "sk_live_" + strings.Repeat("x", 40), JWTKey: pemOf(t, &testKeyA().PublicKey)}}
	iss, err := IssuerFromPublishableKey(testPK)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		nc := nodeCase{Name: c.name, URL: authURL, Method: c.method, Headers: map[string]string{}, Options: map[string]any{}, NowMs: c.now().UnixMilli()}
		if nc.Method == "" {
			nc.Method = http.MethodGet
		}
		for k, v := range c.headers {
			nc.Headers[k] = v
		}
		if len(c.cookies) > 0 {
			nc.Headers["Cookie"] = c.cookieHeader()
		}
		if c.parties != nil {
			nc.Options["authorizedParties"] = c.parties
		}
		// Our verifier pins the publishable key's issuer; Clerk checks it
		// only when asked.
		nc.Options["issuer"] = iss
		in.Cases = append(in.Cases, nc)
	}
	var clerk []clerkAuthResult
	clerkOracle(t, "authenticate.mjs", in, &clerk)
	if len(clerk) != len(cases) {
		t.Fatalf("@clerk/backend answered %d requests, want %d", len(clerk), len(cases))
	}
	return clerk
}

func countDiffering(cases []authCase) int {
	n := 0
	for _, c := range cases {
		if c.clerk != nil {
			n++
		}
	}
	return n
}
