package clerktest

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// actorTokenRec is an actor token: a ticket that signs an actor (an admin,
// a support agent) in as another user. Its token and URL appear only in the
// create answer.
type actorTokenRec struct {
	seq int64
	t   gen.ActorToken
}

// CreateActorToken creates an actor token for user_id on behalf of
// actor.sub. The fake has no Frontend API to redeem its URL;
// [Server.AcceptActorToken] does what signing in with it does.
func (a *api) CreateActorToken(_ context.Context, req bapiserver.CreateActorTokenRequestObject) (bapiserver.CreateActorTokenResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("user_id")
	}
	b := req.Body
	if b.Actor.Sub == "" {
		return nil, errParamMissing("actor.sub")
	}
	if b.ExpiresInSeconds != nil && *b.ExpiresInSeconds < 1 {
		return nil, errParamValue("expires_in_seconds", "must be at least 1")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	if _, e := db.user(b.UserID); e != nil {
		return nil, e
	}
	actor := map[string]any{"sub": b.Actor.Sub}
	for k, v := range b.Actor.AdditionalProperties {
		actor[k] = v
	}
	now := ms(s.now())
	token := randomString(48)
	r := &actorTokenRec{seq: db.next(), t: gen.ActorToken{
		ID: newID("act"), Object: "actor_token", Status: gen.ActorTokenStatusPending, UserID: b.UserID, Actor: actor,
		CreatedAt: now, UpdatedAt: now, Token: ptr(token),
		URL: ptr("https://" + s.FrontendAPI + "/v1/tickets/accept?ticket=" + token),
	}}
	if db.lists.actorTokens == nil {
		db.lists.actorTokens = map[string]*actorTokenRec{}
	}
	db.lists.actorTokens[r.t.ID] = r
	return bapiserver.CreateActorToken200JSONResponse(r.t), nil
}

// RevokeActorToken revokes a pending actor token.
func (a *api) RevokeActorToken(_ context.Context, req bapiserver.RevokeActorTokenRequestObject) (bapiserver.RevokeActorTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.lists.actorTokens[req.ActorTokenID]
	if r == nil {
		return nil, errNotFound("actor token " + req.ActorTokenID)
	}
	if r.t.Status != gen.ActorTokenStatusPending {
		return nil, newAPIError(http.StatusBadRequest, "actor_token_cannot_be_revoked", "cannot be revoked",
			"Only a pending actor token can be revoked; this one is "+string(r.t.Status)+".", nil)
	}
	r.t.Status = gen.ActorTokenStatusRevoked
	r.t.UpdatedAt = ms(s.now())
	out := r.t
	out.Token, out.URL = nil, nil
	return bapiserver.RevokeActorToken200JSONResponse(out), nil
}

// AcceptActorToken does what opening a pending actor token's URL does: it
// marks the token accepted and creates an active session for its user with
// the token's actor, and returns the session ID. The tokens the API mints
// for the session (POST /sessions/{id}/tokens) carry the actor as `act`;
// with [Server.MintSessionToken], pass [WithActor].
func (s *Server) AcceptActorToken(tokenID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.lists.actorTokens[tokenID]
	if r == nil {
		return "", fmt.Errorf("clerktest: AcceptActorToken: no actor token %q", tokenID)
	}
	if r.t.Status != gen.ActorTokenStatusPending {
		return "", fmt.Errorf("clerktest: AcceptActorToken: token %s is %s, not pending", tokenID, r.t.Status)
	}
	sess, err := s.createSession(r.t.UserID, "")
	if err != nil {
		return "", err
	}
	s.db.sessions[sess.ID].s.Actor = cloneMap(r.t.Actor)
	r.t.Status = gen.ActorTokenStatusAccepted
	r.t.UpdatedAt = ms(s.now())
	return sess.ID, nil
}

// sessionActor is the `act` claim of a session's tokens: the actor of the
// actor token it was created from, or nil.
func sessionActor(r *sessionRec) *Actor {
	sub, _ := r.s.Actor["sub"].(string)
	if sub == "" {
		return nil
	}
	return &Actor{Subject: sub}
}
