package clerk

import (
	"net/url"
	"strings"
	"unicode/utf8"
)

// Everything a server sends is attacker-controlled: a hostile or broken
// server, proxy or middlebox can echo the Authorization header it received
// into an error message, a trace ID or a Location. Every server-provided
// string that reaches an error or a log line goes through a redactor first:
// it removes the client's own secret key and anything shaped like a Clerk
// secret key, and caps the length.

// Caps on server-provided strings kept in errors and logs, in bytes.
const (
	maxServerText     = 1 << 10 // an error code, message, long message or meta value
	maxServerTraceID  = 128     // a Clerk trace ID is 32 hex digits
	maxServerLocation = 512     // the Location of a refused redirect
	maxErrorEntries   = 32      // entries of an error envelope kept
	maxMetaDepth      = 8       // nesting of an error entry's meta kept
)

// redactedSecret replaces a secret key found in server-provided text.
const redactedSecret = "sk_[REDACTED]"

// secretKeyPrefixes are the prefixes of Clerk secret keys.
var secretKeyPrefixes = [...]string{"sk_test_", "sk_live_"}

// redactor cleans server-provided text of one client's secret key.
type redactor struct {
	// secret is the random part of the client's key (after "sk_live_" or
	// "sk_test_"), found however the server re-encoded the prefix; empty
	// when there is no key (a verifier fetching a JWKS URL).
	secret string
}

// newRedactor returns the redactor of secretKey, which may be empty.
func newRedactor(secretKey string) redactor {
	for _, p := range secretKeyPrefixes {
		if s, ok := strings.CutPrefix(secretKey, p); ok && len(s) >= 8 {
			return redactor{secret: s}
		}
	}
	return redactor{}
}

// text returns s without any secret key, cut to at most limit bytes (on a
// rune boundary, marked with "…"). Error methods still put it on one line.
func (r redactor) text(s string, limit int) string {
	if r.clean(s) && len(s) <= limit {
		return s // the usual case: nothing to copy
	}
	return capText(r.secrets(s), limit)
}

// clean reports whether s holds nothing that redaction would replace.
func (r redactor) clean(s string) bool {
	if indexFold(s, "sk_", 0) >= 0 {
		return false
	}
	return r.secret == "" || !strings.Contains(s, r.secret)
}

// secrets replaces the client's key (whatever precedes its random part) and
// every run shaped like a Clerk secret key ("sk_test_" or "sk_live_" in any
// letter case, followed by key characters) with redactedSecret.
func (r redactor) secrets(s string) string {
	if r.secret != "" {
		s = strings.ReplaceAll(s, r.secret, redactedSecret)
	}
	var b strings.Builder
	i := 0
	for {
		j := nextKeyPrefix(s, i)
		if j < 0 {
			break
		}
		b.WriteString(s[i:j])
		b.WriteString(redactedSecret)
		end := j + len("sk_test_")
		for end < len(s) && isKeyByte(s[end]) {
			end++
		}
		i = end
	}
	if i == 0 {
		return s
	}
	b.WriteString(s[i:])
	return b.String()
}

// nextKeyPrefix returns the index of the first secret-key prefix in s, in
// any ASCII letter case, at or after from, or -1.
func nextKeyPrefix(s string, from int) int {
	best := -1
	for _, p := range secretKeyPrefixes {
		if k := indexFold(s, p, from); k >= 0 && (best < 0 || k < best) {
			best = k
		}
	}
	return best
}

// indexFold returns the index of the first match of the lower-case ASCII
// pattern p in s at or after from, ignoring ASCII letter case, or -1.
func indexFold(s, p string, from int) int {
	for i := from; i+len(p) <= len(s); i++ {
		j := 0
		for j < len(p) && lowerASCII(s[i+j]) == p[j] {
			j++
		}
		if j == len(p) {
			return i
		}
	}
	return -1
}

// lowerASCII returns c in lower case when it is an ASCII letter.
func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// isKeyByte reports whether c can be part of a secret key's random part.
func isKeyByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}

// wrap returns err with its message cleaned like any server text (a
// transport error can quote what the server sent), keeping the chain for
// errors.Is and errors.As; err itself when its message is clean.
func (r redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := r.text(msg, maxServerText); clean != msg {
		return &redactedError{msg: clean, err: err}
	}
	return err
}

// location returns a redirect's Location for an error: redacted like any
// text, and replaced whole when its unescaped form carries the key (a
// server can percent-encode it to slip past a plain search).
func (r redactor) location(loc string) string {
	if loc == "" {
		return ""
	}
	if u, err := url.PathUnescape(loc); err == nil && u != loc && !r.clean(u) {
		return "[redacted: the Location carried a secret key]"
	}
	return r.text(loc, maxServerLocation)
}

// meta returns a copy of an error entry's meta with every string, key and
// value, redacted and capped, and nesting below maxMetaDepth dropped.
func (r redactor) meta(v any, depth int) any {
	switch x := v.(type) {
	case string:
		return r.text(x, maxServerText)
	case map[string]any:
		if depth >= maxMetaDepth {
			return nil
		}
		out := make(map[string]any, len(x))
		for k, val := range x {
			out[r.text(k, maxServerText)] = r.meta(val, depth+1)
		}
		return out
	case []any:
		if depth >= maxMetaDepth {
			return nil
		}
		for i := range x {
			x[i] = r.meta(x[i], depth+1)
		}
		return x
	}
	return v // numbers, booleans, nil
}

// capText cuts s to at most limit bytes on a rune boundary, ending it with
// "…" when it was cut.
func capText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	cut := limit - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
