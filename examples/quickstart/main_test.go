package main

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// normalize replaces what varies between runs (IDs, the random tag, the
// port) so that the output can be compared whole.
func normalize(s string) string {
	for _, r := range []struct{ re, repl string }{
		{`\b(user|org|sess)_[A-Za-z0-9]+`, "${1}_ID"},
		{`(?i)\b(quickstart[.\- ])[0-9a-f]{8}\b`, "${1}TAG"},
		{`http://127\.0\.0\.1:\d+`, "http://127.0.0.1:PORT"},
	} {
		s = regexp.MustCompile(r.re).ReplaceAllString(s, r.repl)
	}
	return s
}

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func runDemo(t *testing.T, getenv func(string) string, args ...string) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	start := time.Now()
	code := run(ctx, &out, args, getenv)
	t.Logf("run took %v", time.Since(start))
	return code, out.String()
}

// TestDemoWithFake is `make demo`: no secret key, so the in-process fake.
func TestDemoWithFake(t *testing.T) {
	t.Parallel()
	code, out := runDemo(t, env(nil))
	if code != 0 {
		t.Fatalf("exit status %d; output:\n%s", code, out)
	}
	want := `Using clerktest, an in-process fake Clerk at http://127.0.0.1:PORT/v1.
1. Created user user_ID <ada.quickstart.TAG@example.com>.
2. Created organization org_ID "Quickstart TAG".
3. Added the user to the organization as org:admin.
4. Users.All with an email filter found 1 user: user_ID.
   Organizations.AllMemberships: user_ID is org:admin of quickstart-TAG.
5. Minted a session token for the user with clerktest (organization active, role from the membership).
6. GET /whoami without a token: 401 Unauthorized.
   GET /whoami with the token: 200 OK: hello user_ID (org:admin in quickstart-TAG).
7. Creating a second user with the same email failed as expected: 422 form_identifier_exists.
8. Cleaned up: deleted the membership, the organization and the user.
Done.
`
	if diff := cmp.Diff(want, normalize(out)); diff != "" {
		t.Errorf("output (-want +got):\n%s", diff)
	}
}

// TestDemoWithSecretKey takes the real-Clerk path (Sessions.Create and
// CreateToken) against a clerktest server named by CLERK_API_URL, and
// checks that everything created is deleted and the key never printed.
func TestDemoWithSecretKey(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}), "-clerk")
	if code != 0 {
		t.Fatalf("exit status %d; output:\n%s", code, out)
	}
	for _, line := range []string{
		"-clerk: using the Clerk instance of CLERK_SECRET_KEY at http://127.0.0.1:PORT/v1.\n",
		"5. Created session sess_ID and got a session token for it with Sessions.CreateToken.\n",
		"   GET /whoami with the token: 200 OK: hello user_ID (org:admin in quickstart-TAG).\n",
		"8. Cleaned up: deleted the membership, the organization and the user.\n",
	} {
		if !strings.Contains(normalize(out), line) {
			t.Errorf("output lacks %q; output:\n%s", line, out)
		}
	}
	if strings.Contains(out, srv.SecretKey) {
		t.Error("output contains the secret key")
	}
	assertEmpty(t, srv)
}

// TestDemoSessionsRefused: a production instance refuses Sessions.Create;
// the demo explains, skips the signed-in call and still succeeds.
func TestDemoSessionsRefused(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	if err := srv.InjectFault("CreateSession", clerktest.Fault{Status: 403, Code: "authorization_invalid"}); err != nil {
		t.Fatal(err)
	}
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}), "-clerk")
	if code != 0 {
		t.Fatalf("exit status %d; output:\n%s", code, out)
	}
	if !strings.Contains(out, "5. Skipped the session token: this instance refuses Sessions.Create (403)") {
		t.Errorf("no skip line; output:\n%s", out)
	}
	if strings.Contains(out, "with the token") {
		t.Errorf("called with a token it does not have; output:\n%s", out)
	}
	assertEmpty(t, srv)
}

// TestDemoFailureCleansUp: a step fails; the exit status is 1 and what was
// created before is deleted.
func TestDemoFailureCleansUp(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	if err := srv.InjectFault("CreateOrganizationMembership", clerktest.Fault{Status: 500}); err != nil {
		t.Fatal(err)
	}
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}), "-clerk")
	if code != 1 {
		t.Fatalf("exit status %d, want 1; output:\n%s", code, out)
	}
	for _, line := range []string{
		"8. Cleaned up: deleted the organization and the user.\n",
		"quickstart failed: create membership: clerk: POST /v1/organizations/org_ID/memberships: 500 Internal Server Error",
	} {
		if !strings.Contains(normalize(out), line) {
			t.Errorf("output lacks %q; output:\n%s", line, out)
		}
	}
	assertEmpty(t, srv)
}

// TestDemoBadKey: a malformed key is refused before any request, and the
// message does not echo it.
func TestDemoBadKey(t *testing.T) {
	t.Parallel()
	const key = "pk_test_c2VjcmV0"
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": key}), "-clerk")
	if code != 1 || strings.Contains(out, key) || !strings.Contains(out, "quickstart failed: clerk: invalid secret key") {
		t.Errorf("exit status %d; output:\n%s", code, out)
	}
}

// TestDemoIgnoresKeyWithoutFlag: `make demo` with a real key in the
// environment still runs on the fake, says so, and never sends the key
// anywhere.
func TestDemoIgnoresKeyWithoutFlag(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}))
	if code != 0 {
		t.Fatalf("exit status %d; output:\n%s", code, out)
	}
	if !strings.Contains(out, "CLERK_SECRET_KEY is set but not used: pass -clerk") {
		t.Errorf("output does not say the key was ignored:\n%s", out)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the instance of CLERK_SECRET_KEY received %d requests without -clerk", n)
	}
}

// TestDemoRefusesLiveKey: a production key is refused before any request
// unless -live is given too.
func TestDemoRefusesLiveKey(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	live := "sk_live_" + strings.Repeat("x", 40)
	code, out := runDemo(t, env(map[string]string{"CLERK_SECRET_KEY": live, "CLERK_API_URL": srv.URL}), "-clerk")
	if code != 1 || !strings.Contains(out, "refusing a production key") || strings.Contains(out, live) {
		t.Errorf("exit status %d; output:\n%s", code, out)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the server received %d requests for a refused live key", n)
	}
}

func assertEmpty(t *testing.T, srv *clerktest.Server) {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	if n, err := c.Users.Count(ctx, nil); err != nil || n != 0 {
		t.Errorf("users left: %d (%v)", n, err)
	}
	orgs, err := c.Organizations.List(ctx, nil)
	if err != nil || orgs.TotalCount != 0 {
		t.Errorf("organizations left: %+v (%v)", orgs, err)
	}
}
