package clerktest

import (
	"context"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// GetOAuthAccessToken lists the OAuth access tokens the user holds for a
// provider. The fake has no external accounts, so the list is always empty,
// as Clerk's is for a user who never signed in with the provider: an empty
// array, or {data: [], total_count: 0} to paginated=true. An unknown user
// is 404.
func (a *api) GetOAuthAccessToken(_ context.Context, req bapiserver.GetOAuthAccessTokenRequestObject) (bapiserver.GetOAuthAccessTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	_, e := s.db.user(req.UserID)
	s.mu.Unlock()
	if e != nil {
		return nil, e
	}
	var body gen.OAuthAccessTokenListResponse
	var err error
	if req.Params.Paginated != nil && *req.Params.Paginated {
		err = body.FromPaginatedOAuthAccessTokenList(gen.PaginatedOAuthAccessTokenList{Data: gen.OAuthAccessToken{}})
	} else {
		err = body.FromOAuthAccessToken(gen.OAuthAccessToken{})
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.GetOAuthAccessToken200JSONResponse(body), nil
}
