package clerktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

const testSeed = `{
 "users": [{"email_address": ["ada@example.com"], "first_name": "Ada"},
           {"email_address": ["bob@example.com"], "username": "bobby"}],
 "organizations": [{"name": "Acme", "slug": "acme",
   "members": [{"email_address": "ada@example.com", "role": "org:admin"},
               {"email_address": "bob@example.com", "role": "org:member"}]}]
}`

// TestSeedSnapshotRestore seeds a server, snapshots it, and checks that a
// server restored from the snapshot has the same keys, users, organization
// and memberships, verifies a token the first one minted, and ignores its
// seed.
func TestSeedSnapshotRestore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	seed, err := clerktest.ParseSeed([]byte(testSeed))
	if err != nil {
		t.Fatal(err)
	}
	s1 := clerktest.NewServer(t, clerktest.WithSeed(seed), clerktest.WithListenAddress("127.0.0.1:0"))
	c1, err := s1.Client()
	if err != nil {
		t.Fatal(err)
	}
	users, err := c1.Users.List(ctx, &clerk.UserListParams{OrderBy: "+created_at"})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c1.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: users.Data[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s1.MintSessionToken(users.Data[0].ID, clerktest.WithSessionID(sess.ID))
	if err != nil {
		t.Fatal(err)
	}
	users, err = c1.Users.List(ctx, &clerk.UserListParams{OrderBy: "+created_at"})
	if err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/v1/invitations", "/v1/allowlist_identifiers", "/v1/blocklist_identifiers"} {
		body := `{"identifier":"eve@example.com"}`
		if path == "/v1/invitations" {
			body = `{"email_address":"eve@example.com"}`
		}
		if r := do(t, s1, "POST", strings.TrimPrefix(path, "/v1"), body); r.status != 200 {
			t.Fatalf("POST %s: %d %s", path, r.status, r.body)
		}
	}
	doc, err := s1.Snapshot()
	if err != nil {
		t.Fatal(err)
	}

	s2 := clerktest.NewServer(t, clerktest.WithState(doc), clerktest.WithSeed(seed))
	if s2.SecretKey != s1.SecretKey || s2.PublishableKey != s1.PublishableKey || s2.KeyID() != s1.KeyID() {
		t.Errorf("restored identity differs")
	}
	c2, err := s2.Client()
	if err != nil {
		t.Fatal(err)
	}
	users2, err := c2.Users.List(ctx, &clerk.UserListParams{OrderBy: "+created_at"})
	if err != nil {
		t.Fatal(err)
	}
	before, err := json.MarshalIndent(users, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	after, err := json.MarshalIndent(users2, "", " ")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(before), string(after)); d != "" {
		t.Errorf("users after restore (-before +after):\n%s", d)
	}
	org, err := c2.Organizations.Get(ctx, "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c2.Organizations.ListMemberships(ctx, org.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, m := range ms.Data {
		roles[m.PublicUserData.UserID] = m.Role
	}
	if d := cmp.Diff(map[string]string{users.Data[0].ID: "org:admin", users.Data[1].ID: "org:member"}, roles); d != "" {
		t.Errorf("memberships after restore (-want +got):\n%s", d)
	}
	v, err := clerk.NewVerifier(clerk.WithJWTKey(s2.JWTPublicKeyPEM()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, tok); err != nil {
		t.Errorf("token of the first server: %v", err)
	}
	if _, err := c2.Sessions.Get(ctx, sess.ID); err != nil {
		t.Errorf("session after restore: %v", err)
	}
	for _, path := range []string{"/invitations", "/allowlist_identifiers", "/blocklist_identifiers?x=1"} {
		if r := do(t, s2, "GET", path, nil); r.status != 200 || !bytes.Contains(r.body, []byte("eve@example.com")) {
			t.Errorf("GET %s after restore: %d %s", path, r.status, r.body)
		}
	}
	if s2.JWKSURL() != s2.URL+"/jwks" {
		t.Errorf("JWKSURL = %s", s2.JWKSURL())
	}
}

// TestSeedRefused checks that a seed the API refuses fails the start.
func TestSeedRefused(t *testing.T) {
	t.Parallel()
	seed, err := clerktest.ParseSeed([]byte(`{"users":[{"email_address":["x@example.com"]},{"email_address":["x@example.com"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := clerktest.Start(clerktest.WithSeed(seed)); err == nil {
		s.Close()
		t.Fatal("a duplicate seed user started")
	}
	if _, err := clerktest.ParseSeed([]byte(`{"groups":[]}`)); err == nil {
		t.Error("an unknown seed member parsed")
	}
	if _, err := clerktest.Start(clerktest.WithState([]byte(`{"format":9}`))); err == nil {
		t.Error("a snapshot of an unknown format restored")
	}
}
