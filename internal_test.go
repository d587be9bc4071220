package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
)

func TestRequireID(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id      string
		wantErr bool
	}{
		{"", true},
		{".", true},
		{"..", true},
		{"...", true},
		{"user_123", false},
		{"a.b", false},
		{"../x", false}, // escaped by the generated client: one segment
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			err := requireID("userID", tt.id)
			if got := err != nil; got != tt.wantErr {
				t.Fatalf("requireID(%q) = %v, want error %v", tt.id, err, tt.wantErr)
			}
			if err != nil && !errors.Is(err, ErrInvalidParams) {
				t.Errorf("requireID(%q) error does not wrap ErrInvalidParams", tt.id)
			}
		})
	}
}

func TestPathEscaping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		id   string
		want string
	}{
		{"user_123", "/v1/users/user_123"},
		{"a/b", "/v1/users/a%2Fb"},
		{"a?b=c", "/v1/users/a%3Fb=c"},
		{"a#b", "/v1/users/a%23b"},
		{"../organizations", "/v1/users/..%2Forganizations"},
		{"%2e%2e", "/v1/users/%252e%252e"},
		{"a b", "/v1/users/a%20b"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(200, `{"id":"x","object":"user"}`))
			c, _ := newTestClient(t, s)
			if _, err := bapi.New(c).GetUserWithResponse(context.Background(), tt.id); err != nil {
				t.Fatalf("GetUser(%q): %v", tt.id, err)
			}
			reqs := s.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			got := reqs[0].Method + " " + reqs[0].Path + "?" + reqs[0].Query
			if want := "GET " + tt.want + "?"; got != want {
				t.Errorf("request = %q, want %q", got, want)
			}
		})
	}
}

// TestDotIDsChangeTheRoute shows why requireID exists: the generated client
// resolves dot segments, so ".." would reach another endpoint.
func TestDotIDsChangeTheRoute(t *testing.T) {
	t.Parallel()
	s := newServer(t, jsonHandler(200, `{}`))
	c, _ := newTestClient(t, s)
	bapi.New(c).GetUserWithResponse(context.Background(), "..")
	got := s.requests()
	if len(got) != 1 || got[0].Path != "/v1/" {
		t.Errorf("GET user \"..\" reached %+v; if the generated client stopped resolving dot segments, requireID may relax", got)
	}
}

func TestResult(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
		status      int
		body        string
		wantID      string
		wantErrType string // "", "decode", "unexpected", "api"
	}{
		{"ok", "application/json", 200, `{"id":"user_1","object":"user"}`, "user_1", ""},
		{"invalid JSON", "application/json", 200, `{"id":`, "", "decode"},
		{"wrong type", "application/json", 200, `{"id":42}`, "", "decode"},
		{"HTML 200", "text/html", 200, `<html>hi</html>`, "", "unexpected"},
		{"no content type", "", 200, `{"id":"user_1"}`, "", "unexpected"},
		{"201 not documented", "application/json", 201, `{"id":"user_1"}`, "", "unexpected"},
		{"404", "application/json", 404, `{"errors":[]}`, "", "api"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			c, _ := newTestClient(t, s)
			resp, err := c.api.GetUser(context.Background(), "user_1")
			u, err := decode[gen.User]("get user", resp, err)
			var gotType string
			var (
				decErr *DecodeError
				apiErr *APIError
			)
			switch {
			case err == nil:
			case errors.As(err, &decErr) && errors.Is(err, ErrUnexpectedResponse):
				gotType = "unexpected"
			case errors.As(err, &decErr):
				gotType = "decode"
			case errors.As(err, &apiErr):
				gotType = "api"
			default:
				gotType = fmt.Sprintf("%T", err)
			}
			if gotType != tt.wantErrType {
				t.Fatalf("error = %v (%s), want kind %q", err, gotType, tt.wantErrType)
			}
			if err != nil {
				if u != nil {
					t.Errorf("decode returned a value with an error")
				}
				if gotType != "api" && !strings.HasPrefix(err.Error(), "clerk: decoding get user response: ") {
					t.Errorf("Error() = %q", err)
				}
				if gotType != "api" && (strings.Contains(err.Error(), "html") || strings.Contains(err.Error(), "user_1")) {
					t.Errorf("Error() echoes the body: %q", err)
				}
				return
			}
			if u.ID != tt.wantID {
				t.Errorf("ID = %q, want %q", u.ID, tt.wantID)
			}
		})
	}
}

func TestNoContentAndEncodeErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	c, _ := newTestClient(t, s)
	resp, err := c.api.DeleteUser(context.Background(), "user_1")
	if err := noContent("delete user", resp, err); err != nil {
		t.Errorf("noContent on 204 = %v", err)
	}
	// A request body that cannot be encoded never reaches the server.
	err = callError("create user", &json.UnsupportedValueError{Str: "NaN"})
	if !errors.Is(err, ErrInvalidParams) {
		t.Errorf("callError(encode failure) = %v, want ErrInvalidParams", err)
	}
}

// TestBufferedBytes: decode reads the transport's buffer in place, and
// falls back to reading what is left of a body someone has started on.
func TestBufferedBytes(t *testing.T) {
	t.Parallel()
	all := []byte(`{"id":"user_1"}`)
	b := &bufferedBody{Reader: bytes.NewReader(all), all: all}
	got, err := bufferedBytes(b)
	if err != nil || &got[0] != &all[0] {
		t.Fatalf("bufferedBytes copied the untouched buffer (err %v)", err)
	}
	var first [2]byte
	_, _ = b.Read(first[:])
	got, err = bufferedBytes(b)
	if err != nil || string(got) != `id":"user_1"}` {
		t.Fatalf("after a partial read: %q, %v", got, err)
	}
	got, err = bufferedBytes(strings.NewReader("plain"))
	if err != nil || string(got) != "plain" {
		t.Fatalf("plain reader: %q, %v", got, err)
	}
}
