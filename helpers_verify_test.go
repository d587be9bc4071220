package clerk

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"sync"
	"testing"
	"time"
)

// Test keys are generated once per test binary.
var (
	testKeyA = sync.OnceValue(func() *rsa.PrivateKey { return genKey(2048) })
	testKeyB = sync.OnceValue(func() *rsa.PrivateKey { return genKey(2048) })
)

func genKey(bits int) *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		panic(err) // test helper only
	}
	return k
}

func pemOf(t testing.TB, pub *rsa.PublicKey) string {
	t.Helper()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// testNow is the fixed clock of the tests: iat of baseClaims.
var testNow = time.Unix(1700000000, 0)

const (
	testKid    = "ins_2RfWKJREkjKbHZy0Wqa5qrHeAnb"
	testIssuer = "https://clean-mayfly-12.clerk.accounts.dev"
	testAzp    = "http://localhost:3000"
)

// baseClaims is a v2 session token's payload like the notes' oracle one.
func baseClaims() map[string]any {
	return map[string]any{
		"azp": testAzp,
		"iss": testIssuer,
		"sid": "sess_2Ro7e2IxrffdqBboq8KfB6eGbIy",
		"sub": "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb",
		"iat": 1700000000,
		"nbf": 1699999990,
		"exp": 1700000060,
		"v":   2,
		"fea": "o:dashboard,u:analytics",
		"pla": "u:free_user,o:free_org",
		"o":   map[string]any{"id": "org_123", "rol": "admin", "slg": "acme", "per": "read,manage", "fpm": "3"},
		"fva": []int{0, -1},
		"sts": "active",
		"jti": "d8b2e8a1c0f4a9b7e6d5",
	}
}

func baseHeader() map[string]any {
	return map[string]any{"alg": "RS256", "typ": "JWT", "kid": testKid}
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// mint signs header and claims with key (RS256). Entries set to nil in
// the maps are removed.
func mint(t testing.TB, key *rsa.PrivateKey, header, claims map[string]any) string {
	t.Helper()
	for k, v := range header {
		if v == nil {
			delete(header, k)
		}
	}
	for k, v := range claims {
		if v == nil {
			delete(claims, k)
		}
	}
	hj, err := json.Marshal(header)
	if err != nil {
		t.Fatal(err)
	}
	cj, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	return mintRaw(t, key, string(hj), string(cj))
}

func mintRaw(t testing.TB, key *rsa.PrivateKey, headerJSON, payloadJSON string) string {
	t.Helper()
	in := b64([]byte(headerJSON)) + "." + b64([]byte(payloadJSON))
	d := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, d[:])
	if err != nil {
		t.Fatal(err)
	}
	return in + "." + b64(sig)
}

func with(m map[string]any, kv ...any) map[string]any {
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	return m
}

func fixedClock(ts time.Time) func() time.Time { return func() time.Time { return ts } }

func newPEMVerifier(t testing.TB, opts ...VerifierOption) *Verifier {
	t.Helper()
	v, err := NewVerifier(append([]VerifierOption{WithJWTKey(pemOf(t, &testKeyA().PublicKey)), WithClock(fixedClock(testNow))}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
