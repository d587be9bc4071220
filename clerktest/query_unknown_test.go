package clerktest_test

import (
	"testing"

	"github.com/gobapi/clerk/gen"
)

// TestUnknownQueryParametersIgnored checks that query parameters an
// operation does not declare are ignored, as Clerk ignores them: the
// official Go SDK sends limit, offset and order_by to GET /users/count and
// paginated=true to the blocklist route. Bodies stay strict.
func TestUnknownQueryParametersIgnored(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"q@example.com"}})
	for _, tc := range []struct{ path, want string }{
		{"/users/count?limit=10&offset=0&order_by=-created_at", `{"object":"total_count","total_count":1}`},
		{"/users?colour=blue&limit=1", ""},
	} {
		r := do(t, s, "GET", tc.path, nil)
		if r.status != 200 {
			t.Errorf("GET %s = %d %s, want 200", tc.path, r.status, r.body)
			continue
		}
		if tc.want != "" && string(r.body) != tc.want+"\n" && string(r.body) != tc.want {
			t.Errorf("GET %s body = %s, want %s", tc.path, r.body, tc.want)
		}
	}
	r := do(t, s, "POST", "/users", `{"email_address":["b@example.com"],"colour":"blue"}`)
	if r.status != 422 {
		t.Errorf("unknown body field: %d %s, want 422", r.status, r.body)
	}
}
