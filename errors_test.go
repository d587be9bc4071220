package clerk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestAPIErrorFromEnvelope(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Clerk-Trace-Id", "trace_header")
		jsonHandler(404, `{"errors":[{"code":"resource_not_found","message":"not found","long_message":"User not found","meta":{"param_name":"user_id"}}],"clerk_trace_id":"trace_body"}`)(w, r)
	})
	c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
	_, err := c.API().GetUserWithResponse(context.Background(), "user_1")
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
	const wantMsg = "clerk: GET /v1/users/user_1: 404 Not Found: resource_not_found: not found (trace trace_body)"
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
	_, err := c.API().GetUserListWithResponse(ctx, nil)
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
