package clerk

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAuthenticateRequestRejects checks the requests @clerk/backend throws
// on: signed out with ReasonRequestRejected and ErrRequestRejected, while
// their neighbours are decided as before.
func TestAuthenticateRequestRejects(t *testing.T) {
	t.Parallel()
	f := newFakeBAPI(t)
	doc := map[string]string{"Sec-Fetch-Dest": "document"}
	sat := func(origin string) flowCase {
		return flowCase{pk: devPK, satellite: true, domain: satDomain, signIn: signInURL, target: "https://sat.example.org/x",
			headers: map[string]string{"Sec-Fetch-Dest": "document", "Origin": origin}, cookies: "__clerk_db_jwt=dvb_1"}
	}
	primary := func(back string) flowCase {
		return flowCase{pk: devPK, target: authURL + "&__clerk_redirect_url=" + url.QueryEscape(back), headers: doc, cookies: "__clerk_db_jwt=dvb_1"}
	}
	type got struct {
		Reason   string
		Rejected bool
	}
	cases := []struct {
		name string
		c    flowCase
		want got
	}{
		{"satellite request from the sign-in origin", sat("https://app.example.com"), got{ReasonRequestRejected, true}},
		{"sign-in origin with the default port", sat("https://app.example.com"), got{ReasonRequestRejected, true}},
		{"satellite request from its own origin", sat("https://sat.example.org"), got{ReasonSessionTokenAndUATMissing, false}},
		{"not a URL", primary("notaurl"), got{ReasonRequestRejected, true}},
		{"relative", primary("/p"), got{ReasonRequestRejected, true}},
		{"no host", primary("mailto:a@example.com"), got{ReasonRequestRejected, true}},
		{"absolute", primary("https://sat.example.org/p"), got{ReasonPrimaryRespondsToSyncing, false}},
	}
	cases[1].c.signIn = "https://APP.example.com:443/sign-in"
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.c.fill()
			v := tc.c.verifier(t, f)
			res := tc.c.run(v)
			r := got{Reason: res.Reason, Rejected: res.Status == "threw"}
			if r.Rejected {
				st := v.AuthenticateRequest(requestOf(&tc.c))
				r.Reason = st.Reason
				if !errors.Is(st.Err, ErrRequestRejected) || st.Status != AuthSignedOut {
					t.Errorf("state = %s %v, want signed out with ErrRequestRejected", st.Status, st.Err)
				}
			}
			if d := cmp.Diff(tc.want, r); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// requestOf is the request flowCase.run sends.
func requestOf(c *flowCase) *http.Request {
	r := httptest.NewRequest(c.method, c.target, nil)
	for k, val := range c.headers {
		r.Header.Set(k, val)
	}
	if c.cookies != "" {
		r.Header.Set("Cookie", c.cookies)
	}
	return r
}
