package clerktest_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
)

// TestTestingToken checks the shape and expiry of a testing token.
func TestTestingToken(t *testing.T) {
	t.Parallel()
	now := time.Unix(1713877200, 0)
	s, _ := newClient(t, clerktest.WithClock(func() time.Time { return now }))
	r := do(t, s, "POST", "/testing_tokens", nil)
	var tok struct {
		Object    string `json:"object"`
		Token     string `json:"token"`
		ExpiresAt int64  `json:"expires_at"`
	}
	if err := json.Unmarshal(r.body, &tok); err != nil || r.status != 200 {
		t.Fatalf("create: %d %s %v", r.status, r.body, err)
	}
	if tok.Object != "testing_token" || !strings.HasPrefix(tok.Token, strconv.FormatInt(now.Unix(), 10)+"-") ||
		tok.ExpiresAt != now.Unix()+3600 {
		t.Errorf("testing token = %+v", tok)
	}
}
