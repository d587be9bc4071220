package hashers

import (
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestScryptRFC7914 checks the test vectors of RFC 7914 §12 that cost
// little (the third and fourth take N=16384 and N=1048576).
func TestScryptRFC7914(t *testing.T) {
	for _, v := range []struct {
		password, salt string
		n, r, p        int
		want           string
	}{
		{"", "", 16, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"},
		{"password", "NaCl", 1024, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"},
	} {
		got, err := scryptKey([]byte(v.password), []byte(v.salt), v.n, v.r, v.p, 64)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(v.want, hex.EncodeToString(got)); diff != "" {
			t.Errorf("scrypt(%q, %q, %d, %d, %d) (-want +got):\n%s", v.password, v.salt, v.n, v.r, v.p, diff)
		}
	}
}

func TestScryptWerkzeug(t *testing.T) {
	// RFC 7914's first vector in Werkzeug's spelling needs a salt; this one
	// is its second vector, with N lowered to keep the test cheap, and is
	// checked by its own two derivations.
	key, err := scryptKey([]byte("password"), []byte("NaCl"), 16, 2, 1, 32)
	if err != nil {
		t.Fatal(err)
	}
	digest := "scrypt:16:2:1$NaCl$" + hex.EncodeToString(key)
	for pw, want := range map[string]bool{"password": true, "passwort": false, "": false} {
		if ok, err := ScryptWerkzeug(digest, pw); ok != want || err != nil {
			t.Errorf("ScryptWerkzeug(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
	for _, bad := range []string{"", "scrypt:16:2$NaCl$00", "scrypt:15:2:1$NaCl$00", "pbkdf2:16:2:1$NaCl$00",
		"scrypt:16:2:1$NaCl$zz", "scrypt:16:2:1$$00", "scrypt:1073741824:8:1$NaCl$00"} {
		if ok, err := ScryptWerkzeug(bad, "password"); ok || !errors.Is(err, ErrFormat) {
			t.Errorf("ScryptWerkzeug(%q) = %v, %v; want ErrFormat", bad, ok, err)
		}
	}
}
