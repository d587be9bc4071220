package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	official "github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/user"
	"github.com/gobapi/clerk"
)

// listPageSize is the page size of BenchmarkListUsers.
const listPageSize = 100

// bapiServer is a loopback BAPI serving the fixture user at
// GET /v1/users/{fixtureUserID}, a page of listPageSize full users at
// GET /v1/users (whatever the query) and their count at GET /v1/users/count.
// Both SDKs get byte-identical responses.
func bapiServer(tb testing.TB) *httptest.Server {
	tb.Helper()
	userBody := userFixture()
	before, after := userTemplate(tb)
	page := appendUsers(nil, before, after, 0, listPageSize)
	count := []byte(`{"object":"total_count","total_count":` + strconv.Itoa(listPageSize*10) + `}`)
	write := func(w http.ResponseWriter, body []byte) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.Header.Get("Authorization") != "Bearer "+testSecret {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		switch r.URL.Path {
		case "/v1/users/" + fixtureUserID:
			write(w, userBody)
		case "/v1/users":
			write(w, page)
		case "/v1/users/count":
			write(w, count)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// TestBAPIClientsDecode checks that both SDKs read the loopback server's
// user and page, so that the benchmarks time successful calls.
func TestBAPIClientsDecode(t *testing.T) {
	srv := bapiServer(t)
	ctx := context.Background()
	ours := oursClient(t, srv.URL)
	theirs := user.NewClient(officialConfig(t, srv.URL))

	u, err := ours.Users.Get(ctx, fixtureUserID)
	if err != nil || u.ID != fixtureUserID {
		t.Fatalf("ours Get = %v, %v", u, err)
	}
	ou, err := theirs.Get(ctx, fixtureUserID)
	if err != nil || ou.ID != fixtureUserID {
		t.Fatalf("official Get = %v, %v", ou, err)
	}
	l, err := ours.Users.List(ctx, &clerk.UserListParams{Limit: listPageSize})
	if err != nil || len(l.Data) != listPageSize || l.TotalCount != listPageSize*10 {
		t.Fatalf("ours List = %d users, total %d, %v", len(l.Data), l.TotalCount, err)
	}
	ol, err := theirs.List(ctx, officialListParams(listPageSize, 0))
	if err != nil || len(ol.Users) != listPageSize || ol.TotalCount != listPageSize*10 {
		t.Fatalf("official List = %v", err)
	}
}

// officialListParams is one page request of the official SDK.
func officialListParams(limit, offset int64) *user.ListParams {
	p := &user.ListParams{}
	p.Limit = official.Int64(limit)
	p.Offset = official.Int64(offset)
	return p
}

// BenchmarkGetUser times one GET /v1/users/{id} through each SDK's Users
// Get against the same loopback server: request, transport, decoding.
func BenchmarkGetUser(b *testing.B) {
	srv := bapiServer(b)
	ctx := context.Background()
	b.Run("sdk=ours", func(b *testing.B) {
		c := oursClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if u, err := c.Users.Get(ctx, fixtureUserID); err != nil || u.ID != fixtureUserID {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk=official", func(b *testing.B) {
		c := user.NewClient(officialConfig(b, srv.URL))
		b.ReportAllocs()
		for b.Loop() {
			if u, err := c.Get(ctx, fixtureUserID); err != nil || u.ID != fixtureUserID {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkListUsers times one page of listPageSize users with its total
// count through each SDK's List. Both make two requests, GET /v1/users and
// GET /v1/users/count: the endpoint returns a bare array, and a full page
// does not show the total.
func BenchmarkListUsers(b *testing.B) {
	srv := bapiServer(b)
	ctx := context.Background()
	b.Run("sdk=ours", func(b *testing.B) {
		c := oursClient(b, srv.URL)
		b.ReportAllocs()
		for b.Loop() {
			if l, err := c.Users.List(ctx, &clerk.UserListParams{Limit: listPageSize}); err != nil || len(l.Data) != listPageSize {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk=official", func(b *testing.B) {
		c := user.NewClient(officialConfig(b, srv.URL))
		b.ReportAllocs()
		for b.Loop() {
			if l, err := c.List(ctx, officialListParams(listPageSize, 0)); err != nil || len(l.Users) != listPageSize {
				b.Fatal(err)
			}
		}
	})
}
