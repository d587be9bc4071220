package hashers

import (
	"crypto/subtle"
	"encoding/hex"
	"strconv"
	"strings"
)

// ScryptWerkzeug checks password against a digest of Werkzeug's
// generate_password_hash with the scrypt method:
// "scrypt:<N>:<r>:<p>$<salt>$<hex hash>", where the salt is used as
// written and "scrypt" alone means N=32768, r=8, p=1.
func ScryptWerkzeug(digest, password string) (bool, error) {
	method, salt, hash, ok := cut3(digest)
	if !ok || salt == "" {
		return false, ErrFormat
	}
	params := strings.Split(method, ":")
	if params[0] != "scrypt" {
		return false, ErrFormat
	}
	nrp := []int{32768, 8, 1}
	switch len(params) {
	case 1:
	case 4:
		for i, s := range params[1:] {
			v, err := strconv.Atoi(s)
			if err != nil {
				return false, ErrFormat
			}
			nrp[i] = v
		}
	default:
		return false, ErrFormat
	}
	want, err := hex.DecodeString(hash)
	if err != nil || len(want) == 0 {
		return false, ErrFormat
	}
	got, err := scryptKey([]byte(password), []byte(salt), nrp[0], nrp[1], nrp[2], len(want))
	if err != nil {
		return false, err
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// cut3 splits "a$b$c" into its three parts.
func cut3(s string) (a, b, c string, ok bool) {
	parts := strings.Split(s, "$")
	if len(parts) != 3 {
		return "", "", "", false
	}
	return parts[0], parts[1], parts[2], true
}
