package clerktest_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
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

// TestListsPaginated checks the other lists Clerk pages the same way:
// JWT templates and a user's OAuth access tokens answer {data,
// total_count} to paginated=true (even when empty) and the bare array
// otherwise.
func TestListsPaginated(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"lists@example.com"}})
	for _, name := range []string{"one", "two"} {
		if err := s.AddJWTTemplate(clerktest.JWTTemplate{Name: name, Claims: map[string]any{"n": name}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.AddExternalAccount(u.ID, clerktest.ExternalAccount{Provider: "google", AccessToken: "ya29.test"}); err != nil {
		t.Fatal(err)
	}
	type page struct {
		Data       []json.RawMessage `json:"data"`
		TotalCount int64             `json:"total_count"`
	}
	type count struct{ Data, Total int }
	for _, tc := range []struct {
		path string
		want count
	}{
		{"/jwt_templates?paginated=true&limit=1", count{1, 2}},
		{"/users/" + u.ID + "/oauth_access_tokens/oauth_google?paginated=true", count{1, 1}},
		{"/users/" + u.ID + "/oauth_access_tokens/oauth_github?paginated=true", count{0, 0}},
	} {
		r := do(t, s, "GET", tc.path, nil)
		var p page
		decodeStrict(t, r.body, &p)
		if d := cmp.Diff(tc.want, count{len(p.Data), int(p.TotalCount)}); r.status != 200 || d != "" || p.Data == nil {
			t.Errorf("GET %s = %d %s (-want +got):\n%s", tc.path, r.status, r.body, d)
		}
	}
	for _, path := range []string{"/jwt_templates", "/users/" + u.ID + "/oauth_access_tokens/oauth_google?paginated=false"} {
		r := do(t, s, "GET", path, nil)
		var arr []json.RawMessage
		decodeStrict(t, r.body, &arr)
		if r.status != 200 || len(arr) == 0 {
			t.Errorf("GET %s = %d %s, want a bare non-empty array", path, r.status, r.body)
		}
	}
}
