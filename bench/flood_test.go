package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	clerkhttp "github.com/clerk/clerk-sdk-go/v2/http"
	"github.com/clerk/clerk-sdk-go/v2/jwks"
	clerkjwt "github.com/clerk/clerk-sdk-go/v2/jwt"
	"github.com/gobapi/clerk"
)

// floodRequests is how many concurrent requests TestJWKSFlood sends.
const floodRequests = 1000

// floodTokens returns n tokens, each with its own random-looking kid that
// no JWKS holds. Their signatures are junk: both SDKs look the kid up
// before checking the signature, so a forger needs no key to send them.
func floodTokens(n int) []string {
	header := func(i int) string {
		return b64(fmt.Appendf(nil, `{"alg":"RS256","typ":"JWT","kid":"ins_flood_%08x"}`, i*2654435761))
	}
	payload := b64([]byte(`{"sub":"user_1","iss":"` + testIssuer + `","exp":1700000060,"iat":1700000000,"azp":"` + testAzp + `"}`))
	sig := b64(make([]byte, 256))
	toks := make([]string, n)
	for i := range toks {
		toks[i] = header(i) + "." + payload + "." + sig
	}
	return toks
}

// flood runs one call per token, all at once, and returns how many failed.
func flood(toks []string, call func(tok string) bool) (failed int) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		start = make(chan struct{})
	)
	for _, tok := range toks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if !call(tok) {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		}()
	}
	close(start)
	wg.Wait()
	return failed
}

// TestJWKSFlood sends floodRequests concurrent requests whose tokens carry
// unknown kids through each SDK, with keys from a loopback BAPI whose
// GET /v1/jwks takes 10ms, and reports how many JWKS fetches each made.
// Every request must be refused. The counts are printed on RESULT lines;
// the test asserts only that ours fetches at most once.
func TestJWKSFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 concurrent requests per SDK")
	}
	toks := floodTokens(floodRequests)
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Error("a request with an unknown kid reached the handler")
	})
	refused := func(h http.Handler) func(string) bool {
		return func(tok string) bool {
			r := httptest.NewRequest(http.MethodGet, "/api/me", nil)
			r.Header.Set("Authorization", "Bearer "+tok)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			return w.Code == http.StatusUnauthorized || w.Code == http.StatusForbidden
		}
	}
	oursVerifierFor := func(s *jwksServer) *clerk.Verifier {
		v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(oursClient(t, s.URL)), clerk.WithIssuer(testIssuer),
			clerk.WithAuthorizedParties(testAzp), clerk.WithClock(func() time.Time { return testNow }))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ctx := context.Background()
	cases := []struct {
		sdk, path string
		call      func(s *jwksServer) func(string) bool
	}{
		{"ours", "RequireSession", func(s *jwksServer) func(string) bool {
			return refused(oursVerifierFor(s).RequireSession(ok))
		}},
		{"official", "RequireHeaderAuthorization", func(s *jwksServer) func(string) bool {
			mw := clerkhttp.RequireHeaderAuthorization(clerkhttp.JWKSClient(jwks.NewClient(officialConfig(t, s.URL))),
				clerkhttp.Clock(fixedClock{}), clerkhttp.AuthorizedPartyMatches(testAzp))
			return refused(mw(ok))
		}},
		{"ours", "Verify", func(s *jwksServer) func(string) bool {
			v := oursVerifierFor(s)
			return func(tok string) bool { _, err := v.Verify(ctx, tok); return err != nil }
		}},
		{"official", "jwt.Verify", func(s *jwksServer) func(string) bool {
			jc := jwks.NewClient(officialConfig(t, s.URL))
			return func(tok string) bool {
				_, err := clerkjwt.Verify(ctx, &clerkjwt.VerifyParams{Token: tok, JWKSClient: jc, Clock: fixedClock{}})
				return err != nil
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.sdk+"/"+c.path, func(t *testing.T) {
			s := newJWKSServer(t, 10*time.Millisecond)
			start := time.Now()
			notRefused := flood(toks, c.call(s))
			elapsed := time.Since(start)
			fetches := s.fetches.Load()
			t.Logf("RESULT flood sdk=%s path=%s requests=%d refused=%d jwks_fetches=%d wall=%s",
				c.sdk, c.path, floodRequests, floodRequests-notRefused, fetches, elapsed.Round(time.Millisecond))
			if notRefused != 0 {
				t.Errorf("%d requests were not refused", notRefused)
			}
			if c.sdk == "ours" && fetches > 1 {
				t.Errorf("ours made %d JWKS fetches for one flood, want at most 1", fetches)
			}
		})
	}
}
