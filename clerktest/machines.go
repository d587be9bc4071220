package clerktest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Machine-token categories and types, as Clerk puts them in JWT headers.
const (
	m2mCategory = "cl_B7d4PD333AAA"
	oauthJWTTyp = "at+jwt"
)

// machineToken is an API key, an opaque M2M token or an OAuth access token.
type machineToken struct {
	kind             string // "api_key", "m2m_token", "oauth_token"
	id, secret       string
	subject          string
	name, typ        string // API keys
	description      *string
	createdBy        *string
	clientID         string // OAuth
	scopes           []string
	claims           any
	createdAt        int64 // ms
	updatedAt        int64
	expiration       *int64 // ms; nil = never
	revoked          bool
	revocationReason *string
}

// hexID returns prefix + "_" + 32 hex digits, the shape of machine-token IDs.
func hexID(prefix string) string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

func (m *machineToken) expired(now time.Time) bool {
	return m.expiration != nil && *m.expiration <= ms(now)
}

// object renders the resource, with integer millisecond times, as one map
// for every kind of machine token.
func (m *machineToken) object(now time.Time, withSecret bool) map[string]any {
	var exp any
	if m.expiration != nil {
		exp = *m.expiration
	}
	scopes := m.scopes
	if scopes == nil {
		scopes = []string{}
	}
	o := map[string]any{
		"id": m.id, "subject": m.subject, "scopes": scopes, "revoked": m.revoked,
		"revocation_reason": m.revocationReason, "expired": m.expired(now), "expiration": exp,
		"created_at": m.createdAt, "updated_at": m.updatedAt,
	}
	switch m.kind {
	case "api_key":
		o["object"] = "api_key"
		o["type"] = m.typ
		o["name"] = m.name
		o["description"] = m.description
		o["claims"] = m.claims
		o["created_by"] = m.createdBy
		o["last_used_at"] = nil
		if withSecret {
			o["secret"] = m.secret
		}
	case "m2m_token":
		o["object"] = "machine_to_machine_token"
		o["claims"] = m.claims
		o["last_used_at"] = nil
		if withSecret {
			o["token"] = m.secret
		}
	case "oauth_token":
		o["object"] = "clerk_idp_oauth_access_token"
		o["client_id"] = m.clientID
	}
	return o
}

// rawJSON is a response written as is, so that one rendering
// (machineToken.object) serves every machine-token operation.
type rawJSON struct {
	status int
	body   any
}

// MarshalJSON encodes the body: the dispatcher writes a response object
// as its JSON.
func (r rawJSON) MarshalJSON() ([]byte, error) { return json.Marshal(r.body) }

func (r rawJSON) CreateAPIKeyStatus() int           { return r.status }
func (r rawJSON) VerifyAPIKeyStatus() int           { return r.status }
func (r rawJSON) RevokeAPIKeyStatus() int           { return r.status }
func (r rawJSON) CreateM2MTokenStatus() int         { return r.status }
func (r rawJSON) VerifyM2MTokenStatus() int         { return r.status }
func (r rawJSON) RevokeM2MTokenStatus() int         { return r.status }
func (r rawJSON) VerifyOAuthAccessTokenStatus() int { return r.status }

// errTokenNotFound is Clerk's answer to an unknown, revoked or expired
// machine token: 404 (the spec's only error besides 400), with the message
// @clerk/backend reports.
func errTokenNotFound(what, why string) *apiError {
	return newAPIError(http.StatusNotFound, "resource_not_found", what+" not found", what+" not found: "+why+".", nil)
}

// expiration turns seconds_until_expiration, which Clerk types as a number
// and so may carry a fraction, into an expiry in whole milliseconds
// (rounded up, so that any positive value expires after now).
func expiration(now time.Time, seconds *float64) (*int64, *apiError) {
	if seconds == nil {
		return nil, nil
	}
	d := *seconds * 1000
	switch {
	case !(d > 0):
		return nil, errParamValue("seconds_until_expiration", "must be greater than 0")
	case d >= float64(math.MaxInt64-ms(now)):
		return nil, errParamValue("seconds_until_expiration", "is too large")
	}
	e := ms(now) + int64(math.Ceil(d))
	return &e, nil
}

// CreateAPIKey creates an API key for a user, organization or machine and
// returns it with its secret.
func (a *api) CreateAPIKey(_ context.Context, req bapiserver.CreateAPIKeyRequestObject) (bapiserver.CreateAPIKeyResponseObject, error) {
	s := a.s
	b := req.Body
	if b == nil || b.Name == "" {
		return nil, errParamMissing("name")
	}
	if !strings.HasPrefix(b.Subject, "user_") && !strings.HasPrefix(b.Subject, "org_") && !strings.HasPrefix(b.Subject, "mch_") {
		return nil, errParamFormat("subject", "must be a user, organization or machine ID")
	}
	now := s.now()
	exp, e := expiration(now, b.SecondsUntilExpiration)
	if e != nil {
		return nil, e
	}
	typ := "api_key"
	if b.Type != nil {
		typ = *b.Type
	}
	m := &machineToken{
		kind: "api_key", id: hexID("ak"), secret: "ak_" + randomString(48), subject: b.Subject,
		name: b.Name, typ: typ, description: b.Description, createdBy: b.CreatedBy,
		scopes: append([]string(nil), b.Scopes...), claims: b.Claims,
		createdAt: ms(now), updatedAt: ms(now), expiration: exp,
	}
	s.mu.Lock()
	s.db.addMachineToken(m)
	out := m.object(now, true)
	s.mu.Unlock()
	return rawJSON{http.StatusOK, out}, nil
}

// VerifyAPIKey answers the key of a valid secret, and 404 for an unknown,
// revoked or expired one.
func (a *api) VerifyAPIKey(_ context.Context, req bapiserver.VerifyAPIKeyRequestObject) (bapiserver.VerifyAPIKeyResponseObject, error) {
	out, e := a.s.verifyMachineToken("api_key", "API key", req.Body.Secret)
	if e != nil {
		return nil, e
	}
	return rawJSON{http.StatusOK, out}, nil
}

// RevokeAPIKey revokes a key by ID.
func (a *api) RevokeAPIKey(_ context.Context, req bapiserver.RevokeAPIKeyRequestObject) (bapiserver.RevokeAPIKeyResponseObject, error) {
	var reason *string
	if req.Body != nil {
		reason = req.Body.RevocationReason
	}
	out, e := a.s.revokeMachineToken("api_key", "API key", req.APIKeyID, reason)
	if e != nil {
		return nil, e
	}
	return rawJSON{http.StatusOK, out}, nil
}

// CreateM2MToken issues an M2M token for the server's machine (MachineID):
// opaque by default, or a JWT signed with the instance key when
// token_format is "jwt". JWT tokens are not stored and cannot be revoked.
func (a *api) CreateM2MToken(_ context.Context, req bapiserver.CreateM2MTokenRequestObject) (bapiserver.CreateM2MTokenResponseObject, error) {
	s := a.s
	now := s.now()
	var b gen.CreateM2MTokenJSONRequestBody
	if req.Body != nil {
		b = *req.Body
	}
	exp, e := expiration(now, b.SecondsUntilExpiration)
	if e != nil {
		return nil, e
	}
	m := &machineToken{
		kind: "m2m_token", id: hexID("mt"), secret: "mt_" + randomString(48), subject: s.MachineID,
		scopes: []string{}, claims: b.Claims, createdAt: ms(now), updatedAt: ms(now), expiration: exp,
	}
	if b.TokenFormat != nil && *b.TokenFormat == "jwt" {
		if m.expiration == nil {
			e := ms(now) + time.Hour.Milliseconds()
			m.expiration = &e
		}
		claims := map[string]any{}
		if c, ok := b.Claims.(map[string]any); ok {
			for k, v := range c {
				claims[k] = v
			}
		}
		claims["sub"] = s.MachineID
		claims["jti"] = m.id
		claims["iat"] = now.Unix()
		claims["exp"] = *m.expiration / 1000
		tok, err := s.signHeader(map[string]any{"typ": "JWT", "cat": m2mCategory}, claims)
		if err != nil {
			return nil, err
		}
		m.secret = tok
		return rawJSON{http.StatusCreated, m.object(now, true)}, nil
	}
	s.mu.Lock()
	s.db.addMachineToken(m)
	out := m.object(now, true)
	s.mu.Unlock()
	return rawJSON{http.StatusCreated, out}, nil
}

// VerifyM2MToken answers an opaque M2M token's details, 404 when it is
// unknown, revoked or expired.
func (a *api) VerifyM2MToken(_ context.Context, req bapiserver.VerifyM2MTokenRequestObject) (bapiserver.VerifyM2MTokenResponseObject, error) {
	out, e := a.s.verifyMachineToken("m2m_token", "Machine token", req.Body.Token)
	if e != nil {
		return nil, e
	}
	return rawJSON{http.StatusOK, out}, nil
}

// RevokeM2MToken revokes an opaque M2M token by ID.
func (a *api) RevokeM2MToken(_ context.Context, req bapiserver.RevokeM2MTokenRequestObject) (bapiserver.RevokeM2MTokenResponseObject, error) {
	var reason *string
	if req.Body != nil {
		reason = req.Body.RevocationReason
	}
	out, e := a.s.revokeMachineToken("m2m_token", "Machine token", req.M2MTokenID, reason)
	if e != nil {
		return nil, e
	}
	return rawJSON{http.StatusOK, out}, nil
}

// VerifyOAuthAccessToken answers an opaque OAuth access token's details
// (mint one with MintOAuthAccessToken), 404 when it is unknown, revoked or
// expired.
func (a *api) VerifyOAuthAccessToken(_ context.Context, req bapiserver.VerifyOAuthAccessTokenRequestObject) (bapiserver.VerifyOAuthAccessTokenResponseObject, error) {
	tok := ""
	if req.Body != nil && req.Body.AccessToken != nil {
		tok = *req.Body.AccessToken
	}
	if tok == "" {
		return nil, errParamMissing("access_token")
	}
	out, e := a.s.verifyMachineToken("oauth_token", "OAuth token", tok)
	if e != nil {
		return nil, e
	}
	return rawJSON{http.StatusOK, out}, nil
}

func (s *Server) verifyMachineToken(kind, what, secret string) (map[string]any, *apiError) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.db.machineBySecret(secret)
	switch {
	case m == nil || m.kind != kind:
		return nil, errTokenNotFound(what, "unknown")
	case m.revoked:
		return nil, errTokenNotFound(what, "revoked")
	case m.expired(now):
		return nil, errTokenNotFound(what, "expired")
	}
	return m.object(now, false), nil
}

func (s *Server) revokeMachineToken(kind, what, id string, reason *string) (map[string]any, *apiError) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.db.machineTokens[id]
	if m == nil || m.kind != kind {
		return nil, errTokenNotFound(what, "no token with ID "+id)
	}
	if !m.revoked {
		m.revoked = true
		m.revocationReason = reason
		m.updatedAt = ms(now)
	}
	return m.object(now, false), nil
}

// MintOAuthAccessToken issues an opaque OAuth access token ("oat_…") for
// userID through the OAuth application clientID, valid for ttl (0: one
// hour), as Clerk's OAuth flow would. POST
// /oauth_applications/access_tokens/verify accepts it.
func (s *Server) MintOAuthAccessToken(userID, clientID string, scopes []string, ttl time.Duration) (string, error) {
	if !strings.HasPrefix(userID, "user_") || clientID == "" {
		return "", errors.New("clerktest: MintOAuthAccessToken: need a user_ ID and a client ID")
	}
	if ttl <= 0 {
		ttl = time.Hour
	}
	now := s.now()
	exp := ms(now.Add(ttl))
	m := &machineToken{
		kind: "oauth_token", id: hexID("oat"), secret: "oat_" + randomString(48), subject: userID,
		clientID: clientID, scopes: append([]string{}, scopes...), createdAt: ms(now), updatedAt: ms(now), expiration: &exp,
	}
	s.mu.Lock()
	s.db.addMachineToken(m)
	s.mu.Unlock()
	return m.secret, nil
}

// RevokeOAuthAccessToken revokes a token minted with MintOAuthAccessToken.
func (s *Server) RevokeOAuthAccessToken(token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.db.machineBySecret(token)
	if m == nil || m.kind != "oauth_token" {
		return fmt.Errorf("clerktest: RevokeOAuthAccessToken: unknown token")
	}
	m.revoked = true
	m.updatedAt = ms(s.now())
	return nil
}

// MintOAuthJWT signs an OAuth access token in JWT form (header typ
// "at+jwt") for userID with the server's current key, as Clerk issues
// them when JWT access tokens are enabled. aud may be empty.
func (s *Server) MintOAuthJWT(userID, clientID string, scopes []string, aud []string, ttl time.Duration) (string, error) {
	if ttl <= 0 {
		ttl = time.Hour
	}
	now := s.now()
	claims := map[string]any{
		"sub": userID, "client_id": clientID, "scope": strings.Join(scopes, " "), "jti": hexID("oat"),
		"iat": now.Unix(), "nbf": now.Unix(), "exp": now.Add(ttl).Unix(), "iss": s.Issuer,
	}
	if len(aud) > 0 {
		claims["aud"] = aud
	}
	return s.signHeader(map[string]any{"typ": oauthJWTTyp}, claims)
}

func (db *store) addMachineToken(m *machineToken) {
	db.machineTokens[m.id] = m
	db.machineSecrets[m.secret] = m.id
}

func (db *store) machineBySecret(secret string) *machineToken {
	id, ok := db.machineSecrets[secret]
	if !ok {
		return nil
	}
	return db.machineTokens[id]
}
