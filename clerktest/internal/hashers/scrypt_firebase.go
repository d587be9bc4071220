package hashers

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/subtle"
	"encoding/base64"
	"strconv"
	"strings"
)

// ScryptFirebase checks password against a digest of Firebase
// Authentication's modified scrypt in Clerk's layout,
// "<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>",
// with hash, salt, signer key and salt separator in standard base64 (the
// first two from Firebase's user export, the rest from the project's
// password hash parameters). Firebase derives a key by scrypt of the
// password and salt+separator with N = 2^(memory cost), r = rounds and
// p = 1, and the hash is the signer key encrypted by AES-256-CTR under the
// first 32 bytes of that key with a zero counter block.
func ScryptFirebase(digest, password string) (bool, error) {
	parts := strings.Split(digest, "$")
	if len(parts) != 6 {
		return false, ErrFormat
	}
	var raw [4][]byte
	for i := range raw {
		b, err := base64.StdEncoding.DecodeString(parts[i])
		if err != nil {
			return false, ErrFormat
		}
		raw[i] = b
	}
	want, salt, signer, sep := raw[0], raw[1], raw[2], raw[3]
	rounds, err1 := strconv.Atoi(parts[4])
	memCost, err2 := strconv.Atoi(parts[5])
	if err1 != nil || err2 != nil || memCost < 1 || memCost > 30 || len(want) == 0 || len(signer) == 0 {
		return false, ErrFormat
	}
	key, err := scryptKey([]byte(password), append(salt, sep...), 1<<memCost, rounds, 1, 64)
	if err != nil {
		return false, err
	}
	block, err := aes.NewCipher(key[:32])
	if err != nil {
		return false, err
	}
	got := make([]byte, len(signer))
	cipher.NewCTR(block, make([]byte, aes.BlockSize)).XORKeyStream(got, signer)
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
