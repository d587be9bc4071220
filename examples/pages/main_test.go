package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
)

// lineWriter hands the address run prints to a channel.
type lineWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	addr chan string
	once sync.Once
}

var listening = regexp.MustCompile(`listening on (http://\S+)\n`)

func (w *lineWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := listening.FindStringSubmatch(w.buf.String()); m != nil {
		w.once.Do(func() { w.addr <- m[1] })
	}
	return len(p), nil
}

func (w *lineWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// TestRun serves on ADDR=127.0.0.1:0 against clerktest, answers / and
// /api/me signed out, and stops cleanly when its context ends; the secret
// key never reaches the output.
func TestRun(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	env := map[string]string{
		"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_PUBLISHABLE_KEY": srv.PublishableKey,
		"CLERK_API_URL": srv.URL, "ADDR": "127.0.0.1:0",
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &lineWriter{addr: make(chan string, 1)}
	code := make(chan int, 1)
	go func() { code <- run(ctx, out, func(k string) string { return env[k] }) }()
	var base string
	select {
	case base = <-out.addr:
	case c := <-code:
		t.Fatalf("exit %d before listening:\n%s", c, out)
	case <-time.After(30 * time.Second):
		t.Fatalf("not listening after 30s:\n%s", out)
	}
	for path, want := range map[string]int{"/": 200, "/api/me": 401} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	cancel()
	if c := <-code; c != 0 {
		t.Errorf("exit %d:\n%s", c, out)
	}
	if strings.Contains(out.String(), srv.SecretKey) {
		t.Error("output shows the secret key")
	}
}

// TestRunConfigError: without the keys, run says which variables are
// missing and exits 2.
func TestRunConfigError(t *testing.T) {
	t.Parallel()
	out := &lineWriter{addr: make(chan string, 1)}
	if c := run(context.Background(), out, func(string) string { return "" }); c != 2 {
		t.Errorf("exit %d, want 2", c)
	}
	if s := out.String(); !strings.Contains(s, "CLERK_SECRET_KEY") || !strings.Contains(s, "CLERK_PUBLISHABLE_KEY") {
		t.Errorf("output %q does not name the missing variables", s)
	}
}
