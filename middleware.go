package clerk

import (
	"context"
	"log/slog"
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
		default:
			v.logRefused(r, &st, slog.LevelDebug, "clerk: request not signed in")
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
//
// To see why requests are refused, give the verifier [WithAuthLogger]: each
// refusal is logged at Info with Clerk's reason code (such as
// "token-expired" or "token-invalid-issuer"), or handle them yourself with
// [WithFailureHandler], whose RequestState carries Reason and Err.
func (v *Verifier) RequireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.authenticate(r, true)
		if !v.signedIn(&st) {
			v.logRefused(r, &st, slog.LevelInfo, "clerk: request refused")
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

// refusalReason is the reason a request is not signed in: Clerk's reason
// code, or "session-pending" for a pending session the middleware refuses.
func refusalReason(st *RequestState) string {
	if st.Reason == "" && st.Status == AuthSignedIn && st.Claims != nil && st.Claims.Status == SessionPending {
		return "session-pending"
	}
	return st.Reason
}

// logRefused logs a request that is not signed in to WithAuthLogger's
// logger: method, path (no query), status, reason, token type and source,
// and the verification error. Never the token or a cookie.
func (v *Verifier) logRefused(r *http.Request, st *RequestState, level slog.Level, msg string) {
	if v.logger == nil || !v.logger.Enabled(r.Context(), level) {
		return
	}
	attrs := []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("status", string(st.Status)),
		slog.String("reason", refusalReason(st)),
	}
	if st.TokenType != "" {
		attrs = append(attrs, slog.String("token_type", string(st.TokenType)))
	}
	if st.TokenSource != "" {
		attrs = append(attrs, slog.String("token_source", st.TokenSource))
	}
	if st.Err != nil {
		attrs = append(attrs, slog.String("error", capText(oneLine(st.Err.Error()), maxServerText)))
	}
	v.logger.LogAttrs(r.Context(), level, msg, attrs...)
}
