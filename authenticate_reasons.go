package clerk

// Reason codes of a signed-out or handshake RequestState, with
// @clerk/backend's spelling. A state's Reason may also be a verification
// reason of Verify (such as "token-invalid-signature"; see ReasonOf) or
// ReasonSessionTokenExpiredRefresh followed by why no refresh happened
// (such as "non-eligible-no-refresh-cookie").
const (
	// ReasonSessionTokenAndUATMissing: no session cookie and no client_uat.
	ReasonSessionTokenAndUATMissing = "session-token-and-uat-missing"
	// ReasonSessionTokenMissing: a resolved handshake set no session.
	ReasonSessionTokenMissing = "session-token-missing"
	// ReasonClientUATWithoutSessionToken: a client_uat without a session.
	ReasonClientUATWithoutSessionToken = "client-uat-but-no-session-token"
	// ReasonSessionTokenWithoutClientUAT: a session without a client_uat.
	ReasonSessionTokenWithoutClientUAT = "session-token-but-no-client-uat"
	// ReasonSessionTokenIATBeforeClientUAT: the session predates client_uat.
	ReasonSessionTokenIATBeforeClientUAT = "session-token-iat-before-client-uat"
	// ReasonSessionTokenNBF: the session token is not active yet.
	ReasonSessionTokenNBF = "session-token-nbf"
	// ReasonSessionTokenIATInTheFuture: the session token is issued later.
	ReasonSessionTokenIATInTheFuture = "session-token-iat-in-the-future"
	// ReasonSessionTokenExpiredRefresh prefixes the reason of an expired
	// session token that was not refreshed; the rest says why, such as
	// "non-eligible-non-get" or a Backend API error code.
	ReasonSessionTokenExpiredRefresh = "session-token-expired-refresh-"
	// ReasonDevBrowserMissing: a development instance without its
	// dev-browser token.
	ReasonDevBrowserMissing = "dev-browser-missing"
	// ReasonDevBrowserSync: a development instance received a dev-browser
	// token in the query.
	ReasonDevBrowserSync = "dev-browser-sync"
	// ReasonPrimaryRespondsToSyncing: a development primary sends a
	// satellite's sync request back.
	ReasonPrimaryRespondsToSyncing = "primary-responds-to-syncing"
	// ReasonPrimaryDomainCrossOriginSync: a document request came from
	// another origin (a satellite) and the primary syncs.
	ReasonPrimaryDomainCrossOriginSync = "primary-domain-cross-origin-sync"
	// ReasonSatelliteNeedsSyncing: a satellite needs the primary's session.
	ReasonSatelliteNeedsSyncing = "satellite-needs-syncing"
	// ReasonTokenTypeMismatch: the token is not of an accepted type.
	ReasonTokenTypeMismatch = "token-type-mismatch"
	// ReasonUnexpectedError: verification failed for a reason that is not
	// the token's (for example the keys could not be fetched).
	ReasonUnexpectedError = "unexpected-error"
	// ReasonNoTokenInHeader: only machine tokens are accepted and the
	// request has no Authorization token.
	ReasonNoTokenInHeader = "No token in header"
	// ReasonHandshakeFailed is this package's: on a development instance
	// the handshake token failed verification, where @clerk/backend throws
	// (see ErrHandshakeFailed).
	ReasonHandshakeFailed = "handshake-failed"
	// ReasonRequestRejected is this package's: the request is one that
	// @clerk/backend throws on (see ErrRequestRejected).
	ReasonRequestRejected = "request-rejected"
)

// Refresh outcomes appended to ReasonSessionTokenExpiredRefresh.
const (
	refreshNonEligibleNoCookie = "non-eligible-no-refresh-cookie"
	refreshNonEligibleNonGet   = "non-eligible-non-get"
	refreshInvalidSessionToken = "invalid-session-token"
	refreshMissingAPIClient    = "missing-api-client"
	refreshDecodeFailed        = "expired-session-token-decode-failed"
	refreshMissingSID          = "expired-session-token-missing-sid-claim"
	refreshFetchError          = "fetch-error"
	refreshUnexpectedSDK       = "unexpected-sdk-error"
	refreshUnexpectedBAPI      = "unexpected-bapi-error"
)

// Debug headers set on signed-out and handshake states (RequestState.Headers).
const (
	// HeaderAuthStatus carries RequestState.Status.
	HeaderAuthStatus = "X-Clerk-Auth-Status"
	// HeaderAuthReason carries RequestState.Reason.
	HeaderAuthReason = "X-Clerk-Auth-Reason"
	// HeaderAuthMessage carries RequestState.Message.
	HeaderAuthMessage = "X-Clerk-Auth-Message"
)

// Clerk's cookie and query parameter names for the handshake flow.
const (
	cookieDevBrowser   = "__clerk_db_jwt"
	cookieHandshake    = "__clerk_handshake"
	cookieHSNonce      = "__clerk_handshake_nonce"
	queryDevBrowser    = "__clerk_db_jwt"
	queryLegacyDevSess = "__dev_session"
	queryHandshake     = "__clerk_handshake"
	queryHSNonce       = "__clerk_handshake_nonce"
	queryHSHelp        = "__clerk_help"
	queryRedirectURL   = "__clerk_redirect_url"
	querySynced        = "__clerk_synced"
)
