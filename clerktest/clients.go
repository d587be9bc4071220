package clerktest

import (
	"context"
	"fmt"
	"net/http"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// clientOut copies a client with its sessions filled in.
func (s *Server) clientOut(r *clientRec) (gen.Client, error) {
	c := r.c
	c.Sessions = []gen.Session{}
	c.SessionIds = []string{}
	for _, id := range r.c.SessionIds {
		if sr := s.db.sessions[id]; sr != nil {
			s.expire(sr)
			c.Sessions = append(c.Sessions, sr.s)
			c.SessionIds = append(c.SessionIds, id)
		}
	}
	return clone(c)
}

func (a *api) GetClient(_ context.Context, req bapiserver.GetClientRequestObject) (bapiserver.GetClientResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.clients[req.ClientID]
	if r == nil {
		return nil, errNotFound("client " + req.ClientID)
	}
	c, err := s.clientOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetClient200JSONResponse(c), nil
}

// ClientToken returns a client token for clientID, what a browser holds in
// its __client cookie, for POST /clients/verify.
func (s *Server) ClientToken(clientID string) (string, error) {
	s.mu.Lock()
	_, ok := s.db.clients[clientID]
	s.mu.Unlock()
	if !ok {
		return "", fmt.Errorf("clerktest: no client %q", clientID)
	}
	return s.sign(map[string]any{"id": clientID, "rotating_token": randomString(32)})
}

// VerifyClient accepts a token from ClientToken and answers its client.
func (a *api) VerifyClient(_ context.Context, req bapiserver.VerifyClientRequestObject) (bapiserver.VerifyClientResponseObject, error) {
	s := a.s
	claims, err := s.parseOwnToken(req.Body.Token)
	id, _ := claims["id"].(string)
	if err != nil || id == "" {
		return nil, newAPIError(http.StatusBadRequest, "client_token_invalid", "Invalid client token",
			"The client token is invalid.", paramMeta("token"))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.clients[id]
	if r == nil {
		return nil, errNotFound("client " + id)
	}
	c, err := s.clientOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.VerifyClient200JSONResponse(c), nil
}

// GetClientList answers 410 Gone, like the retired endpoint on current API
// versions.
func (a *api) GetClientList(context.Context, bapiserver.GetClientListRequestObject) (bapiserver.GetClientListResponseObject, error) {
	return nil, newAPIError(http.StatusGone, "operation_deprecated", "operation deprecated",
		"GET /v1/clients is deprecated and no longer available; list a user's sessions with GET /v1/sessions instead.", nil)
}
