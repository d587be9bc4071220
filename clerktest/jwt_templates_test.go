package clerktest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// TestJWTTemplatesCRUD checks create, list, get, update and delete of JWT
// templates through the API, and that session tokens are minted from them
// by name.
func TestJWTTemplatesCRUD(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	if err := s.AddJWTTemplate(clerktest.JWTTemplate{Name: "preset", Claims: map[string]any{"a": 1}}); err != nil {
		t.Fatal(err)
	}
	r := do(t, s, "POST", "/jwt_templates", `{"name":"hasura","claims":{"role":"user","uid":"{{user.id}}"},"lifetime":120}`)
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var tpl gen.JWTTemplate
	decodeStrict(t, r.body, &tpl)
	if !strings.HasPrefix(tpl.ID, "jtmp_") || tpl.Lifetime != 120 || tpl.AllowedClockSkew != 5 || tpl.SigningAlgorithm != "RS256" {
		t.Errorf("template = %+v", tpl)
	}
	for _, tc := range []struct{ body, code string }{
		{`{"name":"hasura","claims":{}}`, "form_identifier_exists"},
		{`{"name":"x","claims":{"sub":"me"}}`, "form_param_value_invalid"},
		{`{"name":"x","claims":{},"lifetime":10}`, "form_param_value_invalid"},
		{`{"name":"x"}`, "form_param_missing"},
	} {
		if r := do(t, s, "POST", "/jwt_templates", tc.body); r.status != 422 || !jsonContains(r.body, tc.code) {
			t.Errorf("POST %s = %d %s, want 422 %s", tc.body, r.status, r.body, tc.code)
		}
	}
	var list []gen.JWTTemplate
	decodeStrict(t, do(t, s, "GET", "/jwt_templates", nil).body, &list)
	var names []string
	for _, x := range list {
		names = append(names, x.Name)
	}
	if d := cmp.Diff([]string{"preset", "hasura"}, names); d != "" {
		t.Errorf("list (-want +got):\n%s", d)
	}

	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"tpl@example.com"}})
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "hasura", 0)
	if err != nil {
		t.Fatal(err)
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.Split(tok, ".")[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims map[string]any
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims["role"] != "user" || claims["exp"].(float64)-claims["iat"].(float64) != 120 {
		t.Errorf("claims = %v", claims)
	}

	r = do(t, s, "PATCH", "/jwt_templates/"+tpl.ID, `{"name":"hasura2","claims":{"role":"admin"}}`)
	if r.status != 200 || !jsonContains(r.body, `"name":"hasura2"`) {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	if _, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "hasura", 0); err == nil {
		t.Error("minted from the old name after a rename")
	}
	if r := do(t, s, "GET", "/jwt_templates/"+tpl.ID, nil); r.status != 200 || !jsonContains(r.body, `"role":"admin"`) {
		t.Errorf("get: %d %s", r.status, r.body)
	}
	if r := do(t, s, "DELETE", "/jwt_templates/"+tpl.ID, nil); r.status != 200 || !jsonContains(r.body, `"deleted":true`) {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	if _, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "hasura2", 0); err == nil {
		t.Error("minted from a deleted template")
	}
	if r := do(t, s, "GET", "/jwt_templates/"+tpl.ID, nil); r.status != 404 {
		t.Errorf("get deleted: %d %s", r.status, r.body)
	}
}
