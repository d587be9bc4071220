package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// benchUserID is the ID of the fixture user.
const benchUserID = "user_2xK7bQ9mVnR4tY8wZ1aB3cD5eF6"

// userBenchServer serves the fixture user at /v1/users/{id} over loopback,
// after checking the headers both benchmarks must send.
func userBenchServer(b *testing.B) *httptest.Server {
	body := userFixture(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/v1/users/"+benchUserID || r.Header.Get("Authorization") != "Bearer "+testKey ||
			r.Header.Get("Clerk-API-Version") != DefaultAPIVersion || r.Header.Get("Accept") != "application/json" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkUsersGet measures Users.Get against a loopback server: the
// facade, the generated client and the transport. Compare it with
// BenchmarkUsersGetHandWritten using benchstat.
func BenchmarkUsersGet(b *testing.B) {
	srv := userBenchServer(b)
	hc := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(hc.CloseIdleConnections)
	c, err := NewClient(testKey, WithBaseURL(srv.URL+"/v1"), WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		u, err := c.Users.Get(ctx, benchUserID)
		if err != nil || u.ID != benchUserID {
			b.Fatalf("Get = %v, %v", u, err)
		}
	}
}

// BenchmarkUsersGetHandWritten does the work of BenchmarkUsersGet by hand
// with net/http and encoding/json: the same request, the same headers, the
// same status check and the same result type.
func BenchmarkUsersGetHandWritten(b *testing.B) {
	srv := userBenchServer(b)
	hc := &http.Client{Transport: &http.Transport{}}
	b.Cleanup(hc.CloseIdleConnections)
	base := srv.URL + "/v1"
	ua := "gobapi-clerk/" + Version + " go/" + strings.TrimPrefix(runtime.Version(), "go")
	ctx := context.Background()
	get := func(id string) (*User, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/users/"+url.PathEscape(id), nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+testKey)
		req.Header.Set("User-Agent", ua)
		req.Header.Set("Clerk-API-Version", DefaultAPIVersion)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("status %d", resp.StatusCode)
		}
		var u User
		if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
			return nil, err
		}
		_, err = io.Copy(io.Discard, resp.Body) // keep the connection reusable
		return &u, err
	}
	b.ReportAllocs()
	for b.Loop() {
		u, err := get(benchUserID)
		if err != nil || u.ID != benchUserID {
			b.Fatalf("get = %v, %v", u, err)
		}
	}
}

// generatedUsers serves n users in pages from GET /v1/users without
// holding them: each page is written from the fixture user, with its ID
// replaced and its arrays and objects emptied (100,000 full users take
// over a minute to decode under the race detector).
// It honours limit, offset and starting_after (IDs sort by index).
func generatedUsers(t testing.TB, n int) http.Handler {
	var user map[string]any
	if err := json.Unmarshal(userFixture(t), &user); err != nil {
		t.Fatal(err)
	}
	for k, v := range user {
		switch v.(type) {
		case []any:
			user[k] = []any{}
		case map[string]any:
			user[k] = map[string]any{}
		}
	}
	template, err := json.Marshal(user)
	if err != nil {
		t.Fatal(err)
	}
	before, after, ok := bytes.Cut(template, []byte(`"`+benchUserID+`"`))
	if !ok || bytes.Contains(after, []byte(benchUserID)) {
		t.Fatal("the fixture must hold its ID once")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		start, _ := strconv.Atoi(q.Get("offset"))
		if c := q.Get("starting_after"); c != "" {
			i, err := strconv.Atoi(strings.TrimPrefix(c, "user_"))
			if err != nil {
				http.Error(w, "bad cursor", http.StatusUnprocessableEntity)
				return
			}
			start = i + 1
		}
		end := min(start+limit, n)
		w.Header().Set("Content-Type", "application/json")
		bw := make([]byte, 0, 64<<10)
		bw = append(bw, '[')
		for i := start; i < end; i++ {
			if i > start {
				bw = append(bw, ',')
			}
			bw = append(bw, before...)
			bw = fmt.Appendf(bw, `"user_%07d"`, i)
			bw = append(bw, after...)
			if len(bw) > 60<<10 {
				w.Write(bw)
				bw = bw[:0]
			}
		}
		bw = append(bw, ']')
		w.Write(bw)
	})
}

// TestUsersAllMemoryIsFlat ranges over 100,000 users served in pages of
// 500 and samples the live heap at each page: it must not grow with the
// number of users seen.
func TestUsersAllMemoryIsFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("ranges over 100,000 users")
	}
	const n, page = 100_000, 500
	srv := httptest.NewServer(generatedUsers(t, n))
	defer srv.Close()
	c, err := NewClient(testKey, WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		t.Fatal(err)
	}

	// Per page: HeapInuse as it is (garbage included), and every 5th page
	// the live heap after a forced collection (each costs a full GC).
	var ms runtime.MemStats
	live := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := live()
	var (
		seen                int
		peakLive, peakInuse uint64
		earlyPeak, latePeak uint64 // live peaks of the first 10 pages and of the last half
	)
	for u, err := range c.Users.All(context.Background(), &UserListParams{Limit: page}) {
		if err != nil {
			t.Fatalf("after %d users: %v", seen, err)
		}
		if want := fmt.Sprintf("user_%07d", seen); u.ID != want {
			t.Fatalf("user %d is %s, want %s", seen, u.ID, want)
		}
		if p := seen / page; seen%page == 0 { // the first user of a page: that page is live
			runtime.ReadMemStats(&ms)
			peakInuse = max(peakInuse, ms.HeapInuse)
			if p < 10 || p%5 == 0 {
				l := live()
				peakLive = max(peakLive, l)
				switch {
				case p < 10:
					earlyPeak = max(earlyPeak, l)
				case p >= n/page/2:
					latePeak = max(latePeak, l)
				}
			}
		}
		seen++
	}
	if seen != n {
		t.Fatalf("saw %d users, want %d", seen, n)
	}
	const mib = 1 << 20
	t.Logf("%d users in pages of %d: live heap %.1f MiB before, peak %.1f MiB (+%.1f MiB); peak HeapInuse %.1f MiB",
		n, page, float64(base)/mib, float64(peakLive)/mib, float64(peakLive-min(base, peakLive))/mib, float64(peakInuse)/mib)
	if growth := int64(peakLive) - int64(base); growth > 8*mib {
		t.Errorf("live heap grew by %.1f MiB while ranging; want under 8 MiB (about one page)", float64(growth)/mib)
	}
	if drift := int64(latePeak) - int64(earlyPeak); drift > 2*mib {
		t.Errorf("live heap peak of the last %d pages is %.1f MiB above the first 10 pages': it grows with N", n/page/2, float64(drift)/mib)
	}
}
