package clerk_test

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// An operation without a service method, through package bapi: the typed
// response of bapi.New, or the raw *http.Response of bapi.NewRaw, both over
// the client's transport (key, retries, typed errors).
func ExampleClient_Do() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	ctx := context.Background()

	res, err := bapi.New(c).CreateAllowlistIdentifierWithResponse(ctx, gen.CreateAllowlistIdentifierJSONRequestBody{
		Identifier: "ada@example.com",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("allowed:", *res.JSON200.Identifier)

	// A request built by hand goes through the same transport; one to any
	// other server is refused before it is sent.
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.BaseURL()+"/allowlist_identifiers", nil)
	resp, err := c.Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	fmt.Println(resp.StatusCode, len(body) > 0)

	stray, _ := http.NewRequestWithContext(ctx, http.MethodGet, "https://example.com/v1/users", nil)
	_, err = c.Do(stray)
	fmt.Println(err)
	// Output:
	// allowed: ada@example.com
	// 200 true
	// clerk: GET /v1/users: request URL is not below the client's base URL; not sent
}
