package clerk

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is a syntactically valid secret key; tests assert it never leaks.
const testKey = "sk_test_S3CRETvalue0123456789"

// seen is what the test server recorded about one request.
type seen struct {
	Method  string
	Path    string // escaped
	Query   string
	Body    string
	Headers http.Header
}

// server is an httptest server with the handler mounted under /v1/, so that
// a request that ignores the base path fails the test.
type server struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []seen
}

func newServer(t *testing.T, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{}
	// No ServeMux: it would clean or redirect escaped paths under test.
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.EscapedPath(), "/v1/") {
			t.Errorf("request outside /v1/: %s %s", r.Method, r.URL.EscapedPath())
			http.Error(w, "outside /v1/", http.StatusTeapot)
			return
		}
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, seen{
			Method:  r.Method,
			Path:    r.URL.EscapedPath(),
			Query:   r.URL.RawQuery,
			Body:    string(body),
			Headers: r.Header.Clone(),
		})
		s.mu.Unlock()
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h(w, r)
	})
	s.Server = httptest.NewServer(root)
	t.Cleanup(s.Close)
	return s
}

// requests returns a copy of the recorded requests.
func (s *server) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

// waits records the waits the transport asked for instead of sleeping.
type waits struct {
	mu sync.Mutex
	ds []time.Duration
}

func (w *waits) sleep(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.ds = append(w.ds, d)
	w.mu.Unlock()
	return ctx.Err()
}

func (w *waits) get() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]time.Duration(nil), w.ds...)
}

// newTestClient returns a client for s that never really sleeps.
func newTestClient(t *testing.T, s *server, opts ...Option) (*Client, *waits) {
	t.Helper()
	w := &waits{}
	all := append([]Option{WithBaseURL(s.URL + "/v1"), withSleep(w.sleep)}, opts...)
	c, err := NewClient(testKey, all...)
	if err != nil {
		t.Fatalf("NewClient: %v", err)
	}
	return c, w
}

// jsonHandler replies with status and body as application/json.
func jsonHandler(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// assertNoSecret fails if s contains the secret key or any long part of it.
func assertNoSecret(t *testing.T, what, s string) {
	t.Helper()
	for _, bad := range []string{testKey, strings.TrimPrefix(testKey, "sk_test_"), "S3CRET", "Bearer", "Authorization"} {
		if strings.Contains(s, bad) {
			t.Errorf("%s contains %q: %s", what, bad, s)
		}
	}
}

// parseSources parses the package's non-test Go files with mode.
func parseSources(t *testing.T, mode parser.Mode) (*token.FileSet, []*ast.File) {
	t.Helper()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, mode)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return fset, files
}
