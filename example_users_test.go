package clerk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/gobapi/clerk"
)

// usersExampleServer is a tiny stand-in for the Backend API, enough for the
// Users examples: five users, created newest first, paged with the
// starting_after cursor, that can be created and updated.
func usersExampleServer() *httptest.Server {
	ids := []string{"user_5", "user_4", "user_3", "user_2", "user_1"}
	reply := func(w http.ResponseWriter, status int, v any) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(v)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/users", func(w http.ResponseWriter, r *http.Request) {
		var limit int
		fmt.Sscan(r.URL.Query().Get("limit"), &limit)
		page := ids
		if after := r.URL.Query().Get("starting_after"); after != "" {
			for i, id := range ids {
				if id == after {
					page = ids[i+1:]
				}
			}
		}
		users := []map[string]any{}
		for _, id := range page[:min(limit, len(page))] {
			users = append(users, map[string]any{"object": "user", "id": id})
		}
		reply(w, 200, users)
	})
	mux.HandleFunc("POST /v1/users", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			EmailAddress []string `json:"email_address"`
			FirstName    string   `json:"first_name"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		reply(w, 200, map[string]any{
			"object": "user", "id": "user_6", "first_name": body.FirstName,
			"email_addresses": []map[string]any{{"object": "email_address", "email_address": body.EmailAddress[0]}},
		})
	})
	mux.HandleFunc("PATCH /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		user := map[string]any{"object": "user", "id": r.PathValue("id"), "external_id": "crm-42", "username": "ada"}
		json.NewDecoder(r.Body).Decode(&user) // null clears, values replace
		reply(w, 200, user)
	})
	mux.HandleFunc("GET /v1/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		reply(w, 404, map[string]any{
			"errors":         []map[string]any{{"code": "resource_not_found", "message": "not found", "long_message": "User not found"}},
			"clerk_trace_id": "trace_123",
		})
	})
	return httptest.NewServer(mux)
}

// usersExampleClient returns a client for srv.
func usersExampleClient(srv *httptest.Server) *clerk.Client {
	c, err := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

func ExampleUsersService_Create() {
	srv := usersExampleServer()
	defer srv.Close()
	client := usersExampleClient(srv)

	user, err := client.Users.Create(context.Background(), &clerk.UserCreateParams{
		EmailAddresses: []string{"ada@example.com"},
		FirstName:      clerk.Ptr("Ada"),
		PublicMetadata: map[string]any{"plan": "team"},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(user.ID, *user.FirstName, user.EmailAddresses[0].EmailAddress)
	// Output: user_6 Ada ada@example.com
}

func ExampleUsersService_All() {
	srv := usersExampleServer()
	defer srv.Close()
	client := usersExampleClient(srv)

	// Pages of two users, fetched as the loop needs them, with the
	// starting_after cursor of the default newest-first ordering.
	var ids []string
	for user, err := range client.Users.All(context.Background(), &clerk.UserListParams{Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		ids = append(ids, user.ID)
	}
	fmt.Println(strings.Join(ids, " "))
	// Output: user_5 user_4 user_3 user_2 user_1
}

func ExampleUsersService_Update() {
	srv := usersExampleServer()
	defer srv.Close()
	client := usersExampleClient(srv)

	// Set the first name, and remove the external ID (sent as JSON null).
	user, err := client.Users.Update(context.Background(), "user_1", &clerk.UserUpdateParams{
		FirstName: clerk.Ptr("Ada"),
		Clear:     []clerk.UserField{clerk.UserFieldExternalID},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(*user.FirstName, user.ExternalID == nil, *user.Username)
	// Output: Ada true ada
}

func ExampleUsersService_Get_errors() {
	srv := usersExampleServer()
	defer srv.Close()
	client := usersExampleClient(srv)

	_, err := client.Users.Get(context.Background(), "user_missing")
	if clerk.IsNotFound(err) {
		fmt.Println("no such user")
	}
	var apiErr *clerk.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors[0].Code, apiErr.TraceID)
	}
	// Output:
	// no such user
	// 404 resource_not_found trace_123
}
