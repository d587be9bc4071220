package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/clerk/clerk-sdk-go/v2/user"
	"github.com/gobapi/clerk"
)

// Listing 100,000 users in pages of 500, the most BAPI serves.
const (
	listTotal = 100_000
	listPage  = 500
)

// generatingServer serves listTotal full fixture users from GET /v1/users
// without holding them, honouring limit, offset and starting_after, and
// their count from GET /v1/users/count. It counts requests.
func generatingServer(tb testing.TB, requests *atomic.Int64) *httptest.Server {
	tb.Helper()
	before, after := userTemplate(tb)
	count := []byte(`{"object":"total_count","total_count":` + strconv.Itoa(listTotal) + `}`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/users/count" {
			w.Write(count)
			return
		}
		if r.URL.Path != "/v1/users" {
			http.NotFound(w, r)
			return
		}
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
		end := min(start+limit, listTotal)
		start = min(start, end)
		w.Write(appendUsers(make([]byte, 0, (end-start)*(len(before)+len(after)+16)+2), before, after, start, end))
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// listing is what one SDK's full listing cost.
type listing struct {
	users     int
	requests  int64
	wall      time.Duration
	peakHeap  uint64 // highest HeapInuse seen at page boundaries
	allocated uint64 // bytes allocated by the whole process meanwhile
}

// measureListing runs list, which must call page() each time it holds a
// new page, and samples the heap at each call.
func measureListing(list func(page func()) (int, error)) (listing, error) {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	allocBefore := ms.TotalAlloc
	var peak uint64
	page := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	start := time.Now()
	n, err := list(page)
	wall := time.Since(start)
	runtime.ReadMemStats(&ms)
	return listing{users: n, wall: wall, peakHeap: peak, allocated: ms.TotalAlloc - allocBefore}, err
}

// TestList100k lists 100,000 users with each SDK, ours through Users.All
// (cursor paging) and the official SDK through user.List with Limit and
// Offset (it has no iterator; each List also asks GET /users/count). Both
// process one page at a time and keep nothing. It reports wall time, the
// peak of HeapInuse sampled at every page, bytes allocated, and requests,
// on RESULT lines. The server runs in the same process, so its own
// (small) allocations are included in both.
func TestList100k(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 100,000 users twice")
	}
	ctx := context.Background()
	runs := []struct {
		sdk  string
		list func(url string, page func()) (int, error)
	}{
		{"ours", func(url string, page func()) (int, error) {
			c := oursClient(t, url)
			n := 0
			for u, err := range c.Users.All(ctx, &clerk.UserListParams{Limit: listPage}) {
				if err != nil {
					return n, err
				}
				if n%listPage == 0 {
					page()
				}
				if u.ID != userID(n) {
					t.Fatalf("user %d is %s", n, u.ID)
				}
				n++
			}
			return n, nil
		}},
		{"official", func(url string, page func()) (int, error) {
			c := user.NewClient(officialConfig(t, url))
			n := 0
			for offset := int64(0); ; offset += listPage {
				l, err := c.List(ctx, officialListParams(listPage, offset))
				if err != nil {
					return n, err
				}
				page()
				for _, u := range l.Users {
					if u.ID != userID(n) {
						t.Fatalf("user %d is %s", n, u.ID)
					}
					n++
				}
				if len(l.Users) < listPage {
					return n, nil
				}
			}
		}},
	}
	const mib = 1 << 20
	for _, r := range runs {
		t.Run(r.sdk, func(t *testing.T) {
			var requests atomic.Int64
			srv := generatingServer(t, &requests)
			res, err := measureListing(func(page func()) (int, error) { return r.list(srv.URL, page) })
			if err != nil {
				t.Fatal(err)
			}
			if res.users != listTotal {
				t.Fatalf("listed %d users, want %d", res.users, listTotal)
			}
			t.Logf("RESULT list100k sdk=%s users=%d requests=%d wall=%s peak_heap_inuse=%.1fMiB allocated=%.0fMiB",
				r.sdk, res.users, requests.Load(), res.wall.Round(time.Millisecond), float64(res.peakHeap)/mib, float64(res.allocated)/mib)
		})
	}
}
