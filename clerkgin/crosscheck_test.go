package clerkgin_test

import (
	"net/http"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgin"
	"github.com/gobapi/clerk/internal/adaptertest"
)

func init() { gin.SetMode(gin.ReleaseMode) }

// TestMatrixAsTheRootMiddleware runs the requests of the root package's
// handshake-flow cross-check with @clerk/backend through a Gin engine, in
// the optional, session-required and auth-required modes, and compares
// each answer (status, every header, body, what the handler saw) with
// the root net/http middleware's.
func TestMatrixAsTheRootMiddleware(t *testing.T) {
	t.Parallel()
	n := adaptertest.Compare(t, func(v *clerk.Verifier, mode clerk.GateMode) http.Handler {
		var mw gin.HandlerFunc
		switch mode {
		case clerk.GateOptional:
			mw = clerkgin.Middleware(v)
		case clerk.GateRequireSession:
			mw = clerkgin.RequireSession(v)
		default:
			mw = clerkgin.RequireAuth(v)
		}
		e := gin.New()
		e.Use(mw)
		e.Any("/*path", func(c *gin.Context) {
			s, _ := clerkgin.Claims(c)
			m, _ := clerkgin.Machine(c)
			st, _ := clerkgin.State(c)
			adaptertest.WriteSaw(c.Writer, s, m, st)
		})
		return e
	})
	t.Logf("%d requests answered as the root middleware answers them", n)
}
