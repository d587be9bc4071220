package clerk

import "errors"

// Sentinel errors returned (wrapped in a *TokenError) by Verifier.Verify.
// Test for them with errors.Is. None of their messages ever contains the
// token, a key, or a claim value.
var (
	// ErrMalformedToken reports a token that is not a well-formed compact
	// JWS: wrong number of dots, bad base64url, a header or payload that is
	// not a JSON object, a token over the length cap, or a `crit` header.
	ErrMalformedToken = errors.New("clerk: malformed session token")

	// ErrUnsupportedAlgorithm reports a token whose `alg` header is not RS256.
	ErrUnsupportedAlgorithm = errors.New("clerk: unsupported token algorithm")

	// ErrTokenTypeMismatch reports a token that is not a session token: a
	// `typ` header other than JWT, a machine or JWT-template category (`cat`),
	// or a machine subject.
	ErrTokenTypeMismatch = errors.New("clerk: not a session token")

	// ErrUnknownKey reports a token whose `kid` is not in the key set, even
	// after a refresh (or while refreshes are rate-limited).
	ErrUnknownKey = errors.New("clerk: no signing key matches the token")

	// ErrKeySetUnavailable reports that the JWKS could not be loaded and no
	// previously fetched key matches the token.
	ErrKeySetUnavailable = errors.New("clerk: signing keys unavailable")

	// ErrInvalidSignature reports a token whose signature does not verify.
	ErrInvalidSignature = errors.New("clerk: invalid token signature")

	// ErrInvalidClaims reports a required claim that is missing or has the
	// wrong JSON type (`sub`, `exp`, or a typed claim such as `nbf` or `o`).
	ErrInvalidClaims = errors.New("clerk: invalid token claims")

	// ErrInvalidAuthorizedParty reports an `azp` claim that is missing, empty
	// or not in the configured authorized parties.
	ErrInvalidAuthorizedParty = errors.New("clerk: invalid authorized party")

	// ErrInvalidIssuer reports an `iss` claim that is not one of the
	// configured issuers.
	ErrInvalidIssuer = errors.New("clerk: invalid token issuer")

	// ErrTokenExpired reports a token whose `exp` is at or before now minus
	// the leeway.
	ErrTokenExpired = errors.New("clerk: session token expired")

	// ErrTokenNotActiveYet reports a token whose `nbf` is after now plus the
	// leeway.
	ErrTokenNotActiveYet = errors.New("clerk: session token not active yet")

	// ErrTokenIssuedInFuture reports a token whose `iat` is after now plus
	// the leeway.
	ErrTokenIssuedInFuture = errors.New("clerk: session token issued in the future")

	// ErrInvalidKey reports a verification key that cannot be used: a PEM
	// that does not parse, a key that is not RSA, or an RSA key smaller than
	// 2048 bits. It is returned by NewVerifier, and while loading a JWKS.
	ErrInvalidKey = errors.New("clerk: invalid verification key")

	// ErrInvalidConfig reports a NewVerifier configuration that cannot work,
	// such as no key source or two of them.
	ErrInvalidConfig = errors.New("clerk: invalid verifier configuration")
)

// Reason codes: the same strings as @clerk/backend's TokenVerificationErrorReason
// and AuthErrorReason.
const (
	reasonTokenInvalid             = "token-invalid"
	reasonTokenInvalidAlgorithm    = "token-invalid-algorithm"
	reasonTokenInvalidSignature    = "token-invalid-signature"
	reasonTokenVerificationFailed  = "token-verification-failed"
	reasonTokenInvalidAuthParties  = "token-invalid-authorized-parties"
	reasonTokenInvalidIssuer       = "token-invalid-issuer"
	reasonTokenExpired             = "token-expired"
	reasonTokenNotActiveYet        = "token-not-active-yet"
	reasonTokenIATInTheFuture      = "token-iat-in-the-future"
	reasonJWKKidMismatch           = "jwk-kid-mismatch"
	reasonJWKRemoteFailedToLoad    = "jwk-remote-failed-to-load"
	reasonTokenTypeMismatch        = "token-type-mismatch"
	reasonNoTokenInHeader          = "No token in header"
	reasonUnexpectedError          = "unexpected-error"
	reasonSecretKeyInvalid         = "secret-key-invalid"
	reasonSessionTokenMissing      = "session-token-and-uat-missing"
	reasonClientUATNoSessionToken  = "client-uat-but-no-session-token"
	reasonSessionTokenNoClientUAT  = "session-token-but-no-client-uat"
	reasonIATBeforeClientUAT       = "session-token-iat-before-client-uat"
	reasonSessionTokenNBF          = "session-token-nbf"
	reasonSessionTokenIATInFuture  = "session-token-iat-in-the-future"
	reasonSessionTokenExpiredRefr  = "session-token-expired-refresh-"
	reasonRefreshNonEligibleNoCook = "non-eligible-no-refresh-cookie"
	reasonRefreshNonEligibleNonGet = "non-eligible-non-get"
	reasonRefreshMissingAPIClient  = "missing-api-client"
)

// TokenError is the error returned by Verifier.Verify. Reason is Clerk's
// reason code for the failure (for logs and metrics); errors.Is matches the
// sentinel (ErrTokenExpired, …) and, when there is one, the cause (for
// example a *APIError or context.DeadlineExceeded from a JWKS fetch).
type TokenError struct {
	// Reason is the @clerk/backend reason code, such as "token-expired".
	Reason string

	kind   error // one of the sentinels above
	detail string
	cause  error
}

// Error returns one line: the sentinel's text, a detail, and the reason code.
// It never contains the token, a key or a claim value.
func (e *TokenError) Error() string {
	s := e.kind.Error()
	if e.detail != "" {
		s += ": " + e.detail
	}
	if e.cause != nil {
		s += ": " + e.cause.Error()
	}
	return s + " (reason=" + e.Reason + ")"
}

// Unwrap returns the sentinel and the cause, for errors.Is and errors.As.
func (e *TokenError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func tokenErr(kind error, reason, detail string) *TokenError {
	return &TokenError{Reason: reason, kind: kind, detail: detail}
}

// ReasonOf returns the Clerk reason code carried by err (a *TokenError in its
// chain), "" for nil, and "unexpected-error" for any other error.
func ReasonOf(err error) string {
	if err == nil {
		return ""
	}
	var te *TokenError
	if errors.As(err, &te) {
		return te.Reason
	}
	return reasonUnexpectedError
}
