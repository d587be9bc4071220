package clerktest_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// TestSessionListPaginated checks that GET /sessions answers paginated=true
// the way Clerk does, with {data, total_count}, and the bare array otherwise.
func TestSessionListPaginated(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"pages@example.com"}})
	var ids []string
	for range 3 {
		sess, err := c.Sessions.Create(context.Background(), &clerk.SessionCreateParams{UserID: u.ID})
		if err != nil {
			t.Fatal(err)
		}
		ids = append([]string{sess.ID}, ids...) // newest first
	}

	r := do(t, s, "GET", "/sessions?user_id="+u.ID+"&paginated=true&limit=2&offset=1", nil)
	if r.status != 200 {
		t.Fatalf("paginated: %d %s", r.status, r.body)
	}
	var page gen.PaginatedSessionList
	decodeStrict(t, r.body, &page)
	got := struct {
		IDs   []string
		Total int64
	}{Total: page.TotalCount}
	for _, x := range page.Data {
		got.IDs = append(got.IDs, x.ID)
	}
	want := struct {
		IDs   []string
		Total int64
	}{ids[1:3], 3}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("paginated page (-want +got):\n%s", d)
	}

	for _, q := range []string{"", "&paginated=false"} {
		r = do(t, s, "GET", "/sessions?user_id="+u.ID+q, nil)
		var arr []gen.Session
		decodeStrict(t, r.body, &arr)
		if len(arr) != 3 {
			t.Errorf("query %q: %d sessions, want the bare array of 3", q, len(arr))
		}
	}
}
