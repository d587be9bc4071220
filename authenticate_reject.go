package clerk

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// ErrRequestRejected reports a request that @clerk/backend's
// authenticateRequest throws on instead of deciding it: a satellite
// request whose Origin header is the origin of WithSignInURL's URL (the
// sign-in page must be on another origin than the satellite), or a
// development primary's request whose `__clerk_redirect_url` is not an
// absolute URL (this package also rejects one without a host, such as a
// mailto: URL, which Clerk would redirect to). RequestState.Err matches it with errors.Is and the state
// is signed out with ReasonRequestRejected; Middleware lets the request
// through signed out and RequireSession refuses it.
var ErrRequestRejected = errors.New("clerk: request rejected")

var (
	errSignInSameOrigin   = fmt.Errorf("%w: the sign-in URL must be on a different origin than the satellite application", ErrRequestRejected)
	errInvalidRedirectURL = fmt.Errorf("%w: the __clerk_redirect_url query parameter is not an absolute URL with a host", ErrRequestRejected)
)

// rejected is the signed-out state of a request Clerk throws on.
func rejected(err error) RequestState {
	return RequestState{Status: AuthSignedOut, Reason: ReasonRequestRejected, Err: err, Message: err.Error()}
}

// signInSameOrigin reports a satellite request whose Origin header equals
// the sign-in URL's origin, which @clerk/backend checks before anything
// else.
func (v *Verifier) signInSameOrigin(r *http.Request) bool {
	if !v.satellite || v.signInURL == "" {
		return false
	}
	o := r.Header.Get("Origin")
	if o == "" {
		return false
	}
	u, err := url.Parse(v.signInURL)
	if err != nil || u.Host == "" {
		return false
	}
	return o == originOf(u)
}

// originOf is a URL's serialized origin as WHATWG URL.origin gives it:
// lower-case scheme and host, default port dropped.
func originOf(u *url.URL) string {
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	if p := u.Port(); (scheme == "https" && p == "443") || (scheme == "http" && p == "80") {
		host = strings.TrimSuffix(host, ":"+p)
	}
	return scheme + "://" + host
}
