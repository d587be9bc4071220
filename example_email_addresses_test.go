package clerk_test

import (
	"context"
	"fmt"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// Add a verified work address to a user and make it primary.
func ExampleEmailAddressesService_Create() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@home.example"}})
	work, err := c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{
		UserID: user.ID, EmailAddress: "ada@work.example", Verified: true, Primary: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	user, _ = c.Users.Get(ctx, user.ID)
	fmt.Println(len(user.EmailAddresses), *user.PrimaryEmailAddressID == work.ID)
	// Output:
	// 2 true
}

// Reserve a phone number for SMS second-factor codes.
func ExamplePhoneNumbersService_Create() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	_, err := c.PhoneNumbers.Create(ctx, &clerk.PhoneNumberCreateParams{
		UserID: user.ID, PhoneNumber: "+15555550100", Verified: true, ReservedForSecondFactor: true,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	user, _ = c.Users.Get(ctx, user.ID)
	fmt.Println(user.TwoFactorEnabled)
	// Output:
	// true
}
