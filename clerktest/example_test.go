package clerktest_test

import (
	"context"
	"fmt"
	"log"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// Example starts a fake Clerk, creates a user through the SDK, mints a
// session token for it and verifies the token with the SDK's verifier.
func Example() {
	srv, err := clerktest.Start() // in a test: srv := clerktest.NewServer(t)
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	resp, err := bapi.New(c).CreateUserWithResponse(ctx, gen.CreateUserJSONRequestBody{
		EmailAddress: []string{"ada@example.com"},
	})
	if err != nil {
		log.Fatal(err)
	}
	user := resp.JSON200

	token, err := srv.MintSessionToken(user.ID, clerktest.WithOrg(clerktest.TokenOrg{
		ID: "org_1", Slug: "acme", Role: "org:admin", Permissions: []string{"org:invoices:read"},
	}))
	if err != nil {
		log.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithIssuer(srv.Issuer))
	if err != nil {
		log.Fatal(err)
	}
	claims, err := v.Verify(ctx, token)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims.UserID == user.ID, claims.Org.Role, claims.Org.Permissions())
	// Output: true org:admin [org:invoices:read]
}
