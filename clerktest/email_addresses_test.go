package clerktest_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// TestEmailAddresses checks create, get, update and delete of a user's
// email addresses, and what they do to the user's primary address.
func TestEmailAddresses(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"first@example.com"}})
	r := do(t, s, "POST", "/email_addresses", map[string]any{"user_id": u.ID, "email_address": "second@example.com", "verified": false})
	var ea gen.EmailAddress
	decodeStrict(t, r.body, &ea)
	if r.status != 200 || ea.Verification != nil || ea.EmailAddress != "second@example.com" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	for _, tc := range []struct {
		body   map[string]any
		status int
	}{
		{map[string]any{"user_id": u.ID, "email_address": "SECOND@example.com"}, 422},
		{map[string]any{"user_id": u.ID, "email_address": "nope"}, 422},
		{map[string]any{"user_id": "user_missing", "email_address": "x@example.com"}, 404},
	} {
		if r := do(t, s, "POST", "/email_addresses", tc.body); r.status != tc.status {
			t.Errorf("POST %v = %d %s, want %d", tc.body, r.status, r.body, tc.status)
		}
	}
	r = do(t, s, "PATCH", "/email_addresses/"+ea.ID, `{"verified":true,"primary":true}`)
	if r.status != 200 || !jsonContains(r.body, `"status":"verified"`) {
		t.Errorf("update: %d %s", r.status, r.body)
	}
	if r := do(t, s, "GET", "/email_addresses/"+ea.ID, nil); r.status != 200 || !jsonContains(r.body, ea.ID) {
		t.Errorf("get: %d %s", r.status, r.body)
	}
	primary := func() string {
		got, err := c.Users.Get(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		return *got.PrimaryEmailAddressID
	}
	if primary() != ea.ID {
		t.Errorf("primary after update = %s, want %s", primary(), ea.ID)
	}
	if r := do(t, s, "DELETE", "/email_addresses/"+ea.ID, nil); r.status != 200 || !jsonContains(r.body, `"deleted":true`) {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	if d := cmp.Diff(u.EmailAddresses[0].ID, primary()); d != "" {
		t.Errorf("primary after deleting it (-want +got):\n%s", d)
	}
	if r := do(t, s, "GET", "/email_addresses/"+ea.ID, nil); r.status != 404 {
		t.Errorf("get deleted: %d %s", r.status, r.body)
	}
	// The address is free again.
	if r := do(t, s, "POST", "/email_addresses", map[string]any{"user_id": u.ID, "email_address": "second@example.com"}); r.status != 200 {
		t.Errorf("re-add: %d %s", r.status, r.body)
	}
}
