package hashers

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
)

// ErrFormat reports a digest that does not have its hasher's format.
var ErrFormat = errors.New("hashers: malformed digest")

// bcryptEncoding is bcrypt's base64: its own alphabet, no padding.
var bcryptEncoding = base64.NewEncoding("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789").WithPadding(base64.NoPadding)

const (
	bcryptSaltLen = 22 // base64 characters of the 16-byte salt
	bcryptHashLen = 31 // base64 characters of the 23-byte hash
	bcryptMaxKey  = 72 // bytes of the password, with its NUL, that count
)

// bcryptDigest is a parsed "$2b$<cost>$<salt><hash>" digest.
type bcryptDigest struct {
	prefix string // "$2a$NN$"
	cost   int
	salt   []byte // 16 bytes
	hash   []byte // 23 bytes
}

func parseBcrypt(digest string) (*bcryptDigest, error) {
	if len(digest) != 7+bcryptSaltLen+bcryptHashLen || digest[0] != '$' || digest[1] != '2' || digest[3] != '$' || digest[6] != '$' {
		return nil, ErrFormat
	}
	switch digest[2] {
	case 'a', 'b', 'y':
	default:
		return nil, fmt.Errorf("%w: bcrypt version %q", ErrFormat, digest[1:3])
	}
	cost, err := strconv.Atoi(digest[4:6])
	if err != nil || cost < 4 || cost > 31 {
		return nil, fmt.Errorf("%w: bcrypt cost %q", ErrFormat, digest[4:6])
	}
	salt, err := bcryptEncoding.DecodeString(digest[7 : 7+bcryptSaltLen])
	if err != nil || len(salt) != 16 {
		return nil, fmt.Errorf("%w: bcrypt salt", ErrFormat)
	}
	hash, err := bcryptEncoding.DecodeString(digest[7+bcryptSaltLen:])
	if err != nil || len(hash) != 23 {
		return nil, fmt.Errorf("%w: bcrypt hash", ErrFormat)
	}
	return &bcryptDigest{prefix: digest[:7], cost: cost, salt: salt, hash: hash}, nil
}

// bcryptSum is bcrypt's 23-byte hash of password: eksblowfish keyed with
// the password (NUL-terminated, cut at 72 bytes), the salt and 2^cost
// rounds, then "OrpheanBeholderScryDoubt" enciphered 64 times.
func bcryptSum(password []byte, salt []byte, cost int) []byte {
	key := make([]byte, 0, len(password)+1)
	key = append(key, password...)
	key = append(key, 0)
	if len(key) > bcryptMaxKey {
		key = key[:bcryptMaxKey]
	}
	b := newBlowfish()
	b.expandKey(key, salt)
	for range uint64(1) << cost {
		b.expandKey(key, nil)
		b.expandKey(salt, nil)
	}
	text := []byte("OrpheanBeholderScryDoubt")
	for range 64 {
		for i := 0; i < len(text); i += 8 {
			b.encryptBlock(text[i : i+8])
		}
	}
	return text[:23]
}

// Bcrypt checks password against a bcrypt digest in the modular crypt
// format "$2a$", "$2b$" or "$2y$", two cost digits, "$", then 22 characters
// of salt and 31 of hash in bcrypt's base64. As bcrypt does, only the first
// 72 bytes of the password count.
func Bcrypt(digest, password string) (bool, error) {
	d, err := parseBcrypt(digest)
	if err != nil {
		return false, err
	}
	sum := bcryptSum([]byte(password), d.salt, d.cost)
	return subtle.ConstantTimeCompare(sum, d.hash) == 1, nil
}
