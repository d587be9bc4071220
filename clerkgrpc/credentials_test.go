package clerkgrpc_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgrpc"
	"github.com/gobapi/clerk/clerktest"
	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
)

// TestM2MCredentials calls a server that accepts M2M tokens with the
// per-RPC credential: one token serves the calls until the clock reaches
// its refresh margin, then a new one is created.
func TestM2MCredentials(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithAcceptedTokens(clerk.TokenTypeM2MToken))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	now := time.Now()
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	creds := clerkgrpc.NewM2MCredentials(c, clerkgrpc.WithTokenLifetime(time.Hour), clerkgrpc.WithRefreshMargin(10*time.Minute),
		clerkgrpc.WithCredentialsClock(clock), clerkgrpc.WithInsecureTransport())
	var s seen
	hc := serve(t, v, &s, nil, grpc.WithPerRPCCredentials(creds))
	call := func() string {
		t.Helper()
		if _, err := hc.Check(context.Background(), &healthpb.HealthCheckRequest{}); err != nil {
			t.Fatalf("Check: %v", err)
		}
		tok, err := creds.Token(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	first := call()
	if s.who != "machine "+srv.MachineID || !strings.HasPrefix(first, "mt_") {
		t.Fatalf("saw %q with a token of prefix %.3q", s.who, first)
	}
	mu.Lock()
	now = now.Add(49 * time.Minute) // 11 minutes left: outside the margin
	mu.Unlock()
	if call() != first {
		t.Error("a token 11 minutes from expiry was replaced (margin 10)")
	}
	mu.Lock()
	now = now.Add(2 * time.Minute) // 9 minutes left
	mu.Unlock()
	if second := call(); second == first {
		t.Error("a token 9 minutes from expiry was kept (margin 10)")
	}
}

// TestM2MCredentialsError: a Backend API that refuses the key gives a
// typed error that does not contain the key.
func TestM2MCredentialsError(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := clerk.NewClient("sk_test_wrong"+strings.Repeat("x", 30), clerk.WithBaseURL(srv.URL), clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 1}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = clerkgrpc.NewM2MCredentials(c).GetRequestMetadata(context.Background())
	if !errors.Is(err, clerkgrpc.ErrM2MToken) || strings.Contains(err.Error(), "sk_test_wrong") {
		t.Errorf("error %v: want ErrM2MToken without the key", err)
	}
	if !clerkgrpc.NewM2MCredentials(c).RequireTransportSecurity() {
		t.Error("RequireTransportSecurity is false by default")
	}
}
