package clerktest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// TestSessionTokenLeavesOutSystemPermissions checks that an admin's session
// token, minted by the API, carries the role but none of the system
// permissions ("org:sys_…"), which Clerk leaves out of session tokens: no
// `o.per`, no `o.fpm` and no org feature in `fea`.
func TestSessionTokenLeavesOutSystemPermissions(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"admin@example.com"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Sys", CreatedBy: &u.ID})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID, ActiveOrganizationID: &org.ID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Sessions.CreateToken(ctx, sess.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(tok, ".")
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		O   map[string]any `json:"o"`
		Fea *string        `json:"fea"`
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": org.ID, "slg": org.Slug, "rol": "admin"}
	if d := cmp.Diff(want, claims.O); d != "" {
		t.Errorf("o claim (-want +got):\n%s", d)
	}
	if claims.Fea != nil {
		t.Errorf("fea = %q, want absent", *claims.Fea)
	}
}
