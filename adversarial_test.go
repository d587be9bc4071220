package clerk

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The corpus of hostile tokens lives in testdata/adversarial; its
// generator, gen_test.go there, documents the manifest and the keys.
const (
	corpusDir    = "testdata/adversarial"
	corpusKid    = "ins_adversarial_victim"
	corpusIssuer = "https://clean-mayfly-12.clerk.accounts.dev"
	corpusAzp    = "http://localhost:3000"
)

// corpusNow is the verifiers' clock: the valid token's iat.
var corpusNow = time.Unix(1700000000, 0)

// corpusEntry is one line of testdata/adversarial/manifest.jsonl, with
// File already read into Token.
type corpusEntry struct {
	Name     string `json:"name"`
	Token    string `json:"token"`
	File     string `json:"file"`
	Want     string `json:"want"`
	WantJWKS string `json:"want_jwks"`
	Note     string `json:"note"`
}

// corpusSentinels maps the manifest's names to the sentinels.
var corpusSentinels = map[string]error{
	"nil":                       nil,
	"ErrMalformedToken":         ErrMalformedToken,
	"ErrUnsupportedAlgorithm":   ErrUnsupportedAlgorithm,
	"ErrTokenTypeMismatch":      ErrTokenTypeMismatch,
	"ErrUnknownKey":             ErrUnknownKey,
	"ErrKeySetUnavailable":      ErrKeySetUnavailable,
	"ErrInvalidSignature":       ErrInvalidSignature,
	"ErrInvalidClaims":          ErrInvalidClaims,
	"ErrInvalidAuthorizedParty": ErrInvalidAuthorizedParty,
	"ErrInvalidIssuer":          ErrInvalidIssuer,
	"ErrTokenExpired":           ErrTokenExpired,
	"ErrTokenNotActiveYet":      ErrTokenNotActiveYet,
	"ErrTokenIssuedInFuture":    ErrTokenIssuedInFuture,
}

// loadCorpus reads the manifest and the files it names; it is read once
// per test binary.
var loadCorpus = sync.OnceValues(func() ([]corpusEntry, error) {
	f, err := os.Open(filepath.Join(corpusDir, "manifest.jsonl"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 4<<20)
	for sc.Scan() {
		var e corpusEntry
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&e); err != nil {
			return nil, err
		}
		if e.File != "" {
			b, err := os.ReadFile(filepath.Join(corpusDir, e.File))
			if err != nil {
				return nil, err
			}
			e.Token = string(b)
		}
		out = append(out, e)
	}
	return out, sc.Err()
})

func corpus(tb testing.TB) []corpusEntry {
	tb.Helper()
	entries, err := loadCorpus()
	if err != nil {
		tb.Fatalf("reading the adversarial corpus: %v", err)
	}
	return entries
}

// adversarialTokens returns the corpus' tokens no longer than maxLen
// bytes, as seeds for the fuzz targets that take a compact token.
func adversarialTokens(tb testing.TB, maxLen int) []string {
	var toks []string
	for _, e := range corpus(tb) {
		if len(e.Token) <= maxLen {
			toks = append(toks, e.Token)
		}
	}
	return toks
}

// adversarialPayloads returns the decoded payloads of the corpus' tokens
// that have one, as seeds for the fuzz targets that take claims JSON.
func adversarialPayloads(tb testing.TB) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range corpus(tb) {
		parts := strings.Split(e.Token, ".")
		if len(parts) != 3 || len(parts[1]) > maxTokenLen {
			continue
		}
		p, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil || seen[string(p)] {
			continue
		}
		seen[string(p)] = true
		out = append(out, string(p))
	}
	return out
}

// corpusPublicKey is the public half of testdata/adversarial/key.pem.
func corpusPublicKey(tb testing.TB) *rsa.PublicKey {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(corpusDir, "key.pem"))
	if err != nil {
		tb.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		tb.Fatal("key.pem: no PEM block")
	}
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	return &k.(*rsa.PrivateKey).PublicKey
}

// corpusOptions are the options of both corpus verifiers besides the key
// source: the instance's issuer and origin, and the corpus clock.
func corpusOptions() []VerifierOption {
	return []VerifierOption{WithIssuer(corpusIssuer), WithAuthorizedParties(corpusAzp), WithClock(fixedClock(corpusNow))}
}

// corpusJWKSServer serves the corpus key under corpusKid at /jwks.json and
// fails the test on any other request, so a verifier that followed a
// token's jku, x5u or kid would be caught.
func corpusJWKSServer(t *testing.T, pub *rsa.PublicKey) *httptest.Server {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"keys": []map[string]string{{
		"kty": "RSA", "use": "sig", "alg": "RS256", "kid": corpusKid,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes()),
	}}})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.RequestURI() != "/jwks.json" {
			t.Errorf("unexpected JWKS request %s %s", r.Method, r.URL.RequestURI())
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAdversarialCorpus verifies every token of the corpus with a verifier
// holding the corpus key as PEM, and with one taking it from a loopback
// JWKS, and checks the sentinel the manifest names. It also checks that
// errors never echo the token and always carry a Clerk reason code.
func TestAdversarialCorpus(t *testing.T) {
	t.Parallel()
	entries := corpus(t)
	if len(entries) < 40 {
		t.Fatalf("the corpus has %d tokens, want at least 40", len(entries))
	}
	pub := corpusPublicKey(t)
	pemVerifier, err := NewVerifier(append(corpusOptions(), WithJWTKey(pemOf(t, pub)))...)
	if err != nil {
		t.Fatal(err)
	}
	jwks := corpusJWKSServer(t, pub)
	for _, e := range entries {
		t.Run(e.Name, func(t *testing.T) {
			t.Parallel()
			wantJWKS := e.WantJWKS
			if wantJWKS == "" {
				wantJWKS = e.Want
			}
			// A fresh JWKS verifier per token, so that no refresh gap or
			// earlier fetch decides the outcome.
			jwksVerifier, err := NewVerifier(append(corpusOptions(), WithJWKSURL(jwks.URL+"/jwks.json", jwks.Client()))...)
			if err != nil {
				t.Fatal(err)
			}
			for _, mode := range []struct {
				name string
				v    *Verifier
				want string
			}{{"pem", pemVerifier, e.Want}, {"jwks", jwksVerifier, wantJWKS}} {
				want, known := corpusSentinels[mode.want]
				if !known {
					t.Fatalf("manifest names an unknown sentinel %q", mode.want)
				}
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
				c, err := mode.v.Verify(ctx, e.Token)
				cancel()
				if want == nil {
					if err != nil || c == nil {
						t.Errorf("%s: Verify = %v, want success", mode.name, err)
					}
					continue
				}
				if !errors.Is(err, want) {
					t.Errorf("%s: Verify error = %v, want %s", mode.name, err, mode.want)
					continue
				}
				if c != nil {
					t.Errorf("%s: claims returned with an error", mode.name)
				}
				if r := ReasonOf(err); r == "" || r == reasonUnexpectedError {
					t.Errorf("%s: reason %q", mode.name, r)
				}
				msg := err.Error()
				for _, part := range strings.Split(e.Token, ".") {
					if len(part) >= 16 && strings.Contains(msg, part) {
						t.Errorf("%s: the error echoes part of the token: %q", mode.name, msg)
					}
				}
			}
		})
	}
}

// FuzzVerifyCorpus runs the whole verifier on mutations of the corpus. It
// must never panic, must fail only with a *TokenError that carries a reason
// code, and may succeed only for a token the corpus marks valid: a mutation
// of a signed token can never be accepted.
func FuzzVerifyCorpus(f *testing.F) {
	valid := map[string]bool{}
	for _, e := range corpus(f) {
		if e.Want == "nil" {
			valid[e.Token] = true
		}
	}
	for _, tok := range adversarialTokens(f, 32<<10) {
		f.Add(tok)
	}
	v, err := NewVerifier(append(corpusOptions(), WithJWTKey(pemOf(f, corpusPublicKey(f))))...)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := v.Verify(context.Background(), tok)
		if err == nil {
			if c == nil || !valid[tok] {
				t.Fatalf("accepted a token the corpus does not hold as valid: %q", tok)
			}
			return
		}
		var te *TokenError
		if !errors.As(err, &te) || te.Reason == "" {
			t.Fatalf("error %T %v is not a *TokenError with a reason", err, err)
		}
	})
}

// TestAdversarialSeeds holds the seed helpers to what the fuzz targets
// need, and runs FuzzDecodeClaims' property over the corpus' payloads: the
// claims decoder accepts exactly the JSON objects encoding/json accepts
// (within the nesting bound).
func TestAdversarialSeeds(t *testing.T) {
	t.Parallel()
	if n := len(adversarialTokens(t, 32<<10)); n < 40 {
		t.Errorf("%d token seeds, want at least 40", n)
	}
	payloads := adversarialPayloads(t)
	if len(payloads) < 40 {
		t.Errorf("%d payload seeds, want at least 40", len(payloads))
	}
	for _, s := range payloads {
		var c SessionClaims
		var p claimProblems
		ok := decodeClaims(s, &c, &p)
		var obj map[string]json.RawMessage
		stdOK := json.Unmarshal([]byte(s), &obj) == nil && obj != nil
		if ok != stdOK && validNesting(s) {
			t.Errorf("decodeClaims = %v, encoding/json = %v for %.80q", ok, stdOK, s)
		}
	}
}
