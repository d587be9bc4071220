package clerkgin_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"
	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgin"
	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// TestAgainstClerktest serves a Gin engine with the middleware and guards,
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
	refused := clerkgin.OnRefused(func(_ *gin.Context, st clerk.RequestState) { reasons = append(reasons, st.Reason) })
	e := gin.New()
	api := e.Group("/api", clerkgin.RequireSession(v, refused))
	api.GET("/me", func(c *gin.Context) {
		s, _ := clerkgin.Claims(c)
		c.String(http.StatusOK, "me "+s.UserID)
	})
	api.GET("/admin", clerkgin.RequireRole("admin"), func(c *gin.Context) { c.String(http.StatusOK, "admin") })
	api.GET("/read", clerkgin.RequirePermission("org:invoices:read"), func(c *gin.Context) { c.String(http.StatusOK, "read") })
	e.GET("/home", clerkgin.Middleware(v), func(c *gin.Context) {
		if s, ok := clerkgin.Claims(c); ok {
			c.String(http.StatusOK, "hello "+s.UserID)
			return
		}
		st, _ := clerkgin.State(c)
		c.String(http.StatusOK, "visitor "+st.Reason)
	})
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
