package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// seed creates n users in srv, four at a time, and returns their IDs.
func seed(t *testing.T, srv *clerktest.Server, n int) map[string]bool {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				u, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{
					EmailAddresses: []string{fmt.Sprintf("user%05d@example.com", i)},
					PublicMetadata: map[string]any{"i": i, "note": "<&>"},
				})
				if err != nil {
					errs <- err
					return
				}
				ids[i] = u.ID
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	set := map[string]bool{}
	for _, id := range ids {
		set[id] = true
	}
	return set
}

func getenv(srv *clerktest.Server) func(string) string {
	return func(k string) string {
		return map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}[k]
	}
}

// check parses the export: one valid user object per line, every seeded
// user once, in the order asked for.
func check(t *testing.T, export []byte, want map[string]bool, ascending bool) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(export))
	sc.Buffer(nil, 1<<20)
	seen := map[string]bool{}
	var prev int64
	line := 0
	for sc.Scan() {
		line++
		var u clerk.User
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&u); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		if !want[u.ID] || seen[u.ID] {
			t.Fatalf("line %d: user %s unexpected or repeated", line, u.ID)
		}
		seen[u.ID] = true
		if line > 1 && (ascending && u.CreatedAt < prev || !ascending && u.CreatedAt > prev) {
			t.Fatalf("line %d: created_at %d after %d: out of order", line, u.CreatedAt, prev)
		}
		prev = u.CreatedAt
		var meta struct{ Note string }
		if err := json.Unmarshal(u.PublicMetadata, &meta); err != nil || meta.Note != "<&>" {
			t.Fatalf("line %d: metadata %s, %v", line, u.PublicMetadata, err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if line != len(want) {
		t.Errorf("%d lines, want %d", line, len(want))
	}
}

func TestExportToStdout(t *testing.T) {
	t.Parallel()
	n := 2500
	if raceEnabled {
		n = 1000
	}
	srv := clerktest.NewServer(t)
	ids := seed(t, srv, n)
	srv.ResetRequests()

	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-page-size", "100"}, &stdout, &stderr, getenv(srv)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	check(t, stdout.Bytes(), ids, true)
	if want := fmt.Sprintf("export-users: exported %d users to standard output\n", n); stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	// One request per page of 100 (plus the empty page that ends it):
	// nothing is fetched ahead or twice.
	if got, want := len(srv.Requests()), n/100+1; got != want {
		t.Errorf("%d requests, want %d", got, want)
	}
	if strings.Contains(stdout.String()+stderr.String(), srv.SecretKey) {
		t.Error("output contains the secret key")
	}
}

func TestExportToFileNewestFirst(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	ids := seed(t, srv, 600)
	out := filepath.Join(t.TempDir(), "users.jsonl")

	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"-out", out, "-order", "-created_at"}, &stdout, &stderr, getenv(srv)); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout not empty: %q", stdout.String())
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	check(t, b, ids, false)
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
}

// TestExportFailureLeavesNoFile: an error mid-way leaves no partial file.
func TestExportFailureLeavesNoFile(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	seed(t, srv, 30)
	if err := srv.InjectFault("GetUserList", clerktest.Fault{Status: 400, Code: "bad_request"}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-out", filepath.Join(dir, "users.jsonl")}, &stdout, &stderr, getenv(srv))
	if code != 1 || !strings.Contains(stderr.String(), "export-users: after 0 users: clerk: GET /v1/users: 400") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files left: %v", entries)
	}
}

func TestExportUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"-order", "email_address"}, 2, "-order"},
		{[]string{"-page-size", "501"}, 2, "-page-size"},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{nil, 1, "CLERK_SECRET_KEY is not set"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), tc.args, &stdout, &stderr, func(string) string { return "" })
		if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("%q: exit %d, stderr %q; want %d and %q", tc.args, code, stderr.String(), tc.code, tc.msg)
		}
	}
}
