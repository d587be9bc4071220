package clerktest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// ExampleServer_FrontendAPIClient plays a browser's sign-in and the Clerk
// SDK's side of the handshake by hand: the Frontend API redirects back to
// the app with a nonce, and the Backend API exchanges the nonce for the
// cookies to set. A server SDK's middleware does the second half itself.
func ExampleServer_FrontendAPIClient() {
	srv, err := clerktest.Start()
	if err != nil {
		log.Fatal(err)
	}
	defer srv.Close()
	c, err := srv.Client()
	if err != nil {
		log.Fatal(err)
	}
	user, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	if err != nil {
		log.Fatal(err)
	}

	// The browser: sign in, and come back to the app.
	signIn := srv.FrontendAPIURL() + "/v1/clerktest/sign-in?" + url.Values{
		"user_id": {user.ID}, "redirect_url": {"http://localhost:3000/"}}.Encode()
	resp, err := srv.FrontendAPIClient().Get(signIn)
	if err != nil {
		log.Fatal(err)
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.StatusCode, back.Host, back.Query().Has("__clerk_handshake_nonce"))

	// The app's server: exchange the nonce through the Backend API.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/clients/handshake_payload?nonce="+back.Query().Get("__clerk_handshake_nonce"), nil)
	req.Header.Set("Authorization", "Bearer "+srv.SecretKey)
	presp, err := srv.HTTPClient().Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer presp.Body.Close()
	var payload struct{ Directives []string }
	if err := json.NewDecoder(presp.Body).Decode(&payload); err != nil {
		log.Fatal(err)
	}
	// Each cookie comes plain and suffixed (`__session_<suffix>`); print
	// the plain names.
	var plain []string
	for _, d := range payload.Directives {
		ck, err := http.ParseSetCookie(d)
		if err != nil || slices.ContainsFunc(plain, func(p string) bool { return strings.HasPrefix(ck.Name, p+"_") }) {
			continue
		}
		plain = append(plain, ck.Name)
		fmt.Println(ck.Name)
	}
	// Output:
	// 307 localhost:3000 true
	// __session
	// __client_uat
	// __clerk_db_jwt
}
