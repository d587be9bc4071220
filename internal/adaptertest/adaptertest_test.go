package adaptertest

import (
	"net/http"
	"testing"

	"github.com/gobapi/clerk"
)

// TestGateDecidesAsTheMiddleware runs the matrix through a net/http
// handler built on clerk.Gate, the hook the framework adapters use.
func TestGateDecidesAsTheMiddleware(t *testing.T) {
	t.Parallel()
	n := Compare(t, func(v *clerk.Verifier, mode clerk.GateMode) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if g := v.Gate(w, r, mode); g.Request != nil {
				RootNext.ServeHTTP(w, g.Request)
			}
		})
	})
	if n < 300 {
		t.Errorf("compared %d requests, want the whole matrix in three modes", n)
	}
	t.Logf("%d requests answered alike", n)
}
