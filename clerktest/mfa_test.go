package clerktest_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestMFA checks that deleting TOTP, backup codes, or every second factor
// turns the user's flags off.
func TestMFA(t *testing.T) {
	t.Parallel()
	s, _ := newClient(t)
	create := func(email string) string {
		r := do(t, s, "POST", "/users", map[string]any{"email_address": []string{email},
			"totp_secret": "AICJ3HCXKO4KOU6NDHOFGUPHO6S3JAKK", "backup_codes": []string{"abcd1234", "efgh5678"}})
		var u struct{ ID string }
		if err := json.Unmarshal(r.body, &u); err != nil || r.status != 200 {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		return u.ID
	}
	flags := func(id string) [3]bool {
		var u struct {
			TOTP   bool `json:"totp_enabled"`
			Backup bool `json:"backup_code_enabled"`
			Two    bool `json:"two_factor_enabled"`
		}
		if err := json.Unmarshal(do(t, s, "GET", "/users/"+id, nil).body, &u); err != nil {
			t.Fatal(err)
		}
		return [3]bool{u.TOTP, u.Backup, u.Two}
	}
	a := create("mfa-a@example.com")
	if d := cmp.Diff([3]bool{true, true, true}, flags(a)); d != "" {
		t.Fatalf("flags after create (-want +got):\n%s", d)
	}
	for _, step := range []struct {
		path string
		want [3]bool
	}{
		{"/users/" + a + "/totp", [3]bool{false, true, true}},
		{"/users/" + a + "/backup_code", [3]bool{false, false, false}},
	} {
		r := do(t, s, "DELETE", step.path, nil)
		if r.status != 200 || !jsonContains(r.body, `"user_id":"`+a+`"`) {
			t.Errorf("DELETE %s: %d %s", step.path, r.status, r.body)
		}
		if d := cmp.Diff(step.want, flags(a)); d != "" {
			t.Errorf("flags after DELETE %s (-want +got):\n%s", step.path, d)
		}
	}
	b := create("mfa-b@example.com")
	if r := do(t, s, "DELETE", "/users/"+b+"/mfa", nil); r.status != 200 {
		t.Errorf("disable MFA: %d %s", r.status, r.body)
	}
	if d := cmp.Diff([3]bool{false, false, false}, flags(b)); d != "" {
		t.Errorf("flags after disabling MFA (-want +got):\n%s", d)
	}
	if r := do(t, s, "DELETE", "/users/user_missing/mfa", nil); r.status != 404 {
		t.Errorf("unknown user: %d %s", r.status, r.body)
	}
}
