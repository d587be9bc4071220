package adaptertest

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/google/go-cmp/cmp"
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

// TestAuthenticateTokenAsTheHeader decides every bearer token of the
// matrix with AuthenticateToken and compares it with AuthenticateRequest
// for an API request carrying only that header, for verifiers accepting
// sessions, machines or both.
func TestAuthenticateTokenAsTheHeader(t *testing.T) {
	t.Parallel()
	m := Load(t)
	bapi := m.BAPI(t)
	n := 0
	for i := range m.Cases {
		c := &m.Cases[i]
		auth := c.Headers["Authorization"]
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || tok == "" || strings.Contains(tok, " ") {
			continue
		}
		for _, accepted := range [][]clerk.TokenType{nil, {clerk.TokenTypeM2MToken}, {clerk.TokenTypeSessionToken, clerk.TokenTypeAPIKey}} {
			var opts []clerk.VerifierOption
			if accepted != nil {
				opts = append(opts, clerk.WithAcceptedTokens(accepted...))
			}
			v := m.Verifier(t, c, bapi, opts...)
			r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, c.Target, nil)
			r.Header.Set("Authorization", auth)
			want := v.AuthenticateRequest(r)
			got, admitted := v.AuthenticateToken(context.Background(), tok)
			type view struct {
				Status       clerk.AuthStatus
				Reason, Type string
				Admitted     bool
			}
			w := view{want.Status, want.Reason, string(want.TokenType), want.Status == clerk.AuthSignedIn && (want.Machine != nil || want.Claims.Status != clerk.SessionPending)}
			g := view{got.Status, got.Reason, string(got.TokenType), admitted}
			if diff := cmp.Diff(w, g); diff != "" {
				t.Errorf("%s, accepted %v (-header +token):\n%s", c.Name, accepted, diff)
			}
			n++
		}
	}
	if n == 0 {
		t.Fatal("no bearer token in the matrix")
	}
	t.Logf("%d tokens decided alike", n)
}
