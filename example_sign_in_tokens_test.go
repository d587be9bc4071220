package clerk_test

import (
	"context"
	"fmt"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// A sign-in token signs a user in from a link you send yourself; revoke it
// if the link leaks before use.
func ExampleSignInTokensService_Create() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	tok, err := c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: user.ID, ExpiresInSeconds: 600})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tok.Status, tok.URL != nil)

	revoked, _ := c.SignInTokens.Revoke(ctx, tok.ID)
	fmt.Println(revoked.Status)
	// Output:
	// pending true
	// revoked
}
