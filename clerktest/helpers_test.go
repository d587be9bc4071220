package clerktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// newClient starts a server and returns it with an SDK client without
// retries (tests that exercise retries build their own).
func newClient(t *testing.T, opts ...clerktest.Option) (*clerktest.Server, *clerk.Client) {
	t.Helper()
	s := clerktest.NewServer(t, opts...)
	c, err := s.Client(clerk.WithRetry(clerk.RetryPolicy{}))
	if err != nil {
		t.Fatal(err)
	}
	return s, c
}

// apiErr asserts err is a *clerk.APIError with status and first code.
func apiErr(t *testing.T, err error, status int, code string) *clerk.APIError {
	t.Helper()
	var e *clerk.APIError
	if !errors.As(err, &e) {
		t.Fatalf("err = %v (%T), want *clerk.APIError %d %s", err, err, status, code)
	}
	if e.StatusCode != status || len(e.Errors) == 0 || e.Errors[0].Code != code {
		t.Fatalf("err = %d %+v, want %d %s", e.StatusCode, e.Errors, status, code)
	}
	if e.TraceID == "" {
		t.Errorf("no trace ID on %v", e)
	}
	return e
}

// paramName returns meta.param_name of the first entry.
func paramName(e *clerk.APIError) string {
	s, _ := e.Errors[0].Meta["param_name"].(string)
	return s
}

// createUser creates a user through the generated client.
func createUser(t *testing.T, c *clerk.Client, body gen.CreateUserJSONRequestBody) *gen.User {
	t.Helper()
	resp, err := bapi.New(c).CreateUserWithResponse(context.Background(), body)
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	return resp.JSON200
}

func strp(s string) *string { return &s }

// rawResponse is a response read whole.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// do sends a raw request with the server's key (unless key is given).
func do(t *testing.T, s *clerktest.Server, method, path string, body any, key ...string) rawResponse {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = bytes.NewBufferString(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	auth := "Bearer " + s.SecretKey
	if len(key) > 0 {
		auth = key[0]
	}
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header, b}
}

// decodeStrict decodes b into v refusing unknown fields.
func decodeStrict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("strict decode into %T: %v\n%s", v, err, b)
	}
}

// metadataMap decodes a metadata object of a response.
func metadataMap(t *testing.T, raw json.RawMessage) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("metadata %s: %v", raw, err)
	}
	return m
}
