package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// writeRows writes n generated users to dir/users.<format>: every tenth
// has no external ID (its key is then its email), every third a bcrypt
// digest, all some metadata.
func writeRows(t testing.TB, dir, format string, n int) string {
	t.Helper()
	path := filepath.Join(dir, "users."+format)
	var b bytes.Buffer
	if format == "csv" {
		b.WriteString("email,first_name,last_name,external_id,password_digest,password_hasher,public_metadata,private_metadata\n")
	}
	for i := range n {
		r := genRecord(i)
		if format == "csv" {
			pub, _ := json.Marshal(r.PublicMetadata)
			priv, _ := json.Marshal(r.PrivateMetadata)
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,%s\n", r.Email, r.FirstName, r.LastName, r.ExternalID,
				r.PasswordDigest, r.PasswordHasher, csvQuote(string(pub)), csvQuote(string(priv)))
			continue
		}
		line, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func csvQuote(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// A bcrypt digest of "password", as a legacy system would export it.
const bcryptDigest = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"

func genRecord(i int) record {
	r := record{
		Email:           fmt.Sprintf("user%05d@example.com", i),
		FirstName:       fmt.Sprintf("First%d", i),
		LastName:        "Last",
		PublicMetadata:  map[string]any{"plan": "free", "n": i},
		PrivateMetadata: map[string]any{"legacy_id": i},
	}
	if i%10 != 0 {
		r.ExternalID = fmt.Sprintf("legacy-%05d", i)
	}
	if i%3 == 0 {
		r.PasswordDigest, r.PasswordHasher = bcryptDigest, "bcrypt"
	}
	return r
}

// result is what one run of the program left behind.
type result struct {
	code           int
	stdout, stderr string
}

func runImport(t testing.TB, srv *clerktest.Server, transport http.RoundTripper, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	if transport == nil {
		transport = &http.Transport{MaxIdleConnsPerHost: 64}
	}
	code := run(ctx, args, env{
		stdin: strings.NewReader(""), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string {
			return map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}[k]
		},
		transport: transport,
	})
	if strings.Contains(stdout.String()+stderr.String(), srv.SecretKey) {
		t.Error("output contains the secret key")
	}
	return result{code, stdout.String(), stderr.String()}
}

// faulty sits between the importer and clerktest. Before every
// faultEvery-th POST /v1/users it injects a clerktest fault on CreateUser
// (in turn a 429, a 503, a 500, a 502, a connection dropped after a 200 header,
// and one dropped before any response), which the next create meets. And
// it lets every loseEvery-th create reach the server, then reports a lost
// connection instead of its response: the user exists but the client
// cannot know. (clerktest's own dropped connections happen before the
// handler runs, so they never create anything.)
type faulty struct {
	base                  http.RoundTripper
	srv                   *clerktest.Server
	faultEvery, loseEvery int64
	creates, injected     atomic.Int64
	lost                  atomic.Int64
}

var faults = []clerktest.Fault{
	// A 429 in the rotation makes the rate-limit path certain even when a
	// slow (-race, loaded) run never reaches the real limit.
	{Status: 429, RetryAfter: time.Second, Times: 1},
	{Status: 503, Times: 1},
	{Status: 500, Times: 1},
	{Status: 502, Times: 1},
	{Drop: clerktest.DropAfterHeaders, Times: 1},
	{Drop: clerktest.DropBeforeResponse, Times: 1},
}

func (f *faulty) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.URL.Path != "/v1/users" {
		return f.base.RoundTrip(req)
	}
	n := f.creates.Add(1)
	if f.faultEvery > 0 && n%f.faultEvery == 0 {
		i := f.injected.Add(1)
		if err := f.srv.InjectFault("CreateUser", faults[int(i)%len(faults)]); err != nil {
			return nil, err
		}
	}
	resp, err := f.base.RoundTrip(req)
	if err != nil || f.loseEvery == 0 || n%f.loseEvery != 0 || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	_ = resp.Body.Close()
	f.lost.Add(1)
	return nil, errors.New("test: connection reset by peer")
}

// countStatuses counts the CreateUser requests of the log by status.
func countStatuses(reqs []clerktest.Request, op string) map[int]int {
	m := map[int]int{}
	for _, r := range reqs {
		if r.Operation == op {
			m[r.Status]++
		}
	}
	return m
}

func readLines(t testing.TB, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return lines
}

func allUsers(t testing.TB, srv *clerktest.Server) []*clerk.User {
	t.Helper()
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	var users []*clerk.User
	for u, err := range c.Users.All(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	return users
}

// TestImportExactlyOnce is the proof of issue 5: 10,000 rows (2,000 under
// -race, which slows the fake below the rate limit) against a rate limit
// of 100 requests per 10 s scaled to 100 ms, which the importer is told to
// exceed (-rate 120) so that it must adapt to 429s, with 5xx and dropped
// connections injected on CreateUser and responses lost after the user
// was created. Every row is created exactly once; a rerun is a no-op; a
// dry run creates nothing.
func TestImportExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 rows: skipped with -short")
	}
	n, scale := 10000, 0.01
	if raceEnabled {
		n, scale = 2000, 0.05
	}
	dir := t.TempDir()
	in := writeRows(t, dir, "jsonl", n)
	srv := clerktest.NewServer(t, clerktest.WithTimeScale(scale))
	if err := srv.SetRateLimit(clerktest.AllRoutes, 100, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	args := []string{"-in", in, "-rate", "120", "-concurrency", "8", "-time-scale", fmt.Sprint(scale), "-progress", "1s"}
	statePath := in + ".state.jsonl"

	// A dry run looks every row up and creates nothing.
	start := time.Now()
	res := runImport(t, srv, nil, append(args, "-dry-run")...)
	t.Logf("dry run: %v\n%s", time.Since(start), res.stdout)
	if want := fmt.Sprintf("dry run: %d rows: %d would be created, 0 already present, 0 failed\n", n, n); res.code != 0 || !strings.HasPrefix(res.stdout, want) {
		t.Fatalf("dry run: exit %d, stdout %q, want prefix %q; stderr:\n%s", res.code, res.stdout, want, res.stderr)
	}
	if c := countStatuses(srv.Requests(), "CreateUser"); len(c) != 0 {
		t.Fatalf("dry run sent creates: %v", c)
	}
	if _, err := os.Stat(statePath); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("dry run wrote a state file: %v", err)
	}

	// The import, under faults.
	srv.ResetRequests()
	ft := &faulty{base: &http.Transport{MaxIdleConnsPerHost: 64}, srv: srv, faultEvery: 20, loseEvery: 97}
	start = time.Now()
	res = runImport(t, srv, ft, args...)
	t.Logf("import: %v, %d faults injected, %d responses lost\n%s%s", time.Since(start), ft.injected.Load(), ft.lost.Load(), res.stdout, res.stderr)
	if want := fmt.Sprintf("%d rows: %d created, 0 already present, 0 failed\n", n, n); res.code != 0 || !strings.HasPrefix(res.stdout, want) {
		b, _ := os.ReadFile(in + ".errors.jsonl")
		t.Fatalf("import: exit %d, stdout %q, want prefix %q; errors:\n%s", res.code, res.stdout, want, b)
	}
	reqs := srv.Requests()
	creates := countStatuses(reqs, "CreateUser")
	limited := 0
	for _, r := range reqs {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
	}
	t.Logf("CreateUser statuses %v; %d of %d requests answered 429", creates, limited, len(reqs))
	// A create of a row whose user already exists is answered 422
	// form_identifier_exists (external IDs and emails are unique): none
	// may be sent. (The 200s are the users plus the connections dropped
	// after a 200 header, which create nothing.)
	if creates[422] != 0 || creates[200] < n {
		t.Errorf("CreateUser answered 422 %d times and 200 %d times, want 0 and at least %d", creates[422], creates[200], n)
	}
	if ft.lost.Load() == 0 || limited == 0 || creates[0] == 0 || creates[503] == 0 {
		t.Errorf("the faults did not all happen: %d lost, %d 429s, statuses %v", ft.lost.Load(), limited, creates)
	}

	// Exactly one user per row.
	users := allUsers(t, srv)
	seen := map[string]int{}
	for _, u := range users {
		k := "email:" + u.EmailAddresses[0].EmailAddress
		if u.ExternalID != nil {
			k = "external_id:" + *u.ExternalID
		}
		seen[k]++
	}
	if len(users) != n {
		t.Errorf("%d users, want %d", len(users), n)
	}
	for i := range n {
		r := genRecord(i)
		if c := seen[r.key()]; c != 1 {
			t.Errorf("row %d (%s): %d users", i, r.key(), c)
		}
	}
	if lines := readLines(t, statePath); len(lines) != n {
		t.Errorf("state file has %d lines, want %d", len(lines), n)
	}

	// A rerun reads the state file and sends nothing at all.
	srv.ResetRequests()
	res = runImport(t, srv, nil, args...)
	if want := fmt.Sprintf("%d rows: 0 created, %d already present, 0 failed\n0 requests", n, n); res.code != 0 || !strings.HasPrefix(res.stdout, want) {
		t.Errorf("rerun: exit %d, stdout %q, want prefix %q", res.code, res.stdout, want)
	}
	if reqs := srv.Requests(); len(reqs) != 0 {
		t.Errorf("rerun sent %d requests", len(reqs))
	}
}

// throughput imports n rows against a limit of 100 requests per 10 s
// scaled to 100 ms (1,000 requests per second of wall time), with -rate
// set to that limit, and measures from clerktest's request log the share
// of the allowed rate reached and the share of requests answered 429.
func throughput(tb testing.TB, n int) (reqPerSec, ofLimit, limitedShare float64) {
	tb.Helper()
	const scale = 0.01
	dir := tb.TempDir()
	in := writeRows(tb, dir, "jsonl", n)
	srv := clerktest.NewServer(tb, clerktest.WithTimeScale(scale))
	if err := srv.SetRateLimit(clerktest.AllRoutes, 100, 10*time.Second); err != nil {
		tb.Fatal(err)
	}
	res := runImport(tb, srv, nil, "-in", in, "-rate", "100", "-time-scale", fmt.Sprint(scale), "-concurrency", "16", "-progress", "1h")
	if res.code != 0 {
		tb.Fatalf("exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	reqs := srv.Requests()
	limited := 0
	first, last := reqs[0].Time, reqs[0].Time
	for _, r := range reqs {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
		first, last = minTime(first, r.Time), maxTime(last, r.Time)
	}
	allowed := 100 / (10 * time.Second).Seconds() / scale // requests per wall second
	reqPerSec = float64(len(reqs)-1) / last.Sub(first).Seconds()
	return reqPerSec, reqPerSec / allowed, float64(limited) / float64(len(reqs))
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// BenchmarkImportThroughput reports the same figures per import of 2,000
// rows: go test -run '^$' -bench ImportThroughput -count 10 ./examples/import-users
func BenchmarkImportThroughput(b *testing.B) {
	var rps, of, lim float64
	for b.Loop() {
		r, o, l := throughput(b, 2000)
		rps, of, lim = rps+r, of+o, lim+l
	}
	n := float64(b.N)
	b.ReportMetric(rps/n, "req/s")
	b.ReportMetric(100*of/n, "%-of-limit")
	b.ReportMetric(100*lim/n, "%-429")
}

func readErrors(t testing.TB, path string) []errorEntry {
	t.Helper()
	var out []errorEntry
	for _, l := range readLines(t, path) {
		var e errorEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("errors file line %q: %v", l, err)
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b errorEntry) int { return a.Line - b.Line })
	return out
}

// TestImportCSVRowsAndErrors covers each kind of row in a CSV file: a
// full row, invalid rows, a row whose email another user holds, a row
// already in Clerk, a duplicate row (the first one wins), a row without
// external ID.
func TestImportCSVRowsAndErrors(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	for _, p := range []*clerk.UserCreateParams{
		{EmailAddresses: []string{"taken@example.com"}, ExternalID: clerk.Ptr("someone-else")},
		{EmailAddresses: []string{"existing@example.com"}, ExternalID: clerk.Ptr("ext-6")},
	} {
		if _, err := c.Users.Create(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "users.csv")
	csv := `email,first_name,last_name,external_id,password_digest,password_hasher,public_metadata,private_metadata
ada@example.com,Ada,Lovelace,ext-1,` + bcryptDigest + `,bcrypt,"{""plan"":""pro""}","{""crm"":42}"
not-an-email,X,Y,ext-2,,,,
bob@example.com,Bob,,ext-3,digest-without-hasher,,,
carol@example.com,Carol,,ext-4,,,[1],
taken@example.com,Dan,,ext-5,,,,
existing@example.com,Eve,,ext-6,,,,
ada@example.com,Ada,Lovelace,ext-1,,,,
fay@example.com,Fay,,,,,,
too,few,fields
`
	if err := os.WriteFile(in, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	res := runImport(t, srv, nil, "-in", in)
	if want := "9 rows: 2 created, 1 already present, 6 failed\n"; res.code != 1 || !strings.HasPrefix(res.stdout, want) {
		t.Fatalf("exit %d, stdout %q, want 1 and prefix %q; stderr:\n%s", res.code, res.stdout, want, res.stderr)
	}
	got := readErrors(t, in+".errors.jsonl")
	want := []struct {
		line      int
		key, code string
	}{
		{3, "external_id:ext-2", "invalid_row"},
		{4, "external_id:ext-3", "invalid_row"},
		{5, "external_id:ext-4", "invalid_row"},
		{6, "external_id:ext-5", "form_identifier_exists"},
		{8, "external_id:ext-1", "invalid_row"},
		{10, "", "invalid_row"},
	}
	if len(got) != len(want) {
		t.Fatalf("errors file: %+v", got)
	}
	for i, w := range want {
		if g := got[i]; g.Line != w.line || g.Key != w.key || g.Code != w.code || g.Message == "" {
			t.Errorf("error %d = %+v, want line %d key %s code %s", i, g, w.line, w.key, w.code)
		}
	}
	if got[3].Status != 422 || got[3].TraceID == "" {
		t.Errorf("API error entry lacks status or trace ID: %+v", got[3])
	}

	list, err := c.Users.List(ctx, &clerk.UserListParams{ExternalIDs: []string{"ext-1"}})
	if err != nil || len(list.Data) != 1 {
		t.Fatalf("ext-1: %v, %v", list, err)
	}
	u := list.Data[0]
	var pub struct{ Plan string }
	var priv struct{ CRM int }
	if err := errors.Join(json.Unmarshal(u.PublicMetadata, &pub), json.Unmarshal(u.PrivateMetadata, &priv)); err != nil {
		t.Fatalf("ext-1 metadata: %v", err)
	}
	if *u.FirstName != "Ada" || *u.LastName != "Lovelace" || !u.PasswordEnabled || pub.Plan != "pro" || priv.CRM != 42 {
		t.Errorf("ext-1 imported as %+v", u)
	}
	if n, err := c.Users.Count(ctx, &clerk.UserListParams{EmailAddresses: []string{"fay@example.com"}}); err != nil || n != 1 {
		t.Errorf("fay@example.com: %d users (%v)", n, err)
	}
}

// TestImportJSONLinesFromStdin: JSON Lines on standard input, with line
// numbers that count blank lines, and unknown fields refused.
func TestImportJSONLinesFromStdin(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	dir := t.TempDir()
	input := `{"email":"a@example.com","external_id":"a","public_metadata":{"tier":1}}

{"email":"b@example.com","external_id":"b","nickname":"bee"}
{"email":"c@example.com",
{"email":"d@example.com","password_digest":"x","password_hasher":"bcrypt"}
`
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), []string{"-in", "-", "-format", "jsonl", "-state", filepath.Join(dir, "s"), "-errors", filepath.Join(dir, "e")}, env{
		stdin: strings.NewReader(input), stdout: &stdout, stderr: &stderr,
		getenv: func(k string) string {
			return map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}[k]
		},
	})
	if want := "4 rows: 2 created, 0 already present, 2 failed\n"; code != 1 || !strings.HasPrefix(stdout.String(), want) {
		t.Fatalf("exit %d, stdout %q, want 1 and prefix %q; stderr:\n%s", code, stdout.String(), want, stderr.String())
	}
	got := readErrors(t, filepath.Join(dir, "e"))
	if len(got) != 2 || got[0].Line != 3 || got[0].Code != "invalid_row" || !strings.Contains(got[0].Message, "nickname") ||
		got[1].Line != 4 || got[1].Code != "invalid_row" {
		t.Errorf("errors: %+v", got)
	}
}

// TestImportResumes: a run that was interrupted, and a state file whose
// last entries were lost and whose last line was torn by a crash. The
// rerun creates only what is missing, never a second user.
func TestImportResumes(t *testing.T) {
	t.Parallel()
	const n = 300
	srv := clerktest.NewServer(t)
	dir := t.TempDir()
	in := writeRows(t, dir, "csv", n)
	statePath := in + ".state.jsonl"

	// Interrupt the first run after 120 creates.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var creates atomic.Int64
	interrupt := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if req.Method == http.MethodPost && creates.Add(1) == 120 {
			cancel()
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string {
		return map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}[k]
	}
	code := run(ctx, []string{"-in", in, "-concurrency", "4", "-rate", "100000"}, env{stdout: &stdout, stderr: &stderr, getenv: getenv, transport: interrupt})
	if code != 1 || !strings.Contains(stderr.String(), "stopped early (rerun to resume)") {
		t.Fatalf("interrupted run: exit %d\n%s%s", code, stdout.String(), stderr.String())
	}

	// Lose the last half of the state and tear its last line.
	lines := readLines(t, statePath)
	keep := strings.Join(lines[:len(lines)/2], "\n") + "\n" + lines[len(lines)/2][:10]
	if err := os.WriteFile(statePath, []byte(keep), 0o600); err != nil {
		t.Fatal(err)
	}

	srv.ResetRequests()
	res := runImport(t, srv, nil, "-in", in, "-rate", "100000")
	if res.code != 0 {
		t.Fatalf("rerun: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	if c := countStatuses(srv.Requests(), "CreateUser"); c[422] != 0 {
		t.Errorf("rerun created a row twice: CreateUser statuses %v", c)
	}
	users := allUsers(t, srv)
	if len(users) != n {
		t.Errorf("%d users, want %d", len(users), n)
	}
	if !strings.Contains(res.stderr, "skipped 1 damaged line(s)") {
		t.Errorf("rerun did not report the torn line; stderr:\n%s", res.stderr)
	}
	state, damaged, err := loadState(statePath)
	if err != nil || len(state) != n || damaged != 1 {
		t.Errorf("state after the rerun: %d keys, %d damaged (%v), want %d and 1", len(state), damaged, err, n)
	}
	t.Logf("interrupted run:\n%srerun:\n%s", stdout.String(), res.stdout)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{nil, 2, "-in is required"},
		{[]string{"-in", "x.txt"}, 2, "-format is required"},
		{[]string{"-in", "x.csv", "-format", "xml"}, 2, `-format "xml"`},
		{[]string{"-in", "x.csv", "-concurrency", "0"}, 2, "-concurrency"},
		{[]string{"-in", "x.csv", "-rate", "0"}, 2, "-rate"},
		{[]string{"-in", "x.csv", "-time-scale", "2"}, 2, "-time-scale"},
		{[]string{"-in", "x.csv", "extra"}, 2, "unexpected arguments"},
		{[]string{"-bogus"}, 2, "flag provided but not defined"},
		{[]string{"-h"}, 0, "-dry-run"},
		{[]string{"-in", "x.csv"}, 1, "CLERK_SECRET_KEY is not set"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			var stdout, stderr bytes.Buffer
			code := run(t.Context(), tc.args, env{stdout: &stdout, stderr: &stderr, getenv: func(string) string { return "" }})
			if code != tc.code || !strings.Contains(stderr.String(), tc.msg) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, stderr.String(), tc.code, tc.msg)
			}
		})
	}
}
