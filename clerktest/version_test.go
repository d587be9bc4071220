package clerktest_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

// doVersion sends a JSON request with a Clerk-API-Version header (none when
// version is "").
func doVersion(t *testing.T, s *clerktest.Server, version, method, path, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+s.SecretKey)
	req.Header.Set("Content-Type", "application/json")
	if version != "" {
		req.Header.Set("Clerk-API-Version", version)
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

// TestAPIVersionMetadataInUpdate checks that versions before 2026-05-12
// accept metadata in PATCH /users/{id} and PATCH /organizations/{id},
// replacing each field whole, and that 2026-05-12 (and no header) refuses
// it, as Clerk's version notes describe.
func TestAPIVersionMetadataInUpdate(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"v@example.com"}})
	if st, b := doVersion(t, s, "", "PUT", "/users/"+u.ID+"/metadata", `{"public_metadata":{"keep":false,"plan":"free"}}`); st != 200 {
		t.Fatalf("put metadata: %d %s", st, b)
	}

	for _, v := range []string{"", "2026-05-12"} {
		st, b := doVersion(t, s, v, "PATCH", "/users/"+u.ID, `{"public_metadata":{"plan":"pro"}}`)
		if st != 422 || !bytes.Contains(b, []byte("form_param_unknown")) {
			t.Errorf("version %q: %d %s, want 422 form_param_unknown", v, st, b)
		}
	}

	st, b := doVersion(t, s, "2025-04-10", "PATCH", "/users/"+u.ID,
		`{"first_name":"Old","public_metadata":{"plan":"pro"},"private_metadata":null,"unsafe_metadata":{"theme":"dark"}}`)
	if st != 200 {
		t.Fatalf("2025-04-10 user update: %d %s", st, b)
	}
	var user gen.User
	if err := json.Unmarshal(b, &user); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{
		"first_name": *user.FirstName, "public": string(user.PublicMetadata),
		"private": string(user.PrivateMetadata), "unsafe": string(user.UnsafeMetadata),
	}
	want := map[string]string{"first_name": "Old", "public": `{"plan":"pro"}`, "private": `{}`, "unsafe": `{"theme":"dark"}`}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("user after a 2025-04-10 update (-want +got):\n%s", d)
	}

	st, b = doVersion(t, s, "2025-11-10", "POST", "/organizations", `{"name":"Versioned"}`)
	if st != 200 {
		t.Fatalf("create org: %d %s", st, b)
	}
	var org gen.Organization
	if err := json.Unmarshal(b, &org); err != nil {
		t.Fatal(err)
	}
	st, b = doVersion(t, s, "2025-11-10", "PATCH", "/organizations/"+org.ID, `{"public_metadata":{"tier":2},"private_metadata":{"k":"v"}}`)
	if st != 200 {
		t.Fatalf("2025-11-10 org update: %d %s", st, b)
	}
	if err := json.Unmarshal(b, &org); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{`{"tier":2}`, `{"k":"v"}`}, []string{string(org.PublicMetadata), string(org.PrivateMetadata)}); d != "" {
		t.Errorf("org metadata (-want +got):\n%s", d)
	}
	// unsafe_metadata was never a field of organizations.
	if st, b := doVersion(t, s, "2025-11-10", "PATCH", "/organizations/"+org.ID, `{"unsafe_metadata":{}}`); st != 422 {
		t.Errorf("org unsafe_metadata: %d %s, want 422", st, b)
	}
}

// TestAPIVersionInvalid checks that an unknown version, or a version given
// both as header and query parameter, is refused.
func TestAPIVersionInvalid(t *testing.T) {
	t.Parallel()
	s, _ := newClient(t)
	for _, tc := range []struct{ version, path string }{
		{"2030-01-01", "/users"},
		{"latest", "/users"},
		{"2025-04-10", "/users?__clerk_api_version=2025-04-10"},
	} {
		st, b := doVersion(t, s, tc.version, "GET", tc.path, "")
		if st != 400 || !bytes.Contains(b, []byte(`"api_version_invalid"`)) {
			t.Errorf("version %q %s: %d %s, want 400 api_version_invalid", tc.version, tc.path, st, b)
		}
	}
	for _, v := range clerktest.APIVersions {
		if st, b := doVersion(t, s, v, "GET", "/users", ""); st != 200 {
			t.Errorf("version %s: %d %s", v, st, b)
		}
	}
	if st, b := doVersion(t, s, "", "GET", "/users?__clerk_api_version=2024-10-01", ""); st != 200 {
		t.Errorf("query version: %d %s", st, b)
	}
}
