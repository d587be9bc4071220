package clerk_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/gobapi/clerk"
)

// A page behind Middleware: a browser page load whose session token has
// expired is redirected through Clerk's handshake before the page runs.
func ExampleVerifier_Middleware_handshake() {
	expired, publicPEM := exampleToken(time.Now().Add(-time.Hour))
	v, err := clerk.NewVerifier(
		clerk.WithJWTKey(publicPEM),
		clerk.WithPublishableKey("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"), // clerk.example.com
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	page := v.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st, ok := clerk.RequestStateFromContext(r.Context()); ok {
			fmt.Fprintf(w, "signed out: %s", st.Reason)
			return
		}
		fmt.Fprint(w, "signed in")
	}))

	r := httptest.NewRequest(http.MethodGet, "https://app.example.com/dashboard", nil)
	r.Header.Set("Sec-Fetch-Dest", "document") // a page load
	r.AddCookie(&http.Cookie{Name: "__session", Value: expired})
	r.AddCookie(&http.Cookie{Name: "__client_uat", Value: "1"})
	w := httptest.NewRecorder()
	page.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Header().Get(clerk.HeaderAuthReason))
	loc := w.Header().Get("Location")
	fmt.Println(loc[:len("https://clerk.example.com/v1/client/handshake")])

	// The same request from fetch() is not redirected.
	r.Header.Set("Sec-Fetch-Dest", "empty")
	w = httptest.NewRecorder()
	page.ServeHTTP(w, r)
	fmt.Println(w.Code, w.Body.String())
	// Output:
	// 307 session-token-expired-refresh-non-eligible-no-refresh-cookie
	// https://clerk.example.com/v1/client/handshake
	// 200 signed out: session-token-expired-refresh-non-eligible-no-refresh-cookie
}
