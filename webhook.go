package clerk

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Webhook verification follows Svix, which delivers Clerk's webhooks: the
// headers svix-id, svix-timestamp and svix-signature; the signed content
// "<id>.<timestamp>.<raw body>"; HMAC-SHA256 keyed with the base64-decoded
// part of the "whsec_…" secret; "v1,<base64>" signatures separated by
// spaces, any one of which may match.

// Webhook verification defaults.
const (
	// DefaultWebhookTolerance is how far svix-timestamp may be from now, in
	// the past or the future: 5 minutes, as in the Svix libraries.
	DefaultWebhookTolerance = 5 * time.Minute
	// DefaultWebhookMaxBodySize is the largest webhook body read: 1 MiB.
	DefaultWebhookMaxBodySize = 1 << 20
)

// Sentinel errors of webhook verification. Test for them with errors.Is;
// the returned errors wrap them with a short detail. No message ever
// contains a secret, a signature or the body.
var (
	// ErrWebhookMissingHeaders reports a request without svix-id,
	// svix-timestamp or svix-signature, or with a timestamp that is not a
	// decimal number of seconds.
	ErrWebhookMissingHeaders = errors.New("clerk: webhook: missing or malformed svix headers")

	// ErrWebhookBadSignature reports that no v1 signature of svix-signature
	// matches the body under any of the secrets.
	ErrWebhookBadSignature = errors.New("clerk: webhook: no matching signature")

	// ErrWebhookStaleTimestamp reports a svix-timestamp more than the
	// tolerance before now (a possible replay).
	ErrWebhookStaleTimestamp = errors.New("clerk: webhook: timestamp too old")

	// ErrWebhookFutureTimestamp reports a svix-timestamp more than the
	// tolerance after now.
	ErrWebhookFutureTimestamp = errors.New("clerk: webhook: timestamp too new")

	// ErrWebhookInvalidSecret reports a signing secret that is not
	// "whsec_" followed by standard base64 (or bare base64), or is empty. It
	// is returned by NewWebhookVerifier and VerifyWebhook.
	ErrWebhookInvalidSecret = errors.New("clerk: webhook: invalid signing secret")

	// ErrWebhookBodyTooLarge reports a body longer than the configured
	// maximum (DefaultWebhookMaxBodySize unless WithWebhookMaxBodySize).
	ErrWebhookBodyTooLarge = errors.New("clerk: webhook: body too large")

	// ErrWebhookMalformed reports a correctly signed body that is not a
	// Clerk event: not a JSON object, or without a string "type".
	ErrWebhookMalformed = errors.New("clerk: webhook: malformed event")

	// ErrWebhookEventType reports a typed accessor (WebhookEvent.User, …)
	// called on an event of another type.
	ErrWebhookEventType = errors.New("clerk: webhook: accessor does not match the event type")
)

// Header names; svix also sends (and its libraries accept) the unbranded
// Standard Webhooks names, used when the svix ones are absent.
const (
	headerSvixID        = "Svix-Id"
	headerSvixTimestamp = "Svix-Timestamp"
	headerSvixSignature = "Svix-Signature"
	headerWebhookID     = "Webhook-Id"
	headerWebhookTS     = "Webhook-Timestamp"
	headerWebhookSig    = "Webhook-Signature"
	webhookSecretPrefix = "whsec_"
	maxWebhookSecretLen = 1024 // decoded; Svix secrets are 24 to 64 bytes
	maxWebhookTSLen     = 15   // seconds; year 33658 is enough
)

// WebhookVerifier verifies Clerk webhooks. Build it once with
// NewWebhookVerifier and share it: it is safe for concurrent use and holds
// its decoded secrets.
type WebhookVerifier struct {
	keys      []webhookKey
	tolerance int64 // seconds
	maxBody   int64
	now       func() time.Time
	onError   func(http.ResponseWriter, *http.Request, error)
}

// webhookKey is one decoded secret with a pool of keyed HMACs, so that a
// verification neither redoes the HMAC key schedule nor allocates.
type webhookKey struct {
	pool *sync.Pool // of *webhookMAC
}

type webhookMAC struct {
	h    hash.Hash
	head [128]byte // "<id>.<timestamp>." when it fits
}

func newWebhookKey(k []byte) webhookKey {
	return webhookKey{pool: &sync.Pool{New: func() any { return &webhookMAC{h: hmac.New(sha256.New, k)} }}}
}

// sum appends the v1 signature of id.ts.body to dst[:0].
func (k webhookKey) sum(dst []byte, id, ts string, body []byte) []byte {
	m := k.pool.Get().(*webhookMAC)
	m.h.Reset()
	m.h.Write(append(append(append(append(m.head[:0], id...), '.'), ts...), '.'))
	m.h.Write(body)
	out := m.h.Sum(dst[:0])
	k.pool.Put(m)
	return out
}

// WebhookOption configures NewWebhookVerifier and VerifyWebhook.
type WebhookOption func(*webhookConfig) error

type webhookConfig struct {
	secrets   []string
	tolerance time.Duration
	maxBody   int64
	now       func() time.Time
	onError   func(http.ResponseWriter, *http.Request, error)
}

// WithWebhookSecret adds another signing secret; a signature made with any
// of the secrets is accepted. Use it while rotating the endpoint's secret:
// Svix signs with both the old and the new secret for a while.
func WithWebhookSecret(secret string) WebhookOption {
	return func(c *webhookConfig) error {
		c.secrets = append(c.secrets, secret)
		return nil
	}
}

// WithWebhookTolerance sets how far svix-timestamp may be from now, in the
// past or the future (default DefaultWebhookTolerance). It is counted in
// whole seconds, as Svix does; it must be between 1 second and 1 hour.
func WithWebhookTolerance(d time.Duration) WebhookOption {
	return func(c *webhookConfig) error {
		if d < time.Second || d > time.Hour {
			return fmt.Errorf("%w: webhook tolerance must be between 1s and 1h", ErrInvalidConfig)
		}
		c.tolerance = d
		return nil
	}
}

// WithWebhookMaxBodySize sets the largest body read (default
// DefaultWebhookMaxBodySize); a longer one fails with
// ErrWebhookBodyTooLarge.
func WithWebhookMaxBodySize(n int64) WebhookOption {
	return func(c *webhookConfig) error {
		if n <= 0 || n > 64<<20 {
			return fmt.Errorf("%w: webhook body size limit must be between 1 byte and 64 MiB", ErrInvalidConfig)
		}
		c.maxBody = n
		return nil
	}
}

// WithWebhookClock sets the time source (default time.Now), for tests.
func WithWebhookClock(now func() time.Time) WebhookOption {
	return func(c *webhookConfig) error {
		if now == nil {
			return fmt.Errorf("%w: nil webhook clock", ErrInvalidConfig)
		}
		c.now = now
		return nil
	}
}

// WithWebhookErrorHandler replaces how WebhookVerifier.Handler answers a
// request that fails verification or whose event handler fails. By default
// it answers 400 Bad Request for a verification failure, 413 for a body
// that is too large, and 500 for a handler error (Svix then retries the
// delivery), with no detail in the body. Use it to log err.
func WithWebhookErrorHandler(h func(w http.ResponseWriter, r *http.Request, err error)) WebhookOption {
	return func(c *webhookConfig) error {
		if h == nil {
			return fmt.Errorf("%w: nil webhook error handler", ErrInvalidConfig)
		}
		c.onError = h
		return nil
	}
}

// NewWebhookVerifier builds a WebhookVerifier for the endpoint's signing
// secret ("whsec_…", from the Clerk Dashboard). A secret that is empty or
// not base64 fails with ErrWebhookInvalidSecret; the error never repeats
// the secret.
func NewWebhookVerifier(secret string, opts ...WebhookOption) (*WebhookVerifier, error) {
	cfg := webhookConfig{
		secrets:   []string{secret},
		tolerance: DefaultWebhookTolerance,
		maxBody:   DefaultWebhookMaxBodySize,
		now:       time.Now,
	}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	v := &WebhookVerifier{
		tolerance: int64(cfg.tolerance / time.Second),
		maxBody:   cfg.maxBody,
		now:       cfg.now,
		onError:   cfg.onError,
	}
	for i, s := range cfg.secrets {
		k, err := decodeWebhookSecret(s)
		if err != nil {
			return nil, fmt.Errorf("%w (secret %d of %d): %s", ErrWebhookInvalidSecret, i+1, len(cfg.secrets), err.Error())
		}
		v.keys = append(v.keys, newWebhookKey(k))
	}
	if v.onError == nil {
		v.onError = webhookFailure
	}
	return v, nil
}

// decodeWebhookSecret returns the HMAC key of a "whsec_<base64>" secret.
// Like the Svix libraries it also takes the bare base64. Its errors never
// contain the secret.
func decodeWebhookSecret(s string) ([]byte, error) {
	b64 := strings.TrimPrefix(s, webhookSecretPrefix)
	if b64 == "" {
		return nil, errors.New("empty")
	}
	if base64.StdEncoding.DecodedLen(len(b64)) > maxWebhookSecretLen {
		return nil, errors.New("too long")
	}
	k, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		// base64.CorruptInputError names only an offset.
		return nil, fmt.Errorf("not base64 after %q", webhookSecretPrefix)
	}
	if len(k) == 0 {
		return nil, errors.New("empty")
	}
	return k, nil
}

// VerifyWebhook verifies r with secret and returns its event, as
// NewWebhookVerifier(secret, opts...) then Verify. Prefer a WebhookVerifier
// built once when handling many requests.
func VerifyWebhook(r *http.Request, secret string, opts ...WebhookOption) (*WebhookEvent, error) {
	v, err := NewWebhookVerifier(secret, opts...)
	if err != nil {
		return nil, err
	}
	return v.Verify(r)
}

// Verify checks r's Svix headers and signature, and decodes its body into
// a WebhookEvent. In order, before the body is read: the three headers
// must be present (svix-… or, failing those, webhook-…), svix-timestamp
// must be a decimal number of seconds within the tolerance of now (never
// more than 5 minutes by default, either way). Then the body is read up to
// the size limit and r.Body is replaced by a reader over the same bytes,
// so the caller can read it again. A "v1,<base64>" entry of
// svix-signature must equal the HMAC-SHA256 of "<id>.<timestamp>.<body>"
// under one of the secrets, compared in constant time; entries of other
// versions are ignored. Only then is the body decoded.
func (v *WebhookVerifier) Verify(r *http.Request) (*WebhookEvent, error) {
	id, ts, sigs, err := v.checkHeaders(r.Header)
	if err != nil {
		return nil, err
	}
	body, err := v.readBody(r)
	if err != nil {
		return nil, err
	}
	if !v.match(id, ts, sigs, body) {
		return nil, ErrWebhookBadSignature
	}
	ev, err := decodeWebhookEvent(body)
	if err != nil {
		return nil, err
	}
	ev.MessageID = id
	return ev, nil
}

// VerifySignature checks headers and body (the raw request body) as Verify
// does, without decoding the event: for a body that was read already, or
// that is forwarded untouched.
func (v *WebhookVerifier) VerifySignature(h http.Header, body []byte) error {
	id, ts, sigs, err := v.checkHeaders(h)
	if err != nil {
		return err
	}
	if int64(len(body)) > v.maxBody {
		return ErrWebhookBodyTooLarge
	}
	if !v.match(id, ts, sigs, body) {
		return ErrWebhookBadSignature
	}
	return nil
}

// Sign returns the svix-signature value ("v1,<base64>") of body for
// message id msgID sent at t, under the first secret: what Svix would
// send. It is meant for tests of webhook handlers.
func (v *WebhookVerifier) Sign(msgID string, t time.Time, body []byte) string {
	var sum [sha256.Size]byte
	mac := v.keys[0].sum(sum[:], msgID, strconv.FormatInt(t.Unix(), 10), body)
	return "v1," + base64.StdEncoding.EncodeToString(mac)
}

func (v *WebhookVerifier) checkHeaders(h http.Header) (id, ts, sigs string, err error) {
	id, ts, sigs = headerValue(h, headerSvixID), headerValue(h, headerSvixTimestamp), headerValue(h, headerSvixSignature)
	if id == "" && ts == "" && sigs == "" {
		id, ts, sigs = headerValue(h, headerWebhookID), headerValue(h, headerWebhookTS), headerValue(h, headerWebhookSig)
	}
	switch {
	case id == "":
		return "", "", "", fmt.Errorf("%w: no svix-id", ErrWebhookMissingHeaders)
	case ts == "":
		return "", "", "", fmt.Errorf("%w: no svix-timestamp", ErrWebhookMissingHeaders)
	case sigs == "":
		return "", "", "", fmt.Errorf("%w: no svix-signature", ErrWebhookMissingHeaders)
	}
	sec, ok := parseWebhookTimestamp(ts)
	if !ok {
		return "", "", "", fmt.Errorf("%w: svix-timestamp is not a number of seconds", ErrWebhookMissingHeaders)
	}
	now := v.now().Unix()
	switch {
	case now-sec > v.tolerance:
		return "", "", "", ErrWebhookStaleTimestamp
	case sec-now > v.tolerance:
		return "", "", "", ErrWebhookFutureTimestamp
	}
	return id, ts, sigs, nil
}

// headerValue is h.Get for a canonical key, without re-canonicalising.
func headerValue(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// parseWebhookTimestamp accepts only ASCII digits: no sign, no spaces, no
// fraction, at most maxWebhookTSLen of them.
func parseWebhookTimestamp(s string) (int64, bool) {
	return parseDigits(s, maxWebhookTSLen)
}

// readBody reads r.Body up to the limit and puts the bytes back.
func (v *WebhookVerifier) readBody(r *http.Request) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		r.Body = http.NoBody
		return nil, nil
	}
	if r.ContentLength > v.maxBody {
		return nil, ErrWebhookBodyTooLarge
	}
	size := int64(4096)
	if r.ContentLength >= 0 {
		size = r.ContentLength + 1 // room to see EOF without growing
	}
	body := make([]byte, 0, min(size, v.maxBody+1))
	var err error
	for {
		if len(body) == cap(body) {
			if int64(len(body)) > v.maxBody {
				break
			}
			body = slices.Grow(body, int(min(int64(cap(body)), v.maxBody+1-int64(len(body)))))
		}
		var n int
		n, err = r.Body.Read(body[len(body):cap(body)])
		body = body[:len(body)+n]
		if err != nil {
			break
		}
	}
	_ = r.Body.Close()
	r.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("clerk: webhook: read body: %w", err)
	}
	if int64(len(body)) > v.maxBody {
		return nil, ErrWebhookBodyTooLarge
	}
	return body, nil
}

// match reports whether one v1 entry of sigs is the signature of
// id.ts.body under one of the keys. Like the Svix libraries it compares the
// base64 text (so only the canonical encoding matches), each entry against
// each expected value in constant time; which entry matched is not
// observable through timing.
func (v *WebhookVerifier) match(id, ts, sigs string, body []byte) bool {
	const b64Len = 44 // base64 of 32 bytes
	var stack [4][b64Len]byte
	want := stack[:0]
	if len(v.keys) > len(stack) {
		want = make([][b64Len]byte, 0, len(v.keys))
	}
	for _, k := range v.keys {
		var sum [sha256.Size]byte
		var enc [b64Len]byte
		base64.StdEncoding.Encode(enc[:], k.sum(sum[:], id, ts, body))
		want = append(want, enc)
	}
	ok := 0
	for sigs != "" {
		var entry string
		entry, sigs, _ = strings.Cut(sigs, " ")
		version, b64, found := strings.Cut(entry, ",")
		if !found || version != "v1" || len(b64) != b64Len {
			continue
		}
		for i := range want {
			ok |= equalConstantTime(want[i][:], b64)
		}
	}
	return ok == 1
}

// equalConstantTime returns 1 when a and b (of the same length) are equal,
// else 0, in time that depends only on the length.
func equalConstantTime(a []byte, b string) int {
	var d byte
	for i := range a {
		d |= a[i] ^ b[i]
	}
	return subtle.ConstantTimeByteEq(d, 0)
}

// Handler returns an http.Handler for the webhook endpoint. It accepts
// only POST (else 405), verifies each request with Verify, and calls the
// function registered for the event's Type in handlers, or the one
// registered for "*" when there is none. An event with no handler is
// acknowledged with 204 so that Svix does not retry it. A handler's nil
// error answers 204 No Content; any other outcome goes to the error
// handler (see WithWebhookErrorHandler). handlers is copied.
func (v *WebhookVerifier) Handler(handlers map[string]WebhookHandlerFunc) http.Handler {
	hs := make(map[string]WebhookHandlerFunc, len(handlers))
	for k, h := range handlers {
		if h != nil {
			hs[k] = h
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, http.StatusText(http.StatusMethodNotAllowed), http.StatusMethodNotAllowed)
			return
		}
		ev, err := v.Verify(r)
		if err != nil {
			v.onError(w, r, err)
			return
		}
		h := hs[ev.Type]
		if h == nil {
			h = hs["*"]
		}
		if h != nil {
			if err := h(r.Context(), ev); err != nil {
				v.onError(w, r, &WebhookHandlerError{Type: ev.Type, MessageID: ev.MessageID, Err: err})
				return
			}
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

// WebhookHandlerFunc handles one verified event for WebhookVerifier.Handler.
// A non-nil error makes the delivery fail (500 by default), so Svix
// retries it later: handlers should be idempotent, keyed on
// WebhookEvent.MessageID.
type WebhookHandlerFunc func(ctx context.Context, ev *WebhookEvent) error

// WebhookHandlerError is the error WebhookVerifier.Handler passes to the
// error handler when a WebhookHandlerFunc fails.
type WebhookHandlerError struct {
	// Type is the event type, such as "user.created".
	Type string
	// MessageID is the svix-id of the delivery.
	MessageID string
	// Err is the handler's error.
	Err error
}

// Error names the event and the handler's error.
func (e *WebhookHandlerError) Error() string {
	return "clerk: webhook: handler for " + e.Type + " failed: " + e.Err.Error()
}

// Unwrap returns the handler's error.
func (e *WebhookHandlerError) Unwrap() error { return e.Err }

func webhookFailure(w http.ResponseWriter, _ *http.Request, err error) {
	code := http.StatusBadRequest
	var he *WebhookHandlerError
	switch {
	case errors.As(err, &he):
		code = http.StatusInternalServerError
	case errors.Is(err, ErrWebhookBodyTooLarge):
		code = http.StatusRequestEntityTooLarge
	case !isWebhookRejection(err):
		code = http.StatusInternalServerError // reading the body failed
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Error(w, http.StatusText(code), code)
}

func isWebhookRejection(err error) bool {
	for _, s := range []error{ErrWebhookMissingHeaders, ErrWebhookBadSignature, ErrWebhookStaleTimestamp,
		ErrWebhookFutureTimestamp, ErrWebhookMalformed} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}
