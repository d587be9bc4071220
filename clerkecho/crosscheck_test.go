package clerkecho_test

import (
	"net/http"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkecho"
	"github.com/gobapi/clerk/internal/adaptertest"
	"github.com/labstack/echo/v4"
)

// TestMatrixAsTheRootMiddleware runs the requests of the root package's
// handshake-flow cross-check with @clerk/backend through an Echo server,
// in the optional, session-required and auth-required modes, and compares
// each answer (status, every header, body, what the handler saw) with
// the root net/http middleware's.
func TestMatrixAsTheRootMiddleware(t *testing.T) {
	t.Parallel()
	n := adaptertest.Compare(t, func(v *clerk.Verifier, mode clerk.GateMode) http.Handler {
		var mw echo.MiddlewareFunc
		switch mode {
		case clerk.GateOptional:
			mw = clerkecho.Middleware(v)
		case clerk.GateRequireSession:
			mw = clerkecho.RequireSession(v)
		default:
			mw = clerkecho.RequireAuth(v)
		}
		e := echo.New()
		e.Use(mw)
		e.Any("/*", func(c echo.Context) error {
			s, _ := clerkecho.Claims(c)
			m, _ := clerkecho.Machine(c)
			st, _ := clerkecho.State(c)
			adaptertest.WriteSaw(c.Response(), s, m, st)
			return nil
		})
		return e
	})
	t.Logf("%d requests answered as the root middleware answers them", n)
}
