package site_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/examples/pages/site"
)

// app starts the site against a clerktest server and returns both.
func app(t *testing.T, mod func(*site.Config, *clerktest.Server)) (*clerktest.Server, *httptest.Server) {
	t.Helper()
	s := clerktest.NewServer(t)
	c := site.Config{SecretKey: s.SecretKey, PublishableKey: s.PublishableKey, APIURL: s.URL, Addr: site.DefaultAddr}
	if mod != nil {
		mod(&c, s)
	}
	h, err := site.New(c)
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return s, hs
}

// userToken creates a user and mints a session token for it.
func userToken(t *testing.T, s *clerktest.Server, opts ...clerktest.TokenOption) (string, string) {
	t.Helper()
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Create(context.Background(), &clerk.UserCreateParams{EmailAddresses: []string{"pages@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.MintSessionToken(u.ID, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID, tok
}

type reply struct {
	Status int
	Body   string
}

// send sends method path with a session cookie (with __client_uat, and
// the dev browser a development instance's browser always has) or a
// bearer token.
func send(t *testing.T, hs *httptest.Server, method, path, cookie, bearer string) reply {
	t.Helper()
	req, _ := http.NewRequest(method, hs.URL+path, nil)
	if cookie != "" {
		req.Header.Set("Cookie", "__session="+cookie+"; __client_uat=1; __clerk_db_jwt=dvb")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := hs.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, strings.TrimSpace(string(b))}
}

// TestPageAndMe: signed out and signed in (cookie or bearer), for GET and
// POST, on both routes; unknown paths are 404.
func TestPageAndMe(t *testing.T) {
	t.Parallel()
	s, hs := app(t, nil)
	uid, tok := userToken(t, s)
	meJSON, _ := json.Marshal(map[string]string{"user_id": uid})
	for _, m := range []string{http.MethodGet, http.MethodPost} {
		if r := send(t, hs, m, "/", "", ""); r.Status != 200 || !strings.Contains(r.Body, `<p id="status">Signed out</p>`) {
			t.Errorf("%s / signed out: %+v", m, r)
		}
		if r := send(t, hs, m, "/", tok, ""); r.Status != 200 || !strings.Contains(r.Body, `<span id="user-id">`+uid+`</span>`) {
			t.Errorf("%s / signed in: %+v", m, r)
		}
		if diff := cmp.Diff(reply{401, `{"error":"unauthorized"}`}, send(t, hs, m, "/api/me", "", "")); diff != "" {
			t.Errorf("%s /api/me signed out (-want +got):\n%s", m, diff)
		}
		for _, via := range [][2]string{{tok, ""}, {"", tok}} {
			if diff := cmp.Diff(reply{200, string(meJSON)}, send(t, hs, m, "/api/me", via[0], via[1])); diff != "" {
				t.Errorf("%s /api/me signed in (-want +got):\n%s", m, diff)
			}
		}
	}
	if r := send(t, hs, http.MethodGet, "/other", tok, ""); r.Status != 404 {
		t.Errorf("/other: %+v", r)
	}
}

// TestConfigVariants: CLERK_API_URL without /v1, CLERK_JWT_KEY (no key
// fetch), and CLERK_AUTHORIZED_PARTIES refusing a token for another
// origin.
func TestConfigVariants(t *testing.T) {
	t.Parallel()
	t.Run("api-url-without-v1", func(t *testing.T) {
		t.Parallel()
		s, hs := app(t, func(c *site.Config, _ *clerktest.Server) { c.APIURL = strings.TrimSuffix(c.APIURL, "/v1") })
		_, tok := userToken(t, s)
		if r := send(t, hs, http.MethodGet, "/api/me", "", tok); r.Status != 200 {
			t.Errorf("%+v", r)
		}
	})
	t.Run("jwt-key", func(t *testing.T) {
		t.Parallel()
		srv, hs := app(t, func(c *site.Config, s *clerktest.Server) {
			c.APIURL, c.JWTKey = "http://127.0.0.1:1", s.JWTPublicKeyPEM()
		})
		_, tok := userToken(t, srv)
		if r := send(t, hs, http.MethodGet, "/api/me", "", tok); r.Status != 200 {
			t.Errorf("PEM key, unreachable API: %+v", r)
		}
	})
	t.Run("authorized-parties", func(t *testing.T) {
		t.Parallel()
		s, hs := app(t, func(c *site.Config, _ *clerktest.Server) { c.AuthorizedParties = []string{"https://app.example.com"} })
		uid, good := userToken(t, s, clerktest.WithAuthorizedParty("https://app.example.com"))
		bad, err := s.MintSessionToken(uid, clerktest.WithAuthorizedParty("https://evil.example.com"))
		if err != nil {
			t.Fatal(err)
		}
		if r := send(t, hs, http.MethodGet, "/api/me", "", good); r.Status != 200 {
			t.Errorf("listed origin: %+v", r)
		}
		if r := send(t, hs, http.MethodGet, "/api/me", "", bad); r.Status != 401 {
			t.Errorf("other origin: %+v", r)
		}
	})
}
