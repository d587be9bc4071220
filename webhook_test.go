package clerk

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/google/go-cmp/cmp"
)

// newWebhookSecret returns a random "whsec_" secret and its key.
func newWebhookSecret(t testing.TB) (string, []byte) {
	t.Helper()
	k := make([]byte, 24)
	if _, err := rand.Read(k); err != nil {
		t.Fatal(err)
	}
	return "whsec_" + base64.StdEncoding.EncodeToString(k), k
}

// svixSign computes a v1 signature independently of the code under test.
func svixSign(key []byte, id string, ts int64, body string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "%s.%d.%s", id, ts, body)
	return "v1," + base64.StdEncoding.EncodeToString(m.Sum(nil))
}

var webhookNow = time.Unix(1_750_000_000, 400_000_000) // a fraction of a second: Svix floors now

const webhookBody = `{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user","first_name":"Ada",` +
	`"email_addresses":[{"id":"idn_1","object":"email_address","email_address":"ada@example.com",` +
	`"verification":{"status":"verified","strategy":"email_code","attempts":1,"expire_at":1}}],"created_at":1654012591514},` +
	`"event_attributes":{"http_request":{"client_ip":"203.0.113.7","user_agent":"Go-test/1.0"}},` +
	`"instance_id":"ins_123","object":"event","timestamp":1654012591835,"type":"user.created"}`

// webhookRequest builds a signed POST.
func webhookRequest(id string, ts int64, sig, body string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/webhooks/clerk", strings.NewReader(body))
	if id != "" {
		r.Header.Set("svix-id", id)
	}
	if ts != 0 {
		r.Header.Set("svix-timestamp", strconv.FormatInt(ts, 10))
	}
	if sig != "" {
		r.Header.Set("svix-signature", sig)
	}
	return r
}

func newTestWebhookVerifier(t testing.TB, secret string, opts ...WebhookOption) *WebhookVerifier {
	t.Helper()
	v, err := NewWebhookVerifier(secret, append([]WebhookOption{WithWebhookClock(func() time.Time { return webhookNow })}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestWebhookVerify(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	ts := webhookNow.Unix()
	r := webhookRequest("msg_1", ts, svixSign(key, "msg_1", ts, webhookBody), webhookBody)
	ev, err := v.Verify(r)
	if err != nil {
		t.Fatal(err)
	}
	want := &WebhookEvent{
		MessageID:  "msg_1",
		Type:       "user.created",
		Object:     "event",
		Timestamp:  time.UnixMilli(1654012591835),
		InstanceID: "ins_123",
		EventAttributes: WebhookEventAttributes{HTTPRequest: WebhookHTTPRequest{
			ClientIP: "203.0.113.7", UserAgent: "Go-test/1.0",
		}},
	}
	got := *ev
	got.Data = nil
	if diff := cmp.Diff(want, &got); diff != "" {
		t.Errorf("event (-want +got):\n%s", diff)
	}
	if !strings.HasPrefix(string(ev.Data), `{"id":"user_29w83sxmDNGwOuEthce5gg56FcC"`) || !strings.HasSuffix(string(ev.Data), `1654012591514}`) {
		t.Errorf("Data = %s", ev.Data)
	}
	// The body is still there for the caller.
	again, err := io.ReadAll(r.Body)
	if err != nil || string(again) != webhookBody {
		t.Errorf("r.Body after Verify = %q, %v", again, err)
	}
	u, err := ev.User()
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != "user_29w83sxmDNGwOuEthce5gg56FcC" || u.FirstName == nil || *u.FirstName != "Ada" ||
		len(u.EmailAddresses) != 1 || u.EmailAddresses[0].EmailAddress != "ada@example.com" {
		t.Errorf("User() = %+v", u)
	}
	// The one-shot function agrees.
	r = webhookRequest("msg_1", ts, svixSign(key, "msg_1", ts, webhookBody), webhookBody)
	if _, err := VerifyWebhook(r, secret, WithWebhookClock(func() time.Time { return webhookNow })); err != nil {
		t.Errorf("VerifyWebhook: %v", err)
	}
}

func TestWebhookHeaderRules(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	ts := webhookNow.Unix()
	good := svixSign(key, "msg_1", ts, webhookBody)
	tsStr := strconv.FormatInt(ts, 10)
	tests := []struct {
		name    string
		headers map[string]string
		want    error
	}{
		{"all present", map[string]string{"svix-id": "msg_1", "svix-timestamp": tsStr, "svix-signature": good}, nil},
		{"no headers", map[string]string{}, ErrWebhookMissingHeaders},
		{"no id", map[string]string{"svix-timestamp": tsStr, "svix-signature": good}, ErrWebhookMissingHeaders},
		{"no timestamp", map[string]string{"svix-id": "msg_1", "svix-signature": good}, ErrWebhookMissingHeaders},
		{"no signature", map[string]string{"svix-id": "msg_1", "svix-timestamp": tsStr}, ErrWebhookMissingHeaders},
		{"empty id", map[string]string{"svix-id": "", "svix-timestamp": tsStr, "svix-signature": good}, ErrWebhookMissingHeaders},
		{"timestamp with sign", map[string]string{"svix-id": "msg_1", "svix-timestamp": "+" + tsStr, "svix-signature": good}, ErrWebhookMissingHeaders},
		{"negative timestamp", map[string]string{"svix-id": "msg_1", "svix-timestamp": "-" + tsStr, "svix-signature": good}, ErrWebhookMissingHeaders},
		{"timestamp with fraction", map[string]string{"svix-id": "msg_1", "svix-timestamp": tsStr + ".5", "svix-signature": good}, ErrWebhookMissingHeaders},
		{"timestamp in ms", map[string]string{"svix-id": "msg_1", "svix-timestamp": tsStr + "000", "svix-signature": good}, ErrWebhookFutureTimestamp},
		{"timestamp with space", map[string]string{"svix-id": "msg_1", "svix-timestamp": " " + tsStr, "svix-signature": good}, ErrWebhookMissingHeaders},
		{"timestamp hex", map[string]string{"svix-id": "msg_1", "svix-timestamp": "0x1", "svix-signature": good}, ErrWebhookMissingHeaders},
		{"timestamp huge", map[string]string{"svix-id": "msg_1", "svix-timestamp": strings.Repeat("9", 40), "svix-signature": good}, ErrWebhookMissingHeaders},
		{"webhook- names", map[string]string{"webhook-id": "msg_1", "webhook-timestamp": tsStr, "webhook-signature": good}, nil},
		{"svix names win over webhook- names", map[string]string{"svix-id": "msg_1", "svix-timestamp": tsStr, "svix-signature": good,
			"webhook-id": "other", "webhook-timestamp": "1", "webhook-signature": "v1,x"}, nil},
		{"mixed names are not combined", map[string]string{"svix-id": "msg_1", "webhook-timestamp": tsStr, "webhook-signature": good}, ErrWebhookMissingHeaders},
		{"other id", map[string]string{"svix-id": "msg_2", "svix-timestamp": tsStr, "svix-signature": good}, ErrWebhookBadSignature},
		{"other timestamp within tolerance", map[string]string{"svix-id": "msg_1", "svix-timestamp": strconv.FormatInt(ts-1, 10), "svix-signature": good}, ErrWebhookBadSignature},
		{"leading zero timestamp is other content", map[string]string{"svix-id": "msg_1", "svix-timestamp": "0" + tsStr, "svix-signature": good}, ErrWebhookBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(webhookBody))
			for k, val := range tt.headers {
				r.Header.Set(k, val)
			}
			_, err := v.Verify(r)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && strings.Contains(err.Error(), good[3:]) {
				t.Errorf("error %q contains the signature", err)
			}
		})
	}
}

func TestWebhookToleranceBoundaries(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	now := webhookNow.Unix()
	for _, tc := range []struct {
		name string
		tol  time.Duration
		ts   int64
		want error
	}{
		{"exactly 5 min old", 0, now - 300, nil},
		{"5 min + 1 s old", 0, now - 301, ErrWebhookStaleTimestamp},
		{"5 min - 1 s old", 0, now - 299, nil},
		{"exactly 5 min ahead", 0, now + 300, nil},
		{"5 min + 1 s ahead", 0, now + 301, ErrWebhookFutureTimestamp},
		{"5 min - 1 s ahead", 0, now + 299, nil},
		{"now", 0, now, nil},
		{"zero", 0, 1, ErrWebhookStaleTimestamp},
		{"custom 10 s tolerance, 10 s old", 10 * time.Second, now - 10, nil},
		{"custom 10 s tolerance, 11 s old", 10 * time.Second, now - 11, ErrWebhookStaleTimestamp},
		{"custom 10 s tolerance, 11 s ahead", 10 * time.Second, now + 11, ErrWebhookFutureTimestamp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var opts []WebhookOption
			if tc.tol != 0 {
				opts = append(opts, WithWebhookTolerance(tc.tol))
			}
			v := newTestWebhookVerifier(t, secret, opts...)
			r := webhookRequest("msg_1", tc.ts, svixSign(key, "msg_1", tc.ts, webhookBody), webhookBody)
			_, err := v.Verify(r)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestWebhookSignatureRules(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	_, otherKey := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	ts := webhookNow.Unix()
	good := svixSign(key, "msg_1", ts, webhookBody)
	goodB64 := strings.TrimPrefix(good, "v1,")
	bad := svixSign(otherKey, "msg_1", ts, webhookBody)
	raw, _ := base64.StdEncoding.DecodeString(goodB64)
	tests := []struct {
		name string
		sig  string
		body string
		want error
	}{
		{"good", good, webhookBody, nil},
		{"wrong secret", bad, webhookBody, ErrWebhookBadSignature},
		{"tampered body", good, strings.Replace(webhookBody, "Ada", "Eve", 1), ErrWebhookBadSignature},
		{"body with trailing newline", good, webhookBody + "\n", ErrWebhookBadSignature},
		{"bad then good", bad + " " + good, webhookBody, nil},
		{"good then bad", good + " " + bad, webhookBody, nil},
		{"many entries, one good", strings.Repeat(bad+" ", 20) + good, webhookBody, nil},
		{"other versions ignored", "v2," + goodB64 + " v1a," + goodB64 + " V1," + goodB64, webhookBody, ErrWebhookBadSignature},
		{"v2 and good v1", "v2,abc " + good, webhookBody, nil},
		{"no version", goodB64, webhookBody, ErrWebhookBadSignature},
		{"empty base64", "v1,", webhookBody, ErrWebhookBadSignature},
		{"truncated", good[:len(good)-4], webhookBody, ErrWebhookBadSignature},
		{"extended", good + "AAAA", webhookBody, ErrWebhookBadSignature},
		{"base64url instead of base64", "v1," + base64.URLEncoding.EncodeToString(raw), webhookBody, ErrWebhookBadSignature},
		{"raw base64 without padding", "v1," + base64.RawStdEncoding.EncodeToString(raw), webhookBody, ErrWebhookBadSignature},
		{"double space between entries", bad + "  " + good, webhookBody, nil},
		{"leading space", " " + good, webhookBody, nil},
		{"comma list instead of spaces", bad + "," + good, webhookBody, ErrWebhookBadSignature},
		{"hex instead of base64", "v1," + fmt.Sprintf("%x", raw), webhookBody, ErrWebhookBadSignature},
	}
	if strings.HasPrefix(base64.URLEncoding.EncodeToString(raw), goodB64) {
		t.Log("the signature has no + or /; base64url case is trivially equal")
		tests = tests[:len(tests)-6]
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := v.Verify(webhookRequest("msg_1", ts, tt.sig, tt.body))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err := v.VerifySignature(webhookRequest("msg_1", ts, tt.sig, "").Header, []byte(tt.body)); !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("VerifySignature = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestWebhookRotatedSecret(t *testing.T) {
	t.Parallel()
	oldSecret, oldKey := newWebhookSecret(t)
	newSecret, newKey := newWebhookSecret(t)
	_, strangerKey := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, newSecret, WithWebhookSecret(oldSecret))
	ts := webhookNow.Unix()
	for _, tc := range []struct {
		name string
		sig  string
		want error
	}{
		{"new secret", svixSign(newKey, "m", ts, webhookBody), nil},
		{"old secret", svixSign(oldKey, "m", ts, webhookBody), nil},
		{"both, as Svix sends during rotation", svixSign(newKey, "m", ts, webhookBody) + " " + svixSign(oldKey, "m", ts, webhookBody), nil},
		{"a third secret", svixSign(strangerKey, "m", ts, webhookBody), ErrWebhookBadSignature},
	} {
		_, err := v.Verify(webhookRequest("m", ts, tc.sig, webhookBody))
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: Verify = %v, want %v", tc.name, err, tc.want)
		}
	}
	// Many secrets (more than the stack room in match).
	var opts []WebhookOption
	var last []byte
	for range 6 {
		s, k := newWebhookSecret(t)
		opts = append(opts, WithWebhookSecret(s))
		last = k
	}
	v = newTestWebhookVerifier(t, newSecret, opts...)
	if _, err := v.Verify(webhookRequest("m", ts, svixSign(last, "m", ts, webhookBody), webhookBody)); err != nil {
		t.Errorf("seventh secret: %v", err)
	}
	if _, err := v.Verify(webhookRequest("m", ts, svixSign(strangerKey, "m", ts, webhookBody), webhookBody)); !errors.Is(err, ErrWebhookBadSignature) {
		t.Errorf("stranger with seven secrets: %v", err)
	}
}

func TestWebhookInvalidSecret(t *testing.T) {
	t.Parallel()
	good, key := newWebhookSecret(t)
	for _, tc := range []struct {
		name, secret string
		opts         []WebhookOption
	}{
		{"empty", "", nil},
		{"prefix only", "whsec_", nil},
		{"not base64", "whsec_not*base64!!S3CRET", nil},
		{"bad padding", "whsec_" + strings.TrimRight(base64.StdEncoding.EncodeToString(key[:23]), "="), nil},
		{"url alphabet", "whsec_" + strings.NewReplacer("+", "-", "/", "_").Replace(base64.StdEncoding.EncodeToString([]byte{0xfb, 0xff, 0xfe, 0xfb, 0xff, 0xfe})), nil},
		{"huge", "whsec_" + strings.Repeat("A", 4096), nil},
		{"good first, bad rotated", good, []WebhookOption{WithWebhookSecret("whsec_S3CRET!")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := NewWebhookVerifier(tc.secret, tc.opts...)
			if !errors.Is(err, ErrWebhookInvalidSecret) {
				t.Fatalf("NewWebhookVerifier = %v, want ErrWebhookInvalidSecret", err)
			}
			if s := strings.TrimPrefix(tc.secret, "whsec_"); len(s) > 3 && strings.Contains(err.Error(), s) || strings.Contains(err.Error(), "S3CRET") {
				t.Errorf("error %q echoes the secret", err)
			}
			if _, err := VerifyWebhook(webhookRequest("m", 1, "v1,x", "{}"), tc.secret, tc.opts...); !errors.Is(err, ErrWebhookInvalidSecret) {
				t.Errorf("VerifyWebhook = %v", err)
			}
		})
	}
	// Bare base64 is accepted, as in the Svix libraries.
	bare := strings.TrimPrefix(good, "whsec_")
	v := newTestWebhookVerifier(t, bare)
	ts := webhookNow.Unix()
	if _, err := v.Verify(webhookRequest("m", ts, svixSign(key, "m", ts, webhookBody), webhookBody)); err != nil {
		t.Errorf("bare base64 secret: %v", err)
	}
	// Bad options.
	for _, o := range []WebhookOption{WithWebhookTolerance(0), WithWebhookTolerance(2 * time.Hour),
		WithWebhookMaxBodySize(0), WithWebhookMaxBodySize(-1), WithWebhookClock(nil), WithWebhookErrorHandler(nil)} {
		if _, err := NewWebhookVerifier(good, o); !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("bad option: %v", err)
		}
	}
}

func TestWebhookBodyLimit(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	body := `{"type":"x","data":"` + strings.Repeat("a", 80) + `"}`
	ts := webhookNow.Unix()
	sig := svixSign(key, "m", ts, body)
	for _, tc := range []struct {
		name    string
		limit   int64
		chunked bool
		want    error
	}{
		{"exactly the limit", int64(len(body)), false, nil},
		{"one byte over", int64(len(body)) - 1, false, ErrWebhookBodyTooLarge},
		{"one byte over, unknown length", int64(len(body)) - 1, true, ErrWebhookBodyTooLarge},
		{"exactly the limit, unknown length", int64(len(body)), true, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			v := newTestWebhookVerifier(t, secret, WithWebhookMaxBodySize(tc.limit))
			r := webhookRequest("m", ts, sig, body)
			if tc.chunked {
				r.ContentLength = -1
				r.Body = io.NopCloser(iotest.OneByteReader(strings.NewReader(body)))
			}
			_, err := v.Verify(r)
			if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
			if err := v.VerifySignature(r.Header, []byte(body)); !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
				t.Fatalf("VerifySignature = %v, want %v", err, tc.want)
			}
		})
	}
	// Headers are checked before the body is read.
	v := newTestWebhookVerifier(t, secret)
	r := webhookRequest("", ts, sig, body)
	if _, err := v.Verify(r); !errors.Is(err, ErrWebhookMissingHeaders) {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(r.Body); string(b) != body {
		t.Errorf("body consumed by a header failure")
	}
	// A body that fails to read is an error, but not a rejection.
	r = webhookRequest("m", ts, sig, body)
	r.Body = io.NopCloser(iotest.ErrReader(errors.New("connection reset")))
	_, err := v.Verify(r)
	if err == nil || isWebhookRejection(err) || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("read failure: %v", err)
	}
	// No body at all.
	r = webhookRequest("m", ts, svixSign(key, "m", ts, ""), "")
	r.Body = nil
	if _, err := v.Verify(r); !errors.Is(err, ErrWebhookMalformed) {
		t.Errorf("nil body: %v", err)
	}
}

func TestWebhookMalformedEvents(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	ts := webhookNow.Unix()
	for _, body := range []string{
		``, `null`, `[]`, `"user.created"`, `{`, `{"type":"user.created"`, `{"type":"user.created"}x`,
		`{"data":{}}`, `{"type":""}`, `{"type":1}`, `{"type":null}`, `{"type":"a","timestamp":"1"}`,
		`{"type":"a","instance_id":1}`, `{"type":"a","event_attributes":[]}`,
		`{"type":"a","event_attributes":{"http_request":{"client_ip":1}}}`,
		`{"type":"a","data":{"x":}}`, `{"type":"a","timestamp":1e400}`, "{\"type\":\"a\xff\"}",
	} {
		_, err := v.Verify(webhookRequest("m", ts, svixSign(key, "m", ts, body), body))
		if !errors.Is(err, ErrWebhookMalformed) {
			t.Errorf("body %q: Verify = %v, want ErrWebhookMalformed", body, err)
		}
	}
	// Lenient where Clerk may vary: nulls, unknown members, whitespace.
	for _, body := range []string{
		`{"type":"a"}`,
		` { "type" : "a" , "object" : null , "instance_id" : null , "timestamp" : null , "event_attributes" : null } `,
		`{"type":"a","event_attributes":{"http_request":null,"other":[1,{"x":2}]},"new_field":{"deep":[[]]}}`,
		`{"type":"a","timestamp":1654012591835.0}`,
		`{"type":"a\u002eb"}`,
	} {
		if _, err := v.Verify(webhookRequest("m", ts, svixSign(key, "m", ts, body), body)); err != nil {
			t.Errorf("body %q: %v", body, err)
		}
	}
}

// webhookEvent wraps data in an envelope of type typ and verifies it.
func webhookEvent(t *testing.T, typ, data string) *WebhookEvent {
	t.Helper()
	secret, key := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	body := `{"data":` + data + `,"object":"event","type":"` + typ + `","instance_id":"ins_1","timestamp":1716883200000}`
	ts := webhookNow.Unix()
	ev, err := v.Verify(webhookRequest("m", ts, svixSign(key, "m", ts, body), body))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestWebhookTypedData(t *testing.T) {
	t.Parallel()
	t.Run("user.deleted", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "user.deleted", `{"object":"user","id":"user_1","deleted":true,"external_id":"ext_9"}`)
		d, err := ev.DeletedObject()
		if err != nil {
			t.Fatal(err)
		}
		if !d.Deleted || *d.ID != "user_1" || *d.ExternalID != "ext_9" || d.Object != "user" {
			t.Errorf("DeletedObject = %+v", d)
		}
		if _, err := ev.User(); !errors.Is(err, ErrWebhookEventType) {
			t.Errorf("User() on user.deleted = %v", err)
		}
	})
	t.Run("session.created", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "session.created", `{"object":"session","id":"sess_1","user_id":"user_1","client_id":"client_1",`+
			`"status":"active","last_active_at":1,"expire_at":2,"abandon_at":3,"updated_at":4,"created_at":5,`+
			`"user":{"object":"user","id":"user_1","username":"ada"}}`)
		s, err := ev.Session()
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != "sess_1" || s.UserID != "user_1" || s.Status != "active" || s.ExpireAt != 2 || s.User == nil || *s.User.Username != "ada" {
			t.Errorf("Session = %+v", s)
		}
	})
	t.Run("organization.created", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "organization.created", `{"object":"organization","id":"org_1","name":"Acme","slug":"acme",`+
			`"has_image":false,"max_allowed_memberships":5,"admin_delete_enabled":true,"public_metadata":{"tier":"gold"},"created_at":1,"updated_at":2}`)
		o, err := ev.Organization()
		if err != nil {
			t.Fatal(err)
		}
		if o.ID != "org_1" || o.Slug != "acme" || string(o.PublicMetadata) != `{"tier":"gold"}` {
			t.Errorf("Organization = %+v", o)
		}
	})
	t.Run("organizationMembership.deleted", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "organizationMembership.deleted", `{"object":"organization_membership","id":"orgmem_1","role":"org:admin",`+
			`"permissions":["org:sys_memberships:read"],"public_metadata":{},"created_at":1,"updated_at":2,`+
			`"organization":{"object":"organization","id":"org_1","name":"Acme","slug":"acme"},`+
			`"public_user_data":{"user_id":"user_1","first_name":null,"last_name":null,"image_url":"https://img","has_image":false,"identifier":"a@example.com"}}`)
		m, err := ev.OrganizationMembership()
		if err != nil {
			t.Fatal(err)
		}
		if m.ID != "orgmem_1" || m.Role != "org:admin" || m.Organization.ID != "org_1" || m.PublicUserData == nil || m.PublicUserData.UserID != "user_1" {
			t.Errorf("OrganizationMembership = %+v", m)
		}
		if _, err := ev.DeletedObject(); !errors.Is(err, ErrWebhookEventType) {
			t.Errorf("DeletedObject() on a membership deletion = %v", err)
		}
	})
	t.Run("organizationInvitation.accepted", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "organizationInvitation.accepted", `{"object":"organization_invitation","id":"orginv_1",`+
			`"email_address":"b@example.com","role":"org:member","role_name":"Member","organization_id":"org_1","status":"accepted",`+
			`"public_metadata":{},"url":null,"user_id":"user_2","expires_at":1717487999000,"created_at":1,"updated_at":2,`+
			`"inviter_id":null,"public_inviter_data":null,"data":{"public_organization_data":{"id":"org_1","name":"Acme","slug":"acme","has_image":false}}}`)
		inv, err := ev.OrganizationInvitation()
		if err != nil {
			t.Fatal(err)
		}
		if inv.ID != "orginv_1" || inv.UserID != "user_2" || *inv.Status != "accepted" || *inv.ExpiresAt != 1717487999000 ||
			inv.Data == nil || inv.Data.PublicOrganizationData == nil || inv.Data.PublicOrganizationData.Slug != "acme" {
			t.Errorf("OrganizationInvitation = %+v", inv)
		}
	})
	t.Run("email.created", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "email.created", `{"object":"email","id":"ema_1","slug":"verification_code","from_email_name":"noreply",`+
			`"to_email_address":"a@example.com","email_address_id":"idn_1","user_id":null,"subject":"Your code","body":"<p>1</p>",`+
			`"body_plain":"1","status":"queued","data":{"otp_code":"123456"},"delivered_by_clerk":false}`)
		e, err := ev.Email()
		if err != nil {
			t.Fatal(err)
		}
		if e.ID != "ema_1" || e.ToEmailAddress != "a@example.com" || e.DeliveredByClerk || e.Data["otp_code"] != "123456" || e.UserID != nil {
			t.Errorf("Email = %+v", e)
		}
	})
	t.Run("sms.created", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "sms.created", `{"object":"sms_message","id":"sms_1","slug":"verification_code","from_phone_number":"+15550000000",`+
			`"to_phone_number":"+15551111111","phone_number_id":"idn_2","user_id":"user_1","message":"Code 1","status":"queued",`+
			`"data":{},"delivered_by_clerk":true,"created_at_ms":1716883200000}`)
		s, err := ev.SMS()
		if err != nil {
			t.Fatal(err)
		}
		if s.ID != "sms_1" || s.ToPhoneNumber != "+15551111111" || !s.DeliveredByClerk || s.CreatedAtMS != 1716883200000 {
			t.Errorf("SMS = %+v", s)
		}
	})
	t.Run("raw JSON for the rest", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "role.created", `{"object":"role","id":"role_1","key":"org:editor"}`)
		if string(ev.Data) != `{"object":"role","id":"role_1","key":"org:editor"}` {
			t.Errorf("Data = %s", ev.Data)
		}
		for name, f := range map[string]func() error{
			"User":                   func() error { _, err := ev.User(); return err },
			"Session":                func() error { _, err := ev.Session(); return err },
			"Organization":           func() error { _, err := ev.Organization(); return err },
			"OrganizationMembership": func() error { _, err := ev.OrganizationMembership(); return err },
			"OrganizationInvitation": func() error { _, err := ev.OrganizationInvitation(); return err },
			"Email":                  func() error { _, err := ev.Email(); return err },
			"SMS":                    func() error { _, err := ev.SMS(); return err },
		} {
			if err := f(); !errors.Is(err, ErrWebhookEventType) {
				t.Errorf("%s() on role.created = %v", name, err)
			}
		}
	})
	t.Run("data of the wrong shape", func(t *testing.T) {
		t.Parallel()
		ev := webhookEvent(t, "user.created", `[1,2]`)
		if _, err := ev.User(); !errors.Is(err, ErrWebhookMalformed) {
			t.Errorf("User() on an array = %v", err)
		}
		ev = webhookEvent(t, "user.updated", `null`)
		if u, err := ev.User(); err != nil || u == nil {
			t.Errorf("User() on null = %v, %v", u, err)
		}
	})
}

func TestWebhookHandler(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	ts := webhookNow.Unix()
	var got []string
	handlers := map[string]WebhookHandlerFunc{
		"user.created": func(ctx context.Context, ev *WebhookEvent) error {
			u, err := ev.User()
			if err != nil {
				return err
			}
			got = append(got, "created "+u.ID)
			return nil
		},
		"user.deleted": func(context.Context, *WebhookEvent) error { return errors.New("database down") },
		"*":            func(_ context.Context, ev *WebhookEvent) error { got = append(got, "other "+ev.Type); return nil },
		"ignored":      nil,
	}
	var logged []error
	v := newTestWebhookVerifier(t, secret)
	h := v.Handler(handlers)
	handlers["user.created"] = nil // Handler copied the map
	post := func(h http.Handler, typ, sig string) int {
		body := strings.Replace(webhookBody, "user.created", typ, 1)
		if sig == "" {
			sig = svixSign(key, "m", ts, body)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, webhookRequest("m", ts, sig, body))
		if w.Code >= 400 && strings.Contains(w.Body.String(), "clerk") {
			t.Errorf("error body leaks detail: %q", w.Body.String())
		}
		return w.Code
	}
	if c := post(h, "user.created", ""); c != http.StatusNoContent {
		t.Errorf("user.created: %d", c)
	}
	if c := post(h, "role.created", ""); c != http.StatusNoContent {
		t.Errorf("role.created: %d", c)
	}
	if c := post(h, "user.deleted", ""); c != http.StatusInternalServerError {
		t.Errorf("failing handler: %d", c)
	}
	if c := post(h, "user.created", "v1,AAAA"); c != http.StatusBadRequest {
		t.Errorf("bad signature: %d", c)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "POST" {
		t.Errorf("GET: %d %v", w.Code, w.Header())
	}
	if diff := cmp.Diff([]string{"created user_29w83sxmDNGwOuEthce5gg56FcC", "other role.created"}, got); diff != "" {
		t.Errorf("dispatch (-want +got):\n%s", diff)
	}
	// No "*": unknown events are acknowledged. Custom error handler; body too large → 413 by default.
	small := newTestWebhookVerifier(t, secret, WithWebhookMaxBodySize(10))
	if c := post(small.Handler(nil), "user.created", ""); c != http.StatusRequestEntityTooLarge {
		t.Errorf("too large: %d", c)
	}
	logging := newTestWebhookVerifier(t, secret, WithWebhookErrorHandler(func(w http.ResponseWriter, r *http.Request, err error) {
		logged = append(logged, err)
		w.WriteHeader(http.StatusUnauthorized)
	}))
	h = logging.Handler(map[string]WebhookHandlerFunc{"user.deleted": handlers["user.deleted"]})
	if c := post(h, "session.created", ""); c != http.StatusNoContent {
		t.Errorf("unhandled: %d", c)
	}
	if c := post(h, "user.deleted", ""); c != http.StatusUnauthorized {
		t.Errorf("custom error handler: %d", c)
	}
	var he *WebhookHandlerError
	if len(logged) != 1 || !errors.As(logged[0], &he) || he.Type != "user.deleted" || he.MessageID != "m" ||
		!strings.Contains(he.Error(), "database down") {
		t.Errorf("logged = %v", logged)
	}
}

func TestWebhookSign(t *testing.T) {
	t.Parallel()
	secret, key := newWebhookSecret(t)
	v := newTestWebhookVerifier(t, secret)
	if got, want := v.Sign("msg_9", webhookNow, []byte(webhookBody)), svixSign(key, "msg_9", webhookNow.Unix(), webhookBody); got != want {
		t.Errorf("Sign = %s, want %s", got, want)
	}
}

// webhookBody2K is a user.created event of exactly 2 KiB.
func webhookBody2K() string {
	head := `{"data":{"id":"user_29w83sxmDNGwOuEthce5gg56FcC","object":"user","first_name":"Ada","last_name":"Lovelace",` +
		`"public_metadata":{"note":"`
	tail := `"},"created_at":1654012591514},"event_attributes":{"http_request":{"client_ip":"203.0.113.7",` +
		`"user_agent":"Mozilla/5.0"}},"instance_id":"ins_123","object":"event","timestamp":1654012591835,"type":"user.created"}`
	return head + strings.Repeat("x", 2048-len(head)-len(tail)) + tail
}

func BenchmarkWebhookVerify(b *testing.B) {
	secret, key := newWebhookSecret(b)
	v := newTestWebhookVerifier(b, secret)
	body := webhookBody2K()
	if len(body) != 2048 {
		b.Fatalf("body is %d bytes", len(body))
	}
	ts := webhookNow.Unix()
	sig := svixSign(key, "msg_2Kb", ts, body)
	r := webhookRequest("msg_2Kb", ts, sig, body)
	rd := strings.NewReader(body)
	b.Run("Verify", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			rd.Reset(body)
			r.Body = io.NopCloser(rd)
			if _, err := v.Verify(r); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("VerifySignature", func(b *testing.B) {
		raw := []byte(body)
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			if err := v.VerifySignature(r.Header, raw); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("HMACOnly", func(b *testing.B) { // the floor: hashing 2 KiB
		raw := []byte(body)
		var sum [32]byte
		b.ReportAllocs()
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			v.keys[0].sum(sum[:], "msg_2Kb", "1750000000", raw)
		}
	})
}
