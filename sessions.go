package clerk

import (
	"context"
	"encoding/json"
	"iter"
	"net/http"

	"github.com/gobapi/clerk/gen"
)

// DefaultSessionPageSize is the number of sessions [SessionsService.All]
// asks for per request when [SessionListParams].Limit is 0.
const DefaultSessionPageSize = 100

// maxSessionPageSize is the largest limit GET /sessions accepts.
const maxSessionPageSize = 500

// SessionListStatus filters [SessionsService.List] by session status.
type SessionListStatus = gen.GetSessionListParamsStatus

// The statuses [SessionListParams].Status accepts.
const (
	SessionListStatusAbandoned SessionListStatus = gen.GetSessionListParamsStatusAbandoned
	SessionListStatusActive    SessionListStatus = gen.GetSessionListParamsStatusActive
	SessionListStatusEnded     SessionListStatus = gen.GetSessionListParamsStatusEnded
	SessionListStatusExpired   SessionListStatus = gen.GetSessionListParamsStatusExpired
	SessionListStatusRemoved   SessionListStatus = gen.GetSessionListParamsStatusRemoved
	SessionListStatusReplaced  SessionListStatus = gen.GetSessionListParamsStatusReplaced
	SessionListStatusRevoked   SessionListStatus = gen.GetSessionListParamsStatusRevoked
)

// SessionListParams filters and pages [SessionsService.List] and
// [SessionsService.All]. The zero value (or nil) sets no filter, but Clerk
// asks for at least one of ClientID and UserID.
type SessionListParams struct {
	// ClientID lists the sessions of one client (browser or device).
	ClientID *string
	// UserID lists the sessions of one user.
	UserID *string
	// Status lists only sessions with this status; "" lists every status.
	Status SessionListStatus
	// Limit is the page size, 1 to 500; 0 leaves the server default (10)
	// for List and means [DefaultSessionPageSize] for All.
	Limit int
	// Offset skips that many sessions; 0 starts at the newest.
	Offset int
}

// toGen maps p to the generated query parameters. It never sets
// "paginated", so the API answers the bare array that List decodes, not
// the {data, total_count} page it serves to paginated=true.
func (p *SessionListParams) toGen() (*gen.GetSessionListParams, error) {
	if p == nil {
		return &gen.GetSessionListParams{}, nil
	}
	switch {
	case p.Limit < 0:
		return nil, &InvalidParamError{Param: "Limit", Reason: "must not be negative"}
	case p.Offset < 0:
		return nil, &InvalidParamError{Param: "Offset", Reason: "must not be negative"}
	}
	g := &gen.GetSessionListParams{
		ClientID: p.ClientID,
		UserID:   p.UserID,
	}
	if p.Status != "" {
		g.Status = Ptr(p.Status)
	}
	if p.Limit > 0 {
		g.Limit = Ptr(p.Limit)
	}
	if p.Offset > 0 {
		g.Offset = Ptr(p.Offset)
	}
	return g, nil
}

// clone returns a deep copy of p (never nil), so that All does not see
// changes the caller makes after calling it.
func (p *SessionListParams) clone() *SessionListParams {
	if p == nil {
		return &SessionListParams{}
	}
	c := *p
	if p.ClientID != nil {
		c.ClientID = Ptr(*p.ClientID)
	}
	if p.UserID != nil {
		c.UserID = Ptr(*p.UserID)
	}
	return &c
}

// SessionCreateParams are the fields of [SessionsService.Create].
type SessionCreateParams struct {
	// UserID is the user to sign in. Required.
	UserID string
	// ActiveOrganizationID, when set, makes that organization the
	// session's active organization.
	ActiveOrganizationID *string
}

func (p *SessionCreateParams) toGen() (gen.CreateSessionJSONRequestBody, error) {
	if p == nil {
		return gen.CreateSessionJSONRequestBody{}, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	if p.UserID == "" {
		return gen.CreateSessionJSONRequestBody{}, &InvalidParamError{Param: "UserID", Reason: "must not be empty"}
	}
	return gen.CreateSessionJSONRequestBody{
		UserID:               p.UserID,
		ActiveOrganizationID: p.ActiveOrganizationID,
	}, nil
}

// SessionRefreshFormat chooses the shape of [SessionsService.Refresh]'s
// result.
type SessionRefreshFormat string

// The formats of [SessionRefreshParams].Format and
// [SessionRefreshResult].Format.
const (
	// SessionRefreshFormatToken returns the new session token itself. It
	// is the server default.
	SessionRefreshFormatToken SessionRefreshFormat = "token"
	// SessionRefreshFormatCookie returns Set-Cookie values carrying the
	// new session token.
	SessionRefreshFormatCookie SessionRefreshFormat = "cookie"
)

// SessionRefreshParams are the fields of [SessionsService.Refresh]: what a
// server saw on a request whose session token had expired.
type SessionRefreshParams struct {
	// ExpiredToken is the expired session token from the __session cookie.
	// It must belong to the session being refreshed. Required.
	ExpiredToken string
	// RefreshToken is the value of the __refresh cookie. Required.
	RefreshToken string
	// RequestOrigin is the origin of the request, such as
	// "https://app.example.com". Required.
	RequestOrigin string
	// RequestHeaders are the headers of the request; Clerk takes each
	// header's values as an array, as in http.Header. Optional.
	RequestHeaders http.Header
	// RequestOriginatingIP is the client's IP address. Optional.
	RequestOriginatingIP *string
	// Format chooses a token or cookies; "" leaves the server default
	// ([SessionRefreshFormatToken]).
	Format SessionRefreshFormat
}

func (p *SessionRefreshParams) toGen() (gen.RefreshSessionJSONRequestBody, error) {
	var b gen.RefreshSessionJSONRequestBody
	switch {
	case p == nil:
		return b, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	case p.ExpiredToken == "":
		return b, &InvalidParamError{Param: "ExpiredToken", Reason: "must not be empty"}
	case p.RefreshToken == "":
		return b, &InvalidParamError{Param: "RefreshToken", Reason: "must not be empty"}
	case p.RequestOrigin == "":
		return b, &InvalidParamError{Param: "RequestOrigin", Reason: "must not be empty"}
	}
	b.ExpiredToken = p.ExpiredToken
	b.RefreshToken = p.RefreshToken
	b.RequestOrigin = p.RequestOrigin
	b.RequestOriginatingIP = p.RequestOriginatingIP
	if p.Format != "" {
		b.Format = Ptr(gen.RefreshSessionJSONBodyFormat(p.Format))
	}
	if p.RequestHeaders != nil {
		b.RequestHeaders = make(map[string]any, len(p.RequestHeaders))
		for k, v := range p.RequestHeaders {
			b.RequestHeaders[k] = v
		}
	}
	return b, nil
}

// SessionRefreshResult is the result of [SessionsService.Refresh]: either a
// token or cookies, as Format says.
type SessionRefreshResult struct {
	// Format is [SessionRefreshFormatToken] when Token is set and
	// [SessionRefreshFormatCookie] when Cookies is set.
	Format SessionRefreshFormat
	// Token is the new session token (a JWT).
	Token string
	// Cookies are Set-Cookie header values to send back to the browser;
	// one of them carries the new session token.
	Cookies []string
}

// fromSessionRefresh reads the oneOf response of POST
// /sessions/{id}/refresh by its "object" member.
func fromSessionRefresh(op string, r *gen.SessionRefresh) (*SessionRefreshResult, error) {
	raw, err := r.MarshalJSON()
	if err != nil {
		return nil, &DecodeError{Operation: op, Err: err}
	}
	var head struct {
		Object string `json:"object"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return nil, &DecodeError{Operation: op, Err: err}
	}
	switch head.Object {
	case string(gen.TokenObjectToken):
		t, err := r.AsToken()
		if err != nil {
			return nil, &DecodeError{Operation: op, Err: err}
		}
		if t.JWT == "" {
			return nil, &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
		}
		return &SessionRefreshResult{Format: SessionRefreshFormatToken, Token: t.JWT}, nil
	case string(gen.CookiesObjectCookies):
		c, err := r.AsCookies()
		if err != nil {
			return nil, &DecodeError{Operation: op, Err: err}
		}
		return &SessionRefreshResult{Format: SessionRefreshFormatCookie, Cookies: c.Cookies}, nil
	}
	return nil, &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
}

// Get returns the session sessionID.
func (s *SessionsService) Get(ctx context.Context, sessionID string) (*Session, error) {
	if err := requireID("sessionID", sessionID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetSession(ctx, sessionID)
	return decode[gen.Session]("get session", resp, err)
}

// List returns one page of sessions, newest first. Clerk periodically
// deletes old inactive sessions, so they are not listed. params may be nil.
// Use [SessionsService.All] to walk every page.
func (s *SessionsService) List(ctx context.Context, params *SessionListParams) ([]*Session, error) {
	page, err := s.list(ctx, params)
	if err != nil {
		return nil, err
	}
	out := make([]*Session, len(page))
	for i := range page {
		out[i] = &page[i]
	}
	return out, nil
}

// list makes one GET /sessions request.
func (s *SessionsService) list(ctx context.Context, params *SessionListParams) ([]Session, error) {
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetSessionList(ctx, p)
	page, err := decode[[]gen.Session]("list sessions", resp, err)
	if err != nil {
		return nil, err
	}
	return *page, nil
}

// All returns an iterator over every session matching params, newest first,
// fetched lazily in pages with limit and offset. The page size is
// params.Limit, or [DefaultSessionPageSize] when it is 0 (at most 500);
// params.Offset is where the first page starts. params is copied, so later
// changes do not affect the iteration, and may be nil.
//
// The iterator holds at most one page, stops fetching when the loop breaks,
// and yields (nil, err) once and stops on the first failure. Sessions
// created or removed while iterating can shift the offsets, so a session may
// be skipped; one that reappears from the previous page is not yielded
// again. A page that holds nothing new (the server ignored the offset, or
// serves pages in a cycle) ends the iteration with a [*DecodeError]
// wrapping [ErrPaginationLoop], before any session of it is yielded.
func (s *SessionsService) All(ctx context.Context, params *SessionListParams) iter.Seq2[*Session, error] {
	p := params.clone()
	limit := p.Limit
	if limit == 0 {
		limit = DefaultSessionPageSize
	}
	limit = min(limit, maxSessionPageSize)
	return offsetPages("list sessions", limit, p.Offset, sessionID, func(offset int) ([]Session, int64, error) {
		q := *p
		q.Limit, q.Offset = limit, offset
		page, err := s.list(ctx, &q)
		return page, -1, err
	})
}

// sessionID is the ID of s, for the page guard.
func sessionID(s *Session) string { return s.ID }

// Create creates an active session for params.UserID, as if the user had
// signed in.
//
// Clerk offers this only for testing: development instances accept it,
// production instances refuse it. To sign a user in from your backend in
// production, use a sign-in token instead.
func (s *SessionsService) Create(ctx context.Context, params *SessionCreateParams) (*Session, error) {
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateSession(ctx, body)
	return decode[gen.Session]("create session", resp, err)
}

// Refresh mints a new session token for the session sessionID from an
// expired one and the __refresh cookie, for servers that handle the
// refresh themselves instead of sending the browser through Clerk's
// handshake. The result holds a token or cookies, as params.Format asks.
//
// Clerk answers 401 (an [*APIError]) when the tokens do not validate; the
// caller should then fall back to the handshake flow.
func (s *SessionsService) Refresh(ctx context.Context, sessionID string, params *SessionRefreshParams) (*SessionRefreshResult, error) {
	if err := requireID("sessionID", sessionID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	const op = "refresh session"
	resp, err := s.client.api.RefreshSession(ctx, sessionID, body)
	r, err := decode[gen.SessionRefresh](op, resp, err)
	if err != nil {
		return nil, err
	}
	return fromSessionRefresh(op, r)
}

// Revoke revokes the session sessionID and returns it with status
// "revoked": the user is signed out of that session and must sign in
// again. Session tokens already issued for it stay valid, for verifiers
// that check them without calling Clerk, until they expire (60 seconds by
// default).
func (s *SessionsService) Revoke(ctx context.Context, sessionID string) (*Session, error) {
	if err := requireID("sessionID", sessionID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.RevokeSession(ctx, sessionID)
	return decode[gen.Session]("revoke session", resp, err)
}

// CreateToken returns a new session token (a JWT) for the session
// sessionID. It is the server-side way to get a token for a user's session,
// for example to call your own API as that user from a background job or a
// test, without a browser.
//
// expiresInSeconds overrides the token's lifetime; 0 keeps the instance's
// default. Clerk accepts 30 to 315360000.
func (s *SessionsService) CreateToken(ctx context.Context, sessionID string, expiresInSeconds int) (string, error) {
	if err := requireID("sessionID", sessionID); err != nil {
		return "", err
	}
	exp, err := tokenLifetime(expiresInSeconds)
	if err != nil {
		return "", err
	}
	const op = "create session token"
	resp, err := s.client.api.CreateSessionToken(ctx, sessionID,
		gen.CreateSessionTokenJSONRequestBody{ExpiresInSeconds: exp})
	return sessionJWT(op, resp, err)
}

// CreateTokenFromTemplate returns a JWT for the session sessionID, shaped
// by the instance's JWT template templateName (for example one made for a
// third-party service). Like [SessionsService.CreateToken], it is the
// server-side way to get a token for a user's session.
//
// expiresInSeconds overrides the template's lifetime; 0 keeps the
// template's. Clerk accepts 30 to 315360000.
func (s *SessionsService) CreateTokenFromTemplate(ctx context.Context, sessionID, templateName string, expiresInSeconds int) (string, error) {
	if err := requireID("sessionID", sessionID); err != nil {
		return "", err
	}
	if err := requireID("templateName", templateName); err != nil {
		return "", err
	}
	exp, err := tokenLifetime(expiresInSeconds)
	if err != nil {
		return "", err
	}
	const op = "create session token from template"
	resp, err := s.client.api.CreateSessionTokenFromTemplate(ctx, sessionID, templateName,
		gen.CreateSessionTokenFromTemplateJSONRequestBody{ExpiresInSeconds: exp})
	return sessionJWT(op, resp, err)
}

// tokenLifetime maps the expiresInSeconds argument of the token calls to
// the optional body field: 0 is unset.
func tokenLifetime(expiresInSeconds int) (*int, error) {
	switch {
	case expiresInSeconds < 0:
		return nil, &InvalidParamError{Param: "expiresInSeconds", Reason: "must not be negative"}
	case expiresInSeconds == 0:
		return nil, nil
	}
	return Ptr(expiresInSeconds), nil
}

// sessionJWT is decode for the token calls: it returns the JWT string,
// and a *DecodeError when the response holds none.
func sessionJWT(op string, resp *http.Response, err error) (string, error) {
	t, err := decode[gen.SessionToken](op, resp, err)
	if err != nil {
		return "", err
	}
	if t.JWT == nil || *t.JWT == "" {
		return "", &DecodeError{
			Operation:   op,
			StatusCode:  resp.StatusCode,
			ContentType: resp.Header.Get("Content-Type"),
			Err:         ErrUnexpectedResponse,
		}
	}
	return *t.JWT, nil
}
