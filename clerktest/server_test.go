package clerktest_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

func TestKeysAndURL(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	if !strings.HasPrefix(s.SecretKey, "sk_test_") || len(s.SecretKey) < 30 {
		t.Errorf("SecretKey = %q", s.SecretKey)
	}
	if !strings.HasSuffix(s.URL, "/v1") || !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL)
	}
	iss, err := clerk.IssuerFromPublishableKey(s.PublishableKey)
	if err != nil {
		t.Fatalf("IssuerFromPublishableKey(%q): %v", s.PublishableKey, err)
	}
	if iss != s.Issuer || iss != "https://"+s.FrontendAPI {
		t.Errorf("issuer from key = %q, Issuer = %q, FrontendAPI = %q", iss, s.Issuer, s.FrontendAPI)
	}
	other := clerktest.NewServer(t, clerktest.WithFrontendAPI("clerk.example.com"))
	if other.PublishableKey != "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k" {
		t.Errorf("PublishableKey = %q", other.PublishableKey)
	}
	if other.SecretKey == s.SecretKey {
		t.Error("two servers share a secret key")
	}
}

func TestStartAndClose(t *testing.T) {
	t.Parallel()
	s, err := clerktest.Start()
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.JWKS(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	c2, err := s.Client(clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c2.JWKS(context.Background()); err == nil {
		t.Fatal("request after Close succeeded")
	}
	if _, err := clerktest.Start(clerktest.WithFrontendAPI("no-dot")); err == nil {
		t.Error("Start accepted a bad frontend API host")
	}
}

func TestAuthentication(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	for _, tc := range []struct {
		name, auth, code string
	}{
		{"missing", "", "authentication_invalid"},
		{"wrong key", "Bearer sk_test_wrong", "clerk_key_invalid"},
		{"not bearer", "Basic " + s.SecretKey, "clerk_key_invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, "GET", "/users", nil, tc.auth)
			if r.status != http.StatusUnauthorized {
				t.Fatalf("status = %d, body %s", r.status, r.body)
			}
			var env gen.ClerkErrors
			decodeStrict(t, r.body, &env)
			if env.Errors[0].Code != tc.code || env.ClerkTraceID == nil || *env.ClerkTraceID != r.header.Get("Clerk-Trace-Id") {
				t.Errorf("envelope = %s, header trace %q", r.body, r.header.Get("Clerk-Trace-Id"))
			}
		})
	}
	// A client with another key is refused as a whole.
	c, err := clerk.NewClient("sk_test_other", clerk.WithBaseURL(s.URL), clerk.WithHTTPClient(s.HTTPClient()))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.JWKS(context.Background())
	apiErr(t, err, 401, "clerk_key_invalid")
}

func TestRequestValidation(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	for _, tc := range []struct {
		name, method, path string
		body               any
		status             int
		code, param        string
	}{
		{"unknown path", "GET", "/nope", nil, 404, "resource_not_found", ""},
		{"unknown method", "PUT", "/users", nil, 404, "resource_not_found", ""},
		{"trailing slash", "GET", "/users/", nil, 404, "resource_not_found", ""},
		{"unknown body field", "POST", "/users", `{"email_address":["a@example.com"],"favourite_colour":"blue"}`, 422, "form_param_unknown", "favourite_colour"},
		{"wrong body type", "POST", "/users", `{"email_address":"a@example.com"}`, 422, "form_param_format_invalid", "email_address"},
		{"wrong scalar type", "POST", "/users", `{"email_address":["a@example.com"],"first_name":7}`, 422, "form_param_format_invalid", "first_name"},
		{"bad enum in body", "POST", "/users", `{"email_address":["a@example.com"],"email_address_identification_status":["maybe"]}`, 422, "form_param_value_invalid", "email_address_identification_status"},
		{"missing required body field", "POST", "/users/ban", `{}`, 422, "form_param_missing", "user_ids"},
		{"null required body field", "POST", "/organizations", `{"name":null}`, 422, "form_param_missing", "name"},
		{"malformed JSON", "POST", "/users", `{"email_address":`, 400, "request_body_invalid", ""},
		{"JSON null body", "POST", "/users", `null`, 400, "request_body_invalid", ""},
		{"trailing garbage", "POST", "/users", `{} {}`, 400, "request_body_invalid", ""},
		{"bad query type", "GET", "/users?limit=ten", nil, 422, "form_param_format_invalid", "limit"},
		{"limit too large", "GET", "/users?limit=501", nil, 422, "form_param_value_invalid", "limit"},
		{"limit zero", "GET", "/users?limit=0", nil, 422, "form_param_value_invalid", "limit"},
		{"negative offset", "GET", "/users?offset=-1", nil, 422, "form_param_value_invalid", "offset"},
		{"bad bool", "GET", "/users?banned=maybe", nil, 422, "form_param_format_invalid", "banned"},
		{"repeated single-value parameter", "GET", "/users?banned=true&banned=false", nil, 422, "form_param_format_invalid", "banned"},
		{"bad value in an unexploded list", "GET", "/organization_domains?enrollment_mode=manual_invitation,sometimes", nil, 422, "form_param_value_invalid", "enrollment_mode"},
		{"repeated unexploded list", "GET", "/organization_domains?enrollment_mode=manual_invitation&enrollment_mode=enterprise_sso", nil, 422, "form_param_format_invalid", "enrollment_mode"},
		{"bad query enum", "GET", "/sessions?user_id=user_1&status=sleeping", nil, 422, "form_param_value_invalid", "status"},
		{"bad order_by", "GET", "/users?order_by=-password", nil, 422, "form_param_value_invalid", "order_by"},
		{"not implemented", "GET", "/saml_connections", nil, 501, "clerktest_not_implemented", ""},
		{"deprecated clients list", "GET", "/clients", nil, 410, "operation_deprecated", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, s, tc.method, tc.path, tc.body)
			if r.status != tc.status {
				t.Fatalf("status = %d, want %d; body %s", r.status, tc.status, r.body)
			}
			var env gen.ClerkErrors
			decodeStrict(t, r.body, &env)
			if len(env.Errors) != 1 || env.Errors[0].Code != tc.code {
				t.Fatalf("body = %s, want code %s", r.body, tc.code)
			}
			e := env.Errors[0]
			if e.Message == "" || e.LongMessage == "" {
				t.Errorf("empty message in %s", r.body)
			}
			if got, _ := e.Meta["param_name"].(string); got != tc.param {
				t.Errorf("param_name = %q, want %q", got, tc.param)
			}
			if env.ClerkTraceID == nil || r.header.Get("Clerk-Trace-Id") != *env.ClerkTraceID {
				t.Errorf("trace ID header %q, body %v", r.header.Get("Clerk-Trace-Id"), env.ClerkTraceID)
			}
		})
	}
}

func TestRequestLog(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"log@example.com"}})
	if _, err := bapi.New(c).GetUserWithResponse(ctx, "user_missing"); err == nil {
		t.Fatal("no error for a missing user")
	}
	do(t, s, "GET", "/nowhere?x=1", nil)
	reqs := s.Requests()
	if len(reqs) != 3 {
		t.Fatalf("Requests() = %+v", reqs)
	}
	want := []struct {
		method, path, op string
		status           int
	}{
		{"POST", "/v1/users", "CreateUser", 200},
		{"GET", "/v1/users/user_missing", "GetUser", 404},
		{"GET", "/v1/nowhere", "", 404},
	}
	for i, w := range want {
		r := reqs[i]
		if r.Method != w.method || r.Path != w.path || r.Operation != w.op || r.Status != w.status {
			t.Errorf("request %d = %+v, want %+v", i, r, w)
		}
	}
	if reqs[2].Query.Get("x") != "1" {
		t.Errorf("query = %v", reqs[2].Query)
	}
	_ = u
	s.ResetRequests()
	if len(s.Requests()) != 0 {
		t.Error("ResetRequests kept requests")
	}
}

// TestResponsesDecodeStrictly fetches one of each resource raw and decodes
// it into the generated type refusing unknown fields, so every field the
// fake sends is one the spec describes.
func TestResponsesDecodeStrictly(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"strict@example.com"}, PhoneNumber: []string{"+15555550199"}, Web3Wallet: []string{"0xabc"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Strict", CreatedBy: &u.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.CreateInvitation(ctx, org.ID, &clerk.OrganizationInvitationCreateParams{EmailAddress: "i@example.com", Role: "org:member", InviterUserID: &u.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Organizations.CreateDomain(ctx, org.ID, &clerk.OrganizationDomainCreateParams{Name: "strict.example", Verified: ptrTo(true)}); err != nil {
		t.Fatal(err)
	}
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID, ActiveOrganizationID: &org.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		into any
	}{
		{"/users/" + u.ID, &gen.User{}},
		{"/users?limit=1", &[]gen.User{}},
		{"/users/count", &gen.TotalCount{}},
		{"/organizations/" + org.ID + "?include_members_count=true", &gen.Organization{}},
		{"/organizations", &gen.Organizations{}},
		{"/organizations/" + org.ID + "/memberships", &gen.OrganizationMemberships{}},
		{"/organizations/" + org.ID + "/invitations", &gen.OrganizationInvitations{}},
		{"/organization_invitations", &gen.OrganizationInvitationsWithPublicOrganizationData{}},
		{"/organizations/" + org.ID + "/domains", &gen.OrganizationDomains{}},
		{"/sessions/" + sess.ID, &gen.Session{}},
		{"/clients/" + sess.ClientID, &gen.Client{}},
		{"/jwks", &gen.JWKS{}},
	} {
		r := do(t, s, "GET", tc.path, nil)
		if r.status != 200 {
			t.Errorf("GET %s: %d %s", tc.path, r.status, r.body)
			continue
		}
		decodeStrict(t, r.body, tc.into)
	}
}
