package clerk_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"

	"github.com/gobapi/clerk"
)

// exampleOrgServer is a tiny stand-in for BAPI that answers the
// organization calls of the examples.
func exampleOrgServer() *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/organizations/{org}/memberships", func(w http.ResponseWriter, r *http.Request) {
		var in struct {
			UserID         string         `json:"user_id"`
			Role           string         `json:"role"`
			PublicMetadata map[string]any `json:"public_metadata"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if in.UserID == "user_missing" {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"User not found."}],"clerk_trace_id":"trace_ex"}`)
			return
		}
		writeExampleOrgJSON(w, map[string]any{
			"object": "organization_membership", "id": "orgmem_1", "role": in.Role, "permissions": []string{},
			"public_metadata": in.PublicMetadata, "created_at": 1767225600000, "updated_at": 1767225600000,
			"organization":     map[string]any{"object": "organization", "id": r.PathValue("org"), "name": "Acme", "slug": "acme"},
			"public_user_data": map[string]any{"user_id": in.UserID, "first_name": "Ada", "last_name": nil, "image_url": "", "has_image": false},
		})
	})
	mux.HandleFunc("GET /v1/organizations", func(w http.ResponseWriter, r *http.Request) {
		const total = 5
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		data := []map[string]any{}
		for i := offset; i < total && i < offset+limit; i++ {
			data = append(data, map[string]any{"object": "organization", "id": fmt.Sprintf("org_%d", i), "name": fmt.Sprintf("Org %d", i), "slug": fmt.Sprintf("org-%d", i)})
		}
		writeExampleOrgJSON(w, map[string]any{"data": data, "total_count": total})
	})
	mux.HandleFunc("PATCH /v1/organizations/{org}/metadata", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Println("sent:", string(body))
		writeExampleOrgJSON(w, map[string]any{"object": "organization", "id": r.PathValue("org"), "public_metadata": map[string]any{"plan": "pro"}})
	})
	mux.HandleFunc("POST /v1/organizations/{org}/invitations/bulk", func(w http.ResponseWriter, r *http.Request) {
		var in []map[string]any
		_ = json.NewDecoder(r.Body).Decode(&in)
		data := []map[string]any{}
		for i, inv := range in {
			data = append(data, map[string]any{"object": "organization_invitation", "id": fmt.Sprintf("orginv_%d", i),
				"email_address": inv["email_address"], "role": inv["role"], "status": "pending"})
		}
		writeExampleOrgJSON(w, map[string]any{"data": data, "total_count": len(data)})
	})
	return httptest.NewServer(mux)
}

func writeExampleOrgJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// exampleOrgClient returns a client for srv; real code passes only the
// secret key.
func exampleOrgClient(srv *httptest.Server) *clerk.Client {
	c, err := clerk.NewClient("sk_test_example", clerk.WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		log.Fatal(err)
	}
	return c
}

func ExampleOrganizationsService_CreateMembership() {
	srv := exampleOrgServer()
	defer srv.Close()
	client := exampleOrgClient(srv)
	ctx := context.Background()

	m, err := client.Organizations.CreateMembership(ctx, "org_acme", &clerk.OrganizationMembershipCreateParams{
		UserID:         "user_ada",
		Role:           "org:admin",
		PublicMetadata: map[string]any{"team": "launch"},
	})
	if err != nil {
		log.Fatal(err)
	}
	// Metadata comes back as the JSON the API sent; decode it into your own type.
	var meta struct {
		Team string `json:"team"`
	}
	if err := json.Unmarshal(m.PublicMetadata, &meta); err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.PublicUserData.UserID, m.Role, "in", m.Organization.ID, meta.Team)

	// A missing user is an *APIError.
	_, err = client.Organizations.CreateMembership(ctx, "org_acme", &clerk.OrganizationMembershipCreateParams{
		UserID: "user_missing",
		Role:   "org:member",
	})
	var apiErr *clerk.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Errors[0].Code, clerk.IsNotFound(err))
	}
	// Output:
	// user_ada org:admin in org_acme launch
	// 404 resource_not_found true
}

func ExampleOrganizationsService_All() {
	srv := exampleOrgServer()
	defer srv.Close()
	client := exampleOrgClient(srv)

	// Pages of 2; breaking out of the loop would stop fetching.
	for org, err := range client.Organizations.All(context.Background(), &clerk.OrganizationListParams{Limit: 2}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(org.ID, org.Name)
	}
	// Output:
	// org_0 Org 0
	// org_1 Org 1
	// org_2 Org 2
	// org_3 Org 3
	// org_4 Org 4
}

func ExampleOrganizationsService_List() {
	srv := exampleOrgServer()
	defer srv.Close()
	client := exampleOrgClient(srv)

	page, err := client.Organizations.List(context.Background(), &clerk.OrganizationListParams{Limit: 2, Offset: 2})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(page.Data), "of", page.TotalCount, "starting at", page.Data[0].ID)
	// Output:
	// 2 of 5 starting at org_2
}

func ExampleOrganizationsService_UpdateMetadata() {
	srv := exampleOrgServer()
	defer srv.Close()
	client := exampleOrgClient(srv)

	// PATCH deep-merges; a key set to nil is removed.
	org, err := client.Organizations.UpdateMetadata(context.Background(), "org_acme", &clerk.OrganizationMetadataParams{
		PublicMetadata: map[string]any{"plan": "pro", "trial": nil},
	})
	if err != nil {
		log.Fatal(err)
	}
	var meta struct {
		Plan string `json:"plan"`
	}
	if err := json.Unmarshal(org.PublicMetadata, &meta); err != nil {
		log.Fatal(err)
	}
	fmt.Println(meta.Plan)
	// Output:
	// sent: {"public_metadata":{"plan":"pro","trial":null}}
	// pro
}

func ExampleOrganizationsService_CreateInvitations() {
	srv := exampleOrgServer()
	defer srv.Close()
	client := exampleOrgClient(srv)
	ctx := context.Background()

	invs, err := client.Organizations.CreateInvitations(ctx, "org_acme", []clerk.OrganizationInvitationCreateParams{
		{EmailAddress: "grace@example.com", Role: "org:member"},
		{EmailAddress: "linus@example.com", Role: "org:admin", Notify: clerk.Ptr(false)},
	})
	if err != nil {
		log.Fatal(err)
	}
	for _, inv := range invs.Data {
		fmt.Println(inv.EmailAddress, inv.Role, *inv.Status)
	}

	// Entries are checked before anything is sent.
	_, err = client.Organizations.CreateInvitations(ctx, "org_acme", []clerk.OrganizationInvitationCreateParams{
		{EmailAddress: "ada@example.com"},
	})
	fmt.Println(errors.Is(err, clerk.ErrInvalidParams), strings.TrimPrefix(err.Error(), "clerk: "))
	// Output:
	// grace@example.com org:member pending
	// linus@example.com org:admin pending
	// true invalid params[0].Role: must not be empty
}
