package bapi

import "github.com/gobapi/clerk/gen"

// RawClient is what [New] wraps: a *clerk.Client satisfies it, through its
// API method, which returns the generated raw client over the Client's
// transport.
type RawClient interface {
	API() *gen.APIClient
}

// New returns the typed-response client over c's raw client, for example
// bapi.New(c).GetUserWithResponse(ctx, id) with c a *clerk.Client: every
// call goes through c's transport (authentication, headers, retries, the
// body cap, the refusal of redirects, and the mapping of failures to typed
// errors), and its answer is decoded into the operation's response struct.
//
// Errors of a …WithResponse call are the transport's: a *clerk.APIError for
// a non-2xx response (3xx included), a *clerk.RequestError when no response
// came, a *clerk.ResponseTooLargeError for a body over the cap. When a 2xx
// body is not the JSON the operation documents, the generated parser
// returns encoding/json's error as it is (*json.SyntaxError,
// *json.UnmarshalTypeError), not a *clerk.DecodeError as the service
// facades do; a body that is not JSON at all (wrong Content-Type) leaves
// the response's JSON200 field nil with a nil error, so check it.
//
// Package bapi is separate from package clerk so that a program compiles
// these response types and parsers (about 24,000 generated lines) only
// when it uses them.
func New(c RawClient) *ClientWithResponses {
	return &ClientWithResponses{ClientInterface: c.API()}
}
