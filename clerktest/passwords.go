package clerktest

import (
	"context"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"net/http"
	"strconv"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// passwordRec is what the fake keeps of a user's password: the plain
// password a create or update sent, or the digest and hasher of an import.
// It never leaves the server.
type passwordRec struct {
	plain          string
	digest, hasher string
}

// setPassword records the password a create or update of userID sent, if
// any; s.mu must be held.
func (db *store) setPassword(userID string, plain, digest, hasher *string) {
	if plain == nil && digest == nil {
		return
	}
	if db.lists.passwords == nil {
		db.lists.passwords = map[string]passwordRec{}
	}
	var r passwordRec
	if plain != nil {
		r.plain = *plain
	} else {
		r.digest = *digest
		if hasher != nil {
			r.hasher = *hasher
		}
	}
	db.lists.passwords[userID] = r
}

// matches reports whether pw is the password r keeps. Plain passwords and
// the digests of the hashers the standard library can check (md5, sha256,
// and Django's pbkdf2_sha256 and pbkdf2_sha1) are verified; any other
// hasher is an error the caller reports as not implemented.
func (r passwordRec) matches(pw string) (ok, supported bool) {
	eq := func(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }
	switch r.hasher {
	case "":
		return eq(pw, r.plain), true
	case "md5":
		sum := md5.Sum([]byte(pw))
		return eq(hex.EncodeToString(sum[:]), strings.ToLower(r.digest)), true
	case "sha256":
		sum := sha256.Sum256([]byte(pw))
		return eq(hex.EncodeToString(sum[:]), strings.ToLower(r.digest)), true
	case "pbkdf2_sha256":
		return djangoPBKDF2(pw, r.digest, "pbkdf2_sha256", sha256.New, sha256.Size), true
	case "pbkdf2_sha1":
		return djangoPBKDF2(pw, r.digest, "pbkdf2_sha1", sha1.New, sha1.Size), true
	}
	return false, false
}

// djangoPBKDF2 checks pw against a digest in Django's form
// "<algorithm>$<iterations>$<salt>$<base64 hash>".
func djangoPBKDF2(pw, digest, algorithm string, h func() hash.Hash, size int) bool {
	parts := strings.Split(digest, "$")
	if len(parts) != 4 || parts[0] != algorithm {
		return false
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 {
		return false
	}
	key, err := pbkdf2.Key(h, pw, []byte(parts[2]), iter, size)
	if err != nil {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(base64.StdEncoding.EncodeToString(key)), []byte(parts[3])) == 1
}

// VerifyPassword checks a password against the one the user was created
// or updated with: 200 {verified: true}, 422 when it is wrong, 400 when
// the user has none, 404 for an unknown user.
func (a *api) VerifyPassword(_ context.Context, req bapiserver.VerifyPasswordRequestObject) (bapiserver.VerifyPasswordResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("password")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.db.user(req.UserID); e != nil {
		return nil, e
	}
	rec, ok := s.db.lists.passwords[req.UserID]
	if !ok {
		return nil, newAPIError(http.StatusBadRequest, "password_not_set", "no password",
			"The user does not have a password set.", nil)
	}
	match, supported := rec.matches(req.Body.Password)
	if !supported {
		return nil, newAPIError(http.StatusNotImplemented, "clerktest_not_implemented", "not implemented",
			"clerktest cannot verify passwords imported with the "+rec.hasher+" hasher; it checks plain passwords, md5, sha256, pbkdf2_sha256 and pbkdf2_sha1.", nil)
	}
	if !match {
		return nil, newAPIError(http.StatusUnprocessableEntity, "form_password_incorrect", "Password is incorrect.",
			"Password is incorrect. Try again, or use another method.", paramMeta("password"))
	}
	return bapiserver.VerifyPassword200JSONResponse(gen.PasswordVerification{Verified: ptr(true)}), nil
}

// RemoveUserPassword removes the user's password; a user without one is
// refused with 400.
func (a *api) RemoveUserPassword(_ context.Context, req bapiserver.RemoveUserPasswordRequestObject) (bapiserver.RemoveUserPasswordResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError {
		if !u.PasswordEnabled {
			return newAPIError(http.StatusBadRequest, "password_not_set", "no password",
				"The user does not have a password set.", nil)
		}
		u.PasswordEnabled = false
		u.PasswordLastUpdatedAt = nil
		delete(a.s.db.lists.passwords, u.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.RemoveUserPassword200JSONResponse(u), nil
}
