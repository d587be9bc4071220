package clerktest_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
	"github.com/oapi-codegen/nullable"
)

func TestCreateUserIdentifierRules(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	first := createUser(t, c, gen.CreateUserJSONRequestBody{
		EmailAddress: []string{"ada@example.com"}, Username: strp("ada_l"), ExternalID: strp("ext-1"),
		PhoneNumber: []string{"+15555550100"},
	})
	if first.ID[:5] != "user_" || len(first.ID) != 32 {
		t.Errorf("ID = %q", first.ID)
	}
	if first.EmailAddresses[0].ID != *first.PrimaryEmailAddressID || (*first.PrimaryEmailAddressID)[:4] != "idn_" {
		t.Errorf("primary email %v of %+v", *first.PrimaryEmailAddressID, first.EmailAddresses)
	}
	now := time.Now().UnixMilli()
	if first.CreatedAt < now-60_000 || first.CreatedAt > now+1000 {
		t.Errorf("created_at %d is not unix milliseconds near %d", first.CreatedAt, now)
	}
	for _, tc := range []struct {
		name   string
		body   gen.CreateUserJSONRequestBody
		code   string
		param  string
		status int
	}{
		{"duplicate email, other case", gen.CreateUserJSONRequestBody{EmailAddress: []string{"ADA@example.com"}}, "form_identifier_exists", "email_address", 422},
		{"duplicate username", gen.CreateUserJSONRequestBody{Username: strp("Ada_L")}, "form_identifier_exists", "username", 422},
		{"duplicate phone", gen.CreateUserJSONRequestBody{PhoneNumber: []string{"+15555550100"}}, "form_identifier_exists", "phone_number", 422},
		{"duplicate external ID", gen.CreateUserJSONRequestBody{EmailAddress: []string{"x@example.com"}, ExternalID: strp("ext-1")}, "form_identifier_exists", "external_id", 422},
		{"same email twice in one request", gen.CreateUserJSONRequestBody{EmailAddress: []string{"b@example.com", "B@example.com"}}, "form_identifier_exists", "email_address", 422},
		{"no identifier", gen.CreateUserJSONRequestBody{FirstName: strp("Nobody"), ExternalID: strp("ext-2")}, "form_param_missing", "email_address", 422},
		{"bad email", gen.CreateUserJSONRequestBody{EmailAddress: []string{"not-an-email"}}, "form_param_format_invalid", "email_address", 422},
		{"bad phone", gen.CreateUserJSONRequestBody{PhoneNumber: []string{"555-0100"}}, "form_param_format_invalid", "phone_number", 422},
		{"short username", gen.CreateUserJSONRequestBody{Username: strp("ab")}, "form_username_invalid_length", "username", 422},
		{"short password", gen.CreateUserJSONRequestBody{EmailAddress: []string{"p@example.com"}, Password: strp("short")}, "form_password_length_too_short", "password", 422},
		{"digest without hasher", gen.CreateUserJSONRequestBody{EmailAddress: []string{"d@example.com"}, PasswordDigest: strp("$2a$10$x")}, "form_param_missing", "password_hasher", 422},
		{"bad created_at", gen.CreateUserJSONRequestBody{EmailAddress: []string{"t@example.com"}, CreatedAt: strp("yesterday")}, "form_param_format_invalid", "created_at", 422},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := bapi.New(c).CreateUserWithResponse(ctx, tc.body)
			e := apiErr(t, err, tc.status, tc.code)
			if paramName(e) != tc.param {
				t.Errorf("param_name = %q, want %q", paramName(e), tc.param)
			}
		})
	}
	// After the failures, the only user is the first one.
	cnt, err := bapi.New(c).GetUsersCountWithResponse(ctx, nil)
	if err != nil || cnt.JSON200.TotalCount != 1 {
		t.Fatalf("count = %+v, %v", cnt, err)
	}
}

func TestUserObjectIsComplete(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{Username: strp("only_name")})
	r := do(t, s, "GET", "/users/"+u.ID, nil)
	var got gen.User
	decodeStrict(t, r.body, &got)
	// Every required array is present and empty, never null.
	var raw map[string]any
	decodeStrict(t, r.body, &raw)
	for _, k := range []string{"email_addresses", "phone_numbers", "web3_wallets", "passkeys", "external_accounts", "saml_accounts", "enterprise_accounts"} {
		if v, ok := raw[k].([]any); !ok || len(v) != 0 {
			t.Errorf("%s = %#v, want []", k, raw[k])
		}
	}
	for _, k := range []string{"first_name", "last_name", "primary_email_address_id", "external_id", "last_sign_in_at", "last_active_at"} {
		if v, ok := raw[k]; !ok || v != nil {
			t.Errorf("%s = %#v, want null", k, v)
		}
	}
	if raw["object"] != "user" || raw["public_metadata"] == nil {
		t.Errorf("object/metadata: %s", r.body)
	}
	if diff := cmp.Diff(*u, got); diff != "" {
		t.Errorf("GET differs from create (-create +get):\n%s", diff)
	}
}

func TestUserUpdateDeleteBanLock(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	api := bapi.New(c)
	a := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"a@example.com"}, Username: strp("alice")})
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"b@example.com"}, Username: strp("bobby")})

	up, err := api.UpdateUserWithResponse(ctx, a.ID, gen.UpdateUserJSONRequestBody{FirstName: nullable.NewNullableWithValue("Alice"), ExternalID: nullable.NewNullableWithValue("crm-1")})
	if err != nil {
		t.Fatal(err)
	}
	if *up.JSON200.FirstName != "Alice" || *up.JSON200.ExternalID != "crm-1" || up.JSON200.UpdatedAt < a.UpdatedAt {
		t.Errorf("update = %+v", up.JSON200)
	}
	_, err = api.UpdateUserWithResponse(ctx, a.ID, gen.UpdateUserJSONRequestBody{Username: nullable.NewNullableWithValue("BOBBY")})
	apiErr(t, err, 422, "form_identifier_exists")
	_, err = api.UpdateUserWithResponse(ctx, a.ID, gen.UpdateUserJSONRequestBody{PrimaryEmailAddressID: nullable.NewNullableWithValue("idn_nope")})
	apiErr(t, err, 422, "form_param_value_invalid")
	_, err = api.UpdateUserWithResponse(ctx, "user_nope", gen.UpdateUserJSONRequestBody{})
	apiErr(t, err, 404, "resource_not_found")

	ban, err := api.BanUserWithResponse(ctx, a.ID)
	if err != nil || !ban.JSON200.Banned {
		t.Fatalf("ban: %v %+v", err, ban)
	}
	unban, err := api.UnbanUserWithResponse(ctx, a.ID)
	if err != nil || unban.JSON200.Banned {
		t.Fatalf("unban: %v", err)
	}
	lock, err := api.LockUserWithResponse(ctx, a.ID)
	if err != nil || !lock.JSON200.Locked || *lock.JSON200.VerificationAttemptsRemaining != 0 {
		t.Fatalf("lock: %v", err)
	}
	unlock, err := api.UnlockUserWithResponse(ctx, a.ID)
	if err != nil || unlock.JSON200.Locked || *unlock.JSON200.VerificationAttemptsRemaining == 0 {
		t.Fatalf("unlock: %v", err)
	}
	bulk, err := api.UsersBanWithResponse(ctx, gen.UsersBanJSONRequestBody{UserIds: []string{a.ID}})
	if err != nil || len(*bulk.JSON200) != 1 || !(*bulk.JSON200)[0].Banned {
		t.Fatalf("bulk ban: %v", err)
	}
	_, err = api.UsersUnbanWithResponse(ctx, gen.UsersUnbanJSONRequestBody{UserIds: []string{a.ID, "user_nope"}})
	apiErr(t, err, 404, "resource_not_found")
	bulk2, err := api.UsersUnbanWithResponse(ctx, gen.UsersUnbanJSONRequestBody{UserIds: []string{a.ID}})
	if err != nil || (*bulk2.JSON200)[0].Banned {
		t.Fatalf("bulk unban: %v", err)
	}

	del, err := api.DeleteUserWithResponse(ctx, a.ID)
	if err != nil || !del.JSON200.Deleted || *del.JSON200.ID != a.ID || del.JSON200.Object != "user" {
		t.Fatalf("delete: %v %+v", err, del)
	}
	_, err = api.GetUserWithResponse(ctx, a.ID)
	apiErr(t, err, 404, "resource_not_found")
	_, err = api.DeleteUserWithResponse(ctx, a.ID)
	apiErr(t, err, 404, "resource_not_found")
	// The identifiers are free again.
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"a@example.com"}, Username: strp("alice"), ExternalID: strp("crm-1")})
}

func TestUserMetadataMergeAndReplace(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{
		EmailAddress:    []string{"m@example.com"},
		PublicMetadata:  map[string]any{"plan": "pro", "prefs": map[string]any{"theme": "dark", "lang": "en"}, "gone": 1},
		PrivateMetadata: map[string]any{"crm": "x"},
	})
	merged, err := bapi.New(c).UpdateUserMetadataWithResponse(ctx, u.ID, gen.UpdateUserMetadataJSONRequestBody{
		PublicMetadata: map[string]any{"prefs": map[string]any{"theme": "light", "lang": nil}, "gone": nil, "new": true},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"plan": "pro", "prefs": map[string]any{"theme": "light"}, "new": true}
	if diff := cmp.Diff(want, metadataMap(t, merged.JSON200.PublicMetadata)); diff != "" {
		t.Errorf("merge (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"crm": "x"}, metadataMap(t, merged.JSON200.PrivateMetadata)); diff != "" {
		t.Errorf("untouched private metadata changed (-want +got):\n%s", diff)
	}
	replaced, err := bapi.New(c).ReplaceUserMetadataWithResponse(ctx, u.ID, gen.ReplaceUserMetadataJSONRequestBody{
		PublicMetadata: map[string]any{"only": "this"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"only": "this"}, metadataMap(t, replaced.JSON200.PublicMetadata)); diff != "" {
		t.Errorf("replace (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(map[string]any{"crm": "x"}, metadataMap(t, replaced.JSON200.PrivateMetadata)); diff != "" {
		t.Errorf("replace touched private metadata (-want +got):\n%s", diff)
	}
}

func TestUserListFiltersOrderingAndCursor(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	clock := func() time.Time { return time.UnixMilli(now.Add(1000)) }
	_, c := newClient(t, clerktest.WithClock(clock))
	ctx := context.Background()
	api := bapi.New(c)
	mk := func(email, username, first, last, phone string) *gen.User {
		b := gen.CreateUserJSONRequestBody{EmailAddress: []string{email}, Username: strp(username), FirstName: strp(first), LastName: strp(last)}
		if phone != "" {
			b.PhoneNumber = []string{phone}
		}
		return createUser(t, c, b)
	}
	carol := mk("carol@example.com", "carol", "Carol", "Zeta", "+15555550103")
	alice := mk("alice@corp.test", "alice", "Alice", "Young", "")
	bob := mk("bob@example.com", "bobby", "Bob", "Xavier", "+15555550101")
	if _, err := api.BanUserWithResponse(ctx, bob.ID); err != nil {
		t.Fatal(err)
	}
	ids := func(us []gen.User) []string {
		out := []string{}
		for _, u := range us {
			out = append(out, u.ID)
		}
		return out
	}
	i := func(n int) *int { return &n }
	b := func(v bool) *bool { return &v }
	for _, tc := range []struct {
		name string
		p    gen.GetUserListParams
		want []*gen.User
	}{
		{"default newest first", gen.GetUserListParams{}, []*gen.User{bob, alice, carol}},
		{"created_at ascending", gen.GetUserListParams{OrderBy: strp("+created_at")}, []*gen.User{carol, alice, bob}},
		{"by email", gen.GetUserListParams{OrderBy: strp("email_address")}, []*gen.User{alice, bob, carol}},
		{"by username desc", gen.GetUserListParams{OrderBy: strp("-username")}, []*gen.User{carol, bob, alice}},
		{"by first name", gen.GetUserListParams{OrderBy: strp("+first_name")}, []*gen.User{alice, bob, carol}},
		{"by last name", gen.GetUserListParams{OrderBy: strp("last_name")}, []*gen.User{bob, alice, carol}},
		{"by phone, nulls last", gen.GetUserListParams{OrderBy: strp("phone_number")}, []*gen.User{bob, carol, alice}},
		{"by phone desc, nulls last", gen.GetUserListParams{OrderBy: strp("-phone_number")}, []*gen.User{carol, bob, alice}},
		{"by updated_at desc", gen.GetUserListParams{OrderBy: strp("-updated_at")}, []*gen.User{bob, alice, carol}},
		{"by last_sign_in_at (all null)", gen.GetUserListParams{OrderBy: strp("-last_sign_in_at")}, []*gen.User{bob, alice, carol}},
		{"by last_active_at", gen.GetUserListParams{OrderBy: strp("last_active_at")}, []*gen.User{carol, alice, bob}},
		{"email filter, any case", gen.GetUserListParams{EmailAddress: []string{"CAROL@example.com", "bob@example.com"}}, []*gen.User{bob, carol}},
		{"username filter", gen.GetUserListParams{Username: []string{"alice"}}, []*gen.User{alice}},
		{"phone filter", gen.GetUserListParams{PhoneNumber: []string{"+15555550101"}}, []*gen.User{bob}},
		{"user_id filter", gen.GetUserListParams{UserID: []string{carol.ID, alice.ID}}, []*gen.User{alice, carol}},
		{"query", gen.GetUserListParams{Query: strp("example.com")}, []*gen.User{bob, carol}},
		{"email query", gen.GetUserListParams{EmailAddressQuery: strp("CORP")}, []*gen.User{alice}},
		{"phone query", gen.GetUserListParams{PhoneNumberQuery: strp("0103")}, []*gen.User{carol}},
		{"username query", gen.GetUserListParams{UsernameQuery: strp("bob")}, []*gen.User{bob}},
		{"name query", gen.GetUserListParams{NameQuery: strp("alice young")}, []*gen.User{alice}},
		{"banned", gen.GetUserListParams{Banned: b(true)}, []*gen.User{bob}},
		{"not banned", gen.GetUserListParams{Banned: b(false)}, []*gen.User{alice, carol}},
		{"created after", gen.GetUserListParams{CreatedAtAfter: i(int(carol.CreatedAt))}, []*gen.User{bob, alice}},
		{"created before", gen.GetUserListParams{CreatedAtBefore: i(int(bob.CreatedAt))}, []*gen.User{alice, carol}},
		{"last sign-in after (none)", gen.GetUserListParams{LastSignInAtAfter: i(0)}, []*gen.User{}},
		{"last active before (none)", gen.GetUserListParams{LastActiveAtBefore: i(int(bob.CreatedAt))}, []*gen.User{}},
		{"organization (none)", gen.GetUserListParams{OrganizationID: []string{"org_none"}}, []*gen.User{}},
		{"external ID (none)", gen.GetUserListParams{ExternalID: []string{"nobody"}}, []*gen.User{}},
		{"provider (none)", gen.GetUserListParams{Provider: strp("oauth_google"), ProviderUserID: []string{"1"}}, []*gen.User{}},
		{"limit", gen.GetUserListParams{Limit: i(2)}, []*gen.User{bob, alice}},
		{"offset", gen.GetUserListParams{Offset: i(2)}, []*gen.User{carol}},
		{"starting_after", gen.GetUserListParams{StartingAfter: &bob.ID}, []*gen.User{alice, carol}},
		{"starting_after with limit", gen.GetUserListParams{StartingAfter: &bob.ID, Limit: i(1)}, []*gen.User{alice}},
		{"starting_after last", gen.GetUserListParams{StartingAfter: &carol.ID}, []*gen.User{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.p
			resp, err := api.GetUserListWithResponse(ctx, &p)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{}
			for _, u := range tc.want {
				want = append(want, u.ID)
			}
			if diff := cmp.Diff(want, ids(*resp.JSON200)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			cp := gen.GetUsersCountParams{EmailAddress: p.EmailAddress, Username: p.Username, Banned: p.Banned, Query: p.Query, UserID: p.UserID}
			if p.Limit == nil && p.Offset == nil && p.StartingAfter == nil && p.OrderBy == nil && p.CreatedAtAfter == nil &&
				p.CreatedAtBefore == nil && p.PhoneNumber == nil && p.EmailAddressQuery == nil && p.PhoneNumberQuery == nil &&
				p.UsernameQuery == nil && p.NameQuery == nil && p.LastSignInAtAfter == nil && p.LastActiveAtBefore == nil &&
				p.OrganizationID == nil && p.ExternalID == nil && p.Provider == nil {
				cnt, err := api.GetUsersCountWithResponse(ctx, &cp)
				if err != nil || cnt.JSON200.TotalCount != int64(len(want)) || cnt.JSON200.Object != "total_count" {
					t.Errorf("count = %+v, %v, want %d", cnt.JSON200, err, len(want))
				}
			}
		})
	}
	_, err := api.GetUserListWithResponse(ctx, &gen.GetUserListParams{StartingAfter: strp("user_gone")})
	apiErr(t, err, 422, "form_param_value_invalid")
	_, err = api.GetUserListWithResponse(ctx, &gen.GetUserListParams{ProviderUserID: []string{"1"}})
	apiErr(t, err, 422, "form_param_missing")
}

// TestConcurrentCreatesNeverDuplicate races many creates of few emails: each
// email is created exactly once and the others get form_identifier_exists.
func TestConcurrentCreatesNeverDuplicate(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	const workers, emails = 16, 8
	var created, exists atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for e := range emails {
				_, err := bapi.New(c).CreateUserWithResponse(ctx, gen.CreateUserJSONRequestBody{
					EmailAddress: []string{fmt.Sprintf("race%d@example.com", e)},
					FirstName:    strp(fmt.Sprint(w)),
				})
				switch {
				case err == nil:
					created.Add(1)
				case clerk.HasErrorCode(err, "form_identifier_exists"):
					exists.Add(1)
				default:
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if created.Load() != emails || exists.Load() != workers*emails-emails {
		t.Fatalf("created %d, exists %d", created.Load(), exists.Load())
	}
	cnt, err := bapi.New(c).GetUsersCountWithResponse(ctx, nil)
	if err != nil || cnt.JSON200.TotalCount != emails {
		t.Fatalf("count = %v, %v", cnt, err)
	}
	_ = s
}
