package hashers

import (
	"crypto/sha512"
	"encoding/base64"
	"errors"
	"testing"
)

// TestSha512Symfony builds digests by the encoder's definition, one SHA-512
// step at a time: one iteration is the hash of the salted password, each
// further one the hash of the previous digest followed by it.
func TestSha512Symfony(t *testing.T) {
	b64 := base64.StdEncoding.EncodeToString
	one := sha512.Sum512([]byte("password{NaCl}"))
	two := sha512.Sum512(append(one[:], "password{NaCl}"...))
	three := sha512.Sum512(append(two[:], "password{NaCl}"...))
	unsalted := sha512.Sum512([]byte("password"))
	unsalted2 := sha512.Sum512(append(unsalted[:], "password"...))
	for _, c := range []struct{ digest string }{
		{"sha512_symfony$1$NaCl$" + b64(one[:])},
		{"sha512_symfony$2$NaCl$" + b64(two[:])},
		{"sha512_symfony$3$NaCl$" + b64(three[:])},
		{"sha512_symfony$2$$" + b64(unsalted2[:])},
	} {
		for pw, want := range map[string]bool{"password": true, "passwort": false, "": false} {
			if ok, err := Sha512Symfony(c.digest, pw); ok != want || err != nil {
				t.Errorf("Sha512Symfony(%q, %q) = %v, %v; want %v", c.digest, pw, ok, err, want)
			}
		}
	}
	if ok, err := Sha512Symfony("sha512_symfony$2$NaCl$"+b64(three[:]), "password"); ok || err != nil {
		t.Errorf("wrong iteration count = %v, %v; want false, nil", ok, err)
	}
	for _, bad := range []string{"", "sha512_symfony$1$NaCl", "sha256_symfony$1$NaCl$" + b64(one[:]),
		"sha512_symfony$0$NaCl$" + b64(one[:]), "sha512_symfony$x$NaCl$" + b64(one[:]),
		"sha512_symfony$99999999$NaCl$" + b64(one[:]), "sha512_symfony$1$NaCl$" + b64(one[:32]),
		"sha512_symfony$1$NaCl$!!"} {
		if ok, err := Sha512Symfony(bad, "password"); ok || !errors.Is(err, ErrFormat) {
			t.Errorf("Sha512Symfony(%q) = %v, %v; want ErrFormat", bad, ok, err)
		}
	}
}
