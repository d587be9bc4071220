// Package site is the example's web application: a page that shows who is
// signed in and a JSON endpoint, behind the SDK's Verifier.Middleware,
// which handles Clerk's handshake for browser page loads.
package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"

	"github.com/gobapi/clerk"
)

// New builds the application for c: a Backend API client, a Verifier
// (keys from CLERK_JWT_KEY, else the instance's JWKS; the publishable key;
// the authorized parties; the proxy and satellite settings) and the
// routes, both for any method:
//
//	/        an HTML page: "Signed in as <user ID>" or "Signed out"
//	/api/me  {"user_id": "…"}, or 401 without a session
//
// extra options are appended to the verifier's (tests pass a clock).
func New(c Config, extra ...clerk.VerifierOption) (http.Handler, error) {
	v, err := NewVerifier(c, extra...)
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/{$}", v.Middleware(http.HandlerFunc(page)))
	mux.Handle("/api/me", v.Middleware(http.HandlerFunc(me)))
	return mux, nil
}

// NewVerifier builds the client and the verifier New uses.
func NewVerifier(c Config, extra ...clerk.VerifierOption) (*clerk.Verifier, error) {
	if c.SecretKey == "" || c.PublishableKey == "" {
		return nil, errors.New("site: CLERK_SECRET_KEY and CLERK_PUBLISHABLE_KEY are required")
	}
	var copts []clerk.Option
	if c.APIURL != "" {
		copts = append(copts, clerk.WithBaseURL(c.APIURL))
	}
	client, err := clerk.NewClient(c.SecretKey, copts...)
	if err != nil {
		return nil, fmt.Errorf("site: CLERK_SECRET_KEY or CLERK_API_URL: %w", err) // never contains the key
	}
	vopts := []clerk.VerifierOption{clerk.WithPublishableKey(c.PublishableKey)}
	if c.JWTKey != "" {
		vopts = append(vopts, clerk.WithJWTKey(c.JWTKey), clerk.WithClient(client))
	} else {
		vopts = append(vopts, clerk.WithJWKSFromClient(client))
	}
	if len(c.AuthorizedParties) > 0 {
		vopts = append(vopts, clerk.WithAuthorizedParties(c.AuthorizedParties...))
	}
	sat, err := satelliteOptions(c)
	if err != nil {
		return nil, fmt.Errorf("site: %w", err)
	}
	vopts = append(append(vopts, sat...), extra...)
	v, err := clerk.NewVerifier(vopts...)
	if err != nil {
		return nil, fmt.Errorf("site: build verifier: %w", err)
	}
	return v, nil
}

var pageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Clerk pages example</title></head>
<body>
{{if .}}<p id="status">Signed in as <span id="user-id">{{.}}</span></p>
{{else}}<p id="status">Signed out</p>
{{end}}</body></html>
`))

// page renders who is signed in. Middleware has already answered a
// handshake (a browser whose cookies needed refreshing was redirected and
// came back), so the request is either signed in or signed out.
func page(w http.ResponseWriter, r *http.Request) {
	user := ""
	if claims, ok := clerk.SessionFromContext(r.Context()); ok {
		user = claims.UserID
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_ = pageTmpl.Execute(w, user) // the browser hung up; nothing to do
}

// me answers the signed-in user's ID, or 401 without detail.
func me(w http.ResponseWriter, r *http.Request) {
	claims, ok := clerk.SessionFromContext(r.Context())
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	if !ok {
		w.Header().Set("WWW-Authenticate", "Bearer")
		w.WriteHeader(http.StatusUnauthorized)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": "unauthorized"})
		return
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"user_id": claims.UserID})
}
