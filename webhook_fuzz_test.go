package clerk

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// FuzzDecodeWebhookEvent holds the envelope decoder to encoding/json: it
// never panics, accepts only valid JSON, and agrees on the members it reads.
func FuzzDecodeWebhookEvent(f *testing.F) {
	f.Add([]byte(webhookBody))
	f.Add([]byte(`{"type":"a","data":null,"timestamp":1.5e3,"event_attributes":{"http_request":{}}}`))
	f.Add([]byte(`{"type":"a\u00e9","data":[{"x":"\ud83d\ude00"}],"instance_id":null}`))
	f.Add([]byte(`{"type":"a","type":"b"}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		ev, err := decodeWebhookEvent(body)
		if err != nil {
			return
		}
		if !json.Valid(body) {
			t.Fatalf("accepted invalid JSON %q", body)
		}
		// A map keeps member names exact (a struct would match them
		// case-insensitively); the last duplicate wins in both.
		var m map[string]json.RawMessage
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("encoding/json rejects %q: %v", body, err)
		}
		var typ, inst string
		if err := json.Unmarshal(m["type"], &typ); err != nil || typ != ev.Type {
			t.Fatalf("type %q, encoding/json %q (%v)", ev.Type, typ, err)
		}
		if raw, ok := m["instance_id"]; ok {
			if err := json.Unmarshal(raw, &inst); err != nil || inst != ev.InstanceID {
				t.Fatalf("instance_id %q, encoding/json %q (%v)", ev.InstanceID, inst, err)
			}
		}
		if raw, ok := m["data"]; ok && !bytes.Equal(ev.Data, raw) {
			t.Fatalf("data %q, encoding/json %q", ev.Data, raw)
		}
		if raw, ok := m["timestamp"]; ok && string(raw) != "null" {
			var ts float64
			if err := json.Unmarshal(raw, &ts); err != nil || ev.Timestamp != time.UnixMilli(int64(ts)) {
				t.Fatalf("timestamp %v, encoding/json %v (%v)", ev.Timestamp, ts, err)
			}
		}
	})
}
