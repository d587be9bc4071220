package clerk

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// Limits applied before any decoding.
const (
	// maxTokenLen caps the compact token. Clerk session cookies must fit in
	// about 4 KB; 16 KiB leaves room for large custom claims in a header.
	maxTokenLen = 16 << 10
	// maxSigLen is the signature of an 8192-bit RSA key, the largest we load.
	maxSigLen = 8192 / 8
	// maxJSONDepth bounds the nesting of objects and arrays we skip over.
	maxJSONDepth = 32
)

// Token categories carried in the protected header's `cat` (Clerk internal).
const (
	catSession  = "cl_B7d4PD111AAA"
	catTemplate = "cl_B7d4PD222AAA"
	catMachine  = "cl_B7d4PD333AAA"
)

// jwsHeader holds the protected-header fields we act on. Unknown fields
// (jku, x5u, oiat, …) are ignored.
type jwsHeader struct {
	alg, kid, typ, cat string
	hasTyp, hasCrit    bool
}

// compactJWS is a token split into its parts. header and payload are
// substrings of one string holding both decoded parts, so parsing costs a
// single allocation; signingInput is a substring of the token and the
// signature sits in the first sigLen bytes of a caller-provided buffer. (The
// struct holds no pointer into that buffer: escape analysis is not
// field-sensitive, and the decoded strings escape into the claims, so a
// pointer here would move the caller's stack buffer to the heap.)
type compactJWS struct {
	signingInput string // base64url(header) "." base64url(payload)
	header       jwsHeader
	payload      string // decoded JSON
	sigLen       int
}

// sigBuffer holds a decoded signature; callers keep it on the stack.
type sigBuffer [maxSigLen]byte

// parseCompact checks the shape of a compact JWS and decodes its parts. It
// rejects, before decoding anything: tokens over maxTokenLen, anything but
// exactly two dots, and empty parts; then base64url with padding or stray
// bits, and a header or payload that is not a JSON object.
//
// The signature is decoded into sigBuf[:t.sigLen]; header and payload share
// one string, so a token costs one allocation here.
func parseCompact(token string, sigBuf *sigBuffer) (compactJWS, error) {
	var t compactJWS
	if len(token) == 0 || len(token) > maxTokenLen {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "bad length")
	}
	if strings.Count(token, ".") != 2 {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "a JWT consists of three parts separated by dots")
	}
	d1 := strings.IndexByte(token, '.')
	d2 := d1 + 1 + strings.IndexByte(token[d1+1:], '.')
	h64, p64, s64 := token[:d1], token[d1+1:d2], token[d2+1:]
	if len(h64) == 0 || len(p64) == 0 || len(s64) == 0 {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "empty part")
	}
	hn, pn, sn := b64DecodedLen(len(h64)), b64DecodedLen(len(p64)), b64DecodedLen(len(s64))
	if sn > maxSigLen {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "signature too long")
	}
	if hn < 0 || pn < 0 || sn < 0 {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "bad base64url length")
	}
	// Decode header and payload next to each other, then make one string.
	var stack [2048]byte
	var buf []byte
	if hn+pn <= len(stack) {
		buf = stack[:hn+pn]
	} else {
		buf = make([]byte, hn+pn)
	}
	if !b64Decode(buf[:hn], h64) || !b64Decode(buf[hn:], p64) || !b64Decode(sigBuf[:sn], s64) {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "bad base64url")
	}
	both := string(buf)
	if !utf8.ValidString(both) {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "invalid UTF-8")
	}
	t.signingInput = token[:d2]
	t.payload = both[hn : hn+pn]
	t.sigLen = sn
	if !parseHeader(both[:hn], &t.header) {
		return t, tokenErr(ErrMalformedToken, reasonTokenInvalid, "header is not a valid JSON object")
	}
	return t, nil
}

// verifyRS256 checks an RS256 signature over signingInput. It hashes the
// string through a stack buffer, so the check allocates nothing beyond what
// crypto/rsa does.
func verifyRS256(key *rsa.PublicKey, signingInput string, sig []byte) bool {
	if len(sig) != key.Size() {
		return false
	}
	var chunk [512]byte
	h := sha256.New()
	for s := signingInput; len(s) > 0; {
		n := copy(chunk[:], s)
		h.Write(chunk[:n])
		s = s[n:]
	}
	var digest [sha256.Size]byte
	return rsa.VerifyPKCS1v15(key, crypto.SHA256, h.Sum(digest[:0]), sig) == nil
}

// parseHeader decodes the protected header. Duplicate names: the last wins,
// as with JSON.parse and encoding/json.
func parseHeader(s string, h *jwsHeader) bool {
	sc := jsonScanner{d: s}
	if !sc.objectStart() {
		return false
	}
	for more := sc.first(); more; more = sc.more() {
		key, ok := sc.key()
		if !ok {
			return false
		}
		switch key {
		case "alg":
			h.alg, ok = sc.stringOrNull()
		case "kid":
			h.kid, ok = sc.stringOrNull()
		case "typ":
			h.typ, ok = sc.stringOrNull()
			h.hasTyp = true
		case "cat":
			h.cat, ok = sc.stringOrNull()
		case "crit":
			h.hasCrit = true
			ok = sc.skip(0)
		default:
			ok = sc.skip(0)
		}
		if !ok {
			return false
		}
	}
	return sc.end()
}

// ---- base64url (RFC 4648 §5, no padding, canonical) ----

const b64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

var b64Table = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for i := 0; i < len(b64Alphabet); i++ {
		t[b64Alphabet[i]] = byte(i)
	}
	return t
}()

// b64Shifted[k][c] is the value of character c already shifted into place
// as the k-th character of a 4-character (24-bit) group, or b64Bad for a
// character outside the alphabet, so a group decodes with four lookups and
// three ORs, and one test of the OR of two groups finds any bad character.
var b64Shifted = func() (t [4][256]uint32) {
	for k := range t {
		for c := range t[k] {
			v := b64Table[c]
			if v == 0xff {
				t[k][c] = b64Bad
				continue
			}
			t[k][c] = uint32(v) << (18 - 6*k)
		}
	}
	return t
}()

// b64Bad marks a character outside the alphabet in b64Shifted: bits above
// the 24 a group uses.
const b64Bad = 0xff000000

// b64DecodedLen returns the decoded length of n unpadded base64url
// characters, or -1 when no input of that length is valid.
func b64DecodedLen(n int) int {
	if n%4 == 1 {
		return -1
	}
	return n/4*3 + (n%4*6)/8
}

// b64Decode decodes unpadded base64url s into dst, which must have length
// b64DecodedLen(len(s)). It rejects padding, characters outside the URL
// alphabet and non-zero trailing bits (so every value has one encoding).
func b64Decode(dst []byte, s string) bool {
	if b64DecodedLen(len(s)) != len(dst) {
		return false
	}
	di := 0
	i := 0
	// Eight characters (six bytes) per step, as two 24-bit groups.
	for ; i+8 <= len(s); i += 8 {
		q := s[i : i+8]
		g1 := b64Shifted[0][q[0]] | b64Shifted[1][q[1]] | b64Shifted[2][q[2]] | b64Shifted[3][q[3]]
		g2 := b64Shifted[0][q[4]] | b64Shifted[1][q[5]] | b64Shifted[2][q[6]] | b64Shifted[3][q[7]]
		if (g1|g2)&b64Bad != 0 {
			return false
		}
		d := dst[di : di+6]
		d[0], d[1], d[2] = byte(g1>>16), byte(g1>>8), byte(g1)
		d[3], d[4], d[5] = byte(g2>>16), byte(g2>>8), byte(g2)
		di += 6
	}
	for ; i+4 <= len(s); i += 4 {
		a, b, c, d := b64Table[s[i]], b64Table[s[i+1]], b64Table[s[i+2]], b64Table[s[i+3]]
		if a|b|c|d == 0xff || (a|b|c|d)&0xc0 != 0 {
			return false
		}
		v := uint32(a)<<18 | uint32(b)<<12 | uint32(c)<<6 | uint32(d)
		dst[di], dst[di+1], dst[di+2] = byte(v>>16), byte(v>>8), byte(v)
		di += 3
	}
	switch len(s) - i {
	case 2:
		a, b := b64Table[s[i]], b64Table[s[i+1]]
		if (a|b)&0xc0 != 0 || b&0x0f != 0 {
			return false
		}
		dst[di] = a<<2 | b>>4
	case 3:
		a, b, c := b64Table[s[i]], b64Table[s[i+1]], b64Table[s[i+2]]
		if (a|b|c)&0xc0 != 0 || c&0x03 != 0 {
			return false
		}
		dst[di], dst[di+1] = a<<2|b>>4, b<<4|c>>2
	}
	return true
}

// ---- a small validating JSON scanner over a string ----
//
// It accepts exactly RFC 8259 JSON (the differential fuzz test holds it to
// encoding/json's json.Valid), returns string values as substrings when they
// have no escapes, and bounds nesting at maxJSONDepth.

type jsonScanner struct {
	d string
	i int
}

func (s *jsonScanner) ws() {
	for s.i < len(s.d) {
		switch s.d[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) peek() byte {
	s.ws()
	if s.i < len(s.d) {
		return s.d[s.i]
	}
	return 0
}

// objectStart consumes '{'.
func (s *jsonScanner) objectStart() bool {
	if s.peek() != '{' {
		return false
	}
	s.i++
	return true
}

// first reports whether the object just opened has a first member; it
// consumes '}' when it has none. A malformed input makes it return true and
// the following key() fail.
func (s *jsonScanner) first() bool {
	if s.peek() == '}' {
		s.i++
		return false
	}
	return true
}

// more consumes ',' (true) or '}' (false). Anything else is an error that
// the caller detects through bad.
func (s *jsonScanner) more() bool {
	switch s.peek() {
	case ',':
		s.i++
		return true
	case '}':
		s.i++
		return false
	}
	s.i = len(s.d) + 1 // poison: end() and every later read fail
	return false
}

// end checks that the object closed properly and nothing but whitespace
// follows the top-level value.
func (s *jsonScanner) end() bool {
	if s.i > len(s.d) {
		return false
	}
	s.ws()
	return s.i == len(s.d)
}

// closed reports whether more() ended on a proper '}' (for nested objects).
func (s *jsonScanner) closed() bool { return s.i <= len(s.d) }

// key reads a member name and the ':' after it.
func (s *jsonScanner) key() (string, bool) {
	if s.peek() != '"' {
		return "", false
	}
	k, ok := s.str()
	if !ok || s.peek() != ':' {
		return "", false
	}
	s.i++
	return k, true
}

// jsonPlain marks the bytes that stand for themselves inside a JSON string:
// everything but '"', '\\' and control characters.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// str reads a string at s.i (which must be '"'), unescaping it if needed.
func (s *jsonScanner) str() (string, bool) {
	if s.i >= len(s.d) || s.d[s.i] != '"' {
		return "", false
	}
	start := s.i + 1
	// Fast path: a run of plain bytes ended by the closing quote, the
	// common string without escapes, returned as a substring.
	d, i := s.d, start
	for i < len(d) && jsonPlain[d[i]] {
		i++
	}
	if i < len(d) && d[i] == '"' {
		s.i = i + 1
		return d[start:i], true
	}
	esc := false
	for i := start; i < len(s.d); i++ {
		c := s.d[i]
		switch {
		case c == '"':
			s.i = i + 1
			if esc {
				return unescapeJSON(s.d[start:i])
			}
			return s.d[start:i], true
		case c == '\\':
			esc = true
			i++
			if i >= len(s.d) {
				return "", false
			}
			switch s.d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(s.d) || !isHex4(s.d[i+1:i+5]) {
					return "", false
				}
				i += 4
			default:
				return "", false
			}
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

func isHex4(s string) bool {
	for i := 0; i < 4; i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

func hex4(s string) rune {
	var r rune
	for i := 0; i < 4; i++ {
		c := s[i]
		switch {
		case c <= '9':
			c -= '0'
		case c >= 'a':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// unescapeJSON decodes the escapes of an already validated string body, as
// encoding/json does (lone surrogates become U+FFFD).
func unescapeJSON(s string) (string, bool) {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		switch s[i] {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r := hex4(s[i+1 : i+5])
			i += 4
			if utf16.IsSurrogate(r) {
				if i+6 < len(s)+0 && s[i+1] == '\\' && s[i+2] == 'u' {
					if r2 := utf16.DecodeRune(r, hex4(s[i+3:i+7])); r2 != utf8.RuneError {
						b.WriteRune(r2)
						i += 6
						continue
					}
				}
				r = utf8.RuneError
			}
			b.WriteRune(r)
		default: // '"', '\\', '/'
			b.WriteByte(s[i])
		}
	}
	return b.String(), true
}

// stringOrNull reads a string value; null reads as "".
func (s *jsonScanner) stringOrNull() (string, bool) {
	switch s.peek() {
	case '"':
		return s.str()
	case 'n':
		return "", s.lit("null")
	}
	return "", false
}

func (s *jsonScanner) lit(w string) bool {
	if strings.HasPrefix(s.d[s.i:], w) {
		s.i += len(w)
		return true
	}
	return false
}

// number reads a JSON number and returns its text.
func (s *jsonScanner) number() (string, bool) {
	s.ws()
	start := s.i
	d := s.d
	i := s.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
	default:
		return "", false
	}
	if i < len(d) && d[i] == '.' {
		i++
		n := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == n {
			return "", false
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		n := i
		for i < len(d) && '0' <= d[i] && d[i] <= '9' {
			i++
		}
		if i == n {
			return "", false
		}
	}
	s.i = i
	return d[start:i], true
}

// skip validates and steps over one value.
func (s *jsonScanner) skip(depth int) bool {
	switch c := s.peek(); c {
	case '"':
		_, ok := s.str()
		return ok
	case '{':
		if depth >= maxJSONDepth {
			return false
		}
		s.i++
		for more := s.first(); more; more = s.more() {
			if _, ok := s.key(); !ok || !s.skip(depth+1) {
				return false
			}
		}
		return s.closed()
	case '[':
		if depth >= maxJSONDepth {
			return false
		}
		s.i++
		for more := s.arrayFirst(); more; more = s.arrayMore() {
			if !s.skip(depth + 1) {
				return false
			}
		}
		return s.closed()
	case 't':
		return s.lit("true")
	case 'f':
		return s.lit("false")
	case 'n':
		return s.lit("null")
	default:
		_, ok := s.number()
		return ok
	}
}

func (s *jsonScanner) arrayFirst() bool {
	if s.peek() == ']' {
		s.i++
		return false
	}
	return true
}

func (s *jsonScanner) arrayMore() bool {
	switch s.peek() {
	case ',':
		s.i++
		return true
	case ']':
		s.i++
		return false
	}
	s.i = len(s.d) + 1
	return false
}

// float reads a number value as float64; ok is false for other types and
// for numbers out of float64's range.
func (s *jsonScanner) float() (float64, bool) {
	n, ok := s.number()
	if !ok {
		return 0, false
	}
	if f, ok := smallInt(n); ok {
		return f, true
	}
	f, err := strconv.ParseFloat(n, 64)
	return f, err == nil
}

// smallInt converts an integer of at most 15 digits (the common case: a
// Unix time) without strconv. Such a value is exact in a float64, so the
// result equals strconv.ParseFloat's.
func smallInt(n string) (float64, bool) {
	neg := len(n) > 0 && n[0] == '-'
	if neg {
		n = n[1:]
	}
	v, ok := parseDigits(n, 15)
	switch {
	case !ok:
		return 0, false
	case neg && v == 0:
		return math.Copysign(0, -1), true // "-0" is negative zero, as ParseFloat says
	case neg:
		return float64(-v), true
	}
	return float64(v), true
}

// parseDigits parses s as 1 to maxLen ASCII digits (maxLen at most 18, so
// the value fits an int64): no sign, no spaces, nothing else.
func parseDigits(s string, maxLen int) (int64, bool) {
	if len(s) == 0 || len(s) > maxLen {
		return 0, false
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int64(c-'0')
	}
	return v, true
}
