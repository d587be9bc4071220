package bapi

import (
	"net/http"
	"strings"
)

// Doer is what [New] and [NewRaw] call through: a *clerk.Client satisfies
// it. BaseURL is the Backend API URL the client was built for (ending in
// /v1), and Do sends a request to it with the client's transport.
type Doer interface {
	BaseURL() string
	Do(req *http.Request) (*http.Response, error)
}

// NewRaw returns the raw client of every operation over c, for example
// bapi.NewRaw(c).GetUser(ctx, id) with c a *clerk.Client: each method
// returns the *http.Response as it came, after c's transport
// (authentication, headers, retries, the body cap, the refusal of
// redirects, and the mapping of failures to typed errors).
//
// Errors are the transport's: a *clerk.APIError for a non-2xx response (3xx
// included), a *clerk.RequestError when no response came, a
// *clerk.ResponseTooLargeError for a body over the cap.
func NewRaw(c Doer) *APIClient {
	server := c.BaseURL()
	if !strings.HasSuffix(server, "/") {
		server += "/"
	}
	return &APIClient{Server: server, Client: c}
}

// New returns the typed-response client over c, for example
// bapi.New(c).GetUserWithResponse(ctx, id) with c a *clerk.Client: every
// call goes through c's transport as with [NewRaw] (whose methods it also
// has), and its answer is decoded into the operation's response struct.
//
// When a 2xx body is not the JSON the operation documents, the generated
// parser returns encoding/json's error as it is (*json.SyntaxError,
// *json.UnmarshalTypeError), not a *clerk.DecodeError as the service
// facades do; a body that is not JSON at all (wrong Content-Type) leaves
// the response's JSON200 field nil with a nil error, so check it.
//
// Package bapi is separate from package clerk so that a program compiles
// the code of all 249 operations (about 40,000 generated lines) only when
// it uses them.
func New(c Doer) *ClientWithResponses {
	return &ClientWithResponses{ClientInterface: NewRaw(c)}
}
