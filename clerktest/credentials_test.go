package clerktest_test

import (
	"context"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestVerifyPasswordHashers: a plain password and the digests of every
// hasher the fake checks with the standard library verify; a wrong
// password answers 422; an awscognito digest answers 501 until a
// verifier is registered.
func TestVerifyPasswordHashers(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	const pw = "correct horse battery"

	md5sum := md5.Sum([]byte(pw))
	shasum := sha256.Sum256([]byte(pw))
	djangoHash, err := pbkdf2.Key(sha256.New, pw, []byte("saltsalt"), 1000, 32)
	if err != nil {
		t.Fatal(err)
	}
	ssha := sha1.Sum([]byte(pw + "NaCl"))
	cases := []struct{ hasher, digest, password string }{
		{"md5", hex.EncodeToString(md5sum[:]), pw},
		{"sha256", hex.EncodeToString(shasum[:]), pw},
		{"pbkdf2_sha256_django", "pbkdf2_sha256$1000$saltsalt$" + base64.StdEncoding.EncodeToString(djangoHash), pw},
		{"pbkdf2_sha256", "pbkdf2_sha256$1000$" + base64.StdEncoding.EncodeToString([]byte("saltsalt")) + "$" + base64.StdEncoding.EncodeToString(djangoHash), pw},
		{"ldap_ssha", "{SSHA}" + base64.StdEncoding.EncodeToString(append(ssha[:], "NaCl"...)), pw},
		// The phpass example of WordPress's documentation.
		{"phpass", "$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0", "test12345"},
	}
	for i, tc := range cases {
		u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{tc.hasher + "@example.com"},
			PasswordDigest: clerk.Ptr(tc.digest), PasswordHasher: clerk.Ptr(tc.hasher)})
		res, err := c.Users.VerifyPassword(ctx, u.ID, tc.password)
		if err != nil || res.Verified == nil || !*res.Verified {
			t.Errorf("%d %s: verify = %+v, %v", i, tc.hasher, res, err)
		}
		_, err = c.Users.VerifyPassword(ctx, u.ID, tc.password+"x")
		apiErr(t, err, 422, "incorrect_password")
	}

	plain := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"plain@example.com"}, Password: clerk.Ptr(pw)})
	if res, err := c.Users.VerifyPassword(ctx, plain.ID, pw); err != nil || !*res.Verified {
		t.Errorf("plain: %+v, %v", res, err)
	}
	// An update replaces the password.
	if _, err := c.Users.Update(ctx, plain.ID, &clerk.UserUpdateParams{Password: clerk.Ptr("another password")}); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.VerifyPassword(ctx, plain.ID, pw)
	apiErr(t, err, 422, "incorrect_password")
	// Removing it leaves nothing to verify.
	u, err := c.Users.RemovePassword(ctx, plain.ID, nil)
	if err != nil || u.PasswordEnabled {
		t.Fatalf("remove password = %+v, %v", u, err)
	}
	_, err = c.Users.VerifyPassword(ctx, plain.ID, "another password")
	apiErr(t, err, 400, "no_password_set")

	bc := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"cognito@example.com"},
		PasswordDigest: clerk.Ptr("awscognito#us-east-1_example#client#imported@example.com"), PasswordHasher: clerk.Ptr("awscognito")})
	_, err = c.Users.VerifyPassword(ctx, bc.ID, pw)
	apiErr(t, err, 501, "clerktest_not_implemented")
	s.SetPasswordVerifier("awscognito", func(digest, password string) (bool, error) { return password == pw, nil })
	if res, err := c.Users.VerifyPassword(ctx, bc.ID, pw); err != nil || !*res.Verified {
		t.Errorf("awscognito with verifier: %+v, %v", res, err)
	}
	s.SetPasswordVerifier("awscognito", func(string, string) (bool, error) { return false, errors.New("broken") })
	_, err = c.Users.VerifyPassword(ctx, bc.ID, pw)
	apiErr(t, err, 500, "internal_clerk_error")
}

// TestMFA: TOTP codes by the server's clock (RFC 6238's test secret),
// backup codes used once, and the removals.
func TestMFA(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	clock.advance(time.Unix(59, 0).Sub(clock.now()))
	_, c := newClient(t, clerktest.WithClock(clock.now))
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"mfa@example.com"},
		TOTPSecret: clerk.Ptr("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), BackupCodes: []string{"aaaa1111", "bbbb2222"}})
	if !u.TwoFactorEnabled || !u.TOTPEnabled || !u.BackupCodeEnabled {
		t.Fatalf("user = %+v", u)
	}
	res, err := c.Users.VerifyTOTP(ctx, u.ID, "287082")
	if err != nil || !*res.Verified || *res.CodeType != gen.TOTPVerificationCodeTypeTOTP {
		t.Fatalf("totp = %+v, %v", res, err)
	}
	_, err = c.Users.VerifyTOTP(ctx, u.ID, "000000")
	apiErr(t, err, 422, "form_code_incorrect")
	res, err = c.Users.VerifyTOTP(ctx, u.ID, "aaaa1111")
	if err != nil || *res.CodeType != gen.TOTPVerificationCodeTypeBackupCode {
		t.Fatalf("backup code = %+v, %v", res, err)
	}
	_, err = c.Users.VerifyTOTP(ctx, u.ID, "aaaa1111")
	apiErr(t, err, 422, "form_code_incorrect")

	if err := c.Users.DeleteTOTP(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.VerifyTOTP(ctx, u.ID, "287082")
	apiErr(t, err, 422, "form_code_incorrect")
	if got, _ := c.Users.Get(ctx, u.ID); got.TOTPEnabled || !got.TwoFactorEnabled {
		t.Errorf("after DeleteTOTP: totp %v, two factor %v", got.TOTPEnabled, got.TwoFactorEnabled)
	}
	if err := c.Users.DeleteBackupCodes(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = c.Users.VerifyTOTP(ctx, u.ID, "bbbb2222")
	apiErr(t, err, 400, "totp_not_enabled")

	v := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"mfa2@example.com"},
		TOTPSecret: clerk.Ptr("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), PhoneNumber: []string{"+15555550199"}})
	pn := v.PhoneNumbers[0]
	if _, err := c.PhoneNumbers.Update(ctx, pn.ID, &clerk.PhoneNumberUpdateParams{ReservedForSecondFactor: clerk.Ptr(true)}); err != nil {
		t.Fatal(err)
	}
	if err := c.Users.DisableMFA(ctx, v.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := c.Users.Get(ctx, v.ID)
	if got.TwoFactorEnabled || got.TOTPEnabled || *got.PhoneNumbers[0].ReservedForSecondFactor {
		t.Errorf("after DisableMFA: %+v", got)
	}
	err = c.Users.DisableMFA(ctx, "user_missing")
	apiErr(t, err, 404, "resource_not_found")
}
