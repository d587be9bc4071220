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

// An impersonation flow: the backend creates an actor token, the browser
// would follow its URL; AcceptTicket plays the browser's part, and the
// session's tokens name the actor.
func ExampleServer_AcceptTicket() {
	srv, err := clerktest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"user@example.com"}})
	admin, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"support@example.com"}})
	at, err := bapi.New(c).CreateActorTokenWithResponse(ctx, gen.CreateActorTokenJSONRequestBody{
		UserID: user.ID, Actor: gen.CreateActorTokenJSONBody_Actor{Sub: admin.ID},
	})
	if err != nil {
		log.Fatal(err)
	}

	sess, err := srv.AcceptTicket(*at.JSON200.Token)
	if err != nil {
		log.Fatal(err)
	}
	jwt, _ := c.Sessions.CreateToken(ctx, sess.ID, 0)
	v, _ := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithIssuer(srv.Issuer))
	claims, err := v.Verify(ctx, jwt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(claims.UserID == user.ID, claims.Actor.Subject == admin.ID)
	// Output: true true
}

// Digests the fake cannot check, such as awscognito ones, verify once a
// checker is registered (here a stand-in for a real one).
func ExampleServer_SetPasswordVerifier() {
	srv, err := clerktest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{
		EmailAddresses: []string{"imported@example.com"},
		PasswordDigest: clerk.Ptr("awscognito#us-east-1_example#client#imported@example.com"),
		PasswordHasher: clerk.Ptr("awscognito"),
	})
	_, err = c.Users.VerifyPassword(ctx, user.ID, "hunter22")
	fmt.Println(clerk.HasErrorCode(err, "clerktest_not_implemented"))

	srv.SetPasswordVerifier("awscognito", func(digest, password string) (bool, error) {
		return digest == "awscognito#us-east-1_example#client#imported@example.com" && password == "hunter22", nil
	})
	res, err := c.Users.VerifyPassword(ctx, user.ID, "hunter22")
	fmt.Println(*res.Verified, err)
	// Output:
	// true
	// true <nil>
}
