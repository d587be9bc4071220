package clerk

import (
	"net/http"
	"strings"
)

// AuthStatus is the outcome of AuthenticateRequest, with Clerk's names.
type AuthStatus string

// Request outcomes.
const (
	// AuthSignedIn means the request carries a valid session token.
	AuthSignedIn AuthStatus = "signed-in"
	// AuthSignedOut means it does not; RequestState.Reason says why.
	AuthSignedOut AuthStatus = "signed-out"
	// AuthHandshake means a browser document request whose cookie state can
	// be repaired by redirecting through the Frontend API handshake (for
	// example an expired session token); RequestState.HandshakeURL is the
	// redirect target when a publishable key is configured.
	AuthHandshake AuthStatus = "handshake"
)

// Token carriers reported in RequestState.TokenSource.
const (
	// TokenFromHeader means the token came from `Authorization`.
	TokenFromHeader = "header"
	// TokenFromCookie means the token came from the `__session` cookie.
	TokenFromCookie = "cookie"
)

// RequestState is what AuthenticateRequest found.
type RequestState struct {
	// Status is signed-in, signed-out or handshake.
	Status AuthStatus
	// TokenType is the type of the token found (see WithAcceptedTokens);
	// empty when there was no token.
	TokenType TokenType
	// Machine are the verified claims of a machine token (API key, M2M or
	// OAuth token) when signed in with one, else nil.
	Machine *MachineClaims
	// Reason is Clerk's reason code for a signed-out or handshake state
	// (such as "session-token-and-uat-missing" or "token-invalid-signature");
	// empty when signed in.
	Reason string
	// Claims are the verified claims when signed in, else nil. A pending
	// session (Claims.Status == SessionPending) is signed in here; the
	// middleware treats it as signed out unless WithPendingSessions is set.
	Claims *SessionClaims
	// Err is the verification error behind the state, if any.
	Err error
	// TokenSource is TokenFromHeader, TokenFromCookie, or "" when there was
	// no token.
	TokenSource string
	// HandshakeURL is the Frontend API handshake URL to redirect to when
	// Status is AuthHandshake and a publishable key is configured.
	HandshakeURL string
	// Message is Clerk's explanation of a signed-out or handshake state,
	// such as a verification error and where its token came from; often
	// empty. It never contains a token.
	Message string

	// headers are the response headers (see Headers).
	headers http.Header
}

// Clerk cookie and header names.
const (
	cookieSession     = "__session"
	cookieClientUAT   = "__client_uat"
	cookieRefresh     = "__refresh"
	cookieRedirectCnt = "__clerk_redirect_count"
	bapiVersion       = "2026-05-12"
)

// AuthenticateRequest decides whether r is signed in the way
// @clerk/backend's authenticateRequest does, and returns the state with the
// response headers Clerk sets (RequestState.Headers):
//
//   - a token in `Authorization` wins and cookies are not read: "Bearer
//     <token>" (scheme case-sensitive) or a bare token; any other scheme,
//     such as Basic, is ignored so the cookie still counts;
//   - otherwise the cookie path: a handshake being returned
//     (`__clerk_handshake_nonce`, exchanged through the Backend API, or a
//     `__clerk_handshake` token) is resolved into Set-Cookie headers and
//     its new session; a satellite (WithSatellite) syncs through the
//     primary; a development instance needs its dev-browser token
//     (`__clerk_db_jwt`); then `__session` (or `__session_<suffix>`, chosen
//     as Clerk chooses) with `__client_uat`: no cookies is signed out; a
//     session without a client_uat, a client_uat without a session, and a
//     token issued before client_uat are stale and need a handshake; a
//     document request arriving from another origin needs one too;
//   - a token whose type the Verifier does not accept (WithAcceptedTokens;
//     by default machine tokens) and JWT-template tokens are signed out
//     with token-type-mismatch before any verification; an accepted
//     machine token is verified with VerifyMachineToken; when session
//     tokens are not accepted, cookies are not read and a request without
//     a header token is signed out with ReasonNoTokenInHeader;
//   - an expired token with the `__refresh_<suffix>` cookie on a GET is
//     refreshed through the Backend API (WithClient) and signed in with
//     new cookies; otherwise an expired, not-yet-valid or future-issued
//     token needs a handshake when the request is a browser document GET,
//     else it is signed out.
//
// A handshake state carries the redirect in Headers (Location,
// Cache-Control: no-store and the `__clerk_redirect_count` cookie); at the
// third redirect in a row the request is signed out instead, and the loop
// is logged to WithAuthLogger's logger (silent without it; see
// Middleware). Organization syncing
// (organizationSyncOptions) is not implemented.
//
// Where @clerk/backend throws instead of deciding (a satellite request
// from the sign-in URL's origin, a development primary's invalid
// `__clerk_redirect_url`), the state is signed out with
// ReasonRequestRejected and Err matches ErrRequestRejected.
func (v *Verifier) AuthenticateRequest(r *http.Request) RequestState {
	return v.authenticate(r, false)
}

// authenticate is AuthenticateRequest; sessionOnly ignores the accepted
// machine types (for RequireSession).
func (v *Verifier) authenticate(r *http.Request, sessionOnly bool) RequestState {
	return withDebugHeaders(v.decide(r, sessionOnly))
}

func (v *Verifier) decide(r *http.Request, sessionOnly bool) RequestState {
	if v.signInSameOrigin(r) {
		return rejected(errSignInSameOrigin)
	}
	if tok, inHeader := headerToken(r.Header.Get("Authorization")); inHeader {
		return v.fromHeader(r, tok, sessionOnly)
	}
	if !sessionOnly && !v.accepts(TokenTypeSessionToken) {
		return RequestState{Status: AuthSignedOut, Reason: reasonNoTokenInHeader}
	}
	return v.fromCookies(v.newAuthCtx(r, ""))
}

// headerToken extracts the token as Clerk does: split on the first space;
// no space → the whole value; "Bearer x" → x; "Bearer " → "Bearer" (which
// then fails as malformed); another scheme → no header token.
func headerToken(h string) (string, bool) {
	if h == "" {
		return "", false
	}
	scheme, rest, found := strings.Cut(h, " ")
	if !found {
		return h, true
	}
	if scheme != "Bearer" {
		return "", false
	}
	tok, _, _ := strings.Cut(rest, " ")
	if tok == "" {
		return scheme, true
	}
	return tok, true
}

// unverified decodes a token's header and payload without checking the
// signature, for cookie selection and type checks only.
func unverified(tok string) (jwsHeader, *SessionClaims, bool) {
	var sigBuf sigBuffer
	t, err := parseCompact(tok, &sigBuf)
	if err != nil {
		return jwsHeader{}, nil, false
	}
	c := new(SessionClaims)
	var p claimProblems
	if !decodeClaims(t.payload, c, &p) {
		return jwsHeader{}, nil, false
	}
	return t.header, c, true
}

// notSessionJWT reports decoded (unverified) header and claims of a machine
// or OAuth JWT, or of a non-session category, which Clerk's
// authenticateRequest turns away before verifying.
func notSessionJWT(h jwsHeader, c *SessionClaims) bool {
	return strings.HasPrefix(c.UserID, "mch_") || h.typ == "at+jwt" || h.typ == "application/at+jwt" ||
		h.cat == catMachine || h.cat == catTemplate
}

type cookieJar map[string]string

func readCookies(r *http.Request) cookieJar {
	jar := cookieJar{}
	for _, c := range r.Cookies() {
		if _, dup := jar[c.Name]; !dup { // first wins, as the cookie library does
			jar[c.Name] = c.Value
		}
	}
	return jar
}

func (j cookieJar) get(name string) (string, bool) { v, ok := j[name]; return v, ok }

// usesSuffixedCookies picks between `__session` and `__session_<suffix>`
// with @clerk/backend's rules, in its order.
func (v *Verifier) usesSuffixedCookies(jar cookieJar) bool {
	if v.pk == nil {
		return false
	}
	sfx := "_" + v.cookieSuffix
	suffixedUAT, hasSuffixedUAT := jar.get(cookieClientUAT + sfx)
	uat, hasUAT := jar.get(cookieClientUAT)
	suffixedSession, _ := jar.get(cookieSession + sfx)
	session, _ := jar.get(cookieSession)
	var sessionClaims, suffixedClaims *SessionClaims
	if session != "" {
		_, c, ok := unverified(session)
		if !ok || c.Issuer == "" {
			return false
		}
		iss := c.Issuer
		iss = strings.TrimPrefix(strings.TrimPrefix(iss, "https://"), "http://")
		if iss != v.originalFAPI() {
			return true
		}
		sessionClaims = c
	}
	if !hasSuffixedUAT && suffixedSession == "" {
		return false
	}
	if suffixedSession != "" {
		if _, c, ok := unverified(suffixedSession); ok {
			suffixedClaims = c
		}
	}
	iat := func(c *SessionClaims) float64 {
		if c == nil || !c.iatSet {
			return 0
		}
		return c.iatS
	}
	notZero := func(v string, has bool) bool { return !has || v != "0" }
	if notZero(suffixedUAT, hasSuffixedUAT) && notZero(uat, hasUAT) && iat(sessionClaims) > iat(suffixedClaims) {
		return false
	}
	if hasSuffixedUAT && suffixedUAT == "0" && notZero(uat, hasUAT) {
		return false
	}
	if !v.pk.production && suffixedClaims != nil {
		expired := suffixedClaims.expS <= float64(v.now().Unix())
		if notZero(suffixedUAT, hasSuffixedUAT) && hasUAT && uat == "0" && expired {
			return false
		}
	}
	if !hasSuffixedUAT && suffixedSession != "" {
		return false
	}
	return true
}

// jsParseInt mimics JavaScript's parseInt(s, 10) || 0 for cookie values:
// optional whitespace and sign, then leading digits; anything else is 0.
func jsParseInt(s string) int64 {
	s = strings.TrimLeft(s, " \t\n\r")
	neg := false
	if s != "" && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	var n int64
	for i := 0; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		if n > (1<<62)/10 {
			break
		}
		n = n*10 + int64(s[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}
