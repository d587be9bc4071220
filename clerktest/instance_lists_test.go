package clerktest_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// TestInstanceInvitations checks create, bulk, list (bare and paginated,
// filtered) and revoke of invitations to the application.
func TestInstanceInvitations(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"member@example.com"}})

	r := do(t, s, "POST", "/invitations", `{"email_address":"ada@example.com","public_metadata":{"plan":"pro"},"expires_in_days":7}`)
	if r.status != 200 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var inv gen.Invitation
	decodeStrict(t, r.body, &inv)
	if inv.Status != "pending" || inv.Object != "invitation" || string(inv.PublicMetadata) != `{"plan":"pro"}` ||
		*inv.ExpiresAt-inv.CreatedAt != 7*24*3600*1000 || inv.URL == nil {
		t.Errorf("invitation = %+v", inv)
	}
	for _, tc := range []struct {
		body   string
		status int
		code   string
	}{
		{`{"email_address":"ada@example.com"}`, 400, "duplicate_record"},
		{`{"email_address":"member@example.com"}`, 422, "form_identifier_exists"},
		{`{"email_address":"not-an-email"}`, 422, "form_param_format_invalid"},
		{`{"email_address":"x@example.com","expires_in_days":0}`, 422, "form_param_value_invalid"},
	} {
		r := do(t, s, "POST", "/invitations", tc.body)
		if r.status != tc.status || !jsonContains(r.body, tc.code) {
			t.Errorf("POST %s = %d %s, want %d %s", tc.body, r.status, r.body, tc.status, tc.code)
		}
	}
	if r := do(t, s, "POST", "/invitations", `{"email_address":"ada@example.com","ignore_existing":true}`); r.status != 200 {
		t.Errorf("ignore_existing: %d %s", r.status, r.body)
	}

	r = do(t, s, "POST", "/invitations/bulk", `[{"email_address":"b@example.com"},{"email_address":"c@example.com"}]`)
	var bulk []gen.Invitation
	decodeStrict(t, r.body, &bulk)
	if len(bulk) != 2 {
		t.Fatalf("bulk: %d %s", r.status, r.body)
	}
	// One refused entry creates none.
	if r := do(t, s, "POST", "/invitations/bulk", `[{"email_address":"d@example.com"},{"email_address":"b@example.com"}]`); r.status != 400 {
		t.Errorf("bulk with a duplicate: %d %s", r.status, r.body)
	}

	r = do(t, s, "POST", "/invitations/"+inv.ID+"/revoke", nil)
	if r.status != 200 || !jsonContains(r.body, `"status":"revoked"`) {
		t.Errorf("revoke: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/invitations/"+inv.ID+"/revoke", nil); r.status != 400 {
		t.Errorf("second revoke: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/invitations/inv_missing/revoke", nil); r.status != 404 {
		t.Errorf("revoke missing: %d %s", r.status, r.body)
	}

	var page gen.PaginatedInvitationList
	decodeStrict(t, do(t, s, "GET", "/invitations?paginated=true&status=pending&limit=2", nil).body, &page)
	var emails []string
	for _, i := range page.Data {
		emails = append(emails, i.EmailAddress)
	}
	if d := cmp.Diff([]string{"c@example.com", "b@example.com"}, emails); d != "" || page.TotalCount != 3 {
		t.Errorf("pending page (total %d, -want +got):\n%s", page.TotalCount, d)
	}
	var arr []gen.Invitation
	decodeStrict(t, do(t, s, "GET", "/invitations?query=ADA&order_by=created_at", nil).body, &arr)
	if len(arr) != 2 || arr[0].Status != "revoked" || arr[1].Status != "pending" {
		t.Errorf("query ada = %+v", arr)
	}
	decodeStrict(t, do(t, s, "GET", "/invitations?order_by=-email_address&status=pending", nil).body, &arr)
	emails = nil
	for _, i := range arr {
		emails = append(emails, i.EmailAddress)
	}
	if d := cmp.Diff([]string{"c@example.com", "b@example.com", "ada@example.com"}, emails); d != "" {
		t.Errorf("by email, descending (-want +got):\n%s", d)
	}
	if r := do(t, s, "GET", "/invitations?order_by=name", nil); r.status != 422 {
		t.Errorf("order_by=name: %d %s", r.status, r.body)
	}
}

// TestAllowlistBlocklist checks create, list and delete of both lists.
func TestAllowlistBlocklist(t *testing.T) {
	t.Parallel()
	s, _ := newClient(t)
	for _, list := range []string{"allowlist", "blocklist"} {
		var ids []string
		for _, id := range []string{"ada@example.com", "*@example.org", "+15555550100"} {
			r := do(t, s, "POST", "/"+list+"_identifiers", map[string]any{"identifier": id})
			if r.status != 200 {
				t.Fatalf("%s add %s: %d %s", list, id, r.status, r.body)
			}
			var e struct {
				ID, Object, Identifier, IdentifierType string
			}
			if err := json.Unmarshal(r.body, &e); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		if r := do(t, s, "POST", "/"+list+"_identifiers", map[string]any{"identifier": "ADA@example.com"}); r.status != 422 {
			t.Errorf("%s duplicate: %d %s", list, r.status, r.body)
		}
		if r := do(t, s, "POST", "/"+list+"_identifiers", map[string]any{"identifier": "nobody"}); r.status != 422 {
			t.Errorf("%s bad identifier: %d %s", list, r.status, r.body)
		}
		r := do(t, s, "DELETE", "/"+list+"_identifiers/"+ids[0], nil)
		if r.status != 200 || !jsonContains(r.body, `"deleted":true`) {
			t.Errorf("%s delete: %d %s", list, r.status, r.body)
		}
		if r := do(t, s, "DELETE", "/"+list+"_identifiers/"+ids[0], nil); r.status != 404 {
			t.Errorf("%s delete again: %d %s", list, r.status, r.body)
		}
		path := "/" + list + "_identifiers?paginated=true"
		var page struct {
			Data []struct {
				Identifier     string `json:"identifier"`
				IdentifierType string `json:"identifier_type"`
			} `json:"data"`
			TotalCount int `json:"total_count"`
		}
		if err := json.Unmarshal(do(t, s, "GET", path, nil).body, &page); err != nil {
			t.Fatal(err)
		}
		want := []string{"+15555550100 phone_number", "*@example.org email_address"}
		var got []string
		for _, e := range page.Data {
			got = append(got, e.Identifier+" "+e.IdentifierType)
		}
		if d := cmp.Diff(want, got); d != "" || page.TotalCount != 2 {
			t.Errorf("%s list (total %d, -want +got):\n%s", list, page.TotalCount, d)
		}
	}
}

// jsonContains reports whether the JSON body b holds s.
func jsonContains(b []byte, s string) bool { return json.Valid(b) && bytes.Contains(b, []byte(s)) }
