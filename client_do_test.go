package clerk

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/gobapi/clerk/bapi"
)

// TestClientDoRefusesOtherServers: Client.Do adds the secret key, so a
// request to any URL that is not below the base URL is refused before
// anything is sent, whichever part of the URL differs.
func TestClientDoRefusesOtherServers(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{"id":"user_1"}`))
	var stray atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { stray.Add(1) }))
	t.Cleanup(other.Close)
	c, _ := newTestClient(t, s)
	u, _ := url.Parse(s.URL)
	for _, raw := range []string{
		other.URL + "/v1/users/user_1",                      // another port
		"http://localhost:" + u.Port() + "/v1/users/user_1", // another host name, same port
		"https://" + u.Host + "/v1/users/user_1",            // another scheme
		"http://user:pass@" + u.Host + "/v1/users/user_1",   // user information
		s.URL + "/v2/users",                                 // another version
		s.URL + "/users/user_1",                             // outside the API root
		s.URL + "/v1",                                       // the root itself
		s.URL + "/v1x/users",                                // a sibling of the root
	} {
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := c.Do(req)
		var re *RequestError
		if !errors.As(err, &re) || !re.NotSent || !errors.Is(err, errNotBelowBase) {
			t.Errorf("Do(%s) = %v, %v; want a *RequestError with NotSent", raw, resp, err)
		}
		if err != nil {
			assertNoSecret(t, "Do's error", err.Error())
		}
		if req.Header.Get("Authorization") != "" {
			t.Errorf("Do(%s) set Authorization on a refused request", raw)
		}
	}
	if _, err := c.Do(nil); err == nil {
		t.Error("Do(nil) = nil error")
	}
	if n := stray.Load(); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
	if n := len(s.requests()); n != 0 {
		t.Errorf("the API server got %d requests for refused URLs", n)
	}
}

// TestClientDoAndBAPI: a request below the base URL goes through the
// transport with the key, and package bapi reaches operations the facades do
// not call through it.
func TestClientDoAndBAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/users/user_1":
			jsonHandler(200, `{"id":"user_1","object":"user"}`)(w, r)
		case "/v1/instance":
			jsonHandler(200, `{"id":"ins_1","object":"instance","environment_type":"development"}`)(w, r)
		default:
			jsonHandler(404, `{"errors":[{"code":"resource_not_found","message":"not found"}]}`)(w, r)
		}
	})
	c, _ := newTestClient(t, s)
	if got, want := c.BaseURL(), s.URL+"/v1"; got != want {
		t.Errorf("BaseURL() = %q, want %q", got, want)
	}
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL()+"/users/user_1", nil)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("Do: %v", err)
	}
	_ = resp.Body.Close()
	if got := s.requests()[0].Headers.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
	inst, err := bapi.New(c).GetInstanceWithResponse(context.Background())
	if err != nil || inst.JSON200 == nil || inst.JSON200.ID != "ins_1" {
		t.Fatalf("bapi GetInstance = %+v, %v", inst, err)
	}
	_, err = bapi.NewRaw(c).GetUser(context.Background(), "user_2")
	if !IsNotFound(err) {
		t.Errorf("bapi raw GetUser of a missing user = %v, want a 404 *APIError", err)
	}
}

// TestAPIClientOperations: internal/apiclient generates exactly the
// operations the facades call. A missing one breaks the build; this catches
// one listed in client.cfg.yaml but no longer called, which every consumer
// would compile for nothing.
func TestAPIClientOperations(t *testing.T) {
	gen, err := os.ReadFile(filepath.Join("internal", "apiclient", "client.gen.go"))
	if err != nil {
		t.Fatal(err)
	}
	var src strings.Builder
	names, _ := filepath.Glob("*.go")
	for _, n := range names {
		if strings.HasSuffix(n, "_test.go") {
			continue
		}
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		src.Write(b)
	}
	methods := regexp.MustCompile(`(?m)^func \(c \*APIClient\) ([A-Z]\w*?)(WithBody)?\(`).FindAllStringSubmatch(string(gen), -1)
	seen := map[string]bool{}
	for _, m := range methods {
		if seen[m[1]] {
			continue
		}
		seen[m[1]] = true
		if !regexp.MustCompile(`\.` + m[1] + `(WithBody)?\(`).MatchString(src.String()) {
			t.Errorf("internal/apiclient generates %s, which no facade calls: remove its id from client.cfg.yaml", m[1])
		}
	}
	if len(seen) < 50 {
		t.Errorf("found %d operations in internal/apiclient/client.gen.go; its layout changed", len(seen))
	}
}
