package clerkgin_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgin"
	"github.com/gobapi/clerk/clerktest"
)

// benchSetup is a verifier and a cached session token of clerktest.
func benchSetup(b *testing.B) (*clerk.Verifier, *http.Request) {
	srv := clerktest.NewServer(b)
	c, err := srv.Client()
	if err != nil {
		b.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		b.Fatal(err)
	}
	tok, err := srv.MintSessionToken("user_1", clerktest.WithLifetime(time.Hour))
	if err != nil {
		b.Fatal(err)
	}
	r := httptest.NewRequest(http.MethodGet, "/api/me", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return v, r
}

func benchServe(b *testing.B, h http.Handler, r *http.Request) {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r) // warms the token cache
	if w.Code != http.StatusOK {
		b.Fatalf("status %d", w.Code)
	}
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), r)
	}
}

// BenchmarkRequireSession compares, for a cached session token, the root
// RequireSession on its own (root), the same wrapped into a Gin route
// (gin-wrapped-root) and clerkgin.RequireSession (gin-adapter): the
// adapter's overhead is gin-adapter over gin-wrapped-root.
func BenchmarkRequireSession(b *testing.B) {
	v, r := benchSetup(b)
	ok := func(w http.ResponseWriter, r *http.Request) {
		if _, signed := clerk.SessionFromContext(r.Context()); signed {
			w.WriteHeader(http.StatusOK)
		}
	}
	b.Run("root", func(b *testing.B) { benchServe(b, v.RequireSession(http.HandlerFunc(ok)), r) })
	b.Run("gin-wrapped-root", func(b *testing.B) {
		e := gin.New()
		e.GET("/api/me", gin.WrapH(v.RequireSession(http.HandlerFunc(ok))))
		benchServe(b, e, r)
	})
	b.Run("gin-adapter", func(b *testing.B) {
		e := gin.New()
		e.GET("/api/me", clerkgin.RequireSession(v), func(c *gin.Context) {
			if _, signed := clerkgin.Claims(c); signed {
				c.Status(http.StatusOK)
			}
		})
		benchServe(b, e, r)
	})
}

// interleave serves r with each handler in turn, rounds of 2000 requests
// each, and reports each handler's time per request over the first's as
// a metric named after it (and the last's over the one before), so that the machine's load falls on all alike.
func interleave(b *testing.B, r *http.Request, names []string, hs []http.Handler) {
	for _, h := range hs {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r) // warms the token cache
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
	total := make([]time.Duration, len(hs))
	b.ReportAllocs()
	for b.Loop() {
		for i, h := range hs {
			start := time.Now()
			for range 2000 {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
			total[i] += time.Since(start)
		}
	}
	for i := 1; i < len(hs); i++ {
		b.ReportMetric(float64(total[i])/float64(total[0]), names[i]+"/"+names[0])
	}
	if n := len(hs); n > 2 {
		b.ReportMetric(float64(total[n-1])/float64(total[n-2]), names[n-1]+"/"+names[n-2])
	}
}

// BenchmarkOverhead interleaves the root RequireSession, the same wrapped
// into a Gin route and clerkgin.RequireSession, for a cached token, and
// reports the time ratios (adapter/root: the adapter with Gin's routing
// over bare net/http; adapter/wrapped: the adapter over the root
// middleware inside Gin).
func BenchmarkOverhead(b *testing.B) {
	v, r := benchSetup(b)
	ok := func(w http.ResponseWriter, r *http.Request) {
		if _, signed := clerk.SessionFromContext(r.Context()); signed {
			w.WriteHeader(http.StatusOK)
		}
	}
	wrapped := gin.New()
	wrapped.GET("/api/me", gin.WrapH(v.RequireSession(http.HandlerFunc(ok))))
	adapter := gin.New()
	adapter.GET("/api/me", clerkgin.RequireSession(v), func(c *gin.Context) {
		if _, signed := clerkgin.Claims(c); signed {
			c.Status(http.StatusOK)
		}
	})
	interleave(b, r, []string{"root", "wrapped", "adapter"}, []http.Handler{v.RequireSession(http.HandlerFunc(ok)), wrapped, adapter})
}
