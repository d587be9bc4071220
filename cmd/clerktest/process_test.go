package main

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/google/go-cmp/cmp"
)

const seed = `{"users": [{"email_address": ["ada@example.com"], "first_name": "Ada"}],
 "organizations": [{"name": "Acme", "slug": "acme",
   "members": [{"email_address": "ada@example.com", "role": "org:admin"}]}]}`

// started is a running clerktest process and what it printed.
type started struct {
	cmd *exec.Cmd
	env map[string]string
}

// startProcess runs the built command with args and reads the four
// assignments it prints.
func startProcess(t *testing.T, bin string, args ...string) *started {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stderr bytes.Buffer // read only after Wait
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("clerktest %v stderr:\n%s", args, stderr.String())
		}
	})
	env := map[string]string{}
	sc := bufio.NewScanner(stdout)
	for len(env) < 4 && sc.Scan() {
		k, v, _ := strings.Cut(sc.Text(), "=")
		env[k] = v
	}
	for _, k := range []string{"CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_API_URL", "CLERK_JWKS_URL"} {
		if env[k] == "" {
			t.Fatalf("the command did not print %s (got %v)", k, keys(env))
		}
	}
	return &started{cmd, env}
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// stop sends SIGTERM and waits for a clean exit.
func (p *started) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Wait(); err != nil {
		t.Fatalf("exit after SIGTERM: %v", err)
	}
}

func (p *started) client(t *testing.T) *clerk.Client {
	t.Helper()
	c, err := clerk.NewClient(p.env["CLERK_SECRET_KEY"], clerk.WithBaseURL(p.env["CLERK_API_URL"]+"/v1"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// userEmails lists the primary email of every user, oldest first.
func userEmails(t *testing.T, c *clerk.Client) []string {
	t.Helper()
	list, err := c.Users.List(context.Background(), &clerk.UserListParams{OrderBy: "+created_at"})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, u := range list.Data {
		out = append(out, u.EmailAddresses[0].EmailAddress)
	}
	return out
}

// TestProcessSeedStateRestart builds the command, starts it with a seed
// and a state file, serves SDK requests, stops it with SIGTERM, starts it
// again from the state file and finds the same keys and data, including a
// JWT template and a sign-in token created through the API.
func TestProcessSeedStateRestart(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("the go command is not on PATH")
		}
		t.Skip("skipping: the go command is not on PATH to build cmd/clerktest")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "clerktest")
	if out, err := exec.Command(goTool, "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	seedFile, stateFile := filepath.Join(dir, "seed.json"), filepath.Join(dir, "state.json")
	if err := os.WriteFile(seedFile, []byte(seed), 0o600); err != nil {
		t.Fatal(err)
	}
	args := []string{"-addr", "127.0.0.1:0", "-seed", seedFile, "-state", stateFile}

	first := startProcess(t, bin, args...)
	c := first.client(t)
	ctx := context.Background()
	bob, err := c.Users.Create(ctx, &clerk.UserCreateParams{EmailAddresses: []string{"bob@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"ada@example.com", "bob@example.com"}, userEmails(t, c)); d != "" {
		t.Errorf("users (-want +got):\n%s", d)
	}
	if _, err := c.JWTTemplates.Create(ctx, &clerk.JWTTemplateParams{Name: "hasura", Claims: map[string]any{"role": "user"}}); err != nil {
		t.Fatal(err)
	}
	sit, err := c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: bob.ID})
	if err != nil {
		t.Fatal(err)
	}
	first.stop(t)
	if fi, err := os.Stat(stateFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v, %v", fi, err)
	}

	second := startProcess(t, bin, args...)
	defer second.stop(t)
	for _, k := range []string{"CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY"} {
		if first.env[k] != second.env[k] {
			t.Errorf("%s changed across the restart", k)
		}
	}
	c2 := second.client(t)
	if d := cmp.Diff([]string{"ada@example.com", "bob@example.com"}, userEmails(t, c2)); d != "" {
		t.Errorf("users after the restart (-want +got):\n%s", d)
	}
	org, err := c2.Organizations.Get(ctx, "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := c2.Organizations.ListMemberships(ctx, org.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms.Data) != 1 || ms.Data[0].Role != "org:admin" {
		t.Errorf("memberships after the restart = %+v", ms.Data)
	}
	tpls, err := c2.JWTTemplates.List(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range tpls {
		names = append(names, x.Name)
	}
	if d := cmp.Diff([]string{"hasura"}, names); d != "" {
		t.Errorf("JWT templates after the restart (-want +got):\n%s", d)
	}
	if revoked, err := c2.SignInTokens.Revoke(ctx, sit.ID); err != nil || revoked.Status != "revoked" {
		t.Errorf("revoke the sign-in token after the restart: %+v, %v", revoked, err)
	}
}
