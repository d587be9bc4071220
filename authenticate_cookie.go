package clerk

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// fromCookies is @clerk/backend's cookie path, row by row (handshake
// resolution, satellite and development syncing, then the cookies).
func (v *Verifier) fromCookies(a *authCtx) RequestState {
	if a.hsNonce != "" || a.hsToken != "" {
		st, err := v.resolveHandshake(a)
		switch {
		case err == nil:
			return st
		case a.dev && errors.Is(err, errHandshakeToken):
			return RequestState{Status: AuthSignedOut, Reason: ReasonHandshakeFailed, Err: err, Message: err.Error()}
		default:
			v.logHandshakeError(a, err)
		}
	}
	q := a.url.Query()
	hasSession, hasUAT := a.session != "", a.clientUAT != 0
	if v.satellite && a.r.Method == http.MethodGet && a.r.Header.Get("Sec-Fetch-Dest") == "document" && q.Get(querySynced) != "true" {
		needsSync := q.Get(querySynced) == "false"
		hasCookies := hasSession || hasUAT
		if !hasCookies && !needsSync {
			return RequestState{Status: AuthSignedOut, Reason: ReasonSessionTokenAndUATMissing}
		}
		if !hasCookies || needsSync {
			loc := ""
			if a.dev {
				loc = appendParam(v.signInURL, queryRedirectURL, a.url.String())
			}
			return v.maybeHandshake(a, RequestState{Reason: ReasonSatelliteNeedsSyncing}, loc)
		}
	}
	if a.dev && !v.satellite {
		if back := q.Get(queryRedirectURL); back != "" {
			loc, ok := syncedRedirect(back, a.devBrowser)
			if !ok {
				return rejected(errInvalidRedirectURL)
			}
			return v.maybeHandshake(a, RequestState{Reason: ReasonPrimaryRespondsToSyncing}, loc)
		}
	}
	if a.dev && q.Has(queryDevBrowser) {
		return v.maybeHandshake(a, RequestState{Reason: ReasonDevBrowserSync}, "")
	}
	if a.dev && a.devBrowser == "" {
		return v.maybeHandshake(a, RequestState{Reason: ReasonDevBrowserMissing}, "")
	}
	switch {
	case !hasUAT && !hasSession:
		return RequestState{Status: AuthSignedOut, Reason: ReasonSessionTokenAndUATMissing}
	case !hasUAT:
		return v.maybeHandshake(a, RequestState{Reason: ReasonSessionTokenWithoutClientUAT, TokenSource: TokenFromCookie}, "")
	case !hasSession:
		return v.maybeHandshake(a, RequestState{Reason: ReasonClientUATWithoutSessionToken}, "")
	}
	h, c, ok := unverified(a.session)
	if !ok {
		err := tokenErr(ErrMalformedToken, reasonTokenInvalid, "")
		return RequestState{Status: AuthSignedOut, Reason: reasonTokenInvalid, TokenSource: TokenFromCookie, Err: err, Message: tokenMessage(err, TokenFromCookie)}
	}
	if notSessionJWT(h, c) {
		return RequestState{Status: AuthSignedOut, Reason: ReasonTokenTypeMismatch, TokenSource: TokenFromCookie,
			Err: tokenErr(ErrTokenTypeMismatch, reasonTokenTypeMismatch, "")}
	}
	if c.iatSet && c.iatS < float64(a.clientUAT) {
		return v.maybeHandshake(a, RequestState{Reason: ReasonSessionTokenIATBeforeClientUAT, TokenSource: TokenFromCookie}, "")
	}
	claims, err := v.Verify(a.r.Context(), a.session)
	if err != nil {
		return v.tokenFailure(a, err, TokenFromCookie)
	}
	st := RequestState{Status: AuthSignedIn, Claims: claims, TokenSource: TokenFromCookie, TokenType: TokenTypeSessionToken}
	if v.crossOriginDocument(a) {
		return v.maybeHandshake(a, RequestState{Reason: ReasonPrimaryDomainCrossOriginSync, TokenSource: TokenFromCookie,
			Message: "Cross-origin request from satellite domain requires handshake"}, "")
	}
	return st
}

// syncedRedirect is a development primary's answer to a satellite's sync
// request: back to the satellite URL with the dev-browser token appended
// and `__clerk_synced=true` set.
func syncedRedirect(back, devBrowser string) (string, bool) {
	u, err := url.Parse(back)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return "", false
	}
	s := u.String()
	if devBrowser != "" {
		s = appendParam(s, queryDevBrowser, devBrowser)
		u, _ = url.Parse(s)
	}
	return setParam(u, querySynced, "true"), true
}

// appendParam appends name=value to the query of the URL s.
func appendParam(s, name, value string) string {
	u, err := url.Parse(s)
	if err != nil {
		return s
	}
	p := url.QueryEscape(name) + "=" + url.QueryEscape(value)
	if u.RawQuery == "" {
		u.RawQuery = p
	} else {
		u.RawQuery += "&" + p
	}
	return u.String()
}

// setParam sets name to value in u's query as URLSearchParams.set does:
// the first one is replaced in place, others removed, else appended.
func setParam(u *url.URL, name, value string) string {
	enc := url.QueryEscape(name) + "=" + url.QueryEscape(value)
	var parts []string
	done := false
	for _, part := range strings.Split(u.RawQuery, "&") {
		switch {
		case part == "":
		case paramName(part) != name:
			parts = append(parts, part)
		case !done:
			parts = append(parts, enc)
			done = true
		}
	}
	if !done {
		parts = append(parts, enc)
	}
	c := *u
	c.RawQuery = strings.Join(parts, "&")
	return c.String()
}

// tokenFailure maps a verification error to a state as Clerk's
// handleSessionTokenError does, refreshing an expired token when it can.
func (v *Verifier) tokenFailure(a *authCtx, err error, source string) RequestState {
	var te *TokenError
	if !errors.As(err, &te) {
		return RequestState{Status: AuthSignedOut, Reason: ReasonUnexpectedError, Err: err, TokenSource: source}
	}
	st := RequestState{Status: AuthSignedOut, Reason: te.Reason, Err: err, TokenSource: source, Message: tokenMessage(err, source)}
	switch {
	case errors.Is(err, ErrTokenExpired):
		var refreshErr string
		switch {
		case a.r.Method != http.MethodGet:
			refreshErr = refreshNonEligibleNonGet
		case a.refresh == "":
			refreshErr = refreshNonEligibleNoCookie
		default:
			ref, why := v.refresh(a)
			if why == "" {
				return ref
			}
			refreshErr = why
		}
		st.Reason = ReasonSessionTokenExpiredRefresh + refreshErr
	case errors.Is(err, ErrTokenNotActiveYet):
		st.Reason = ReasonSessionTokenNBF
	case errors.Is(err, ErrTokenIssuedInFuture):
		st.Reason = ReasonSessionTokenIATInTheFuture
	default:
		return st
	}
	return v.maybeHandshake(a, st, "")
}

// logHandshakeError logs a handshake that could not be resolved and is
// skipped, at Error, without its token.
func (v *Verifier) logHandshakeError(a *authCtx, err error) {
	if v.logger == nil {
		return
	}
	v.logger.LogAttrs(a.r.Context(), slog.LevelError, "clerk: unable to resolve handshake",
		slog.String("path", a.r.URL.Path), slog.String("error", capText(oneLine(err.Error()), maxServerText)))
}
