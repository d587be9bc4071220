package clerk

import (
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// claimChoices are the raw JSON values of payload claims randomObject picks
// from: the first is the usual value, "" leaves the claim out. They sit
// around the checks' boundaries for a clock of 1700000030 s with the 5 s
// leeway (fractions included: Clerk drops them), and include wrong types.
var claimChoices = map[string][]string{
	"sub": {`"user_1"`, "", `""`, `1`, `null`, `"mch_1"`, `["user_1"]`},
	"exp": {`1700000060`, "", `1700000025`, `1700000024.999`, `1700000025.001`, `"1700000060"`, `null`, `-1`},
	"nbf": {`1699999990`, "", `1700000035`, `1700000035.001`, `1700000036`, `"x"`, `null`},
	"iat": {`1700000000`, "", `1700000035`, `1700000035.5`, `true`, `null`},
	"azp": {`"` + testAzp + `"`, "", `""`, `"https://evil.example"`, `1`, `null`},
	"sid": {`"sess_1"`, ""},
}

// headerChoices are the same for the protected header.
var headerChoices = map[string][]string{
	"typ": {`"JWT"`, "", `"jwt"`, `"at+jwt"`, `1`, `null`},
	"cat": {"", `"` + catSession + `"`, `"` + catTemplate + `"`, `"` + catMachine + `"`, `"cl_other"`, `1`},
	"kid": {`"ins_1"`, "", `1`},
	"alg": {`"RS256"`, `"none"`, `"HS256"`, `null`, `1`},
}

// claimOrder and headerOrder are the members randomObject writes.
var (
	claimOrder  = []string{"sub", "exp", "nbf", "iat", "azp", "sid"}
	headerOrder = []string{"alg", "typ", "cat", "kid"}
)

// randomObject builds one JSON object from the members in order: each
// takes its usual value, or one time in odds any of its choices; one
// member in six appears twice (JSON.parse keeps the last); the members are
// shuffled.
func randomObject(r *rand.Rand, odds int, order []string, choices map[string][]string) string {
	var members []string
	for _, name := range order {
		choices := choices[name]
		n := 1
		if r.IntN(6) == 0 {
			n = 2
		}
		for range n {
			v := choices[0]
			if r.IntN(odds) == 0 {
				v = choices[r.IntN(len(choices))]
			}
			if v != "" {
				members = append(members, fmt.Sprintf("%q:%s", name, v))
			}
		}
	}
	r.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	return "{" + strings.Join(members, ",") + "}"
}

// TestCrossCheckRandomTokens is a differential test: 300 tokens drawn from
// headerChoices and claimChoices (a fixed seed, so a failure names a token
// that reproduces) go through @clerk/backend's verifyToken and Verify,
// which must agree on the outcome and the reason, except where
// deliberateDifference says we differ on purpose.
func TestCrossCheckRandomTokens(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	r := rand.New(rand.NewPCG(4, 2026))
	nows := []int64{1700000030000, 1700000029999, 1700000030001}
	var cases []verifyCase
	var headers, payloads []string
	for range 300 {
		header := randomObject(r, 8, headerOrder, headerChoices)
		payload := randomObject(r, 3, claimOrder, claimChoices)
		c := verifyCase{Token: mintRaw(t, a, header, payload), NowMs: nows[r.IntN(len(nows))]}
		if r.IntN(2) == 0 {
			c.parties = []string{testAzp}
		}
		c.Name = fmt.Sprintf("%s.%s now=%d parties=%v", header, payload, c.NowMs%100000, c.parties)
		cases = append(cases, c)
		headers, payloads = append(headers, header), append(payloads, payload)
	}
	clerk, ours := verifyBoth(t, cases)
	outcomes := map[string]int{}
	for _, o := range ours {
		if o.OK {
			outcomes["ok"]++
		} else {
			outcomes[o.Reason]++
		}
	}
	want := make([]verifyOutcome, len(clerk))
	differ := 0
	for i, c := range clerk {
		want[i] = c
		if d, ok := deliberateDifference(headers[i], payloads[i], c); ok {
			want[i].OK, want[i].Reason = false, d
			differ++
		}
	}
	if diff := cmp.Diff(want, ours); diff != "" {
		for i := range want {
			if want[i] != ours[i] {
				t.Logf("%s: want %v %q, ours %v %q", cases[i].Name, want[i].OK, want[i].Reason, ours[i].OK, ours[i].Reason)
			}
		}
		t.Errorf("@clerk/backend (with our deliberate differences) vs Verify (-want +ours):\n%s", diff)
	}
	t.Logf("%d random tokens agree with @clerk/backend (%d deliberate differences); our outcomes %v", len(cases), differ, outcomes)
}

// wrongTypedHeader matches a header member Verify reads whose value is
// neither a string nor null (in headerChoices, a number).
var wrongTypedHeader = regexp.MustCompile(`"(alg|kid|typ|cat)":[^"n]`)

// deliberateDifference says which reason Verify gives for a token where it
// differs on purpose from Clerk's verifyToken, given Clerk's answer:
//
//   - a header whose alg, kid, typ or cat (any occurrence) has the wrong
//     type is malformed (Clerk ignores the types of kid and cat);
//   - past the header and signature checks, an empty `sub` fails the sub
//     check (no user has the ID "");
//   - where Clerk accepts: an `azp` that is neither a string nor null fails
//     even without authorized parties (Verify rejects every claim it reads
//     when its type is wrong), and a machine `sub` ("mch_…") or the JWT
//     template category fails last as a type mismatch (Verify is for
//     session tokens; Clerk's verifyToken is generic).
func deliberateDifference(header, payload string, clerk verifyOutcome) (string, bool) {
	if wrongTypedHeader.MatchString(header) {
		return reasonTokenInvalid, true
	}
	switch clerk.Reason {
	case reasonTokenInvalid, reasonTokenInvalidAlgorithm, reasonTokenInvalidSignature:
		return "", false
	}
	var hdr, obj map[string]any
	if json.Unmarshal([]byte(header), &hdr) != nil || json.Unmarshal([]byte(payload), &obj) != nil {
		return "", false
	}
	if obj["sub"] == "" {
		return reasonTokenVerificationFailed, true
	}
	if !clerk.OK {
		return "", false
	}
	sub, _ := obj["sub"].(string)
	azp, hasAzp := obj["azp"]
	_, azpStr := azp.(string)
	switch {
	case hasAzp && azp != nil && !azpStr:
		return reasonTokenVerificationFailed, true
	case strings.HasPrefix(sub, "mch_") || hdr["cat"] == catTemplate:
		return reasonTokenTypeMismatch, true
	}
	return "", false
}

// randomAuthCase draws one request for TestCrossCheckRandomRequests from
// tokens: an Authorization header or not, the four session cookies each
// present or not, the request-kind headers, the method, authorized parties
// and the clock.
func randomAuthCase(r *rand.Rand, tokens []string) authCase {
	pick := func(choices ...string) string { return choices[r.IntN(len(choices))] }
	tok := func() string { return tokens[r.IntN(len(tokens))] }
	uat := func() string { return pick("1700000000", "0", "1699999000", "1700000001", "abc", "1700000000x", "-1") }
	c := authCase{headers: map[string]string{}, cookies: map[string]string{}}
	if r.IntN(3) == 0 {
		c.headers["Authorization"] = pick("Bearer ", "", "bearer ", "Bearer  ") + tok()
		if r.IntN(8) == 0 {
			c.headers["Authorization"] = pick("Basic dXNlcjpwYXNz", "Bearer")
		}
	}
	const sfx = "_naoXFJnI"
	for _, name := range []string{"__session", "__session" + sfx} {
		if r.IntN(2) == 0 {
			c.cookies[name] = tok()
		}
	}
	for _, name := range []string{"__client_uat", "__client_uat" + sfx} {
		if r.IntN(2) == 0 {
			c.cookies[name] = uat()
		}
	}
	if r.IntN(10) == 0 {
		c.cookies["__clerk_redirect_count"] = pick("1", "3")
	}
	for _, h := range []struct{ name, values string }{ // a slice: the draws must come in a fixed order
		{"Sec-Fetch-Dest", "document iframe empty"},
		{"Accept", "text/html,*/* */* application/json"},
		{"Referer", "https://app.example.com/x https://satellite.example.org/x"},
	} {
		if r.IntN(2) == 0 {
			c.headers[h.name] = pick(strings.Fields(h.values)...)
		}
	}
	if r.IntN(8) == 0 {
		c.method = http.MethodPost
	}
	switch r.IntN(6) {
	case 0:
		c.parties = []string{testAzp}
	case 1:
		c.parties = []string{"https://other.example"}
	}
	c.nowSec = []int64{0, 0, 0, 1700000064, 1700000070, 1699999900}[r.IntN(6)]
	return c
}

// TestCrossCheckRandomRequests is a differential test of AuthenticateRequest:
// 400 requests drawn by randomAuthCase (a fixed seed, chosen so that one
// request reaches the cross-origin case below) go through
// @clerk/backend's authenticateRequest too, and both must give the same
// status and reason. A request with a Referer is also sent without it, so
// that the cross-origin sync (C17) is compared both ways.
func TestCrossCheckRandomRequests(t *testing.T) {
	t.Parallel()
	tk := newAuthTokens(t)
	tokens := []string{tk.valid, tk.expired, tk.notYet, tk.issuedLater, tk.older, tk.badSig, tk.m2m, tk.tmpl,
		tk.machineSub, tk.atJWT, tk.noIss, tk.foreign, tk.pending, tk.noAzp, "abc"}
	r := rand.New(rand.NewPCG(23, 2026))
	var cases []authCase
	for i := range 400 {
		c := randomAuthCase(r, tokens)
		c.name = fmt.Sprintf("R%d", i)
		cases = append(cases, c)
		if c.headers["Referer"] != "" {
			twin := c
			twin.name += " without Referer"
			twin.headers = maps.Clone(c.headers)
			delete(twin.headers, "Referer")
			cases = append(cases, twin)
		}
	}
	clerk := clerkAuthenticate(t, cases)
	var want, ours []clerkAuthResult
	differ := 0
	outcomes := map[string]int{}
	for i, c := range cases {
		w := clerk[i]
		if w.Reason == "primary-domain-cross-origin-sync" {
			differ++
		}
		want = append(want, w)
		st := authCaseState(t, c)
		ours = append(ours, clerkAuthResult{Name: c.name, Status: string(st.Status), Reason: st.Reason})
		outcomes[string(st.Status)+" "+st.Reason]++
	}
	if diff := cmp.Diff(want, ours); diff != "" {
		for i := range want {
			if want[i] != ours[i] {
				t.Logf("%s: %+v cookies %v parties %v now %d", cases[i].name, cases[i].headers, cases[i].cookies, cases[i].parties, cases[i].nowSec)
			}
		}
		t.Errorf("@clerk/backend authenticateRequest vs ours (-clerk +ours):\n%s", diff)
	}
	if differ == 0 {
		t.Error("no request reached the cross-origin case: the generator changed, choose a seed that does")
	}
	t.Logf("%d random requests agree with @clerk/backend (%d cross-origin syncs); our outcomes %v", len(cases), differ, outcomes)
}
