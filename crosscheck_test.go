package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCrossCheckClerkBackend runs @clerk/backend's own verifyToken
// (testdata/crosscheck, installed with `npm ci` there) on the same tokens as
// Verify and asserts both libraries agree on the outcome and reason.
func TestCrossCheckClerkBackend(t *testing.T) {
	t.Parallel()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not found: install Node.js >= 20 to cross-check against @clerk/backend")
	}
	dir := filepath.Join("testdata", "crosscheck")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@clerk", "backend", "package.json")); err != nil {
		t.Skip("@clerk/backend not installed: run `npm ci` in testdata/crosscheck")
	}
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
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "verify.mjs")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node verify.mjs: %v\n%s", err, stderr.String())
	}
	type result struct {
		Name   string `json:"name"`
		OK     bool   `json:"ok"`
		Reason string `json:"reason"`
	}
	var clerk []result
	if err := json.Unmarshal(bytes.TrimSpace(out[bytes.LastIndexByte(bytes.TrimSpace(out), '\n')+1:]), &clerk); err != nil {
		t.Fatalf("parse node output: %v\n%s", err, out)
	}
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
