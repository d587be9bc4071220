package clerk

import (
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gobapi/clerk/gen"
)

// TokenType is a kind of token Clerk issues, with @clerk/backend's names.
type TokenType string

// Token types a Verifier can accept (see WithAcceptedTokens).
const (
	// TokenTypeSessionToken is a session JWT of a signed-in user.
	TokenTypeSessionToken TokenType = "session_token"
	// TokenTypeAPIKey is an opaque API key ("ak_…") of a user, organization
	// or machine, verified by the Backend API.
	TokenTypeAPIKey TokenType = "api_key"
	// TokenTypeM2MToken is a machine-to-machine token: opaque ("mt_…",
	// verified by the Backend API) or a JWT whose `sub` is a machine
	// ("mch_…", verified locally).
	TokenTypeM2MToken TokenType = "m2m_token"
	// TokenTypeOAuthToken is an OAuth access token Clerk issued: opaque
	// ("oat_…", verified by the Backend API) or a JWT with `typ` at+jwt
	// (verified locally).
	TokenTypeOAuthToken TokenType = "oauth_token"
)

// Machine-token errors, wrapped in a *TokenError like the others.
var (
	// ErrMachineTokenInvalid reports an opaque machine token that the
	// Backend API does not know, or that is revoked or expired (reason
	// token-invalid).
	ErrMachineTokenInvalid = errors.New("clerk: machine token not found, revoked or expired")

	// ErrInvalidAudience reports a machine JWT whose `aud` does not match the
	// configured audience, or an OAuth token without one when an audience is
	// configured (reason token-verification-failed).
	ErrInvalidAudience = errors.New("clerk: invalid token audience")

	// ErrVerificationUnavailable reports that the Backend API could not
	// verify an opaque token: a network error, a 5xx, or a rejected secret
	// key (reason unexpected-error or secret-key-invalid). The cause is
	// wrapped.
	ErrVerificationUnavailable = errors.New("clerk: token verification unavailable")
)

// Machine-token verification defaults.
const (
	// DefaultMachineCacheTTL is how long a valid opaque machine token is
	// trusted without asking the Backend API again (never past its
	// expiration). A revoked token may keep working for this long.
	DefaultMachineCacheTTL = 30 * time.Second
	// DefaultMachineNegativeTTL is how long an invalid (unknown, revoked or
	// expired) opaque token is remembered as invalid. Such a token cannot
	// become valid, so this only bounds memory churn.
	DefaultMachineNegativeTTL = 5 * time.Second
	// DefaultMachineCacheSize is how many opaque-token answers a Verifier
	// remembers.
	DefaultMachineCacheSize = 1024
)

// MachineClaims are what a verified machine token says about its bearer.
type MachineClaims struct {
	// TokenType is TokenTypeAPIKey, TokenTypeM2MToken or TokenTypeOAuthToken.
	TokenType TokenType
	// ID is the token's ID ("ak_…", "mt_…", "oat_…", or a JWT's `jti`).
	ID string
	// Subject is who the token acts for: a user, organization or machine ID.
	Subject string
	// MachineID is the machine ("mch_…") for M2M tokens and machine API keys.
	MachineID string
	// UserID is the user for user API keys and OAuth tokens.
	UserID string
	// OrgID is the organization for organization API keys.
	OrgID string
	// ClientID is the OAuth application's client ID (OAuth tokens).
	ClientID string
	// Name is the API key's name.
	Name string
	// Scopes are the token's scopes: API key and OAuth scopes, or for M2M
	// tokens the machines it may call.
	Scopes []string
	// Claims are the token's custom claims (for JWTs, the payload without
	// iss, sub, exp, nbf, iat and jti).
	Claims map[string]any
	// Expiration is when the token expires; zero when it does not.
	Expiration time.Time
}

func (m *MachineClaims) clone() *MachineClaims {
	c := *m
	c.Scopes = slices.Clone(m.Scopes)
	if m.Claims != nil {
		c.Claims = make(map[string]any, len(m.Claims))
		for k, v := range m.Claims {
			c.Claims[k] = v
		}
	}
	return &c
}

// WithAcceptedTokens sets the token types the Verifier accepts in
// AuthenticateRequest, Middleware and RequireAuth (default: session tokens
// only). A token of another type is refused with ErrTokenTypeMismatch
// (reason token-type-mismatch) before any network call. Opaque machine
// tokens are verified by the Backend API, so accepting TokenTypeAPIKey,
// TokenTypeM2MToken or TokenTypeOAuthToken requires WithClient or
// WithJWKSFromClient.
func WithAcceptedTokens(types ...TokenType) VerifierOption {
	return func(cfg *verifierConfig) error {
		if len(types) == 0 {
			return fmt.Errorf("%w: WithAcceptedTokens: no token type", ErrInvalidConfig)
		}
		for _, t := range types {
			switch t {
			case TokenTypeSessionToken, TokenTypeAPIKey, TokenTypeM2MToken, TokenTypeOAuthToken:
			default:
				return fmt.Errorf("%w: WithAcceptedTokens: unknown token type %q", ErrInvalidConfig, string(t))
			}
		}
		cfg.accepted = slices.Clone(types)
		return nil
	}
}

// WithClient gives the Verifier a Backend API client for verifying opaque
// machine tokens (API keys, "mt_…" and "oat_…" tokens). WithJWKSFromClient
// sets it too.
func WithClient(c *Client) VerifierOption {
	return func(cfg *verifierConfig) error {
		if c == nil {
			return fmt.Errorf("%w: WithClient: nil client", ErrInvalidConfig)
		}
		cfg.client = c
		return nil
	}
}

// WithAudience sets the audiences machine JWTs and OAuth tokens are
// checked against. M2M JWTs are checked leniently, as @clerk/backend does:
// a string `aud` must be listed, an array must share one entry, another
// type passes. OAuth tokens are checked strictly: `aud` must be a
// non-empty string or array sharing an entry, so an opaque OAuth token
// (whose verification answer has no audience) is refused. Session tokens
// are not checked.
func WithAudience(aud ...string) VerifierOption {
	return func(cfg *verifierConfig) error {
		if len(aud) == 0 || slices.Contains(aud, "") {
			return fmt.Errorf("%w: WithAudience: empty audience", ErrInvalidConfig)
		}
		cfg.audience = append(cfg.audience, aud...)
		return nil
	}
}

// WithMachineTokenCache sets how many opaque machine-token answers are
// remembered (size, default DefaultMachineCacheSize; 0 turns the cache
// off) and for how long a valid token is trusted without asking the
// Backend API again (ttl, default DefaultMachineCacheTTL, at most 5
// minutes). A cached token is never trusted past its own expiration; a
// revoked one keeps working until its entry expires.
func WithMachineTokenCache(size int, ttl time.Duration) VerifierOption {
	return func(cfg *verifierConfig) error {
		if size < 0 || size > 1<<20 || ttl <= 0 || ttl > 5*time.Minute {
			return fmt.Errorf("%w: machine token cache: need 0 <= size <= 1Mi and 0 < ttl <= 5m", ErrInvalidConfig)
		}
		cfg.machineCacheSize, cfg.machineTTL = size, ttl
		return nil
	}
}

// classifyToken tells a token's type from its form, as @clerk/backend does:
// the opaque prefixes, then for a JWT a machine `sub` (M2M) or an at+jwt
// `typ` (OAuth). It never verifies anything.
func classifyToken(tok string) TokenType {
	switch {
	case strings.HasPrefix(tok, "ak_"):
		return TokenTypeAPIKey
	case strings.HasPrefix(tok, "mt_"):
		return TokenTypeM2MToken
	case strings.HasPrefix(tok, "oat_"):
		return TokenTypeOAuthToken
	}
	h, c, ok := unverified(tok)
	if !ok {
		return TokenTypeSessionToken
	}
	return classifyJWT(h, c)
}

// classifyJWT is classifyToken for a decoded JWT.
func classifyJWT(h jwsHeader, c *SessionClaims) TokenType {
	switch {
	case strings.HasPrefix(c.UserID, "mch_") || h.cat == catMachine:
		return TokenTypeM2MToken
	case h.typ == "at+jwt" || h.typ == "application/at+jwt":
		return TokenTypeOAuthToken
	}
	return TokenTypeSessionToken
}

// accepts reports whether t is one of the Verifier's accepted types.
func (v *Verifier) accepts(t TokenType) bool { return slices.Contains(v.accepted, t) }

// VerifyMachineToken verifies an API key, M2M token or OAuth access token
// of a type the Verifier accepts (WithAcceptedTokens) and returns its
// claims. A session token, or a type not accepted, fails with
// ErrTokenTypeMismatch before any network call. Opaque tokens are verified
// by the Backend API and the answer cached (WithMachineTokenCache);
// concurrent verifications of one opaque token share a single call. JWTs
// are verified locally with the Verifier's keys: RS256 signature, `sub`,
// `exp`/`nbf`/`iat` with the leeway, for M2M a `cat` that is absent or the
// machine category, for OAuth a `typ` of at+jwt, and the audience
// (WithAudience). Errors are *TokenError values; none contains the token.
func (v *Verifier) VerifyMachineToken(ctx context.Context, token string) (*MachineClaims, error) {
	t := classifyToken(token)
	if t == TokenTypeSessionToken || !v.accepts(t) {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "token type not accepted")
	}
	if strings.Count(token, ".") == 2 {
		return v.verifyMachineJWT(ctx, token, t)
	}
	return v.verifyOpaque(ctx, token, t)
}

// ---- opaque tokens: Backend API and cache ----

// opaqueAnswer is the part of the three verify answers we read; one struct
// covers all three (the OAuth answer is an anyOf in the spec). Times are
// read as float64, since the spec types them as a bare number.
type opaqueAnswer struct {
	Active     *bool          `json:"active"`
	ID         string         `json:"id"`
	Subject    string         `json:"subject"`
	Name       string         `json:"name"`
	ClientID   string         `json:"client_id"`
	Scopes     []string       `json:"scopes"`
	Claims     map[string]any `json:"claims"`
	Expiration *float64       `json:"expiration"`
	Revoked    bool           `json:"revoked"`
	Expired    bool           `json:"expired"`
}

func (v *Verifier) verifyOpaque(ctx context.Context, token string, t TokenType) (*MachineClaims, error) {
	now := v.now()
	key := sha256.Sum256([]byte(token)) // the cache never holds the secret itself
	if v.machineCache != nil {
		if m, err, ok := v.machineCache.get(key, now); ok {
			if err != nil {
				return nil, err
			}
			return m, nil
		}
	}
	return v.flights.do(ctx, key, func() (*MachineClaims, error) {
		m, err := v.askBAPI(ctx, token, t, now)
		if v.machineCache != nil {
			switch {
			case err == nil:
				until := now.Add(v.machineTTL)
				if !m.Expiration.IsZero() && m.Expiration.Before(until) {
					until = m.Expiration
				}
				v.machineCache.put(key, m, nil, until)
			case errors.Is(err, ErrMachineTokenInvalid):
				v.machineCache.put(key, nil, err, now.Add(DefaultMachineNegativeTTL))
			}
		}
		return m, err
	})
}

func (v *Verifier) askBAPI(ctx context.Context, token string, t TokenType, now time.Time) (*MachineClaims, error) {
	api := v.client.api
	var resp *http.Response
	var err error
	what := map[TokenType]string{TokenTypeAPIKey: "API key", TokenTypeM2MToken: "machine token", TokenTypeOAuthToken: "OAuth token"}[t]
	switch t {
	case TokenTypeAPIKey:
		resp, err = api.VerifyAPIKey(ctx, gen.VerifyAPIKeyJSONRequestBody{Secret: token})
	case TokenTypeM2MToken:
		resp, err = api.VerifyM2MToken(ctx, gen.VerifyM2MTokenJSONRequestBody{Token: token})
	default:
		resp, err = api.VerifyOAuthAccessToken(ctx, gen.VerifyOAuthAccessTokenJSONRequestBody{AccessToken: &token})
	}
	var body []byte
	var status int
	if err == nil {
		status = resp.StatusCode
		body, err = io.ReadAll(resp.Body)
		_ = resp.Body.Close()
	}
	if err != nil {
		var ae *APIError
		switch {
		case errors.As(err, &ae) && ae.StatusCode == http.StatusNotFound:
			return nil, tokenErr(ErrMachineTokenInvalid, reasonTokenInvalid, what+" not found")
		case errors.As(err, &ae) && ae.StatusCode == http.StatusUnauthorized:
			return nil, &TokenError{Reason: reasonSecretKeyInvalid, kind: ErrVerificationUnavailable, cause: err}
		}
		return nil, &TokenError{Reason: reasonUnexpectedError, kind: ErrVerificationUnavailable, cause: err}
	}
	var a opaqueAnswer
	if status != http.StatusOK || json.Unmarshal(body, &a) != nil {
		return nil, &TokenError{Reason: reasonUnexpectedError, kind: ErrVerificationUnavailable,
			cause: &DecodeError{Operation: "verify " + what, StatusCode: status, Err: ErrUnexpectedResponse}}
	}
	m := &MachineClaims{TokenType: t, ID: a.ID, Subject: a.Subject, Name: a.Name, ClientID: a.ClientID,
		Scopes: a.Scopes, Claims: a.Claims}
	if a.Expiration != nil {
		m.Expiration = time.UnixMilli(int64(*a.Expiration))
	}
	switch {
	case a.Active != nil && !*a.Active, a.Revoked, a.Subject == "":
		return nil, tokenErr(ErrMachineTokenInvalid, reasonTokenInvalid, what+" not active")
	case a.Expired || (!m.Expiration.IsZero() && !now.Before(m.Expiration)):
		return nil, tokenErr(ErrMachineTokenInvalid, reasonTokenInvalid, what+" expired")
	}
	switch t {
	case TokenTypeAPIKey:
		switch {
		case strings.HasPrefix(a.Subject, "user_"):
			m.UserID = a.Subject
		case strings.HasPrefix(a.Subject, "org_"):
			m.OrgID = a.Subject
		case strings.HasPrefix(a.Subject, "mch_"):
			m.MachineID = a.Subject
		}
	case TokenTypeM2MToken:
		m.MachineID = a.Subject
	case TokenTypeOAuthToken:
		m.UserID = a.Subject
		if len(v.audience) > 0 { // strict: the answer carries no audience
			return nil, tokenErr(ErrInvalidAudience, reasonTokenVerificationFailed, "OAuth audience mismatch")
		}
	}
	return m, nil
}

// machineCache is a bounded LRU of opaque-token answers keyed by the
// token's SHA-256, each with its own deadline.
type machineCache struct {
	mu   sync.Mutex
	size int
	ll   *list.List // of *machineEntry, most recent first
	idx  map[[32]byte]*list.Element
}

type machineEntry struct {
	key    [32]byte
	claims *MachineClaims
	err    error
	until  time.Time
}

func newMachineCache(size int) *machineCache {
	return &machineCache{size: size, ll: list.New(), idx: make(map[[32]byte]*list.Element, size)}
}

func (c *machineCache) get(key [32]byte, now time.Time) (*MachineClaims, error, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.idx[key]
	if !ok {
		return nil, nil, false
	}
	e := el.Value.(*machineEntry)
	if !now.Before(e.until) {
		c.ll.Remove(el)
		delete(c.idx, key)
		return nil, nil, false
	}
	c.ll.MoveToFront(el)
	if e.err != nil {
		return nil, e.err, true
	}
	return e.claims.clone(), nil, true
}

func (c *machineCache) put(key [32]byte, m *MachineClaims, err error, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if m != nil {
		m = m.clone()
	}
	if el, ok := c.idx[key]; ok {
		el.Value = &machineEntry{key: key, claims: m, err: err, until: until}
		c.ll.MoveToFront(el)
		return
	}
	if c.ll.Len() >= c.size {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.idx, old.Value.(*machineEntry).key)
	}
	c.idx[key] = c.ll.PushFront(&machineEntry{key: key, claims: m, err: err, until: until})
}

// ---- JWT machine tokens: local verification ----

// machineJWTPayload is the part of a machine JWT's payload we read.
type machineJWTPayload struct {
	Sub      any `json:"sub"`
	Exp      any `json:"exp"`
	Nbf      any `json:"nbf"`
	Iat      any `json:"iat"`
	Jti      any `json:"jti"`
	Aud      any `json:"aud"`
	Scopes   any `json:"scopes"`
	Scp      any `json:"scp"`
	Scope    any `json:"scope"`
	ClientID any `json:"client_id"`
}

func (v *Verifier) verifyMachineJWT(ctx context.Context, token string, t TokenType) (*MachineClaims, error) {
	var sigBuf sigBuffer
	tk, err := parseCompact(token, &sigBuf)
	if err != nil {
		return nil, err
	}
	h := &tk.header
	switch {
	case h.hasCrit:
		return nil, tokenErr(ErrMalformedToken, reasonTokenInvalid, "unsupported crit header")
	case t == TokenTypeM2MToken && h.cat != "" && h.cat != catMachine:
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "invalid M2M JWT category")
	case t == TokenTypeM2MToken && h.hasTyp && h.typ != "JWT":
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "typ header is not JWT")
	case t == TokenTypeOAuthToken && h.typ != "at+jwt" && h.typ != "application/at+jwt":
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "typ header is not at+jwt")
	case h.alg != "RS256":
		return nil, tokenErr(ErrUnsupportedAlgorithm, reasonTokenInvalidAlgorithm, "only RS256 is accepted")
	}
	key := v.static
	if key == nil {
		if h.kid == "" {
			return nil, tokenErr(ErrUnknownKey, reasonJWKKidMismatch, "token has no kid")
		}
		if key, err = v.keys.lookup(ctx, h.kid); err != nil {
			return nil, err
		}
	}
	if !verifyRS256(key, tk.signingInput, sigBuf[:tk.sigLen]) {
		return nil, tokenErr(ErrInvalidSignature, reasonTokenInvalidSignature, "")
	}
	var p machineJWTPayload
	var all map[string]any
	if json.Unmarshal([]byte(tk.payload), &p) != nil || json.Unmarshal([]byte(tk.payload), &all) != nil {
		return nil, tokenErr(ErrMalformedToken, reasonTokenInvalid, "payload is not a JSON object")
	}
	sub, ok := p.Sub.(string)
	if !ok || sub == "" {
		return nil, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "sub is required and must be a string")
	}
	if t == TokenTypeM2MToken && !strings.HasPrefix(sub, "mch_") {
		return nil, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "M2M JWT subject is not a machine")
	}
	if err := v.checkAudience(p.Aud, t == TokenTypeOAuthToken); err != nil {
		return nil, err
	}
	exp, err := v.checkJWTTimes(&p)
	if err != nil {
		return nil, err
	}
	m := &MachineClaims{TokenType: t, Subject: sub, Expiration: exp}
	m.ID, _ = p.Jti.(string)
	if t == TokenTypeM2MToken {
		m.MachineID = sub
		m.Scopes = scopeList(p.Scopes)
		if m.Scopes == nil {
			m.Scopes = audList(p.Aud)
		}
		for _, k := range []string{"iss", "sub", "exp", "nbf", "iat", "jti"} {
			delete(all, k)
		}
		m.Claims = all
	} else {
		m.UserID = sub
		m.ClientID, _ = p.ClientID.(string)
		m.Scopes = scopeList(p.Scp)
		if m.Scopes == nil {
			m.Scopes = scopeList(p.Scope)
		}
		m.Claims = all
	}
	return m, nil
}

// checkAudience applies WithAudience: leniently (only string and string
// arrays are checked) or strictly (aud must be a non-empty string or array
// sharing an entry).
func (v *Verifier) checkAudience(aud any, strict bool) error {
	if len(v.audience) == 0 {
		return nil
	}
	fail := tokenErr(ErrInvalidAudience, reasonTokenVerificationFailed, "audience mismatch")
	switch a := aud.(type) {
	case string:
		if a == "" && !strict {
			return nil
		}
		if !slices.Contains(v.audience, a) {
			return fail
		}
	case []any:
		for _, x := range a {
			if s, ok := x.(string); ok && slices.Contains(v.audience, s) {
				return nil
			}
		}
		if len(a) > 0 || strict {
			return fail
		}
	default:
		if strict {
			return fail
		}
	}
	return nil
}

// checkJWTTimes applies Clerk's time rules to a machine JWT (as
// checkTimesTyped does for session tokens) and returns the expiry.
func (v *Verifier) checkJWTTimes(p *machineJWTPayload) (time.Time, error) {
	nowMS := float64(v.now().UnixMilli())
	skew := float64(v.leeway.Milliseconds())
	exp, ok := p.Exp.(float64)
	if !ok {
		return time.Time{}, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "exp is required and must be a number")
	}
	if exp*1000 <= nowMS-skew {
		return time.Time{}, tokenErr(ErrTokenExpired, reasonTokenExpired, "")
	}
	if p.Nbf != nil {
		nbf, ok := p.Nbf.(float64)
		if !ok {
			return time.Time{}, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "nbf must be a number")
		}
		if nbf*1000 > nowMS+skew {
			return time.Time{}, tokenErr(ErrTokenNotActiveYet, reasonTokenNotActiveYet, "")
		}
	}
	if p.Iat != nil {
		iat, ok := p.Iat.(float64)
		if !ok {
			return time.Time{}, tokenErr(ErrInvalidClaims, reasonTokenVerificationFailed, "iat must be a number")
		}
		if iat*1000 > nowMS+skew {
			return time.Time{}, tokenErr(ErrTokenIssuedInFuture, reasonTokenIATInTheFuture, "")
		}
	}
	return time.UnixMilli(int64(exp * 1000)), nil
}

// scopeList reads a space-separated string or an array of strings.
func scopeList(v any) []string {
	switch s := v.(type) {
	case string:
		return strings.Fields(s)
	case []any:
		out := make([]string, 0, len(s))
		for _, x := range s {
			if str, ok := x.(string); ok {
				out = append(out, str)
			}
		}
		return out
	}
	return nil
}

// audList reads `aud` as a list.
func audList(v any) []string {
	if s, ok := v.(string); ok && s != "" {
		return []string{s}
	}
	return scopeList(v)
}

// ---- HTTP ----

type machineKey struct{}

// ContextWithMachine returns a copy of ctx carrying claims, for tests of
// handlers that call MachineFromContext.
func ContextWithMachine(ctx context.Context, claims *MachineClaims) context.Context {
	return context.WithValue(ctx, machineKey{}, claims)
}

// MachineFromContext returns the claims Middleware or RequireAuth stored
// for a request authenticated with a machine token.
func MachineFromContext(ctx context.Context) (*MachineClaims, bool) {
	c, ok := ctx.Value(machineKey{}).(*MachineClaims)
	return c, ok && c != nil
}

// RequireAuth is RequireSession for routes that accept the Verifier's
// token types (WithAcceptedTokens): a request with a valid token of an
// accepted type reaches next with its claims in the context (read them
// with SessionFromContext or MachineFromContext); any other request is
// answered by the failure handler (by default 401). A token of a type the
// route does not accept fails with reason token-type-mismatch before any
// verification. Page loads get Clerk's handshake as with RequireSession.
func (v *Verifier) RequireAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.AuthenticateRequest(r)
		if v.answerHandshake(w, r, &st) {
			return
		}
		st.applyHeaders(w)
		switch {
		case st.Status == AuthSignedIn && st.Machine != nil:
			next.ServeHTTP(w, r.WithContext(ContextWithMachine(r.Context(), st.Machine)))
		case v.signedIn(&st):
			next.ServeHTTP(w, r.WithContext(ContextWithSession(r.Context(), st.Claims)))
		default:
			v.logRefused(r, &st, slog.LevelInfo, "clerk: request refused")
			v.onFailure(w, r, st)
		}
	})
}

// authenticateMachine is AuthenticateRequest's path for a header token
// that is not a session token.
func (v *Verifier) authenticateMachine(r *http.Request, tok string, t TokenType) RequestState {
	if !v.accepts(t) {
		return RequestState{Status: AuthSignedOut, Reason: reasonTokenTypeMismatch, TokenSource: TokenFromHeader,
			TokenType: t, Err: tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "")}
	}
	m, err := v.VerifyMachineToken(r.Context(), tok)
	if err != nil {
		return RequestState{Status: AuthSignedOut, Reason: ReasonOf(err), Err: err, TokenSource: TokenFromHeader, TokenType: t}
	}
	return RequestState{Status: AuthSignedIn, Machine: m, TokenSource: TokenFromHeader, TokenType: t}
}
