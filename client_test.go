package clerk

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestNewClientSecretKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		key     string
		wantErr bool
	}{
		{"empty", "", true},
		{"publishable key", "pk_test_S3CRETvalue", true},
		{"no prefix", "S3CRETvalue", true},
		{"prefix only", "sk_test_", true},
		{"wrong case", "SK_TEST_S3CRETvalue", true},
		{"contains newline", "sk_test_S3CRET\nvalue", true},
		{"contains space", "sk_live_S3CRET value", true},
		{"test key", "sk_test_S3CRETvalue", false},
		{"live key", "sk_live_S3CRETvalue", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tt.key)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("NewClient() error = %v, want error %v", err, tt.wantErr)
			}
			if err == nil {
				if c.Users == nil || c.Organizations == nil || c.Sessions == nil {
					t.Errorf("NewClient() left a service or the API client nil")
				}
				return
			}
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Errorf("error %T is not *ConfigError", err)
			}
			if !strings.HasPrefix(err.Error(), "clerk: ") {
				t.Errorf("error %q does not start with \"clerk: \"", err)
			}
			if strings.Contains(err.Error(), "S3CRET") {
				t.Errorf("error echoes the key: %q", err)
			}
		})
	}
}

func TestNewClientOptions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opt        Option
		wantOption string // "" means no error
	}{
		{"base URL", WithBaseURL("http://127.0.0.1:1/v1"), ""},
		{"base URL trailing slash", WithBaseURL("https://api.example.com/v1/"), ""},
		{"base URL relative", WithBaseURL("/v1"), "WithBaseURL"},
		{"base URL no scheme", WithBaseURL("api.clerk.com/v1"), "WithBaseURL"},
		{"base URL ftp", WithBaseURL("ftp://api.clerk.com/v1"), "WithBaseURL"},
		{"base URL query", WithBaseURL("https://api.clerk.com/v1?x=1"), "WithBaseURL"},
		{"base URL fragment", WithBaseURL("https://api.clerk.com/v1#x"), "WithBaseURL"},
		{"base URL userinfo", WithBaseURL("https://u:p@api.clerk.com/v1"), "WithBaseURL"},
		{"base URL unparseable", WithBaseURL("http://[::1"), "WithBaseURL"},
		{"base URL empty", WithBaseURL(""), "WithBaseURL"},
		{"base URL another version", WithBaseURL("https://api.clerk.com/v2"), "WithBaseURL"},
		{"base URL an endpoint", WithBaseURL("https://api.clerk.com/v1/users"), "WithBaseURL"},
		{"base URL another version below a prefix", WithBaseURL("https://proxy.example.com/clerk/v0"), "WithBaseURL"},
		{"HTTP client", WithHTTPClient(&http.Client{}), ""},
		{"HTTP client nil", WithHTTPClient(nil), "WithHTTPClient"},
		{"retry zero disables", WithRetry(RetryPolicy{}), ""},
		{"retry one attempt", WithRetry(RetryPolicy{MaxAttempts: 1}), ""},
		{"retry defaults filled", WithRetry(RetryPolicy{MaxAttempts: 5}), ""},
		{"retry negative attempts", WithRetry(RetryPolicy{MaxAttempts: -1}), "WithRetry"},
		{"retry negative wait", WithRetry(RetryPolicy{MaxAttempts: 2, MinWait: -time.Second}), "WithRetry"},
		{"retry negative total", WithRetry(RetryPolicy{MaxAttempts: 2, MaxTotalWait: -1}), "WithRetry"},
		{"retry min over max", WithRetry(RetryPolicy{MaxAttempts: 2, MinWait: 2 * time.Second, MaxWait: time.Second}), "WithRetry"},
		{"user agent", WithUserAgent("myapp/1.0"), ""},
		{"user agent empty", WithUserAgent("  "), "WithUserAgent"},
		{"user agent newline", WithUserAgent("a\r\nX-Evil: 1"), "WithUserAgent"},
		{"logger", WithLogger(slog.New(slog.DiscardHandler)), ""},
		{"logger nil", WithLogger(nil), "WithLogger"},
		{"API version", WithAPIVersion("2025-11-10"), ""},
		{"API version empty", WithAPIVersion(""), "WithAPIVersion"},
		{"API version not a date", WithAPIVersion("v1"), "WithAPIVersion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewClient(testKey, tt.opt)
			var got string
			if err != nil {
				var ce *ConfigError
				if !errors.As(err, &ce) {
					t.Fatalf("error %T (%v) is not *ConfigError", err, err)
				}
				got = ce.Option
				if !strings.HasPrefix(err.Error(), "clerk: ") || strings.Contains(err.Error(), "\n") {
					t.Errorf("error %q is not one line prefixed \"clerk: \"", err)
				}
				assertNoSecret(t, "error", err.Error())
			}
			if got != tt.wantOption {
				t.Errorf("NewClient() failing option = %q, want %q (err %v)", got, tt.wantOption, err)
			}
		})
	}
}

func TestRequestHeaders(t *testing.T) {
	t.Parallel()
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	tests := []struct {
		name          string
		opts          []Option
		wantUA        string
		wantVersion   string
		wantAuthority string
	}{
		{
			name:        "defaults",
			wantUA:      "gobapi-clerk/" + Version + " go/" + goVersion,
			wantVersion: DefaultAPIVersion,
		},
		{
			name:        "appended user agent and other version",
			opts:        []Option{WithUserAgent("myapp/1.2"), WithAPIVersion("2025-11-10")},
			wantUA:      "gobapi-clerk/" + Version + " go/" + goVersion + " myapp/1.2",
			wantVersion: "2025-11-10",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(200, `{"keys":[]}`))
			c, _ := newTestClient(t, s, tt.opts...)
			if _, err := c.JWKS(context.Background()); err != nil {
				t.Fatalf("JWKS: %v", err)
			}
			reqs := s.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			h := reqs[0].Headers
			want := map[string]string{
				"Authorization":     "Bearer " + testKey,
				"User-Agent":        tt.wantUA,
				"Clerk-Api-Version": tt.wantVersion,
				"Path":              "/v1/jwks",
			}
			got := map[string]string{
				"Authorization":     h.Get("Authorization"),
				"User-Agent":        h.Get("User-Agent"),
				"Clerk-Api-Version": h.Get("Clerk-API-Version"),
				"Path":              reqs[0].Path,
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("request mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBaseURLForms: the API URL with or without /v1 (and a trailing slash)
// reaches the same endpoint, as CLERK_API_URL does for Clerk's other SDKs.
func TestBaseURLForms(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(http.StatusOK, `{"object":"user","id":"user_1"}`))
	for _, tc := range []struct{ base, wantPath string }{
		{s.URL, "/v1/users/user_1"},
		{s.URL + "/", "/v1/users/user_1"},
		{s.URL + "/v1", "/v1/users/user_1"},
		{s.URL + "/v1/", "/v1/users/user_1"},
		{s.URL + "/v1//", "/v1/users/user_1"},
	} {
		c, err := NewClient(testKey, WithBaseURL(tc.base))
		if err != nil {
			t.Fatalf("%s: %v", tc.base, err)
		}
		if _, err := c.Users.Get(context.Background(), "user_1"); err != nil {
			t.Errorf("%s: %v", tc.base, err)
		}
		reqs := s.requests()
		if got := reqs[len(reqs)-1].Path; got != tc.wantPath {
			t.Errorf("%s: request path %s, want %s", tc.base, got, tc.wantPath)
		}
	}
	// A prefix proxy gets /v1 after its prefix.
	for base, want := range map[string]string{
		"https://proxy.example.com/clerk":     "https://proxy.example.com/clerk/v1",
		"https://proxy.example.com/clerk/v1/": "https://proxy.example.com/clerk/v1",
		"https://api.clerk.com":               "https://api.clerk.com/v1",
	} {
		var cfg config
		if err := WithBaseURL(base)(&cfg); err != nil || cfg.baseURL != want {
			t.Errorf("WithBaseURL(%q) = %q, %v; want %q", base, cfg.baseURL, err, want)
		}
	}
}
