package clerktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
)

// TestTestingTokens: a token valid for an hour by the server's clock.
func TestTestingTokens(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s, c := newClient(t, clerktest.WithClock(clock.now))
	resp, err := bapi.New(c).CreateTestingTokenWithResponse(context.Background())
	if err != nil || resp.JSON200 == nil {
		t.Fatalf("create: %v %v", resp, err)
	}
	tok := resp.JSON200
	if tok.Object != "testing_token" || tok.ExpiresAt != clock.now().Add(time.Hour).Unix() || !s.IsTestingToken(tok.Token) {
		t.Errorf("token = %+v", tok)
	}
	if s.IsTestingToken("made-up") {
		t.Error("accepted a made-up token")
	}
	clock.advance(time.Hour)
	if s.IsTestingToken(tok.Token) {
		t.Error("accepted an expired token")
	}
}
