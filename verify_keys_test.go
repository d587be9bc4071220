package clerk

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func jwkOf(kid string, pub *rsa.PublicKey) map[string]any {
	return map[string]any{"kty": "RSA", "use": "sig", "alg": "RS256", "kid": kid,
		"n": b64(pub.N.Bytes()), "e": b64(big.NewInt(int64(pub.E)).Bytes())}
}

// jwksServer serves a JWKS under /v1/jwks and counts requests.
type jwksServer struct {
	*httptest.Server
	mu    sync.Mutex
	keys  []map[string]any
	fail  bool
	count atomic.Int64
}

func newJWKSServer(t *testing.T, keys ...map[string]any) *jwksServer {
	s := &jwksServer{keys: keys}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/jwks", func(w http.ResponseWriter, r *http.Request) {
		s.count.Add(1)
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.fail {
			http.Error(w, `{"errors":[{"code":"internal"}]}`, http.StatusInternalServerError)
			return
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": s.keys})
	})
	s.Server = httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) set(fail bool, keys ...map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = fail
	if keys != nil {
		s.keys = keys
	}
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func tokenAt(t *testing.T, key *rsa.PrivateKey, kid string, now time.Time) string {
	return mint(t, key, with(baseHeader(), "kid", kid), with(baseClaims(), "iat", now.Unix(), "nbf", now.Unix()-10, "exp", now.Unix()+60))
}

// clockedJWKSVerifier is a verifier for the JWKS at url, on a settable
// clock starting at testNow, without a token cache (so every Verify looks
// its key up).
func clockedJWKSVerifier(t *testing.T, url string, hc *http.Client) (*Verifier, *clock) {
	t.Helper()
	clk := &clock{t: testNow}
	v, err := NewVerifier(WithJWKSURL(url, hc), WithClock(clk.now), WithTokenCacheSize(0))
	if err != nil {
		t.Fatal(err)
	}
	return v, clk
}

// wait blocks until the key set has no fetch under way.
func (ks *keySet) wait() {
	ks.mu.Lock()
	call := ks.inflight
	ks.mu.Unlock()
	if call != nil {
		<-call.done
	}
}

func TestKeySetRotationOutageFlood(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	srv := newJWKSServer(t, jwkOf("kid_a", &a.PublicKey))
	v, clk := clockedJWKSVerifier(t, srv.URL+"/v1/jwks", srv.Client())
	ctx := context.Background()
	verify := func(key *rsa.PrivateKey, kid string) error {
		_, err := v.Verify(ctx, tokenAt(t, key, kid, clk.now()))
		return err
	}
	step := func(name string, err error, want error, wantFetches int64) {
		t.Helper()
		v.keys.wait() // a refresh of known keys runs in the background
		if !errors.Is(err, want) && !(want == nil && err == nil) {
			t.Errorf("%s: err = %v, want %v", name, err, want)
		}
		if got := srv.count.Load(); got != wantFetches {
			t.Errorf("%s: fetches = %d, want %d", name, got, wantFetches)
		}
	}
	step("first verify fetches once", verify(a, "kid_a"), nil, 1)
	step("known kid: no fetch", verify(a, "kid_a"), nil, 1)

	// Flood: many random kids inside the gap cause no fetch at all.
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := verify(a, fmt.Sprintf("random_%d", i)); !errors.Is(err, ErrUnknownKey) {
				t.Errorf("random kid: %v", err)
			}
		}()
	}
	wg.Wait()
	step("flood within gap", nil, nil, 1)

	// Rotation: a new kid after the gap costs exactly one fetch, shared by
	// concurrent callers.
	srv.set(false, jwkOf("kid_a", &a.PublicKey), jwkOf("kid_b", &b.PublicKey))
	clk.add(31 * time.Second)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := verify(b, "kid_b"); err != nil {
				t.Errorf("rotated kid: %v", err)
			}
		}()
	}
	wg.Wait()
	step("rotation", nil, nil, 2)

	// Outage: after the TTL the refetch fails, and the last good keys still
	// verify (the first of them starts the refetch).
	srv.set(true)
	clk.add(6 * time.Minute)
	step("outage keeps keys", verify(a, "kid_a"), nil, 3)
	step("outage within gap: no fetch", verify(b, "kid_b"), nil, 3)
	clk.add(31 * time.Second)
	step("unknown kid during outage", verify(a, "kid_zzz"), ErrKeySetUnavailable, 4)

	// Recovery.
	srv.set(false)
	clk.add(31 * time.Second)
	step("recovery", verify(a, "kid_a"), nil, 5)
}

// TestKeySetStaleKeysDoNotWait: once the keys are past their TTL, a token
// with a known kid verifies at once while the refresh it started hangs, and
// the other tokens arriving meanwhile start no second fetch.
func TestKeySetStaleKeysDoNotWait(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	var fetches atomic.Int64
	hang := make(chan struct{})
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fetches.Add(1) > 1 {
			close(hang)
			<-release
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []any{jwkOf("kid_a", &a.PublicKey)}})
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	v, clk := clockedJWKSVerifier(t, srv.URL, srv.Client())
	ctx := context.Background()
	if _, err := v.Verify(ctx, tokenAt(t, a, "kid_a", clk.now())); err != nil {
		t.Fatal(err)
	}
	clk.add(defaultJWKSTTL + time.Second)
	// Each caller's context is already done: a caller that waited for the
	// hanging refresh would fail with ErrKeySetUnavailable.
	done, cancel := context.WithCancel(ctx)
	cancel()
	for i := range 20 {
		if _, err := v.Verify(done, tokenAt(t, a, "kid_a", clk.now())); err != nil {
			t.Fatalf("verify %d with stale keys: %v", i, err)
		}
	}
	select { // the refresh did start
	case <-hang:
	case <-time.After(10 * time.Second):
		t.Fatal("stale keys started no refresh")
	}
	if got := fetches.Load(); got != 2 {
		t.Errorf("fetches = %d, want 2 (the first and one refresh)", got)
	}
}

// TestKeySetRemovedKeyStopsVerifying: a key dropped from the JWKS verifies
// only until the background refresh that its first use past the TTL starts
// has answered; then its tokens fail with ErrUnknownKey.
func TestKeySetRemovedKeyStopsVerifying(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	srv := newJWKSServer(t, jwkOf("kid_a", &a.PublicKey))
	v, clk := clockedJWKSVerifier(t, srv.URL+"/v1/jwks", srv.Client())
	ctx := context.Background()
	if _, err := v.Verify(ctx, tokenAt(t, a, "kid_a", clk.now())); err != nil {
		t.Fatal(err)
	}
	srv.set(false, jwkOf("kid_b", &b.PublicKey)) // kid_a is retired
	clk.add(defaultJWKSTTL)
	if _, err := v.Verify(ctx, tokenAt(t, a, "kid_a", clk.now())); err != nil {
		t.Fatalf("stale key before the refresh answered: %v", err)
	}
	v.keys.wait()
	if _, err := v.Verify(ctx, tokenAt(t, a, "kid_a", clk.now())); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("retired key after the refresh: err = %v, want ErrUnknownKey", err)
	}
	if _, err := v.Verify(ctx, tokenAt(t, b, "kid_b", clk.now())); err != nil {
		t.Errorf("new key after the refresh: %v", err)
	}
	if got := srv.count.Load(); got != 2 {
		t.Errorf("fetches = %d, want 2", got)
	}
}

// TestKeySetFailedFirstFetch: when the very first fetch fails there are no
// keys to fall back on, so the next try comes after a second, not after the
// full refresh gap; within that second no token causes another fetch.
func TestKeySetFailedFirstFetch(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	srv := newJWKSServer(t, jwkOf("kid_a", &a.PublicKey))
	srv.set(true)
	v, clk := clockedJWKSVerifier(t, srv.URL+"/v1/jwks", srv.Client())
	ctx := context.Background()
	verify := func() error { _, err := v.Verify(ctx, tokenAt(t, a, "kid_a", clk.now())); return err }
	if err := verify(); !errors.Is(err, ErrKeySetUnavailable) {
		t.Fatalf("first fetch failing: err = %v, want ErrKeySetUnavailable", err)
	}
	srv.set(false)
	clk.add(coldRefreshGap / 2)
	if err := verify(); !errors.Is(err, ErrKeySetUnavailable) {
		t.Errorf("inside the cold gap: err = %v, want the last failure", err)
	}
	if got := srv.count.Load(); got != 1 {
		t.Errorf("fetches inside the cold gap = %d, want 1", got)
	}
	clk.add(coldRefreshGap / 2)
	if err := verify(); err != nil {
		t.Errorf("after the cold gap: %v", err)
	}
	if got := srv.count.Load(); got != 2 {
		t.Errorf("fetches = %d, want 2", got)
	}
}

func TestKeySetCrossInstanceIsolation(t *testing.T) {
	t.Parallel()
	a, b := testKeyA(), testKeyB()
	// Both instances use the same kid (a kid is not a scope).
	srvA := newJWKSServer(t, jwkOf("ins_same", &a.PublicKey))
	srvB := newJWKSServer(t, jwkOf("ins_same", &b.PublicKey))
	vA, _ := NewVerifier(WithJWKSURL(srvA.URL+"/v1/jwks", srvA.Client()), WithClock(fixedClock(testNow)))
	vB, _ := NewVerifier(WithJWKSURL(srvB.URL+"/v1/jwks", srvB.Client()), WithClock(fixedClock(testNow)))
	tokB := tokenAt(t, b, "ins_same", testNow)
	if _, err := vB.Verify(context.Background(), tokB); err != nil {
		t.Fatalf("B verifies its own token: %v", err)
	}
	if _, err := vA.Verify(context.Background(), tokB); !errors.Is(err, ErrInvalidSignature) {
		t.Fatalf("A verified B's token: %v", err)
	}
}

func TestJWKSFromClient(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	srv := newJWKSServer(t, jwkOf("kid_a", &a.PublicKey), map[string]any{"kty": "EC", "kid": "ec"}, jwkOf("kid_small", &genKey(1024).PublicKey))
	c, err := NewClient(testKey, WithBaseURL(srv.URL+"/v1"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := NewVerifier(WithJWKSFromClient(c), WithClock(fixedClock(testNow)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(context.Background(), tokenAt(t, a, "kid_a", testNow)); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if _, err := v.Verify(context.Background(), tokenAt(t, a, "kid_small", testNow)); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("1024-bit key was usable: %v", err)
	}
}

func TestJWKSFromClientRefusedKey(t *testing.T) {
	t.Parallel()
	srv := newServer(t, jsonHandler(http.StatusUnauthorized,
		`{"errors":[{"code":"authentication_invalid","message":"unauthorized","long_message":"bad key"}]}`))
	c, _ := newTestClient(t, srv)
	v, err := NewVerifier(WithJWKSFromClient(c), WithClock(fixedClock(testNow)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = v.Verify(context.Background(), tokenAt(t, testKeyA(), "kid_a", testNow))
	var apiErr *APIError
	if !errors.Is(err, ErrKeySetUnavailable) || ReasonOf(err) != "secret-key-invalid" || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v (reason %q)", err, ReasonOf(err))
	}
	if got := srv.requests(); len(got) != 1 || got[0].Path != "/v1/jwks" || got[0].Headers.Get("Authorization") != "Bearer "+testKey {
		t.Errorf("requests = %+v", got)
	}
	assertNoSecret(t, "error", err.Error())
}

func TestJWKSResponseLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
	}{
		{"too large", `{"keys":[` + strings.Repeat(" ", maxJWKSBytes) + `]}`},
		{"no usable keys", `{"keys":[{"kty":"oct","kid":"x","k":"c2VjcmV0"}]}`},
		{"not json", `<html>502</html>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte(tt.body)) }))
			defer srv.Close()
			v, _ := NewVerifier(WithJWKSURL(srv.URL, srv.Client()), WithClock(fixedClock(testNow)))
			_, err := v.Verify(context.Background(), tokenAt(t, testKeyA(), "kid_a", testNow))
			if !errors.Is(err, ErrKeySetUnavailable) || ReasonOf(err) != "jwk-remote-failed-to-load" {
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestParsePEMKey(t *testing.T) {
	t.Parallel()
	pub := &testKeyA().PublicKey
	spki := pemOf(t, pub)
	body := strings.Join(strings.Split(strings.TrimSpace(spki), "\n")[1:len(strings.Split(strings.TrimSpace(spki), "\n"))-1], "")
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(pub)}))
	k3072 := genKey(3072)
	k1024 := genKey(1024)
	tests := []struct {
		name    string
		in      string
		want    *rsa.PublicKey
		wantErr bool
	}{
		{"SPKI PEM", spki, pub, false},
		{"CRLF", strings.ReplaceAll(spki, "\n", "\r\n"), pub, false},
		{`\n escaped`, strings.ReplaceAll(spki, "\n", `\n`), pub, false},
		{"one line", "-----BEGIN PUBLIC KEY-----" + body + "-----END PUBLIC KEY-----", pub, false},
		{"bare body", body, pub, false},
		{"PKCS1", pkcs1, pub, false},
		{"3072 bits", pemOf(t, &k3072.PublicKey), &k3072.PublicKey, false},
		{"1024 bits", pemOf(t, &k1024.PublicKey), nil, true},
		{"private key type", strings.ReplaceAll(spki, "PUBLIC KEY", "PRIVATE KEY"), nil, true},
		{"garbage", "hello", nil, true},
		{"empty", "", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := parsePEMKey(tt.in)
			if tt.wantErr {
				if !errors.Is(err, ErrInvalidKey) {
					t.Fatalf("err = %v, want ErrInvalidKey", err)
				}
				if len(body) > 20 && strings.Contains(err.Error(), body[:20]) {
					t.Error("error contains key material")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want.N.String(), got.N.String()); diff != "" {
				t.Errorf("modulus (-want +got):\n%s", diff)
			}
		})
	}
}
