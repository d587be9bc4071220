package clerk

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// FuzzParseCompact checks that the parser never panics, and that its
// base64url decoder agrees with encoding/base64's strict raw URL decoding.
func FuzzParseCompact(f *testing.F) {
	f.Add("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyXzEiLCJleHAiOjE3MDAwMDAwNjB9.c2ln")
	f.Add("a.b.c")
	f.Add("..")
	f.Add("not.a.jwt.at.all")
	f.Add("eyJhbGciOiJub25lIn0.e30.")
	f.Add("eyJhbGciOiJSUzI1NiJ9==.e30.AA")
	for _, tok := range adversarialTokens(f, 32<<10) {
		f.Add(tok)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		t.Parallel()
		_, _ = parseCompact(tok, new(sigBuffer))
		_, _, _ = unverified(tok)
		if strings.ContainsAny(tok, "\r\n") {
			return // encoding/base64 skips newlines; we reject them
		}
		n := b64DecodedLen(len(tok))
		std, stdErr := base64.RawURLEncoding.Strict().DecodeString(tok)
		if n < 0 {
			if stdErr == nil {
				t.Fatalf("stdlib decodes %q, we reject its length", tok)
			}
			return
		}
		dst := make([]byte, n)
		ok := b64Decode(dst, tok)
		if ok != (stdErr == nil) || ok && string(dst) != string(std) {
			t.Fatalf("b64Decode(%q) = %v %x; stdlib %v %x", tok, ok, dst, stdErr, std)
		}
	})
}

// FuzzDecodeClaims checks that the claims decoder never panics and accepts
// exactly the JSON objects encoding/json accepts (for valid UTF-8).
func FuzzDecodeClaims(f *testing.F) {
	f.Add(`{"sub":"user_1","exp":1700000060,"v":2,"o":{"id":"org_1","rol":"admin","per":"a,b","fpm":"3"},"fea":"o:x","fva":[1,-1]}`)
	f.Add(`{"sub":"\u00e9\ud83d\ude00","act":{"sub":"u"},"org_permissions":["a"],"x":[[[{}]]]}`)
	f.Add(`{"exp":1e400}`)
	f.Add(`{"a":1}x`)
	f.Add(`[]`)
	f.Add(`{"o":{"fpm":"99999999999999999999999999"}}`)
	f.Add(`{"sub":1,"sub":"user_1"}`)
	f.Add(`{"sub":"user_1","sub":null}`)
	f.Add(`{"v":2,"o":{"id":"org_1"},"o":null,"act":{"sub":"u"},"act":1,"v":null}`)
	f.Add(`{"org_id":"org_1","org_permissions":["a"],"org_permissions":null,"v":"2"}`)
	f.Add(`["a",null,"\u00e9"]`)
	f.Add(`["a",1,{"b":[]}]`)
	for _, p := range adversarialPayloads(f) {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, s string) {
		t.Parallel()
		var c SessionClaims
		var p claimProblems
		ok := decodeClaims(s, &c, &p)
		var obj map[string]json.RawMessage
		stdOK := json.Unmarshal([]byte(s), &obj) == nil && obj != nil
		if ok && !stdOK {
			t.Fatalf("we accept %q, encoding/json does not", s)
		}
		if !ok && stdOK && validNesting(s) {
			t.Fatalf("we reject %q, encoding/json accepts it", s)
		}
		checkStringArray(t, s)
		if ok {
			checkClaimValues(t, s, &c, &p)
			_ = c.Org.Permissions()
			_ = c.Has(Check{Role: "a", Permission: "b", Feature: "o:c", Plan: "d", Reverification: &ReverifyStrict})
		}
	})
}

// checkStringArray holds scanStringArray, which checks v1 org_permissions,
// to encoding/json when s is an array: it accepts exactly the arrays
// encoding/json accepts (within the nesting bound), and finds them bad
// exactly when they do not decode into []string.
func checkStringArray(t *testing.T, s string) {
	t.Helper()
	sc := jsonScanner{d: s}
	if sc.peek() != '[' || !utf8.ValidString(s) {
		return
	}
	_, bad, ok := scanStringArray(&sc)
	ok = ok && sc.end()
	var anyArr []any
	stdOK := json.Unmarshal([]byte(s), &anyArr) == nil && anyArr != nil
	if ok && !stdOK || !ok && stdOK && validNesting("["+s+"]") {
		t.Fatalf("scanStringArray(%q) ok = %v, encoding/json %v", s, ok, stdOK)
	}
	var strs []string
	if ok && bad != (json.Unmarshal([]byte(s), &strs) != nil) {
		t.Fatalf("scanStringArray(%q) bad = %v, encoding/json into []string disagrees", s, bad)
	}
}

// checkClaimValues holds the decoder's string and number values to
// encoding/json's for `sub`, `sid`, `azp`, `iss` and the three times (the
// last duplicate wins in both). Invalid UTF-8 is skipped: parseCompact
// rejects it before claims are decoded, while encoding/json would replace
// it with U+FFFD.
func checkClaimValues(t *testing.T, s string, c *SessionClaims, p *claimProblems) {
	t.Helper()
	var obj map[string]any
	if !utf8.ValidString(s) || json.Unmarshal([]byte(s), &obj) != nil {
		return
	}
	if v, present := obj["sub"]; present {
		str, isStr := v.(string)
		if c.UserID != str || p.sub == isStr {
			t.Fatalf("sub: we decode %q (bad type %v), encoding/json %#v", c.UserID, p.sub, v)
		}
	}
	for name, got := range map[string]string{"sid": c.SessionID, "azp": c.AuthorizedParty, "iss": c.Issuer} {
		if v, isStr := obj[name].(string); isStr && got != v {
			t.Fatalf("%s: we decode %q, encoding/json %q", name, got, v)
		}
	}
	checkStructuredClaims(t, obj, c)
	for name, got := range map[string]struct {
		sec      float64
		set, bad bool
	}{"exp": {c.expS, p.hasExp, p.exp}, "nbf": {c.nbfS, c.nbfSet, p.nbf}, "iat": {c.iatS, c.iatSet, p.iat}} {
		v, present := obj[name]
		if present != got.set {
			t.Fatalf("%s: present %v, encoding/json %v", name, got.set, present)
		}
		if f, isNum := v.(float64); isNum && !got.bad && got.sec != f {
			t.Fatalf("%s: we decode %v s, encoding/json %v s", name, got.sec, f)
		}
	}
	if f, isNum := obj["exp"].(float64); isNum && !p.exp && !c.Expiry.Equal(time.Unix(int64(math.Trunc(f)), 0)) {
		t.Fatalf("Expiry %v for exp %v, want its whole seconds", c.Expiry, f)
	}
}

// checkStructuredClaims holds the version, the organization ID (from `o.id`
// for v2 claims, `org_id` for v1), v1 permissions and the actor to what
// encoding/json decodes, so that a duplicated or null claim is decided by
// its last value in both.
func checkStructuredClaims(t *testing.T, obj map[string]any, c *SessionClaims) {
	t.Helper()
	version := 0
	if f, isNum := obj["v"].(float64); isNum {
		version = -1
		if f == math.Trunc(f) && f >= 0 && f <= 1e6 {
			version = int(f)
		}
	}
	if c.Version != version {
		t.Fatalf("v: we decode %d, encoding/json %#v", c.Version, obj["v"])
	}
	orgID, _ := obj["org_id"].(string)
	if version == 2 {
		o, _ := obj["o"].(map[string]any)
		orgID, _ = o["id"].(string)
	}
	if c.Org.ID != orgID {
		t.Fatalf("org ID: we decode %q, encoding/json %q", c.Org.ID, orgID)
	}
	if version != 2 {
		var perms []string
		if arr, isArr := obj["org_permissions"].([]any); isArr {
			b, _ := json.Marshal(arr)
			if json.Unmarshal(b, &perms) != nil {
				perms = nil
			}
		}
		if diff := cmp.Diff(perms, c.Org.Permissions()); diff != "" {
			t.Fatalf("org_permissions (-encoding/json +we decode):\n%s", diff)
		}
	}
	act, isObj := obj["act"].(map[string]any)
	if isObj != (c.Actor != nil) {
		t.Fatalf("act: we decode %+v, encoding/json %#v", c.Actor, obj["act"])
	}
	if sub, _ := act["sub"].(string); isObj && c.Actor.Subject != sub {
		t.Fatalf("act.sub: we decode %q, encoding/json %q", c.Actor.Subject, sub)
	}
}

// validNesting reports input within our nesting bound, where the decoder
// must agree with encoding/json.
func validNesting(s string) bool {
	depth, max := 0, 0
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && (c == '{' || c == '['):
			depth++
			if depth > max {
				max = depth
			}
		case !inStr && (c == '}' || c == ']'):
			depth--
		}
	}
	return max <= maxJSONDepth
}
