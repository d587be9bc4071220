// Package clerktest is an in-process, stateful fake of Clerk's Backend API
// for tests and demos: real HTTP over loopback, served from the strict
// server interface that oapi-codegen generates from the same OpenAPI spec
// as the SDK, with Clerk's behaviour for users, organizations, sessions,
// clients and JWKS.
//
//	func TestSignup(t *testing.T) {
//		srv := clerktest.NewServer(t) // closed when the test ends
//		c, err := srv.Client()        // a *clerk.Client for srv
//		if err != nil {
//			t.Fatal(err)
//		}
//		tok, err := srv.MintSessionToken("user_123")
//		v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
//		claims, err := v.Verify(ctx, tok)
//	}
//
// [Start] builds a server without a testing.TB (call [Server.Close]).
//
// # Keys and tokens
//
// Each server has a random secret key (requests without
// "Authorization: Bearer <SecretKey>" get 401), a publishable key for a
// fake Frontend API host, and an RSA-2048 signing key served at /v1/jwks.
// [Server.MintSessionToken] signs Clerk v2 session tokens (org claims in
// the `o`/`fea` form) that the SDK's verifier accepts;
// POST /sessions/{id}/tokens mints through the same code.
// [Server.RotateKey] adds a key: the JWKS serves old and new keys, new
// tokens use the new one.
//
// # Validation and errors
//
// Every error is Clerk's envelope {"errors":[{code, message, long_message,
// meta}], "clerk_trace_id"} with a Clerk-Trace-Id header. A route the spec
// does not describe answers 404 resource_not_found. Limits outside 1..500,
// enum values the spec does not list, unknown body fields, missing required
// body fields and wrong JSON types answer 422 form_param_unknown,
// form_param_value_invalid, form_param_missing or form_param_format_invalid
// with meta.param_name; malformed JSON answers 400 request_body_invalid.
// Query parameters the operation does not declare are ignored, as Clerk
// ignores them. Operations of the spec the fake does not implement answer
// 501 clerktest_not_implemented ([Server.Operations] lists the implemented
// ones; "Not implemented" below names them by family), after
// authentication and faults and before any validation of their
// parameters. GET /sessions,
// GET /jwt_templates and a user's OAuth access tokens answer
// {data, total_count} to paginated=true and the bare array otherwise, as
// Clerk does; session tokens leave out the system permissions (org:sys_*).
//
// # Behaviour
//
// Users: a user needs one identifier (email_address, phone_number,
// username or web3_wallet; else form_param_missing on email_address);
// emails (case-insensitive), phones, usernames (case-insensitive) and
// external IDs are unique (form_identifier_exists with param_name). Lists
// take every filter of the spec; order_by is a field with an optional "+"
// or "-" prefix (default -created_at), null values sort last in both
// directions, ties keep creation order; starting_after is a user ID of the
// filtered, ordered list. PATCH …/metadata deep-merges (a null removes a
// key); PUT …/metadata replaces each given object. Banning revokes the
// user's active sessions; deleting a user removes its memberships.
//
// Organizations have unique slugs, memberships with roles org:admin,
// org:member or a custom role, invitations (pending, accepted when the
// invitee becomes a member, revoked, expired by the clock) and domains. Sessions expire after
// 7 days by the server's clock ([WithClock]).
//
// Invitations to the application are pending until revoked or expired by
// the clock; an address a user has, or a pending invitation already
// invites, is refused unless ignore_existing is set, and a bulk request
// creates all or none. The allowlist and blocklist keep email addresses,
// "*@domain" entries and E.164 phone numbers, each once; they are stored
// and listed, but do not restrict the users the API creates.
//
// JWT templates have unique names, lifetimes of 30 s to 10 years, no
// reserved claims (sub, sid, iss, …), and sign with the server's RS256 key
// (custom signing keys are refused); session tokens are minted from them by
// name.
//
// An update that sends null for a field that the SDK's Clear lists name
// (external_id, username, first_name, last_name, locale, legal_accepted_at
// and create_organizations_limit of a user; role_set_key of an
// organization) removes its value; null in any other field of an update is
// the same as leaving it out.
//
// # More of the API
//
// JWT templates (CRUD; tokens minted from them), email addresses and phone
// numbers (created unverified unless verified=true; primary and
// reserved_for_second_factor follow through to the user; code
// verification with the code read from [Server.VerificationCode]), sign-in and
// actor tokens ([Server.AcceptTicket] redeems one as the Frontend API
// would; an actor token's session carries `act`), testing tokens
// ([Server.IsTestingToken]), passwords (VerifyPassword checks plain
// passwords and md5, sha256, pbkdf2_*, ldap_ssha, phpass, bcrypt,
// bcrypt_sha256_django, scrypt_werkzeug, scrypt_firebase, argon2i,
// argon2id and sha512_symfony digests; others, such as awscognito, answer
// 501 unless [Server.SetPasswordVerifier] registers a checker), TOTP (RFC 6238 by the
// server's clock) and backup codes with MFA removal, OAuth access tokens of
// external accounts ([Server.AddExternalAccount]; an empty list when
// none), custom organization roles and permissions (members carry their
// role's permissions into session tokens), the waitlist, and profile
// images and organization logos (served back at their image URL).
//
// # Not implemented
//
// These answer 501 clerktest_not_implemented: instance settings and
// domains, redirect URLs, email and SMS templates, marking passwords
// compromised, sign-ups,
// SAML, enterprise connections, directories and SCIM, OAuth applications,
// role sets, machines and their scopes, listing and updating API keys and
// M2M tokens, billing, admin portal links, agent tasks, Svix, the domain
// proxy check and the public interstitial.
//
// # Long-lived servers
//
// [WithListenAddress], [WithSeed] and [WithState] serve the fake for
// scripts and other languages (cmd/clerktest runs it as a process);
// [Server.Snapshot] writes the state of every implemented operation, but
// API keys, machine tokens and password verifiers, for [WithState] to
// restore.
//
// # API versions
//
// The Clerk-API-Version header (or the __clerk_api_version
// query parameter, but not both) names one of [APIVersions]; none means
// [CurrentAPIVersion]. Any other value answers 400 api_version_invalid (the
// code is the fake's guess; Clerk documents only that the request is
// invalid). Versions before 2026-05-12 accept public_metadata,
// private_metadata and unsafe_metadata in PATCH /users/{id}, and
// public_metadata and private_metadata in PATCH /organizations/{id}, each
// replacing the stored field whole; 2026-05-12 refuses them.
//
// # Faults
//
// Routes are named by the spec's operation ID ("CreateUser", "GetUser"; see
// [Request].Operation), or [AllRoutes]. [Server.SetRateLimit] answers 429
// too_many_requests with Retry-After after n requests per window;
// [Server.InjectFault] injects statuses, latency and dropped connections.
// [WithTimeScale] shrinks windows and latencies for fast tests.
// [Server.Requests] logs every request for assertions.
//
// # Frontend API
//
// Each server also plays the instance's Frontend API for the handshake, on
// a TLS listener for the publishable key's host ([Server.FrontendAPIURL];
// reach it with [Server.FrontendAPIClient], or a browser started with
// [Server.ChromiumFlags]): GET /v1/client/handshake, the Backend API's
// GET /v1/clients/handshake_payload, dev-browser tokens, and test-only
// sign-in and sign-out pages ([Server.SetSessionTokenLifetime]).
package clerktest
