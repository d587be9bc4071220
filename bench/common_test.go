package bench

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"math/big"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// The token every verifier must accept: an RS256 Clerk v2 session token
// like the one of the notes' benchmark, valid at testNow.
const (
	testSecret = "sk_test_benchBenchBench0123456789"
	testKid    = "ins_2RfWKJREkjKbHZy0Wqa5qrHeAnb"
	testIssuer = "https://clean-mayfly-12.clerk.accounts.dev"
	testAzp    = "http://localhost:3000"
	// benchTokens distinct tokens are pre-minted; the uncached benchmarks
	// take a new one on every iteration.
	benchTokens = 512
	// missingCache is the token-cache size of our "uncached" verifiers:
	// cycling through benchTokens tokens, an LRU of half that size misses
	// on every lookup and evicts on every insert, a busy server's steady
	// state, with one long-lived verifier.
	missingCache = benchTokens / 2
)

// testNow is the fixed clock of every verifier: the tokens' iat.
var testNow = time.Unix(1700000000, 0)

// fixedClock is a clerk.Clock (official SDK) at testNow.
type fixedClock struct{}

func (fixedClock) Now() time.Time { return testNow }

// signingKey is generated once per test binary.
var signingKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

// publicPEM is the PEM of signingKey's public key, as Clerk shows it
// (CLERK_JWT_KEY).
func publicPEM() string {
	der, err := x509.MarshalPKIXPublicKey(&signingKey().PublicKey)
	if err != nil {
		panic(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

// jwksJSON is a BAPI GET /v1/jwks body holding signingKey under testKid.
func jwksJSON() []byte {
	pub := &signingKey().PublicKey
	b, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": testKid,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
	return b
}

func b64(b []byte) string { return base64.RawURLEncoding.EncodeToString(b) }

// claims returns the payload of a v2 session token; jti makes it unique.
func claims(jti string) map[string]any {
	return map[string]any{
		"azp": testAzp,
		"iss": testIssuer,
		"sid": "sess_2Ro7e2IxrffdqBboq8KfB6eGbIy",
		"sub": "user_2RfWKJREkjKbHZy0Wqa5qrHeAnb",
		"iat": testNow.Unix(),
		"nbf": testNow.Unix() - 10,
		"exp": testNow.Unix() + 60,
		"v":   2,
		"fea": "o:dashboard,u:analytics",
		"pla": "u:free_user,o:free_org",
		"o":   map[string]any{"id": "org_123", "rol": "admin", "slg": "acme", "per": "read,manage", "fpm": "3"},
		"fva": []int{0, -1},
		"sts": "active",
		"jti": jti,
	}
}

// mint signs header and payload with signingKey (RS256).
func mint(header, payload any) string {
	hj, err := json.Marshal(header)
	if err != nil {
		panic(err)
	}
	pj, err := json.Marshal(payload)
	if err != nil {
		panic(err)
	}
	in := b64(hj) + "." + b64(pj)
	d := sha256.Sum256([]byte(in))
	sig, err := rsa.SignPKCS1v15(nil, signingKey(), crypto.SHA256, d[:])
	if err != nil {
		panic(err)
	}
	return in + "." + b64(sig)
}

// tokens are benchTokens distinct valid tokens, minted once per binary so
// that every benchmark and every -count round verifies the same ones.
var tokens = sync.OnceValue(func() []string {
	toks := make([]string, benchTokens)
	for i := range toks {
		toks[i] = mint(map[string]any{"alg": "RS256", "typ": "JWT", "kid": testKid}, claims(fmt.Sprintf("jti_%016d", i)))
	}
	return toks
})

// userFixture is the user of the root package's tests, as BAPI returns it.
var userFixture = sync.OnceValue(func() []byte {
	b, err := os.ReadFile("../testdata/users/user.json")
	if err != nil {
		panic(err)
	}
	return b
})

// fixtureUserID is the ID in userFixture.
const fixtureUserID = "user_2xK7bQ9mVnR4tY8wZ1aB3cD5eF6"

// userTemplate splits the fixture, compacted, around its quoted ID so that
// handlers can write users with other IDs cheaply.
func userTemplate(tb testing.TB) (before, after []byte) {
	tb.Helper()
	var v any
	if err := json.Unmarshal(userFixture(), &v); err != nil {
		tb.Fatal(err)
	}
	compact, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	s := string(compact)
	i := strings.Index(s, `"`+fixtureUserID+`"`)
	if i < 0 || strings.Count(s, fixtureUserID) != 1 {
		tb.Fatal("the fixture must hold its ID once")
	}
	return []byte(s[:i]), []byte(s[i+len(fixtureUserID)+2:])
}

// userID is the ID of the i-th generated user; IDs sort by index.
func userID(i int) string { return fmt.Sprintf("user_%07d", i) }

// appendUsers appends a JSON array of the users with indexes [from, to).
func appendUsers(dst, before, after []byte, from, to int) []byte {
	dst = append(dst, '[')
	for i := from; i < to; i++ {
		if i > from {
			dst = append(dst, ',')
		}
		dst = append(dst, before...)
		dst = append(dst, '"')
		dst = append(dst, userID(i)...)
		dst = append(dst, '"')
		dst = append(dst, after...)
	}
	return append(dst, ']')
}

// newHTTPClient is a client with a private connection pool, so that the
// two SDKs never share connections.
func newHTTPClient(tb testing.TB) *http.Client {
	tr := &http.Transport{MaxIdleConnsPerHost: 16}
	tb.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// discardWriter is an http.ResponseWriter that keeps only the status.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(s int)           { d.status = s }
