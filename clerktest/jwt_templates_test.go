package clerktest_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk/bapi"
	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestJWTTemplatesThroughAPI drives /jwt_templates with the SDK's facade:
// CRUD with Clerk's defaults and bounds, and tokens minted from a template
// the API created, renamed and deleted.
func TestJWTTemplatesThroughAPI(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	tpl := c.JWTTemplates

	hasura, err := tpl.Create(ctx, &clerk.JWTTemplateParams{Name: "hasura", Claims: map[string]any{"aud": "hasura"}})
	if err != nil {
		t.Fatal(err)
	}
	want := gen.JWTTemplate{ID: hasura.ID, Object: "jwt_template", Name: "hasura", Claims: map[string]any{"aud": "hasura"},
		Lifetime: 60, AllowedClockSkew: 5, SigningAlgorithm: "RS256", CreatedAt: hasura.CreatedAt, UpdatedAt: hasura.UpdatedAt}
	if diff := cmp.Diff(want, *hasura); diff != "" {
		t.Errorf("created template (-want +got):\n%s", diff)
	}
	_, err = tpl.Create(ctx, &clerk.JWTTemplateParams{Name: "hasura"})
	apiErr(t, err, 422, "form_identifier_exists")
	_, err = tpl.Create(ctx, &clerk.JWTTemplateParams{Name: "short", Lifetime: 10})
	if e := apiErr(t, err, 422, "form_param_value_invalid"); paramName(e) != "lifetime" {
		t.Errorf("param = %q", paramName(e))
	}
	_, err = tpl.Create(ctx, &clerk.JWTTemplateParams{Name: "skew", AllowedClockSkew: clerk.Ptr(301)})
	apiErr(t, err, 422, "form_param_value_invalid")

	// A template registered with AddJWTTemplate is listed too.
	if err := s.AddJWTTemplate(clerktest.JWTTemplate{Name: "legacy", Claims: map[string]any{"x": 1.0}}); err != nil {
		t.Fatal(err)
	}
	list, err := tpl.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, l := range list {
		names = append(names, l.Name)
	}
	if diff := cmp.Diff([]string{"hasura", "legacy"}, names); diff != "" {
		t.Errorf("listed names (-want +got):\n%s", diff)
	}
	page, err := tpl.List(ctx, &clerk.JWTTemplateListParams{Limit: 1, Offset: 1})
	if err != nil || len(page) != 1 || page[0].Name != "legacy" {
		t.Fatalf("page = %v, %v", page, err)
	}

	got, err := tpl.Get(ctx, hasura.ID)
	if err != nil || got.Name != "hasura" {
		t.Fatalf("get = %v, %v", got, err)
	}
	_, err = tpl.Get(ctx, "jtmp_missing")
	apiErr(t, err, 404, "resource_not_found")

	// Update replaces name and claims; the token endpoint follows.
	up, err := tpl.Update(ctx, hasura.ID, &clerk.JWTTemplateParams{Name: "graphql", Claims: map[string]any{"aud": "gql"}, Lifetime: 300})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "graphql" || up.Lifetime != 300 || up.AllowedClockSkew != 5 || up.Claims["aud"] != "gql" {
		t.Errorf("updated = %+v", up)
	}
	_, err = tpl.Update(ctx, hasura.ID, &clerk.JWTTemplateParams{Name: "legacy"})
	apiErr(t, err, 422, "form_identifier_exists")

	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"tpl@example.com"}})
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "graphql", 0)
	if err != nil {
		t.Fatal(err)
	}
	claims := decodeSegment(t, tok, 1)
	if claims["aud"] != "gql" || claims["exp"].(float64)-claims["iat"].(float64) != 300 {
		t.Errorf("claims = %v", claims)
	}
	_, err = c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "hasura", 0)
	apiErr(t, err, 404, "resource_not_found")

	del, err := tpl.Delete(ctx, hasura.ID)
	if err != nil || !del.Deleted || del.ID == nil || *del.ID != hasura.ID {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	_, err = c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "graphql", 0)
	apiErr(t, err, 404, "resource_not_found")
	_, err = tpl.Delete(ctx, hasura.ID)
	apiErr(t, err, 404, "resource_not_found")

	// The generated client reaches the same routes.
	resp, err := bapi.New(c).ListJWTTemplatesWithResponse(ctx, nil)
	if err != nil || resp.JSON200 == nil {
		t.Fatalf("generated list: %v %v", resp, err)
	}
	if list, err := resp.JSON200.AsJWTTemplateListResponse0(); err != nil || len(list) != 1 {
		t.Fatalf("generated list: %v %v", list, err)
	}
}

// TestJWTTemplateCustomKeyNeedsKey: a custom signing key needs an
// algorithm and a key.
func TestJWTTemplateCustomKeyNeedsKey(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	_, err := bapi.NewRaw(c).CreateJWTTemplate(context.Background(), gen.CreateJWTTemplateJSONRequestBody{
		Name: "custom", Claims: map[string]any{}, CustomSigningKey: clerk.Ptr(true)})
	if e := apiErr(t, err, 422, "form_param_missing"); paramName(e) != "signing_algorithm" {
		t.Errorf("param = %q", paramName(e))
	}
}
