package clerktest

import (
	"crypto/rand"
)

// base62 is the alphabet of Clerk's KSUID-style IDs.
const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// newID returns an ID such as "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb": the
// prefix, an underscore and 27 random base62 characters, the shape of
// Clerk's IDs.
func newID(prefix string) string {
	return prefix + "_" + randomString(27)
}

// randomString returns n random base62 characters from crypto/rand.
func randomString(n int) string {
	b := make([]byte, n)
	// crypto/rand.Read never returns an error (Go 1.24+: it crashes the
	// program irrecoverably instead).
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = base62[int(b[i])%len(base62)]
	}
	return string(b)
}
