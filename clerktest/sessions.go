package clerktest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Session lifetimes: Clerk's defaults of 7 days to expiry and 30 days to
// abandonment.
const (
	sessionLifetime  = 7 * 24 * time.Hour
	sessionAbandonAt = 30 * 24 * time.Hour
)

// createSession creates an active session for userID on a new client.
// s.mu must be held.
func (s *Server) createSession(userID, orgID string) (gen.Session, error) {
	db := &s.db
	now := s.now()
	cid := newID("client")
	sess := gen.Session{
		ID:           newID("sess"),
		Object:       "session",
		ClientID:     cid,
		UserID:       userID,
		Status:       gen.SessionStatusActive,
		LastActiveAt: int(ms(now)),
		ExpireAt:     ms(now.Add(sessionLifetime)),
		AbandonAt:    ms(now.Add(sessionAbandonAt)),
		CreatedAt:    ms(now),
		UpdatedAt:    ms(now),
	}
	if orgID != "" {
		sess.LastActiveOrganizationID = ptr(orgID)
	}
	db.sessions[sess.ID] = &sessionRec{seq: db.next(), s: sess, refresh: randomString(32)}
	db.clients[cid] = &clientRec{seq: db.next(), c: gen.Client{
		ID: cid, Object: "client", SessionIds: []string{sess.ID}, Sessions: []gen.Session{},
		LastActiveSessionID: ptr(sess.ID), CreatedAt: ms(now), UpdatedAt: ms(now),
	}}
	if u := db.users[userID]; u != nil {
		u.u.LastSignInAt = ptr(ms(now))
		u.u.LastActiveAt = ptr(ms(now))
	}
	return sess, nil
}

// session returns the record of id, its status brought up to date with the
// clock (an active session past expire_at is expired).
func (s *Server) session(id string) (*sessionRec, *apiError) {
	r := s.db.sessions[id]
	if r == nil {
		return nil, errNotFound("session " + id)
	}
	s.expire(r)
	return r, nil
}

func (s *Server) expire(r *sessionRec) {
	if r.s.Status == gen.SessionStatusActive && ms(s.now()) >= r.s.ExpireAt {
		r.s.Status = gen.SessionStatusExpired
	}
}

// SessionRefreshToken returns the refresh token of a session, what a
// browser holds in its __refresh cookie, for POST /sessions/{id}/refresh.
func (s *Server) SessionRefreshToken(sessionID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.sessions[sessionID]
	if r == nil {
		return "", fmt.Errorf("clerktest: no session %q", sessionID)
	}
	return r.refresh, nil
}

// GetSessionList lists sessions, newest first. Like Clerk, it requires
// client_id or user_id, and answers {data, total_count} to paginated=true.
func (a *api) GetSessionList(_ context.Context, req bapiserver.GetSessionListRequestObject) (bapiserver.GetSessionListResponseObject, error) {
	p := req.Params
	if p.ClientID == nil && p.UserID == nil {
		return nil, newAPIError(http.StatusUnprocessableEntity, "form_param_missing", "missing",
			"Either client_id or user_id must be included.", paramMeta("user_id"))
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var rs []*sessionRec
	for _, r := range s.db.sessions {
		s.expire(r)
		switch {
		case p.ClientID != nil && r.s.ClientID != *p.ClientID,
			p.UserID != nil && r.s.UserID != *p.UserID,
			p.Status != nil && string(r.s.Status) != string(*p.Status):
			continue
		}
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(x, y *sessionRec) int { return int(y.seq - x.seq) })
	out, err := pageOut(rs, p.Limit, p.Offset, func(r *sessionRec) (gen.Session, error) { return clone(r.s) })
	if err != nil {
		return nil, err
	}
	body, err := sessionList(p.Paginated, out, len(rs))
	if err != nil {
		return nil, err
	}
	return bapiserver.GetSessionList200JSONResponse(body), nil
}

// CreateSession creates an active session for an existing, unbanned user;
// active_organization_id must be an organization the user belongs to.
func (a *api) CreateSession(_ context.Context, req bapiserver.CreateSessionRequestObject) (bapiserver.CreateSessionResponseObject, error) {
	b := req.Body
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.db.user(b.UserID)
	if e != nil {
		return nil, e
	}
	if u.u.Banned {
		return nil, newAPIError(http.StatusUnprocessableEntity, "user_banned", "User is banned",
			"The user "+b.UserID+" is banned.", paramMeta("user_id"))
	}
	org := ""
	if b.ActiveOrganizationID != nil {
		org = *b.ActiveOrganizationID
		if _, e := s.db.tokenOrg(org, b.UserID); e != nil {
			return nil, e
		}
	}
	sess, err := s.createSession(b.UserID, org)
	if err != nil {
		return nil, err
	}
	out, err := clone(sess)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateSession200JSONResponse(out), nil
}

func (a *api) GetSession(_ context.Context, req bapiserver.GetSessionRequestObject) (bapiserver.GetSessionResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.session(req.SessionID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.s)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetSession200JSONResponse(out), nil
}

// RevokeSession marks an active session revoked. Tokens already minted for
// it stay valid until they expire, as with Clerk.
func (a *api) RevokeSession(_ context.Context, req bapiserver.RevokeSessionRequestObject) (bapiserver.RevokeSessionResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.session(req.SessionID)
	if e != nil {
		return nil, e
	}
	if r.s.Status == gen.SessionStatusActive || r.s.Status == gen.SessionStatusPending {
		r.s.Status = gen.SessionStatusRevoked
		r.s.UpdatedAt = ms(s.now())
	}
	out, err := clone(r.s)
	if err != nil {
		return nil, err
	}
	return bapiserver.RevokeSession200JSONResponse(out), nil
}

// activeSession returns an active session or the 4xx Clerk answers for an
// ended one.
func (s *Server) activeSession(id string) (*sessionRec, *apiError) {
	r, e := s.session(id)
	if e != nil {
		return nil, e
	}
	if r.s.Status != gen.SessionStatusActive && r.s.Status != gen.SessionStatusPending {
		return nil, newAPIError(http.StatusNotFound, "resource_not_found", "not found",
			"No active session "+id+" (status "+string(r.s.Status)+").", nil)
	}
	return r, nil
}

// checkTokenLifetime validates expires_in_seconds (30 s to 10 years).
func checkTokenLifetime(p *int) (time.Duration, *apiError) {
	if p == nil {
		return DefaultTokenLifetime, nil
	}
	if *p < 30 || *p > 315360000 {
		return 0, errParamValue("expires_in_seconds", "must be between 30 and 315360000")
	}
	return time.Duration(*p) * time.Second, nil
}

// sessionToken mints a token for an active session, with the org claims of
// its last active organization.
func (s *Server) sessionToken(sid string, life time.Duration, extra map[string]any) (string, error) {
	s.mu.Lock()
	r, e := s.activeSession(sid)
	if e != nil {
		s.mu.Unlock()
		return "", e
	}
	c := tokenConfig{sid: sid, lifetime: life, pending: r.s.Status == gen.SessionStatusPending, extra: extra}
	c.actor = sessionActor(r.s.Actor) // tickets.go
	if r.s.LastActiveOrganizationID != nil {
		if o, e := s.db.tokenOrg(*r.s.LastActiveOrganizationID, r.s.UserID); e == nil {
			c.org = o
		}
	}
	r.s.LastActiveAt = int(ms(s.now()))
	userID := r.s.UserID
	s.mu.Unlock()
	return s.mint(userID, &c)
}

func (a *api) CreateSessionToken(_ context.Context, req bapiserver.CreateSessionTokenRequestObject) (bapiserver.CreateSessionTokenResponseObject, error) {
	var exp *int
	if req.Body != nil {
		exp = req.Body.ExpiresInSeconds
	}
	life, e := checkTokenLifetime(exp)
	if e != nil {
		return nil, e
	}
	jwt, err := a.s.sessionToken(req.SessionID, life, nil)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateSessionToken200JSONResponse(sessionTokenObject(jwt)), nil
}

// JWTTemplate is a JWT template of the fake, for
// POST /sessions/{id}/tokens/{template_name}: the template's claims are
// added to the session claims.
type JWTTemplate struct {
	// Name is the template name of the URL.
	Name string
	// Claims are added to the token; they cannot replace standard claims.
	Claims map[string]any
	// Lifetime is the default lifetime (default DefaultTokenLifetime).
	Lifetime time.Duration
}

// AddJWTTemplate registers (or replaces) a JWT template by name; the
// /jwt_templates endpoints list it too.
func (s *Server) AddJWTTemplate(t JWTTemplate) error {
	if t.Name == "" {
		return errors.New("clerktest: AddJWTTemplate: empty name")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db.templates == nil {
		s.db.templates = map[string]JWTTemplate{}
	}
	t.Claims = cloneMap(t.Claims)
	s.db.templates[t.Name] = t
	return nil
}

func (a *api) CreateSessionTokenFromTemplate(_ context.Context, req bapiserver.CreateSessionTokenFromTemplateRequestObject) (bapiserver.CreateSessionTokenFromTemplateResponseObject, error) {
	a.s.mu.Lock()
	t, ok := a.s.db.templates[req.TemplateName]
	a.s.mu.Unlock()
	if !ok {
		return nil, errNotFound("JWT template " + req.TemplateName)
	}
	life := t.Lifetime
	if life == 0 {
		life = DefaultTokenLifetime
	}
	if req.Body != nil && req.Body.ExpiresInSeconds != nil {
		var e *apiError
		if life, e = checkTokenLifetime(req.Body.ExpiresInSeconds); e != nil {
			return nil, e
		}
	}
	jwt, err := a.s.sessionToken(req.SessionID, life, t.Claims)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateSessionTokenFromTemplate200JSONResponse(sessionTokenObject(jwt)), nil
}

// RefreshSession checks the expired token (one this server signed for this
// session) and the session's refresh token (see SessionRefreshToken), and
// answers a new token, or cookies for format "cookie".
func (a *api) RefreshSession(_ context.Context, req bapiserver.RefreshSessionRequestObject) (bapiserver.RefreshSessionResponseObject, error) {
	b := req.Body
	s := a.s
	if b.RequestOrigin == "" {
		return nil, errParamMissing("request_origin")
	}
	claims, err := s.parseOwnToken(b.ExpiredToken)
	if err != nil || claims["sid"] != req.SessionID {
		return nil, errParamValue("expired_token", "not a session token of this session")
	}
	s.mu.Lock()
	r, e := s.activeSession(req.SessionID)
	if e == nil && b.RefreshToken != r.refresh {
		e = errParamValue("refresh_token", "does not match the session")
	}
	s.mu.Unlock()
	if e != nil {
		return nil, e
	}
	jwt, err := s.sessionToken(req.SessionID, DefaultTokenLifetime, nil)
	if err != nil {
		return nil, err
	}
	var out gen.SessionRefresh
	if b.Format != nil && *b.Format == "cookie" {
		err = out.FromCookies(gen.Cookies{Object: gen.CookiesObjectCookies,
			Cookies: []string{"__session=" + jwt + "; Path=/; Secure; SameSite=Lax"}})
	} else {
		err = out.FromToken(gen.Token{Object: gen.TokenObjectToken, JWT: jwt})
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.RefreshSession200JSONResponse(out), nil
}
