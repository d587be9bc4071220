// Package adversarial generates the corpus of hostile session tokens that
// the root package's TestAdversarialCorpus verifies and its fuzz targets
// seed from.
//
// The corpus is manifest.jsonl, one JSON object per line:
//
//	{"name": "...", "token": "..." | "file": "...", "want": "ErrMalformedToken", "want_jwks": "...", "note": "..."}
//
// want is the sentinel (the name of an exported clerk.Err… variable, or
// "nil" for a token that must verify) for a verifier holding the PEM key of
// key.pem; want_jwks, when present, is the sentinel for a verifier that
// takes its keys from a JWKS holding that key under kid corpusKid (it
// differs where the kid matters: a PEM verifier ignores kid). Large tokens
// live in their own files.
//
// Tokens are signed with the committed test keys key.pem (the instance's
// key) and attacker-key.pem (a key the verifier does not know), and
// PKCS #1 v1.5 signatures are deterministic, so the corpus is reproducible:
//
//	go test ./testdata/adversarial            # checks the committed corpus
//	go test ./testdata/adversarial -update    # rewrites it
//
// The keys are test keys, generated for this corpus and used nowhere else.
package adversarial

import (
	"bytes"
	"crypto"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"hash"
	"math/big"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the corpus")

// The claims of the corpus' valid token; the verifier's clock is corpusNow.
const (
	corpusKid    = "ins_adversarial_victim"
	corpusIssuer = "https://clean-mayfly-12.clerk.accounts.dev"
	corpusAzp    = "http://localhost:3000"
	corpusNow    = 1700000000
	manifestFile = "manifest.jsonl"
)

// entry is one line of the manifest.
type entry struct {
	Name     string `json:"name"`
	Token    string `json:"token,omitempty"`
	File     string `json:"file,omitempty"`
	Want     string `json:"want"`
	WantJWKS string `json:"want_jwks,omitempty"`
	Note     string `json:"note,omitempty"`
}

func loadKey(t *testing.T, path string) *rsa.PrivateKey {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatalf("%s: no PEM block", path)
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*rsa.PrivateKey)
}

func b64(b []byte) string  { return base64.RawURLEncoding.EncodeToString(b) }
func b64s(s string) string { return b64([]byte(s)) }

// jsonOf marshals v with sorted keys (encoding/json sorts map keys), so the
// output is stable.
func jsonOf(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// claims is the valid payload; kv pairs replace or (with a nil value)
// remove claims.
func claims(kv ...any) map[string]any {
	m := map[string]any{
		"azp": corpusAzp,
		"iss": corpusIssuer,
		"sid": "sess_2Ro7e2IxrffdqBboq8KfB6eGbIy",
		"sub": "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb",
		"iat": corpusNow,
		"nbf": corpusNow - 10,
		"exp": corpusNow + 60,
		"v":   2,
		"fea": "o:dashboard,u:analytics",
		"pla": "u:free_user,o:free_org",
		"o":   map[string]any{"id": "org_123", "rol": "admin", "slg": "acme", "per": "read,manage", "fpm": "3"},
		"fva": []int{0, -1},
		"sts": "active",
		"jti": "d8b2e8a1c0f4a9b7e6d5",
	}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
		} else {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	return m
}

// header is the valid header; kv as for claims.
func header(kv ...any) map[string]any {
	m := map[string]any{"alg": "RS256", "typ": "JWT", "kid": corpusKid}
	for i := 0; i < len(kv); i += 2 {
		if kv[i+1] == nil {
			delete(m, kv[i].(string))
		} else {
			m[kv[i].(string)] = kv[i+1]
		}
	}
	return m
}

// raw is a JSON text used verbatim (for duplicate keys, bare NaN, …).
type raw string

func text(v any) string {
	if r, ok := v.(raw); ok {
		return string(r)
	}
	return jsonOf(v)
}

// gen holds the keys while the corpus is built.
type gen struct {
	key, attacker *rsa.PrivateKey
}

// rs256 signs header and payload (maps or raw JSON) with k.
func rs256(k *rsa.PrivateKey, h, p any) string {
	in := b64s(text(h)) + "." + b64s(text(p))
	d := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(nil, k, crypto.SHA256, d[:])
	if err != nil {
		panic(err)
	}
	return in + "." + b64(sig)
}

func unsigned(h, p any, sig string) string {
	return b64s(text(h)) + "." + b64s(text(p)) + "." + sig
}

func hs(hash func() hash.Hash, secret []byte, h, p any) string {
	in := b64s(text(h)) + "." + b64s(text(p))
	m := hmac.New(hash, secret)
	m.Write([]byte(in))
	return in + "." + b64(m.Sum(nil))
}

// corpus builds every entry. Files maps file names to their contents.
func (g *gen) corpus() (entries []entry, files map[string]string) {
	files = map[string]string{}
	k, a := g.key, g.attacker
	pubDER, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	pubPEM := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})
	attackerJWK := map[string]any{"kty": "RSA", "kid": "attacker", "n": b64(a.N.Bytes()), "e": b64(big.NewInt(int64(a.E)).Bytes())}
	good := rs256(k, header(), claims())
	h, p, _ := strings.Cut(good, ".")
	p, sig, _ := strings.Cut(p, ".")
	add := func(name, token, want, wantJWKS, note string) {
		entries = append(entries, entry{Name: name, Token: token, Want: want, WantJWKS: wantJWKS, Note: note})
	}
	addFile := func(name, file, token, want, note string) {
		files[file] = token
		entries = append(entries, entry{Name: name, File: file, Want: want, Note: note})
	}
	const (
		mal  = "ErrMalformedToken"
		alg  = "ErrUnsupportedAlgorithm"
		typ  = "ErrTokenTypeMismatch"
		sigE = "ErrInvalidSignature"
		unk  = "ErrUnknownKey"
		cl   = "ErrInvalidClaims"
		azp  = "ErrInvalidAuthorizedParty"
		iss  = "ErrInvalidIssuer"
		exp  = "ErrTokenExpired"
		nbf  = "ErrTokenNotActiveYet"
		iat  = "ErrTokenIssuedInFuture"
		ok   = "nil"
	)

	// Controls: the verifier accepts well-signed tokens, so every rejection
	// below is about the hostile part.
	add("control: valid token", good, ok, "", "signed with key.pem; proves the verifier is configured to accept")
	add("control: jku header is ignored", rs256(k, header("jku", "https://attacker.invalid/jwks.json"), claims()), ok, "", "signed with the real key: jku is never followed, never trusted, and does not make a good token bad")
	add("control: unknown non-crit header is ignored", rs256(k, header("oiat", corpusNow), claims()), ok, "", "Clerk adds header fields over time")

	// alg: none, case games, HMAC with the public key, other algorithms.
	add("alg none, empty signature", unsigned(header("alg", "none"), claims(), ""), mal, "", "empty third part")
	add("alg none, junk signature", unsigned(header("alg", "none"), claims(), "AAAA"), alg, "", "")
	add("alg None", unsigned(header("alg", "None"), claims(), "AAAA"), alg, "", "")
	add("alg NONE", unsigned(header("alg", "NONE"), claims(), "AAAA"), alg, "", "")
	add("alg rs256 (lower case), signed with the real key", rs256(k, header("alg", "rs256"), claims()), alg, "", "alg is case-sensitive")
	add("alg RS256 with a trailing space", rs256(k, header("alg", "RS256 "), claims()), alg, "", "")
	add("HS256 signed with the public key PEM", hs(sha256.New, pubPEM, header("alg", "HS256"), claims()), alg, "", "RS/HS key confusion")
	add("HS256 signed with the public key DER", hs(sha256.New, pubDER, header("alg", "HS256"), claims()), alg, "", "RS/HS key confusion")
	add("HS512 signed with the public key PEM", hs(sha512.New, pubPEM, header("alg", "HS512"), claims()), alg, "", "RS/HS key confusion")
	add("RS512 signed with the real key", func() string {
		in := b64s(jsonOf(header("alg", "RS512"))) + "." + b64s(jsonOf(claims()))
		d := sha512.Sum512([]byte(in))
		s, _ := rsa.SignPKCS1v15(nil, k, crypto.SHA512, d[:])
		return in + "." + b64(s)
	}(), alg, "", "only RS256 is accepted")
	add("PS256 signed with the real key", func() string {
		in := b64s(jsonOf(header("alg", "PS256"))) + "." + b64s(jsonOf(claims()))
		d := sha256.Sum256([]byte(in))
		s, _ := rsa.SignPSS(zeroReader{}, k, crypto.SHA256, d[:], nil)
		return in + "." + b64(s)
	}(), alg, "", "")
	add("ES256 with a junk signature", unsigned(header("alg", "ES256"), claims(), b64(make([]byte, 64))), alg, "", "")
	add("alg missing", rs256(k, header("alg", nil), claims()), alg, "", "")
	add("alg null", rs256(k, raw(`{"alg":null,"typ":"JWT","kid":"`+corpusKid+`"}`), claims()), alg, "", "")
	add("alg is a number", rs256(k, header("alg", 256), claims()), mal, "", "header field of the wrong JSON type")
	add("alg is an array", rs256(k, header("alg", []string{"RS256"}), claims()), mal, "", "")
	add("duplicate alg, none last", rs256(k, raw(`{"alg":"RS256","alg":"none","kid":"`+corpusKid+`"}`), claims()), alg, "", "the last duplicate wins, as in JSON.parse")

	// crit.
	add("crit names an unknown extension", rs256(k, header("crit", []string{"exp"}, "exp", corpusNow), claims()), mal, "", "RFC 7515 §4.1.11")
	add("crit is empty", rs256(k, header("crit", []string{}), claims()), mal, "", "")
	add("crit b64 false", rs256(k, header("crit", []string{"b64"}, "b64", false), claims()), mal, "", "unencoded payload option")

	// Token kinds.
	add("typ at+jwt", rs256(k, header("typ", "at+jwt"), claims()), typ, "", "")
	add("cat of a machine token", rs256(k, header("cat", "cl_B7d4PD333AAA"), claims()), typ, "", "")
	add("cat of a JWT template", rs256(k, header("cat", "cl_B7d4PD222AAA"), claims()), typ, "", "")
	add("machine subject", rs256(k, header(), claims("sub", "mch_2RfWKJREkjKbHZy0Wqa5qrHeAnb")), typ, "", "")

	// Key injection: the attacker signs with a key of their own and points
	// to it. None of these headers is followed.
	add("jku points to the attacker's JWKS", rs256(a, header("jku", "https://attacker.invalid/jwks.json", "kid", "attacker"), claims()), sigE, unk, "never fetched")
	add("x5u points to the attacker's certificate", rs256(a, header("x5u", "https://attacker.invalid/cert.pem", "kid", "attacker"), claims()), sigE, unk, "never fetched")
	add("embedded jwk of the attacker's key", rs256(a, header("jwk", attackerJWK, "kid", "attacker"), claims()), sigE, unk, "an embedded key is never trusted")
	add("embedded x5c chain", rs256(a, header("x5c", []string{b64(pubDER)}, "kid", "attacker"), claims()), sigE, unk, "")
	add("kid path traversal", rs256(a, header("kid", "../../../../../../dev/null"), claims()), sigE, unk, "kid is an opaque map key")
	add("kid SQL injection", rs256(a, header("kid", "' OR '1'='1' --"), claims()), sigE, unk, "")
	add("kid is a URL", rs256(a, header("kid", "https://attacker.invalid/key.pem"), claims()), sigE, unk, "")
	add("kid with a NUL byte", rs256(a, header("kid", corpusKid+"\x00attacker"), claims()), sigE, unk, "")
	add("kid of 8 KiB", rs256(a, header("kid", strings.Repeat("k", 8<<10)), claims()), sigE, unk, "")
	add("real kid, attacker's signature", rs256(a, header(), claims()), sigE, "", "the kid names a real key; the signature is not by it")
	add("kid is a number", rs256(k, header("kid", 1), claims()), mal, "", "")

	// Shape and size, before any decoding.
	bigClaims := claims("pad", strings.Repeat("A", 1<<20))
	addFile("1 MiB token", "big-1mib.jwt", rs256(k, header(), bigClaims), mal, "signed with the real key; refused by length before decoding")
	addFile("10,000 dots", "dots-10000.jwt", strings.Repeat(".", 10000), mal, "CVE-2025-27144 / CVE-2025-30204 class")
	addFile("just over 16 KiB", "over-16kib.jwt", rs256(k, header(), claims("pad", strings.Repeat("A", 16<<10))), mal, "signed with the real key; the cap is 16 KiB")
	add("empty token", "", mal, "", "")
	add("two dots only", "..", mal, "", "")
	add("two parts", h+"."+p, mal, "", "")
	add("four parts", good+".AAAA", mal, "", "")
	add("five parts (JWE shape)", h+".AAAA.AAAA."+p+"."+sig, mal, "", "")
	add("standard base64 alphabet (+ and /)", strings.Replace(h, "e", "+", 1)+"/."+p+"."+sig, mal, "", "")
	add("padded base64", h+"==."+p+"."+sig, mal, "", "")
	add("non-canonical trailing bits", func() string {
		// "e30" is {} ; "e31" decodes to the same byte with a stray bit.
		return "e31." + p + "." + sig
	}(), mal, "", "")
	add("newline inside the token", h+"\n."+p+"."+sig, mal, "", "")
	add("part length 1 mod 4", h+"."+p+"A."+sig, mal, "", "")
	add("header is not JSON", b64s("hello")+"."+p+"."+sig, mal, "", "")
	add("header is a JSON array", b64s(`["RS256"]`)+"."+p+"."+sig, mal, "", "")
	add("header with a byte order mark", b64s("\ufeff"+jsonOf(header()))+"."+p+"."+sig, mal, "", "")
	add("header with trailing garbage", b64s(jsonOf(header())+"x")+"."+p+"."+sig, mal, "", "")
	add("payload is not JSON", rs256(k, header(), raw("not json")), mal, "", "signed with the real key")
	add("payload is a JSON array", rs256(k, header(), raw(`[1,2]`)), mal, "", "")
	add("payload is null", rs256(k, header(), raw(`null`)), mal, "", "")
	add("payload with invalid UTF-8", rs256(k, header(), raw("{\"sub\":\"user_\xff\"}")), mal, "", "")
	add("payload nested 100 deep", rs256(k, header(), raw(`{"x":`+strings.Repeat("[", 100)+strings.Repeat("]", 100)+`}`)), mal, "", "nesting is bounded")
	add("signature of one byte", h+"."+p+".AA", sigE, "", "")
	add("signature of 2 KiB", h+"."+p+"."+b64(make([]byte, 2048)), mal, "", "longer than any accepted key's")
	add("empty signature, RS256", h+"."+p+".", mal, "", "")
	add("payload changed after signing", h+"."+b64s(jsonOf(claims("sub", "user_admin")))+"."+sig, sigE, "", "")

	// Claims, signed with the real key: the checks after the signature.
	add("exp as a string", rs256(k, header(), claims("exp", fmt.Sprint(corpusNow+60))), cl, "", "numbers as strings")
	add("nbf as a string", rs256(k, header(), claims("nbf", "0")), cl, "", "")
	add("iat as a string", rs256(k, header(), claims("iat", fmt.Sprint(corpusNow))), cl, "", "")
	add("sub as a number", rs256(k, header(), claims("sub", 12345)), cl, "", "")
	add("sub empty", rs256(k, header(), claims("sub", "")), cl, "", "")
	add("sub missing", rs256(k, header(), claims("sub", nil)), cl, "", "")
	add("exp missing", rs256(k, header(), claims("exp", nil)), cl, "", "exp is required")
	add("exp null", rs256(k, header(), raw(`{"sub":"user_1","exp":null,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), cl, "", "")
	add("exp true", rs256(k, header(), claims("exp", true)), cl, "", "")
	add("exp 1e400 (overflows float64)", rs256(k, header(), raw(`{"sub":"user_1","exp":1e400,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), cl, "", "huge exp")
	add("exp 1e308 (far future, signed)", rs256(k, header(), raw(`{"sub":"user_1","exp":1e308,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), cl, "", "huge exp: refused although signed (past year 9999; Clerk accepts it)")
	add("exp 2^63 (past int64)", rs256(k, header(), raw(`{"sub":"user_1","exp":9223372036854775808,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), cl, "", "huge exp: refused (past year 9999), no overflow")
	add("exp -1", rs256(k, header(), claims("exp", -1)), exp, "", "")
	add("exp -0", rs256(k, header(), raw(`{"sub":"user_1","exp":-0,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), exp, "", "")
	add("exp 1e-400 (underflows to 0)", rs256(k, header(), raw(`{"sub":"user_1","exp":1e-400,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), exp, "", "")
	add("exp \"NaN\"", rs256(k, header(), claims("exp", "NaN")), cl, "", "NaN-like")
	add("exp bare NaN", rs256(k, header(), raw(`{"sub":"user_1","exp":NaN}`)), mal, "", "not JSON")
	add("exp bare Infinity", rs256(k, header(), raw(`{"sub":"user_1","exp":Infinity}`)), mal, "", "not JSON")
	add("exp 0x7fffffff (hex)", rs256(k, header(), raw(`{"sub":"user_1","exp":0x7fffffff}`)), mal, "", "not JSON")
	add("duplicate exp, expired last", rs256(k, header(), raw(`{"sub":"user_1","exp":1700000060,"exp":1,"azp":"`+corpusAzp+`","iss":"`+corpusIssuer+`"}`)), exp, "", "the last duplicate wins")
	add("duplicate azp, foreign last", rs256(k, header(), raw(`{"sub":"user_1","exp":1700000060,"azp":"`+corpusAzp+`","azp":"https://evil.example","iss":"`+corpusIssuer+`"}`)), azp, "", "")
	add("azp missing", rs256(k, header(), claims("azp", nil)), azp, "", "")
	add("azp is a number", rs256(k, header(), claims("azp", 1)), azp, "", "")
	add("issuer with Clerk's prefix on another domain", rs256(k, header(), claims("iss", "https://clerk.attacker.example")), iss, "", "accepted by clerk-sdk-go's prefix check")
	add("iss is a number", rs256(k, header(), claims("iss", 1)), iss, "", "")
	add("expired", rs256(k, header(), claims("exp", corpusNow-6)), exp, "", "beyond the 5s leeway")
	add("nbf in the future", rs256(k, header(), claims("nbf", corpusNow+6)), nbf, "", "")
	add("iat in the future", rs256(k, header(), claims("iat", corpusNow+6)), iat, "", "")
	add("o is a string", rs256(k, header(), claims("o", "org_123")), cl, "", "nested o of the wrong type")
	add("o is an array", rs256(k, header(), claims("o", []string{"org_123"})), cl, "", "")
	add("o.id is a number", rs256(k, header(), claims("o", map[string]any{"id": 123, "rol": "admin"})), cl, "", "")
	add("o.rol is an array", rs256(k, header(), claims("o", map[string]any{"id": "org_123", "rol": []string{"admin"}})), cl, "", "")
	add("o.per is an object", rs256(k, header(), claims("o", map[string]any{"id": "org_123", "rol": "admin", "per": map[string]any{"read": true}})), cl, "", "")
	add("o.fpm is a number", rs256(k, header(), claims("o", map[string]any{"id": "org_123", "rol": "admin", "per": "read", "fpm": 3})), cl, "", "")
	add("v is a string", rs256(k, header(), claims("v", "2")), cl, "", "")
	add("fva is a string", rs256(k, header(), claims("fva", "0,-1")), cl, "", "")
	add("fea is a number", rs256(k, header(), claims("fea", 1)), cl, "", "")
	add("sts is a number", rs256(k, header(), claims("sts", 1)), cl, "", "")
	add("act is a string", rs256(k, header(), claims("act", "user_admin")), cl, "", "")
	return entries, files
}

// zeroReader makes PSS salts deterministic.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// render returns the manifest's bytes.
func render(entries []entry) []byte {
	var buf bytes.Buffer
	for _, e := range entries {
		buf.WriteString(jsonOf(e))
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

// TestCorpus regenerates the corpus and compares it with the committed
// files, or writes them under -update.
func TestCorpus(t *testing.T) {
	g := &gen{key: loadKey(t, "key.pem"), attacker: loadKey(t, "attacker-key.pem")}
	entries, files := g.corpus()
	files[manifestFile] = string(render(entries))
	names := map[string]bool{}
	for _, e := range entries {
		if names[e.Name] {
			t.Errorf("duplicate name %q", e.Name)
		}
		names[e.Name] = true
	}
	for name, want := range files {
		if *update {
			if err := os.WriteFile(name, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(name)
		if err != nil || string(got) != want {
			t.Errorf("%s is not what the generator makes (err %v); run go test ./testdata/adversarial -update", name, err)
		}
	}
	t.Logf("%d tokens", len(entries))
}
