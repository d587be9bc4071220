package clerktest

import (
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"hash"
	"strconv"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/hashers"
)

// passwordHashers checks imported digests of the hashers of Clerk's user
// import, with the standard library and, for bcrypt,
// bcrypt_sha256_django, scrypt_werkzeug, scrypt_firebase, argon2i,
// argon2id and sha512_symfony, with clerktest/internal/hashers. For a
// hasher not listed (such as awscognito, which needs AWS), VerifyPassword
// answers 501 unless Server.SetPasswordVerifier registers a checker.
//
// The pbkdf2 hashers take "<name>$<iterations>$<salt>$<hash>"; the salt is
// tried as written and base64-decoded (hex-decoded for pbkdf2_sha512_hex),
// the hash decoded as base64 or hex, so that both Django's and Clerk's
// spellings verify.
var passwordHashers = map[string]func(digest, password string) (bool, error){
	"md5":                  hexDigest(md5.New),
	"sha256":               hexDigest(sha256.New),
	"pbkdf2_sha1":          pbkdf2Digest(sha1.New),
	"pbkdf2_sha256":        pbkdf2Digest(sha256.New),
	"pbkdf2_sha256_django": pbkdf2Digest(sha256.New),
	"pbkdf2_sha512":        pbkdf2Digest(sha512.New),
	"pbkdf2_sha512_hex":    pbkdf2Digest(sha512.New),
	"ldap_ssha":            ldapSSHA,
	"phpass":               phpass,
	"md5_phpass":           phpass,
	"bcrypt":               hashers.Bcrypt,
	"bcrypt_sha256_django": hashers.BcryptSHA256Django,
	"scrypt_werkzeug":      hashers.ScryptWerkzeug,
	"scrypt_firebase":      hashers.ScryptFirebase,
	"argon2i":              hashers.Argon2i,
	"argon2id":             hashers.Argon2id,
	"sha512_symfony":       hashers.Sha512Symfony,
}

func equal(a, b []byte) bool { return len(a) > 0 && subtle.ConstantTimeCompare(a, b) == 1 }

// hexDigest is a plain hex digest of the password.
func hexDigest(h func() hash.Hash) func(string, string) (bool, error) {
	return func(digest, password string) (bool, error) {
		want, err := hex.DecodeString(strings.TrimSpace(digest))
		if err != nil {
			return false, errDigestFormat
		}
		m := h()
		m.Write([]byte(password))
		return equal(m.Sum(nil), want), nil
	}
}

// decodings are the spellings of a salt or hash that pbkdf2Digest tries.
func decodings(s string, raw bool) [][]byte {
	var out [][]byte
	if raw {
		out = append(out, []byte(s))
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			out = append(out, b)
		}
	}
	if b, err := hex.DecodeString(s); err == nil {
		out = append(out, b)
	}
	return out
}

func pbkdf2Digest(h func() hash.Hash) func(string, string) (bool, error) {
	return func(digest, password string) (bool, error) {
		parts := strings.Split(digest, "$")
		if len(parts) != 4 {
			return false, errDigestFormat
		}
		iter, err := strconv.Atoi(parts[1])
		if err != nil || iter < 1 {
			return false, errDigestFormat
		}
		for _, want := range decodings(parts[3], false) {
			for _, salt := range decodings(parts[2], true) {
				got, err := pbkdf2.Key(h, password, salt, iter, len(want))
				if err == nil && equal(got, want) {
					return true, nil
				}
			}
		}
		return false, nil
	}
}

// ldapSSHA is "{SSHA}" and base64 of SHA-1(password + salt) + salt.
func ldapSSHA(digest, password string) (bool, error) {
	b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(digest, "{SSHA}"))
	if err != nil || len(b) <= sha1.Size {
		return false, errDigestFormat
	}
	sum := sha1.Sum(append([]byte(password), b[sha1.Size:]...))
	return equal(sum[:], b[:sha1.Size]), nil
}

const itoa64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// phpass is the portable hash of the phpass framework ("$P$" or "$H$").
func phpass(digest, password string) (bool, error) {
	if len(digest) != 34 || (digest[:3] != "$P$" && digest[:3] != "$H$") {
		return false, errDigestFormat
	}
	log := strings.IndexByte(itoa64, digest[3])
	if log < 7 || log > 30 {
		return false, errDigestFormat
	}
	salt := digest[4:12]
	sum := md5.Sum([]byte(salt + password))
	for range 1 << log {
		sum = md5.Sum(append(sum[:], password...))
	}
	return equal([]byte(digest[:12]+phpassEncode(sum[:])), []byte(digest)), nil
}

func phpassEncode(in []byte) string {
	var b strings.Builder
	for i := 0; i < len(in); {
		v := int(in[i])
		i++
		b.WriteByte(itoa64[v&0x3f])
		if i < len(in) {
			v |= int(in[i]) << 8
		}
		b.WriteByte(itoa64[(v>>6)&0x3f])
		if i >= len(in) {
			break
		}
		i++
		if i < len(in) {
			v |= int(in[i]) << 16
		}
		b.WriteByte(itoa64[(v>>12)&0x3f])
		if i >= len(in) {
			break
		}
		i++
		b.WriteByte(itoa64[(v>>18)&0x3f])
	}
	return b.String()
}
