package clerktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestOAuthAccessTokens: an empty list for a user without accounts, the
// token of an account AddExternalAccount connected (under either spelling
// of the provider), and nothing left after DeleteExternalAccount.
func TestOAuthAccessTokens(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"oauth@example.com"}})

	toks, err := c.Users.OAuthAccessTokens(ctx, u.ID, "oauth_google", nil)
	if err != nil || toks == nil || len(toks) != 0 {
		t.Fatalf("no accounts: %v, %v", toks, err)
	}
	_, err = c.Users.OAuthAccessTokens(ctx, "user_missing", "oauth_google", nil)
	apiErr(t, err, 404, "resource_not_found")

	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	id, err := s.AddExternalAccount(u.ID, clerktest.ExternalAccount{Provider: "google", ProviderUserID: "g-1",
		EmailAddress: "oauth@example.com", AccessToken: "ya29.token", Scopes: []string{"email", "profile"}, ExpiresAt: exp})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"oauth_google", "google"} {
		toks, err = c.Users.OAuthAccessTokens(ctx, u.ID, p, nil)
		if err != nil || len(toks) != 1 {
			t.Fatalf("%s: %v, %v", p, toks, err)
		}
		got := toks[0]
		if got.Token != "ya29.token" || got.ExternalAccountID != id || got.Provider != "oauth_google" || got.ProviderUserID != "g-1" ||
			got.ExpiresAt == nil || *got.ExpiresAt != exp.UnixMilli() || !cmp.Equal(got.Scopes, []string{"email", "profile"}) {
			t.Errorf("%s: token = %+v", p, got)
		}
	}
	if toks, _ = c.Users.OAuthAccessTokens(ctx, u.ID, "oauth_github", nil); len(toks) != 0 {
		t.Errorf("other provider: %v", toks)
	}
	user, _ := c.Users.Get(ctx, u.ID)
	if len(user.ExternalAccounts) != 1 || user.ExternalAccounts[0].ID != id || user.ExternalAccounts[0].ApprovedScopes != "email profile" {
		t.Errorf("accounts = %+v", user.ExternalAccounts)
	}

	// The user list's provider filter finds the account.
	for _, p := range []*gen.GetUserListParams{
		{Provider: strp("oauth_google")}, {Provider: strp("google"), ProviderUserID: []string{"g-1"}},
	} {
		list, err := bapi.New(c).GetUserListWithResponse(ctx, p)
		if err != nil || list.JSON200 == nil || len(*list.JSON200) != 1 || (*list.JSON200)[0].ID != u.ID {
			t.Errorf("filter %+v: %v, %v", p, list, err)
		}
	}
	none, err := bapi.New(c).GetUserListWithResponse(ctx, &gen.GetUserListParams{Provider: strp("oauth_google"), ProviderUserID: []string{"g-2"}})
	if err != nil || len(*none.JSON200) != 0 {
		t.Errorf("other provider user ID: %v, %v", none, err)
	}

	del, err := c.Users.DeleteExternalAccount(ctx, u.ID, id)
	if err != nil || !del.Deleted {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if toks, _ = c.Users.OAuthAccessTokens(ctx, u.ID, "oauth_google", nil); len(toks) != 0 {
		t.Errorf("after delete: %v", toks)
	}
	_, err = c.Users.DeleteExternalAccount(ctx, u.ID, id)
	apiErr(t, err, 404, "resource_not_found")
}
