package clerkgrpc_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgrpc"
	"github.com/gobapi/clerk/clerktest"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
)

// BenchmarkOverhead interleaves the root RequireSession (an HTTP request
// with the token in Authorization) and the unary interceptor (a call
// context with the token in authorization metadata), both for a cached
// session token, and reports interceptor/root: the interceptor's cost
// over the root middleware's, without gRPC's transport.
func BenchmarkOverhead(b *testing.B) {
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
	root := v.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, ok := clerk.SessionFromContext(r.Context()); ok {
			w.WriteHeader(http.StatusOK)
		}
	}))
	ctx := metadata.NewIncomingContext(context.Background(), metadata.Pairs("authorization", "Bearer "+tok))
	icpt := clerkgrpc.UnaryServerInterceptor(v)
	info := &grpc.UnaryServerInfo{FullMethod: "/svc/Method"}
	handler := func(ctx context.Context, _ any) (any, error) {
		_, ok := clerkgrpc.Claims(ctx)
		return ok, nil
	}
	if ok, err := icpt(ctx, nil, info, handler); err != nil || ok != true {
		b.Fatalf("interceptor: %v %v", ok, err)
	}
	root.ServeHTTP(httptest.NewRecorder(), r)
	var tRoot, tIcpt time.Duration
	b.ReportAllocs()
	for b.Loop() {
		start := time.Now()
		for range 2000 {
			root.ServeHTTP(httptest.NewRecorder(), r)
		}
		tRoot += time.Since(start)
		start = time.Now()
		for range 2000 {
			_, _ = icpt(ctx, nil, info, handler)
		}
		tIcpt += time.Since(start)
	}
	b.ReportMetric(float64(tIcpt)/float64(tRoot), "interceptor/root")
}
