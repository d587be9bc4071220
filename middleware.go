package clerk

import (
	"context"
	"net/http"
)

type sessionKey struct{}

// ContextWithSession returns a copy of ctx carrying claims, for tests of
// handlers that call SessionFromContext.
func ContextWithSession(ctx context.Context, claims *SessionClaims) context.Context {
	return context.WithValue(ctx, sessionKey{}, claims)
}

// SessionFromContext returns the claims Middleware or RequireSession stored
// for a signed-in request.
func SessionFromContext(ctx context.Context) (*SessionClaims, bool) {
	c, ok := ctx.Value(sessionKey{}).(*SessionClaims)
	return c, ok && c != nil
}

// signedIn reports whether a state counts as signed in for the middleware:
// pending sessions do not unless WithPendingSessions is set.
func (v *Verifier) signedIn(st *RequestState) bool {
	if st.Status != AuthSignedIn || st.Claims == nil {
		return false
	}
	return v.allowPending || st.Claims.Status != SessionPending
}

// Middleware authenticates each request with AuthenticateRequest and, when
// it is signed in, stores the claims in the request context (read them with
// SessionFromContext, or MachineFromContext when machine tokens are
// accepted). Requests that are not signed in, for whatever reason, reach
// next without claims.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.AuthenticateRequest(r)
		switch {
		case v.signedIn(&st):
			r = r.WithContext(ContextWithSession(r.Context(), st.Claims))
		case st.Status == AuthSignedIn && st.Machine != nil:
			r = r.WithContext(ContextWithMachine(r.Context(), st.Machine))
		}
		next.ServeHTTP(w, r)
	})
}

// RequireSession is Middleware for routes that need a session: a request
// that is not signed in never reaches next; the failure handler answers it
// (by default 401 Unauthorized with `WWW-Authenticate: Bearer` and no detail
// in the body; see WithFailureHandler). Machine tokens are refused with
// token-type-mismatch without being verified, whatever WithAcceptedTokens
// says; use RequireAuth for routes that accept them.
func (v *Verifier) RequireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.authenticate(r, true)
		if !v.signedIn(&st) {
			v.onFailure(w, r, st)
			return
		}
		next.ServeHTTP(w, r.WithContext(ContextWithSession(r.Context(), st.Claims)))
	})
}

func unauthorized(w http.ResponseWriter, _ *http.Request, _ RequestState) {
	h := w.Header()
	h.Set("WWW-Authenticate", "Bearer")
	h.Set("Cache-Control", "no-store")
	http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
}
