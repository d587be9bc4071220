package clerkecho

import (
	"net/http"

	"github.com/gobapi/clerk"
	"github.com/labstack/echo/v4"
)

// Option configures the middleware.
type Option func(*config)

type config struct {
	onRefused func(c echo.Context, st clerk.RequestState)
}

// OnRefused calls fn with the state of each request the middleware answers
// itself instead of running the next handler: a refusal (its Reason and
// Err say why; the client only sees 401), a handshake redirect (Status
// clerk.AuthHandshake) or a failed handshake. fn must not write the
// response.
func OnRefused(fn func(c echo.Context, st clerk.RequestState)) Option {
	return func(cfg *config) { cfg.onRefused = fn }
}

// Middleware is clerk's Verifier.Middleware for Echo: every request goes
// on, with its claims when signed in (Claims, Machine) and otherwise its
// state (State); page loads that need Clerk's handshake are redirected.
func Middleware(v *clerk.Verifier, opts ...Option) echo.MiddlewareFunc {
	return gate(v, clerk.GateOptional, opts)
}

// RequireSession is clerk's Verifier.RequireSession for Echo: only a
// signed-in session goes on; other requests are answered by the verifier's
// failure handler (by default 401 without detail). Machine tokens are
// refused; see RequireAuth.
func RequireSession(v *clerk.Verifier, opts ...Option) echo.MiddlewareFunc {
	return gate(v, clerk.GateRequireSession, opts)
}

// RequireAuth is clerk's Verifier.RequireAuth for Echo: a session or a
// machine token of a type the verifier accepts (WithAcceptedTokens) goes
// on; other requests are refused as by RequireSession.
func RequireAuth(v *clerk.Verifier, opts ...Option) echo.MiddlewareFunc {
	return gate(v, clerk.GateRequireAuth, opts)
}

func gate(v *clerk.Verifier, mode clerk.GateMode, opts []Option) echo.MiddlewareFunc {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			g := v.Gate(c.Response(), c.Request(), mode)
			if g.Request == nil {
				if cfg.onRefused != nil {
					cfg.onRefused(c, g.State)
				}
				return nil
			}
			c.SetRequest(g.Request)
			return next(c)
		}
	}
}

// Claims returns the verified session claims of a request that the
// middleware signed in.
func Claims(c echo.Context) (*clerk.SessionClaims, bool) {
	return clerk.SessionFromContext(c.Request().Context())
}

// Machine returns the verified claims of a machine token (API key, M2M or
// OAuth token) that RequireAuth or Middleware accepted.
func Machine(c echo.Context) (*clerk.MachineClaims, bool) {
	return clerk.MachineFromContext(c.Request().Context())
}

// State returns the state of a request that Middleware let through without
// claims: its Reason says why it is not signed in.
func State(c echo.Context) (*clerk.RequestState, bool) {
	return clerk.RequestStateFromContext(c.Request().Context())
}

// Require is a guard for routes behind the middleware: a request whose
// session passes chk (clerk's SessionClaims.Has: role, permission, feature,
// plan, reverification) goes on; one without a session is answered 401,
// one that fails chk 403, both without detail.
func Require(chk clerk.Check) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			s, ok := Claims(c)
			switch {
			case !ok:
				c.Response().Header().Set("WWW-Authenticate", "Bearer")
				return c.NoContent(http.StatusUnauthorized)
			case !s.Has(chk):
				return c.NoContent(http.StatusForbidden)
			}
			return next(c)
		}
	}
}

// RequireRole is Require for an organization role ("admin" or
// "org:admin").
func RequireRole(role string) echo.MiddlewareFunc { return Require(clerk.Check{Role: role}) }

// RequirePermission is Require for an organization permission
// ("org:invoices:read").
func RequirePermission(permission string) echo.MiddlewareFunc {
	return Require(clerk.Check{Permission: permission})
}
