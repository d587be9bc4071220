package clerktest_test

import (
	"testing"

	"github.com/gobapi/clerk/gen"
)

// TestOAuthAccessTokensEmpty checks that a user's OAuth access tokens are
// an empty list, bare or paginated, and that an unknown user is 404.
func TestOAuthAccessTokensEmpty(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"oauth@example.com"}})
	for path, want := range map[string]string{
		"/users/" + u.ID + "/oauth_access_tokens/oauth_google":                "[]",
		"/users/" + u.ID + "/oauth_access_tokens/oauth_google?paginated=true": `{"data":[],"total_count":0}`,
	} {
		r := do(t, s, "GET", path, nil)
		if r.status != 200 || string(r.body) != want+"\n" {
			t.Errorf("GET %s = %d %q, want %s", path, r.status, r.body, want)
		}
	}
	if r := do(t, s, "GET", "/users/user_missing/oauth_access_tokens/oauth_google", nil); r.status != 404 {
		t.Errorf("unknown user: %d %s", r.status, r.body)
	}
}
