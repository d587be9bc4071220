package clerktest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// nonceTTL is how long a handshake nonce can be exchanged (a guess: Clerk
// does not document it; a browser comes back within seconds).
const nonceTTL = 5 * time.Minute

// nonceRec is a handshake payload waiting to be fetched through the Backend
// API with its nonce.
type nonceRec struct {
	directives []string
	expires    time.Time
}

// Cookie and parameter names of the handshake.
const (
	cookieClient       = "__client" // on the Frontend API host
	cookieSession      = "__session"
	cookieClientUAT    = "__client_uat"
	cookieDevBrowser   = "__clerk_db_jwt"
	paramNonce         = "__clerk_handshake_nonce"
	paramHandshake     = "__clerk_handshake"
	paramRedirectURL   = "redirect_url"
	paramSuffixed      = "suffixed_cookies"
	clientUATMaxAgeSec = 315360000 // ten years, as long as Clerk keeps it
)

// fapiHandshake serves GET /v1/client/handshake: it finds the browser's
// client (its dev browser, sent as the __clerk_db_jwt parameter, on a
// development instance; its __client cookie otherwise), mints a session
// token for the client's active session, and redirects (307) back to
// redirect_url with the cookie directives: as a nonce
// (__clerk_handshake_nonce) for format=nonce, else as a signed handshake
// token (__clerk_handshake): in redirect_url's query on a development
// instance, in a cookie on the app's domain on a production one, as
// Clerk's docs ("How Clerk works") describe; see deliver.
//
// A development request without a known dev browser gets a new one, whose
// token is among the directives (__clerk_db_jwt), so the app keeps it.
func (s *Server) fapiHandshake(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, ok := absoluteURL(q.Get(paramRedirectURL))
	if !ok {
		writeFAPIError(w, http.StatusUnprocessableEntity, "form_param_missing",
			"redirect_url must be an absolute http or https URL.")
		return
	}
	suffixed := q.Get(paramSuffixed) == "true"
	b := s.browserOf(r)
	if !s.production() && b.devBrowser == "" {
		b.devBrowser, b.devToken = s.newDevBrowser()
	}
	s.fapi.mu.Lock()
	s.fapi.hsCount[b.key()]++
	s.fapi.mu.Unlock()

	dirs, err := s.sessionDirectives(b.clientID, back, suffixed)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if b.devToken != "" {
		dirs = append(dirs, s.devBrowserDirectives(b.devToken, back, suffixed)...)
	}
	s.deliver(w, r, back, dirs, q.Get("format") != "nonce")
}

// deliver redirects (307) to back with the directives: as a new nonce, or
// as a signed handshake token when asToken. On a development instance it
// goes in back's query. On a production instance it goes in a cookie on
// the app's domain, FrontendAPI's parent (example.com for
// clerk.example.com), with a directive that clears it again, when back is
// under that domain; elsewhere a cookie cannot reach the app, so the query
// again.
func (s *Server) deliver(w http.ResponseWriter, r *http.Request, back *url.URL, dirs []string, asToken bool) {
	name, domain := paramNonce, s.appCookieDomain(back)
	if asToken {
		name = paramHandshake
	}
	if domain != "" {
		dirs = append([]string{name + "=; Domain=" + domain + "; Path=/; Max-Age=0"}, dirs...)
	}
	var value string
	if asToken {
		tok, err := s.sign(map[string]any{"handshake": dirs, "iat": s.now().Unix(), "exp": s.now().Add(nonceTTL).Unix()})
		if err != nil {
			writeError(w, r, err)
			return
		}
		value = tok
	} else {
		value = strings.ToLower(randomString(32))
		s.fapi.mu.Lock()
		s.fapi.nonces[value] = nonceRec{directives: dirs, expires: s.now().Add(nonceTTL)}
		s.fapi.mu.Unlock()
	}
	u := *back
	if domain != "" {
		http.SetCookie(w, &http.Cookie{Name: name, Value: value, Domain: domain, Path: "/",
			MaxAge: int(nonceTTL / time.Second), HttpOnly: true, SameSite: http.SameSiteLaxMode})
	} else {
		q := u.Query()
		q.Set(name, value)
		u.RawQuery = q.Encode()
	}
	w.Header().Set("Location", u.String())
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusTemporaryRedirect)
}

// appCookieDomain is the domain a production Frontend API sets the
// handshake cookie on for back: FrontendAPI without its first label, when
// that still has a dot and back's host is it or under it; else "".
func (s *Server) appCookieDomain(back *url.URL) string {
	if !s.production() {
		return ""
	}
	_, parent, ok := strings.Cut(s.FrontendAPI, ".")
	host := strings.ToLower(back.Hostname())
	if !ok || !strings.Contains(parent, ".") || (host != parent && !strings.HasSuffix(host, "."+parent)) {
		return ""
	}
	return parent
}

// absoluteURL parses an absolute http(s) URL.
func absoluteURL(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, false
	}
	return u, true
}

// sessionDirectives are the Set-Cookie directives for the app at back: the
// client's active session as a new session token (`azp` = back's origin)
// and `__client_uat` (the session's creation second), or, without one, an
// expired `__session` and `__client_uat=0`. suffixed adds the same cookies
// with the publishable key's suffix after the plain ones, as Clerk does
// when the app asks for suffixed cookies.
func (s *Server) sessionDirectives(clientID string, back *url.URL, suffixed bool) ([]string, error) {
	tok, uat, err := s.clientSessionToken(clientID, back.Scheme+"://"+back.Host)
	if err != nil {
		return nil, err
	}
	attrs := "; Path=/; SameSite=Lax"
	if back.Scheme == "https" {
		attrs += "; Secure"
	}
	names := []string{""}
	if suffixed {
		names = append(names, "_"+s.cookieSuffix())
	}
	var out []string
	for _, sfx := range names {
		if tok == "" {
			out = append(out,
				cookieSession+sfx+"=; Max-Age=0"+attrs,
				cookieClientUAT+sfx+"=0; Max-Age="+strconv.Itoa(clientUATMaxAgeSec)+attrs)
			continue
		}
		out = append(out,
			cookieSession+sfx+"="+tok+attrs,
			cookieClientUAT+sfx+"="+strconv.FormatInt(uat, 10)+"; Max-Age="+strconv.Itoa(clientUATMaxAgeSec)+attrs)
	}
	return out, nil
}

// devBrowserDirectives set the dev browser cookie on the app.
func (s *Server) devBrowserDirectives(token string, back *url.URL, suffixed bool) []string {
	attrs := "; Path=/; SameSite=Lax"
	if back.Scheme == "https" {
		attrs += "; Secure"
	}
	out := []string{cookieDevBrowser + "=" + token + attrs}
	if suffixed {
		out = append(out, cookieDevBrowser+"_"+s.cookieSuffix()+"="+token+attrs)
	}
	return out
}

// clientSessionToken mints a token for the active session of clientID,
// with its client_uat; "" and 0 when there is none.
func (s *Server) clientSessionToken(clientID, azp string) (string, int64, error) {
	if clientID == "" {
		return "", 0, nil
	}
	s.mu.Lock()
	c := s.db.clients[clientID]
	if c == nil || c.c.LastActiveSessionID == nil {
		s.mu.Unlock()
		return "", 0, nil
	}
	r, e := s.activeSession(*c.c.LastActiveSessionID)
	if e != nil {
		s.mu.Unlock()
		return "", 0, nil
	}
	cfg := tokenConfig{sid: r.s.ID, lifetime: s.tokenLifetime(), azp: azp, pending: r.s.Status == gen.SessionStatusPending}
	if r.s.LastActiveOrganizationID != nil {
		if o, e := s.db.tokenOrg(*r.s.LastActiveOrganizationID, r.s.UserID); e == nil {
			cfg.org = o
		}
	}
	r.s.LastActiveAt = int(ms(s.now()))
	userID, uat := r.s.UserID, r.s.CreatedAt/1000
	s.mu.Unlock()
	tok, err := s.mint(userID, &cfg)
	return tok, uat, err
}

// HandshakeCount returns how many handshake requests the Frontend API has
// answered in total, for a test asserting that a page load took exactly
// one round trip.
func (s *Server) HandshakeCount() int {
	s.fapi.mu.Lock()
	defer s.fapi.mu.Unlock()
	n := 0
	for _, c := range s.fapi.hsCount {
		n += c
	}
	return n
}

// serveHandshakePayload answers the Backend API's
// GET /v1/clients/handshake_payload?nonce=…, which the spec lists without
// describing: {"directives": [Set-Cookie strings]} for a nonce the
// Frontend API handed out. A nonce is good once and for five minutes; an
// unknown, used or expired one answers 404 resource_not_found (a guess:
// Clerk's answer is not documented; @clerk/backend only logs it and ends
// signed out).
func (s *Server) serveHandshakePayload(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeError(w, r, errUnknownRoute())
		return
	}
	q := r.URL.Query()
	for k := range q {
		if k != "nonce" {
			writeError(w, r, errParamUnknown(k))
			return
		}
	}
	nonce := q.Get("nonce")
	if nonce == "" {
		writeError(w, r, errParamMissing("nonce"))
		return
	}
	s.fapi.mu.Lock()
	rec, ok := s.fapi.nonces[nonce]
	delete(s.fapi.nonces, nonce)
	s.fapi.mu.Unlock()
	if !ok || !s.now().Before(rec.expires) {
		writeError(w, r, errNotFound("handshake payload for this nonce"))
		return
	}
	body, err := json.Marshal(map[string]any{"directives": rec.directives})
	if err != nil {
		writeError(w, r, err)
		return
	}
	// Exactly application/json: @clerk/backend parses nothing else as JSON.
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
