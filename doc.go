// Package clerk is a Go client for Clerk's Backend API (BAPI,
// https://api.clerk.com/v1) and a verifier for the tokens Clerk issues. It
// does three jobs, each started by one function:
//
//   - Call the Backend API: [NewClient] takes the instance secret key and
//     returns a [Client]. Its services (Users, Organizations, Sessions)
//     cover the everyday operations and [Client.API] every other operation
//     of the spec, with the same authentication, retries and errors.
//   - Authenticate requests: [NewVerifier] builds a [Verifier] once.
//     [Verifier.RequireSession] wraps the handlers that need a signed-in
//     user (401 otherwise) and [SessionFromContext] gives them the verified
//     [SessionClaims]; [Verifier.Verify] checks a single token.
//   - Test offline: [github.com/gobapi/clerk/clerktest.NewServer] starts a
//     stateful fake Clerk in the test process. Its Client method returns a
//     [*Client] for it and MintSessionToken signs session tokens the
//     Verifier accepts, so tests need neither an account nor the network.
//
// The package examples Example_callBAPI, Example_authenticateRequests and
// Example_testOffline run each job end to end against that fake.
//
// Call the Backend API:
//
//	c, err := clerk.NewClient(os.Getenv("CLERK_SECRET_KEY")) // sk_test_… or sk_live_…
//	if err != nil {
//		return err
//	}
//	u, err := c.Users.Create(ctx, &clerk.UserCreateParams{
//		EmailAddresses: []string{"ada@example.com"},
//	})
//
// Authenticate requests:
//
//	v, err := clerk.NewVerifier(
//		clerk.WithJWKSFromClient(c), // or clerk.WithJWTKey(os.Getenv("CLERK_JWT_KEY"))
//		clerk.WithPublishableKey(os.Getenv("CLERK_PUBLISHABLE_KEY")),
//	)
//	if err != nil {
//		return err
//	}
//	mux.Handle("/api/", v.RequireSession(http.HandlerFunc(api)))
//
// Test offline:
//
//	func TestSignup(t *testing.T) {
//		srv := clerktest.NewServer(t) // closed when the test ends
//		c, err := srv.Client()        // a *clerk.Client for srv
//		…
//		token, err := srv.MintSessionToken(userID)
//	}
//
// # Authentication
//
// [NewClient] takes the instance secret key ("sk_test_…" or "sk_live_…") and
// refuses anything else without echoing it. Every request carries
// "Authorization: Bearer <key>", a User-Agent naming this SDK
// ("gobapi-clerk/<Version> go/<Go version>", plus [WithUserAgent]) and
// "Clerk-API-Version: 2026-05-12" ([DefaultAPIVersion], the version the
// types describe; see [WithAPIVersion]). The key never appears in errors or
// logs.
//
// # Errors
//
// Every call returns (*T, error) with a nil result on error. The error is:
//   - [*APIError] for any non-2xx response (after retries), with the status,
//     Clerk's error entries, the trace ID and Retry-After. Use [IsNotFound],
//     [IsRateLimited] and [HasErrorCode], or errors.As.
//   - [*RequestError] when no response arrived; it wraps the cause, so
//     errors.Is(err, context.DeadlineExceeded) and context.Canceled work.
//   - [*DecodeError] when a 2xx body is not the documented JSON, including
//     a body that decodes but is not the resource (null, {}, an object
//     without its id, a list that is not an array): errors.Is
//     [ErrUnexpectedResponse].
//   - [*InvalidParamError] (errors.Is [ErrInvalidParams]) for arguments
//     refused before any request, such as an empty ID.
//
// Error messages are one line starting "clerk: ". They never contain the
// secret key, headers, query strings or response bodies; the parts of
// Clerk's error entries they quote (code, message, parameter) are cleaned
// of anything shaped like a secret key and capped in length first.
//
// # Pagination
//
// List methods return one page; All methods return an iterator
// (iter.Seq2[*T, error]) that fetches pages lazily, holding one page at a
// time. An iterator stops at the server's total_count where the list has
// one. It checks each page before yielding any of its items, and ends with
// a [*DecodeError] wrapping [ErrPaginationLoop] when the page repeats what
// it has already seen: an item twice on the page, only items of the page
// before (the server ignored the offset or cursor), or an earlier page
// again (pages served in a cycle). Its memory for these checks does not
// grow with the number of pages.
//
// # Metadata
//
// Params take public, private and unsafe metadata as map[string]any. The
// resources (User, Organization, OrganizationMembership, …) hold each
// metadata object as the JSON the API sent, a json.RawMessage: decode it
// into your own type with json.Unmarshal, which keeps numbers exact and
// costs nothing for metadata a call does not read. A metadata object the
// response left out is empty (len 0); one it sent as null is "null".
//
// # Updates
//
// Update methods change only what their params set: a nil field is not
// sent. To remove a value, name its field in the params' Clear list
// ([UserUpdateParams].Clear, [OrganizationUpdateParams].Clear), which sends
// it as JSON null. Through [Client.API], every property of a PATCH body
// that Clerk accepts as null is a nullable.Nullable[T] (package
// github.com/oapi-codegen/nullable): nullable.NewNullNullable[T]() sends
// null, nullable.NewNullableWithValue(v) sends v, and the zero value
// leaves the property out.
//
// # Verifying sessions
//
// A [Verifier] takes its keys from one source: [WithJWKSFromClient]
// (GET /v1/jwks with the secret key), [WithJWTKey] (the PEM Clerk shows as
// the JWT public key; no network) or [WithJWKSURL]. [WithPublishableKey]
// pins the issuer to the instance's Frontend API ([WithProxyURL] moves it to
// a proxy, [WithIssuer] replaces it) and [WithAuthorizedParties] lists the
// origins a token's `azp` may name. [Verifier.Verify] accepts only RS256,
// checks the signature before any claim, then `sub`, `azp`, `iss`, `exp`,
// `nbf` and `iat` with a leeway of [DefaultLeeway]. Each failure is a
// [*TokenError] that matches a sentinel such as [ErrTokenExpired] with
// errors.Is and carries Clerk's reason code ([ReasonOf]).
//
// For HTTP, [Verifier.AuthenticateRequest] reads the token the way Clerk
// does (Authorization first, else the __session cookie with the
// __client_uat rule); [Verifier.Middleware] lets anonymous requests
// through, [Verifier.RequireSession] answers them 401. [WithAuthLogger]
// logs why a request was refused, never the token. The key set belongs to
// the Verifier: it refreshes once on an unknown `kid`, with one fetch shared
// by concurrent callers and a minimum gap between fetches, and keeps its
// last good keys through an outage. [Client.JWKS] fetches the keys directly.
//
// # Machine tokens
//
// [WithAcceptedTokens] lets a [Verifier] accept API keys, M2M tokens and
// OAuth access tokens besides session tokens; [Verifier.RequireAuth] puts
// their [MachineClaims] in the request context ([MachineFromContext]).
// Opaque tokens are verified by the Backend API and cached briefly.
//
// # Webhooks
//
// [NewWebhookVerifier] checks the Svix signature of Clerk's webhooks and
// decodes a [WebhookEvent]; [WebhookVerifier.Handler] dispatches events by
// type.
//
// # Retries
//
// The default policy ([DefaultRetryPolicy]) makes at most 3 attempts,
// waits 250ms to 5s between them and at most 30s in total. GET, HEAD, PUT
// and DELETE are retried on connection errors and on 429, 502, 503 and 504.
// POST and PATCH are retried only on 429 and when the connection could not
// be opened (DNS failure, connection refused): BAPI has no idempotency
// keys, so a create that may have reached Clerk is never sent twice.
// Retry-After (seconds or HTTP date) is honoured up to the maximum wait;
// otherwise the wait is exponential with full jitter. A wait that would
// outlast the context's deadline is not started, and a context that ends
// during a wait stops the call at once. A streamed upload (a profile image or
// logo read from an io.Reader that cannot be rewound) is sent once and never
// retried, so it is never buffered in memory. [WithRetry] changes the policy; a
// zero RetryPolicy disables retries. [WithLogger] logs retries with method,
// path, status, attempt and wait.
//
// # Limits
//
// The client follows no redirect: a 3xx is an [*APIError] with its
// Location. A 2xx body is read up to [DefaultMaxResponseBytes] (see
// [WithMaxResponseBytes]; a compressed body counts inflated); a longer one
// fails the call with a [*ResponseTooLargeError].
//
// # Testing
//
// Package [github.com/gobapi/clerk/clerktest] is a fake Backend API served
// from the same spec: it keeps users, organizations and sessions, refuses
// requests the way Clerk does, mints session tokens and injects faults and
// rate limits. To use another server, such as an httptest.Server, pass its
// URL to [WithBaseURL], with or without the "/v1" prefix:
//
//	srv := httptest.NewServer(handler)
//	c, err := clerk.NewClient("sk_test_x", clerk.WithBaseURL(srv.URL))
package clerk
