package hashers

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
)

// BcryptSHA256Django checks password against a digest of Django's
// BCryptSHA256PasswordHasher, "bcrypt_sha256$" followed by a bcrypt digest
// of the lowercase hex SHA-256 of the password (so that no byte past
// bcrypt's 72 is lost).
func BcryptSHA256Django(digest, password string) (bool, error) {
	rest, ok := strings.CutPrefix(digest, "bcrypt_sha256$")
	if !ok {
		return false, ErrFormat
	}
	sum := sha256.Sum256([]byte(password))
	return Bcrypt(rest, hex.EncodeToString(sum[:]))
}
