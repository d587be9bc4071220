package clerk

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
)

// GateMode names the net/http middleware whose decision Gate makes.
type GateMode int

// Gate modes.
const (
	// GateOptional decides as Middleware: every request goes on, with its
	// claims when signed in.
	GateOptional GateMode = iota
	// GateRequireSession decides as RequireSession: only a signed-in
	// session goes on.
	GateRequireSession
	// GateRequireAuth decides as RequireAuth: a session or a machine token
	// of an accepted type goes on.
	GateRequireAuth
)

// GateResult is what Gate decided for one request.
type GateResult struct {
	// Request is the request to hand on, carrying the claims in its
	// context (SessionFromContext, MachineFromContext) or, in GateOptional
	// mode without a session, its state (RequestStateFromContext). It is
	// nil when Gate answered the request itself.
	Request *http.Request
	// State is the decision behind it: Reason and Err say why a request
	// is not signed in.
	State RequestState
}

// Gate makes the decision of Middleware, RequireSession or RequireAuth
// (mode) for r and writes to w what they write, for adapters to HTTP
// frameworks whose handlers are not http.Handler (see the clerkgin and
// clerkecho modules). Clerk's headers (Set-Cookie, the debug headers) are
// put on w. When the request must not go on, Gate answers it the way the
// middleware does (a handshake with a 307 redirect, a failed handshake
// with 500, a refusal with the failure handler, by default 401 without
// detail) and returns a nil Request; otherwise the caller runs its next
// handler with Request.
func (v *Verifier) Gate(w http.ResponseWriter, r *http.Request, mode GateMode) GateResult {
	st := v.authenticate(r, mode == GateRequireSession)
	if v.answerHandshake(w, r, &st) {
		return GateResult{State: st}
	}
	st.applyHeaders(w)
	machine := st.Status == AuthSignedIn && st.Machine != nil
	switch {
	case v.signedIn(&st):
		return GateResult{Request: r.WithContext(ContextWithSession(r.Context(), st.Claims)), State: st}
	case machine && mode != GateRequireSession:
		return GateResult{Request: r.WithContext(ContextWithMachine(r.Context(), st.Machine)), State: st}
	case mode == GateOptional:
		v.logRefused(r, &st, slog.LevelDebug, "clerk: request not signed in")
		stc := st
		return GateResult{Request: r.WithContext(context.WithValue(r.Context(), stateKey{}, &stc)), State: st}
	}
	v.logRefused(r, &st, slog.LevelInfo, "clerk: request refused")
	v.onFailure(w, r, st)
	return GateResult{State: st}
}

// tokenURL is the URL of AuthenticateToken's requests; never written.
var tokenURL = url.URL{Path: "/"}

// AuthenticateToken decides a token that arrived outside HTTP (gRPC
// metadata, for example) as AuthenticateRequest decides a request carrying
// it in `Authorization: Bearer`: session tokens and the machine token
// types the Verifier accepts (WithAcceptedTokens) are verified, other
// types are signed out with ReasonTokenTypeMismatch. ok reports whether the
// token admits the caller as the middleware would: a machine token, or a
// session that is not pending (unless WithPendingSessions).
func (v *Verifier) AuthenticateToken(ctx context.Context, token string) (st RequestState, ok bool) {
	if token == "" {
		return RequestState{Status: AuthSignedOut, Reason: ReasonNoTokenInHeader}, false
	}
	// The request carries ctx for the machine-token calls and a URL for a
	// failure's state; a cached session token never reads it.
	r := (&http.Request{Method: http.MethodPost, URL: &tokenURL}).WithContext(ctx)
	st = v.fromHeader(r, token, false)
	ok = v.signedIn(&st) || (st.Status == AuthSignedIn && st.Machine != nil)
	return st, ok
}
