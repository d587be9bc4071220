package bench

import (
	"context"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	official "github.com/clerk/clerk-sdk-go/v2"
	clerkhttp "github.com/clerk/clerk-sdk-go/v2/http"
	"github.com/clerk/clerk-sdk-go/v2/jwks"
	clerkjwt "github.com/clerk/clerk-sdk-go/v2/jwt"
	"github.com/gobapi/clerk"
	jwtv5 "github.com/golang-jwt/jwt/v5"
)

// verifier is one implementation under test: it returns the token's
// subject or an error.
type verifier func(ctx context.Context, token string) (string, error)

// oursVerifier is the gobapi verifier with a PEM key, pinned issuer and
// authorized party: the configuration the README recommends.
func oursVerifier(tb testing.TB, opts ...clerk.VerifierOption) *clerk.Verifier {
	tb.Helper()
	v, err := clerk.NewVerifier(append([]clerk.VerifierOption{
		clerk.WithJWTKey(publicPEM()),
		clerk.WithIssuer(testIssuer),
		clerk.WithAuthorizedParties(testAzp),
		clerk.WithClock(func() time.Time { return testNow }),
	}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// officialJWK is the key the official jwt.Verify is given up front, so it
// makes no JWKS call.
func officialJWK(tb testing.TB) *official.JSONWebKey {
	tb.Helper()
	jwk, err := official.JSONWebKeyFromPEM(publicPEM())
	if err != nil {
		tb.Fatal(err)
	}
	return jwk
}

// officialVerify is clerk-sdk-go's jwt.Verify with a preloaded key, the
// fixed clock and an azp check (its issuer check is built in).
func officialVerify(tb testing.TB) verifier {
	jwk := officialJWK(tb)
	azp := func(a string) bool { return a == testAzp }
	return func(ctx context.Context, token string) (string, error) {
		c, err := clerkjwt.Verify(ctx, &clerkjwt.VerifyParams{Token: token, JWK: jwk, Clock: fixedClock{}, AuthorizedPartyHandler: azp})
		if err != nil {
			return "", err
		}
		return c.Subject, nil
	}
}

// golangJWTClaims is what golang-jwt decodes a Clerk session token into.
type golangJWTClaims struct {
	jwtv5.RegisteredClaims
	Azp string `json:"azp"`
	Sid string `json:"sid"`
	V   int    `json:"v"`
	Fea string `json:"fea"`
	O   struct {
		ID  string `json:"id"`
		Slg string `json:"slg"`
		Rol string `json:"rol"`
		Per string `json:"per"`
		Fpm string `json:"fpm"`
	} `json:"o"`
}

// golangJWTVerify is golang-jwt/v5 with the parsed RSA key, RS256 only,
// exact issuer, exp required, iat checked, kid and azp checked.
func golangJWTVerify() verifier {
	pub := &signingKey().PublicKey
	p := jwtv5.NewParser(jwtv5.WithValidMethods([]string{"RS256"}), jwtv5.WithIssuer(testIssuer),
		jwtv5.WithExpirationRequired(), jwtv5.WithIssuedAt(), jwtv5.WithTimeFunc(func() time.Time { return testNow }))
	keyfunc := func(t *jwtv5.Token) (any, error) {
		if t.Header["kid"] != testKid {
			return nil, errors.New("unknown kid")
		}
		return pub, nil
	}
	return func(_ context.Context, token string) (string, error) {
		var c golangJWTClaims
		if _, err := p.ParseWithClaims(token, &c, keyfunc); err != nil {
			return "", err
		}
		if c.Azp != testAzp {
			return "", errors.New("bad azp")
		}
		return c.Subject, nil
	}
}

// TestVerifiersAgree checks that every verifier of the benchmark accepts
// the benchmark's tokens and rejects a tampered signature, so that they
// all do the work being timed.
func TestVerifiersAgree(t *testing.T) {
	ctx := context.Background()
	ours := oursVerifier(t)
	impls := map[string]verifier{
		"ours": func(ctx context.Context, tok string) (string, error) {
			c, err := ours.Verify(ctx, tok)
			if err != nil {
				return "", err
			}
			return c.UserID, nil
		},
		"official":   officialVerify(t),
		"golang-jwt": golangJWTVerify(),
	}
	tok := tokens()[0]
	dot := strings.LastIndexByte(tok, '.')
	sig, _ := base64.RawURLEncoding.DecodeString(tok[dot+1:])
	sig[len(sig)/2] ^= 1
	tampered := tok[:dot+1] + b64(sig)
	for name, v := range impls {
		if sub, err := v(ctx, tok); err != nil || sub != "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb" {
			t.Errorf("%s: Verify = %q, %v; want the subject", name, sub, err)
		}
		if _, err := v(ctx, tampered); err == nil {
			t.Errorf("%s accepts a tampered signature", name)
		}
	}
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

// BenchmarkVerify verifies one RS256 session token per iteration. impl:
//
//   - floor: SHA-256 and rsa.VerifyPKCS1v15 over a pre-decoded signature;
//   - ours-uncached: clerk.Verifier.Verify on a token it has not seen;
//   - ours-cached: the same token every time (a browser resending it);
//   - official: clerk-sdk-go jwt.Verify with a preloaded JWK;
//   - golang-jwt: golang-jwt/v5 with the parsed RSA key.
//
// Every implementation but ours-cached gets a different token on each
// iteration, from benchTokens pre-minted ones.
func BenchmarkVerify(b *testing.B) {
	toks := tokens()
	ctx := context.Background()
	b.Run("impl=floor", func(b *testing.B) {
		ps := floorInputs(toks)
		pub := &signingKey().PublicKey
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			p := &ps[i%benchTokens]
			d := sha256.Sum256(p.input)
			if rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], p.sig) != nil {
				b.Fatal("verify failed")
			}
			i++
		}
	})
	b.Run("impl=ours-uncached", func(b *testing.B) {
		v := oursVerifier(b, clerk.WithTokenCacheSize(missingCache))
		b.ReportAllocs()
		for i := range b.N {
			if _, err := v.Verify(ctx, toks[i%benchTokens]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("impl=ours-cached", func(b *testing.B) {
		v := oursVerifier(b)
		if _, err := v.Verify(ctx, toks[0]); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Verify(ctx, toks[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, impl := range []struct {
		name string
		v    verifier
	}{
		{"official", officialVerify(b)},
		{"golang-jwt", golangJWTVerify()},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if _, err := impl.v(ctx, toks[i%benchTokens]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkVsFloor runs each verifier alternately with the floor, token by
// token on the same token, timing both, and reports the ratio of the two
// totals as the metric "x-floor". Interleaving at this grain cancels the
// load changes of a shared machine that move two separately run benchmarks
// apart, so these ratios are far steadier than ratios of BenchmarkVerify
// medians. The order alternates too, so neither side always runs second.
func BenchmarkVsFloor(b *testing.B) {
	toks := tokens()
	ps := floorInputs(toks)
	pub := &signingKey().PublicKey
	ctx := context.Background()
	ours := oursVerifier(b, clerk.WithTokenCacheSize(missingCache))
	for _, impl := range []struct {
		name string
		v    verifier
	}{
		{"ours-uncached", func(ctx context.Context, tok string) (string, error) {
			c, err := ours.Verify(ctx, tok)
			if err != nil {
				return "", err
			}
			return c.UserID, nil
		}},
		{"official", officialVerify(b)},
		{"golang-jwt", golangJWTVerify()},
	} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			floor := func(p *floorInput) {
				d := sha256.Sum256(p.input)
				if rsa.VerifyPKCS1v15(pub, crypto.SHA256, d[:], p.sig) != nil {
					b.Fatal("verify failed")
				}
			}
			verify := func(tok string) {
				if _, err := impl.v(ctx, tok); err != nil {
					b.Fatal(err)
				}
			}
			var floorTime, implTime time.Duration
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				tok, p := toks[i%benchTokens], &ps[i%benchTokens]
				t0 := time.Now()
				if i%2 == 0 {
					floor(p)
				} else {
					verify(tok)
				}
				t1 := time.Now()
				if i%2 == 0 {
					verify(tok)
				} else {
					floor(p)
				}
				t2 := time.Now()
				if i%2 == 0 {
					floorTime, implTime = floorTime+t1.Sub(t0), implTime+t2.Sub(t1)
				} else {
					implTime, floorTime = implTime+t1.Sub(t0), floorTime+t2.Sub(t1)
				}
				i++
			}
			b.ReportMetric(float64(implTime)/float64(floorTime), "x-floor")
		})
	}
}

// jwksServer is a loopback BAPI that serves GET /v1/jwks and counts the
// fetches.
type jwksServer struct {
	*httptest.Server
	fetches atomic.Int64
}

func newJWKSServer(tb testing.TB, delay time.Duration) *jwksServer {
	tb.Helper()
	body := jwksJSON()
	s := &jwksServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/jwks" || r.Header.Get("Authorization") != "Bearer "+testSecret {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		s.fetches.Add(1)
		if delay > 0 {
			time.Sleep(delay)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	tb.Cleanup(s.Close)
	return s
}

// oursClient is a gobapi client for a loopback server.
func oursClient(tb testing.TB, url string) *clerk.Client {
	tb.Helper()
	c, err := clerk.NewClient(testSecret, clerk.WithBaseURL(url+"/v1"), clerk.WithHTTPClient(newHTTPClient(tb)))
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// officialConfig is the official SDK's configuration for a loopback server.
func officialConfig(tb testing.TB, url string) *official.ClientConfig {
	return &official.ClientConfig{BackendConfig: official.BackendConfig{
		URL:        official.String(url + "/v1"),
		Key:        official.String(testSecret),
		HTTPClient: newHTTPClient(tb),
	}}
}

// middlewares returns each SDK's session-required middleware, by key
// source: "pem" (a PEM key given at construction) or "jwks" (keys fetched
// from the loopback BAPI s and cached).
func middlewares(tb testing.TB, s *jwksServer) map[string]map[string]func(http.Handler) http.Handler {
	return map[string]map[string]func(http.Handler) http.Handler{
		"pem": {
			"ours": func(h http.Handler) http.Handler {
				return oursVerifier(tb, clerk.WithTokenCacheSize(missingCache)).RequireSession(h)
			},
			"official": clerkhttp.RequireHeaderAuthorization(clerkhttp.JSONWebKey(publicPEM()),
				clerkhttp.Clock(fixedClock{}), clerkhttp.AuthorizedPartyMatches(testAzp)),
		},
		"jwks": {
			"ours": func(h http.Handler) http.Handler {
				v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(oursClient(tb, s.URL)), clerk.WithIssuer(testIssuer),
					clerk.WithAuthorizedParties(testAzp), clerk.WithClock(func() time.Time { return testNow }),
					clerk.WithTokenCacheSize(missingCache))
				if err != nil {
					tb.Fatal(err)
				}
				return v.RequireSession(h)
			},
			"official": clerkhttp.RequireHeaderAuthorization(clerkhttp.JWKSClient(jwks.NewClient(officialConfig(tb, s.URL))),
				clerkhttp.Clock(fixedClock{}), clerkhttp.AuthorizedPartyMatches(testAzp)),
		},
	}
}

// BenchmarkMiddleware serves one request with a new bearer token per
// iteration through each SDK's session-required middleware (ours
// RequireSession, official RequireHeaderAuthorization), end to end from an
// httptest request to the handler reading the session. ours runs with a
// full cache smaller than the tokens cycled through (missingCache), so no
// request is a cache hit.
func BenchmarkMiddleware(b *testing.B) {
	toks := tokens()
	reqs := make([]*http.Request, benchTokens)
	for i := range reqs {
		reqs[i] = httptest.NewRequest(http.MethodGet, "/api/me", nil)
		reqs[i].Header.Set("Authorization", "Bearer "+toks[i])
	}
	s := newJWKSServer(b, 0)
	sessionOf := map[string]func(*http.Request) bool{
		"ours": func(r *http.Request) bool {
			c, ok := clerk.SessionFromContext(r.Context())
			return ok && c.UserID != ""
		},
		"official": func(r *http.Request) bool {
			c, ok := official.SessionClaimsFromContext(r.Context())
			return ok && c.Subject != ""
		},
	}
	mws := middlewares(b, s)
	warm := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	warm.Header.Set("Authorization", "Bearer "+mint(map[string]any{"alg": "RS256", "typ": "JWT", "kid": testKid}, claims("jti_warm")))
	for _, key := range []string{"pem", "jwks"} {
		for _, sdk := range []string{"ours", "official"} {
			b.Run("key="+key+"/sdk="+sdk, func(b *testing.B) {
				var served int
				next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					if !sessionOf[sdk](r) {
						b.Fatal("no session in the handler")
					}
					served++
				})
				w := &discardWriter{h: http.Header{}}
				mw := mws[key][sdk]
				h := mw(next)
				h.ServeHTTP(w, warm) // warm the key caches
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					h.ServeHTTP(w, reqs[i%benchTokens])
				}
				b.StopTimer()
				if served < b.N {
					b.Fatalf("served %d of %d requests", served, b.N)
				}
			})
		}
	}
}
