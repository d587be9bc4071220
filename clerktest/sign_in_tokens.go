package clerktest

import (
	"context"
	"net/http"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// signInTokenRec is a sign-in token: a ticket that signs its user in
// through the Frontend API. The fake has no Frontend API, so a token stays
// pending until revoked.
type signInTokenRec struct {
	seq int64
	t   gen.SignInToken // Token and URL are kept for the create answer only
}

// CreateSignInToken creates a sign-in token for an existing user; org_id
// must be an organization the user belongs to. The token and its URL appear only in
// this answer, as in Clerk's.
func (a *api) CreateSignInToken(_ context.Context, req bapiserver.CreateSignInTokenRequestObject) (bapiserver.CreateSignInTokenResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("user_id")
	}
	b := req.Body
	// The lifetime is checked but not kept: nothing can use a token in the
	// fake, so it never expires.
	if b.ExpiresInSeconds != nil && *b.ExpiresInSeconds < 1 {
		return nil, errParamValue("expires_in_seconds", "must be at least 1")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	u, e := db.user(b.UserID)
	if e != nil {
		return nil, e
	}
	if b.OrgID != nil && *b.OrgID != "" {
		if _, e := db.org(*b.OrgID); e != nil {
			return nil, e
		}
		if db.membership(*b.OrgID, u.u.ID) == nil {
			return nil, newAPIError(http.StatusUnprocessableEntity, "form_param_value_invalid", "is invalid",
				"The user is not a member of the organization "+*b.OrgID+".", paramMeta("org_id"))
		}
	}
	now := ms(s.now())
	token := randomString(48)
	r := &signInTokenRec{seq: db.next(), t: gen.SignInToken{
		ID: newID("sit"), Object: "sign_in_token", Status: gen.SignInTokenStatusPending, UserID: u.u.ID,
		CreatedAt: now, UpdatedAt: now, Token: ptr(token),
		URL: ptr("https://" + s.FrontendAPI + "/v1/tickets/accept?ticket=" + token),
	}}
	if db.lists.signInTokens == nil {
		db.lists.signInTokens = map[string]*signInTokenRec{}
	}
	db.lists.signInTokens[r.t.ID] = r
	return bapiserver.CreateSignInToken200JSONResponse(r.t), nil
}

// RevokeSignInToken revokes a pending sign-in token; a token that is
// already revoked cannot be revoked again.
func (a *api) RevokeSignInToken(_ context.Context, req bapiserver.RevokeSignInTokenRequestObject) (bapiserver.RevokeSignInTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.lists.signInTokens[req.SignInTokenID]
	if r == nil {
		return nil, errNotFound("sign in token " + req.SignInTokenID)
	}
	if r.t.Status != gen.SignInTokenStatusPending {
		return nil, newAPIError(http.StatusBadRequest, "sign_in_token_cannot_be_revoked", "cannot be revoked",
			"Only a pending sign-in token can be revoked; this one is "+string(r.t.Status)+".", nil)
	}
	r.t.Status = gen.SignInTokenStatusRevoked
	r.t.UpdatedAt = ms(s.now())
	out := r.t
	out.Token, out.URL = nil, nil
	return bapiserver.RevokeSignInToken200JSONResponse(out), nil
}
