package clerk

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
)

// svixOracle runs testdata/svix/svix.mjs (the svix npm package, installed
// with `npm ci` there) in mode on cases and decodes its answer into out.
// It skips the test when node or the package is missing.
func svixOracle(t *testing.T, mode string, cases, out any) {
	t.Helper()
	nodeOracle(t, "svix", "svix", cases, out, "svix.mjs", mode)
}

// svixPayloads are bodies that exercise the signed content: JSON events,
// non-ASCII, escapes, separators in the body, and an empty body.
var svixPayloads = []string{
	webhookBody,
	webhookBody2K(),
	`{"type":"user.updated","data":{"first_name":"Zoë 😀","note":"a.b.c"},"object":"event","timestamp":1,"instance_id":"ins_1"}`,
	`{"type":"x","data":"line\nbreak \"quoted\" \\ back\u0000"}`,
	"{\"type\":\"x\",\"data\":\"raw\r\n whitespace\t\"}",
	``,
}

// TestCrossCheckSvixSignsGoVerifies signs with svix's Webhook.sign and
// verifies with WebhookVerifier.
func TestCrossCheckSvixSignsGoVerifies(t *testing.T) {
	t.Parallel()
	secret, _ := newWebhookSecret(t)
	now := time.Now()
	type signCase struct {
		Secret    string `json:"secret"`
		ID        string `json:"id"`
		Timestamp int64  `json:"timestamp"`
		Payload   string `json:"payload"`
	}
	var cases []signCase
	for i, p := range svixPayloads {
		cases = append(cases, signCase{secret, "msg_" + strconv.Itoa(i), now.Unix() - int64(i), p})
	}
	var sigs []string
	svixOracle(t, "sign", cases, &sigs)
	if len(sigs) != len(cases) {
		t.Fatalf("svix returned %d signatures for %d cases", len(sigs), len(cases))
	}
	v, err := NewWebhookVerifier(secret, WithWebhookClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cases {
		r := webhookRequest(c.ID, c.Timestamp, sigs[i], c.Payload)
		err := v.VerifySignature(r.Header, []byte(c.Payload))
		if err != nil {
			t.Errorf("case %d: Go rejects svix's signature %q: %v", i, sigs[i], err)
		}
		if want := v.Sign(c.ID, time.Unix(c.Timestamp, 0), []byte(c.Payload)); want != sigs[i] {
			t.Errorf("case %d: Sign = %s, svix = %s", i, want, sigs[i])
		}
		// A svix signature over other content must not verify.
		if err := v.VerifySignature(r.Header, []byte(c.Payload+" ")); !errors.Is(err, ErrWebhookBadSignature) {
			t.Errorf("case %d: tampered body: %v", i, err)
		}
	}
}

// TestCrossCheckGoSignsSvixVerifies signs with WebhookVerifier.Sign and
// verifies with svix's Webhook.verify, and checks that both libraries agree
// on rejections: other secret, tampered body, stale and future timestamps,
// unknown signature versions, several signatures.
func TestCrossCheckGoSignsSvixVerifies(t *testing.T) {
	t.Parallel()
	secret, _ := newWebhookSecret(t)
	other, _ := newWebhookSecret(t)
	now := time.Now()
	v, err := NewWebhookVerifier(secret, WithWebhookClock(func() time.Time { return now }))
	if err != nil {
		t.Fatal(err)
	}
	vo, err := NewWebhookVerifier(other)
	if err != nil {
		t.Fatal(err)
	}
	type verifyCase struct {
		Secret  string            `json:"secret"`
		Headers map[string]string `json:"headers"`
		Payload string            `json:"payload"`
		name    string
		want    error
	}
	hdr := func(id string, ts time.Time, sig string) map[string]string {
		return map[string]string{"svix-id": id, "svix-timestamp": strconv.FormatInt(ts.Unix(), 10), "svix-signature": sig}
	}
	var cases []verifyCase
	for i, p := range svixPayloads {
		id := "msg_go_" + strconv.Itoa(i)
		cases = append(cases, verifyCase{secret, hdr(id, now, v.Sign(id, now, []byte(p))), p, "payload " + strconv.Itoa(i), nil})
	}
	p := svixPayloads[0]
	stale, future := now.Add(-6*time.Minute), now.Add(6*time.Minute)
	good := v.Sign("m", now, []byte(p))
	cases = append(cases,
		verifyCase{secret, hdr("m", now, vo.Sign("m", now, []byte(p))), p, "other secret", ErrWebhookBadSignature},
		verifyCase{secret, hdr("m", now, good), p + "x", "tampered body", ErrWebhookBadSignature},
		verifyCase{secret, hdr("m2", now, good), p, "other id", ErrWebhookBadSignature},
		verifyCase{secret, hdr("m", stale, v.Sign("m", stale, []byte(p))), p, "stale", ErrWebhookStaleTimestamp},
		verifyCase{secret, hdr("m", future, v.Sign("m", future, []byte(p))), p, "future", ErrWebhookFutureTimestamp},
		verifyCase{secret, hdr("m", now, "v2,"+strings.TrimPrefix(good, "v1,")), p, "only v2", ErrWebhookBadSignature},
		verifyCase{secret, hdr("m", now, vo.Sign("m", now, []byte(p))+" "+good), p, "two signatures", nil},
		verifyCase{strings.TrimPrefix(secret, "whsec_"), hdr("m", now, good), p, "bare base64 secret", nil},
	)
	var res []struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	svixOracle(t, "verify", cases, &res)
	if len(res) != len(cases) {
		t.Fatalf("svix returned %d results for %d cases", len(res), len(cases))
	}
	for i, c := range cases {
		if res[i].OK != (c.want == nil) {
			t.Errorf("%s: svix ok=%v (%s), want ok=%v", c.name, res[i].OK, res[i].Error, c.want == nil)
		}
		vv, err := NewWebhookVerifier(c.Secret, WithWebhookClock(func() time.Time { return now }))
		if err != nil {
			t.Fatal(err)
		}
		r := webhookRequest(c.Headers["svix-id"], 0, c.Headers["svix-signature"], c.Payload)
		r.Header.Set("svix-timestamp", c.Headers["svix-timestamp"])
		if err := vv.VerifySignature(r.Header, []byte(c.Payload)); !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
			t.Errorf("%s: Go = %v, want %v (svix: %q)", c.name, err, c.want, res[i].Error)
		}
	}
}
