// Package smoke holds the loopback smoke test of the generated Backend API
// client (package github.com/gobapi/clerk/gen).
//
// The test reads openapi/bapi.yaml and calls every operation it describes
// through bapi.ClientWithResponses, twice: once with nullable values null
// and arrays empty ("nulls") and once with everything filled in ("filled").
// Arguments are built from the operation's schemas; an httptest server
// finds the operation again from the method and the escaped path, checks
// the path parameters, the query and the request body the client sent, and
// answers with the first 2xx response of the spec and a body built from its
// schema. The test then checks that the client decoded that body and that
// the decoded value re-encodes to the same JSON.
//
// It lives in the tools module so that the root module does not gain
// kin-openapi as a dependency; it has no non-test code.
package smoke
