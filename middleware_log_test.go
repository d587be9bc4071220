package clerk

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAuthLoggerSaysWhy: a RequireSession refusal is logged with Clerk's
// reason, and the token never is.
func TestAuthLoggerSaysWhy(t *testing.T) {
	t.Parallel()
	expired := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "exp", testNow.Unix()-60))
	foreign := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "iss", "https://other-fox-9.clerk.accounts.dev"))
	pending := mint(t, testKeyA(), baseHeader(), with(baseClaims(), "sts", "pending"))
	cases := []struct {
		name, auth, reason string
	}{
		{"no token", "", "dev-browser-missing"}, // a development instance, no __clerk_db_jwt (D2)
		{"expired", "Bearer " + expired, "token-expired"},
		{"another instance", "Bearer " + foreign, "token-invalid-issuer"},
		{"pending session", "Bearer " + pending, "session-pending"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			v := newPEMVerifier(t, WithPublishableKey(devPK), WithAuthLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			h := v.RequireSession(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { t.Error("next ran") }))
			r := httptest.NewRequest("GET", "/api/invoices?secret=q", nil)
			if tc.auth != "" {
				r.Header.Set("Authorization", tc.auth)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != http.StatusUnauthorized {
				t.Errorf("status %d, want 401", w.Code)
			}
			line := logs.String()
			if !strings.Contains(line, "reason="+tc.reason) || !strings.Contains(line, "path=/api/invoices") {
				t.Errorf("log %q lacks reason=%s and the path", line, tc.reason)
			}
			if tc.auth != "" && strings.Contains(line, strings.Split(strings.TrimPrefix(tc.auth, "Bearer "), ".")[2]) {
				t.Errorf("log contains the token: %s", line)
			}
			if strings.Contains(line, "secret=q") {
				t.Errorf("log contains the query: %s", line)
			}
		})
	}
}

func TestAuthLoggerNil(t *testing.T) {
	t.Parallel()
	if _, err := NewVerifier(WithJWTKey(pemOf(t, &testKeyA().PublicKey)), WithAuthLogger(nil)); err == nil {
		t.Error("NewVerifier accepted a nil logger")
	}
}

// TestAuthLoggerLoopGuard: the third handshake redirect in a row is not
// made, and WithAuthLogger's logger gets one line at Warn that says so.
func TestAuthLoggerLoopGuard(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	v := newPEMVerifier(t, WithPublishableKey(testPK), WithAuthLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	h := v.Middleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	r := httptest.NewRequest("GET", "/p", nil)
	r.Header.Set("Sec-Fetch-Dest", "document")
	r.Header.Set("Cookie", "__client_uat=1; __clerk_redirect_count=3")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if w.Code != http.StatusOK || len(lines) != 1 || !strings.Contains(lines[0], "level=WARN") || !strings.Contains(lines[0], "infinite redirect loop") {
		t.Errorf("status %d, log %q; want 200 and one Warn line about the loop", w.Code, lines)
	}
}
