package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"testing"

	official "github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/user"
	"github.com/gobapi/clerk"
)

// listPageSize is the page size of BenchmarkListUsers.
const listPageSize = 100

// createUserBody is the JSON body of the user both SDKs create in
// BenchmarkCreateUser, as each sends it (TestBAPIClientsDecode checks
// that they send the same JSON).
const createUserBody = `{"email_address":["ada@example.com"],"external_id":"crm-004217",` +
	`"first_name":"Ada","last_name":"Lovelace","password":"correct horse battery staple",` +
	`"public_metadata":{"plan":"team"}}`

// bapiServer is a loopback BAPI serving the fixture user at
// GET /v1/users/{fixtureUserID} and as the result of POST /v1/users (after
// reading the JSON body), a page of listPageSize full users at GET /v1/users
// (whatever the query) and their count at GET /v1/users/count. Both SDKs
// get byte-identical responses.
func bapiServer(tb testing.TB) *httptest.Server {
	return bapiServerFunc(tb, nil)
}

// bapiServerFunc is bapiServer calling created, when not nil, with the body
// of each POST /v1/users.
func bapiServerFunc(tb testing.TB, created func([]byte)) *httptest.Server {
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
		if r.Header.Get("Authorization") != "Bearer "+testSecret {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		if r.Method == http.MethodPost && r.URL.Path == "/v1/users" && r.Header.Get("Content-Type") == "application/json" {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, "cannot read body", http.StatusBadRequest)
				return
			}
			if created != nil {
				created(body)
			}
			write(w, userBody)
			return
		}
		if r.Method != http.MethodGet {
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
// user and page, so that the benchmarks time successful calls, and that
// they send the same user to create.
func TestBAPIClientsDecode(t *testing.T) {
	var bodies [][]byte
	srv := bapiServerFunc(t, func(b []byte) { bodies = append(bodies, bytes.Clone(b)) })
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
	if u, err := ours.Users.Create(ctx, oursCreateParams()); err != nil || u.ID != fixtureUserID {
		t.Fatalf("ours Create = %v, %v", u, err)
	}
	if u, err := theirs.Create(ctx, officialCreateParams()); err != nil || u.ID != fixtureUserID {
		t.Fatalf("official Create = %v, %v", u, err)
	}
	var want any
	if err := json.Unmarshal([]byte(createUserBody), &want); err != nil {
		t.Fatal(err)
	}
	for i, sdk := range []string{"ours", "official"} {
		var got any
		if err := json.Unmarshal(bodies[i], &got); err != nil {
			t.Fatalf("%s sent %q: %v", sdk, bodies[i], err)
		}
		if !reflect.DeepEqual(want, got) {
			t.Errorf("%s sent %s, want %s", sdk, bodies[i], createUserBody)
		}
	}
}

// oursCreateParams is createUserBody for our Users.Create.
func oursCreateParams() *clerk.UserCreateParams {
	return &clerk.UserCreateParams{
		EmailAddresses: []string{"ada@example.com"},
		ExternalID:     clerk.Ptr("crm-004217"),
		FirstName:      clerk.Ptr("Ada"),
		LastName:       clerk.Ptr("Lovelace"),
		Password:       clerk.Ptr("correct horse battery staple"),
		PublicMetadata: map[string]any{"plan": "team"},
	}
}

// officialCreateParams is createUserBody for the official user.Create.
func officialCreateParams() *user.CreateParams {
	meta := json.RawMessage(`{"plan":"team"}`)
	return &user.CreateParams{
		EmailAddresses: &[]string{"ada@example.com"},
		ExternalID:     official.String("crm-004217"),
		FirstName:      official.String("Ada"),
		LastName:       official.String("Lovelace"),
		Password:       official.String("correct horse battery staple"),
		PublicMetadata: &meta,
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

// BenchmarkCreateUser times one POST /v1/users through each SDK's Users
// Create with the same user (createUserBody): encoding the params,
// transport, decoding the created user. Each SDK takes the params in its
// own form: ours metadata as a map, the official SDK's as raw JSON. The
// params are built once, outside the loop.
func BenchmarkCreateUser(b *testing.B) {
	srv := bapiServer(b)
	ctx := context.Background()
	b.Run("sdk=ours", func(b *testing.B) {
		c := oursClient(b, srv.URL)
		p := oursCreateParams()
		b.ReportAllocs()
		for b.Loop() {
			if u, err := c.Users.Create(ctx, p); err != nil || u.ID != fixtureUserID {
				b.Fatal(err)
			}
		}
	})
	b.Run("sdk=official", func(b *testing.B) {
		c := user.NewClient(officialConfig(b, srv.URL))
		p := officialCreateParams()
		b.ReportAllocs()
		for b.Loop() {
			if u, err := c.Create(ctx, p); err != nil || u.ID != fixtureUserID {
				b.Fatal(err)
			}
		}
	})
}
