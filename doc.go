// Package clerk is a Go client for Clerk's Backend API (BAPI,
// https://api.clerk.com/v1).
//
// Create one [Client] per instance secret key and share it:
//
//	c, err := clerk.NewClient(os.Getenv("CLERK_SECRET_KEY"))
//	if err != nil {
//		return err
//	}
//	jwks, err := c.JWKS(ctx)
//	if err != nil {
//		return err
//	}
//
// The services on [Client] (Users, Organizations, Sessions) cover the common
// jobs; [Client.API] returns the generated client for every operation of
// the spec, with the same authentication, retries and errors.
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
// Error messages are one line starting "clerk: " and never contain the key,
// headers, query strings or bodies.
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
// # Verifying sessions
//
// [Client.JWKS] fetches the instance's public keys (not rate-limited by
// Clerk) for verifying session tokens.
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
// # Testing
//
// Point the client at a local server with [WithBaseURL]; the base URL
// includes the "/v1" prefix:
//
//	srv := httptest.NewServer(handler)
//	c, err := clerk.NewClient("sk_test_x", clerk.WithBaseURL(srv.URL+"/v1"))
package clerk
