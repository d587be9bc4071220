package clerk_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
)

// fakeBAPI stands in for the Backend API in the examples.
func fakeBAPI() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/jwks", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"keys":[{"kid":"ins_1","kty":"RSA","alg":"RS256","use":"sig","n":"AQAB","e":"AQAB"}]}`)
	})
	mux.HandleFunc("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Clerk-Trace-Id", "trace_123")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"No user was found"}]}`)
	})
	return httptest.NewServer(mux)
}

func ExampleNewClient() {
	srv := fakeBAPI()
	defer srv.Close()

	c, err := clerk.NewClient("sk_test_example",
		clerk.WithBaseURL(srv.URL+"/v1"),
		clerk.WithUserAgent("example/1.0"),
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	jwks, err := c.JWKS(context.Background())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(jwks.Keys), "key(s)")

	_, err = clerk.NewClient("pk_test_example")
	fmt.Println(err)
	// Output:
	// 1 key(s)
	// clerk: invalid secret key: must start with "sk_test_" or "sk_live_"
}

func ExampleAPIError() {
	srv := fakeBAPI()
	defer srv.Close()
	c, _ := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))

	_, err := bapi.New(c).GetUserWithResponse(context.Background(), "user_missing")
	var apiErr *clerk.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors[0].Code, apiErr.TraceID)
	}
	fmt.Println(clerk.IsNotFound(err))
	fmt.Println(err)
	// Output:
	// 404 resource_not_found trace_123
	// true
	// clerk: GET /v1/users/user_missing: 404 Not Found: resource_not_found: No user was found (trace trace_123)
}
