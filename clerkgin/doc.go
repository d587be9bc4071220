// Package clerkgin authenticates Gin routes with Clerk: the required and
// optional session middleware, guards on roles and permissions, and typed
// accessors for the verified claims.
//
// It is a thin layer over the root package: each request is decided by
// [clerk.Verifier.Gate], the decision of clerk's net/http Middleware,
// RequireSession and RequireAuth, so a Gin route answers exactly as they
// do. A browser page load whose session needs Clerk's handshake is
// redirected (307) and a handshake coming back sets its cookies; an API
// request that is not signed in is refused with 401 and no detail in the
// body; the reason goes to [OnRefused] (and to the verifier's
// WithAuthLogger).
//
//	r := gin.New()
//	r.Use(clerkgin.Middleware(v)) // every route: claims when signed in
//	api := r.Group("/api", clerkgin.RequireSession(v))
//	api.GET("/me", func(c *gin.Context) {
//		claims, _ := clerkgin.Claims(c)
//		c.JSON(http.StatusOK, gin.H{"user": claims.UserID})
//	})
//	api.DELETE("/org", clerkgin.RequireRole("admin"), deleteOrg)
//
// The module is separate from github.com/gobapi/clerk so that users who do
// not use Gin never download it.
package clerkgin
