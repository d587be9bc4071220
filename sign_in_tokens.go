package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// SignInTokensService manages sign-in tokens (/sign_in_tokens): tickets
// that sign a user in without credentials when the browser follows their
// URL, for magic links of your own or for tests. Reach it as
// [Client].SignInTokens.
type SignInTokensService struct{ client *Client }

// SignInTokenCreateParams are the settings of [SignInTokensService.Create].
type SignInTokenCreateParams struct {
	// UserID is the user the token signs in. Required.
	UserID string
	// OrganizationID, when set, is the organization made active on sign-in;
	// the user must be a member.
	OrganizationID string
	// ExpiresInSeconds is the token's validity; 0 keeps Clerk's default of
	// 30 days.
	ExpiresInSeconds int
}

// Create creates a sign-in token. The result's Token and URL are shown
// only here: hand the URL to the user, and keep it secret like a password.
func (s *SignInTokensService) Create(ctx context.Context, params *SignInTokenCreateParams) (*SignInToken, error) {
	if params == nil {
		return nil, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	if err := requireID("params.UserID", params.UserID); err != nil {
		return nil, err
	}
	if params.ExpiresInSeconds < 0 {
		return nil, &InvalidParamError{Param: "params.ExpiresInSeconds", Reason: "must not be negative"}
	}
	body := gen.CreateSignInTokenJSONRequestBody{UserID: params.UserID, OrgID: optional(params.OrganizationID),
		ExpiresInSeconds: optional(params.ExpiresInSeconds)}
	resp, err := s.client.api.CreateSignInToken(ctx, body)
	return decode[gen.SignInToken]("create sign-in token", resp, err)
}

// Revoke revokes a pending sign-in token, so that its URL no longer signs
// anyone in. A token already used or revoked is refused with a 400
// [*APIError].
func (s *SignInTokensService) Revoke(ctx context.Context, signInTokenID string) (*SignInToken, error) {
	if err := requireID("signInTokenID", signInTokenID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.RevokeSignInToken(ctx, signInTokenID)
	return decode[gen.SignInToken]("revoke sign-in token", resp, err)
}
