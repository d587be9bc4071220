package clerktest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// External accounts (OAuth connections) of users. Clerk creates them when
// a user signs in with a provider, which the fake cannot do, so tests add
// them with Server.AddExternalAccount. GET
// /users/{id}/oauth_access_tokens/{provider} answers their tokens (an
// empty list when the user has none for the provider), and DELETE
// /users/{id}/external_accounts/{id} removes one.

// ExternalAccount is an OAuth connection of a user, for
// [Server.AddExternalAccount].
type ExternalAccount struct {
	// Provider is the provider, such as "oauth_google" (the "oauth_"
	// prefix is added when missing). Required.
	Provider string
	// ProviderUserID is the user's ID at the provider (default: random).
	ProviderUserID string
	// EmailAddress is the address the provider reported.
	EmailAddress string
	// AccessToken is the OAuth access token that
	// GET /users/{id}/oauth_access_tokens/{provider} returns. Required.
	AccessToken string
	// Scopes are the approved scopes.
	Scopes []string
	// ExpiresAt is when the access token expires; zero for never.
	ExpiresAt time.Time
}

type oauthToken struct {
	userID    string
	accountID string
	provider  string
	provUser  string
	token     string
	scopes    []string
	expiresAt *int64
}

func providerName(p string) string {
	if strings.HasPrefix(p, "oauth_") {
		return p
	}
	return "oauth_" + p
}

// AddExternalAccount connects the user userID to an OAuth provider as if
// they had signed in with it, and returns the account's ID ("eac_…").
func (s *Server) AddExternalAccount(userID string, acc ExternalAccount) (string, error) {
	if acc.Provider == "" || acc.AccessToken == "" {
		return "", errors.New("clerktest: AddExternalAccount: Provider and AccessToken are required")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(userID)
	if e != nil {
		return "", fmt.Errorf("clerktest: AddExternalAccount: %w", e)
	}
	now := ms(s.now())
	provider := providerName(acc.Provider)
	provUser := acc.ProviderUserID
	if provUser == "" {
		provUser = randomString(21)
	}
	var v gen.ExternalAccountWithVerification_Verification
	if err := v.FromVerificationOAuth(gen.VerificationOAuth{Status: "verified", Strategy: provider,
		Object: ptr(gen.VerificationOAuthObject("verification_oauth"))}); err != nil {
		return "", err
	}
	ea := gen.ExternalAccountWithVerification{ID: newID("eac"), Object: "external_account", Provider: provider,
		ProviderUserID: provUser, IdentificationID: newID("idn"), EmailAddress: acc.EmailAddress,
		ApprovedScopes: strings.Join(acc.Scopes, " "), PublicMetadata: rawMetadata(nil), Verification: &v,
		CreatedAt: now, UpdatedAt: now}
	r.u.ExternalAccounts = append(r.u.ExternalAccounts, ea)
	r.u.UpdatedAt = now
	t := &oauthToken{userID: userID, accountID: ea.ID, provider: provider, provUser: provUser,
		token: acc.AccessToken, scopes: slices.Clone(acc.Scopes)}
	if !acc.ExpiresAt.IsZero() {
		t.expiresAt = ptr(ms(acc.ExpiresAt))
	}
	s.db.more.oauth = append(s.db.more.oauth, t)
	return ea.ID, nil
}

// GetOAuthAccessToken lists the user's access tokens for a provider
// ("oauth_google" or "google"); an empty list when there are none. It
// answers {data, total_count} to paginated=true, as Clerk does.
func (a *api) GetOAuthAccessToken(_ context.Context, req bapiserver.GetOAuthAccessTokenRequestObject) (bapiserver.GetOAuthAccessTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.db.user(req.UserID); e != nil {
		return nil, e
	}
	provider := providerName(req.Provider)
	var mine []*oauthToken
	for _, t := range s.db.more.oauth {
		if t.userID == req.UserID && t.provider == provider {
			mine = append(mine, t)
		}
	}
	out := make(gen.OAuthAccessToken, 0, len(mine))
	for _, t := range page(mine, req.Params.Limit, req.Params.Offset) {
		out = append(out, gen.OAuthAccessToken{{}}...)
		it := &out[len(out)-1]
		it.Object, it.ExternalAccountID, it.Provider, it.ProviderUserID = "oauth_access_token", t.accountID, t.provider, t.provUser
		it.Token, it.Scopes, it.ExpiresAt = t.token, slices.Clone(t.scopes), t.expiresAt
		it.PublicMetadata = rawMetadata(nil)
	}
	var body gen.OAuthAccessTokenListResponse
	var err error
	if req.Params.Paginated != nil && *req.Params.Paginated {
		err = body.FromPaginatedOAuthAccessTokenList(gen.PaginatedOAuthAccessTokenList{Data: out, TotalCount: int64(len(mine))})
	} else {
		err = body.FromOAuthAccessToken(out)
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.GetOAuthAccessToken200JSONResponse(body), nil
}

// DeleteExternalAccount removes an external account of the user, and its
// tokens.
func (a *api) DeleteExternalAccount(_ context.Context, req bapiserver.DeleteExternalAccountRequestObject) (bapiserver.DeleteExternalAccountResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	i := slices.IndexFunc(r.u.ExternalAccounts, func(x gen.ExternalAccountWithVerification) bool { return x.ID == req.ExternalAccountID })
	if i < 0 {
		return nil, errNotFound("external account " + req.ExternalAccountID)
	}
	r.u.ExternalAccounts = slices.Delete(r.u.ExternalAccounts, i, i+1)
	r.u.UpdatedAt = ms(s.now())
	s.db.more.oauth = slices.DeleteFunc(s.db.more.oauth, func(t *oauthToken) bool { return t.accountID == req.ExternalAccountID })
	return bapiserver.DeleteExternalAccount200JSONResponse{Object: "external_account", ID: ptr(req.ExternalAccountID), Deleted: true}, nil
}

// matchesProvider is the user list's provider filter: an external account
// of the provider ("oauth_google" or "google") and, when providerUserIDs
// is not empty, one of those IDs at the provider.
func matchesProvider(u *gen.User, provider *string, providerUserIDs []string) bool {
	if provider == nil {
		return true
	}
	return slices.ContainsFunc(u.ExternalAccounts, func(ea gen.ExternalAccountWithVerification) bool {
		return ea.Provider == providerName(*provider) &&
			(len(providerUserIDs) == 0 || slices.Contains(providerUserIDs, ea.ProviderUserID))
	})
}
