package clerk

import (
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"
)

// TestAttemptTimeout: the http.Client's Timeout still bounds each attempt,
// while waiting for headers and while reading the body, after it moved
// into the transport.
func TestAttemptTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
	}{
		{"headers", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
		{"body", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"id":"user_1",`)
			w.(http.Flusher).Flush()
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, tc.h)
			c, _ := newTestClient(t, s, WithHTTPClient(&http.Client{Timeout: 200 * time.Millisecond}),
				WithRetry(RetryPolicy{}))
			start := time.Now()
			_, err := c.Users.Get(context.Background(), "user_1")
			var re *RequestError
			if !errors.As(err, &re) || !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("err = %v (%T), want a *RequestError wrapping context.DeadlineExceeded", err, err)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("the attempt took %v; the timeout is 200ms", d)
			}
		})
	}
}

// TestDefaultClientKeepsBuffer: with the default client (which has a
// timeout), a 2xx body reaches the caller as the transport's buffer, so
// decode reads it in place, and an error body is still read in full.
func TestDefaultClientKeepsBuffer(t *testing.T) {
	t.Parallel()
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/users/user_404" {
			jsonHandler(http.StatusNotFound, `{"errors":[{"code":"resource_not_found","message":"not found"}]}`)(w, r)
			return
		}
		jsonHandler(http.StatusOK, `{"id":"user_1","object":"user"}`)(w, r)
	})
	c, _ := newTestClient(t, s)
	resp, err := c.api.GetUser(context.Background(), "user_1")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, ok := resp.Body.(*bufferedBody); !ok {
		t.Fatalf("body is %T, want *bufferedBody", resp.Body)
	}
	_, err = c.Users.Get(context.Background(), "user_404")
	var ae *APIError
	if !errors.As(err, &ae) || ae.StatusCode != http.StatusNotFound || len(ae.Errors) != 1 || ae.Errors[0].Code != "resource_not_found" {
		t.Fatalf("err = %#v, want the 404 with its error entry", err)
	}
}
