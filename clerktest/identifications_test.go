package clerktest_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
)

// verified reports whether an identification carries a verified status.
func verified(v interface {
	AsVerificationAdmin() (gen.VerificationAdmin, error)
}) bool {
	a, err := v.AsVerificationAdmin()
	return err == nil && a.Status == gen.VerificationAdminStatusVerified
}

// TestEmailAddresses drives /email_addresses with the facade: create
// (unverified, then verified and primary), get, update, delete, and the
// user record following each step.
func TestEmailAddresses(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{Username: clerk.Ptr("grace")})

	first, err := c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID, EmailAddress: "grace@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	if first.Verification != nil || first.EmailAddress != "grace@example.com" || first.Object != "email_address" {
		t.Errorf("unverified address = %+v", first)
	}
	second, err := c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID,
		EmailAddress: "hopper@example.com", Verified: true, Primary: true})
	if err != nil {
		t.Fatal(err)
	}
	if second.Verification == nil || !verified(*second.Verification) {
		t.Errorf("verified address = %+v", second)
	}
	user, err := c.Users.Get(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{first.ID, second.ID}, emailIDs(user)); diff != "" || *user.PrimaryEmailAddressID != second.ID {
		t.Errorf("user addresses (-want +got):\n%s primary %v", diff, *user.PrimaryEmailAddressID)
	}

	_, err = c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID, EmailAddress: "GRACE@example.com"})
	apiErr(t, err, 422, "form_identifier_exists")
	_, err = c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID, EmailAddress: "not-an-address"})
	apiErr(t, err, 422, "form_param_format_invalid")
	_, err = c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: "user_missing", EmailAddress: "x@example.com"})
	apiErr(t, err, 404, "resource_not_found")

	up, err := c.EmailAddresses.Update(ctx, first.ID, &clerk.EmailAddressUpdateParams{Verified: clerk.Ptr(true), Primary: clerk.Ptr(true)})
	if err != nil || up.Verification == nil || !verified(*up.Verification) {
		t.Fatalf("update = %+v, %v", up, err)
	}
	got, err := c.EmailAddresses.Get(ctx, first.ID)
	if err != nil || got.Verification == nil {
		t.Fatalf("get = %+v, %v", got, err)
	}
	if user, _ = c.Users.Get(ctx, u.ID); *user.PrimaryEmailAddressID != first.ID {
		t.Errorf("primary = %v", *user.PrimaryEmailAddressID)
	}
	up, err = c.EmailAddresses.Update(ctx, first.ID, &clerk.EmailAddressUpdateParams{Verified: clerk.Ptr(false)})
	if err != nil || up.Verification != nil {
		t.Fatalf("unverify = %+v, %v", up, err)
	}

	del, err := c.EmailAddresses.Delete(ctx, first.ID)
	if err != nil || !del.Deleted || *del.ID != first.ID || del.Object != "email_address" {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if user, _ = c.Users.Get(ctx, u.ID); *user.PrimaryEmailAddressID != second.ID || len(user.EmailAddresses) != 1 {
		t.Errorf("after delete: primary %v, %d addresses", *user.PrimaryEmailAddressID, len(user.EmailAddresses))
	}
	_, err = c.EmailAddresses.Get(ctx, first.ID)
	apiErr(t, err, 404, "resource_not_found")
	// The deleted address is free again, and users are found by the new one.
	if _, err := c.EmailAddresses.Create(ctx, &clerk.EmailAddressCreateParams{UserID: u.ID, EmailAddress: "grace@example.com"}); err != nil {
		t.Fatal(err)
	}
	list, err := c.Users.List(ctx, &clerk.UserListParams{EmailAddresses: []string{"hopper@example.com"}})
	if err != nil || len(list.Data) != 1 || list.Data[0].ID != u.ID {
		t.Fatalf("list by address = %v, %v", list, err)
	}
}

func emailIDs(u *clerk.User) []string {
	var ids []string
	for _, e := range u.EmailAddresses {
		ids = append(ids, e.ID)
	}
	return ids
}

// TestPhoneNumbers drives /phone_numbers with the facade, with a number
// reserved for the second factor turning two_factor_enabled on and off.
func TestPhoneNumbers(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"phone@example.com"}})

	pn, err := c.PhoneNumbers.Create(ctx, &clerk.PhoneNumberCreateParams{UserID: u.ID, PhoneNumber: "+15555550100",
		Verified: true, ReservedForSecondFactor: true})
	if err != nil {
		t.Fatal(err)
	}
	if pn.Verification == nil || !verified(*pn.Verification) || pn.ReservedForSecondFactor == nil || !*pn.ReservedForSecondFactor {
		t.Errorf("created = %+v", pn)
	}
	user, _ := c.Users.Get(ctx, u.ID)
	if !user.TwoFactorEnabled || user.PrimaryPhoneNumberID == nil || *user.PrimaryPhoneNumberID != pn.ID {
		t.Errorf("user = two factor %v, primary %v", user.TwoFactorEnabled, user.PrimaryPhoneNumberID)
	}
	_, err = c.PhoneNumbers.Create(ctx, &clerk.PhoneNumberCreateParams{UserID: u.ID, PhoneNumber: "+15555550100"})
	apiErr(t, err, 422, "form_identifier_exists")
	_, err = c.PhoneNumbers.Create(ctx, &clerk.PhoneNumberCreateParams{UserID: u.ID, PhoneNumber: "555"})
	apiErr(t, err, 422, "form_param_format_invalid")

	up, err := c.PhoneNumbers.Update(ctx, pn.ID, &clerk.PhoneNumberUpdateParams{ReservedForSecondFactor: clerk.Ptr(false), Verified: clerk.Ptr(false)})
	if err != nil || *up.ReservedForSecondFactor || up.Verification != nil {
		t.Fatalf("update = %+v, %v", up, err)
	}
	if user, _ = c.Users.Get(ctx, u.ID); user.TwoFactorEnabled {
		t.Error("two factor still enabled")
	}
	got, err := c.PhoneNumbers.Get(ctx, pn.ID)
	if err != nil || got.PhoneNumber != "+15555550100" {
		t.Fatalf("get = %+v, %v", got, err)
	}
	del, err := c.PhoneNumbers.Delete(ctx, pn.ID)
	if err != nil || !del.Deleted || del.Object != "phone_number" {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if user, _ = c.Users.Get(ctx, u.ID); len(user.PhoneNumbers) != 0 || user.PrimaryPhoneNumberID != nil {
		t.Errorf("after delete: %+v", user.PhoneNumbers)
	}
	_, err = c.PhoneNumbers.Delete(ctx, pn.ID)
	apiErr(t, err, 404, "resource_not_found")

	// The generated client reaches the same routes.
	resp, err := bapi.New(c).CreatePhoneNumberWithResponse(ctx, gen.CreatePhoneNumberJSONRequestBody{UserID: u.ID, PhoneNumber: "+15555550101"})
	if err != nil || resp.JSON200 == nil || resp.JSON200.Verification != nil {
		t.Fatalf("generated create: %v %v", resp, err)
	}
}

// TestReplaceUserIdentifiers: one primary address replaces all, with the
// identification status asked for; another user's address is refused.
func TestReplaceUserIdentifiers(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	api := bapi.New(c)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"one@example.com", "two@example.com"},
		PhoneNumber: []string{"+15555550140"}})
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"taken@example.com"}})

	r, err := api.ReplaceUserEmailAddressWithResponse(ctx, u.ID, gen.ReplaceUserEmailAddressJSONRequestBody{EmailAddress: "new@example.com"})
	if err != nil || r.JSON200 == nil || r.JSON200.Verification == nil {
		t.Fatalf("replace email: %+v, %v", r, err)
	}
	user, _ := c.Users.Get(ctx, u.ID)
	if diff := cmp.Diff([]string{r.JSON200.ID}, emailIDs(user)); diff != "" || *user.PrimaryEmailAddressID != r.JSON200.ID {
		t.Errorf("addresses (-want +got):\n%s", diff)
	}
	_, err = api.ReplaceUserEmailAddress(ctx, u.ID, gen.ReplaceUserEmailAddressJSONRequestBody{EmailAddress: "taken@example.com"})
	apiErr(t, err, 422, "form_identifier_exists")
	// The replaced addresses are free again.
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"one@example.com"}})

	reserved := gen.ReplaceUserPhoneNumberJSONBodyIdentificationStatus("reserved")
	p, err := api.ReplaceUserPhoneNumberWithResponse(ctx, u.ID, gen.ReplaceUserPhoneNumberJSONRequestBody{PhoneNumber: "+15555550141", IdentificationStatus: &reserved})
	if err != nil || p.JSON200 == nil || !p.JSON200.Reserved || p.JSON200.Verification != nil {
		t.Fatalf("replace phone: %+v, %v", p, err)
	}
	if user, _ = c.Users.Get(ctx, u.ID); len(user.PhoneNumbers) != 1 || *user.PrimaryPhoneNumberID != p.JSON200.ID {
		t.Errorf("phones = %+v", user.PhoneNumbers)
	}
}
