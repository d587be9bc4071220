package clerkgin

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gobapi/clerk"
)

// Option configures the middleware.
type Option func(*config)

type config struct {
	onRefused func(c *gin.Context, st clerk.RequestState)
}

// OnRefused calls fn with the state of each request the middleware answers
// itself instead of running the next handlers: a refusal (its Reason and
// Err say why; the client only sees 401), a handshake redirect (Status
// clerk.AuthHandshake) or a failed handshake. fn must not write the
// response.
func OnRefused(fn func(c *gin.Context, st clerk.RequestState)) Option {
	return func(cfg *config) { cfg.onRefused = fn }
}

// Middleware is clerk's Verifier.Middleware for Gin: every request goes on,
// with its claims when signed in (Claims, Machine) and otherwise its state
// (State); page loads that need Clerk's handshake are redirected.
func Middleware(v *clerk.Verifier, opts ...Option) gin.HandlerFunc {
	return gate(v, clerk.GateOptional, opts)
}

// RequireSession is clerk's Verifier.RequireSession for Gin: only a
// signed-in session goes on; other requests are answered by the verifier's
// failure handler (by default 401 without detail) and the chain is
// aborted. Machine tokens are refused; see RequireAuth.
func RequireSession(v *clerk.Verifier, opts ...Option) gin.HandlerFunc {
	return gate(v, clerk.GateRequireSession, opts)
}

// RequireAuth is clerk's Verifier.RequireAuth for Gin: a session or a
// machine token of a type the verifier accepts (WithAcceptedTokens) goes
// on; other requests are refused as by RequireSession.
func RequireAuth(v *clerk.Verifier, opts ...Option) gin.HandlerFunc {
	return gate(v, clerk.GateRequireAuth, opts)
}

func gate(v *clerk.Verifier, mode clerk.GateMode, opts []Option) gin.HandlerFunc {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	return func(c *gin.Context) {
		g := v.Gate(c.Writer, c.Request, mode)
		if g.Request == nil {
			c.Abort()
			if cfg.onRefused != nil {
				cfg.onRefused(c, g.State)
			}
			return
		}
		c.Request = g.Request
		c.Next()
	}
}

// Claims returns the verified session claims of a request that the
// middleware signed in.
func Claims(c *gin.Context) (*clerk.SessionClaims, bool) {
	return clerk.SessionFromContext(c.Request.Context())
}

// Machine returns the verified claims of a machine token (API key, M2M or
// OAuth token) that RequireAuth or Middleware accepted.
func Machine(c *gin.Context) (*clerk.MachineClaims, bool) {
	return clerk.MachineFromContext(c.Request.Context())
}

// State returns the state of a request that Middleware let through without
// claims: its Reason says why it is not signed in.
func State(c *gin.Context) (*clerk.RequestState, bool) {
	return clerk.RequestStateFromContext(c.Request.Context())
}

// Require is a guard for routes behind the middleware: a request whose
// session passes chk (clerk's SessionClaims.Has: role, permission, feature,
// plan, reverification) goes on; one without a session is answered 401,
// one that fails chk 403, both without detail.
func Require(chk clerk.Check) gin.HandlerFunc {
	return func(c *gin.Context) {
		s, ok := Claims(c)
		switch {
		case !ok:
			c.Header("WWW-Authenticate", "Bearer")
			c.AbortWithStatus(http.StatusUnauthorized)
		case !s.Has(chk):
			c.AbortWithStatus(http.StatusForbidden)
		default:
			c.Next()
		}
	}
}

// RequireRole is Require for an organization role ("admin" or
// "org:admin").
func RequireRole(role string) gin.HandlerFunc { return Require(clerk.Check{Role: role}) }

// RequirePermission is Require for an organization permission
// ("org:invoices:read").
func RequirePermission(permission string) gin.HandlerFunc {
	return Require(clerk.Check{Permission: permission})
}
