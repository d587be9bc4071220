package hashers

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestBlake2bRFC7693 checks the "abc" example of RFC 7693 Appendix A and
// the block boundaries against one another.
func TestBlake2bRFC7693(t *testing.T) {
	want := "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1" +
		"7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"
	if diff := cmp.Diff(want, hex.EncodeToString(blake2b(64, []byte("abc")))); diff != "" {
		t.Errorf("BLAKE2b-512(abc) (-want +got):\n%s", diff)
	}
	// Splitting the input anywhere must not change the hash.
	msg := bytes.Repeat([]byte("0123456789"), 40)
	for _, n := range []int{0, 127, 128, 129, 256, 300, 400} {
		whole := blake2b(32, msg[:n])
		for _, cut := range []int{0, min(1, n), n / 2, n} {
			if got := blake2b(32, msg[:cut], nil, msg[cut:n]); !bytes.Equal(got, whole) {
				t.Errorf("BLAKE2b of %d bytes cut at %d differs", n, cut)
			}
		}
	}
}

// TestArgon2RFC9106 checks the test vectors of RFC 9106 §5.
func TestArgon2RFC9106(t *testing.T) {
	for _, v := range []struct {
		typ  uint32
		want string
	}{
		{argon2d, "512b391b6f1162975371d30919734294f868e3be3984f3c1a13a4db9fabe4acb"},
		{argon2i, "c814d9d1dc7f37aa13f0d77f2494bda1c8de6b016dd388d29952a4c4672b6ce8"},
		{argon2id, "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"},
	} {
		got := argon2Key(bytes.Repeat([]byte{1}, 32), argon2Params{
			typ: v.typ, version: 0x13, memory: 32, passes: 3, lanes: 4, tagLength: 32,
			salt: bytes.Repeat([]byte{2}, 16), secret: bytes.Repeat([]byte{3}, 8), ad: bytes.Repeat([]byte{4}, 12),
		})
		if diff := cmp.Diff(v.want, hex.EncodeToString(got)); diff != "" {
			t.Errorf("Argon2 type %d (-want +got):\n%s", v.typ, diff)
		}
	}
}

func TestArgon2PHC(t *testing.T) {
	salt := []byte("somesaltsomesalt")
	for _, c := range []struct {
		name    string
		check   func(string, string) (bool, error)
		typ     uint32
		version uint32
		prefix  string
	}{
		{"argon2id", Argon2id, argon2id, 0x13, "$argon2id$v=19$m=64,t=2,p=2$"},
		{"argon2i", Argon2i, argon2i, 0x13, "$argon2i$v=19$m=64,t=2,p=2$"},
		{"argon2i v0x10", Argon2i, argon2i, 0x10, "$argon2i$m=64,t=2,p=2$"},
	} {
		hash := argon2Key([]byte("password"), argon2Params{typ: c.typ, version: c.version, memory: 64, passes: 2, lanes: 2, tagLength: 24, salt: salt})
		digest := c.prefix + base64.RawStdEncoding.EncodeToString(salt) + "$" + base64.RawStdEncoding.EncodeToString(hash)
		for pw, want := range map[string]bool{"password": true, "passwort": false, "": false} {
			if ok, err := c.check(digest, pw); ok != want || err != nil {
				t.Errorf("%s(%q) = %v, %v; want %v", c.name, pw, ok, err, want)
			}
		}
	}
	if ok, err := Argon2i("$argon2id$v=19$m=64,t=2,p=2$c29tZXNhbHQ$AAAAAAAA", "x"); ok || !errors.Is(err, ErrFormat) {
		t.Errorf("Argon2i of an argon2id digest = %v, %v; want ErrFormat", ok, err)
	}
	for _, bad := range []string{"", "$argon2id$", "$argon2id$v=18$m=64,t=2,p=2$c29tZXNhbHQ$AAAAAAAA",
		"$argon2id$v=19$m=64,t=2$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=64,t=2,p=2,p=2$c29tZXNhbHQ$AAAAAAAA",
		"$argon2id$v=19$m=8,t=2,p=2$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$AAAAAAAA",
		"$argon2id$v=19$m=64,t=100,p=1$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=64,t=2,p=0$c29tZXNhbHQ$AAAAAAAA",
		"$argon2id$v=19$m=64,t=2,p=1,x=1$c29tZXNhbHQ$AAAAAAAA", "$argon2id$v=19$m=64,t=2,p=1$$AAAAAAAA",
		"$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$AA", "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$!!!!"} {
		if ok, err := Argon2id(bad, "password"); ok || !errors.Is(err, ErrFormat) {
			t.Errorf("Argon2id(%q) = %v, %v; want ErrFormat", bad, ok, err)
		}
	}
}
