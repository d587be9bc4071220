package clerktest_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/gobapi/clerk"
)

// TestUsersFacadeEndToEnd drives the SDK's Users service against the fake:
// the same calls as its fixture tests, now with a stateful server behind
// them, so request encoding and response decoding meet each other.
func TestUsersFacadeEndToEnd(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	users := c.Users

	ada, err := users.Create(ctx, &clerk.UserCreateParams{
		EmailAddresses: []string{"ada@example.com"},
		FirstName:      clerk.Ptr("Ada"),
		LastName:       clerk.Ptr("Lovelace"),
		ExternalID:     clerk.Ptr("crm-1"),
		Username:       clerk.Ptr("adalovelace"),
		PublicMetadata: map[string]any{"plan": "pro"},
	})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	if ada.FirstName == nil || *ada.FirstName != "Ada" || len(ada.EmailAddresses) != 1 || ada.PrimaryEmailAddressID == nil {
		t.Fatalf("created user = %+v", ada)
	}

	// The identifier rules reach the caller as typed errors.
	_, err = users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	if !clerk.HasErrorCode(err, "form_identifier_exists") {
		t.Fatalf("duplicate email: %v", err)
	}

	for i := range 7 {
		if _, err := users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{fmt.Sprintf("u%d@example.com", i)}}); err != nil {
			t.Fatal(err)
		}
	}
	got, err := users.Get(ctx, ada.ID)
	if err != nil || got.ID != ada.ID {
		t.Fatalf("get: %v %v", got, err)
	}
	if _, err := users.Get(ctx, "user_missing"); !clerk.IsNotFound(err) {
		t.Fatalf("get missing: %v", err)
	}

	n, err := users.Count(ctx, nil)
	if err != nil || n != 8 {
		t.Fatalf("count = %d, %v", n, err)
	}
	page, err := users.List(ctx, &clerk.UserListParams{Limit: 3})
	if err != nil || len(page.Data) != 3 || page.TotalCount != 8 {
		t.Fatalf("list = %+v, %v", page, err)
	}
	byExternal, err := users.List(ctx, &clerk.UserListParams{ExternalIDs: []string{"crm-1"}})
	if err != nil || len(byExternal.Data) != 1 || byExternal.Data[0].ID != ada.ID {
		t.Fatalf("list by external ID = %+v, %v", byExternal, err)
	}

	// All pages by cursor with the default ordering, and by offset with
	// another ordering; both see every user exactly once.
	for _, p := range []*clerk.UserListParams{{Limit: 3}, {Limit: 3, OrderBy: "+email_address"}} {
		var ids []string
		for u, err := range users.All(ctx, p) {
			if err != nil {
				t.Fatalf("All(%+v): %v", p, err)
			}
			ids = append(ids, u.ID)
		}
		slices.Sort(ids)
		if len(ids) != 8 || len(slices.Compact(ids)) != 8 {
			t.Fatalf("All(%+v) saw %d users: %v", p, len(ids), ids)
		}
	}

	// Update, and clear a field with an explicit null.
	upd, err := users.Update(ctx, ada.ID, &clerk.UserUpdateParams{
		FirstName: clerk.Ptr("Augusta"),
		Clear:     []clerk.UserField{clerk.UserFieldExternalID},
	})
	if err != nil || upd.FirstName == nil || *upd.FirstName != "Augusta" || upd.ExternalID != nil {
		t.Fatalf("update = %+v, %v", upd, err)
	}

	// Metadata: PATCH deep-merges and a null removes a key; PUT replaces.
	merged, err := users.UpdateMetadata(ctx, ada.ID, &clerk.UserMetadataParams{
		PublicMetadata: map[string]any{"plan": nil, "seats": 3},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := string(merged.PublicMetadata); got != `{"seats":3}` {
		t.Fatalf("merged metadata = %s", got)
	}
	replaced, err := users.ReplaceMetadata(ctx, ada.ID, &clerk.UserMetadataParams{PublicMetadata: map[string]any{}})
	if err != nil || string(replaced.PublicMetadata) != `{}` {
		t.Fatalf("replaced metadata = %s, %v", replaced.PublicMetadata, err)
	}

	// Ban, lock and their reversals, one by one and in bulk.
	for _, step := range []struct {
		name string
		call func() (*clerk.User, error)
		want func(*clerk.User) bool
	}{
		{"ban", func() (*clerk.User, error) { return users.Ban(ctx, ada.ID) }, func(u *clerk.User) bool { return u.Banned }},
		{"unban", func() (*clerk.User, error) { return users.Unban(ctx, ada.ID) }, func(u *clerk.User) bool { return !u.Banned }},
		{"lock", func() (*clerk.User, error) { return users.Lock(ctx, ada.ID) }, func(u *clerk.User) bool { return u.Locked }},
		{"unlock", func() (*clerk.User, error) { return users.Unlock(ctx, ada.ID) }, func(u *clerk.User) bool { return !u.Locked }},
	} {
		u, err := step.call()
		if err != nil || !step.want(u) {
			t.Fatalf("%s: %+v, %v", step.name, u, err)
		}
	}
	banned, err := users.BanMany(ctx, []string{ada.ID})
	if err != nil || len(banned) != 1 || !banned[0].Banned {
		t.Fatalf("ban many: %+v, %v", banned, err)
	}
	onlyBanned, err := users.List(ctx, &clerk.UserListParams{Banned: clerk.Ptr(true)})
	if err != nil || len(onlyBanned.Data) != 1 {
		t.Fatalf("list banned: %+v, %v", onlyBanned, err)
	}
	if _, err := users.UnbanMany(ctx, []string{ada.ID}); err != nil {
		t.Fatal(err)
	}

	del, err := users.Delete(ctx, ada.ID)
	if err != nil || !del.Deleted {
		t.Fatalf("delete: %+v, %v", del, err)
	}
	if n, _ := users.Count(ctx, nil); n != 7 {
		t.Fatalf("count after delete = %d", n)
	}
}
