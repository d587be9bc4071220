package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// ErrHandshakeFailed reports a handshake that could not be resolved where
// @clerk/backend throws: on a development instance, a `__clerk_handshake`
// token that fails verification (for example after switching keys: clear
// the browser's cookies). RequestState.Err matches it with errors.Is, the
// state is signed out with ReasonHandshakeFailed, and Middleware and
// RequireSession answer 500.
var ErrHandshakeFailed = errors.New("clerk: handshake failed")

// errHandshakeToken marks a handshake token that failed verification.
var errHandshakeToken = fmt.Errorf("%w: handshake token verification failed", ErrHandshakeFailed)

// clockSkewRetry is the leeway of a development instance's second try at a
// session token set by a handshake, as @clerk/backend allows.
const clockSkewRetry = 24 * time.Hour

// resolveHandshake is @clerk/backend's resolveHandshake: the directives of
// a nonce (through the Backend API) or of a handshake token become
// Set-Cookie headers, and their session token decides the state. An error
// means the handshake is skipped (or, for errHandshakeToken on a
// development instance, fails the request).
func (v *Verifier) resolveHandshake(a *authCtx) (RequestState, error) {
	var directives []string
	if a.hsNonce != "" {
		d, err := v.handshakePayload(a.r.Context(), a.hsNonce)
		if err != nil {
			v.logHandshakeError(a, err)
		}
		directives = d
	} else {
		d, err := v.verifyHandshakeToken(a.r.Context(), a.hsToken)
		if err != nil {
			return RequestState{}, err
		}
		directives = d
	}
	h := http.Header{}
	h.Set("Access-Control-Allow-Origin", "null")
	h.Set("Access-Control-Allow-Credentials", "true")
	session := ""
	for _, d := range directives {
		h.Add("Set-Cookie", d)
		if name, value := cookieDirective(d); strings.HasPrefix(name, cookieSession) {
			session = value
		}
	}
	if a.dev {
		h.Set("Location", withoutParams(a.url, queryHandshake, queryHSHelp, queryDevBrowser, queryHSNonce))
		h.Set("Cache-Control", "no-store")
	}
	if session == "" {
		return RequestState{Status: AuthSignedOut, Reason: ReasonSessionTokenMissing, headers: h}, nil
	}
	claims, err := v.Verify(a.r.Context(), session)
	if err != nil && a.dev && (errors.Is(err, ErrTokenExpired) || errors.Is(err, ErrTokenNotActiveYet) || errors.Is(err, ErrTokenIssuedInFuture)) {
		if v.logger != nil {
			v.logger.WarnContext(a.r.Context(), "clerk: clock skew detected; the system clock is probably inaccurate, retrying the handshake session token with a 24h leeway on this development instance")
		}
		claims, err = v.verifyLeeway(a.r.Context(), session, v.now(), clockSkewRetry)
	}
	if err != nil {
		return RequestState{}, fmt.Errorf("clerk: handshake session token: %w", err)
	}
	return RequestState{Status: AuthSignedIn, Claims: claims, TokenSource: TokenFromCookie, TokenType: TokenTypeSessionToken, headers: h}, nil
}

// cookieDirective returns the name and value of a Set-Cookie directive.
func cookieDirective(d string) (name, value string) {
	first, _, _ := strings.Cut(d, ";")
	name, value, _ = strings.Cut(first, "=")
	return strings.TrimSpace(name), strings.TrimSpace(value)
}

// verifyHandshakeToken checks a `__clerk_handshake` token as Clerk does
// (shape, typ, alg, category and signature with the session-token keys; no
// time or party checks) and returns its `handshake` directives.
func (v *Verifier) verifyHandshakeToken(ctx context.Context, tok string) ([]string, error) {
	var sigBuf sigBuffer
	t, err := parseCompact(tok, &sigBuf)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errHandshakeToken, err)
	}
	h := &t.header
	switch {
	case h.hasTyp && h.typ != "JWT":
		return nil, fmt.Errorf("%w: %w", errHandshakeToken, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "typ header is not JWT"))
	case h.alg != "RS256":
		return nil, fmt.Errorf("%w: %w", errHandshakeToken, tokenErr(ErrUnsupportedAlgorithm, reasonTokenInvalidAlgorithm, "only RS256 is accepted"))
	case h.cat == catMachine || h.cat == catTemplate:
		return nil, fmt.Errorf("%w: %w", errHandshakeToken, tokenErr(ErrTokenTypeMismatch, reasonTokenInvalid, "invalid handshake token category"))
	}
	key := v.static
	if key == nil {
		if key, err = v.keys.lookup(ctx, h.kid); err != nil {
			return nil, fmt.Errorf("%w: %w", errHandshakeToken, err)
		}
	}
	if !verifyRS256(key, t.signingInput, sigBuf[:t.sigLen]) {
		return nil, fmt.Errorf("%w: %w", errHandshakeToken, tokenErr(ErrInvalidSignature, reasonTokenInvalidSignature, ""))
	}
	var p struct {
		Handshake []string `json:"handshake"`
	}
	_ = json.Unmarshal([]byte(t.payload), &p) // not an array: no directives, as Clerk
	return p.Handshake, nil
}

// handshakePayload exchanges a handshake nonce for its directives through
// GET /v1/clients/handshake_payload.
func (v *Verifier) handshakePayload(ctx context.Context, nonce string) ([]string, error) {
	if v.client == nil {
		return nil, errors.New("clerk: a handshake nonce needs the Backend API: add WithClient")
	}
	var out struct {
		Directives []string `json:"directives"`
	}
	if err := v.client.rawJSON(ctx, http.MethodGet, "clients/handshake_payload?nonce="+url.QueryEscape(nonce), nil, &out); err != nil {
		return nil, fmt.Errorf("clerk: handshake payload: %w", err)
	}
	return out.Directives, nil
}

// refresh is @clerk/backend's attemptRefresh: POST
// /v1/sessions/{sid}/refresh with the expired token and the refresh cookie.
// It returns a signed-in state, or why it could not (a refresh error code).
func (v *Verifier) refresh(a *authCtx) (RequestState, string) {
	if v.client == nil {
		return RequestState{}, refreshMissingAPIClient
	}
	expired := a.sessionToken()
	_, c, ok := unverified(expired)
	if !ok {
		return RequestState{}, refreshDecodeFailed
	}
	if c.SessionID == "" {
		return RequestState{}, refreshMissingSID
	}
	headers := map[string][]string{}
	for k, vs := range a.r.Header {
		headers[strings.ToLower(k)] = []string{strings.Join(vs, ", ")}
	}
	body := map[string]any{
		"format":          "cookie",
		"expired_token":   expired,
		"refresh_token":   a.refresh,
		"request_origin":  a.url.Scheme + "://" + a.url.Host,
		"request_headers": headers,
	}
	path := "sessions/" + url.PathEscape(c.SessionID) + "/refresh"
	if a.suffixed {
		path += "?suffixed_cookies=true"
	}
	var out struct {
		Cookies []string `json:"cookies"`
	}
	if err := v.client.rawJSON(a.r.Context(), http.MethodPost, path, body, &out); err != nil {
		var ae *APIError
		switch {
		case errors.As(err, &ae) && len(ae.Errors) > 0 && ae.Errors[0].Code == "unexpected_error":
			return RequestState{}, refreshFetchError
		case errors.As(err, &ae) && len(ae.Errors) > 0 && ae.Errors[0].Code != "":
			return RequestState{}, ae.Errors[0].Code
		}
		return RequestState{}, refreshUnexpectedBAPI
	}
	if len(out.Cookies) == 0 {
		return RequestState{}, refreshUnexpectedSDK
	}
	h := http.Header{}
	session := ""
	for _, d := range out.Cookies {
		h.Add("Set-Cookie", d)
		if name, value := cookieDirective(d); strings.HasPrefix(name, cookieSession) {
			session = value
		}
	}
	claims, err := v.Verify(a.r.Context(), session)
	if err != nil {
		return RequestState{}, refreshInvalidSessionToken
	}
	return RequestState{Status: AuthSignedIn, Claims: claims, TokenSource: TokenFromCookie, TokenType: TokenTypeSessionToken, headers: h}, ""
}

// maxRawBody caps the handshake and refresh answers read.
const maxRawBody = 1 << 20

// rawJSON calls a Backend API endpoint the generated client lacks, through
// the Client's transport (authentication, retries, typed errors), with
// body as JSON when not nil, and decodes the answer into out. pathQuery is
// relative to the API root ("clients/handshake_payload?nonce=…").
func (c *Client) rawJSON(ctx context.Context, method, pathQuery string, body, out any) error {
	api := c.api
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(withBodyLimit(ctx, maxRawBody), method, api.Server+pathQuery, rd)
	if err != nil {
		return err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := api.Client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := readLimited(resp.Body, maxRawBody)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, out); err != nil {
		return &DecodeError{Operation: method + " " + req.URL.Path, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return nil
}
