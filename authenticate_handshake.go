package clerk

import (
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// handshakeEligible reports a browser document request: GET, and
// Sec-Fetch-Dest document or iframe, or no Sec-Fetch-Dest and an Accept
// starting with text/html.
func handshakeEligible(r *http.Request) bool {
	if r.Method != http.MethodGet {
		return false
	}
	dest := r.Header.Get("Sec-Fetch-Dest")
	return dest == "document" || dest == "iframe" ||
		(dest == "" && strings.HasPrefix(r.Header.Get("Accept"), "text/html"))
}

// maybeHandshake is @clerk/backend's handleMaybeHandshakeStatus: st (with
// its Reason and Message) becomes a handshake for an eligible request,
// redirected to location, or to the Frontend API handshake when location is
// ""; otherwise, and at the third redirect in a row, it is signed out with
// the same reason.
func (v *Verifier) maybeHandshake(a *authCtx, st RequestState, location string) RequestState {
	st.Status = AuthSignedOut
	if !handshakeEligible(a.r) {
		return st
	}
	if location == "" && v.pk != nil {
		location = v.handshakeURL(a, st.Reason)
	}
	if a.redirects == 3 {
		v.logLoop(a.r.Context(), st.Reason)
		return st
	}
	st.Status = AuthHandshake
	h := http.Header{}
	if location != "" {
		h.Set("Location", location)
		h.Set("Cache-Control", "no-store")
		st.HandshakeURL = location
	}
	h.Add("Set-Cookie", cookieRedirectCnt+"="+strconv.FormatInt(a.redirects+1, 10)+"; SameSite=Lax; HttpOnly; Max-Age=2")
	st.headers = h
	return st
}

// logLoop says once per request that the handshake loop guard stopped a
// redirect, to WithAuthLogger's logger, at Warn.
func (v *Verifier) logLoop(ctx context.Context, reason string) {
	if v.logger == nil {
		return
	}
	msg := "clerk: refreshing the session token resulted in an infinite redirect loop; this usually means that the instance's publishable and secret keys do not match"
	if reason == ReasonSatelliteNeedsSyncing {
		msg = "clerk: satellite-domain authentication resulted in an infinite redirect loop; check that the request uses a configured primary or satellite domain of the instance"
	}
	v.logger.LogAttrs(ctx, slog.LevelWarn, msg, slog.String("reason", reason))
}

// handshakeURL builds the Frontend API handshake redirect with Clerk's
// parameters, in Clerk's order.
func (v *Verifier) handshakeURL(a *authCtx, reason string) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(a.fapi, "/"))
	b.WriteString("/v1/client/handshake?redirect_url=")
	b.WriteString(url.QueryEscape(withoutParams(a.url, queryDevBrowser, queryLegacyDevSess)))
	b.WriteString("&__clerk_api_version=" + bapiVersion)
	b.WriteString("&suffixed_cookies=" + strconv.FormatBool(a.suffixed))
	b.WriteString("&__clerk_hs_reason=" + url.QueryEscape(reason))
	b.WriteString("&format=nonce")
	if tok := a.sessionToken(); tok != "" {
		b.WriteString("&__session=" + url.QueryEscape(tok))
	}
	if a.dev && a.devBrowser != "" {
		b.WriteString("&__clerk_db_jwt=" + url.QueryEscape(a.devBrowser))
	}
	return b.String()
}

// withDebugHeaders adds Clerk's x-clerk-auth-* headers to a signed-out or
// handshake state, as @clerk/backend does (status always, reason and
// message when not empty).
func withDebugHeaders(st RequestState) RequestState {
	if st.Status == AuthSignedIn {
		return st
	}
	if st.headers == nil {
		st.headers = http.Header{}
	}
	if st.Message != "" {
		st.headers.Set(HeaderAuthMessage, oneLine(st.Message))
	}
	if st.Reason != "" {
		st.headers.Set(HeaderAuthReason, oneLine(st.Reason))
	}
	st.headers.Set(HeaderAuthStatus, string(st.Status))
	return st
}

// Headers returns the headers Clerk's authenticateRequest puts on the
// response: for a handshake `Location`, `Cache-Control: no-store` and the
// `__clerk_redirect_count` cookie; for a resolved handshake or a refresh
// the `Set-Cookie`s of the new session (and, on a development instance,
// `Location` without the handshake parameters); for signed-out and
// handshake states the debug headers HeaderAuthStatus, HeaderAuthReason
// and HeaderAuthMessage. The result is a copy; nil when there are none.
// Middleware and RequireSession apply them.
func (s RequestState) Headers() http.Header {
	if len(s.headers) == 0 {
		return nil
	}
	return s.headers.Clone()
}

// redirects reports a state whose response is a redirect (307) to its
// Location: a handshake, or a development instance's resolved handshake.
func (s *RequestState) redirects() bool { return s.headers.Get("Location") != "" }

// applyHeaders copies the state's headers to w.
func (s *RequestState) applyHeaders(w http.ResponseWriter) {
	if len(s.headers) == 0 {
		return
	}
	h := w.Header()
	for k, vs := range s.headers {
		if k == "Location" {
			continue
		}
		for _, v := range vs {
			h.Add(k, v)
		}
	}
}

// tokenMessage is Clerk's message for a token error: the error and, in
// its closing parenthesis, where the token came from ("… (reason=
// token-expired, token-carrier=cookie)").
func tokenMessage(err error, carrier string) string {
	msg := err.Error()
	if strings.HasSuffix(msg, ")") && strings.Contains(msg, "(reason=") {
		return msg[:len(msg)-1] + ", token-carrier=" + carrier + ")"
	}
	return msg + " (token-carrier=" + carrier + ")"
}

// knownClerkReferrer reports a Referer host of Clerk's own: the Frontend
// API, the accounts portal derived from it and, on development instances,
// the development account portals.
func (v *Verifier) knownClerkReferrer(a *authCtx, ref *url.URL) bool {
	host := ref.Hostname()
	fapiHost := a.fapi
	if u, err := url.Parse(a.fapi); err == nil && u.Host != "" {
		fapiHost = u.Hostname()
	}
	if host == fapiHost {
		return true
	}
	if a.dev {
		for _, sfx := range []string{".lcl.dev", ".lclstage.dev", ".lclclerk.com"} {
			if strings.HasPrefix(host, "accounts.") && strings.HasSuffix(host, sfx) {
				return true
			}
		}
		for _, sfx := range []string{".accounts.dev", ".accountsstage.dev", ".accounts.lclclerk.com"} {
			if strings.HasSuffix(host, sfx) && !strings.HasSuffix(host, ".clerk"+sfx) {
				return true
			}
		}
	}
	// Clerk derives the accounts portal from the Frontend API string as it
	// is: from the host when there is no proxy.
	if v.proxyURL == "" {
		acc := strings.Replace(a.fapi, "https://", "", 1)
		switch {
		case strings.Contains(acc, "clerk.accountsstage."):
			acc = strings.Replace(acc, "clerk.accountsstage.", "accountsstage.", 1)
		case strings.Contains(acc, "clerk.accounts."):
			acc = strings.Replace(acc, "clerk.accounts.", "accounts.", 1)
		default:
			acc = strings.Replace(acc, "clerk.", "accounts.", 1)
		}
		if ref.Scheme+"://"+ref.Host == "https://"+acc {
			return true
		}
	}
	return false
}

// crossOriginDocument reports Clerk's primary-domain-cross-origin-sync
// condition: a primary's GET document request whose Referer is another
// origin that is not Clerk's, before any handshake redirect.
func (v *Verifier) crossOriginDocument(a *authCtx) bool {
	if v.satellite || v.pk == nil || a.r.Method != http.MethodGet || a.r.Header.Get("Sec-Fetch-Dest") != "document" || a.redirects != 0 {
		return false
	}
	refStr := a.r.Header.Get("Referer")
	if refStr == "" {
		return false
	}
	ref, err := url.Parse(refStr)
	if err != nil || ref.Scheme == "" || ref.Host == "" {
		return false
	}
	if ref.Scheme+"://"+ref.Host == a.url.Scheme+"://"+a.url.Host {
		return false
	}
	return !v.knownClerkReferrer(a, ref)
}
