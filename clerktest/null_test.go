package clerktest_test

import (
	"context"
	"testing"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
)

// TestUpdateNullClears checks that the fake clears the fields the facades'
// Clear lists send as null, whether the null comes from a facade or from
// API(), and that a null in a field that cannot be cleared changes nothing.
func TestUpdateNullClears(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"ada@example.com"}, ExternalID: strp("crm-1")})

	set, err := c.Users.Update(ctx, u.ID, &clerk.UserUpdateParams{
		LegalAcceptedAt:          clerk.Ptr(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)),
		CreateOrganizationsLimit: clerk.Ptr(3),
		Locale:                   clerk.Ptr("fr-FR"),
	})
	if err != nil || set.LegalAcceptedAt == nil || set.CreateOrganizationsLimit == nil || set.Locale == nil {
		t.Fatalf("set = %+v, %v", set, err)
	}
	cleared, err := c.Users.Update(ctx, u.ID, &clerk.UserUpdateParams{
		Clear: []clerk.UserField{clerk.UserFieldLegalAcceptedAt, clerk.UserFieldCreateOrganizationsLimit},
	})
	if err != nil || cleared.LegalAcceptedAt != nil || cleared.CreateOrganizationsLimit != nil || cleared.Locale == nil {
		t.Fatalf("after Clear: legal %v, limit %v, locale %v; err %v", cleared.LegalAcceptedAt, cleared.CreateOrganizationsLimit, cleared.Locale, err)
	}

	res, err := bapi.New(c).UpdateUserWithResponse(ctx, u.ID, gen.UpdateUserJSONRequestBody{
		ExternalID:            nullable.NewNullNullable[string](),
		PrimaryEmailAddressID: nullable.NewNullNullable[string](), // a user keeps its primary address
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := res.JSON200; got.ExternalID != nil || got.PrimaryEmailAddressID == nil || *got.PrimaryEmailAddressID != *u.PrimaryEmailAddressID {
		t.Errorf("after API null: external ID %v, primary email %v", got.ExternalID, got.PrimaryEmailAddressID)
	}

	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Acme", RoleSetKey: clerk.Ptr("role_set:default")})
	if err != nil || org.RoleSetKey == nil {
		t.Fatalf("create org = %+v, %v", org, err)
	}
	org, err = c.Organizations.Update(ctx, org.ID, &clerk.OrganizationUpdateParams{
		Name:  clerk.Ptr("Acme Corp"),
		Clear: []clerk.OrganizationField{clerk.OrganizationFieldRoleSetKey},
	})
	if err != nil || org.RoleSetKey != nil || org.Name != "Acme Corp" {
		t.Fatalf("after Clear: %+v, %v", org, err)
	}
}
