package clerkecho_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkecho"
	"github.com/gobapi/clerk/clerktest"
	"github.com/labstack/echo/v4"
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
// RequireSession on its own (root), the same wrapped into an Echo route
// (echo-wrapped-root) and clerkecho.RequireSession (echo-adapter): the
// adapter's overhead is echo-adapter over echo-wrapped-root.
func BenchmarkRequireSession(b *testing.B) {
	v, r := benchSetup(b)
	ok := func(w http.ResponseWriter, r *http.Request) {
		if _, signed := clerk.SessionFromContext(r.Context()); signed {
			w.WriteHeader(http.StatusOK)
		}
	}
	b.Run("root", func(b *testing.B) { benchServe(b, v.RequireSession(http.HandlerFunc(ok)), r) })
	b.Run("echo-wrapped-root", func(b *testing.B) {
		e := echo.New()
		e.GET("/api/me", echo.WrapHandler(v.RequireSession(http.HandlerFunc(ok))))
		benchServe(b, e, r)
	})
	b.Run("echo-adapter", func(b *testing.B) {
		e := echo.New()
		e.GET("/api/me", func(c echo.Context) error {
			if _, signed := clerkecho.Claims(c); signed {
				return c.NoContent(http.StatusOK)
			}
			return nil
		}, clerkecho.RequireSession(v))
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
// into an Echo route and clerkecho.RequireSession, for a cached token, and
// reports the time ratios (adapter/root: the adapter with Echo's routing
// over bare net/http; adapter/wrapped: the adapter over the root
// middleware inside Echo).
func BenchmarkOverhead(b *testing.B) {
	v, r := benchSetup(b)
	ok := func(w http.ResponseWriter, r *http.Request) {
		if _, signed := clerk.SessionFromContext(r.Context()); signed {
			w.WriteHeader(http.StatusOK)
		}
	}
	wrapped := echo.New()
	wrapped.GET("/api/me", echo.WrapHandler(v.RequireSession(http.HandlerFunc(ok))))
	adapter := echo.New()
	adapter.GET("/api/me", func(c echo.Context) error {
		if _, signed := clerkecho.Claims(c); signed {
			return c.NoContent(http.StatusOK)
		}
		return nil
	}, clerkecho.RequireSession(v))
	interleave(b, r, []string{"root", "wrapped", "adapter"}, []http.Handler{v.RequireSession(http.HandlerFunc(ok)), wrapped, adapter})
}
