package clerktest_test

import (
	"context"
	"slices"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestCustomRolesAndPermissions: a custom permission and role through the
// generated client, a membership with the custom role, its permissions in
// the membership and the session token, and the token following a change
// of the role.
func TestCustomRolesAndPermissions(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	api := bapi.New(c)

	roles, err := api.ListOrganizationRolesWithResponse(ctx, &gen.ListOrganizationRolesParams{OrderBy: clerk.Ptr("+created_at")})
	if err != nil || roles.JSON200 == nil || roles.JSON200.TotalCount != 2 || roles.JSON200.Data[0].Key != "org:admin" {
		t.Fatalf("default roles: %+v, %v", roles.JSON200, err)
	}
	read, err := api.CreateOrganizationPermissionWithResponse(ctx, gen.CreateOrganizationPermissionJSONRequestBody{
		Key: "org:invoices:read", Name: "Read invoices"})
	if err != nil || read.JSON200 == nil || read.JSON200.Type != "user" {
		t.Fatalf("create permission: %+v, %v", read, err)
	}
	pay, err := api.CreateOrganizationPermissionWithResponse(ctx, gen.CreateOrganizationPermissionJSONRequestBody{
		Key: "org:invoices:pay", Name: "Pay invoices"})
	if err != nil || pay.JSON200 == nil {
		t.Fatal(err)
	}
	_, err = api.CreateOrganizationPermission(ctx, gen.CreateOrganizationPermissionJSONRequestBody{Key: "org:invoices:read", Name: "again"})
	apiErr(t, err, 422, "form_identifier_exists")
	_, err = api.CreateOrganizationPermission(ctx, gen.CreateOrganizationPermissionJSONRequestBody{Key: "invoices", Name: "bad"})
	apiErr(t, err, 422, "form_param_format_invalid")

	role, err := api.CreateOrganizationRoleWithResponse(ctx, gen.CreateOrganizationRoleJSONRequestBody{
		Key: "org:billing", Name: "Billing", Permissions: []string{read.JSON200.ID}})
	if err != nil || role.JSON200 == nil || len(role.JSON200.Permissions) != 1 || role.JSON200.Permissions[0].Key != "org:invoices:read" {
		t.Fatalf("create role: %+v, %v", role, err)
	}
	_, err = api.CreateOrganizationRole(ctx, gen.CreateOrganizationRoleJSONRequestBody{Key: "org:x", Name: "X", Permissions: []string{"perm_nope"}})
	apiErr(t, err, 422, "form_param_value_invalid")

	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"billing@example.com"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Acme"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Organizations.CreateMembership(ctx, org.ID, &clerk.OrganizationMembershipCreateParams{UserID: u.ID, Role: "org:billing"})
	if err != nil {
		t.Fatal(err)
	}
	if m.Role != "org:billing" || m.RoleName == nil || *m.RoleName != "Billing" || !slices.Equal(m.Permissions, []string{"org:invoices:read"}) {
		t.Errorf("membership = role %q %v, permissions %v", m.Role, m.RoleName, m.Permissions)
	}
	_, err = c.Organizations.CreateMembership(ctx, org.ID, &clerk.OrganizationMembershipCreateParams{UserID: u.ID, Role: "org:ghost"})
	apiErr(t, err, 422, "form_param_value_invalid")

	v, err := clerk.NewVerifier(clerk.WithJWTKey(s.JWTPublicKeyPEM()))
	if err != nil {
		t.Fatal(err)
	}
	claimsNow := func() *clerk.SessionClaims {
		t.Helper()
		tok, err := s.MintSessionToken(u.ID, clerktest.WithActiveOrganization(org.ID))
		if err != nil {
			t.Fatal(err)
		}
		cl, err := v.Verify(ctx, tok)
		if err != nil {
			t.Fatal(err)
		}
		return cl
	}
	cl := claimsNow()
	if cl.Org.Role != "org:billing" || !cl.HasPermission("org:invoices:read") || cl.HasPermission("org:invoices:pay") {
		t.Errorf("claims: role %q, permissions %v", cl.Org.Role, cl.Org.Permissions())
	}

	// Assigning a permission to the role reaches its members' tokens.
	if _, err := api.AssignPermissionToOrganizationRole(ctx, role.JSON200.ID, pay.JSON200.ID); err != nil {
		t.Fatal(err)
	}
	_, err = api.AssignPermissionToOrganizationRole(ctx, role.JSON200.ID, pay.JSON200.ID)
	apiErr(t, err, 400, "permission_already_assigned")
	if cl = claimsNow(); !cl.HasPermission("org:invoices:pay") {
		t.Errorf("after assign: %v", cl.Org.Permissions())
	}
	if _, err := api.RemovePermissionFromOrganizationRole(ctx, role.JSON200.ID, read.JSON200.ID); err != nil {
		t.Fatal(err)
	}
	// Deleting a permission removes it from roles.
	if _, err := api.DeleteOrganizationPermission(ctx, pay.JSON200.ID); err != nil {
		t.Fatal(err)
	}
	if cl = claimsNow(); cl.HasPermission("org:invoices:pay") || cl.HasPermission("org:invoices:read") {
		t.Errorf("after removal: %v", cl.Org.Permissions())
	}

	// Renaming the role renames it for its members.
	var body gen.UpdateOrganizationRoleJSONRequestBody
	body.Name.Set("Billing team")
	if _, err := api.UpdateOrganizationRole(ctx, role.JSON200.ID, body); err != nil {
		t.Fatal(err)
	}
	ms, err := c.Organizations.ListMemberships(ctx, org.ID, nil)
	if err != nil || len(ms.Data) != 1 || *ms.Data[0].RoleName != "Billing team" {
		t.Fatalf("members after rename: %+v, %v", ms, err)
	}
	_, err = api.DeleteOrganizationRole(ctx, role.JSON200.ID)
	apiErr(t, err, 400, "role_in_use")
	if _, err := c.Organizations.DeleteMembership(ctx, org.ID, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := api.DeleteOrganizationRole(ctx, role.JSON200.ID); err != nil {
		t.Fatal(err)
	}
	_, err = api.GetOrganizationRole(ctx, role.JSON200.ID)
	apiErr(t, err, 404, "resource_not_found")

	perms, err := api.ListOrganizationPermissionsWithResponse(ctx, &gen.ListOrganizationPermissionsParams{Query: clerk.Ptr("invoices")})
	if err != nil || perms.JSON200.TotalCount != 1 || perms.JSON200.Data[0].Key != "org:invoices:read" {
		t.Fatalf("query permissions: %+v, %v", perms.JSON200, err)
	}
	sys, err := api.ListOrganizationPermissionsWithResponse(ctx, &gen.ListOrganizationPermissionsParams{Query: clerk.Ptr("sys_memberships")})
	if err != nil || sys.JSON200.TotalCount != 2 {
		t.Fatalf("system permissions: %+v, %v", sys.JSON200, err)
	}
	_, err = api.DeleteOrganizationPermission(ctx, sys.JSON200.Data[0].ID)
	apiErr(t, err, 400, "system_permission_immutable")
}
