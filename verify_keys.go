package clerk

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Key-set defaults.
const (
	// defaultJWKSTTL is how long fetched keys are trusted without a refetch;
	// the same 5 minutes as @clerk/backend. It is counted from the fetch and
	// never extended by use.
	defaultJWKSTTL = 5 * time.Minute
	// defaultRefreshGap is the minimum time between two JWKS fetches, so a
	// flood of tokens with random `kid`s costs at most one fetch per gap.
	defaultRefreshGap = 30 * time.Second
	// coldRefreshGap replaces the gap while no fetch has ever succeeded:
	// with no keys to fall back on, every token fails until one does, so a
	// failed first fetch (a deploy during a network blip) is retried after
	// a second, not after the full gap. It still bounds a flood.
	coldRefreshGap = time.Second
	// jwksFetchTimeout bounds one JWKS fetch, whoever is waiting for it.
	jwksFetchTimeout = 10 * time.Second
	// maxJWKSBytes caps the JWKS response body.
	maxJWKSBytes = 256 << 10
	minRSABits   = 2048
	maxRSABits   = 8192
)

// parsePEMKey parses an RSA public key given as PEM ("PUBLIC KEY" SPKI or
// "RSA PUBLIC KEY" PKCS #1), as PEM squeezed onto one line, as PEM whose
// newlines are the two characters `\n` (a common way to put it in an
// environment variable), or as the bare base64 body. Any RSA size from 2048
// to 8192 bits is accepted.
func parsePEMKey(s string) (*rsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("%w: empty PEM key", ErrInvalidKey)
	}
	if strings.Contains(s, `\n`) {
		s = strings.ReplaceAll(s, `\r`, "")
		s = strings.ReplaceAll(s, `\n`, "\n")
	}
	var der []byte
	typ := "PUBLIC KEY"
	if block, _ := pem.Decode([]byte(s)); block != nil {
		der, typ = block.Bytes, block.Type
	} else {
		body := s
		if rest, ok := strings.CutPrefix(body, "-----BEGIN "); ok {
			t, after, found := strings.Cut(rest, "-----")
			if !found {
				return nil, fmt.Errorf("%w: malformed PEM armor", ErrInvalidKey)
			}
			b, _, found := strings.Cut(after, "-----END ")
			if !found {
				return nil, fmt.Errorf("%w: malformed PEM armor", ErrInvalidKey)
			}
			typ, body = t, b
		}
		body = strings.Map(func(r rune) rune {
			switch r {
			case ' ', '\t', '\r', '\n':
				return -1
			}
			return r
		}, body)
		var err error
		if der, err = base64.StdEncoding.DecodeString(body); err != nil {
			return nil, fmt.Errorf("%w: PEM body is not base64", ErrInvalidKey)
		}
	}
	var pub any
	var err error
	switch typ {
	case "PUBLIC KEY":
		pub, err = x509.ParsePKIXPublicKey(der)
	case "RSA PUBLIC KEY":
		pub, err = x509.ParsePKCS1PublicKey(der)
	default:
		return nil, fmt.Errorf("%w: PEM block is not a public key", ErrInvalidKey)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidKey, err)
	}
	rk, ok := pub.(*rsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: not an RSA public key (session tokens are RS256)", ErrInvalidKey)
	}
	if err := checkRSAKey(rk); err != nil {
		return nil, err
	}
	return rk, nil
}

func checkRSAKey(k *rsa.PublicKey) error {
	if bits := k.N.BitLen(); bits < minRSABits || bits > maxRSABits {
		return fmt.Errorf("%w: RSA key of %d bits (want %d to %d)", ErrInvalidKey, bits, minRSABits, maxRSABits)
	}
	if k.E < 3 || k.E&1 == 0 {
		return fmt.Errorf("%w: bad RSA public exponent", ErrInvalidKey)
	}
	return nil
}

// jwk is the part of a JSON Web Key we read.
type jwk struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Use string `json:"use"`
	Alg string `json:"alg"`
	N   string `json:"n"`
	E   string `json:"e"`
}

// parseJWKS returns the usable RS256 keys of a JWKS document by kid. Keys of
// another type or algorithm, keys not for signatures and malformed keys are
// skipped; a document with no usable key is an error.
func parseJWKS(body []byte) (map[string]*rsa.PublicKey, error) {
	var doc struct {
		Keys []jwk `json:"keys"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("clerk: JWKS is not valid JSON: %w", err)
	}
	keys := make(map[string]*rsa.PublicKey, len(doc.Keys))
	for _, k := range doc.Keys {
		if k.Kty != "RSA" || k.Kid == "" || (k.Alg != "" && k.Alg != "RS256") || (k.Use != "" && k.Use != "sig") {
			continue
		}
		if _, dup := keys[k.Kid]; dup {
			continue
		}
		n, err1 := decodeB64Int(k.N)
		e, err2 := decodeB64Int(k.E)
		if err1 != nil || err2 != nil || !e.IsInt64() || e.Int64() > 1<<31-1 {
			continue
		}
		pub := &rsa.PublicKey{N: n, E: int(e.Int64())}
		if checkRSAKey(pub) != nil {
			continue
		}
		keys[k.Kid] = pub
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: the JWKS has no usable RS256 signing key", ErrInvalidKey)
	}
	return keys, nil
}

func decodeB64Int(s string) (*big.Int, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(s, "="))
	if err != nil || len(b) == 0 {
		return nil, errors.New("bad base64url integer")
	}
	return new(big.Int).SetBytes(b), nil
}

// readLimited reads at most limit bytes and fails on a longer body.
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("clerk: JWKS response larger than %d bytes", limit)
	}
	return b, nil
}

// jwksFromClient fetches GET /v1/jwks through the SDK client, which adds
// the secret key, retries and *APIError mapping.
func jwksFromClient(c *Client) func(context.Context) ([]byte, error) {
	return func(ctx context.Context) ([]byte, error) {
		// The cap applies while the transport reads the body, not after.
		resp, err := c.api.GetJWKS(withBodyLimit(ctx, maxJWKSBytes))
		if err != nil {
			return nil, fmt.Errorf("clerk: fetching JWKS: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("clerk: fetching JWKS: HTTP status %d", resp.StatusCode)
		}
		return readLimited(resp.Body, maxJWKSBytes)
	}
}

// jwksFromURL fetches a JWKS document with plain net/http, through a copy of
// hc that follows no redirect: a JWKS URL that redirects is refused with its
// status, rather than letting another host supply the keys.
func jwksFromURL(url string, hc *http.Client) func(context.Context) ([]byte, error) {
	noRedirect := *hc
	noRedirect.CheckRedirect = refuseRedirect
	hc = &noRedirect
	return func(ctx context.Context) ([]byte, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, fmt.Errorf("clerk: JWKS request: %w", err)
		}
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return nil, fmt.Errorf("clerk: fetching JWKS: %w", err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
			return nil, fmt.Errorf("clerk: fetching JWKS: HTTP status %d", resp.StatusCode)
		}
		return readLimited(resp.Body, maxJWKSBytes)
	}
}

// keySet is one verifier's JWKS cache. It is never shared between
// verifiers, so keys of one instance cannot verify another's tokens.
//
//   - Keys are trusted for ttl from the fetch that brought them (no sliding).
//   - A known kid whose keys are past ttl is still answered at once, and
//     starts a refresh in the background: no request waits for the refresh
//     of a key it already has, even when the JWKS endpoint hangs.
//   - An unknown kid starts a refresh; concurrent callers wait for the same
//     fetch, each until its own context ends.
//   - Two fetches are at least gap apart (a second while none has ever
//     succeeded); in between, callers get what the last good fetch returned
//     (ErrUnknownKey for a kid it lacks).
//   - A failed fetch keeps the last good keys.
type keySet struct {
	fetch   func(context.Context) ([]byte, error)
	now     func() time.Time
	ttl     time.Duration
	gap     time.Duration
	timeout time.Duration

	cur atomic.Pointer[keySnapshot]

	mu          sync.Mutex
	lastAttempt time.Time
	lastErr     error
	inflight    *fetchCall
	fetches     atomic.Int64 // for tests
}

type keySnapshot struct {
	keys      map[string]*rsa.PublicKey
	fetchedAt time.Time
}

type fetchCall struct {
	done chan struct{}
	err  error
}

// lookup returns the key for kid.
func (ks *keySet) lookup(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	if snap := ks.cur.Load(); snap != nil {
		if k, ok := snap.keys[kid]; ok {
			if ks.now().Sub(snap.fetchedAt) >= ks.ttl {
				ks.mu.Lock()
				if ks.inflight == nil {
					ks.startLocked(ctx)
				}
				ks.mu.Unlock()
			}
			return k, nil
		}
	}
	return ks.slow(ctx, kid)
}

// slow handles a kid the current keys lack: it waits for a fetch, or
// answers from the last one when the gap forbids another.
func (ks *keySet) slow(ctx context.Context, kid string) (*rsa.PublicKey, error) {
	ks.mu.Lock()
	if snap := ks.cur.Load(); snap != nil {
		if k, ok := snap.keys[kid]; ok { // a fetch that just ended brought it
			ks.mu.Unlock()
			return k, nil
		}
	}
	call := ks.inflight
	if call == nil {
		if call = ks.startLocked(ctx); call == nil {
			lastErr := ks.lastErr
			ks.mu.Unlock()
			return ks.answer(kid, lastErr)
		}
	}
	ks.mu.Unlock()
	select {
	case <-call.done:
	case <-ctx.Done():
		return nil, &TokenError{Reason: reasonJWKRemoteFailedToLoad, kind: ErrKeySetUnavailable, cause: ctx.Err()}
	}
	return ks.answer(kid, call.err)
}

// startLocked starts a fetch and returns it, or returns nil when the last
// one began less than gap ago. ks.mu is held and no fetch is under way.
// The fetch outlives ctx's cancellation (other callers may wait for it) but
// is bounded by ks.timeout.
func (ks *keySet) startLocked(ctx context.Context) *fetchCall {
	now := ks.now()
	gap := ks.gap
	if ks.cur.Load() == nil {
		gap = min(gap, coldRefreshGap)
	}
	if !ks.lastAttempt.IsZero() && now.Sub(ks.lastAttempt) < gap {
		return nil
	}
	ks.lastAttempt = now
	call := &fetchCall{done: make(chan struct{})}
	ks.inflight = call
	go ks.run(context.WithoutCancel(ctx), call)
	return call
}

// answer looks kid up in the newest keys, stale or not.
func (ks *keySet) answer(kid string, fetchErr error) (*rsa.PublicKey, error) {
	if snap := ks.cur.Load(); snap != nil {
		if k, ok := snap.keys[kid]; ok {
			return k, nil
		}
	}
	if fetchErr != nil {
		reason := reasonJWKRemoteFailedToLoad
		var apiErr *APIError
		if errors.As(fetchErr, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized {
			reason = reasonSecretKeyInvalid // Clerk refused the secret key itself
		}
		return nil, &TokenError{Reason: reason, kind: ErrKeySetUnavailable, cause: fetchErr}
	}
	return nil, tokenErr(ErrUnknownKey, reasonJWKKidMismatch, "")
}

func (ks *keySet) run(ctx context.Context, call *fetchCall) {
	ctx, cancel := context.WithTimeout(ctx, ks.timeout)
	defer cancel()
	ks.fetches.Add(1)
	body, err := ks.fetch(ctx)
	var keys map[string]*rsa.PublicKey
	if err == nil {
		keys, err = parseJWKS(body)
	}
	ks.mu.Lock()
	if err == nil {
		ks.cur.Store(&keySnapshot{keys: keys, fetchedAt: ks.now()})
	}
	ks.lastErr = err
	call.err = err
	ks.inflight = nil
	ks.mu.Unlock()
	close(call.done)
}
