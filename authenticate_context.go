package clerk

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// authCtx is what one request brings to the decision tree: its URL as the
// browser saw it, its cookies and Clerk's values read from them, as
// @clerk/backend's AuthenticateContext.
type authCtx struct {
	r           *http.Request
	jar         cookieJar
	url         *url.URL // the URL the browser asked for (clerkUrl)
	headerToken string
	suffixed    bool
	session     string // session cookie, suffixed or not
	clientUAT   int64
	refresh     string // __refresh_<suffix>
	devBrowser  string
	hsToken     string
	hsNonce     string
	redirects   int64  // __clerk_redirect_count
	fapi        string // Frontend API base URL, proxy included
	dev         bool
}

// newAuthCtx reads r once for the decision tree.
func (v *Verifier) newAuthCtx(r *http.Request, headerToken string) *authCtx {
	a := &authCtx{r: r, jar: readCookies(r), url: clerkURL(r), headerToken: headerToken}
	a.suffixed = v.usesSuffixedCookies(a.jar)
	a.session, _ = a.jar.get(v.cookieName(cookieSession, a.suffixed))
	uat, _ := a.jar.get(v.cookieName(cookieClientUAT, a.suffixed))
	a.clientUAT = jsParseInt(uat)
	if v.cookieSuffix != "" {
		a.refresh, _ = a.jar.get(cookieRefresh + "_" + v.cookieSuffix)
	}
	q := a.url.Query()
	a.devBrowser = q.Get(queryDevBrowser)
	if a.devBrowser == "" {
		a.devBrowser, _ = a.jar.get(v.cookieName(cookieDevBrowser, a.suffixed))
	}
	a.hsToken = q.Get(queryHandshake)
	if a.hsToken == "" {
		a.hsToken, _ = a.jar.get(cookieHandshake)
	}
	a.hsNonce = q.Get(queryHSNonce)
	if a.hsNonce == "" {
		a.hsNonce, _ = a.jar.get(cookieHSNonce)
	}
	n, _ := a.jar.get(cookieRedirectCnt)
	a.redirects = jsNumber(n)
	if v.pk != nil {
		a.dev = !v.pk.production
		a.fapi = v.frontendAPI(a.url)
	}
	return a
}

// sessionToken is the token the handshake URL and a refresh carry: the
// session cookie, else the header token.
func (a *authCtx) sessionToken() string {
	if a.session != "" {
		return a.session
	}
	return a.headerToken
}

// cookieName is name, suffixed when suffixed cookies are in use.
func (v *Verifier) cookieName(name string, suffixed bool) string {
	if suffixed {
		return name + "_" + v.cookieSuffix
	}
	return name
}

// frontendAPI is the Frontend API base URL for a request to u: the proxy
// URL (a path is resolved against u's origin), else https:// and the
// instance's host ("clerk.<domain>" for a production satellite).
func (v *Verifier) frontendAPI(u *url.URL) string {
	switch {
	case strings.HasPrefix(v.proxyURL, "/"):
		return u.Scheme + "://" + u.Host + v.proxyURL
	case v.proxyURL != "":
		return v.proxyURL
	}
	return "https://" + v.originalFAPI()
}

// originalFAPI is the Frontend API host before any proxy, the one session
// tokens of this instance name as issuer.
func (v *Verifier) originalFAPI() string {
	d := ""
	if v.satellite {
		d = v.domain
	}
	return v.pk.fapiHost(d)
}

// clerkURL rebuilds the URL the browser asked for, from X-Forwarded-Host
// and X-Forwarded-Proto when present, as Clerk's clerkUrl.
func clerkURL(r *http.Request) *url.URL {
	host := r.Host
	if fh := r.Header.Get("X-Forwarded-Host"); fh != "" {
		host, _, _ = strings.Cut(fh, ",")
		host = strings.TrimSpace(host)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if fp := r.Header.Get("X-Forwarded-Proto"); fp != "" {
		scheme, _, _ = strings.Cut(fp, ",")
		scheme = strings.TrimSpace(scheme)
	}
	return &url.URL{Scheme: scheme, Host: host, Path: r.URL.Path, RawPath: r.URL.RawPath, RawQuery: r.URL.RawQuery}
}

// withoutParams returns u's string form without the query parameters
// named, keeping the others in their order.
func withoutParams(u *url.URL, names ...string) string {
	c := *u
	var kept []string
	for _, part := range strings.Split(u.RawQuery, "&") {
		if part == "" {
			continue
		}
		k := paramName(part)
		drop := false
		for _, n := range names {
			drop = drop || k == n
		}
		if !drop {
			kept = append(kept, escapeQueryPart(part))
		}
	}
	c.RawQuery = strings.Join(kept, "&")
	c.ForceQuery = false
	return c.String()
}

// escapeQueryPart percent-encodes the bytes of a raw query part that may not
// appear in a URL or a Location header (control bytes, space, non-ASCII), so
// that a request URL built by hand, not parsed by net/http's server, cannot
// make the redirect unparseable. Other bytes, escapes included, stay as sent.
func escapeQueryPart(part string) string {
	clean := true
	for i := 0; i < len(part) && clean; i++ {
		clean = part[i] > ' ' && part[i] < 0x7f
	}
	if clean {
		return part
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(part); i++ {
		if c := part[i]; c > ' ' && c < 0x7f {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}

// jsNumber mimics JavaScript's Number(s) || 0 for a cookie value.
func jsNumber(s string) int64 {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != f || f > 1<<53 || f < -(1<<53) {
		return 0
	}
	return int64(f)
}

// paramName is the decoded name of one name=value query part.
func paramName(part string) string {
	k, _, _ := strings.Cut(part, "=")
	if dk, err := url.QueryUnescape(k); err == nil {
		return dk
	}
	return k
}
