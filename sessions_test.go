package clerk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sessionFixture returns the contents of testdata/sessions/name.
func sessionFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "sessions", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// decodeSessionFixture decodes testdata/sessions/name into a new T, the way
// a caller would expect the facade to.
func decodeSessionFixture[T any](t *testing.T, name string) *T {
	t.Helper()
	v := new(T)
	if err := json.Unmarshal([]byte(sessionFixture(t, name)), v); err != nil {
		t.Fatalf("decoding %s: %v", name, err)
	}
	return v
}

// sessionCase is one facade call, what it must send and what it must return.
type sessionCase struct {
	name      string
	call      func(ctx context.Context, c *Client) (any, error)
	fixture   string // 200 response body
	want      func(t *testing.T) any
	method    string
	path      string     // escaped, under /v1
	query     url.Values // nil: no query string
	body      string     // JSON, compared semantically; "": no body
	errStatus int        // status of the error response
	errBody   string     // fixture of the error response
	errCode   string
}

func sessionCases() []sessionCase {
	const id = "sess_2pQx7hK3mW9aLzR4tYbN8cVdE1f"
	asSessions := func(t *testing.T) any {
		page := *decodeSessionFixture[[]Session](t, "session_list.json")
		out := make([]*Session, len(page))
		for i := range page {
			out[i] = &page[i]
		}
		return out
	}
	return []sessionCase{
		{
			name: "Get",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Get(ctx, id)
			},
			fixture:   "session.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[Session](t, "session.json") },
			method:    http.MethodGet,
			path:      "/v1/sessions/" + id,
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "Get escapes the ID",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Get(ctx, "sess_a/b?c#d")
			},
			fixture:   "session.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[Session](t, "session.json") },
			method:    http.MethodGet,
			path:      "/v1/sessions/sess_a%2Fb%3Fc%23d",
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "List with every filter",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.List(ctx, &SessionListParams{
					ClientID: Ptr("client_2pQx6GfU2oPe7WiYs4KjM1hZtB5"),
					UserID:   Ptr("user_2pQwz5JkT8nHc3LmVx6RbA9sDq0"),
					Status:   SessionListStatusActive,
					Limit:    20,
					Offset:   40,
				})
			},
			fixture: "session_list.json",
			want:    asSessions,
			method:  http.MethodGet,
			path:    "/v1/sessions",
			query: url.Values{
				"client_id": {"client_2pQx6GfU2oPe7WiYs4KjM1hZtB5"},
				"user_id":   {"user_2pQwz5JkT8nHc3LmVx6RbA9sDq0"},
				"status":    {"active"},
				"limit":     {"20"},
				"offset":    {"40"},
			},
			errStatus: http.StatusUnprocessableEntity, errBody: "error_unprocessable.json", errCode: "form_param_missing",
		},
		{
			name: "List with nil params",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.List(ctx, nil)
			},
			fixture:   "session_list.json",
			want:      asSessions,
			method:    http.MethodGet,
			path:      "/v1/sessions",
			errStatus: http.StatusUnprocessableEntity, errBody: "error_unprocessable.json", errCode: "form_param_missing",
		},
		{
			name: "List of nothing",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.List(ctx, &SessionListParams{UserID: Ptr("user_none")})
			},
			fixture:   "", // served as []
			want:      func(t *testing.T) any { return []*Session{} },
			method:    http.MethodGet,
			path:      "/v1/sessions",
			query:     url.Values{"user_id": {"user_none"}},
			errStatus: http.StatusBadRequest, errBody: "error_unprocessable.json", errCode: "form_param_missing",
		},
		{
			name: "Create",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Create(ctx, &SessionCreateParams{
					UserID:               "user_2pQwz5JkT8nHc3LmVx6RbA9sDq0",
					ActiveOrganizationID: Ptr("org_2pQy1NcR5vXa8KdLw3FeH7jUmS4"),
				})
			},
			fixture:   "session.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[Session](t, "session.json") },
			method:    http.MethodPost,
			path:      "/v1/sessions",
			body:      `{"user_id":"user_2pQwz5JkT8nHc3LmVx6RbA9sDq0","active_organization_id":"org_2pQy1NcR5vXa8KdLw3FeH7jUmS4"}`,
			errStatus: http.StatusUnprocessableEntity, errBody: "error_unprocessable.json", errCode: "form_param_missing",
		},
		{
			name: "Create with only the user",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Create(ctx, &SessionCreateParams{UserID: "user_2pQwz5JkT8nHc3LmVx6RbA9sDq0"})
			},
			fixture:   "session.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[Session](t, "session.json") },
			method:    http.MethodPost,
			path:      "/v1/sessions",
			body:      `{"user_id":"user_2pQwz5JkT8nHc3LmVx6RbA9sDq0"}`,
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "Refresh to a token",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Refresh(ctx, id, &SessionRefreshParams{
					ExpiredToken:  "expired.jwt.value",
					RefreshToken:  "refresh_value",
					RequestOrigin: "https://app.example.com",
				})
			},
			fixture: "refresh_token.json",
			want: func(t *testing.T) any {
				tok := decodeSessionFixture[struct{ JWT string }](t, "refresh_token.json")
				return &SessionRefreshResult{Format: SessionRefreshFormatToken, Token: tok.JWT}
			},
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/refresh",
			body:      `{"expired_token":"expired.jwt.value","refresh_token":"refresh_value","request_origin":"https://app.example.com"}`,
			errStatus: http.StatusUnauthorized, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "Refresh to cookies with every field",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Refresh(ctx, id, &SessionRefreshParams{
					ExpiredToken:         "expired.jwt.value",
					RefreshToken:         "refresh_value",
					RequestOrigin:        "https://app.example.com",
					RequestHeaders:       http.Header{"Cookie": {"__session=x; __refresh=y"}, "X-Forwarded-For": {"203.0.113.24", "10.0.0.1"}},
					RequestOriginatingIP: Ptr("203.0.113.24"),
					Format:               SessionRefreshFormatCookie,
				})
			},
			fixture: "refresh_cookies.json",
			want: func(t *testing.T) any {
				c := decodeSessionFixture[struct{ Cookies []string }](t, "refresh_cookies.json")
				return &SessionRefreshResult{Format: SessionRefreshFormatCookie, Cookies: c.Cookies}
			},
			method: http.MethodPost,
			path:   "/v1/sessions/" + id + "/refresh",
			body: `{"expired_token":"expired.jwt.value","refresh_token":"refresh_value","request_origin":"https://app.example.com",
				"request_headers":{"Cookie":["__session=x; __refresh=y"],"X-Forwarded-For":["203.0.113.24","10.0.0.1"]},
				"request_originating_ip":"203.0.113.24","format":"cookie"}`,
			errStatus: http.StatusBadRequest, errBody: "error_unprocessable.json", errCode: "form_param_missing",
		},
		{
			name: "Revoke",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.Revoke(ctx, id)
			},
			fixture:   "session_revoked.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[Session](t, "session_revoked.json") },
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/revoke",
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "CreateToken",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.CreateToken(ctx, id, 0)
			},
			fixture:   "token.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[struct{ JWT string }](t, "token.json").JWT },
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/tokens",
			body:      `{}`,
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "CreateToken with a lifetime",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.CreateToken(ctx, id, 3600)
			},
			fixture:   "token.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[struct{ JWT string }](t, "token.json").JWT },
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/tokens",
			body:      `{"expires_in_seconds":3600}`,
			errStatus: http.StatusUnauthorized, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "CreateTokenFromTemplate",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.CreateTokenFromTemplate(ctx, id, "custom hasura/v2", 120)
			},
			fixture:   "token.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[struct{ JWT string }](t, "token.json").JWT },
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/tokens/custom%20hasura%2Fv2",
			body:      `{"expires_in_seconds":120}`,
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
		{
			name: "CreateTokenFromTemplate with the template's lifetime",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.Sessions.CreateTokenFromTemplate(ctx, id, "supabase", 0)
			},
			fixture:   "token.json",
			want:      func(t *testing.T) any { return decodeSessionFixture[struct{ JWT string }](t, "token.json").JWT },
			method:    http.MethodPost,
			path:      "/v1/sessions/" + id + "/tokens/supabase",
			body:      `{}`,
			errStatus: http.StatusNotFound, errBody: "error_not_found.json", errCode: "resource_not_found",
		},
	}
}

// TestSessionsLoopback checks every facade method over real HTTP: the
// request it sends, the decoded 200 response, and the *APIError of an error
// response.
func TestSessionsLoopback(t *testing.T) {
	t.Parallel()
	for _, tt := range sessionCases() {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			body := "[]"
			if tt.fixture != "" {
				body = sessionFixture(t, tt.fixture)
			}
			srv := newServer(t, jsonHandler(http.StatusOK, body))
			c, _ := newTestClient(t, srv)

			got, err := tt.call(context.Background(), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tt.want(t), got); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			checkSessionRequest(t, tt, reqs[0])
		})
		t.Run(tt.name+"/error", func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Clerk-Trace-Id", "trace_from_header")
				jsonHandler(tt.errStatus, sessionFixture(t, tt.errBody))(w, r)
			})
			c, _ := newTestClient(t, srv)

			got, err := tt.call(context.Background(), c)
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error = %v (%T), want *APIError", err, err)
			}
			if apiErr.StatusCode != tt.errStatus {
				t.Errorf("StatusCode = %d, want %d", apiErr.StatusCode, tt.errStatus)
			}
			if !HasErrorCode(err, tt.errCode) {
				t.Errorf("error %v lacks code %q", err, tt.errCode)
			}
			if apiErr.TraceID == "" {
				t.Errorf("TraceID is empty")
			}
			if apiErr.Path != tt.path || apiErr.Method != tt.method {
				t.Errorf("error names %s %s, want %s %s", apiErr.Method, apiErr.Path, tt.method, tt.path)
			}
			if !sessionIsZeroResult(got) {
				t.Errorf("result on error = %#v, want zero", got)
			}
			assertNoSecret(t, "error", err.Error())
			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1 (4xx is not retried)", len(reqs))
			}
			checkSessionRequest(t, tt, reqs[0])
		})
	}
}

// sessionIsZeroResult reports whether a facade result is its zero value: a nil
// pointer or slice, or an empty string.
func sessionIsZeroResult(v any) bool {
	switch v := v.(type) {
	case *Session:
		return v == nil
	case []*Session:
		return v == nil
	case *SessionRefreshResult:
		return v == nil
	case string:
		return v == ""
	}
	return v == nil
}

func checkSessionRequest(t *testing.T, tt sessionCase, r seen) {
	t.Helper()
	if r.Method != tt.method {
		t.Errorf("method = %s, want %s", r.Method, tt.method)
	}
	if r.Path != tt.path {
		t.Errorf("path = %s, want %s", r.Path, tt.path)
	}
	gotQuery, err := url.ParseQuery(r.Query)
	if err != nil {
		t.Fatalf("query %q: %v", r.Query, err)
	}
	wantQuery := tt.query
	if wantQuery == nil {
		wantQuery = url.Values{}
	}
	if diff := cmp.Diff(wantQuery, gotQuery); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
	if got := r.Headers.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization header not set to the key")
	}
	if got := r.Headers.Get("Accept"); got != "application/json" {
		t.Errorf("Accept = %q, want application/json", got)
	}
	if r.Headers.Get("Clerk-API-Version") == "" {
		t.Errorf("Clerk-API-Version header missing")
	}
	if tt.body == "" {
		if r.Body != "" {
			t.Errorf("body = %s, want none", r.Body)
		}
		return
	}
	if got := r.Headers.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}
	var want, got any
	if err := json.Unmarshal([]byte(tt.body), &want); err != nil {
		t.Fatalf("bad want body: %v", err)
	}
	if err := json.Unmarshal([]byte(r.Body), &got); err != nil {
		t.Fatalf("body %q is not JSON: %v", r.Body, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("body mismatch (-want +got):\n%s", diff)
	}
}

// TestSessionsInvalidParams checks that unusable arguments are refused with
// ErrInvalidParams before any request.
func TestSessionsInvalidParams(t *testing.T) {
	t.Parallel()
	const id = "sess_1"
	okRefresh := func() *SessionRefreshParams {
		return &SessionRefreshParams{ExpiredToken: "e", RefreshToken: "r", RequestOrigin: "https://a.example"}
	}
	tests := []struct {
		name  string
		param string
		call  func(ctx context.Context, c *Client) error
	}{
		{"List negative limit", "Limit", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.List(ctx, &SessionListParams{Limit: -1})
			return err
		}},
		{"List negative offset", "Offset", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.List(ctx, &SessionListParams{Offset: -5})
			return err
		}},
		{"All negative limit", "Limit", func(ctx context.Context, c *Client) error {
			for _, err := range c.Sessions.All(ctx, &SessionListParams{Limit: -1}) {
				return err
			}
			return nil
		}},
		{"Create nil params", "params", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.Create(ctx, nil)
			return err
		}},
		{"Create without user", "UserID", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.Create(ctx, &SessionCreateParams{ActiveOrganizationID: Ptr("org_1")})
			return err
		}},
		{"Refresh nil params", "params", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.Refresh(ctx, id, nil)
			return err
		}},
		{"Refresh without expired token", "ExpiredToken", func(ctx context.Context, c *Client) error {
			p := okRefresh()
			p.ExpiredToken = ""
			_, err := c.Sessions.Refresh(ctx, id, p)
			return err
		}},
		{"Refresh without refresh token", "RefreshToken", func(ctx context.Context, c *Client) error {
			p := okRefresh()
			p.RefreshToken = ""
			_, err := c.Sessions.Refresh(ctx, id, p)
			return err
		}},
		{"Refresh without origin", "RequestOrigin", func(ctx context.Context, c *Client) error {
			p := okRefresh()
			p.RequestOrigin = ""
			_, err := c.Sessions.Refresh(ctx, id, p)
			return err
		}},
		{"CreateToken negative lifetime", "expiresInSeconds", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.CreateToken(ctx, id, -1)
			return err
		}},
		{"CreateTokenFromTemplate empty template", "templateName", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.CreateTokenFromTemplate(ctx, id, "", 60)
			return err
		}},
		{"CreateTokenFromTemplate dot template", "templateName", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.CreateTokenFromTemplate(ctx, id, "..", 60)
			return err
		}},
		{"CreateTokenFromTemplate negative lifetime", "expiresInSeconds", func(ctx context.Context, c *Client) error {
			_, err := c.Sessions.CreateTokenFromTemplate(ctx, id, "tpl", -30)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, jsonHandler(http.StatusOK, "{}"))
			c, _ := newTestClient(t, srv)
			err := tt.call(context.Background(), c)
			if !errors.Is(err, ErrInvalidParams) {
				t.Fatalf("error = %v, want ErrInvalidParams", err)
			}
			var pe *InvalidParamError
			if !errors.As(err, &pe) || pe.Param != tt.param {
				t.Errorf("error = %v, want one naming %q", err, tt.param)
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("%d requests sent, want 0", n)
			}
		})
	}
}

// TestSessionsUnexpectedBodies checks that a 2xx without the documented
// content becomes a *DecodeError naming the operation.
func TestSessionsUnexpectedBodies(t *testing.T) {
	t.Parallel()
	refresh := func(ctx context.Context, c *Client) error {
		_, err := c.Sessions.Refresh(ctx, "sess_1", &SessionRefreshParams{ExpiredToken: "e", RefreshToken: "r", RequestOrigin: "https://a.example"})
		return err
	}
	token := func(ctx context.Context, c *Client) error {
		_, err := c.Sessions.CreateToken(ctx, "sess_1", 0)
		return err
	}
	tests := []struct {
		name       string
		body       string
		call       func(ctx context.Context, c *Client) error
		op         string
		unexpected bool // wraps ErrUnexpectedResponse
	}{
		{"refresh unknown object", `{"object":"handshake","location":"https://x"}`, refresh, "refresh session", true},
		{"refresh token without jwt", `{"object":"token","jwt":""}`, refresh, "refresh session", true},
		{"refresh cookies of wrong type", `{"object":"cookies","cookies":"__session=x"}`, refresh, "refresh session", false},
		{"refresh not an object", `[]`, refresh, "refresh session", false},
		{"token without jwt", `{"object":"token"}`, token, "create session token", true},
		{"token with null jwt", `{"object":"token","jwt":null}`, token, "create session token", true},
		{"token of wrong type", `{"object":"token","jwt":42}`, token, "create session token", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, jsonHandler(http.StatusOK, tt.body))
			c, _ := newTestClient(t, srv)
			err := tt.call(context.Background(), c)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("error = %v (%T), want *DecodeError", err, err)
			}
			if de.Operation != tt.op {
				t.Errorf("Operation = %q, want %q", de.Operation, tt.op)
			}
			if got := errors.Is(err, ErrUnexpectedResponse); got != tt.unexpected {
				t.Errorf("errors.Is(err, ErrUnexpectedResponse) = %v, want %v (err %v)", got, tt.unexpected, err)
			}
		})
	}
}

// sessionPager serves GET /sessions from n numbered sessions, honouring
// limit (default 10, like the API) and offset.
func sessionPager(t *testing.T, n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, offset := 10, 0
		if v := q.Get("limit"); v != "" {
			limit, _ = strconv.Atoi(v)
		}
		if v := q.Get("offset"); v != "" {
			offset, _ = strconv.Atoi(v)
		}
		page := []Session{}
		for i := offset; i < min(offset+limit, n); i++ {
			page = append(page, Session{ID: fmt.Sprintf("sess_%d", i), Object: "session", Status: "active"})
		}
		w.Header().Set("Content-Type", "application/json")
		if err := json.NewEncoder(w).Encode(page); err != nil {
			t.Error(err)
		}
	}
}

// sessionSortedQuery re-encodes a raw query with its keys sorted.
func sessionSortedQuery(t *testing.T, raw string) string {
	t.Helper()
	q, err := url.ParseQuery(raw)
	if err != nil {
		t.Fatalf("query %q: %v", raw, err)
	}
	return q.Encode()
}

func sessionIDs(from, to int) []string {
	var ids []string
	for i := from; i < to; i++ {
		ids = append(ids, fmt.Sprintf("sess_%d", i))
	}
	return ids
}

func TestSessionsAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		total       int
		params      *SessionListParams
		stopAfter   int // break after this many sessions; 0: never
		wantIDs     []string
		wantQueries []string
	}{
		{
			name:        "nil params, default page size",
			total:       250,
			wantIDs:     sessionIDs(0, 250),
			wantQueries: []string{"limit=100", "limit=100&offset=100", "limit=100&offset=200"},
		},
		{
			name:        "exact multiple needs a last empty page",
			total:       4,
			params:      &SessionListParams{UserID: Ptr("user_1"), Limit: 2},
			wantIDs:     sessionIDs(0, 4),
			wantQueries: []string{"limit=2&user_id=user_1", "limit=2&offset=2&user_id=user_1", "limit=2&offset=4&user_id=user_1"},
		},
		{
			name:        "starts at the offset and keeps filters",
			total:       7,
			params:      &SessionListParams{ClientID: Ptr("client_1"), Status: SessionListStatusRevoked, Limit: 3, Offset: 2},
			wantIDs:     sessionIDs(2, 7),
			wantQueries: []string{"client_id=client_1&limit=3&offset=2&status=revoked", "client_id=client_1&limit=3&offset=5&status=revoked"},
		},
		{
			name:        "limit above the maximum is capped",
			total:       600,
			params:      &SessionListParams{Limit: 1000},
			wantIDs:     sessionIDs(0, 600),
			wantQueries: []string{"limit=500", "limit=500&offset=500"},
		},
		{
			name:        "break stops fetching",
			total:       50,
			params:      &SessionListParams{Limit: 5},
			stopAfter:   7,
			wantIDs:     sessionIDs(0, 7),
			wantQueries: []string{"limit=5", "limit=5&offset=5"},
		},
		{
			name:        "nothing to list",
			total:       0,
			params:      &SessionListParams{UserID: Ptr("user_none")},
			wantQueries: []string{"limit=100&user_id=user_none"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, sessionPager(t, tt.total))
			c, _ := newTestClient(t, srv)
			var gotIDs []string
			for sess, err := range c.Sessions.All(context.Background(), tt.params) {
				if err != nil {
					t.Fatalf("All: %v", err)
				}
				gotIDs = append(gotIDs, sess.ID)
				if len(gotIDs) == tt.stopAfter {
					break
				}
			}
			if diff := cmp.Diff(tt.wantIDs, gotIDs); diff != "" {
				t.Errorf("IDs mismatch (-want +got):\n%s", diff)
			}
			var gotQueries []string
			for _, r := range srv.requests() {
				gotQueries = append(gotQueries, sessionSortedQuery(t, r.Query))
				if r.Method != http.MethodGet || r.Path != "/v1/sessions" {
					t.Errorf("request %s %s, want GET /v1/sessions", r.Method, r.Path)
				}
			}
			if diff := cmp.Diff(tt.wantQueries, gotQueries); diff != "" {
				t.Errorf("queries mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestSessionsAllCopiesParams checks that All is lazy and does not see
// changes made to params after the call.
func TestSessionsAllCopiesParams(t *testing.T) {
	t.Parallel()
	srv := newServer(t, sessionPager(t, 3))
	c, _ := newTestClient(t, srv)
	user := "user_1"
	params := &SessionListParams{UserID: &user, Limit: 2}
	seq := c.Sessions.All(context.Background(), params)
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("All sent %d requests before iteration, want 0", n)
	}
	user = "user_changed"
	params.Limit = 50
	params.Status = SessionListStatusEnded
	n := 0
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 3 {
		t.Errorf("got %d sessions, want 3", n)
	}
	want := []string{"limit=2&user_id=user_1", "limit=2&offset=2&user_id=user_1"}
	var got []string
	for _, r := range srv.requests() {
		got = append(got, sessionSortedQuery(t, r.Query))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("queries mismatch (-want +got):\n%s", diff)
	}
}

// TestSessionsAllYieldsErrorOnce checks that a failing page is yielded once
// as (nil, err) and ends the iteration.
func TestSessionsAllYieldsErrorOnce(t *testing.T) {
	t.Parallel()
	pager := sessionPager(t, 10)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") == "4" {
			jsonHandler(http.StatusUnprocessableEntity, sessionFixture(t, "error_unprocessable.json"))(w, r)
			return
		}
		pager(w, r)
	})
	c, _ := newTestClient(t, srv)
	var ids []string
	var errs []error
	for sess, err := range c.Sessions.All(context.Background(), &SessionListParams{Limit: 4}) {
		if err != nil {
			if sess != nil {
				t.Errorf("session %v yielded with error", sess.ID)
			}
			errs = append(errs, err)
			continue // All must stop by itself
		}
		ids = append(ids, sess.ID)
	}
	if diff := cmp.Diff(sessionIDs(0, 4), ids); diff != "" {
		t.Errorf("IDs mismatch (-want +got):\n%s", diff)
	}
	if len(errs) != 1 {
		t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
	}
	var apiErr *APIError
	if !errors.As(errs[0], &apiErr) || apiErr.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("error = %v, want *APIError 422", errs[0])
	}
	if n := len(srv.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestSessionListParamsToGen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params *SessionListParams
		want   string // the generated params as JSON
	}{
		{"nil", nil, `{}`},
		{"zero", &SessionListParams{}, `{}`},
		{"empty strings are sent", &SessionListParams{ClientID: Ptr(""), UserID: Ptr("")}, `{"client_id":"","user_id":""}`},
		{"every field", &SessionListParams{
			ClientID: Ptr("client_1"), UserID: Ptr("user_1"), Status: SessionListStatusAbandoned, Limit: 500, Offset: 1,
		}, `{"client_id":"client_1","user_id":"user_1","status":"abandoned","limit":500,"offset":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			g, err := tt.params.toGen()
			if err != nil {
				t.Fatal(err)
			}
			b, err := json.Marshal(g)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(b)); diff != "" {
				t.Errorf("toGen mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
