package clerktest_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestSnapshotKeepsMore checks that a snapshot carries the state of the
// later operations (store_more.go) to the restored server: a JWT template
// created through the API, a custom permission and role, a waitlist entry,
// a user's password and an external account's OAuth access token.
func TestSnapshotKeepsMore(t *testing.T) {
	t.Parallel()
	s1, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"keep@example.com"}, Password: ptrTo("correct horse battery")})
	r := do(t, s1, "POST", "/organization_permissions", `{"key":"org:invoices:read","name":"Read invoices"}`)
	var perm gen.Permission
	if err := json.Unmarshal(r.body, &perm); r.status != 200 || err != nil {
		t.Fatalf("create permission: %d %s %v", r.status, r.body, err)
	}
	for _, req := range []struct{ path, body string }{
		{"/jwt_templates", `{"name":"kept","claims":{"k":"v"}}`},
		{"/organization_roles", `{"key":"org:billing","name":"Billing","permissions":["` + perm.ID + `"]}`},
		{"/waitlist_entries", `{"email_address":"later@example.com"}`},
	} {
		if r := do(t, s1, "POST", req.path, req.body); r.status != 200 {
			t.Fatalf("POST %s: %d %s", req.path, r.status, r.body)
		}
	}
	if _, err := s1.AddExternalAccount(u.ID, clerktest.ExternalAccount{Provider: "google", AccessToken: "ya29.kept"}); err != nil {
		t.Fatal(err)
	}
	doc, err := s1.Snapshot()
	if err != nil {
		t.Fatal(err)
	}

	s2 := clerktest.NewServer(t, clerktest.WithState(doc))
	for _, want := range []struct{ path, has string }{
		{"/jwt_templates", `"name":"kept"`},
		{"/organization_roles", `"key":"org:billing"`},
		{"/organization_permissions", `"key":"org:invoices:read"`},
		{"/waitlist_entries", "later@example.com"},
		{"/users/" + u.ID + "/oauth_access_tokens/oauth_google", "ya29.kept"},
	} {
		if r := do(t, s2, "GET", want.path, nil); r.status != 200 || !bytes.Contains(r.body, []byte(want.has)) {
			t.Errorf("GET %s after restore: %d %s, want %s in it", want.path, r.status, r.body, want.has)
		}
	}
	r = do(t, s2, "POST", "/users/"+u.ID+"/verify_password", `{"password":"correct horse battery"}`)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"verified":true`)) {
		t.Errorf("verify_password after restore: %d %s", r.status, r.body)
	}
}
