package clerk

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const benchTokens = 512

// benchSetup pre-mints n distinct tokens (different jti) before the timer.
func benchSetup(b *testing.B, n int) (*Verifier, []string) {
	b.Helper()
	v := newPEMVerifier(b, WithAuthorizedParties(testAzp), WithIssuer(testIssuer), WithClock(fixedClock(testNow)))
	toks := make([]string, n)
	for i := range toks {
		toks[i] = mint(b, testKeyA(), baseHeader(), with(baseClaims(), "jti", strings.Repeat("x", 10)+string(rune('a'+i%26))+base64.RawURLEncoding.EncodeToString([]byte{byte(i), byte(i >> 8)})))
	}
	return v, toks
}

// BenchmarkRSAFloor is the floor: SHA-256 of the signing input and
// rsa.VerifyPKCS1v15, with the signature already decoded.
func BenchmarkRSAFloor(b *testing.B) {
	_, toks := benchSetup(b, 1)
	tok := toks[0]
	dot := strings.LastIndexByte(tok, '.')
	input := []byte(tok[:dot])
	sig, _ := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	pub := &testKeyA().PublicKey
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		d := sha256.Sum256(input)
		if rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], sig) != nil {
			b.Fatal("verify failed")
		}
	}
}

// BenchmarkVerifyUncached verifies a token never seen before on every
// iteration (the cache is on, so each miss also pays the insert).
func BenchmarkVerifyUncached(b *testing.B) {
	_, toks := benchSetup(b, benchTokens)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	var v *Verifier
	for i := range b.N {
		if i%benchTokens == 0 {
			b.StopTimer()
			v = newPEMVerifier(b, WithAuthorizedParties(testAzp), WithIssuer(testIssuer))
			b.StartTimer()
		}
		if _, err := v.Verify(ctx, toks[i%benchTokens]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyOwnWork is what Verify does besides the RSA floor: parse
// the token, decode the claims and insert them into a verified-token cache,
// with no signature check. Divided by BenchmarkRSAFloor it gives Verify's
// overhead with much less noise than the ratio of two RSA-bound timings.
func BenchmarkVerifyOwnWork(b *testing.B) {
	_, toks := benchSetup(b, benchTokens)
	b.ReportAllocs()
	b.ResetTimer()
	var cache *tokenCache
	for i := range b.N {
		if i%benchTokens == 0 {
			b.StopTimer()
			cache = newTokenCache(DefaultTokenCacheSize)
			b.StartTimer()
		}
		tok := toks[i%benchTokens]
		var sig sigBuffer
		t, err := parseCompact(tok, &sig)
		if err != nil || t.header.alg != "RS256" {
			b.Fatal("parse failed", err)
		}
		c := new(SessionClaims)
		var p claimProblems
		if !decodeClaims(t.payload, c, &p) || c.UserID == "" {
			b.Fatal("decode failed")
		}
		if _, ok := cache.get(tok); ok {
			b.Fatal("unexpected hit")
		}
		cache.put(tok, c)
	}
}

// BenchmarkVerifyCached verifies the same token again and again.
func BenchmarkVerifyCached(b *testing.B) {
	v, toks := benchSetup(b, 1)
	ctx := context.Background()
	if _, err := v.Verify(ctx, toks[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := v.Verify(ctx, toks[0]); err != nil {
			b.Fatal(err)
		}
	}
}

type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// BenchmarkMiddleware runs RequireSession end to end with a new bearer
// token on every request.
func BenchmarkMiddleware(b *testing.B) {
	_, toks := benchSetup(b, benchTokens)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, found := SessionFromContext(r.Context()); !found {
			b.Fatal("no session")
		}
	})
	reqs := make([]*http.Request, benchTokens)
	for i := range reqs {
		reqs[i] = httptest.NewRequest("GET", "/api", nil)
		reqs[i].Header.Set("Authorization", "Bearer "+toks[i])
	}
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	var h http.Handler
	for i := range b.N {
		if i%benchTokens == 0 {
			b.StopTimer()
			v := newPEMVerifier(b, WithAuthorizedParties(testAzp), WithIssuer(testIssuer))
			h = v.RequireSession(ok)
			b.StartTimer()
		}
		h.ServeHTTP(w, reqs[i%benchTokens])
	}
}

var _ = time.Second
