package clerkgin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gin-gonic/gin"
	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerkgin"
	"github.com/gobapi/clerk/clerktest"
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

	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	api := r.Group("/api", clerkgin.RequireSession(v, clerkgin.OnRefused(func(_ *gin.Context, st clerk.RequestState) {
		fmt.Println("refused:", st.Reason) // the client only sees 401
	})))
	api.GET("/me", func(c *gin.Context) {
		claims, _ := clerkgin.Claims(c)
		c.String(http.StatusOK, "hello %s", claims.UserID)
	})

	call := func(token string) {
		req := httptest.NewRequest(http.MethodGet, "/api/me", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		r.ServeHTTP(w, req)
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
