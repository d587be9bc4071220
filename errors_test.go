package clerk

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

func TestAPIErrorFromEnvelope(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Clerk-Trace-Id", "trace_header")
		jsonHandler(404, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"User not found","meta":{"param_name":"user_id"}}],"clerk_trace_id":"trace_body"}`)(w, r)
	})
	c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
	_, err := bapi.New(c).GetUserWithResponse(context.Background(), "user_1")
	var got *APIError
	if !errors.As(err, &got) {
		t.Fatalf("error %T (%v) is not *APIError", err, err)
	}
	want := &APIError{
		StatusCode: 404,
		Errors: []ErrorDetail{{
			Code: "resource_not_found", Message: "not found", LongMessage: "User not found",
			Meta: map[string]any{"param_name": "user_id"},
		}},
		TraceID: "trace_body",
		Method:  "GET",
		Path:    "/v1/users/user_1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("APIError mismatch (-want +got):\n%s", diff)
	}
	if !IsNotFound(err) || IsRateLimited(err) || !HasErrorCode(err, "resource_not_found") || HasErrorCode(err, "other") {
		t.Errorf("helpers disagree with %v", err)
	}
	const wantMsg = "clerk: GET /v1/users/user_1: 404 Not Found: resource_not_found: User not found (param user_id) (trace trace_body)"
	if got := err.Error(); got != wantMsg {
		t.Errorf("Error() = %q, want %q", got, wantMsg)
	}
}

func TestRequestErrorContext(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	})
	defer close(block)
	c, _ := newTestClient(t, s)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := bapi.New(c).GetUserListWithResponse(ctx, nil)
	var re *RequestError
	if !errors.As(err, &re) {
		t.Fatalf("error %T (%v) is not *RequestError", err, err)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("errors.Is(%v, DeadlineExceeded) = false", err)
	}
	if !strings.HasPrefix(err.Error(), "clerk: GET /v1/users: ") {
		t.Errorf("Error() = %q", err)
	}
}

func TestAPIErrorBodyShapes(t *testing.T) {
	t.Parallel()
	huge := `{"errors":[{"code":"big","message":"m","long_message":"l"}],"pad":"` + strings.Repeat("x", maxErrorBody) + `"}`
	tests := []struct {
		name        string
		status      int
		contentType string
		traceHeader string
		body        string
		want        *APIError
		wantMsg     string
	}{
		{
			name: "multiple errors", status: 422, contentType: "application/json",
			body: `{"errors":[{"code":"form_identifier_exists","message":"taken","long_message":"That email address is taken."},{"code":"form_password_pwned","message":"pwned","long_message":"l2","meta":{"param_name":"password"}}],"meta":{}}`,
			want: &APIError{StatusCode: 422, Errors: []ErrorDetail{
				{Code: "form_identifier_exists", Message: "taken", LongMessage: "That email address is taken."},
				{Code: "form_password_pwned", Message: "pwned", LongMessage: "l2", Meta: map[string]any{"param_name": "password"}},
			}},
			wantMsg: "clerk: POST /v1/users: 422 Unprocessable Entity: form_identifier_exists: That email address is taken.; form_password_pwned: l2 (param password)",
		},
		{
			name: "trace id in header only", status: 400, contentType: "application/json", traceHeader: "trace_h",
			body:    `{"errors":[{"code":"bad","message":"bad request"}]}`,
			want:    &APIError{StatusCode: 400, TraceID: "trace_h", Errors: []ErrorDetail{{Code: "bad", Message: "bad request"}}},
			wantMsg: "clerk: POST /v1/users: 400 Bad Request: bad: bad request (trace trace_h)",
		},
		{
			name: "trace id in body wins over header", status: 403, contentType: "application/json", traceHeader: "trace_h",
			body: `{"errors":[],"clerk_trace_id":"trace_b"}`,
			want: &APIError{StatusCode: 403, TraceID: "trace_b"},
		},
		{
			name: "message with newline stays one line", status: 400, contentType: "application/json",
			body:    `{"errors":[{"code":"c","message":"m","long_message":"line1\nline2"}]}`,
			want:    &APIError{StatusCode: 400, Errors: []ErrorDetail{{Code: "c", Message: "m", LongMessage: "line1\nline2"}}},
			wantMsg: "clerk: POST /v1/users: 400 Bad Request: c: line1 line2",
		},
		{
			name: "empty body", status: 401, contentType: "",
			want:    &APIError{StatusCode: 401},
			wantMsg: "clerk: POST /v1/users: 401 Unauthorized",
		},
		{
			name: "HTML 502", status: 502, contentType: "text/html", traceHeader: "trace_edge",
			body:    `<html><body><h1>502 Bad Gateway</h1></body></html>`,
			want:    &APIError{StatusCode: 502, TraceID: "trace_edge"},
			wantMsg: "clerk: POST /v1/users: 502 Bad Gateway (trace trace_edge)",
		},
		{
			name: "truncated JSON", status: 500, contentType: "application/json",
			body: `{"errors":[{"code":"internal","mess`,
			want: &APIError{StatusCode: 500},
		},
		{
			name: "huge body over the limit", status: 400, contentType: "application/json",
			body: huge,
			want: &APIError{StatusCode: 400},
		},
		{
			name: "JSON but not the envelope", status: 409, contentType: "application/json",
			body: `["unexpected"]`,
			want: &APIError{StatusCode: 409},
		},
		{
			name: "seven errors: five named", status: 422, contentType: "application/json",
			body:    `{"errors":[{"code":"a1"},{"code":"a2"},{"code":"a3"},{"code":"a4"},{"code":"a5"},{"code":"a6"},{"code":"a7"}]}`,
			want:    &APIError{StatusCode: 422, Errors: []ErrorDetail{{Code: "a1"}, {Code: "a2"}, {Code: "a3"}, {Code: "a4"}, {Code: "a5"}, {Code: "a6"}, {Code: "a7"}}},
			wantMsg: "clerk: POST /v1/users: 422 Unprocessable Entity: a1; a2; a3; a4; a5 (and 2 more)",
		},
		{
			name: "unknown status", status: 499, contentType: "application/json",
			body:    `{"errors":[{"code":"c","message":"m","long_message":"l"}]}`,
			want:    &APIError{StatusCode: 499, Errors: []ErrorDetail{{Code: "c", Message: "m", LongMessage: "l"}}},
			wantMsg: "clerk: POST /v1/users: 499: c: l",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				if tt.traceHeader != "" {
					w.Header().Set("Clerk-Trace-Id", tt.traceHeader)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
			_, err := bapi.New(c).CreateUserWithResponse(context.Background(), gen.CreateUserJSONRequestBody{})
			var got *APIError
			if !errors.As(err, &got) {
				t.Fatalf("error %T (%v) is not *APIError", err, err)
			}
			tt.want.Method, tt.want.Path = "POST", "/v1/users"
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("APIError mismatch (-want +got):\n%s", diff)
			}
			msg := err.Error()
			if tt.wantMsg != "" && msg != tt.wantMsg {
				t.Errorf("Error() = %q, want %q", msg, tt.wantMsg)
			}
			if !strings.HasPrefix(msg, "clerk: ") || strings.ContainsAny(msg, "\r\n") || len(msg) > 500 {
				t.Errorf("Error() = %q, want one short line prefixed \"clerk: \"", msg)
			}
			assertNoSecret(t, "Error()", msg)
		})
	}
}

func TestErrorHelpers(t *testing.T) {
	t.Parallel()
	wrapped := fmt.Errorf("context: %w", &APIError{StatusCode: 422, Errors: []ErrorDetail{{Code: "form_identifier_exists"}}})
	tests := []struct {
		name                   string
		err                    error
		notFound, rateLimited  bool
		hasIdentifierExistsErr bool
	}{
		{"nil", nil, false, false, false},
		{"plain", errors.New("x"), false, false, false},
		{"404", &APIError{StatusCode: 404}, true, false, false},
		{"429", &APIError{StatusCode: 429}, false, true, false},
		{"wrapped 422 with code", wrapped, false, false, true},
		{"request error", &RequestError{Method: "GET", Path: "/", Err: context.Canceled}, false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := []bool{IsNotFound(tt.err), IsRateLimited(tt.err), HasErrorCode(tt.err, "form_identifier_exists")}
			want := []bool{tt.notFound, tt.rateLimited, tt.hasIdentifierExistsErr}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("IsNotFound, IsRateLimited, HasErrorCode mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestStripURL(t *testing.T) {
	t.Parallel()
	inner := &url.Error{Op: "Get", URL: "https://api.clerk.com/v1/users?email_address=a@b.c", Err: context.DeadlineExceeded}
	tests := []struct {
		name string
		err  error
	}{
		{"top level", inner},
		{"wrapped", fmt.Errorf("outer: %w", inner)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := stripURL(tt.err)
			if strings.Contains(got.Error(), "email_address") || strings.Contains(got.Error(), "https://") {
				t.Errorf("stripURL(...).Error() = %q, still has the URL", got)
			}
			if !errors.Is(got, context.DeadlineExceeded) {
				t.Errorf("stripURL lost the cause chain")
			}
		})
	}
}
