package clerk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// orgFixture returns the content of testdata/organizations/name.
func orgFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "organizations", name))
	if err != nil {
		t.Fatalf("reading fixture: %v", err)
	}
	return string(b)
}

// orgCall is one facade call of the loopback tests: what it sends and which
// fixture the server answers with.
type orgCall struct {
	name    string
	call    func(ctx context.Context, s *OrganizationsService) (any, error)
	method  string
	path    string // escaped, under /v1
	query   url.Values
	body    string // expected JSON body; "" for none
	fixture string
}

var orgT0 = time.Date(2026, 1, 2, 3, 4, 5, 678_000_000, time.UTC)

// orgCalls covers every facade method that sends one request.
func orgCalls() []orgCall {
	return []orgCall{
		{
			name: "Get by ID",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Get(ctx, "org_2xQ7kPz1mA3bC4dE5fG6hJ7kL8m", nil)
			},
			method: "GET", path: "/v1/organizations/org_2xQ7kPz1mA3bC4dE5fG6hJ7kL8m",
			fixture: "organization.json",
		},
		{
			name: "Get by slug with counts",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Get(ctx, "acme rockets/ü?#", &OrganizationGetParams{IncludeMembersCount: true, IncludeMissingMemberWithElevatedPermissions: true})
			},
			method: "GET", path: "/v1/organizations/acme%20rockets%2F%C3%BC%3F%23",
			query: url.Values{
				"include_members_count":                            {"true"},
				"include_missing_member_with_elevated_permissions": {"true"},
			},
			fixture: "organization.json",
		},
		{
			name: "List",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.List(ctx, &OrganizationListParams{
					IncludeMembersCount: true,
					Query:               "acme",
					UserIDs:             []string{"user_1", "user_2"},
					OrganizationIDs:     []string{"org_1"},
					OrderBy:             "-name",
					Limit:               20,
					Offset:              40,
				})
			},
			method: "GET", path: "/v1/organizations",
			query: url.Values{
				"include_members_count": {"true"},
				"query":                 {"acme"},
				"user_id":               {"user_1", "user_2"},
				"organization_id":       {"org_1"},
				"order_by":              {"-name"},
				"limit":                 {"20"},
				"offset":                {"40"},
			},
			fixture: "organization_list.json",
		},
		{
			name: "List nil params",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.List(ctx, nil)
			},
			method: "GET", path: "/v1/organizations",
			fixture: "organization_list.json",
		},
		{
			name: "Create",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Create(ctx, &OrganizationCreateParams{
					Name:                  "Acme Rockets",
					CreatedBy:             Ptr("user_2wN3pQ4rS5tU6vW7xY8zA9bC0dE"),
					Slug:                  Ptr("acme-rockets"),
					MaxAllowedMemberships: Ptr(0),
					CreatedAt:             orgT0.In(time.FixedZone("CET", 3600)),
					RoleSetKey:            Ptr("default"),
					PublicMetadata:        map[string]any{"plan": "pro"},
					PrivateMetadata:       struct{ CRMID int64 }{90071992547409931},
				})
			},
			method: "POST", path: "/v1/organizations",
			body: `{"name":"Acme Rockets","created_by":"user_2wN3pQ4rS5tU6vW7xY8zA9bC0dE","slug":"acme-rockets",
				"max_allowed_memberships":0,"created_at":"2026-01-02T03:04:05.678Z","role_set_key":"default",
				"public_metadata":{"plan":"pro"},"private_metadata":{"CRMID":90071992547409931}}`,
			fixture: "organization.json",
		},
		{
			name: "Update",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Update(ctx, "org_1", &OrganizationUpdateParams{Name: Ptr("Acme"), AdminDeleteEnabled: Ptr(false)})
			},
			method: "PATCH", path: "/v1/organizations/org_1",
			body:    `{"name":"Acme","admin_delete_enabled":false}`,
			fixture: "organization.json",
		},
		{
			name: "Update nil params",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Update(ctx, "org_1", nil)
			},
			method: "PATCH", path: "/v1/organizations/org_1",
			body:    `{}`,
			fixture: "organization.json",
		},
		{
			name: "Delete",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.Delete(ctx, "org_1")
			},
			method: "DELETE", path: "/v1/organizations/org_1",
			fixture: "deleted_organization.json",
		},
		{
			name: "UpdateMetadata",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.UpdateMetadata(ctx, "org_1", &OrganizationMetadataParams{
					PublicMetadata: map[string]any{"plan": "pro", "legacy": nil},
				})
			},
			method: "PATCH", path: "/v1/organizations/org_1/metadata",
			body:    `{"public_metadata":{"plan":"pro","legacy":null}}`,
			fixture: "organization.json",
		},
		{
			name: "ReplaceMetadata",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ReplaceMetadata(ctx, "org_1", &OrganizationMetadataParams{
					PublicMetadata:  map[string]any{},
					PrivateMetadata: json.RawMessage(`{"crm_id":90071992547409931}`),
				})
			},
			method: "PUT", path: "/v1/organizations/org_1/metadata",
			body:    `{"public_metadata":{},"private_metadata":{"crm_id":90071992547409931}}`,
			fixture: "organization.json",
		},
		{
			name: "DeleteLogo",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.DeleteLogo(ctx, "org_1")
			},
			method: "DELETE", path: "/v1/organizations/org_1/logo",
			fixture: "organization.json",
		},
		{
			name: "ListMemberships",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListMemberships(ctx, "org_1", &OrganizationMembershipListParams{
					OrderBy:            "-created_at",
					UserIDs:            []string{"user_1"},
					EmailAddresses:     []string{"ada@example.test", "grace@example.test"},
					PhoneNumbers:       []string{"+15555550100"},
					Usernames:          []string{"ada"},
					Web3Wallets:        []string{"0xabc"},
					Roles:              []string{"org:admin"},
					Query:              "ad",
					EmailAddressQuery:  "example",
					PhoneNumberQuery:   "555",
					UsernameQuery:      "ad",
					NameQuery:          "Lovelace",
					LastActiveAtBefore: orgT0,
					LastActiveAtAfter:  orgT0.Add(-time.Hour),
					CreatedAtBefore:    orgT0,
					CreatedAtAfter:     time.UnixMilli(1),
					Limit:              500,
					Offset:             1,
				})
			},
			method: "GET", path: "/v1/organizations/org_1/memberships",
			query: url.Values{
				"order_by":              {"-created_at"},
				"user_id":               {"user_1"},
				"email_address":         {"ada@example.test", "grace@example.test"},
				"phone_number":          {"+15555550100"},
				"username":              {"ada"},
				"web3_wallet":           {"0xabc"},
				"role":                  {"org:admin"},
				"query":                 {"ad"},
				"email_address_query":   {"example"},
				"phone_number_query":    {"555"},
				"username_query":        {"ad"},
				"name_query":            {"Lovelace"},
				"last_active_at_before": {"1767323045678"},
				"last_active_at_after":  {"1767319445678"},
				"created_at_before":     {"1767323045678"},
				"created_at_after":      {"1"},
				"limit":                 {"500"},
				"offset":                {"1"},
			},
			fixture: "membership_list.json",
		},
		{
			name: "ListAllMemberships",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListAllMemberships(ctx, &OrganizationMembershipListAllParams{OrderBy: "+created_at", Limit: 5, Offset: 10})
			},
			method: "GET", path: "/v1/organization_memberships",
			query:   url.Values{"order_by": {"+created_at"}, "limit": {"5"}, "offset": {"10"}},
			fixture: "membership_list.json",
		},
		{
			name: "CreateMembership",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.CreateMembership(ctx, "org_1", &OrganizationMembershipCreateParams{
					UserID: "user_2aT0nSc4pD6eF7gH8iJ9kL0mO1q", Role: "org:member",
					PublicMetadata: map[string]any{"team": "launch"},
				})
			},
			method: "POST", path: "/v1/organizations/org_1/memberships",
			body:    `{"user_id":"user_2aT0nSc4pD6eF7gH8iJ9kL0mO1q","role":"org:member","public_metadata":{"team":"launch"}}`,
			fixture: "membership.json",
		},
		{
			name: "UpdateMembership",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.UpdateMembership(ctx, "org_1", "user_1", &OrganizationMembershipUpdateParams{Role: "org:admin"})
			},
			method: "PATCH", path: "/v1/organizations/org_1/memberships/user_1",
			body:    `{"role":"org:admin"}`,
			fixture: "membership.json",
		},
		{
			name: "UpdateMembershipMetadata",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.UpdateMembershipMetadata(ctx, "org_1", "user_1", &OrganizationMembershipMetadataParams{
					PrivateMetadata: map[string]any{"seat": nil},
				})
			},
			method: "PATCH", path: "/v1/organizations/org_1/memberships/user_1/metadata",
			body:    `{"private_metadata":{"seat":null}}`,
			fixture: "membership.json",
		},
		{
			name: "DeleteMembership",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.DeleteMembership(ctx, "org_1", "user_1")
			},
			method: "DELETE", path: "/v1/organizations/org_1/memberships/user_1",
			fixture: "membership.json",
		},
		{
			name: "CreateInvitation",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.CreateInvitation(ctx, "org_1", &OrganizationInvitationCreateParams{
					EmailAddress: "grace@example.test", Role: "org:member",
					InviterUserID: Ptr("user_1"), RedirectURL: Ptr("https://app.example.test/join"),
					ExpiresInDays: Ptr(7), Notify: Ptr(false),
					PrivateMetadata: map[string]any{"source": "import"},
				})
			},
			method: "POST", path: "/v1/organizations/org_1/invitations",
			body: `{"email_address":"grace@example.test","role":"org:member","inviter_user_id":"user_1",
				"redirect_url":"https://app.example.test/join","expires_in_days":7,"notify":false,
				"private_metadata":{"source":"import"}}`,
			fixture: "invitation.json",
		},
		{
			name: "CreateInvitations",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.CreateInvitations(ctx, "org_1", []OrganizationInvitationCreateParams{
					{EmailAddress: "grace@example.test", Role: "org:member"},
					{EmailAddress: "linus@example.test", Role: "org:admin", Notify: Ptr(true)},
				})
			},
			method: "POST", path: "/v1/organizations/org_1/invitations/bulk",
			body: `[{"email_address":"grace@example.test","role":"org:member"},
				{"email_address":"linus@example.test","role":"org:admin","notify":true}]`,
			fixture: "invitation_list.json",
		},
		{
			name: "ListInvitations",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListInvitations(ctx, "org_1", &OrganizationInvitationListParams{
					Status: OrganizationInvitationStatusPending, EmailAddress: "grace@example.test",
					OrderBy: "email_address", Limit: 2, Offset: 3,
				})
			},
			method: "GET", path: "/v1/organizations/org_1/invitations",
			query: url.Values{
				"status": {"pending"}, "email_address": {"grace@example.test"},
				"order_by": {"email_address"}, "limit": {"2"}, "offset": {"3"},
			},
			fixture: "invitation_list.json",
		},
		{
			name: "ListPendingInvitations",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListPendingInvitations(ctx, "org_1", &OrganizationPendingInvitationListParams{Limit: 2, Offset: 4}) //nolint:staticcheck // The deprecated operation is still wrapped.
			},
			method: "GET", path: "/v1/organizations/org_1/invitations/pending",
			query:   url.Values{"limit": {"2"}, "offset": {"4"}},
			fixture: "invitation_list.json",
		},
		{
			name: "ListAllInvitations",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListAllInvitations(ctx, &OrganizationInvitationListAllParams{
					Status: OrganizationInvitationStatusAccepted, Query: "acme", OrderBy: "-created_at", Limit: 50, Offset: 50,
				})
			},
			method: "GET", path: "/v1/organization_invitations",
			query: url.Values{
				"status": {"accepted"}, "query": {"acme"}, "order_by": {"-created_at"}, "limit": {"50"}, "offset": {"50"},
			},
			fixture: "invitation_list_all.json",
		},
		{
			name: "GetInvitation",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.GetInvitation(ctx, "org_1", "orginv_1")
			},
			method: "GET", path: "/v1/organizations/org_1/invitations/orginv_1",
			fixture: "invitation.json",
		},
		{
			name: "RevokeInvitation",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.RevokeInvitation(ctx, "org_1", "orginv_1", &OrganizationInvitationRevokeParams{RequestingUserID: Ptr("user_1")})
			},
			method: "POST", path: "/v1/organizations/org_1/invitations/orginv_1/revoke",
			body:    `{"requesting_user_id":"user_1"}`,
			fixture: "invitation.json",
		},
		{
			name: "RevokeInvitation nil params",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.RevokeInvitation(ctx, "org_1", "orginv_1", nil)
			},
			method: "POST", path: "/v1/organizations/org_1/invitations/orginv_1/revoke",
			body:    `{}`,
			fixture: "invitation.json",
		},
		{
			name: "CreateDomain",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.CreateDomain(ctx, "org_1", &OrganizationDomainCreateParams{
					Name: "acme.example.test", EnrollmentMode: OrganizationDomainEnrollmentModeAutomaticSuggestion, Verified: Ptr(false),
				})
			},
			method: "POST", path: "/v1/organizations/org_1/domains",
			body:    `{"name":"acme.example.test","enrollment_mode":"automatic_suggestion","verified":false}`,
			fixture: "domain.json",
		},
		{
			name: "ListDomains",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListDomains(ctx, "org_1", &OrganizationDomainListParams{
					Verified: Ptr(true), EnrollmentMode: OrganizationDomainEnrollmentModeManualInvitation, Limit: 1, Offset: 2,
				})
			},
			method: "GET", path: "/v1/organizations/org_1/domains",
			query: url.Values{
				"verified": {"true"}, "enrollment_mode": {"manual_invitation"}, "limit": {"1"}, "offset": {"2"},
			},
			fixture: "domain_list.json",
		},
		{
			name: "ListAllDomains",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.ListAllDomains(ctx, &OrganizationDomainListAllParams{
					OrganizationID:          "org_1",
					Verified:                Ptr(false),
					EnrollmentModes:         []OrganizationDomainEnrollmentMode{OrganizationDomainEnrollmentModeManualInvitation},
					ExcludedEnrollmentModes: []OrganizationDomainEnrollmentMode{OrganizationDomainEnrollmentModeEnterpriseSSO},
					Query:                   "acme",
					Domains:                 []string{"acme.example.test", "globex.example.test"},
					OrderBy:                 "name",
					Limit:                   10,
					Offset:                  20,
				})
			},
			method: "GET", path: "/v1/organization_domains",
			query: url.Values{
				"organization_id": {"org_1"},
				"verified":        {"false"},
				"enrollment_mode": {"manual_invitation,-enterprise_sso"},
				"query":           {"acme"},
				"domains":         {"acme.example.test", "globex.example.test"},
				"order_by":        {"name"},
				"limit":           {"10"},
				"offset":          {"20"},
			},
			fixture: "domain_list.json",
		},
		{
			name: "UpdateDomain",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.UpdateDomain(ctx, "org_1", "orgdmn_1", &OrganizationDomainUpdateParams{
					EnrollmentMode: OrganizationDomainEnrollmentModeAutomaticInvitation, Verified: Ptr(true),
				})
			},
			method: "PATCH", path: "/v1/organizations/org_1/domains/orgdmn_1",
			body:    `{"enrollment_mode":"automatic_invitation","verified":true}`,
			fixture: "domain.json",
		},
		{
			name: "DeleteDomain",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.DeleteDomain(ctx, "org_1", "orgdmn_1")
			},
			method: "DELETE", path: "/v1/organizations/org_1/domains/orgdmn_1",
			fixture: "deleted_domain.json",
		},
		{
			name: "VerifyDomainOwnership",
			call: func(ctx context.Context, s *OrganizationsService) (any, error) {
				return s.VerifyDomainOwnership(ctx, "org_1", "orgdmn_1")
			},
			method: "POST", path: "/v1/organizations/org_1/domains/orgdmn_1/verify_ownership",
			fixture: "domain.json",
		},
	}
}

// TestOrganizationsServiceRequests checks, for every method, the request it
// sends and that it returns the fixture decoded into its result type.
func TestOrganizationsServiceRequests(t *testing.T) {
	t.Parallel()
	for _, tt := range orgCalls() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fixture := orgFixture(t, tt.fixture)
			srv := newServer(t, jsonHandler(http.StatusOK, fixture))
			c, _ := newTestClient(t, srv)

			got, err := tt.call(context.Background(), c.Organizations)
			if err != nil {
				t.Fatalf("call: %v", err)
			}

			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tt.method || r.Path != tt.path {
				t.Errorf("request = %s %s, want %s %s", r.Method, r.Path, tt.method, tt.path)
			}
			gotQuery, err := url.ParseQuery(r.Query)
			if err != nil {
				t.Fatalf("query %q: %v", r.Query, err)
			}
			wantQuery := tt.query
			if wantQuery == nil {
				wantQuery = url.Values{}
			}
			if diff := cmp.Diff(wantQuery, gotQuery); diff != "" {
				t.Errorf("query mismatch (-want +got):\n%s", diff)
			}
			orgAssertJSONBody(t, tt.body, r.Body)
			if tt.body != "" {
				if ct := r.Headers.Get("Content-Type"); ct != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", ct)
				}
			}
			if h := r.Headers.Get("Authorization"); h != "Bearer "+testKey {
				t.Errorf("Authorization header not set to the secret key")
			}
			if h := r.Headers.Get("Clerk-API-Version"); h != DefaultAPIVersion {
				t.Errorf("Clerk-API-Version = %q, want %q", h, DefaultAPIVersion)
			}
			if h := r.Headers.Get("User-Agent"); !strings.HasPrefix(h, "gobapi-clerk/") {
				t.Errorf("User-Agent = %q, want gobapi-clerk/…", h)
			}

			// The result is the fixture decoded into the method's type.
			want := reflect.New(reflect.TypeOf(got).Elem()).Interface()
			if err := json.Unmarshal([]byte(fixture), want); err != nil {
				t.Fatalf("decoding fixture: %v", err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOrganizationsServiceAPIError checks that every method returns an
// *APIError built from Clerk's error envelope, and a nil result.
func TestOrganizationsServiceAPIError(t *testing.T) {
	t.Parallel()
	for _, tt := range orgCalls() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Clerk-Trace-Id", "trace_header")
				jsonHandler(http.StatusNotFound, orgFixture(t, "error_not_found.json"))(w, r)
			})
			c, _ := newTestClient(t, srv)

			got, err := tt.call(context.Background(), c.Organizations)
			if !reflect.ValueOf(got).IsNil() {
				t.Errorf("result = %v, want nil", got)
			}
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %T (%v) is not *APIError", err, err)
			}
			want := &APIError{
				StatusCode: http.StatusNotFound,
				Errors: []ErrorDetail{{
					Code:        "resource_not_found",
					Message:     "not found",
					LongMessage: "The requested resource was not found.",
					Meta:        map[string]any{"param_name": "organization_id"},
				}},
				TraceID: "trace_0f1e2d3c4b5a",
				Method:  tt.method,
				Path:    tt.path,
			}
			if diff := cmp.Diff(want, apiErr); diff != "" {
				t.Errorf("APIError mismatch (-want +got):\n%s", diff)
			}
			if !IsNotFound(err) {
				t.Errorf("IsNotFound(%v) = false", err)
			}
			assertNoSecret(t, "error", err.Error())
		})
	}
}

// orgAssertJSONBody compares JSON bodies by value; want "" means no body.
func orgAssertJSONBody(t *testing.T, want, got string) {
	t.Helper()
	if want == "" {
		if got != "" {
			t.Errorf("body = %s, want none", got)
		}
		return
	}
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("want body: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(got))
	dec.UseNumber()
	if err := dec.Decode(&g); err != nil {
		t.Fatalf("request body %q: %v", got, err)
	}
	// Compare numbers by their digits so that large integers must be sent
	// exactly.
	wdec := json.NewDecoder(strings.NewReader(want))
	wdec.UseNumber()
	if err := wdec.Decode(&w); err != nil {
		t.Fatalf("want body: %v", err)
	}
	if diff := cmp.Diff(w, g); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}
