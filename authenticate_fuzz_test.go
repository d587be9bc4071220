package clerk

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzAuthenticateRequest checks that the decision tree never panics
// whatever the Authorization header, cookies, query and request kind, on a
// production and a development satellite-free instance, and that its
// states are sound: a known status, a Location only on a handshake or a
// development instance's resolved handshake, a Location that parses, and
// no header echoing a session cookie's value.
func FuzzAuthenticateRequest(f *testing.F) {
	tk := newAuthTokens(f)
	f.Add("Bearer "+tk.valid, "", "q=1", true, "document")
	f.Add("", "__session="+tk.expired+"; __client_uat=1", "", true, "document")
	f.Add("", "__session="+tk.valid+"; __client_uat=1700000000; __clerk_redirect_count=3", "", true, "iframe")
	f.Add("", "__client_uat=1; __refresh_naoXFJnI=r", "__clerk_db_jwt=dvb_1", false, "")
	f.Add("Basic x", "__clerk_handshake="+tk.valid, "__clerk_handshake_nonce=n&__clerk_redirect_url=https%3A%2F%2Fs.example%2F", true, "document")
	f.Add("Bearer ak_1", "__session_naoXFJnI=x; __client_uat_naoXFJnI=-1", "__clerk_synced=false", true, "empty")
	prod := newPEMVerifier(f, WithPublishableKey(testPK))
	dev := newPEMVerifier(f, WithPublishableKey(devPK), WithProxyURL("/__clerk"))
	f.Fuzz(func(t *testing.T, auth, cookie, query string, get bool, dest string) {
		r := httptest.NewRequest(http.MethodGet, "https://app.example.com/p", nil)
		if !get {
			r.Method = http.MethodPost
		}
		r.URL.RawQuery = query
		r.Header.Set("Authorization", auth)
		r.Header.Set("Cookie", cookie)
		r.Header.Set("Sec-Fetch-Dest", dest)
		for _, v := range []*Verifier{prod, dev} {
			st := v.AuthenticateRequest(r)
			switch st.Status {
			case AuthSignedIn, AuthSignedOut, AuthHandshake:
			default:
				t.Fatalf("status %q", st.Status)
			}
			h := st.Headers()
			loc := h.Get("Location")
			if loc != "" {
				if st.Status != AuthHandshake && v != dev {
					t.Fatalf("Location on a %s state of a production instance", st.Status)
				}
				if _, err := url.Parse(loc); err != nil {
					t.Fatalf("Location %q does not parse: %v", loc, err)
				}
			}
			for _, name := range []string{HeaderAuthMessage, HeaderAuthReason} {
				for _, c := range r.Cookies() {
					if len(c.Value) > 16 && strings.Contains(h.Get(name), c.Value) {
						t.Fatalf("%s echoes cookie %s", name, c.Name)
					}
				}
			}
		}
	})
}
