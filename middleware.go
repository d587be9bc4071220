package clerk

import (
	"context"
	"errors"
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
// next without claims; RequestStateFromContext tells next why.
//
// It does Clerk's handshake for the user: a browser page load whose
// session needs one (an expired token, a first visit on a development
// instance, a satellite to sync) is answered with a 307 redirect to the
// Frontend API and never reaches next; the page load that comes back is
// signed in with the new cookies set on the response. The headers of
// RequestState.Headers (Set-Cookie, the x-clerk-auth-* debug headers) are
// put on every response. A handshake that fails where Clerk fails
// (ErrHandshakeFailed) is answered 500.
//
// The verifier is silent by design: it has no default logger and writes
// nothing unless given [WithAuthLogger]. That includes the redirect-loop
// guard: where @clerk/backend prints to the console that refreshing the
// session resulted in an infinite redirect loop (usually mismatched
// publishable and secret keys), this package logs one line at Warn to
// WithAuthLogger's logger and nothing without it; the request is then
// signed out and its x-clerk-auth-reason header still names the reason.
func (v *Verifier) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.AuthenticateRequest(r)
		if v.answerHandshake(w, r, &st) {
			return
		}
		st.applyHeaders(w)
		switch {
		case v.signedIn(&st):
			r = r.WithContext(ContextWithSession(r.Context(), st.Claims))
		case st.Status == AuthSignedIn && st.Machine != nil:
			r = r.WithContext(ContextWithMachine(r.Context(), st.Machine))
		default:
			v.logRefused(r, &st, slog.LevelDebug, "clerk: request not signed in")
			r = r.WithContext(context.WithValue(r.Context(), stateKey{}, &st))
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
// Page loads get Clerk's handshake as with Middleware: a browser document
// request that needs one is redirected (307) and never reaches next or the
// failure handler; API requests (fetch, curl, POST) are never redirected.
//
// To see why requests are refused, give the verifier [WithAuthLogger]: each
// refusal is logged at Info with Clerk's reason code (such as
// "token-expired" or "token-invalid-issuer"), or handle them yourself with
// [WithFailureHandler], whose RequestState carries Reason and Err.
func (v *Verifier) RequireSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := v.authenticate(r, true)
		if v.answerHandshake(w, r, &st) {
			return
		}
		st.applyHeaders(w)
		if !v.signedIn(&st) {
			v.logRefused(r, &st, slog.LevelInfo, "clerk: request refused")
			v.onFailure(w, r, st)
			return
		}
		next.ServeHTTP(w, r.WithContext(ContextWithSession(r.Context(), st.Claims)))
	})
}

type stateKey struct{}

// RequestStateFromContext returns the state of a request that Middleware
// let through without a session: its Reason, Message and Err say why (for
// example "session-token-and-uat-missing" for a visitor without cookies).
func RequestStateFromContext(ctx context.Context) (*RequestState, bool) {
	st, ok := ctx.Value(stateKey{}).(*RequestState)
	return st, ok && st != nil
}

// answerHandshake answers the requests Clerk answers itself: a handshake
// or a development instance's resolved handshake with a 307 redirect to
// its Location, and a failed handshake (ErrHandshakeFailed) with 500. It
// reports whether it answered.
func (v *Verifier) answerHandshake(w http.ResponseWriter, r *http.Request, st *RequestState) bool {
	switch {
	case errors.Is(st.Err, ErrHandshakeFailed):
		v.logRefused(r, st, slog.LevelError, "clerk: handshake failed")
		st.applyHeaders(w)
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, http.StatusText(http.StatusInternalServerError), http.StatusInternalServerError)
		return true
	case st.redirects():
		v.logRefused(r, st, slog.LevelDebug, "clerk: handshake redirect")
		st.applyHeaders(w)
		w.Header().Set("Location", st.headers.Get("Location"))
		w.WriteHeader(http.StatusTemporaryRedirect)
		return true
	}
	return false
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
