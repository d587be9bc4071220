package clerk_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// The three package examples run against clerktest, an in-process fake
// Clerk on a loopback port, so they need neither an account nor the network.

// Call the Backend API: NewClient with the instance secret key, then the
// services. Errors are *APIError values that name Clerk's error code.
func Example_callBAPI() {
	fake, err := clerktest.Start() // stands in for api.clerk.com
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()

	// In production: clerk.NewClient(os.Getenv("CLERK_SECRET_KEY")).
	c, err := clerk.NewClient(fake.SecretKey, clerk.WithBaseURL(fake.URL))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	for _, email := range []string{"ada@example.com", "grace@example.com", "ada@example.com"} {
		u, err := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{email}})
		var apiErr *clerk.APIError
		switch {
		case err == nil:
			fmt.Println("created", u.EmailAddresses[0].EmailAddress)
		case clerk.HasErrorCode(err, "form_identifier_exists"):
			fmt.Println("taken:", email)
		case errors.As(err, &apiErr):
			log.Fatalf("clerk said %d (trace %s)", apiErr.StatusCode, apiErr.TraceID)
		default:
			log.Fatal(err) // network, context or decoding failure
		}
	}

	// All fetches the pages as the loop needs them.
	for u, err := range c.Users.All(ctx, &clerk.UserListParams{OrderBy: "+created_at"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("listed", u.EmailAddresses[0].EmailAddress)
	}
	// Output:
	// created ada@example.com
	// created grace@example.com
	// taken: ada@example.com
	// listed ada@example.com
	// listed grace@example.com
}

// Authenticate requests: NewVerifier once, then RequireSession around the
// handlers that need a signed-in user, who is then in the request context.
func Example_authenticateRequests() {
	fake, err := clerktest.Start() // stands in for Clerk: keys and tokens
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	c, err := fake.Client()
	if err != nil {
		log.Fatal(err)
	}

	v, err := clerk.NewVerifier(
		clerk.WithJWKSFromClient(c),                            // signing keys from GET /v1/jwks
		clerk.WithPublishableKey(fake.PublishableKey),          // CLERK_PUBLISHABLE_KEY: pins the issuer
		clerk.WithAuthorizedParties("https://app.example.com"), // the origins of your frontend
	)
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/api/me", v.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		claims, _ := clerk.SessionFromContext(r.Context())
		fmt.Fprintf(w, "hello %s", claims.UserID)
	})))

	// What a browser signed in as user_123 sends, then a request without it.
	token, err := fake.MintSessionToken("user_123", clerktest.WithAuthorizedParty("https://app.example.com"))
	if err != nil {
		log.Fatal(err)
	}
	for _, auth := range []string{"Bearer " + token, ""} {
		r := httptest.NewRequest(http.MethodGet, "/api/me", nil)
		if auth != "" {
			r.Header.Set("Authorization", auth)
		}
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		fmt.Println(w.Code, w.Body.String())
	}
	// Output:
	// 200 hello user_123
	// 401 Unauthorized
}

// Test offline: clerktest.NewServer(t) starts a stateful fake Clerk for one
// test (clerktest.Start outside tests, as here). Its Client, SecretKey and
// URL point the code under test at it; MintSessionToken signs tokens the
// Verifier accepts; InjectFault and SetRateLimit make it fail on purpose.
func Example_testOffline() {
	fake, err := clerktest.Start() // in a test: fake := clerktest.NewServer(t)
	if err != nil {
		log.Fatal(err)
	}
	defer fake.Close()
	// Retry waits of a millisecond keep a test fast.
	c, err := fake.Client(clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 3, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The fake keeps state and follows Clerk's rules.
	u, err := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	if err != nil {
		log.Fatal(err)
	}
	got, err := c.Users.Get(ctx, u.ID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(got.EmailAddresses[0].EmailAddress)

	// Two 503s: the client retries a GET and succeeds on the third attempt.
	if err := fake.InjectFault("GetUser", clerktest.Fault{Status: http.StatusServiceUnavailable, Times: 2}); err != nil {
		log.Fatal(err)
	}
	_, err = c.Users.Get(ctx, u.ID)
	fmt.Println("after two 503s:", err)

	// A token for the user, verified as a request from your frontend would be.
	token, err := fake.MintSessionToken(u.ID)
	if err != nil {
		log.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithPublishableKey(fake.PublishableKey))
	if err != nil {
		log.Fatal(err)
	}
	claims, err := v.Verify(ctx, token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims.UserID == u.ID, claims.Status)
	// Output:
	// ada@example.com
	// after two 503s: <nil>
	// true active
}
