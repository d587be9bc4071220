package clerkecho_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkecho"
	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
	"github.com/labstack/echo/v4"
)

// TestAgainstClerktest serves an Echo server with the middleware and guards,
// its keys from clerktest, and checks what each request gets.
func TestAgainstClerktest(t *testing.T) {
	t.Parallel()
	srv := clerktest.NewServer(t)
	c, err := srv.Client()
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		t.Fatal(err)
	}
	var reasons []string
	refused := clerkecho.OnRefused(func(_ echo.Context, st clerk.RequestState) { reasons = append(reasons, st.Reason) })
	e := echo.New()
	api := e.Group("/api", clerkecho.RequireSession(v, refused))
	api.GET("/me", func(c echo.Context) error {
		s, _ := clerkecho.Claims(c)
		return c.String(http.StatusOK, "me "+s.UserID)
	})
	api.GET("/admin", func(c echo.Context) error { return c.String(http.StatusOK, "admin") }, clerkecho.RequireRole("admin"))
	api.GET("/read", func(c echo.Context) error { return c.String(http.StatusOK, "read") }, clerkecho.RequirePermission("org:invoices:read"))
	e.GET("/home", func(c echo.Context) error {
		if s, ok := clerkecho.Claims(c); ok {
			return c.String(http.StatusOK, "hello "+s.UserID)
		}
		st, _ := clerkecho.State(c)
		return c.String(http.StatusOK, "visitor "+st.Reason)
	}, clerkecho.Middleware(v))
	member, err := srv.MintSessionToken("user_1", clerktest.WithOrg(clerktest.TokenOrg{ID: "org_1", Role: "member", Permissions: []string{"org:invoices:read"}}))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := srv.MintSessionToken("user_2", clerktest.WithOrg(clerktest.TokenOrg{ID: "org_1", Role: "admin"}))
	if err != nil {
		t.Fatal(err)
	}
	type result struct {
		Code int
		Body string
	}
	for _, tc := range []struct {
		path, token string
		want        result
	}{
		{"/api/me", member, result{200, "me user_1"}},
		{"/api/me", "", result{401, "Unauthorized\n"}},
		{"/api/me", "not-a-token", result{401, "Unauthorized\n"}},
		{"/api/admin", member, result{403, ""}},
		{"/api/admin", admin, result{200, "admin"}},
		{"/api/read", member, result{200, "read"}},
		{"/api/read", admin, result{403, ""}},
		{"/home", admin, result{200, "hello user_2"}},
		{"/home", "", result{200, "visitor session-token-and-uat-missing"}},
	} {
		r := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.token != "" {
			r.Header.Set("Authorization", "Bearer "+tc.token)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if diff := cmp.Diff(tc.want, result{w.Code, w.Body.String()}); diff != "" {
			t.Errorf("GET %s (-want +got):\n%s", tc.path, diff)
		}
	}
	if diff := cmp.Diff([]string{"session-token-and-uat-missing", "token-invalid"}, reasons); diff != "" {
		t.Errorf("reasons given to OnRefused (-want +got):\n%s", diff)
	}
}
