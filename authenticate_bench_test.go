package clerk

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// pairTimer alternates two functions, a first on even iterations, so that a
// change of machine load falls on both alike, and reports a's time over
// b's as metric.
func pairTimer(b *testing.B, metric string, fa, fb func(i int)) {
	var ta, tb time.Duration
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		first, second := fa, fb
		if i%2 == 1 {
			first, second = fb, fa
		}
		t0 := time.Now()
		first(i)
		t1 := time.Now()
		second(i)
		t2 := time.Now()
		if i%2 == 0 {
			ta, tb = ta+t1.Sub(t0), tb+t2.Sub(t1)
		} else {
			tb, ta = tb+t1.Sub(t0), ta+t2.Sub(t1)
		}
	}
	b.ReportMetric(float64(ta)/float64(tb), metric)
}

// BenchmarkAuthVsVerifyCached pairs AuthenticateRequest on a request whose
// bearer token is cached with Verify of the same cached token.
func BenchmarkAuthVsVerifyCached(b *testing.B) {
	v, toks := benchSetup(b)
	ctx := context.Background()
	r := httptest.NewRequest("GET", "/api", nil)
	r.Header.Set("Authorization", "Bearer "+toks[0])
	if st := v.AuthenticateRequest(r); st.Status != AuthSignedIn {
		b.Fatal(st.Reason)
	}
	pairTimer(b, "auth/verify", func(int) {
		if st := v.AuthenticateRequest(r); st.Status != AuthSignedIn {
			b.Fatal(st.Reason)
		}
	}, func(int) {
		if _, err := v.Verify(ctx, toks[0]); err != nil {
			b.Fatal(err)
		}
	})
}

// BenchmarkMiddlewareVsFloor pairs RequireSession on requests with a new
// token each time (benchTokens distinct tokens, every one a cache miss)
// with the RSA floor of the same token.
func BenchmarkMiddlewareVsFloor(b *testing.B) {
	v, toks := benchSetup(b)
	ps := floorInputs(toks)
	pub := &testKeyA().PublicKey
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
	pairTimer(b, "middleware/floor", func(i int) {
		h.ServeHTTP(w, reqs[i%benchTokens])
	}, func(i int) {
		rsaFloor(b, pub, &ps[i%benchTokens])
	})
}
