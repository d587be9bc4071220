// Package officialsdk drives clerktest, the fake Clerk of
// github.com/gobapi/clerk, with Clerk's official Go SDK
// (github.com/clerk/clerk-sdk-go/v2 v2.4.2) through the calls a backend
// program makes, and checks that each succeeds and returns what Clerk
// returns. It is a module of its own so that the root module never
// requires the official SDK; it holds only tests.
package officialsdk
