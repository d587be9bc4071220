package hashers

import (
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
)

// symfonyMaxIterations bounds the SHA-512 rounds of one sha512_symfony
// check (Symfony's default is 5000).
const symfonyMaxIterations = 1 << 20

// Sha512Symfony checks password against a digest of Symfony's legacy
// MessageDigestPasswordEncoder with SHA-512 in Clerk's layout,
// "sha512_symfony$<iterations>$<salt>$<base64 hash>". The encoder salts the
// password as "password{salt}" (the password alone for an empty salt),
// hashes it, then hashes the previous digest followed by the salted
// password until it has hashed iterations times.
func Sha512Symfony(digest, password string) (bool, error) {
	parts := strings.Split(digest, "$")
	if len(parts) != 4 || parts[0] != "sha512_symfony" {
		return false, ErrFormat
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 || iter > symfonyMaxIterations {
		return false, ErrFormat
	}
	want, err := base64.StdEncoding.DecodeString(parts[3])
	if err != nil || len(want) != sha512.Size {
		return false, ErrFormat
	}
	salted := []byte(password)
	if parts[2] != "" {
		salted = []byte(password + "{" + parts[2] + "}")
	}
	sum := sha512.Sum512(salted)
	buf := make([]byte, 0, sha512.Size+len(salted))
	for i := 1; i < iter; i++ {
		buf = append(append(buf[:0], sum[:]...), salted...)
		sum = sha512.Sum512(buf)
	}
	return subtle.ConstantTimeCompare(sum[:], want) == 1, nil
}
