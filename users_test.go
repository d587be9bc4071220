package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// userFixture is the realistic user of testdata/users/user.json.
func userFixture(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "users", "user.json"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// usersJSON is a JSON array of minimal users with the given IDs.
func usersJSON(ids ...string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"object":"user","id":%q}`, id)
	}
	b.WriteByte(']')
	return b.String()
}

// userIDs returns the IDs of users.
func userIDs(users []User) []string {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return ids
}

// queryOf parses a recorded raw query.
func queryOf(t *testing.T, raw string) url.Values {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("query %q: %v", raw, err)
	}
	return q
}

// noRetry disables retries so that an error status is final at once.
var noRetry = WithRetry(RetryPolicy{})

func TestUsersGet(t *testing.T) {
	t.Parallel()
	fixture := userFixture(t)
	var want User
	if err := json.Unmarshal(fixture, &want); err != nil {
		t.Fatal(err)
	}
	s := newServer(t, jsonHandler(200, string(fixture)))
	c, _ := newTestClient(t, s)
	got, err := c.Users.Get(context.Background(), "user_2xK7bQ9mVnR4tY8wZ1aB3cD5eF6")
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if diff := cmp.Diff(&want, got, cmp.AllowUnexported(gen.EmailAddress_Verification{}, gen.PhoneNumber_Verification{}, gen.ExternalAccountWithVerification_Verification{}, gen.Passkey_Verification{})); diff != "" {
		t.Errorf("Get mismatch (-want +got):\n%s", diff)
	}
	reqs := s.requests()
	if len(reqs) != 1 || reqs[0].Method != "GET" || reqs[0].Path != "/v1/users/user_2xK7bQ9mVnR4tY8wZ1aB3cD5eF6" {
		t.Errorf("requests = %+v", reqs)
	}
}

func TestUsersPathIDsAreEscaped(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{"object":"user","id":"x"}`))
	c, _ := newTestClient(t, s)
	if _, err := c.Users.RevokeTrustedDevice(context.Background(), "user_1/ban", "dev?x=1#f"); err != nil {
		t.Fatalf("RevokeTrustedDevice: %v", err)
	}
	const want = "/v1/users/user_1%2Fban/trusted_devices/dev%3Fx=1%23f"
	if got := s.requests()[0].Path; got != want {
		t.Errorf("path = %q, want %q", got, want)
	}
}

func TestUsersRefuseBadIDsBeforeRequest(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
	})
	c, _ := newTestClient(t, s)
	u := c.Users
	ctx := context.Background()
	calls := map[string]func() error{
		"Get":                   func() error { _, err := u.Get(ctx, ""); return err },
		"Update":                func() error { _, err := u.Update(ctx, "..", &UserUpdateParams{}); return err },
		"Update nil params":     func() error { _, err := u.Update(ctx, "user_1", nil); return err },
		"Create nil params":     func() error { _, err := u.Create(ctx, nil); return err },
		"Delete":                func() error { _, err := u.Delete(ctx, "."); return err },
		"Ban":                   func() error { _, err := u.Ban(ctx, ""); return err },
		"DisableMFA":            func() error { return u.DisableMFA(ctx, "") },
		"VerifyPassword":        func() error { _, err := u.VerifyPassword(ctx, "user_1", ""); return err },
		"VerifyTOTP":            func() error { _, err := u.VerifyTOTP(ctx, "user_1", ""); return err },
		"OAuthAccessTokens":     func() error { _, err := u.OAuthAccessTokens(ctx, "user_1", "", nil); return err },
		"DeletePasskey":         func() error { _, err := u.DeletePasskey(ctx, "user_1", ".."); return err },
		"DeleteWeb3Wallet":      func() error { _, err := u.DeleteWeb3Wallet(ctx, "user_1", ""); return err },
		"DeleteExternalAccount": func() error { _, err := u.DeleteExternalAccount(ctx, "user_1", ""); return err },
		"RevokeTrustedDevice":   func() error { _, err := u.RevokeTrustedDevice(ctx, "user_1", "."); return err },
		"memberships limit": func() error {
			_, err := u.ListOrganizationMemberships(ctx, "user_1", &UserOrganizationMembershipListParams{Limit: 501})
			return err
		},
		"invitations offset": func() error {
			_, err := u.ListOrganizationInvitations(ctx, "user_1", &UserOrganizationInvitationListParams{Offset: -1})
			return err
		},
		"SetProfileImage nil image": func() error { _, err := u.SetProfileImage(ctx, "user_1", "a.png", nil); return err },
	}
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			err := call()
			if !errors.Is(err, ErrInvalidParams) {
				t.Errorf("error = %v, want ErrInvalidParams", err)
			}
		})
	}
}

func TestUsersListQuery(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/users/count" {
			jsonHandler(200, `{"object":"total_count","total_count":9}`)(w, r)
			return
		}
		jsonHandler(200, usersJSON("user_1"))(w, r)
	})
	c, _ := newTestClient(t, s)
	at := time.Date(2024, 10, 29, 0, 0, 0, 0, time.UTC)
	params := &UserListParams{
		EmailAddresses:    []string{"a@example.com", "b@example.com"},
		PhoneNumbers:      []string{"+15550100"},
		ExternalIDs:       []string{"-ext_1"},
		Usernames:         []string{"ada"},
		Web3Wallets:       []string{"0xabc"},
		UserIDs:           []string{"user_1", "user_2"},
		OrganizationIDs:   []string{"org_1"},
		Query:             "ada",
		EmailAddressQuery: "example",
		PhoneNumberQuery:  "555",
		UsernameQuery:     "ad",
		NameQuery:         "love",
		Banned:            Ptr(false),
		LastActiveAfter:   at,
		LastActiveBefore:  at.Add(time.Millisecond),
		LastSignInAfter:   at.Add(2 * time.Millisecond),
		LastSignInBefore:  at.Add(3 * time.Millisecond),
		CreatedAfter:      at.Add(4 * time.Millisecond),
		CreatedBefore:     at.Add(5 * time.Millisecond),
		Provider:          "oauth_google",
		ProviderUserIDs:   []string{"1234"},
		OrderBy:           "-created_at",
		Limit:             2,
		StartingAfter:     "user_0",
	}
	list, err := c.Users.List(context.Background(), params)
	if err != nil {
		t.Fatalf("List: %v", err)
	}
	// A short page after a cursor does not show the total: Count does.
	if diff := cmp.Diff(&UserList{Data: []User{{Object: "user", ID: "user_1"}}, TotalCount: 9}, list); diff != "" {
		t.Errorf("List mismatch (-want +got):\n%s", diff)
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want list and count", len(reqs))
	}
	filters := url.Values{
		"email_address":          {"a@example.com", "b@example.com"},
		"phone_number":           {"+15550100"},
		"external_id":            {"-ext_1"},
		"username":               {"ada"},
		"web3_wallet":            {"0xabc"},
		"user_id":                {"user_1", "user_2"},
		"organization_id":        {"org_1"},
		"query":                  {"ada"},
		"email_address_query":    {"example"},
		"phone_number_query":     {"555"},
		"username_query":         {"ad"},
		"name_query":             {"love"},
		"banned":                 {"false"},
		"last_active_at_after":   {"1730160000000"},
		"last_active_at_before":  {"1730160000001"},
		"last_sign_in_at_after":  {"1730160000002"},
		"last_sign_in_at_before": {"1730160000003"},
		"created_at_after":       {"1730160000004"},
		"created_at_before":      {"1730160000005"},
		"provider":               {"oauth_google"},
		"provider_user_id":       {"1234"},
	}
	wantList := url.Values{"order_by": {"-created_at"}, "limit": {"2"}, "starting_after": {"user_0"}}
	for k, v := range filters {
		wantList[k] = v
	}
	if diff := cmp.Diff(wantList, queryOf(t, reqs[0].Query)); reqs[0].Path != "/v1/users" || diff != "" {
		t.Errorf("list request %s, query (-want +got):\n%s", reqs[0].Path, diff)
	}
	if diff := cmp.Diff(filters, queryOf(t, reqs[1].Query)); reqs[1].Path != "/v1/users/count" || diff != "" {
		t.Errorf("count request %s, query (-want +got):\n%s", reqs[1].Path, diff)
	}
}

func TestUsersListTotalCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		params    *UserListParams
		page      []string
		wantCount bool // whether GET /users/count is asked
		wantTotal int64
	}{
		{"nil params, full default page", nil, []string{"u1", "u2"}, true, 42},
		{"empty result", nil, nil, false, 0},
		{"short first page with explicit limit", &UserListParams{Limit: 5}, []string{"u1", "u2"}, false, 2},
		{"full page with explicit limit", &UserListParams{Limit: 2}, []string{"u1", "u2"}, true, 42},
		{"short page after an offset", &UserListParams{Limit: 5, Offset: 10}, []string{"u1"}, true, 42},
		{"empty page after an offset", &UserListParams{Offset: 100}, nil, true, 42},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/v1/users/count" {
					jsonHandler(200, `{"object":"total_count","total_count":42}`)(w, r)
					return
				}
				jsonHandler(200, usersJSON(tt.page...))(w, r)
			})
			c, _ := newTestClient(t, s)
			got, err := c.Users.List(context.Background(), tt.params)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if !slices.Equal(userIDs(got.Data), tt.page) || got.TotalCount != tt.wantTotal {
				t.Errorf("List = %v total %d, want %v total %d", userIDs(got.Data), got.TotalCount, tt.page, tt.wantTotal)
			}
			if n := len(s.requests()); n != 1+boolInt(tt.wantCount) {
				t.Errorf("made %d requests, want count request %v", n, tt.wantCount)
			}
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestUsersListCountError(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/users/count" {
			jsonHandler(422, `{"errors":[{"code":"form_param_invalid","message":"bad"}]}`)(w, r)
			return
		}
		jsonHandler(200, usersJSON("u1"))(w, r)
	})
	c, _ := newTestClient(t, s, noRetry)
	list, err := c.Users.List(context.Background(), nil)
	if list != nil || !HasErrorCode(err, "form_param_invalid") {
		t.Errorf("List = %v, %v; want nil and the count error", list, err)
	}
}

func TestUsersListInvalidParams(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params UserListParams
		param  string
	}{
		{"limit too big", UserListParams{Limit: 501}, "Limit"},
		{"negative limit", UserListParams{Limit: -1}, "Limit"},
		{"negative offset", UserListParams{Offset: -1}, "Offset"},
		{"cursor with other ordering", UserListParams{OrderBy: "username", StartingAfter: "user_1"}, "StartingAfter"},
		{"cursor with offset", UserListParams{Offset: 10, StartingAfter: "user_1"}, "StartingAfter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				t.Errorf("unexpected request %s", r.URL)
			})
			c, _ := newTestClient(t, s)
			_, err := c.Users.List(context.Background(), &tt.params)
			var pe *InvalidParamError
			if !errors.As(err, &pe) || pe.Param != tt.param || !errors.Is(err, ErrInvalidParams) {
				t.Errorf("List error = %v, want InvalidParamError for %s", err, tt.param)
			}
			for _, err := range c.Users.All(context.Background(), &tt.params) {
				if !errors.As(err, &pe) || pe.Param != tt.param {
					t.Errorf("All error = %v, want InvalidParamError for %s", err, tt.param)
				}
			}
		})
	}
}

func TestUsersCount(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{"object":"total_count","total_count":7}`))
	c, _ := newTestClient(t, s)
	n, err := c.Users.Count(context.Background(), &UserListParams{Query: "ada", Limit: 3, Offset: 1, OrderBy: "username"})
	if err != nil || n != 7 {
		t.Fatalf("Count = %d, %v; want 7", n, err)
	}
	if n, err := c.Users.Count(context.Background(), nil); err != nil || n != 7 {
		t.Fatalf("Count(nil) = %d, %v; want 7", n, err)
	}
	reqs := s.requests()
	if got := reqs[0].Query; got != "query=ada" {
		t.Errorf("count query = %q, want only the filter", got)
	}
	if got := reqs[1].Query; got != "" {
		t.Errorf("count(nil) query = %q, want none", got)
	}
}

// pagedServer serves n users user_0000 … named by index, in pages, and
// records the paging params of each request. With cursor it honours
// starting_after; without, offset.
func pagedServer(t *testing.T, n int, failAt int) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		if failAt > 0 && (q.Get("offset") == strconv.Itoa(failAt) || q.Get("starting_after") == fmt.Sprintf("user_%04d", failAt-1)) {
			jsonHandler(500, `{"errors":[{"code":"internal","message":"boom"}]}`)(w, r)
			return
		}
		limit, _ := strconv.Atoi(q.Get("limit"))
		start, _ := strconv.Atoi(q.Get("offset"))
		if c := q.Get("starting_after"); c != "" {
			i, _ := strconv.Atoi(strings.TrimPrefix(c, "user_"))
			start = i + 1
		}
		var ids []string
		for i := start; i < n && len(ids) < limit; i++ {
			ids = append(ids, fmt.Sprintf("user_%04d", i))
		}
		jsonHandler(200, usersJSON(ids...))(w, r)
	})
}

// pagingOf returns the limit/offset/starting_after/order_by of each
// recorded request, for comparison.
func pagingOf(t *testing.T, s *server) []string {
	var got []string
	for _, r := range s.requests() {
		q := queryOf(t, r.Query)
		for k := range q {
			if k != "limit" && k != "offset" && k != "starting_after" && k != "order_by" {
				delete(q, k)
			}
		}
		got = append(got, q.Encode())
	}
	return got
}

func TestUsersAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		params     *UserListParams
		n          int
		wantPaging []string
		wantFirst  int // index of the first user yielded
	}{
		{
			name:   "cursor with the default ordering",
			params: &UserListParams{Limit: 2},
			n:      5,
			wantPaging: []string{
				"limit=2",
				"limit=2&starting_after=user_0001",
				"limit=2&starting_after=user_0003",
			},
		},
		{
			name:   "cursor stops after an exactly full last page",
			params: &UserListParams{Limit: 2, OrderBy: "+created_at"},
			n:      4,
			wantPaging: []string{
				"limit=2&order_by=%2Bcreated_at",
				"limit=2&order_by=%2Bcreated_at&starting_after=user_0001",
				"limit=2&order_by=%2Bcreated_at&starting_after=user_0003",
			},
		},
		{
			name:   "cursor after a first offset",
			params: &UserListParams{Limit: 2, Offset: 1},
			n:      4,
			wantPaging: []string{
				"limit=2&offset=1",
				"limit=2&starting_after=user_0002",
			},
			wantFirst: 1,
		},
		{
			name:   "cursor from the caller",
			params: &UserListParams{Limit: 3, StartingAfter: "user_0000"},
			n:      3,
			wantPaging: []string{
				"limit=3&starting_after=user_0000",
			},
			wantFirst: 1,
		},
		{
			name:   "offset for another ordering",
			params: &UserListParams{Limit: 2, OrderBy: "username"},
			n:      5,
			wantPaging: []string{
				"limit=2&order_by=username",
				"limit=2&offset=2&order_by=username",
				"limit=2&offset=4&order_by=username",
			},
		},
		{
			name:       "default page size is the maximum",
			params:     nil,
			n:          3,
			wantPaging: []string{"limit=500"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := pagedServer(t, tt.n, 0)
			c, _ := newTestClient(t, s)
			var got []string
			for u, err := range c.Users.All(context.Background(), tt.params) {
				if err != nil {
					t.Fatalf("All: %v", err)
				}
				got = append(got, u.ID)
			}
			var want []string
			for i := tt.wantFirst; i < tt.n; i++ {
				want = append(want, fmt.Sprintf("user_%04d", i))
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("users (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPaging, pagingOf(t, s)); diff != "" {
				t.Errorf("paging (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUsersAllIsLazyAndStopsOnBreak(t *testing.T) {
	t.Parallel()
	s := pagedServer(t, 10, 0)
	c, _ := newTestClient(t, s)
	params := &UserListParams{Limit: 2, UserIDs: []string{"a"}}
	seq := c.Users.All(context.Background(), params)
	if n := len(s.requests()); n != 0 {
		t.Fatalf("All made %d requests before ranging", n)
	}
	params.Limit, params.UserIDs[0] = 5, "changed" // the iterator copied params
	for range 2 {                                  // re-ranging restarts
		var got []string
		for u, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, u.ID)
			if len(got) == 3 {
				break
			}
		}
		if want := []string{"user_0000", "user_0001", "user_0002"}; !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	}
	reqs := s.requests()
	if len(reqs) != 4 {
		t.Errorf("made %d requests, want 2 per range", len(reqs))
	}
	for _, r := range reqs {
		if q := queryOf(t, r.Query); q.Get("limit") != "2" || q.Get("user_id") != "a" {
			t.Errorf("request %q does not use the params as given to All", r.Query)
		}
	}
}

func TestUsersAllYieldsOneErrorAndStops(t *testing.T) {
	t.Parallel()
	for _, orderBy := range []string{"", "username"} {
		t.Run("order_by="+orderBy, func(t *testing.T) {
			t.Parallel()
			s := pagedServer(t, 10, 4) // the page starting at user_0004 fails
			c, _ := newTestClient(t, s, noRetry)
			var ids []string
			var errs []error
			for u, err := range c.Users.All(context.Background(), &UserListParams{Limit: 2, OrderBy: orderBy}) {
				if err != nil {
					if u != nil {
						t.Errorf("yielded user %v with error", u)
					}
					errs = append(errs, err)
					continue // the iterator must stop by itself
				}
				ids = append(ids, u.ID)
			}
			if want := []string{"user_0000", "user_0001", "user_0002", "user_0003"}; !slices.Equal(ids, want) {
				t.Errorf("users = %v, want %v", ids, want)
			}
			var apiErr *APIError
			if len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != 500 {
				t.Errorf("errors = %v, want one 500 APIError", errs)
			}
			if n := len(s.requests()); n != 3 {
				t.Errorf("made %d requests, want 3", n)
			}
		})
	}
}

func TestUsersAllStuckCursor(t *testing.T) {
	t.Parallel()
	// A server that ignores starting_after serves the same page forever.
	s := newServer(t, jsonHandler(200, usersJSON("user_a", "user_b")))
	c, _ := newTestClient(t, s)
	var n int
	var last error
	for _, err := range c.Users.All(context.Background(), &UserListParams{Limit: 2}) {
		n++
		last = err
	}
	// The repeated page is refused before any of its users is yielded.
	if !errors.Is(last, ErrPaginationLoop) || n != 3 {
		t.Errorf("got %d yields ending with %v, want 2 users and ErrPaginationLoop", n, last)
	}
}

func TestUsersAllContextCanceled(t *testing.T) {
	t.Parallel()
	s := pagedServer(t, 10, 0)
	c, _ := newTestClient(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	for u, err := range c.Users.All(ctx, &UserListParams{Limit: 2}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if u.ID == "user_0001" {
			cancel()
		}
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("errors = %v, want one wrapping context.Canceled", errs)
	}
}

func TestUsersCreate(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{"object":"user","id":"user_new"}`))
	c, _ := newTestClient(t, s)
	accepted := time.Date(2012, 10, 20, 9, 15, 20, 902_000_000, time.FixedZone("CEST", 2*3600))
	u, err := c.Users.Create(context.Background(), &UserCreateParams{
		EmailAddresses:       []string{"ada@example.com", "old@example.com"},
		EmailAddressStatuses: []string{"verified", "reserved"},
		Password:             Ptr("correct horse battery staple"),
		SkipPasswordChecks:   Ptr(false),
		LegalAcceptedAt:      &accepted,
		PublicMetadata:       map[string]any{"plan": "team"},
	})
	if err != nil || u.ID != "user_new" {
		t.Fatalf("Create = %v, %v", u, err)
	}
	r := s.requests()[0]
	const want = `{"email_address":["ada@example.com","old@example.com"],"email_address_identification_status":["verified","reserved"],"legal_accepted_at":"2012-10-20T07:15:20.902Z","password":"correct horse battery staple","public_metadata":{"plan":"team"},"skip_password_checks":false}`
	if r.Method != "POST" || r.Path != "/v1/users" || r.Body != want {
		t.Errorf("request %s %s %s\nwant body %s", r.Method, r.Path, r.Body, want)
	}
}

func TestUsersUpdateClear(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		params   UserUpdateParams
		wantBody string
		wantErr  string // Reason substring of an InvalidParamError
	}{
		{
			name:     "set only",
			params:   UserUpdateParams{FirstName: Ptr("Ada"), CreateOrganizationsLimit: Ptr(0)},
			wantBody: `{"create_organizations_limit":0,"first_name":"Ada"}`,
		},
		{
			name:     "clear only",
			params:   UserUpdateParams{Clear: []UserField{UserFieldExternalID}},
			wantBody: `{"external_id":null}`,
		},
		{
			name: "set and clear, each field once",
			params: UserUpdateParams{
				FirstName: Ptr("Ada"),
				Clear:     []UserField{UserFieldUsername, UserFieldExternalID, UserFieldUsername, UserFieldLastName, UserFieldLocale},
			},
			wantBody: `{"first_name":"Ada","username":null,"external_id":null,"last_name":null,"locale":null}`,
		},
		{
			name:     "set empty string is not clear",
			params:   UserUpdateParams{LastName: Ptr("")},
			wantBody: `{"last_name":""}`,
		},
		{
			name:    "set and cleared",
			params:  UserUpdateParams{Username: Ptr("ada"), Clear: []UserField{UserFieldUsername}},
			wantErr: "both set and cleared",
		},
		{
			name:    "not clearable",
			params:  UserUpdateParams{Clear: []UserField{"password"}},
			wantErr: `cannot clear "password"`,
		},
		{
			name:    "first name set and cleared",
			params:  UserUpdateParams{FirstName: Ptr("A"), Clear: []UserField{UserFieldFirstName}},
			wantErr: "both set and cleared",
		},
		{
			name:     "clear the legal acceptance and the organizations limit",
			params:   UserUpdateParams{Locale: Ptr("fr-FR"), Clear: []UserField{UserFieldLegalAcceptedAt, UserFieldCreateOrganizationsLimit}},
			wantBody: `{"locale":"fr-FR","legal_accepted_at":null,"create_organizations_limit":null}`,
		},
		{
			name:    "organizations limit set and cleared",
			params:  UserUpdateParams{CreateOrganizationsLimit: Ptr(3), Clear: []UserField{UserFieldCreateOrganizationsLimit}},
			wantErr: "both set and cleared",
		},
		{
			name:    "a primary identifier is picked, not cleared",
			params:  UserUpdateParams{Clear: []UserField{"primary_email_address_id"}},
			wantErr: `cannot clear "primary_email_address_id"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(200, `{"object":"user","id":"user_1"}`))
			c, _ := newTestClient(t, s)
			_, err := c.Users.Update(context.Background(), "user_1", &tt.params)
			reqs := s.requests()
			if tt.wantErr != "" {
				var pe *InvalidParamError
				if !errors.As(err, &pe) || !strings.Contains(pe.Reason, tt.wantErr) || len(reqs) != 0 {
					t.Errorf("Update = %v after %d requests, want InvalidParamError %q and none", err, len(reqs), tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Update: %v", err)
			}
			r := reqs[0]
			if r.Method != "PATCH" || r.Path != "/v1/users/user_1" || r.Headers.Get("Content-Type") != "application/json" {
				t.Errorf("request %s %s %s", r.Method, r.Path, r.Headers.Get("Content-Type"))
			}
			// The members are compared, not their order: the body is the
			// generated type's encoding, in the order of its fields.
			var got, want map[string]any
			if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
				t.Fatalf("body is not JSON: %v\n%s", err, r.Body)
			}
			if err := json.Unmarshal([]byte(tt.wantBody), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("body %s (-want +got):\n%s", r.Body, diff)
			}
		})
	}
}

func TestUsersMetadata(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		replace    bool
		params     *UserMetadataParams
		wantMethod string
		wantBody   string
	}{
		{"merge removes a key with nil", false, &UserMetadataParams{PublicMetadata: map[string]any{"plan": "pro", "trial": nil}}, "PATCH", `{"public_metadata":{"plan":"pro","trial":null}}`},
		{"merge nil params", false, nil, "PATCH", `{}`},
		{"replace with empty map empties", true, &UserMetadataParams{PrivateMetadata: map[string]any{}}, "PUT", `{"private_metadata":{}}`},
		{"replace all three", true, &UserMetadataParams{PublicMetadata: map[string]any{"a": 1}, PrivateMetadata: map[string]any{"b": 2}, UnsafeMetadata: map[string]any{"c": 3}}, "PUT", `{"private_metadata":{"b":2},"public_metadata":{"a":1},"unsafe_metadata":{"c":3}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(200, `{"object":"user","id":"user_1"}`))
			c, _ := newTestClient(t, s)
			call := c.Users.UpdateMetadata
			if tt.replace {
				call = c.Users.ReplaceMetadata
			}
			if _, err := call(context.Background(), "user_1", tt.params); err != nil {
				t.Fatal(err)
			}
			r := s.requests()[0]
			if r.Method != tt.wantMethod || r.Path != "/v1/users/user_1/metadata" || r.Body != tt.wantBody {
				t.Errorf("request %s %s %s, want %s with %s", r.Method, r.Path, r.Body, tt.wantMethod, tt.wantBody)
			}
		})
	}
}

func TestUsersMetadataValues(t *testing.T) {
	t.Parallel()
	type prefs struct {
		Theme string   `json:"theme"`
		Tags  []string `json:"tags,omitempty"`
	}
	tests := []struct {
		name     string
		params   UserMetadataParams
		wantBody string
		wantErr  string // the failing param
	}{
		{"struct", UserMetadataParams{UnsafeMetadata: prefs{Theme: "dark"}}, `{"unsafe_metadata":{"theme":"dark"}}`, ""},
		{"pointer to struct", UserMetadataParams{PublicMetadata: &prefs{Tags: []string{"a"}}}, `{"public_metadata":{"theme":"","tags":["a"]}}`, ""},
		{"raw JSON", UserMetadataParams{PrivateMetadata: json.RawMessage(`{"n":1}`)}, `{"private_metadata":{"n":1}}`, ""},
		{"nil map and nil pointer are unset", UserMetadataParams{PublicMetadata: map[string]any(nil), PrivateMetadata: (*prefs)(nil)}, `{}`, ""},
		{"not an object", UserMetadataParams{PublicMetadata: []string{"a"}}, "", "PublicMetadata"},
		{"a string", UserMetadataParams{PrivateMetadata: "x"}, "", "PrivateMetadata"},
		{"unencodable", UserMetadataParams{UnsafeMetadata: map[string]any{"f": func() {}}}, "", "UnsafeMetadata"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(200, `{"object":"user","id":"user_1"}`))
			c, _ := newTestClient(t, s)
			_, err := c.Users.UpdateMetadata(context.Background(), "user_1", &tt.params)
			if tt.wantErr != "" {
				var pe *InvalidParamError
				if !errors.As(err, &pe) || pe.Param != tt.wantErr || len(s.requests()) != 0 {
					t.Errorf("error = %v, want InvalidParamError for %s before any request", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.requests()[0].Body; got != tt.wantBody {
				t.Errorf("body = %s, want %s", got, tt.wantBody)
			}
		})
	}
}

func TestUsersBanMany(t *testing.T) {
	t.Parallel()
	fifty := make([]string, 50)
	for i := range fifty {
		fifty[i] = fmt.Sprintf("user_%d", i)
	}
	tests := []struct {
		name    string
		ids     []string
		wantErr bool
	}{
		{"none", nil, true},
		{"fifty-one", append(slices.Clone(fifty), "user_x"), true},
		{"an empty ID", []string{"user_1", ""}, true},
		{"fifty", fifty, false},
		{"one", []string{"user_1"}, false},
	}
	for _, tt := range tests {
		for _, unban := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s unban=%v", tt.name, unban), func(t *testing.T) {
				t.Parallel()
				s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
					var body struct {
						UserIDs []string `json:"user_ids"`
					}
					_ = json.NewDecoder(r.Body).Decode(&body)
					jsonHandler(200, usersJSON(body.UserIDs...))(w, r)
				})
				c, _ := newTestClient(t, s)
				call, path := c.Users.BanMany, "/v1/users/ban"
				if unban {
					call, path = c.Users.UnbanMany, "/v1/users/unban"
				}
				users, err := call(context.Background(), tt.ids)
				reqs := s.requests()
				if tt.wantErr {
					if !errors.Is(err, ErrInvalidParams) || len(reqs) != 0 || users != nil {
						t.Errorf("got %v, %v after %d requests; want ErrInvalidParams before any", users, err, len(reqs))
					}
					return
				}
				if err != nil || !slices.Equal(userIDs(users), tt.ids) {
					t.Fatalf("got %v, %v", users, err)
				}
				if reqs[0].Method != "POST" || reqs[0].Path != path {
					t.Errorf("request %s %s, want POST %s", reqs[0].Method, reqs[0].Path, path)
				}
			})
		}
	}
}

func TestUsersVerifyPasswordKeepsItSecret(t *testing.T) {
	t.Parallel()
	const password = "hunter2-S3CRET-pw"
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "user_bad") {
			jsonHandler(422, `{"errors":[{"code":"incorrect_password","message":"Password is incorrect"}]}`)(w, r)
			return
		}
		jsonHandler(200, `{"verified":true}`)(w, r)
	})
	c, _ := newTestClient(t, s, noRetry)
	v, err := c.Users.VerifyPassword(context.Background(), "user_1", password)
	if err != nil || v.Verified == nil || !*v.Verified {
		t.Fatalf("VerifyPassword = %+v, %v", v, err)
	}
	if got := s.requests()[0]; got.Body != `{"password":"`+password+`"}` || got.Query != "" {
		t.Errorf("password sent as body %q query %q", got.Body, got.Query)
	}
	_, err = c.Users.VerifyPassword(context.Background(), "user_bad", password)
	if !HasErrorCode(err, "incorrect_password") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error = %v", err)
	}
}

func TestUsersOptionalBodiesAndQueries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name      string
		call      func(c *Client) error
		wantQuery string
		wantBody  string
	}{
		{"remove password default", func(c *Client) error { _, err := c.Users.RemovePassword(ctx, "u", nil); return err }, "", `{}`},
		{"remove password sign out", func(c *Client) error {
			_, err := c.Users.RemovePassword(ctx, "u", &UserRemovePasswordParams{SignOutOfOtherSessions: true})
			return err
		}, "", `{"sign_out_of_other_sessions":true}`},
		{"compromised default", func(c *Client) error { _, err := c.Users.SetPasswordCompromised(ctx, "u", nil); return err }, "", `{}`},
		{"compromised revoke", func(c *Client) error {
			_, err := c.Users.SetPasswordCompromised(ctx, "u", &UserPasswordCompromisedParams{RevokeAllSessions: true})
			return err
		}, "", `{"revoke_all_sessions":true}`},
		{"verify TOTP", func(c *Client) error { _, err := c.Users.VerifyTOTP(ctx, "u", "123456"); return err }, "", `{"code":"123456"}`},
		{"oauth tokens page", func(c *Client) error {
			_, err := c.Users.OAuthAccessTokens(ctx, "u", "oauth_google", &UserOAuthAccessTokenListParams{Limit: 20, Offset: 40})
			return err
		}, "limit=20&offset=40", ""},
		{"memberships page", func(c *Client) error {
			_, err := c.Users.ListOrganizationMemberships(ctx, "u", &UserOrganizationMembershipListParams{Limit: 5})
			return err
		}, "limit=5", ""},
		{"invitations status", func(c *Client) error {
			_, err := c.Users.ListOrganizationInvitations(ctx, "u", &UserOrganizationInvitationListParams{Status: "pending", Offset: 10})
			return err
		}, "offset=10&status=pending", ""},
		{"invitations default", func(c *Client) error { _, err := c.Users.ListOrganizationInvitations(ctx, "u", nil); return err }, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch {
				case strings.Contains(r.URL.Path, "oauth_access_tokens"):
					jsonHandler(200, `[]`)(w, r)
				case strings.HasSuffix(r.URL.Path, "organization_memberships"), strings.HasSuffix(r.URL.Path, "organization_invitations"):
					jsonHandler(200, `{"data":[],"total_count":0}`)(w, r)
				default:
					jsonHandler(200, `{"object":"user","id":"u","verified":true}`)(w, r)
				}
			})
			c, _ := newTestClient(t, s)
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			r := s.requests()[0]
			if r.Query != tt.wantQuery || r.Body != tt.wantBody {
				t.Errorf("query %q body %q, want %q %q", r.Query, r.Body, tt.wantQuery, tt.wantBody)
			}
		})
	}
}

// upload is what the test server saw of a profile image upload.
type upload struct {
	contentLength    int64
	transferEncoding []string
	fileName         string
	partType         string
	data             []byte
}

// uploadServer parses multipart uploads to /v1/users/{id}/profile_image.
// It does not use newServer, which reads the whole body before the handler
// runs; received, if not nil, is closed once the first part bytes arrive.
func uploadServer(t *testing.T, received chan<- struct{}) (*httptest.Server, <-chan upload) {
	t.Helper()
	uploads := make(chan upload, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		up := upload{contentLength: r.ContentLength, transferEncoding: r.TransferEncoding}
		if r.Method != "POST" || r.URL.Path != "/v1/users/user_1/profile_image" {
			t.Errorf("request %s %s", r.Method, r.URL.Path)
		}
		mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		if err != nil || mt != "multipart/form-data" {
			t.Errorf("Content-Type %q: %v", r.Header.Get("Content-Type"), err)
			return
		}
		mr := multipart.NewReader(r.Body, params["boundary"])
		part, err := mr.NextPart()
		if err != nil {
			t.Errorf("NextPart: %v", err)
			return
		}
		up.fileName, up.partType = part.FileName(), part.Header.Get("Content-Type")
		if part.FormName() != "file" {
			t.Errorf("form name %q, want file", part.FormName())
		}
		var buf bytes.Buffer
		if received != nil {
			if _, err := io.CopyN(&buf, part, 1); err != nil {
				t.Errorf("first byte: %v", err)
			}
			close(received)
		}
		if _, err := io.Copy(&buf, part); err != nil {
			t.Errorf("reading part: %v", err)
		}
		if _, err := mr.NextPart(); err != io.EOF {
			t.Errorf("after the file: %v, want EOF", err)
		}
		up.data = buf.Bytes()
		uploads <- up
		jsonHandler(200, `{"object":"user","id":"user_1","has_image":true}`)(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, uploads
}

// pngData is a PNG signature followed by filler, as long as n.
func pngData(n int) []byte {
	b := bytes.Repeat([]byte{'x'}, n)
	copy(b, "\x89PNG\r\n\x1a\n")
	return b
}

// plainReader hides every method of r but Read.
type plainReader struct{ r io.Reader }

func (p plainReader) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestUsersSetProfileImage(t *testing.T) {
	t.Parallel()
	data := pngData(100_000)
	file := filepath.Join(t.TempDir(), "avatar.png")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		fileName  string
		image     func(t *testing.T) io.Reader
		wantData  []byte
		wantName  string
		wantType  string
		wantSized bool
	}{
		// Sniffed: the name has no extension.
		{"bytes reader", "avatar", func(*testing.T) io.Reader { return bytes.NewReader(data) }, data, "avatar", "image/png", true},
		{"plain reader is chunked", "avatar.png", func(*testing.T) io.Reader { return plainReader{bytes.NewReader(data)} }, data, "avatar.png", "image/png", false},
		{"file from its current offset", "avatar.png", func(t *testing.T) io.Reader {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			if _, err := f.Seek(8, io.SeekStart); err != nil {
				t.Fatal(err)
			}
			return f
		}, data[8:], "avatar.png", "image/png", true},
		{"unknown type", "notes", func(*testing.T) io.Reader { return strings.NewReader("hello") }, []byte("hello"), "notes", "application/octet-stream", true},
		// Not sniffable: the type comes from the extension.
		{"svg by extension", `C:\pics\logo.svg`, func(*testing.T) io.Reader { return strings.NewReader("<svg/>") }, []byte("<svg/>"), "logo.svg", "image/svg+xml", true},
		{"path and quotes", `../../x"y.png`, func(*testing.T) io.Reader { return strings.NewReader("") }, nil, `x"y.png`, "image/png", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv, uploads := uploadServer(t, nil)
			c, err := NewClient(testKey, WithBaseURL(srv.URL+"/v1"))
			if err != nil {
				t.Fatal(err)
			}
			u, err := c.Users.SetProfileImage(context.Background(), "user_1", tt.fileName, tt.image(t))
			if err != nil || !u.HasImage {
				t.Fatalf("SetProfileImage = %+v, %v", u, err)
			}
			up := <-uploads
			if !bytes.Equal(up.data, tt.wantData) {
				t.Errorf("uploaded %d bytes, want %d", len(up.data), len(tt.wantData))
			}
			if up.fileName != tt.wantName || up.partType != tt.wantType {
				t.Errorf("part file name %q type %q, want %q %q", up.fileName, up.partType, tt.wantName, tt.wantType)
			}
			if sized := up.contentLength >= 0; sized != tt.wantSized {
				t.Errorf("Content-Length %d (transfer encoding %v), want sized %v", up.contentLength, up.transferEncoding, tt.wantSized)
			}
		})
	}
}

// gatedReader yields first, then blocks until gate is closed (or gives
// up after a while), then yields rest.
type gatedReader struct {
	first, rest []byte
	gate        <-chan struct{}
	opened      bool
	timedOut    bool
}

var errNotStreamed = errors.New("the request body was read to the end before any of it was sent")

func (g *gatedReader) Read(p []byte) (int, error) {
	if len(g.first) > 0 {
		n := copy(p, g.first)
		g.first = g.first[n:]
		return n, nil
	}
	if !g.opened {
		select {
		case <-g.gate:
			g.opened = true
		case <-time.After(5 * time.Second):
			g.timedOut = true
			return 0, errNotStreamed
		}
	}
	if len(g.rest) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.rest)
	g.rest = g.rest[n:]
	return n, nil
}

// TestUsersSetProfileImageStreams proves the image is not buffered: the
// reader withholds its second half until the server has received bytes of
// the first.
func TestUsersSetProfileImageStreams(t *testing.T) {
	t.Parallel()
	data := pngData(256 << 10)
	received := make(chan struct{})
	srv, uploads := uploadServer(t, received)
	c, err := NewClient(testKey, WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		t.Fatal(err)
	}
	image := &gatedReader{first: data[:64<<10], rest: data[64<<10:], gate: received}
	_, err = c.Users.SetProfileImage(context.Background(), "user_1", "big.png", image)
	if image.timedOut {
		t.Fatal(errNotStreamed)
	}
	if err != nil {
		t.Fatalf("SetProfileImage: %v", err)
	}
	if up := <-uploads; !bytes.Equal(up.data, data) {
		t.Errorf("uploaded %d bytes, want %d", len(up.data), len(data))
	}
}

// failingReader fails after some bytes.
type failingReader struct{ n int }

var errDiskGone = errors.New("disk gone")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errDiskGone
	}
	n := min(len(p), f.n)
	f.n -= n
	return n, nil
}

func TestUsersSetProfileImageReadErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{"object":"user","id":"user_1"}`))
	c, _ := newTestClient(t, s, noRetry)
	ctx := context.Background()

	// Failing before the request: the sniff read.
	_, err := c.Users.SetProfileImage(ctx, "user_1", "a.png", &failingReader{n: 10})
	if !errors.Is(err, ErrInvalidParams) || !errors.Is(err, errDiskGone) {
		t.Errorf("early failure: %v, want ErrInvalidParams wrapping the cause", err)
	}
	// Failing while the body is sent.
	_, err = c.Users.SetProfileImage(ctx, "user_1", "a.png", &failingReader{n: 100_000})
	var re *RequestError
	if !errors.As(err, &re) || !errors.Is(err, errDiskGone) {
		t.Errorf("late failure: %v, want *RequestError wrapping the cause", err)
	}
	for _, name := range []string{"", "/", "..", "a\r\nX-Evil: 1.png"} {
		if _, err := c.Users.SetProfileImage(ctx, "user_1", name, strings.NewReader("x")); !errors.Is(err, ErrInvalidParams) {
			t.Errorf("file name %q: %v, want ErrInvalidParams", name, err)
		}
	}
}

// fillNonZero sets every exported field of the struct v points to to a
// non-zero value, skipping the named fields.
func fillNonZero(t *testing.T, v any, skip ...string) {
	t.Helper()
	rv := reflect.ValueOf(v).Elem()
	for i := range rv.NumField() {
		f, sf := rv.Field(i), rv.Type().Field(i)
		if slices.Contains(skip, sf.Name) {
			continue
		}
		f.Set(nonZero(t, sf.Name, f.Type()))
	}
}

func nonZero(t *testing.T, name string, typ reflect.Type) reflect.Value {
	if typ == reflect.TypeFor[time.Time]() {
		return reflect.ValueOf(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	}
	v := reflect.New(typ).Elem()
	switch typ.Kind() {
	case reflect.Pointer:
		v.Set(reflect.New(typ.Elem()))
		v.Elem().Set(nonZero(t, name, typ.Elem()))
	case reflect.Slice:
		v.Set(reflect.Append(v, nonZero(t, name, typ.Elem())))
	case reflect.Map:
		v.Set(reflect.MakeMap(typ))
		v.SetMapIndex(reflect.ValueOf("k"), reflect.ValueOf("v"))
	case reflect.Interface: // metadata: any JSON object
		v.Set(reflect.ValueOf(map[string]any{"k": "v"}))
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	default:
		t.Fatalf("field %s: cannot fill %s", name, typ)
	}
	return v
}

// zeroFields names the fields of the struct v points to that are zero.
func zeroFields(v any) []string {
	rv := reflect.ValueOf(v).Elem()
	var zero []string
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			zero = append(zero, rv.Type().Field(i).Name)
		}
	}
	return zero
}

// TestUsersParamsReachEveryGeneratedField fills every field of the facade
// params and checks that every field of the generated request types is
// set: a field the spec adds fails here until the facade maps it.
func TestUsersParamsReachEveryGeneratedField(t *testing.T) {
	t.Parallel()
	var lp UserListParams
	fillNonZero(t, &lp, "StartingAfter") // the cursor needs a zero Offset
	list, err := lp.listParams()
	if err != nil {
		t.Fatal(err)
	}
	if got := zeroFields(list); !slices.Equal(got, []string{"LastActiveAtSince", "StartingAfter"}) {
		t.Errorf("GetUserListParams zero fields = %v; only the deprecated LastActiveAtSince may be", got)
	}
	lp = UserListParams{StartingAfter: "user_1"}
	if list, err := lp.listParams(); err != nil || list.StartingAfter == nil {
		t.Errorf("StartingAfter not mapped: %v", err)
	}
	fillNonZero(t, &lp)
	count, err := lp.countParams()
	if err != nil {
		t.Fatal(err)
	}
	if got := zeroFields(count); !slices.Equal(got, []string{"LastActiveAtSince"}) {
		t.Errorf("GetUsersCountParams zero fields = %v; only the deprecated LastActiveAtSince may be", got)
	}

	var cp UserCreateParams
	fillNonZero(t, &cp)
	create := cp.body()
	if got := zeroFields(&create); len(got) != 0 {
		t.Errorf("CreateUserJSONBody fields not reachable: %v", got)
	}

	var up UserUpdateParams
	fillNonZero(t, &up, "Clear")
	update := up.body()
	if got := zeroFields(&update); len(got) != 0 {
		t.Errorf("UpdateUserJSONBody fields not reachable: %v", got)
	}

	var mp UserMetadataParams
	fillNonZero(t, &mp)
	body, err := mp.encode()
	if err != nil {
		t.Fatal(err)
	}
	var metadata gen.UpdateUserMetadataJSONBody
	if err := json.Unmarshal(body, &metadata); err != nil {
		t.Fatal(err)
	}
	if got := zeroFields(&metadata); len(got) != 0 {
		t.Errorf("UpdateUserMetadataJSONBody fields not reachable: %v", got)
	}
}
