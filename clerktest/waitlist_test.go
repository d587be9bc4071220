package clerktest_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
)

// TestWaitlist drives /waitlist_entries with the generated client: one
// entry per address, filters, invite, reject and the status rules.
func TestWaitlist(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	api := bapi.New(c)

	a, err := api.CreateWaitlistEntryWithResponse(ctx, gen.CreateWaitlistEntryJSONRequestBody{EmailAddress: "a@example.com"})
	if err != nil || a.JSON200 == nil || a.JSON200.Status != gen.WaitlistEntryStatusPending {
		t.Fatalf("create: %+v, %v", a, err)
	}
	again, err := api.CreateWaitlistEntryWithResponse(ctx, gen.CreateWaitlistEntryJSONRequestBody{EmailAddress: "A@example.com"})
	if err != nil || again.JSON200.ID != a.JSON200.ID {
		t.Fatalf("same address: %+v, %v", again.JSON200, err)
	}
	bulk, err := api.CreateBulkWaitlistEntriesWithResponse(ctx, gen.CreateBulkWaitlistEntriesJSONRequestBody{
		{EmailAddress: "b@example.com"}, {EmailAddress: "c@example.com"}})
	if err != nil || bulk.JSON200 == nil || len(*bulk.JSON200) != 2 {
		t.Fatalf("bulk: %+v, %v", bulk, err)
	}
	_, err = api.CreateWaitlistEntry(ctx, gen.CreateWaitlistEntryJSONRequestBody{EmailAddress: "nope"})
	apiErr(t, err, 422, "form_param_format_invalid")

	b := (*bulk.JSON200)[0]
	inv, err := api.InviteWaitlistEntryWithResponse(ctx, b.ID, gen.InviteWaitlistEntryJSONRequestBody{})
	if err != nil || inv.JSON200 == nil || inv.JSON200.Status != gen.WaitlistEntryStatusInvited || inv.JSON200.Invitation == nil {
		t.Fatalf("invite: %+v, %v", inv, err)
	}
	_, err = api.InviteWaitlistEntry(ctx, b.ID, gen.InviteWaitlistEntryJSONRequestBody{})
	apiErr(t, err, 400, "waitlist_entry_status_invalid")
	_, err = api.DeleteWaitlistEntry(ctx, b.ID)
	apiErr(t, err, 400, "waitlist_entry_status_invalid")

	cEntry := (*bulk.JSON200)[1]
	rej, err := api.RejectWaitlistEntryWithResponse(ctx, cEntry.ID)
	if err != nil || rej.JSON200.Status != gen.WaitlistEntryStatusRejected {
		t.Fatalf("reject: %+v, %v", rej, err)
	}

	// An address that belongs to a user is invited only with ignore_existing.
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"a@example.com"}})
	_, err = api.InviteWaitlistEntry(ctx, a.JSON200.ID, gen.InviteWaitlistEntryJSONRequestBody{})
	apiErr(t, err, 422, "form_identifier_exists")

	list := func(p *gen.ListWaitlistEntriesParams) []string {
		t.Helper()
		r, err := api.ListWaitlistEntriesWithResponse(ctx, p)
		if err != nil || r.JSON200 == nil {
			t.Fatalf("list: %v %v", r, err)
		}
		var out []string
		for _, e := range r.JSON200.Data {
			out = append(out, e.EmailAddress)
		}
		return out
	}
	if diff := cmp.Diff([]string{"a@example.com", "b@example.com", "c@example.com"}, list(&gen.ListWaitlistEntriesParams{OrderBy: clerk.Ptr("email_address")})); diff != "" {
		t.Errorf("ordered (-want +got):\n%s", diff)
	}
	status := gen.ListWaitlistEntriesParamsStatusInvited
	if diff := cmp.Diff([]string{"b@example.com"}, list(&gen.ListWaitlistEntriesParams{Status: &status})); diff != "" {
		t.Errorf("invited (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"c@example.com"}, list(&gen.ListWaitlistEntriesParams{Query: clerk.Ptr("C@EX")})); diff != "" {
		t.Errorf("query (-want +got):\n%s", diff)
	}

	del, err := api.DeleteWaitlistEntryWithResponse(ctx, a.JSON200.ID)
	if err != nil || del.JSON200 == nil || !del.JSON200.Deleted {
		t.Fatalf("delete: %+v, %v", del, err)
	}
	_, err = api.DeleteWaitlistEntry(ctx, a.JSON200.ID)
	apiErr(t, err, 404, "resource_not_found")
}
