package clerk_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/gobapi/clerk"
)

// sessionsExampleServer stands in for the sessions part of the Backend API
// in the examples.
func sessionsExampleServer() *httptest.Server {
	session := func(id, status string) map[string]any {
		return map[string]any{
			"object": "session", "id": id, "status": status,
			"user_id": "user_123", "client_id": "client_123",
			"actor": nil, "last_active_organization_id": nil, "latest_activity": nil,
			"last_active_at": 1764003120512, "expire_at": 1764607920512, "abandon_at": 1766595120512,
			"created_at": 1764001875004, "updated_at": 1764003120530, "tasks": []any{},
		}
	}
	reply := func(w http.ResponseWriter, v any) {
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/sessions/{id}/revoke", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "sess_123" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"No session was found"}]}`)
			return
		}
		reply(w, session("sess_123", "revoked"))
	})
	mux.HandleFunc("GET /v1/sessions", func(w http.ResponseWriter, r *http.Request) {
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		page := []any{}
		for i := offset; i < min(offset+limit, 3); i++ {
			page = append(page, session(fmt.Sprintf("sess_%d", i+1), "active"))
		}
		reply(w, page)
	})
	mux.HandleFunc("POST /v1/sessions/{id}/tokens", func(w http.ResponseWriter, r *http.Request) {
		reply(w, map[string]any{"object": "token", "jwt": "eyJhbGciOiJSUzI1NiJ9.eyJzaWQiOiJzZXNzXzEyMyJ9.c2ln"})
	})
	return httptest.NewServer(mux)
}

// Revoke signs a user out of one session, for example after a password
// change or from an "active devices" page.
func ExampleSessionsService_Revoke() {
	srv := sessionsExampleServer()
	defer srv.Close()
	c, err := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	sess, err := c.Sessions.Revoke(ctx, "sess_123")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sess.ID, sess.Status)

	_, err = c.Sessions.Revoke(ctx, "sess_gone")
	fmt.Println(clerk.IsNotFound(err))
	// Output:
	// sess_123 revoked
	// true
}

// All walks every active session of a user, page by page.
func ExampleSessionsService_All() {
	srv := sessionsExampleServer()
	defer srv.Close()
	c, _ := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))
	ctx := context.Background()

	params := &clerk.SessionListParams{
		UserID: clerk.Ptr("user_123"),
		Status: clerk.SessionListStatusActive,
		Limit:  2, // small pages, to show the paging
	}
	for sess, err := range c.Sessions.All(ctx, params) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(sess.ID, sess.UserID)
	}
	// Output:
	// sess_1 user_123
	// sess_2 user_123
	// sess_3 user_123
}

// CreateToken gets a session token for a user's session from the server,
// for example to call your own API as that user from a background job.
func ExampleSessionsService_CreateToken() {
	srv := sessionsExampleServer()
	defer srv.Close()
	c, _ := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))

	jwt, err := c.Sessions.CreateToken(context.Background(), "sess_123", 300)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Send it as your frontend would; never log it.
	req, _ := http.NewRequest(http.MethodGet, "https://api.example.com/me", nil)
	req.Header.Set("Authorization", "Bearer "+jwt)
	fmt.Println(len(strings.Split(jwt, ".")), "JWT segments")
	// Output:
	// 3 JWT segments
}
