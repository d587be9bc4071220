package clerktest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/gen"
)

// TestSignInTokens checks create and revoke of sign-in tokens.
func TestSignInTokens(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"sit@example.com"}})
	org, err := c.Organizations.Create(context.Background(), &clerk.OrganizationCreateParams{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	r := do(t, s, "POST", "/sign_in_tokens", map[string]any{"user_id": u.ID, "expires_in_seconds": 600})
	var tok gen.SignInToken
	decodeStrict(t, r.body, &tok)
	if r.status != 200 || !strings.HasPrefix(tok.ID, "sit_") || tok.Status != "pending" || tok.UserID != u.ID ||
		tok.Token == nil || tok.URL == nil || !strings.HasSuffix(*tok.URL, *tok.Token) {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		body   map[string]any
		status int
	}{
		{map[string]any{"user_id": "user_missing"}, 404},
		{map[string]any{"user_id": u.ID, "expires_in_seconds": 0}, 422},
		{map[string]any{"user_id": u.ID, "org_id": org.ID}, 422},
	} {
		if r := do(t, s, "POST", "/sign_in_tokens", tc.body); r.status != tc.status {
			t.Errorf("POST %v = %d %s, want %d", tc.body, r.status, r.body, tc.status)
		}
	}
	r = do(t, s, "POST", "/sign_in_tokens/"+tok.ID+"/revoke", nil)
	if r.status != 200 || !jsonContains(r.body, `"status":"revoked"`) || jsonContains(r.body, `"token"`) {
		t.Errorf("revoke: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/sign_in_tokens/"+tok.ID+"/revoke", nil); r.status != 400 {
		t.Errorf("revoke again: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/sign_in_tokens/sit_missing/revoke", nil); r.status != 404 {
		t.Errorf("revoke missing: %d %s", r.status, r.body)
	}
}
