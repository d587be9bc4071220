package clerk_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
)

// Routers built on net/http (http.ServeMux here; chi, gorilla/mux and the
// like the same way) take the middleware as it is, with no adapter: wrap
// the whole router with Middleware, and the routes that need a session
// with RequireSession. Gin, Echo and gRPC have their own modules:
// clerkgin, clerkecho and clerkgrpc.
func Example_router() {
	srv, _ := clerktest.Start() // a fake Clerk; use clerk.NewClient(secretKey) in production
	defer srv.Close()
	c, _ := srv.Client()
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		fmt.Println(err)
		return
	}

	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if s, ok := clerk.SessionFromContext(r.Context()); ok {
			fmt.Fprintln(w, "home of", s.UserID)
			return
		}
		fmt.Fprintln(w, "home of a visitor")
	})
	mux.Handle("GET /api/me", v.RequireSession(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s, _ := clerk.SessionFromContext(r.Context())
		fmt.Fprintln(w, "me:", s.UserID)
	})))
	// With chi: r.Use(v.Middleware); r.With(v.RequireSession).Get("/api/me", me).
	// With gorilla/mux: r.Use(v.Middleware); r.Handle("/api/me", v.RequireSession(me)).
	h := v.Middleware(mux)

	tok, _ := srv.MintSessionToken("user_123")
	for _, req := range []struct{ path, token string }{{"/", ""}, {"/", tok}, {"/api/me", tok}, {"/api/me", ""}} {
		r := httptest.NewRequest(http.MethodGet, req.path, nil)
		if req.token != "" {
			r.Header.Set("Authorization", "Bearer "+req.token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// 200 home of a visitor
	// 200 home of user_123
	// 200 me: user_123
	// 401 Unauthorized
}
