package clerkecho_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkecho"
	"github.com/gobapi/clerk/clerktest"
	"github.com/labstack/echo/v4"
)

func Example() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		fmt.Println(err)
		return
	}

	e := echo.New()
	api := e.Group("/api", clerkecho.RequireSession(v, clerkecho.OnRefused(func(_ echo.Context, st clerk.RequestState) {
		fmt.Println("refused:", st.Reason) // the client only sees 401
	})))
	api.GET("/me", func(c echo.Context) error {
		claims, _ := clerkecho.Claims(c)
		return c.String(http.StatusOK, "hello "+claims.UserID)
	})

	call := func(token string) {
		req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		e.ServeHTTP(w, req)
		fmt.Println(w.Code, w.Body.String())
	}
	tok, _ := srv.MintSessionToken("user_123")
	call(tok)
	call("")
	// Output:
	// 200 hello user_123
	// refused: session-token-and-uat-missing
	// 401 Unauthorized
}
