package clerk

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

// Hostile pagination: servers whose pages never end. Each case runs an
// iterator against a loopback server and checks that it ends with a
// *DecodeError wrapping ErrPaginationLoop after a few requests, having
// yielded no item twice.

// hostileCap is how many items a test takes from an iterator before giving
// up on it ending: an iterator that gets there loops.
const hostileCap = 200

// drain ranges over seq, at most hostileCap items, and returns the IDs it
// yielded, how many times each, and the errors.
func drain[T any](seq iter.Seq2[*T, error], id func(*T) string) (ids []string, dups []string, errs []error) {
	count := map[string]int{}
	for v, err := range seq {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, id(v))
		if count[id(v)]++; count[id(v)] == 2 {
			dups = append(dups, id(v))
		}
		if len(ids) == hostileCap {
			break
		}
	}
	return ids, dups, errs
}

// counted serves pages from next, called with the request number (0 for
// the first request), and counts the requests.
func counted(t *testing.T, next func(r *http.Request, n int) string) (*server, *atomic.Int32) {
	var n atomic.Int32
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		jsonHandler(http.StatusOK, next(r, int(n.Add(1)-1)))(w, r)
	})
	return s, &n
}

// orgsJSON is a page of minimal organizations with the given IDs and total.
func orgsJSON(total int, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"object":"organization","id":%q}`, id)
	}
	return fmt.Sprintf(`{"data":[%s],"total_count":%d}`, strings.Join(items, ","), total)
}

// membershipsJSON is a page of minimal memberships with the given IDs.
func membershipsJSON(total int, ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"object":"organization_membership","id":%q}`, id)
	}
	return fmt.Sprintf(`{"data":[%s],"total_count":%d}`, strings.Join(items, ","), total)
}

// sessionsJSON is a JSON array of minimal sessions with the given IDs.
func sessionsJSON(ids ...string) string {
	items := make([]string, len(ids))
	for i, id := range ids {
		items[i] = fmt.Sprintf(`{"object":"session","id":%q}`, id)
	}
	return "[" + strings.Join(items, ",") + "]"
}

// cycle returns the pages in turn, forever.
func cycle(pages ...string) func(*http.Request, int) string {
	return func(_ *http.Request, n int) string { return pages[n%len(pages)] }
}

func TestHostilePagination(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	users := func(p *UserListParams) func(*Client) ([]string, []string, []error) {
		return func(c *Client) ([]string, []string, []error) { return drain(c.Users.All(ctx, p), userID) }
	}
	orgs := func(c *Client) ([]string, []string, []error) {
		return drain(c.Organizations.All(ctx, &OrganizationListParams{Limit: 2}), organizationID)
	}
	offsetOrder := &UserListParams{Limit: 3, OrderBy: "-last_sign_in_at"}
	for _, tt := range []struct {
		name     string
		serve    func(*http.Request, int) string
		iterate  func(*Client) ([]string, []string, []error)
		wantIDs  int // distinct items yielded before the error
		requests int32
	}{
		{
			name:  "Users.All, offset ignored: the same full page forever",
			serve: cycle(usersJSON("user_1", "user_2", "user_3")), iterate: users(offsetOrder),
			wantIDs: 3, requests: 2,
		},
		{
			name:  "Users.All, cursor ignored: the same full page forever",
			serve: cycle(usersJSON("user_1", "user_2")), iterate: users(&UserListParams{Limit: 2}),
			wantIDs: 2, requests: 2,
		},
		{
			name:  "Users.All, cursor ignored on page 1: it holds StartingAfter",
			serve: cycle(usersJSON("user_1", "user_2")), iterate: users(&UserListParams{Limit: 2, StartingAfter: "user_2"}),
			wantIDs: 0, requests: 1,
		},
		{
			name:  "Users.All, two cursor pages alternate",
			serve: cycle(usersJSON("user_1", "user_2"), usersJSON("user_3", "user_4")), iterate: users(&UserListParams{Limit: 2}),
			wantIDs: 4, requests: 3,
		},
		{
			name:    "Users.All, three pages cycle",
			serve:   cycle(usersJSON("user_1", "user_2"), usersJSON("user_3", "user_4"), usersJSON("user_5", "user_6")),
			iterate: users(&UserListParams{Limit: 2}),
			wantIDs: 6, requests: 4,
		},
		{
			name:  "Users.All, offset pages cycle",
			serve: cycle(usersJSON("user_1", "user_2", "user_3"), usersJSON("user_4", "user_5", "user_6")), iterate: users(offsetOrder),
			wantIDs: 6, requests: 3,
		},
		{
			name:  "Users.All, a user twice on one page",
			serve: cycle(usersJSON("user_1", "user_2"), usersJSON("user_3", "user_3")), iterate: users(&UserListParams{Limit: 2}),
			wantIDs: 2, requests: 2,
		},
		{
			name:  "Organizations.All, total_count says 3 but the same page keeps coming",
			serve: cycle(orgsJSON(3, "org_1", "org_2")), iterate: orgs,
			wantIDs: 2, requests: 2,
		},
		{
			name: "Organizations.All, total_count keeps growing, offset ignored",
			serve: func(_ *http.Request, n int) string {
				return orgsJSON(10*(n+1), "org_1", "org_2")
			},
			iterate: orgs,
			wantIDs: 2, requests: 2,
		},
		{
			name:  "Organizations.All, two pages alternate under a growing total",
			serve: func(_ *http.Request, n int) string { return orgsJSON(10*(n+1), fmt.Sprint("org_", n%2)) },
			iterate: func(c *Client) ([]string, []string, []error) {
				return drain(c.Organizations.All(ctx, &OrganizationListParams{Limit: 1}), organizationID)
			},
			wantIDs: 2, requests: 3,
		},
		{
			name:  "Organizations.AllMemberships, offset ignored",
			serve: cycle(membershipsJSON(100, "orgmem_1", "orgmem_2")),
			iterate: func(c *Client) ([]string, []string, []error) {
				return drain(c.Organizations.AllMemberships(ctx, "org_1", &OrganizationMembershipListParams{Limit: 2}), membershipID)
			},
			wantIDs: 2, requests: 2,
		},
		{
			name:  "Sessions.All, offset ignored",
			serve: cycle(sessionsJSON("sess_1", "sess_2")),
			iterate: func(c *Client) ([]string, []string, []error) {
				return drain(c.Sessions.All(ctx, &SessionListParams{UserID: Ptr("user_1"), Limit: 2}), sessionID)
			},
			wantIDs: 2, requests: 2,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, requests := counted(t, tt.serve)
			c, _ := newTestClient(t, s)
			ids, dups, errs := tt.iterate(c)
			if len(dups) > 0 {
				t.Errorf("yielded %v more than once", dups)
			}
			if len(ids) != tt.wantIDs {
				t.Errorf("yielded %d items %v…, want %d", len(ids), ids[:min(len(ids), 8)], tt.wantIDs)
			}
			var de *DecodeError
			if len(errs) != 1 || !errors.Is(errs[0], ErrPaginationLoop) || !errors.As(errs[0], &de) {
				t.Errorf("errors = %v, want one *DecodeError wrapping ErrPaginationLoop", errs)
			}
			if n := requests.Load(); n != tt.requests {
				t.Errorf("server saw %d requests, want %d", n, tt.requests)
			}
		})
	}
}

// TestOffsetPagesSkipShiftedItems: with offset paging, a user created at
// the front of the list while All runs pushes the last user of a page onto
// the next one. That user is skipped, not yielded twice and not an error.
func TestOffsetPagesSkipShiftedItems(t *testing.T) {
	t.Parallel()
	s, requests := counted(t, cycle(
		orgsJSON(4, "org_4", "org_3"),
		orgsJSON(5, "org_3", "org_2"), // org_5 was created: org_3 shifted
		orgsJSON(5, "org_1"),
	))
	c, _ := newTestClient(t, s)
	ids, dups, errs := drain(c.Organizations.All(context.Background(), &OrganizationListParams{Limit: 2}), organizationID)
	if want := "[org_4 org_3 org_2 org_1]"; fmt.Sprint(ids) != want || len(dups) > 0 || len(errs) > 0 {
		t.Errorf("yielded %v (duplicates %v), errors %v; want %s and no error", ids, dups, errs, want)
	}
	if n := requests.Load(); n != 3 {
		t.Errorf("server saw %d requests, want 3", n)
	}
}

// Hostile bodies: a 200 whose JSON decodes but is not the resource. Each
// call must fail with a *DecodeError wrapping ErrUnexpectedResponse; an
// iterator must end with that error, not silently.

func TestHostileBodies(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	get := func(call func(*Client) (any, error)) func(*Client) []error {
		return func(c *Client) []error {
			v, err := call(c)
			if err != nil && !reflectNil(v) {
				t.Errorf("result %v with error %v, want nil", v, err)
			}
			return []error{err}
		}
	}
	all := func(call func(*Client) ([]string, []string, []error)) func(*Client) []error {
		return func(c *Client) []error {
			_, dups, errs := call(c)
			if len(dups) > 0 {
				t.Errorf("yielded %v more than once", dups)
			}
			return errs
		}
	}
	usersGet := get(func(c *Client) (any, error) { return c.Users.Get(ctx, "user_1") })
	for _, tt := range []struct {
		name     string
		serve    func(*http.Request, int) string
		call     func(*Client) []error
		requests int32
	}{
		{"Users.Get on null", cycle(`null`), usersGet, 1},
		{"Users.Get on null with spaces", cycle(" \n null "), usersGet, 1},
		{"Users.Get on {}", cycle(`{}`), usersGet, 1},
		{"Users.Get on a user without id", cycle(`{"object":"user","first_name":"Ada"}`), usersGet, 1},
		{"Organizations.Get on {}", cycle(`{}`), get(func(c *Client) (any, error) {
			return c.Organizations.Get(ctx, "org_1", nil)
		}), 1},
		{"Sessions.Get on null", cycle(`null`), get(func(c *Client) (any, error) {
			return c.Sessions.Get(ctx, "sess_1")
		}), 1},
		{"Users.Delete on {}", cycle(`{}`), get(func(c *Client) (any, error) {
			return c.Users.Delete(ctx, "user_1")
		}), 1},
		{"Users.Count on {}", cycle(`{}`), get(func(c *Client) (any, error) {
			n, err := c.Users.Count(ctx, nil)
			if err != nil {
				return nil, err
			}
			return n, nil
		}), 1},
		{"Users.List on null", cycle(`null`), get(func(c *Client) (any, error) {
			return c.Users.List(ctx, &UserListParams{Limit: 10})
		}), 1},
		{"Users.List with a user without id", cycle(`[{"object":"user","id":"user_1"},{"object":"user"}]`), get(func(c *Client) (any, error) {
			return c.Users.List(ctx, &UserListParams{Limit: 10})
		}), 1},
		{"Sessions.List on null", cycle(`null`), get(func(c *Client) (any, error) {
			return c.Sessions.List(ctx, &SessionListParams{UserID: Ptr("user_1")})
		}), 1},
		{"Organizations.List on null", cycle(`null`), get(func(c *Client) (any, error) {
			return c.Organizations.List(ctx, nil)
		}), 1},
		{"Organizations.List on {}", cycle(`{}`), get(func(c *Client) (any, error) {
			return c.Organizations.List(ctx, nil)
		}), 1},
		{"Organizations.List with data null", cycle(`{"data":null,"total_count":5}`), get(func(c *Client) (any, error) {
			return c.Organizations.List(ctx, nil)
		}), 1},
		{
			"Users.All, a null page after page 1",
			cycle(usersJSON("user_1", "user_2"), `null`),
			all(func(c *Client) ([]string, []string, []error) {
				return drain(c.Users.All(ctx, &UserListParams{Limit: 2}), userID)
			}), 2,
		},
		{
			"Users.All with offsets, a null page after page 1",
			cycle(usersJSON("user_1", "user_2"), `null`),
			all(func(c *Client) ([]string, []string, []error) {
				return drain(c.Users.All(ctx, &UserListParams{Limit: 2, OrderBy: "-last_sign_in_at"}), userID)
			}), 2,
		},
		{
			"Sessions.All, a null page after page 1",
			cycle(sessionsJSON("sess_1", "sess_2"), `null`),
			all(func(c *Client) ([]string, []string, []error) {
				return drain(c.Sessions.All(ctx, &SessionListParams{UserID: Ptr("user_1"), Limit: 2}), sessionID)
			}), 2,
		},
		{
			"Organizations.All, data null after page 1",
			cycle(orgsJSON(10, "org_1", "org_2"), `{"data":null,"total_count":10}`),
			all(func(c *Client) ([]string, []string, []error) {
				return drain(c.Organizations.All(ctx, &OrganizationListParams{Limit: 2}), organizationID)
			}), 2,
		},
		{
			"Organizations.AllMemberships, {} after page 1",
			cycle(membershipsJSON(10, "orgmem_1", "orgmem_2"), `{}`),
			all(func(c *Client) ([]string, []string, []error) {
				return drain(c.Organizations.AllMemberships(ctx, "org_1", &OrganizationMembershipListParams{Limit: 2}), membershipID)
			}), 2,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, requests := counted(t, tt.serve)
			c, _ := newTestClient(t, s)
			errs := tt.call(c)
			var de *DecodeError
			if len(errs) != 1 || !errors.Is(errs[0], ErrUnexpectedResponse) || !errors.As(errs[0], &de) {
				t.Errorf("errors = %v, want one *DecodeError wrapping ErrUnexpectedResponse", errs)
			}
			if n := requests.Load(); n != tt.requests {
				t.Errorf("server saw %d requests, want %d", n, tt.requests)
			}
		})
	}
}

// reflectNil reports whether v is nil, a nil pointer or a nil slice.
func reflectNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Slice:
		return rv.IsNil()
	}
	return false
}
