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
	"sync"
	"testing"
	"time"
)

// benchTokens is twice the default cache size: cycling through that many
// distinct tokens, every lookup in a default LRU cache misses, so the
// "uncached" benchmarks measure a busy server's steady state (a full cache
// evicting its oldest entry on every insert) with one long-lived Verifier.
const benchTokens = 2 * DefaultTokenCacheSize

var (
	benchTokensOnce sync.Once
	benchTokenSet   []string
)

// benchSetup returns a verifier with the default cache and benchTokens
// distinct tokens (different jti), minted once per test binary.
func benchSetup(b *testing.B) (*Verifier, []string) {
	b.Helper()
	benchTokensOnce.Do(func() {
		toks := make([]string, benchTokens)
		for i := range toks {
			jti := "xxxxxxxxxx" + string(rune('a'+i%26)) + base64.RawURLEncoding.EncodeToString([]byte{byte(i), byte(i >> 8)})
			toks[i] = mint(b, testKeyA(), baseHeader(), with(baseClaims(), "jti", jti))
		}
		benchTokenSet = toks
	})
	return newPEMVerifier(b, WithAuthorizedParties(testAzp), WithIssuer(testIssuer)), benchTokenSet
}

// floorInput is a token's signing input and decoded signature, prepared
// before the timer so that the floor is only hashing and RSA.
type floorInput struct{ input, sig []byte }

func floorInputs(toks []string) []floorInput {
	ps := make([]floorInput, len(toks))
	for i, tok := range toks {
		dot := strings.LastIndexByte(tok, '.')
		sig, _ := base64.RawURLEncoding.DecodeString(tok[dot+1:])
		ps[i] = floorInput{[]byte(tok[:dot]), sig}
	}
	return ps
}

// rsaFloor is the least any verifier must do: SHA-256 of the signing
// input and rsa.VerifyPKCS1v15.
func rsaFloor(b *testing.B, pub *rsa.PublicKey, p *floorInput) {
	d := sha256.Sum256(p.input)
	if rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], p.sig) != nil {
		b.Fatal("verify failed")
	}
}

// BenchmarkRSAFloor is the floor over the same tokens as the Verify
// benchmarks.
func BenchmarkRSAFloor(b *testing.B) {
	_, toks := benchSetup(b)
	ps := floorInputs(toks)
	pub := &testKeyA().PublicKey
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		rsaFloor(b, pub, &ps[i%benchTokens])
	}
}

// BenchmarkVerifyUncached verifies a token not in the cache on every
// iteration (the insert, with an eviction, included).
func BenchmarkVerifyUncached(b *testing.B) {
	v, toks := benchSetup(b)
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := v.Verify(ctx, toks[i%benchTokens]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerifyVsFloor alternates, token by token, the floor and an
// uncached Verify of the same token, timing each, and reports the ratio of
// the two totals as "verify/floor". Interleaving at this grain cancels the
// load changes of a shared machine that move two separately run benchmarks
// apart; the order alternates too, so neither side always runs second with
// warm caches. The ns/op it reports is the sum of both.
func BenchmarkVerifyVsFloor(b *testing.B) {
	v, toks := benchSetup(b)
	ps := floorInputs(toks)
	pub := &testKeyA().PublicKey
	ctx := context.Background()
	verify := func(tok string) {
		if _, err := v.Verify(ctx, tok); err != nil {
			b.Fatal(err)
		}
	}
	var floorTime, verifyTime time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		tok, p := toks[i%benchTokens], &ps[i%benchTokens]
		t0 := time.Now()
		if i%2 == 0 {
			rsaFloor(b, pub, p)
		} else {
			verify(tok)
		}
		t1 := time.Now()
		if i%2 == 0 {
			verify(tok)
		} else {
			rsaFloor(b, pub, p)
		}
		t2 := time.Now()
		if i%2 == 0 {
			floorTime, verifyTime = floorTime+t1.Sub(t0), verifyTime+t2.Sub(t1)
		} else {
			verifyTime, floorTime = verifyTime+t1.Sub(t0), floorTime+t2.Sub(t1)
		}
	}
	b.ReportMetric(float64(verifyTime)/float64(floorTime), "verify/floor")
}

// BenchmarkVerifyVsDecodeFloor pairs an uncached Verify with a floor that
// also decodes the token (base64url, UTF-8, header and claims, with the
// verifier's own parser) before the same SHA-256 and RSA check: "verify/decoded"
// is what Verify adds beyond work that no verifier can skip (the claim
// checks, the copy for the caller and the cache insert). The RSA floor above
// leaves the decoding out, so BenchmarkVerifyVsFloor counts it as overhead.
func BenchmarkVerifyVsDecodeFloor(b *testing.B) {
	v, toks := benchSetup(b)
	pub := &testKeyA().PublicKey
	ctx := context.Background()
	pairTimer(b, "verify/decoded", func(i int) {
		if _, err := v.Verify(ctx, toks[i%benchTokens]); err != nil {
			b.Fatal(err)
		}
	}, func(i int) {
		var pt parsedToken
		if err := pt.parse(toks[i%benchTokens]); err != nil || !pt.decoded {
			b.Fatal("parse failed", err)
		}
		if !verifyRS256(pub, pt.t.signingInput, pt.sig[:pt.t.sigLen]) {
			b.Fatal("verify failed")
		}
	})
}

// BenchmarkVerifyOwnWork is what Verify does besides the RSA floor: parse
// the token, decode the claims and insert them into a full verified-token
// cache, with no signature check. Divided by BenchmarkRSAFloor it gives
// Verify's overhead.
func BenchmarkVerifyOwnWork(b *testing.B) {
	_, toks := benchSetup(b)
	cache := newTokenCache(DefaultTokenCacheSize)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
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
	v, toks := benchSetup(b)
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

// BenchmarkMiddleware runs RequireSession end to end with a bearer token
// not in the cache on every request.
func BenchmarkMiddleware(b *testing.B) {
	v, toks := benchSetup(b)
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
	h := v.RequireSession(ok)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		h.ServeHTTP(w, reqs[i%benchTokens])
	}
}
