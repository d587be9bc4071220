package clerktest

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/gobapi/clerk/gen"
)

// browser is what the Frontend API knows of the browser behind a request.
type browser struct {
	devBrowser string // dev browser ID ("dvb_…"), development instances
	devToken   string // its __clerk_db_jwt token
	clientID   string // the client signed in on this browser, or ""
}

// key names the browser in the handshake counts.
func (b browser) key() string {
	if b.devBrowser != "" {
		return b.devBrowser
	}
	return b.clientID
}

// browserOf identifies the browser of a Frontend API request: on a
// development instance by the dev browser token in the __clerk_db_jwt
// query parameter (Clerk's dev instances live on another site than the app,
// so its JS passes the token along); otherwise, or without one, by the
// __client cookie the Frontend API set at sign-in.
func (s *Server) browserOf(r *http.Request) browser {
	var b browser
	if tok := r.URL.Query().Get(cookieDevBrowser); tok != "" && !s.production() {
		if claims, err := s.parseOwnToken(tok); err == nil {
			id, _ := claims["dev"].(string)
			s.fapi.mu.Lock()
			cid, known := s.fapi.devBrowsers[id]
			s.fapi.mu.Unlock()
			if known {
				b.devBrowser, b.devToken, b.clientID = id, tok, cid
				return b
			}
		}
	}
	if c, err := r.Cookie(cookieClient); err == nil {
		if claims, err := s.parseOwnToken(c.Value); err == nil {
			b.clientID, _ = claims["id"].(string)
		}
	}
	return b
}

// newDevBrowser creates a dev browser and returns its ID and token.
func (s *Server) newDevBrowser() (id, token string) {
	id = newID("dvb")
	tok, err := s.sign(map[string]any{"dev": id, "iat": s.now().Unix()})
	if err != nil {
		return "", ""
	}
	s.fapi.mu.Lock()
	s.fapi.devBrowsers[id] = ""
	s.fapi.mu.Unlock()
	return id, tok
}

// fapiDevBrowser serves POST /v1/dev_browser, which Clerk's JS calls on a
// development instance's first visit: a new dev browser, answered as
// {"object":"dev_browser","id":"dvb_…","token":"<__clerk_db_jwt>"} (the
// shape is a guess). A production instance answers 404.
func (s *Server) fapiDevBrowser(w http.ResponseWriter, _ *http.Request) {
	if s.production() {
		writeFAPIError(w, http.StatusNotFound, "resource_not_found", "Production instances have no dev browser.")
		return
	}
	id, tok := s.newDevBrowser()
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = json.NewEncoder(w).Encode(map[string]string{"object": "dev_browser", "id": id, "token": tok})
}

// fapiSignIn serves GET /v1/clerktest/sign-in?user_id=…&redirect_url=…, a
// test-only stand-in for Clerk's sign-in pages: the user (who must exist)
// gets a new active session on a new client, which becomes the browser's
// (the __client cookie on the Frontend API, and the dev browser's client
// on a development instance; a dev browser is created when the request
// names none). It then redirects to redirect_url with a handshake nonce
// whose directives set the app's cookies as Clerk's JS would after a
// sign-in: __session and __client_uat, plain and suffixed, and on a
// development instance __clerk_db_jwt. The app's handshake resolution
// applies them.
func (s *Server) fapiSignIn(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, ok := absoluteURL(q.Get(paramRedirectURL))
	if !ok {
		writeFAPIError(w, http.StatusUnprocessableEntity, "form_param_missing", "redirect_url must be an absolute http or https URL.")
		return
	}
	userID := q.Get("user_id")
	s.mu.Lock()
	_, exists := s.db.users[userID]
	var sess gen.Session
	var err error
	if exists {
		sess, err = s.createSession(userID, "")
	}
	s.mu.Unlock()
	if !exists {
		writeFAPIError(w, http.StatusNotFound, "resource_not_found", "No user "+userID+": create it through the Backend API first.")
		return
	}
	if err != nil {
		writeError(w, r, err)
		return
	}
	b := s.browserOf(r)
	if !s.production() && b.devBrowser == "" {
		b.devBrowser, b.devToken = s.newDevBrowser()
	}
	b.clientID = sess.ClientID
	if b.devBrowser != "" {
		s.fapi.mu.Lock()
		s.fapi.devBrowsers[b.devBrowser] = b.clientID
		s.fapi.mu.Unlock()
	}
	cookie, err := s.sign(map[string]any{"id": b.clientID, "rotating_token": randomString(32)})
	if err != nil {
		writeError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: cookieClient, Value: cookie, Path: "/", HttpOnly: true, Secure: true,
		SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
	s.finishBrowserFlow(w, r, b, back)
}

// fapiSignOut serves GET /v1/clerktest/sign-out?redirect_url=…: it ends
// the sessions of the browser's client and redirects to redirect_url with
// a handshake nonce whose directives clear the app's session cookies
// (__session expired, __client_uat=0), as Clerk's JS does on sign-out.
func (s *Server) fapiSignOut(w http.ResponseWriter, r *http.Request) {
	back, ok := absoluteURL(r.URL.Query().Get(paramRedirectURL))
	if !ok {
		writeFAPIError(w, http.StatusUnprocessableEntity, "form_param_missing", "redirect_url must be an absolute http or https URL.")
		return
	}
	b := s.browserOf(r)
	if b.clientID != "" {
		s.mu.Lock()
		if c := s.db.clients[b.clientID]; c != nil {
			now := s.now()
			for _, id := range c.c.SessionIds {
				if sr := s.db.sessions[id]; sr != nil && (sr.s.Status == gen.SessionStatusActive || sr.s.Status == gen.SessionStatusPending) {
					sr.s.Status = gen.SessionStatusEnded
					sr.s.UpdatedAt = ms(now)
				}
			}
			c.c.LastActiveSessionID = nil
			c.c.UpdatedAt = ms(now)
		}
		s.mu.Unlock()
	}
	s.finishBrowserFlow(w, r, b, back)
}

// finishBrowserFlow redirects to back with a nonce for the browser's
// current cookies (plain and suffixed, as Clerk's JS sets both).
func (s *Server) finishBrowserFlow(w http.ResponseWriter, r *http.Request, b browser, u *url.URL) {
	dirs, err := s.sessionDirectives(b.clientID, u, true)
	if err != nil {
		writeError(w, r, err)
		return
	}
	if b.devToken != "" {
		dirs = append(dirs, s.devBrowserDirectives(b.devToken, u, true)...)
	}
	s.deliver(w, r, u, dirs, false)
}
