package clerk

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestSmallIntMatchesParseFloat: the integer fast path gives exactly what
// strconv.ParseFloat gives, and leaves anything else to it.
func TestSmallIntMatchesParseFloat(t *testing.T) {
	for _, n := range []string{
		"0", "-0", "7", "-7", "1700000060", "-1700000060", "999999999999999", "-999999999999999",
		"0001", // not JSON, but the conversion must still be exact
	} {
		got, ok := smallInt(n)
		want, err := strconv.ParseFloat(n, 64)
		if !ok || err != nil || got != want || math.Signbit(got) != math.Signbit(want) {
			t.Errorf("smallInt(%q) = %v, %v; ParseFloat %v, %v", n, got, ok, want, err)
		}
	}
	for _, n := range []string{"", "-", "1.5", "1e3", "9999999999999999", "12a", "+1"} {
		if _, ok := smallInt(n); ok {
			t.Errorf("smallInt(%q) took a value it must leave to ParseFloat", n)
		}
	}
}

// TestB64DecodeEveryLength runs the decoder over every length across the
// 8-character fast path and the 4-character and partial tails, against
// encoding/base64, including a bad character in each position.
func TestB64DecodeEveryLength(t *testing.T) {
	src := []byte(strings.Repeat("\xfb\xef\xbe\x00\x10\x83", 8))
	for n := 0; n <= len(src); n++ {
		enc := base64.RawURLEncoding.EncodeToString(src[:n])
		dst := make([]byte, b64DecodedLen(len(enc)))
		if !b64Decode(dst, enc) || string(dst) != string(src[:n]) {
			t.Fatalf("length %d: got %x, want %x", n, dst, src[:n])
		}
		for i := range enc {
			bad := enc[:i] + "=" + enc[i+1:]
			if b64Decode(dst, bad) {
				t.Fatalf("length %d: accepted '=' at %d", n, i)
			}
		}
	}
}

// TestJSONStringFastPath: strings at the short-path boundary (16 bytes),
// with escapes or control characters on either side of it, decode as
// encoding/json decodes them.
func TestJSONStringFastPath(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{`""`, "", true},
		{`"0123456789abcde"`, "0123456789abcde", true},
		{`"0123456789abcdef"`, "0123456789abcdef", true},
		{`"0123456789abcdefg"`, "0123456789abcdefg", true},
		{`"a\nb"`, "a\nb", true},
		{`"0123456789abcdefgh\u00e9"`, "0123456789abcdefghé", true},
		{`"0123456789abcdef\"x"`, "0123456789abcdef\"x", true},
		{"\"a\tb\"", "", false},
		{"\"0123456789abcdefgh\x01\"", "", false},
		{`"unterminated`, "", false},
		{`"0123456789abcdef`, "", false},
	} {
		sc := jsonScanner{d: tc.in}
		got, ok := sc.str()
		if ok != tc.ok || got != tc.want {
			t.Errorf("str(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
