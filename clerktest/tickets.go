package clerktest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Sign-in tokens (/sign_in_tokens) and actor tokens (/actor_tokens): both
// are tickets a browser redeems at the Frontend API. The fake has no
// Frontend API, so [Server.AcceptTicket] plays that part: it turns a
// pending ticket into an active session, with the actor of an actor token.

// Clerk's defaults for tickets.
const (
	defaultSignInTokenLifetime = 30 * 24 * time.Hour
	defaultActorTokenLifetime  = time.Hour
	defaultActorSessionMax     = 30 * time.Minute
)

type signInTokenRec struct {
	seq    int64
	t      gen.SignInToken
	orgID  string
	expire time.Time
}

type actorTokenRec struct {
	seq        int64
	t          gen.ActorToken
	expire     time.Time
	sessionMax time.Duration
}

// ticketURL is where Clerk sends a browser to redeem a ticket.
func (s *Server) ticketURL(token string) string {
	return "https://" + s.FrontendAPI + "/v1/tickets/accept?ticket=" + url.QueryEscape(token)
}

func errTicketNotPending(what, id string, status string) *apiError {
	return newAPIError(http.StatusBadRequest, "revoke_not_allowed", "cannot revoke",
		"The "+what+" "+id+" is "+status+"; only a pending one can be revoked.", nil)
}

// CreateSignInToken issues a ticket that signs userID in, valid for
// expires_in_seconds (default 30 days); org_id, when set, must be an
// organization the user belongs to and becomes the session's active one.
func (a *api) CreateSignInToken(_ context.Context, req bapiserver.CreateSignInTokenRequestObject) (bapiserver.CreateSignInTokenResponseObject, error) {
	b := req.Body
	if b.UserID == "" {
		return nil, errParamMissing("user_id")
	}
	life := defaultSignInTokenLifetime
	if b.ExpiresInSeconds != nil {
		if *b.ExpiresInSeconds < 1 {
			return nil, errParamValue("expires_in_seconds", "must be at least 1")
		}
		life = time.Duration(*b.ExpiresInSeconds) * time.Second
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	if _, e := db.user(b.UserID); e != nil {
		return nil, e
	}
	orgID := ""
	if b.OrgID != nil && *b.OrgID != "" {
		if _, e := db.tokenOrg(*b.OrgID, b.UserID); e != nil {
			return nil, errParamValue("org_id", "the user is not a member of this organization")
		}
		orgID = *b.OrgID
	}
	now := s.now()
	token := randomString(48)
	t := gen.SignInToken{ID: newID("sit"), Object: "sign_in_token", Status: gen.SignInTokenStatusPending,
		UserID: b.UserID, Token: ptr(token), URL: ptr(s.ticketURL(token)), CreatedAt: ms(now), UpdatedAt: ms(now)}
	db.more.signIn[t.ID] = &signInTokenRec{seq: db.next(), t: t, orgID: orgID, expire: now.Add(life)}
	return bapiserver.CreateSignInToken200JSONResponse(t), nil
}

// RevokeSignInToken revokes a pending sign-in token; a revoked or used
// one answers 400.
func (a *api) RevokeSignInToken(_ context.Context, req bapiserver.RevokeSignInTokenRequestObject) (bapiserver.RevokeSignInTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.more.signIn[req.SignInTokenID]
	if r == nil {
		return nil, errNotFound("sign-in token " + req.SignInTokenID)
	}
	if r.t.Status != gen.SignInTokenStatusPending {
		return nil, errTicketNotPending("sign-in token", r.t.ID, string(r.t.Status))
	}
	r.t.Status = gen.SignInTokenStatusRevoked
	r.t.UpdatedAt = ms(s.now())
	out := r.t
	out.Token, out.URL = nil, nil // Clerk shows the token only on creation
	return bapiserver.RevokeSignInToken200JSONResponse(out), nil
}

// CreateActorToken issues an impersonation ticket: actor.sub (required)
// acts as user_id. The ticket is valid for expires_in_seconds (default
// 3600); the session it opens lasts session_max_duration_in_seconds
// (default 1800) and carries the actor, which its tokens show as `act`.
func (a *api) CreateActorToken(_ context.Context, req bapiserver.CreateActorTokenRequestObject) (bapiserver.CreateActorTokenResponseObject, error) {
	b := req.Body
	if b.UserID == "" {
		return nil, errParamMissing("user_id")
	}
	if b.Actor.Sub == "" {
		return nil, errParamMissing("actor.sub")
	}
	life, sessionMax := defaultActorTokenLifetime, defaultActorSessionMax
	if b.ExpiresInSeconds != nil {
		if *b.ExpiresInSeconds < 1 {
			return nil, errParamValue("expires_in_seconds", "must be at least 1")
		}
		life = time.Duration(*b.ExpiresInSeconds) * time.Second
	}
	if b.SessionMaxDurationInSeconds != nil {
		if *b.SessionMaxDurationInSeconds < 1 {
			return nil, errParamValue("session_max_duration_in_seconds", "must be at least 1")
		}
		sessionMax = time.Duration(*b.SessionMaxDurationInSeconds) * time.Second
	}
	actor := cloneMap(b.Actor.AdditionalProperties)
	actor["sub"] = b.Actor.Sub
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	if _, e := db.user(b.UserID); e != nil {
		return nil, e
	}
	now := s.now()
	token := randomString(48)
	t := gen.ActorToken{ID: newID("act"), Object: "actor_token", Status: gen.ActorTokenStatusPending, UserID: b.UserID,
		Actor: actor, Token: ptr(token), URL: ptr(s.ticketURL(token)), CreatedAt: ms(now), UpdatedAt: ms(now)}
	db.more.actors[t.ID] = &actorTokenRec{seq: db.next(), t: t, expire: now.Add(life), sessionMax: sessionMax}
	out, err := clone(t)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateActorToken200JSONResponse(out), nil
}

// RevokeActorToken revokes a pending actor token; a revoked or used one
// answers 400.
func (a *api) RevokeActorToken(_ context.Context, req bapiserver.RevokeActorTokenRequestObject) (bapiserver.RevokeActorTokenResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.more.actors[req.ActorTokenID]
	if r == nil {
		return nil, errNotFound("actor token " + req.ActorTokenID)
	}
	if r.t.Status != gen.ActorTokenStatusPending {
		return nil, errTicketNotPending("actor token", r.t.ID, string(r.t.Status))
	}
	r.t.Status = gen.ActorTokenStatusRevoked
	r.t.UpdatedAt = ms(s.now())
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	out.Token, out.URL = nil, nil
	return bapiserver.RevokeActorToken200JSONResponse(out), nil
}

// ErrTicketInvalid is the error of [Server.AcceptTicket] for a ticket that
// is unknown, revoked, used or expired.
var ErrTicketInvalid = errors.New("clerktest: ticket is unknown, revoked, already used or expired")

// AcceptTicket redeems the token of a sign-in token or actor token as the
// Frontend API does when a browser follows its URL: the ticket becomes
// accepted and a new active session of its user is returned. The session
// of a sign-in token with an organization has it active; the session of an
// actor token carries the actor (Session.Actor, and `act` in its tokens)
// and ends after the token's session_max_duration_in_seconds. A ticket
// works once; a revoked, used or expired one fails with an error wrapping
// [ErrTicketInvalid].
func (s *Server) AcceptTicket(token string) (*gen.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	now := s.now()
	for _, r := range db.more.signIn {
		if r.t.Token == nil || *r.t.Token != token {
			continue
		}
		if r.t.Status != gen.SignInTokenStatusPending || !now.Before(r.expire) {
			return nil, fmt.Errorf("sign-in token %s: %w", r.t.ID, ErrTicketInvalid)
		}
		sess, err := s.createSession(r.t.UserID, r.orgID)
		if err != nil {
			return nil, err
		}
		r.t.Status = gen.SignInTokenStatusAccepted
		r.t.UpdatedAt = ms(now)
		return &sess, nil
	}
	for _, r := range db.more.actors {
		if r.t.Token == nil || *r.t.Token != token {
			continue
		}
		if r.t.Status != gen.ActorTokenStatusPending || !now.Before(r.expire) {
			return nil, fmt.Errorf("actor token %s: %w", r.t.ID, ErrTicketInvalid)
		}
		sess, err := s.createSession(r.t.UserID, "")
		if err != nil {
			return nil, err
		}
		rec := db.sessions[sess.ID]
		rec.s.Actor = cloneMap(r.t.Actor)
		rec.s.ExpireAt = ms(now.Add(r.sessionMax))
		r.t.Status = gen.ActorTokenStatusAccepted
		r.t.UpdatedAt = ms(now)
		out, err := clone(rec.s)
		if err != nil {
			return nil, err
		}
		return &out, nil
	}
	return nil, ErrTicketInvalid
}

// sessionActor is the `act` claim of a session's tokens: nil for a session
// without actor.
func sessionActor(actor map[string]any) *Actor {
	sub, _ := actor["sub"].(string)
	if sub == "" {
		return nil
	}
	a := &Actor{Subject: sub}
	a.Issuer, _ = actor["iss"].(string)
	a.SessionID, _ = actor["sid"].(string)
	a.Type, _ = actor["type"].(string)
	return a
}
