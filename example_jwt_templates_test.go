package clerk_test

import (
	"context"
	"fmt"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// A JWT template shapes the tokens a third-party service expects; a
// session's token from it carries the template's claims.
func ExampleJWTTemplatesService_Create() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	tpl, err := c.JWTTemplates.Create(ctx, &clerk.JWTTemplateParams{
		Name:     "supabase",
		Claims:   map[string]any{"aud": "authenticated", "role": "authenticated"},
		Lifetime: 3600,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(tpl.Name, tpl.Lifetime, tpl.SigningAlgorithm)

	user, _ := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	sess, _ := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: user.ID})
	jwt, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "supabase", 0)
	fmt.Println(jwt != "", err)

	templates, _ := c.JWTTemplates.List(ctx, nil)
	fmt.Println(len(templates))
	// Output:
	// supabase 3600 RS256
	// true <nil>
	// 1
}
