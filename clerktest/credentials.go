package clerktest

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Credentials: the password (plain or an imported digest), the TOTP secret
// and the backup codes that CreateUser and UpdateUser take, kept per user
// so that VerifyPassword and VerifyTOTP can check them, and the MFA and
// password removals that clear them.

// credentials are the secrets of one user. They never leave the store.
type credentials struct {
	password    string // a plain password, or ""
	digest      string // an imported digest, or ""
	hasher      string // the digest's hasher
	totpSecret  string // base32, or ""
	backupCodes []string
}

// PasswordVerifier checks password against an imported digest of the
// hasher it was registered for; see [Server.SetPasswordVerifier].
type PasswordVerifier func(digest, password string) (bool, error)

// setCredentials records the secrets of a create or update body: each one
// sent replaces the stored one.
func (db *store) setCredentials(userID string, password, digest, hasher, totp *string, backupCodes []string) {
	c := db.more.creds[userID]
	if c == nil {
		c = &credentials{}
		db.more.creds[userID] = c
	}
	if password != nil {
		c.password, c.digest, c.hasher = *password, "", ""
	}
	if digest != nil && hasher != nil {
		c.password, c.digest, c.hasher = "", *digest, *hasher
	}
	if totp != nil {
		c.totpSecret = *totp
	}
	if len(backupCodes) > 0 {
		c.backupCodes = slices.Clone(backupCodes)
	}
}

// SetPasswordVerifier registers verify for the digests of hasher (such as
// "awscognito"), which the fake does not check itself; for example, with
// a hypothetical package cognito:
//
//	srv.SetPasswordVerifier("awscognito", func(digest, password string) (bool, error) {
//		return cognito.Verify(digest, password)
//	})
//
// It replaces the built-in check of a hasher the fake supports; nil
// removes the registration.
func (s *Server) SetPasswordVerifier(hasher string, verify PasswordVerifier) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db.more.verifiers == nil {
		s.db.more.verifiers = map[string]PasswordVerifier{}
	}
	if verify == nil {
		delete(s.db.more.verifiers, hasher)
		return
	}
	s.db.more.verifiers[hasher] = verify
}

func errPasswordIncorrect() *apiError {
	return newAPIError(http.StatusUnprocessableEntity, "incorrect_password", "Password is incorrect.",
		"Password is incorrect. Try again, or use another method.", paramMeta("password"))
}

// VerifyPassword checks a password against the user's plain password or
// imported digest. A wrong password answers 422 incorrect_password; a user
// without password 400 no_password_set; a digest of a hasher the fake
// cannot check (see passwordHashers) without a registered
// PasswordVerifier answers 501 clerktest_not_implemented naming it.
func (a *api) VerifyPassword(_ context.Context, req bapiserver.VerifyPasswordRequestObject) (bapiserver.VerifyPasswordResponseObject, error) {
	if req.Body == nil || req.Body.Password == "" {
		return nil, errParamMissing("password")
	}
	s := a.s
	s.mu.Lock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		s.mu.Unlock()
		return nil, e
	}
	c := s.db.more.creds[r.u.ID]
	if c == nil || (c.password == "" && c.digest == "") {
		s.mu.Unlock()
		return nil, newAPIError(http.StatusBadRequest, "no_password_set", "no password",
			"The user "+r.u.ID+" has no password.", nil)
	}
	cred := *c
	custom := s.db.more.verifiers[cred.hasher]
	s.mu.Unlock()

	var ok bool
	switch {
	case cred.digest == "":
		ok = subtle.ConstantTimeCompare([]byte(cred.password), []byte(req.Body.Password)) == 1
	case custom != nil:
		var err error
		if ok, err = custom(cred.digest, req.Body.Password); err != nil {
			return nil, fmt.Errorf("clerktest: password verifier for %s: %w", cred.hasher, err)
		}
	default:
		check := passwordHashers[cred.hasher]
		if check == nil {
			return nil, newAPIError(http.StatusNotImplemented, "clerktest_not_implemented", "not implemented",
				"clerktest cannot check "+cred.hasher+" digests with the standard library; register a checker with Server.SetPasswordVerifier.",
				map[string]any{"password_hasher": cred.hasher})
		}
		var err error
		if ok, err = check(cred.digest, req.Body.Password); err != nil {
			return nil, errParamFormat("password_digest", "the stored "+cred.hasher+" digest is malformed")
		}
	}
	if !ok {
		return nil, errPasswordIncorrect()
	}
	return bapiserver.VerifyPassword200JSONResponse{Verified: ptr(true)}, nil
}

// totpCode is the RFC 6238 code (SHA-1, 30 s, 6 digits) of a base32
// secret at t, Clerk's only TOTP settings.
func totpCode(secret string, t time.Time) (string, error) {
	key, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(strings.ToUpper(strings.TrimRight(strings.ReplaceAll(secret, " ", ""), "=")))
	if err != nil {
		return "", err
	}
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], uint64(t.Unix()/30))
	m := hmac.New(sha1.New, key)
	m.Write(msg[:])
	sum := m.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	n := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	return fmt.Sprintf("%06d", n%1_000_000), nil
}

// VerifyTOTP checks a code against the user's TOTP secret (the current
// 30-second step, or the one before or after, by the server's clock) or
// backup codes; a backup code works once.
func (a *api) VerifyTOTP(_ context.Context, req bapiserver.VerifyTOTPRequestObject) (bapiserver.VerifyTOTPResponseObject, error) {
	if req.Body == nil || req.Body.Code == "" {
		return nil, errParamMissing("code")
	}
	code := req.Body.Code
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	c := s.db.more.creds[r.u.ID]
	if c == nil || (c.totpSecret == "" && len(c.backupCodes) == 0) {
		return nil, newAPIError(http.StatusBadRequest, "totp_not_enabled", "no second factor",
			"The user "+r.u.ID+" has neither TOTP nor backup codes.", nil)
	}
	if c.totpSecret != "" {
		now := s.now()
		for _, d := range []time.Duration{0, -30 * time.Second, 30 * time.Second} {
			want, err := totpCode(c.totpSecret, now.Add(d))
			if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
				return bapiserver.VerifyTOTP200JSONResponse{Verified: ptr(true), CodeType: ptr(gen.TOTPVerificationCodeTypeTOTP)}, nil
			}
		}
	}
	if i := slices.Index(c.backupCodes, code); i >= 0 {
		c.backupCodes = slices.Delete(c.backupCodes, i, i+1)
		if len(c.backupCodes) == 0 {
			r.u.BackupCodeEnabled = false
			syncSecondFactor(&r.u)
		}
		return bapiserver.VerifyTOTP200JSONResponse{Verified: ptr(true), CodeType: ptr(gen.TOTPVerificationCodeTypeBackupCode)}, nil
	}
	return nil, newAPIError(http.StatusUnprocessableEntity, "form_code_incorrect", "Incorrect code",
		"The code is incorrect.", paramMeta("code"))
}

// clearFactors removes TOTP, backup codes or both from a user.
func (a *api) clearFactors(userID string, totp, backup, phones bool) (string, *apiError) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(userID)
	if e != nil {
		return "", e
	}
	c := s.db.more.creds[r.u.ID]
	if totp {
		r.u.TOTPEnabled = false
		if c != nil {
			c.totpSecret = ""
		}
	}
	if backup {
		r.u.BackupCodeEnabled = false
		if c != nil {
			c.backupCodes = nil
		}
	}
	if phones {
		for i := range r.u.PhoneNumbers {
			r.u.PhoneNumbers[i].ReservedForSecondFactor = ptr(false)
		}
	}
	syncSecondFactor(&r.u)
	r.u.UpdatedAt = ms(s.now())
	return r.u.ID, nil
}

// DisableMFA removes every second factor: TOTP, backup codes, and phone
// numbers reserved for the second factor.
func (a *api) DisableMFA(_ context.Context, req bapiserver.DisableMFARequestObject) (bapiserver.DisableMFAResponseObject, error) {
	id, e := a.clearFactors(req.UserID, true, true, true)
	if e != nil {
		return nil, e
	}
	return bapiserver.DisableMFA200JSONResponse{UserID: ptr(id)}, nil
}

// DeleteBackupCode removes the user's backup codes.
func (a *api) DeleteBackupCode(_ context.Context, req bapiserver.DeleteBackupCodeRequestObject) (bapiserver.DeleteBackupCodeResponseObject, error) {
	id, e := a.clearFactors(req.UserID, false, true, false)
	if e != nil {
		return nil, e
	}
	return bapiserver.DeleteBackupCode200JSONResponse{UserID: ptr(id)}, nil
}

// DeleteTOTP removes the user's TOTP authenticator.
func (a *api) DeleteTOTP(_ context.Context, req bapiserver.DeleteTOTPRequestObject) (bapiserver.DeleteTOTPResponseObject, error) {
	id, e := a.clearFactors(req.UserID, true, false, false)
	if e != nil {
		return nil, e
	}
	return bapiserver.DeleteTOTP200JSONResponse{UserID: ptr(id)}, nil
}

// RemoveUserPassword removes the user's password; with
// sign_out_of_other_sessions it also revokes the user's active sessions.
func (a *api) RemoveUserPassword(_ context.Context, req bapiserver.RemoveUserPasswordRequestObject) (bapiserver.RemoveUserPasswordResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	if c := s.db.more.creds[r.u.ID]; c != nil {
		c.password, c.digest, c.hasher = "", "", ""
	}
	now := ms(s.now())
	r.u.PasswordEnabled = false
	r.u.PasswordLastUpdatedAt = nil
	r.u.UpdatedAt = now
	if req.Body != nil && req.Body.SignOutOfOtherSessions != nil && *req.Body.SignOutOfOtherSessions {
		for _, sr := range s.db.sessions {
			if sr.s.UserID == r.u.ID && sr.s.Status == gen.SessionStatusActive {
				sr.s.Status, sr.s.UpdatedAt = gen.SessionStatusRevoked, now
			}
		}
	}
	out, err := userOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.RemoveUserPassword200JSONResponse(out), nil
}

var errDigestFormat = errors.New("malformed digest")
