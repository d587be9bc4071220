package clerktest_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk/gen"
)

// TestPhoneNumbers checks create, get, update and delete of a user's phone
// numbers, and what they do to the user's primary number.
func TestPhoneNumbers(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"phone@example.com"}})
	r := do(t, s, "POST", "/phone_numbers", map[string]any{"user_id": u.ID, "phone_number": "+15555550100", "verified": false})
	var pn gen.PhoneNumber
	decodeStrict(t, r.body, &pn)
	if r.status != 200 || pn.Verification != nil || pn.PhoneNumber != "+15555550100" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	primary := func() string {
		got, err := c.Users.Get(context.Background(), u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.PrimaryPhoneNumberID == nil {
			return ""
		}
		return *got.PrimaryPhoneNumberID
	}
	if primary() != pn.ID {
		t.Errorf("the first number is not primary")
	}
	for _, tc := range []struct {
		body   map[string]any
		status int
	}{
		{map[string]any{"user_id": u.ID, "phone_number": "+15555550100"}, 422},
		{map[string]any{"user_id": u.ID, "phone_number": "5550100"}, 422},
		{map[string]any{"user_id": "user_missing", "phone_number": "+15555550101"}, 404},
	} {
		if r := do(t, s, "POST", "/phone_numbers", tc.body); r.status != tc.status {
			t.Errorf("POST %v = %d %s, want %d", tc.body, r.status, r.body, tc.status)
		}
	}
	r = do(t, s, "PATCH", "/phone_numbers/"+pn.ID, `{"verified":true,"reserved_for_second_factor":true}`)
	if r.status != 200 || !jsonContains(r.body, `"status":"verified"`) || !jsonContains(r.body, `"reserved_for_second_factor":true`) {
		t.Errorf("update: %d %s", r.status, r.body)
	}
	if r := do(t, s, "GET", "/phone_numbers/"+pn.ID, nil); r.status != 200 || !jsonContains(r.body, pn.ID) {
		t.Errorf("get: %d %s", r.status, r.body)
	}
	if r := do(t, s, "DELETE", "/phone_numbers/"+pn.ID, nil); r.status != 200 || !jsonContains(r.body, `"deleted":true`) {
		t.Errorf("delete: %d %s", r.status, r.body)
	}
	if primary() != "" {
		t.Errorf("primary number after deleting the only one = %q", primary())
	}
	if r := do(t, s, "GET", "/phone_numbers/"+pn.ID, nil); r.status != 404 {
		t.Errorf("get deleted: %d %s", r.status, r.body)
	}
}
