package site_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk/examples/pages/site"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// TestFromEnv reads every variable, defaults ADDR, splits the authorized
// parties, and names the variables that are missing or wrong.
func TestFromEnv(t *testing.T) {
	t.Parallel()
	got, err := site.FromEnv(env(map[string]string{
		"CLERK_SECRET_KEY": "sk_test_secret", "CLERK_PUBLISHABLE_KEY": "pk_test_x",
		"CLERK_API_URL": "http://127.0.0.1:9/v1", "CLERK_JWT_KEY": "PEM",
		"CLERK_AUTHORIZED_PARTIES": " https://a.example.com, ,http://localhost:3000 ",
		"CLERK_PROXY_URL":          "https://example.com/__clerk", "CLERK_DOMAIN": "sat.example.org",
		"CLERK_IS_SATELLITE": "true", "CLERK_SIGN_IN_URL": "https://example.com/sign-in",
	}))
	if err != nil {
		t.Fatal(err)
	}
	want := site.Config{SecretKey: "sk_test_secret", PublishableKey: "pk_test_x", APIURL: "http://127.0.0.1:9/v1",
		JWTKey: "PEM", AuthorizedParties: []string{"https://a.example.com", "http://localhost:3000"},
		ProxyURL: "https://example.com/__clerk", Domain: "sat.example.org", IsSatellite: true,
		SignInURL: "https://example.com/sign-in", Addr: site.DefaultAddr}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromEnv (-want +got):\n%s", diff)
	}
	for _, s := range []string{got.String(), fmt.Sprintf("%v %+v %#v", got, got, got)} {
		if strings.Contains(s, "sk_test_secret") || strings.Contains(s, "PEM") {
			t.Errorf("secret shown: %s", s)
		}
	}

	_, err = site.FromEnv(env(map[string]string{"CLERK_IS_SATELLITE": "maybe", "ADDR": ":8080"}))
	for _, v := range []string{"CLERK_SECRET_KEY", "CLERK_PUBLISHABLE_KEY", "CLERK_IS_SATELLITE"} {
		if err == nil || !strings.Contains(err.Error(), v) {
			t.Errorf("error %v does not name %s", err, v)
		}
	}
	c, _ := site.FromEnv(env(map[string]string{"ADDR": ":8080"}))
	if c.Addr != ":8080" {
		t.Errorf("Addr = %q", c.Addr)
	}
}

// TestSatelliteSettings: the satellite variables reach the verifier,
// which refuses a satellite without a domain or proxy, and a development
// satellite without a sign-in URL, as @clerk/backend does.
func TestSatelliteSettings(t *testing.T) {
	t.Parallel()
	base := site.Config{SecretKey: "sk_test_x", PublishableKey: "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k"}
	for _, tc := range []struct {
		name string
		mod  func(*site.Config)
		ok   bool
	}{
		{"proxy", func(c *site.Config) { c.ProxyURL = "https://example.com/__clerk" }, true},
		{"relative-proxy", func(c *site.Config) { c.ProxyURL = "/__clerk" }, true},
		{"satellite", func(c *site.Config) {
			c.IsSatellite, c.Domain, c.SignInURL = true, "sat.example.org", "https://example.com/sign-in"
		}, true},
		{"satellite-without-domain", func(c *site.Config) { c.IsSatellite, c.SignInURL = true, "https://example.com/sign-in" }, false},
		{"dev-satellite-without-sign-in", func(c *site.Config) { c.IsSatellite, c.Domain = true, "sat.example.org" }, false},
	} {
		c := base
		tc.mod(&c)
		if _, err := site.New(c); (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok %v", tc.name, err, tc.ok)
		}
	}
}
