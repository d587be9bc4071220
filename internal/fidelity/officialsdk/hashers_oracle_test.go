package officialsdk

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	sdk "github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/user"
	"github.com/gobapi/clerk/clerktest"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/bcrypt"
	"golang.org/x/crypto/scrypt"
)

// oraclePasswords are the passwords the hasher oracle digests: empty,
// ASCII, UTF-8, and exactly bcrypt's 72-byte limit.
var oraclePasswords = []string{"", "correct horse", "pässwörd-日本語-🔑", strings.Repeat("p", 72)}

// oracleDigest is a digest made by golang.org/x/crypto, the oracle that
// clerktest's own implementations must agree with.
type oracleDigest struct {
	hasher, digest, password string
}

func bcryptDigests(t *testing.T) []oracleDigest {
	var out []oracleDigest
	for _, cost := range []int{4, 5} {
		for _, pw := range oraclePasswords {
			d, err := bcrypt.GenerateFromPassword([]byte(pw), cost)
			if err != nil {
				t.Fatalf("bcrypt cost %d: %v", cost, err)
			}
			out = append(out, oracleDigest{"bcrypt", string(d), pw})
		}
	}
	// "$2a$" and "$2y$" name the same algorithm as "$2b$" for passwords
	// shorter than 256 bytes.
	d, err := bcrypt.GenerateFromPassword([]byte("versions"), 4)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"$2a$", "$2y$"} {
		out = append(out, oracleDigest{"bcrypt", v + string(d[4:]), "versions"})
	}
	// Django's BCryptSHA256PasswordHasher: bcrypt of the hex SHA-256.
	for _, pw := range oraclePasswords {
		sum := sha256.Sum256([]byte(pw + strings.Repeat("long", 20)))
		d, err := bcrypt.GenerateFromPassword([]byte(hex.EncodeToString(sum[:])), 4)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, oracleDigest{"bcrypt_sha256_django", "bcrypt_sha256$" + string(d), pw + strings.Repeat("long", 20)})
	}
	return out
}

// TestHashersOracle imports users with digests from golang.org/x/crypto
// and checks that clerktest's VerifyPassword accepts their passwords and
// refuses others.
func TestHashersOracle(t *testing.T) {
	t.Parallel()
	s := clerktest.NewServer(t)
	users := newClients(s).users
	ctx := context.Background()
	digests := append(append(bcryptDigests(t), scryptDigests(t)...), argon2Digests()...)
	digests = append(append(digests, firebaseDigests(t)...), symfonyDigests()...)
	for i, d := range digests {
		u, err := users.Create(ctx, &user.CreateParams{
			EmailAddresses: &[]string{fmt.Sprintf("oracle%d@example.com", i)},
			PasswordDigest: sdk.String(d.digest), PasswordHasher: sdk.String(d.hasher),
		})
		if err != nil {
			t.Fatalf("%s digest %d: create: %v", d.hasher, i, err)
		}
		// Clerk refuses an empty password before it looks at the digest;
		// clerktest/internal/hashers checks empty passwords against fixed
		// vectors from this oracle.
		if res, err := users.VerifyPassword(ctx, &user.VerifyPasswordParams{UserID: u.ID, Password: d.password}); d.password != "" && (err != nil || !res.Verified) {
			t.Errorf("%s digest %d (%s): right password of %d bytes: %+v, %v", d.hasher, i, d.digest, len(d.password), res, err)
		}
		for _, wrong := range []string{d.password + "x", "x" + d.password, strings.ToUpper(d.password) + "!"} {
			if d.hasher == "bcrypt" && len(d.password) >= 72 && strings.HasPrefix(wrong, d.password) {
				// bcrypt ignores what follows the 72nd byte.
				if res, err := users.VerifyPassword(ctx, &user.VerifyPasswordParams{UserID: u.ID, Password: wrong}); err != nil || !res.Verified {
					t.Errorf("%s digest %d: bytes past 72 counted: %+v, %v", d.hasher, i, res, err)
				}
				continue
			}
			res, err := users.VerifyPassword(ctx, &user.VerifyPasswordParams{UserID: u.ID, Password: wrong})
			var apiErr *sdk.APIErrorResponse
			if err == nil || !errors.As(err, &apiErr) || apiErr.HTTPStatusCode != 422 {
				t.Errorf("%s digest %d: wrong password accepted or odd error: %+v, %v", d.hasher, i, res, err)
			}
		}
	}
}

// scryptDigests are Werkzeug's "scrypt:N:r:p$salt$hex" digests, the salt
// used as written.
func scryptDigests(t *testing.T) []oracleDigest {
	var out []oracleDigest
	for i, pw := range oraclePasswords {
		salt := fmt.Sprintf("werkzeugSalt%d", i)
		n, r, p := 16<<i, 1+i, 1+i%2
		key, err := scrypt.Key([]byte(pw), []byte(salt), n, r, p, 64)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, oracleDigest{"scrypt_werkzeug", fmt.Sprintf("scrypt:%d:%d:%d$%s$%x", n, r, p, salt, key), pw})
	}
	return out
}

// argon2Digests are PHC strings "$argon2id$v=19$m=..,t=..,p=..$salt$hash"
// of golang.org/x/crypto/argon2's IDKey (Argon2id) and Key (Argon2i), with
// small costs, several lane counts and tag lengths.
func argon2Digests() []oracleDigest {
	b64 := base64.RawStdEncoding.EncodeToString
	var out []oracleDigest
	for i, pw := range oraclePasswords {
		salt := []byte(fmt.Sprintf("argon2salt%d", i))
		m, tm, p, n := uint32(64<<i), uint32(1+i%3), uint8(1+i%2), uint32(16+8*i)
		for _, v := range []struct {
			hasher string
			key    func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte
		}{{"argon2id", argon2.IDKey}, {"argon2i", argon2.Key}} {
			key := v.key([]byte(pw), salt, tm, m, p, n)
			out = append(out, oracleDigest{v.hasher,
				fmt.Sprintf("$%s$v=%d$m=%d,t=%d,p=%d$%s$%s", v.hasher, argon2.Version, m, tm, p, b64(salt), b64(key)), pw})
		}
	}
	return out
}

// firebaseDigests are Clerk's scrypt_firebase digests,
// "hash$salt$signer key$salt separator$rounds$memory cost" in standard
// base64: the signer key encrypted by AES-256-CTR (zero counter block)
// under the first 32 bytes of golang.org/x/crypto/scrypt's key of the
// password and salt+separator, N = 2^memory cost, r = rounds, p = 1.
func firebaseDigests(t *testing.T) []oracleDigest {
	b64 := base64.StdEncoding.EncodeToString
	var out []oracleDigest
	for i, pw := range oraclePasswords {
		salt, sep := []byte(fmt.Sprintf("fbsalt%d", i)), []byte{7, byte(i)}
		signer := []byte(strings.Repeat(fmt.Sprintf("signer-key-%d|", i), 5))
		rounds, memCost := 1+i*2, 4+i
		key, err := scrypt.Key([]byte(pw), append(append([]byte{}, salt...), sep...), 1<<memCost, rounds, 1, 64)
		if err != nil {
			t.Fatal(err)
		}
		block, err := aes.NewCipher(key[:32])
		if err != nil {
			t.Fatal(err)
		}
		hash := make([]byte, len(signer))
		cipher.NewCTR(block, make([]byte, aes.BlockSize)).XORKeyStream(hash, signer)
		out = append(out, oracleDigest{"scrypt_firebase",
			fmt.Sprintf("%s$%s$%s$%s$%d$%d", b64(hash), b64(salt), b64(signer), b64(sep), rounds, memCost), pw})
	}
	return out
}

// symfonyDigests are Clerk's sha512_symfony digests,
// "sha512_symfony$iterations$salt$base64 hash", of Symfony's legacy
// MessageDigestPasswordEncoder: SHA-512 of "password{salt}", then of the
// previous digest followed by it, iterations times in all.
func symfonyDigests() []oracleDigest {
	var out []oracleDigest
	for i, pw := range oraclePasswords {
		salt, iter := fmt.Sprintf("symfonySalt%d", i), 1+i*1000
		salted := []byte(pw + "{" + salt + "}")
		sum := sha512.Sum512(salted)
		for range iter - 1 {
			sum = sha512.Sum512(append(sum[:], salted...))
		}
		out = append(out, oracleDigest{"sha512_symfony",
			fmt.Sprintf("sha512_symfony$%d$%s$%s", iter, salt, base64.StdEncoding.EncodeToString(sum[:])), pw})
	}
	return out
}
