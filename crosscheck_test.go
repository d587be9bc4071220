package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
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
	needCrossCheck(t)
	a, b := testKeyA(), testKeyB()
	pemA := pemOf(t, &a.PublicKey)
	type tc struct {
		Name    string         `json:"name"`
		Token   string         `json:"token"`
		Options map[string]any `json:"options"`
		NowMs   int64          `json:"nowMs"`
		parties []string
	}
	at := func(sec, ms int64) int64 { return sec*1000 + ms }
	cases := []tc{
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
	}
	for i := range cases {
		cases[i].Options = map[string]any{"jwtKey": pemA}
		if cases[i].parties != nil {
			cases[i].Options["authorizedParties"] = cases[i].parties
		}
	}
	type result struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Reason string `json:"reason"`
	}
	var clerk []result
	runCrossCheck(t, "verify.mjs", cases, &clerk)
	var ours []result
	for _, c := range cases {
		opts := []VerifierOption{WithClock(fixedClock(time.UnixMilli(c.NowMs))), WithTokenCacheSize(0)}
		if c.parties != nil {
			opts = append(opts, WithAuthorizedParties(c.parties...))
		}
		v := newPEMVerifier(t, opts...)
		_, err := v.Verify(context.Background(), c.Token)
		ours = append(ours, result{Name: c.Name, OK: err == nil, Reason: ReasonOf(err)})
	}
	if diff := cmp.Diff(clerk, ours); diff != "" {
		t.Errorf("@clerk/backend vs Verify (-clerk +ours):\n%s", diff)
	}
	t.Logf("%d cases agree with @clerk/backend", len(cases))
}

// crossCheckDir holds the cross-check scripts and their npm dependencies.
var crossCheckDir = filepath.Join("testdata", "crosscheck")

// needCrossCheck skips t, saying why, unless node and the pinned
// @clerk/backend are installed (CI installs both).
func needCrossCheck(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found: install Node.js >= 20 to cross-check against @clerk/backend")
	}
	if _, err := os.Stat(filepath.Join(crossCheckDir, "node_modules", "@clerk", "backend", "package.json")); err != nil {
		t.Skip("@clerk/backend not installed: run `npm ci` in testdata/crosscheck")
	}
}

// runCrossCheck runs `node script` in crossCheckDir with in as JSON on
// stdin and decodes the last line of its output into out (@clerk/backend
// may log lines of its own before it).
func runCrossCheck(t *testing.T, script string, in, out any) {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = crossCheckDir
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

// TestCrossCheckAuthenticateRequest runs @clerk/backend's own
// authenticateRequest on every request of authCases and asserts it answers
// what the table says ours does, or, for the few cases where we differ on
// purpose, exactly what the table says Clerk answers.
func TestCrossCheckAuthenticateRequest(t *testing.T) {
	t.Parallel()
	needCrossCheck(t)
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
	type result struct {
		Name   string `json:"name"`
		Status string `json:"status"`
		Reason string `json:"reason"`
	}
	cases := authCases(t)
	in := struct {
		Client clientOpts `json:"client"`
		Cases  []nodeCase `json:"cases"`
	}{Client: clientOpts{PublishableKey: testPK, SecretKey: "sk_live_" + strings.Repeat("x", 40), JWTKey: pemOf(t, &testKeyA().PublicKey)}}
	var want []result
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
		in.Cases = append(in.Cases, nc)
		w := c.want
		if c.clerk != nil {
			w = *c.clerk
		}
		want = append(want, result{Name: c.name, Status: w.Status, Reason: w.Reason})
	}
	var clerk []result
	runCrossCheck(t, "authenticate.mjs", in, &clerk)
	if diff := cmp.Diff(want, clerk); diff != "" {
		t.Errorf("@clerk/backend authenticateRequest vs the table (-table +clerk):\n%s", diff)
	}
	t.Logf("%d requests: @clerk/backend agrees with the table (%d known differences)", len(cases), countDiffering(cases))
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
