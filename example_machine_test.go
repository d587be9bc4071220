package clerk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

func ExampleVerifier_RequireAuth() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()

	// An API route that accepts session tokens and API keys.
	v, err := clerk.NewVerifier(
		clerk.WithJWKSFromClient(c), // also verifies opaque tokens through c
		clerk.WithAcceptedTokens(clerk.TokenTypeSessionToken, clerk.TokenTypeAPIKey),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	api := v.RequireAuth(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if m, ok := clerk.MachineFromContext(r.Context()); ok {
			fmt.Println("API key of", m.UserID, "scopes", m.Scopes)
			return
		}
		if s, ok := clerk.SessionFromContext(r.Context()); ok {
			fmt.Println("session of", s.UserID)
		}
	}))

	// A user creates an API key (usually from your dashboard UI).
	key, _ := bapi.New(c).CreateAPIKeyWithResponse(context.Background(), gen.CreateAPIKeyJSONRequestBody{
		Name: "ci", Subject: "user_2abcdefghijklmnopqrstuvwxyz", Scopes: []string{"reports:read"},
	})
	call := func(token string) {
		r := httptest.NewRequest(http.MethodGet, "/reports", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		w := httptest.NewRecorder()
		api.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			fmt.Println(w.Code, v.AuthenticateRequest(r).Reason)
		}
	}
	call(key.JSON200.Secret)

	session, _ := srv.MintSessionToken("user_2abcdefghijklmnopqrstuvwxyz")
	call(session)

	// An M2M token is not accepted here: refused before any network call.
	m2m, _ := bapi.New(c).CreateM2MTokenWithResponse(context.Background(), gen.CreateM2MTokenJSONRequestBody{})
	call(m2m.JSON201.Token)
	// Output:
	// API key of user_2abcdefghijklmnopqrstuvwxyz scopes [reports:read]
	// session of user_2abcdefghijklmnopqrstuvwxyz
	// 401 token-type-mismatch
}
