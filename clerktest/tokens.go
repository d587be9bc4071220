package clerktest

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// DefaultTokenLifetime is the lifetime of a minted session token, Clerk's
// default.
const DefaultTokenLifetime = 60 * time.Second

// sessionCategory is the `cat` header Clerk puts on session tokens.
const sessionCategory = "cl_B7d4PD111AAA"

// TokenOption configures a token minted by [Server.MintSessionToken].
type TokenOption func(*tokenConfig) error

// TokenOrg is the active organization a token carries, encoded in Clerk's
// v2 form: `o: {id, slg, rol, per, fpm}` plus the org-scoped features in
// `fea`.
type TokenOrg struct {
	// ID is the organization ID (org_…). Required.
	ID string
	// Slug is the organization slug (`o.slg`).
	Slug string
	// Role is the member's role, with or without the "org:" prefix
	// ("org:admin" and "admin" both give `o.rol: "admin"`).
	Role string
	// Permissions are full permission keys "org:<feature>:<permission>",
	// such as "org:invoices:read". They are encoded as Clerk does: the
	// features in order of first appearance become `fea` entries "o:<feature>",
	// the permission names `o.per`, and one bit mask per feature `o.fpm`.
	Permissions []string
}

// Actor is the `act` claim of an impersonation or agent session.
type Actor struct {
	// Subject is the acting user's ID (`sub`). Required.
	Subject string `json:"sub"`
	// Issuer is the actor's issuer (`iss`), optional.
	Issuer string `json:"iss,omitempty"`
	// SessionID is the actor's session (`sid`), optional.
	SessionID string `json:"sid,omitempty"`
	// Type is "agent" for agent sessions, optional.
	Type string `json:"type,omitempty"`
}

type tokenConfig struct {
	sid       string
	org       *TokenOrg
	activeOrg string
	features  []string
	plans     []string
	azp       string
	iss       string
	iat       time.Time
	lifetime  time.Duration
	actor     *Actor
	pending   bool
	fva       *[2]int
	extra     map[string]any
}

// WithSessionID sets the `sid` claim. Without it, MintSessionToken uses a
// new active session of the user (created in the store when the user
// exists).
func WithSessionID(sid string) TokenOption {
	return func(c *tokenConfig) error {
		if !strings.HasPrefix(sid, "sess_") {
			return fmt.Errorf("clerktest: WithSessionID: %q does not start with sess_", sid)
		}
		c.sid = sid
		return nil
	}
}

// WithOrg sets the active organization claims explicitly. Clerk never puts
// system permissions ("org:sys_…") in session tokens; WithOrg encodes
// whatever it is given.
func WithOrg(o TokenOrg) TokenOption {
	return func(c *tokenConfig) error {
		if o.ID == "" {
			return errors.New("clerktest: WithOrg: empty organization ID")
		}
		for _, p := range o.Permissions {
			if parts := strings.Split(p, ":"); len(parts) != 3 || parts[0] != "org" || parts[1] == "" || parts[2] == "" {
				return fmt.Errorf("clerktest: WithOrg: permission %q is not org:<feature>:<permission>", p)
			}
		}
		o.Permissions = slices.Clone(o.Permissions)
		c.org = &o
		return nil
	}
}

// WithActiveOrganization makes the organization orgID active, taking its
// slug and the user's role and the role's permissions from the server's
// store; MintSessionToken fails if the user is not a member. As in Clerk's
// tokens, the system permissions ("org:sys_…") are left out.
func WithActiveOrganization(orgID string) TokenOption {
	return func(c *tokenConfig) error {
		c.activeOrg = orgID
		return nil
	}
}

// WithFeatures adds entries to the `fea` claim, such as "u:analytics" or
// "o:dashboard" (scope "u", "o", "uo" or "ou", a colon, a feature).
func WithFeatures(features ...string) TokenOption {
	return func(c *tokenConfig) error {
		for _, f := range features {
			if scope, name, ok := strings.Cut(f, ":"); !ok || scope == "" || name == "" {
				return fmt.Errorf("clerktest: WithFeatures: %q is not <scope>:<feature>", f)
			}
		}
		c.features = append(c.features, features...)
		return nil
	}
}

// WithPlans sets the `pla` claim entries, such as "u:free" or "o:pro".
func WithPlans(plans ...string) TokenOption {
	return func(c *tokenConfig) error {
		c.plans = append(c.plans, plans...)
		return nil
	}
}

// WithAuthorizedParty sets the `azp` claim, the origin the token was made
// for, such as "http://localhost:3000". Without it the claim is absent, as
// for a token minted without an Origin.
func WithAuthorizedParty(origin string) TokenOption {
	return func(c *tokenConfig) error {
		c.azp = origin
		return nil
	}
}

// WithIssuer overrides the `iss` claim (default: the server's Issuer).
func WithIssuer(iss string) TokenOption {
	return func(c *tokenConfig) error {
		c.iss = iss
		return nil
	}
}

// WithIssuedAt sets `iat` (and `nbf`, 10 s earlier, and `exp`) relative to
// t instead of the server's clock, for expired or not-yet-valid tokens.
func WithIssuedAt(t time.Time) TokenOption {
	return func(c *tokenConfig) error {
		c.iat = t
		return nil
	}
}

// WithLifetime sets `exp` to `iat` + d (default DefaultTokenLifetime). A
// negative d mints an already expired token.
func WithLifetime(d time.Duration) TokenOption {
	return func(c *tokenConfig) error {
		if d == 0 {
			return errors.New("clerktest: WithLifetime: zero lifetime")
		}
		c.lifetime = d
		return nil
	}
}

// WithActor sets the `act` claim of an impersonation or agent session.
func WithActor(a Actor) TokenOption {
	return func(c *tokenConfig) error {
		if a.Subject == "" {
			return errors.New("clerktest: WithActor: empty subject")
		}
		c.actor = &a
		return nil
	}
}

// WithPendingStatus sets `sts: "pending"`: a session with tasks left, which
// verifiers treat as signed out unless they accept pending sessions.
func WithPendingStatus() TokenOption {
	return func(c *tokenConfig) error {
		c.pending = true
		return nil
	}
}

// WithFactorVerificationAge sets the `fva` claim: minutes since the first
// and second factor were verified, -1 for a factor not enabled. The default
// is [0, -1].
func WithFactorVerificationAge(firstMinutes, secondMinutes int) TokenOption {
	return func(c *tokenConfig) error {
		c.fva = &[2]int{firstMinutes, secondMinutes}
		return nil
	}
}

// WithClaims adds custom claims; they cannot replace the standard ones.
func WithClaims(claims map[string]any) TokenOption {
	return func(c *tokenConfig) error {
		if c.extra == nil {
			c.extra = map[string]any{}
		}
		for k, v := range claims {
			c.extra[k] = v
		}
		return nil
	}
}

// MintSessionToken returns a session token for userID: an RS256 JWS signed
// with the server's current key, `kid` in the header, and the claims of a
// Clerk v2 session token (`sub`, `sid`, `iss`, `iat`, `nbf` = iat − 10 s,
// `exp`, `jti`, `v: 2`, `sts`, `fva`, and when set `azp`, `act`, `o`, `fea`,
// `pla`). The SDK's verifier accepts it with clerk.WithJWKSFromClient on a
// client of this server, or clerk.WithJWTKey(s.JWTPublicKeyPEM()).
//
// The user need not exist; when it does and no WithSessionID is given, an
// active session is created for it, so that `sid` names a real session.
func (s *Server) MintSessionToken(userID string, opts ...TokenOption) (string, error) {
	if userID == "" {
		return "", errors.New("clerktest: MintSessionToken: empty user ID")
	}
	var c tokenConfig
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return "", err
		}
	}
	s.mu.Lock()
	if c.activeOrg != "" && c.org == nil {
		o, e := s.db.tokenOrg(c.activeOrg, userID)
		if e != nil {
			s.mu.Unlock()
			return "", fmt.Errorf("clerktest: MintSessionToken: %w", e)
		}
		c.org = o
	}
	if c.sid == "" {
		if _, ok := s.db.users[userID]; ok {
			sess, err := s.createSession(userID, c.activeOrg)
			if err != nil {
				s.mu.Unlock()
				return "", err
			}
			c.sid = sess.ID
		} else {
			c.sid = newID("sess")
		}
	}
	s.mu.Unlock()
	return s.mint(userID, &c)
}

// tokenOrg builds the org claims of userID's membership in orgID.
func (db *store) tokenOrg(orgID, userID string) (*TokenOrg, *apiError) {
	org := db.orgs[orgID]
	if org == nil {
		return nil, errNotFound("organization " + orgID)
	}
	for _, m := range db.memberships {
		if m.orgID == orgID && m.userID == userID {
			return &TokenOrg{ID: orgID, Slug: org.o.Slug, Role: m.m.Role, Permissions: tokenPermissions(m.m.Permissions)}, nil
		}
	}
	return nil, newAPIError(404, "resource_not_found", "not found", "user "+userID+" is not a member of organization "+orgID, nil)
}

// tokenPermissions are the permissions of a membership that a session
// token carries: Clerk leaves the system permissions ("org:sys_…") out of
// session tokens, so `o.per` and `fea` hold only custom permissions.
func tokenPermissions(perms []string) []string {
	var out []string
	for _, p := range perms {
		if !strings.HasPrefix(p, "org:sys_") {
			out = append(out, p)
		}
	}
	return out
}

// mint signs the claims c describes.
func (s *Server) mint(userID string, c *tokenConfig) (string, error) {
	iat := c.iat
	if iat.IsZero() {
		iat = s.now()
	}
	life := c.lifetime
	if life == 0 {
		life = DefaultTokenLifetime
	}
	claims := map[string]any{}
	for k, v := range c.extra {
		claims[k] = v
	}
	iss := c.iss
	if iss == "" {
		iss = s.Issuer
	}
	sts := "active"
	if c.pending {
		sts = "pending"
	}
	fva := []int{0, -1}
	if c.fva != nil {
		fva = c.fva[:]
	}
	claims["sub"] = userID
	claims["sid"] = c.sid
	claims["iss"] = iss
	claims["iat"] = iat.Unix()
	claims["nbf"] = iat.Add(-10 * time.Second).Unix()
	claims["exp"] = iat.Add(life).Unix()
	claims["jti"] = strings.ToLower(randomString(20))
	claims["v"] = 2
	claims["sts"] = sts
	claims["fva"] = fva
	if c.azp != "" {
		claims["azp"] = c.azp
	}
	if c.actor != nil {
		claims["act"] = c.actor
	}
	fea := slices.Clone(c.features)
	if c.org != nil {
		o, orgFea := encodeOrg(c.org)
		claims["o"] = o
		fea = append(orgFea, fea...)
	}
	if len(fea) > 0 {
		claims["fea"] = strings.Join(fea, ",")
	}
	if len(c.plans) > 0 {
		claims["pla"] = strings.Join(c.plans, ",")
	}
	return s.sign(claims)
}

// encodeOrg turns org claims into the v2 `o` object and its `fea` entries.
func encodeOrg(o *TokenOrg) (map[string]any, []string) {
	out := map[string]any{"id": o.ID}
	if o.Slug != "" {
		out["slg"] = o.Slug
	}
	if o.Role != "" {
		out["rol"] = strings.TrimPrefix(o.Role, "org:")
	}
	var features, pers []string
	for _, p := range o.Permissions {
		parts := strings.Split(p, ":")
		if len(parts) != 3 {
			continue
		}
		if !slices.Contains(features, parts[1]) {
			features = append(features, parts[1])
		}
		if !slices.Contains(pers, parts[2]) {
			pers = append(pers, parts[2])
		}
	}
	if len(features) == 0 {
		return out, nil
	}
	fpm := make([]string, len(features))
	fea := make([]string, len(features))
	for i, f := range features {
		mask := new(big.Int)
		for j, p := range pers {
			if slices.Contains(o.Permissions, "org:"+f+":"+p) {
				mask.SetBit(mask, j, 1)
			}
		}
		fpm[i] = mask.String()
		fea[i] = "o:" + f
	}
	out["per"] = strings.Join(pers, ",")
	out["fpm"] = strings.Join(fpm, ",")
	return out, fea
}

// sign makes a compact RS256 JWS of claims with the current key.
func (s *Server) sign(claims map[string]any) (string, error) {
	return s.signHeader(map[string]any{"typ": "JWT", "cat": sessionCategory}, claims)
}

// signHeader makes a compact RS256 JWS of claims with the current key and
// header (alg and kid are added).
func (s *Server) signHeader(header, claims map[string]any) (string, error) {
	k := s.keys.current()
	header["alg"] = "RS256"
	header["kid"] = k.kid
	hb, err := json.Marshal(header)
	if err != nil {
		return "", fmt.Errorf("clerktest: encode token header: %w", err)
	}
	pb, err := json.Marshal(claims)
	if err != nil {
		return "", fmt.Errorf("clerktest: encode token claims: %w", err)
	}
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(hb) + "." + enc.EncodeToString(pb)
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(nil, k.key, crypto.SHA256, sum[:])
	if err != nil {
		return "", fmt.Errorf("clerktest: sign token: %w", err)
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

// parseOwnToken checks that token is a JWS signed by one of the server's
// keys and returns its claims. It checks no times.
func (s *Server) parseOwnToken(token string) (map[string]any, error) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil, errors.New("not a JWT")
	}
	enc := base64.RawURLEncoding
	hb, err := enc.DecodeString(parts[0])
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	var h struct {
		Kid string `json:"kid"`
		Alg string `json:"alg"`
	}
	if err := json.Unmarshal(hb, &h); err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	sig, err := enc.DecodeString(parts[2])
	if err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	idx := slices.IndexFunc(s.keys.all(), func(k signingKey) bool { return k.kid == h.Kid })
	if idx < 0 || h.Alg != "RS256" {
		return nil, errors.New("unknown key")
	}
	key := s.keys.all()[idx]
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(&key.key.PublicKey, crypto.SHA256, sum[:], sig); err != nil {
		return nil, fmt.Errorf("signature: %w", err)
	}
	pb, err := enc.DecodeString(parts[1])
	if err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	var claims map[string]any
	if err := json.Unmarshal(pb, &claims); err != nil {
		return nil, fmt.Errorf("payload: %w", err)
	}
	return claims, nil
}

// sessionTokenObject is the response of the token endpoints.
func sessionTokenObject(jwt string) gen.SessionToken {
	return gen.SessionToken{JWT: &jwt, Object: ptr(gen.SessionTokenObject("token"))}
}
