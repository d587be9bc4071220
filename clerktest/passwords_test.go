package clerktest_test

import (
	"crypto/pbkdf2"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"testing"
)

// TestVerifyPassword checks password verification for plain passwords and
// imported digests, and password removal.
func TestVerifyPassword(t *testing.T) {
	t.Parallel()
	s, _ := newClient(t)
	sum := sha256.Sum256([]byte("imported-secret-1"))
	key, err := pbkdf2.Key(sha256.New, "django-secret-1", []byte("salt"), 1000, 32)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]map[string]any{
		"plain":   {"email_address": []string{"plain@example.com"}, "password": "correct-horse-9"},
		"sha256":  {"email_address": []string{"sha@example.com"}, "password_digest": hex.EncodeToString(sum[:]), "password_hasher": "sha256"},
		"pbkdf2":  {"email_address": []string{"dj@example.com"}, "password_digest": "pbkdf2_sha256$1000$salt$" + base64.StdEncoding.EncodeToString(key), "password_hasher": "pbkdf2_sha256"},
		"bcrypt":  {"email_address": []string{"bc@example.com"}, "password_digest": "$2a$10$abcdefghijklmnopqrstuu5Zf7Yz9Uo0d1b2c3d4e5f6g7h8i9j0k", "password_hasher": "bcrypt"},
		"nothing": {"email_address": []string{"none@example.com"}},
	}
	ids := map[string]string{}
	for name, body := range users {
		r := do(t, s, "POST", "/users", body)
		var u struct{ ID string }
		_ = json.Unmarshal(r.body, &u)
		if r.status != 200 {
			t.Fatalf("create %s: %d %s", name, r.status, r.body)
		}
		ids[name] = u.ID
	}
	for _, tc := range []struct {
		user, password string
		status         int
	}{
		{"plain", "correct-horse-9", 200},
		{"plain", "wrong", 422},
		{"sha256", "imported-secret-1", 200},
		{"sha256", "imported-secret-2", 422},
		{"pbkdf2", "django-secret-1", 200},
		{"pbkdf2", "django-secret-2", 422},
		{"bcrypt", "anything", 501},
		{"nothing", "anything", 400},
	} {
		r := do(t, s, "POST", "/users/"+ids[tc.user]+"/verify_password", map[string]any{"password": tc.password})
		if r.status != tc.status || (tc.status == 200 && !jsonContains(r.body, `"verified":true`)) {
			t.Errorf("verify %s/%s = %d %s, want %d", tc.user, tc.password, r.status, r.body, tc.status)
		}
	}
	if r := do(t, s, "POST", "/users/user_missing/verify_password", map[string]any{"password": "x"}); r.status != 404 {
		t.Errorf("unknown user: %d %s", r.status, r.body)
	}
	// An update sets a new password.
	if r := do(t, s, "PATCH", "/users/"+ids["plain"], map[string]any{"password": "battery-staple-7"}); r.status != 200 {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/users/"+ids["plain"]+"/verify_password", map[string]any{"password": "battery-staple-7"}); r.status != 200 {
		t.Errorf("verify the new password: %d %s", r.status, r.body)
	}
	r := do(t, s, "POST", "/users/"+ids["plain"]+"/remove_password", map[string]any{})
	if r.status != 200 || !jsonContains(r.body, `"password_enabled":false`) {
		t.Errorf("remove: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/users/"+ids["plain"]+"/verify_password", map[string]any{"password": "battery-staple-7"}); r.status != 400 {
		t.Errorf("verify after removal: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/users/"+ids["plain"]+"/remove_password", map[string]any{}); r.status != 400 {
		t.Errorf("remove again: %d %s", r.status, r.body)
	}
}
