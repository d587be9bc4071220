package clerk

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

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

// TestCrossCheckRandomClaims is a differential test: 300 tokens drawn from
// headerChoices and claimChoices (a fixed seed, so a failure names a token
// that reproduces) go through @clerk/backend's verifyToken and Verify,
// which must agree on the outcome and the reason, except where
// deliberateDifference says we differ on purpose.
func TestCrossCheckRandomClaims(t *testing.T) {
	t.Parallel()
	a := testKeyA()
	pemA := pemOf(t, &a.PublicKey)
	type tc struct {
		Name    string         `json:"name"`
		Token   string         `json:"token"`
		Options map[string]any `json:"options"`
		NowMs   int64          `json:"nowMs"`
		parties []string
		header  string
		payload string
	}
	r := rand.New(rand.NewPCG(4, 2026))
	nows := []int64{1700000030000, 1700000029999, 1700000030001}
	var cases []tc
	for range 300 {
		header := randomObject(r, 8, headerOrder, headerChoices)
		payload := randomObject(r, 3, claimOrder, claimChoices)
		c := tc{Token: mintRaw(t, a, header, payload), NowMs: nows[r.IntN(len(nows))],
			Options: map[string]any{"jwtKey": pemA}, header: header, payload: payload}
		if r.IntN(2) == 0 {
			c.parties = []string{testAzp}
			c.Options["authorizedParties"] = c.parties
		}
		c.Name = fmt.Sprintf("%s.%s now=%d parties=%v", header, payload, c.NowMs%100000, c.parties)
		cases = append(cases, c)
	}
	var clerk []verifyOutcome
	clerkOracle(t, "verify.mjs", cases, &clerk)
	var ours []verifyOutcome
	outcomes := map[string]int{}
	for _, c := range cases {
		opts := []VerifierOption{WithClock(fixedClock(time.UnixMilli(c.NowMs))), WithTokenCacheSize(0)}
		if c.parties != nil {
			opts = append(opts, WithAuthorizedParties(c.parties...))
		}
		_, err := newPEMVerifier(t, opts...).Verify(context.Background(), c.Token)
		ours = append(ours, verifyOutcome{Name: c.Name, OK: err == nil, Reason: ReasonOf(err)})
		if err == nil {
			outcomes["ok"]++
		} else {
			outcomes[ReasonOf(err)]++
		}
	}
	if len(clerk) != len(cases) {
		t.Fatalf("@clerk/backend answered %d cases, want %d", len(clerk), len(cases))
	}
	want := make([]verifyOutcome, len(clerk))
	differ := 0
	for i, c := range clerk {
		want[i] = c
		if d, ok := deliberateDifference(cases[i].header, cases[i].payload, c); ok {
			want[i].OK, want[i].Reason = false, d
			differ++
		}
	}
	if diff := cmp.Diff(want, ours); diff != "" {
		t.Errorf("@clerk/backend (with our deliberate differences) vs Verify (-want +ours):\n%s", diff)
	}
	t.Logf("%d random tokens agree with @clerk/backend (%d deliberate differences); our outcomes %v", len(cases), differ, outcomes)
}

// verifyOutcome is one verification's outcome, as verify.mjs reports it.
type verifyOutcome struct {
	Name   string `json:"name"`
	OK     bool   `json:"ok"`
	Reason string `json:"reason"`
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
