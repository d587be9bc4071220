package clerk

import (
	"encoding/json"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// SessionStatus is the status of a session: the `status` field of a
// [Session] and the `sts` claim of a session token. It is the generated
// type, so a Session's Status compares with these constants directly.
type SessionStatus = gen.SessionStatus

// Session statuses. Tokens carry only SessionActive and SessionPending.
const (
	// SessionActive is a fully signed-in session.
	SessionActive = gen.SessionStatusActive
	// SessionPending is a session with tasks left (for example choosing an
	// organization). Middleware treats it as signed out unless
	// WithPendingSessions is set.
	SessionPending = gen.SessionStatusPending
	// SessionEnded is a session the user signed out of.
	SessionEnded = gen.SessionStatusEnded
	// SessionExpired is a session past its lifetime.
	SessionExpired = gen.SessionStatusExpired
	// SessionRevoked is a session ended from the backend (Sessions.Revoke).
	SessionRevoked = gen.SessionStatusRevoked
	// SessionRemoved is a session removed from its client.
	SessionRemoved = gen.SessionStatusRemoved
	// SessionReplaced is a session replaced by a newer one on the same client.
	SessionReplaced = gen.SessionStatusReplaced
	// SessionAbandoned is a session that was never completed.
	SessionAbandoned = gen.SessionStatusAbandoned
)

// SessionClaims are the verified claims of a Clerk session token, decoded
// from both claim versions (v1 `org_*` claims and v2 `o`/`fea`/`pla`).
//
// A *SessionClaims returned by Verify is the caller's own copy: changing it
// does not affect other callers or the verified-token cache.
type SessionClaims struct {
	// UserID is the `sub` claim (user_…).
	UserID string
	// SessionID is the `sid` claim (sess_…).
	SessionID string
	// Issuer is the `iss` claim: the instance's Frontend API URL.
	Issuer string
	// AuthorizedParty is the `azp` claim: the origin the token was made for.
	AuthorizedParty string
	// TokenID is the `jti` claim, when present.
	TokenID string
	// Version is the `v` claim: 2 for the current claim format, 0 or 1 for v1.
	Version int
	// Status is the `sts` claim; empty when the instance does not send it.
	Status SessionStatus
	// IssuedAt, NotBefore and Expiry are `iat`, `nbf` and `exp` in whole
	// seconds (a fraction is dropped, as Clerk's checks drop it). IssuedAt
	// and NotBefore are the zero time when the claim is absent.
	IssuedAt, NotBefore, Expiry time.Time
	// Actor is the `act` claim of an impersonation or agent session, else nil.
	Actor *Actor
	// FactorVerificationAge is the `fva` claim; its Valid field is false
	// when the token has no well-formed `fva`.
	FactorVerificationAge FactorVerificationAge
	// Org is the active organization, from v2 `o` or v1 `org_*` claims. Its
	// ID is empty when no organization is active.
	Org OrgClaims

	features, plans string // v2 `fea`, `pla`
	raw             string // the payload JSON
	iatSet, nbfSet  bool
	// expS, nbfS and iatS are the time claims in seconds as the JSON has
	// them. Verify compares whole seconds (wholeMS); the cookie rules of
	// AuthenticateRequest compare these raw values, as Clerk does.
	expS, nbfS, iatS float64
}

// Actor is the `act` claim: who is acting on the user's behalf.
type Actor struct {
	// Subject is the actor's user ID (`sub`).
	Subject string `json:"sub"`
	// Issuer is the `iss` of the actor claim, when present.
	Issuer string `json:"iss,omitempty"`
	// SessionID is the actor's session (`sid`), when present.
	SessionID string `json:"sid,omitempty"`
	// Type is "agent" for agent sessions, else empty.
	Type string `json:"type,omitempty"`
}

// FactorVerificationAge is the `fva` claim: minutes since the first and the
// second factor were last verified; -1 means the factor is not enabled.
type FactorVerificationAge struct {
	// FirstFactorMinutes is minutes since first-factor verification, or -1.
	FirstFactorMinutes float64
	// SecondFactorMinutes is minutes since second-factor verification, or -1.
	SecondFactorMinutes float64
	// Valid reports whether the token carried a well-formed `fva` claim:
	// exactly two numbers, each -1 or at least 0.
	Valid bool
}

// OrgClaims describes the session's active organization.
type OrgClaims struct {
	// ID is the organization ID (org_…); empty when none is active.
	ID string
	// Slug is the organization slug.
	Slug string
	// Role is the member's role with the "org:" prefix, such as "org:admin".
	Role string

	version  int
	features string // v2 `fea`
	per, fpm string // v2 `o.per`, `o.fpm`
	v1perms  string // v1 `org_permissions` JSON array
}

// Permissions returns the organization permissions, such as
// "org:dashboard:read", decoded exactly as @clerk/shared does: for v2
// tokens from the org-scoped `fea` features, `o.per` and the bit masks in
// `o.fpm`; for v1 tokens from `org_permissions`. It returns a new slice on
// every call.
func (o OrgClaims) Permissions() []string {
	if o.ID == "" && o.version == 2 {
		return nil
	}
	if o.version != 2 {
		if o.v1perms == "" {
			return nil
		}
		var p []string
		if json.Unmarshal([]byte(o.v1perms), &p) != nil {
			return nil
		}
		return p
	}
	orgFeatures, _, ok := splitByScope(o.features)
	if !ok || o.per == "" || o.fpm == "" {
		return []string{}
	}
	perms := strings.Split(o.per, ",")
	for i := range perms {
		perms[i] = strings.TrimSpace(perms[i])
	}
	masks := strings.Split(o.fpm, ",")
	out := []string{}
	for fi, feature := range orgFeatures {
		if fi >= len(masks) {
			break
		}
		bits := decimalBits(strings.TrimSpace(masks[fi]))
		for pi := 0; pi < len(bits) && pi < len(perms); pi++ {
			if bits[pi] {
				out = append(out, "org:"+feature+":"+perms[pi])
			}
		}
	}
	return out
}

// decimalBits turns a decimal string of any length into its bits, least
// significant first, by repeated halving (no floating point). It returns nil
// for anything but ASCII digits.
func decimalBits(dec string) []bool {
	if dec == "" || len(dec) > 400 {
		return nil
	}
	digits := make([]byte, len(dec))
	for i := 0; i < len(dec); i++ {
		if dec[i] < '0' || dec[i] > '9' {
			return nil
		}
		digits[i] = dec[i] - '0'
	}
	var bits []bool
	for {
		for len(digits) > 0 && digits[0] == 0 {
			digits = digits[1:]
		}
		if len(digits) == 0 {
			return bits
		}
		rem := byte(0)
		for i, d := range digits {
			v := rem*10 + d
			digits[i] = v / 2
			rem = v % 2
		}
		bits = append(bits, rem == 1)
	}
}

// splitByScope splits a `fea` or `pla` claim ("o:a,u:b,uo:c") into org- and
// user-scoped names, as @clerk/shared does. ok is false when an element has
// no colon (Clerk throws; we fail closed).
func splitByScope(claim string) (org, user []string, ok bool) {
	if claim == "" {
		return nil, nil, true
	}
	for part := range strings.SplitSeq(claim, ",") {
		part = strings.TrimSpace(part)
		scope, value, found := strings.Cut(part, ":")
		if !found {
			return nil, nil, false
		}
		switch scope {
		case "o":
			org = append(org, value)
		case "u":
			user = append(user, value)
		case "ou", "uo":
			org = append(org, value)
			user = append(user, value)
		}
	}
	return org, user, true
}

// Features returns the names in the `fea` claim with their scope prefixes,
// such as "o:dashboard" and "u:analytics".
func (c *SessionClaims) Features() []string { return splitList(c.features) }

// Plans returns the names in the `pla` claim with their scope prefixes, such
// as "u:free" and "o:pro".
func (c *SessionClaims) Plans() []string { return splitList(c.plans) }

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	out := strings.Split(s, ",")
	for i := range out {
		out[i] = strings.TrimSpace(out[i])
	}
	return out
}

// RawClaims returns a copy of the token's payload JSON.
func (c *SessionClaims) RawClaims() []byte { return []byte(c.raw) }

// Claims decodes the token's payload JSON into v, for custom claims added
// through the session token template.
func (c *SessionClaims) Claims(v any) error { return json.Unmarshal([]byte(c.raw), v) }

// clone returns a copy that shares nothing mutable with c.
func (c *SessionClaims) clone() *SessionClaims {
	cp := *c
	if c.Actor != nil {
		a := *c.Actor
		cp.Actor = &a
	}
	return &cp
}

// orgRole prefixes a v2 `o.rol` with "org:". Clerk's two default roles
// come from constants, so most tokens need no allocation for it.
func orgRole(rol string) string {
	switch rol {
	case "admin":
		return "org:admin"
	case "member":
		return "org:member"
	}
	return "org:" + rol
}

// claimProblems records claims whose JSON type is wrong, so that Verify can
// report them in Clerk's order, after the signature check. For a duplicated
// claim the last value decides, as in JSON.parse, except that other stays
// set once any occurrence of the remaining claims had the wrong type.
type claimProblems struct {
	sub, exp, nbf, iat, azp, iss, other bool
	hasSub, hasExp                      bool
}

// decodeClaims fills c from the payload JSON. It returns false only for
// input that is not a JSON object; type errors of known claims are recorded
// in p instead.
func decodeClaims(payload string, c *SessionClaims, p *claimProblems) bool {
	c.raw = payload
	sc := jsonScanner{d: payload}
	if !sc.objectStart() {
		return false
	}
	var rol string
	var orgV1 OrgClaims
	for more := sc.first(); more; more = sc.more() {
		key, ok := sc.key()
		if !ok {
			return false
		}
		switch key {
		case "sub":
			switch sc.peek() {
			case '"':
				c.UserID, ok = sc.str()
				p.hasSub, p.sub = true, false
			default: // the last duplicate wins, as in encoding/json and JSON.parse
				c.UserID, p.sub = "", true
				ok = sc.skip(0)
			}
		case "exp":
			p.hasExp = true
			c.expS, p.exp, ok = timeClaim(&sc)
		case "nbf":
			c.nbfSet = true
			c.nbfS, p.nbf, ok = timeClaim(&sc)
		case "iat":
			c.iatSet = true
			c.iatS, p.iat, ok = timeClaim(&sc)
		case "azp":
			c.AuthorizedParty, p.azp, ok = scanOptString(&sc)
		case "iss":
			c.Issuer, p.iss, ok = scanOptString(&sc)
		case "sid":
			ok = stringInto(&sc, &c.SessionID, p)
		case "jti":
			ok = stringInto(&sc, &c.TokenID, p)
		case "sts":
			var s string
			ok = stringInto(&sc, &s, p)
			c.Status = SessionStatus(s)
		case "fea":
			ok = stringInto(&sc, &c.features, p)
		case "pla":
			ok = stringInto(&sc, &c.plans, p)
		case "v":
			c.Version = 0
			if sc.peek() == 'n' {
				ok = sc.lit("null")
				break
			}
			var f float64
			f, ok = sc.float()
			if !ok {
				p.other = true
				ok = sc.skip(0)
				break
			}
			if f == math.Trunc(f) && f >= 0 && f <= 1e6 {
				c.Version = int(f)
			} else {
				c.Version = -1
			}
		case "o":
			ok = decodeOrg(&sc, &c.Org, &rol, p)
		case "org_id":
			ok = stringInto(&sc, &orgV1.ID, p)
		case "org_slug":
			ok = stringInto(&sc, &orgV1.Slug, p)
		case "org_role":
			ok = stringInto(&sc, &orgV1.Role, p)
		case "org_permissions":
			orgV1.v1perms = ""
			switch sc.peek() {
			case '[':
				var bad bool
				orgV1.v1perms, bad, ok = scanStringArray(&sc)
				p.other = p.other || bad
			case 'n':
				ok = sc.lit("null")
			default:
				p.other = true
				ok = sc.skip(0)
			}
		case "act":
			ok = decodeActor(&sc, c, p)
		case "fva":
			ok = decodeFVA(&sc, c, p)
		default:
			ok = sc.skip(0)
		}
		if !ok {
			return false
		}
	}
	if !sc.end() {
		return false
	}
	if c.Version == 2 {
		if c.Org.ID != "" {
			c.Org.version = 2
			c.Org.features = c.features
			if rol != "" {
				c.Org.Role = orgRole(rol)
			}
		} else {
			c.Org = OrgClaims{version: 2}
		}
	} else {
		c.Org = orgV1
	}
	c.Expiry = wholeSecondsTime(c.expS)
	if c.nbfSet {
		c.NotBefore = wholeSecondsTime(c.nbfS)
	}
	if c.iatSet {
		c.IssuedAt = wholeSecondsTime(c.iatS)
	}
	return true
}

// maxNumericDate is 9999-12-31T23:59:59Z in Unix seconds, the latest
// whole second a time claim may carry.
const maxNumericDate = 253402300799

// wholeMS is a time claim as Clerk's checks see it: Unix milliseconds of
// the whole seconds, the fraction dropped toward zero (Date's setUTCSeconds
// truncates its argument), so an exp of 1700000025.9 expires with
// 1700000025.
func wholeMS(sec float64) float64 { return math.Trunc(sec) * 1000 }

// wholeSecondsTime is the time.Time of a time claim's whole seconds, the
// instant the checks compare; out-of-range values (already recorded as
// bad) give the zero time.
func wholeSecondsTime(sec float64) time.Time {
	if s := math.Trunc(sec); s >= -maxNumericDate && s <= maxNumericDate {
		return time.Unix(int64(s), 0).UTC()
	}
	return time.Time{}
}

// timeClaim reads a NumericDate; bad is true for any other JSON type
// (including null, as in Clerk) and for a non-finite value.
func timeClaim(sc *jsonScanner) (sec float64, bad, ok bool) {
	c := sc.peek()
	if c == '-' || ('0' <= c && c <= '9') {
		f, ok := sc.float()
		if !ok {
			return 0, true, sc.i <= len(sc.d)
		}
		if s := math.Trunc(f); s > maxNumericDate || s < -maxNumericDate {
			// Stricter than Clerk, whose Date arithmetic accepts an exp of
			// 1e308 as "never expires": no real token is dated past the
			// year 9999, and such a date would sit in the token cache
			// forever.
			return 0, true, true
		}
		return f, false, true
	}
	return 0, true, sc.skip(0)
}

// optString reads an optional string claim: null reads as absent; any other
// type is recorded as bad.
func scanOptString(sc *jsonScanner) (s string, bad, ok bool) {
	switch sc.peek() {
	case '"':
		s, ok = sc.str()
		return s, false, ok
	case 'n':
		return "", false, sc.lit("null")
	}
	return "", true, sc.skip(0)
}

// scanStringArray steps over an array at sc (which must be at '[') and
// returns its JSON text; bad is true when an element is neither a string
// nor null, the arrays encoding/json cannot decode into []string. It
// allocates nothing for strings without escapes: the check runs before
// the signature's, on any token a client sends.
func scanStringArray(sc *jsonScanner) (raw string, bad, ok bool) {
	start := sc.i
	sc.i++
	for more := sc.arrayFirst(); more; more = sc.arrayMore() {
		if c := sc.peek(); c != '"' && c != 'n' {
			bad = true
		}
		if !sc.skip(1) {
			return "", false, false
		}
	}
	if !sc.closed() {
		return "", false, false
	}
	return sc.d[start:sc.i], bad, true
}

func stringInto(sc *jsonScanner, dst *string, p *claimProblems) bool {
	s, bad, ok := scanOptString(sc)
	if bad {
		p.other = true
	}
	*dst = s
	return ok
}

func decodeOrg(sc *jsonScanner, o *OrgClaims, rol *string, p *claimProblems) bool {
	*o = OrgClaims{}
	*rol = ""
	switch sc.peek() {
	case 'n':
		return sc.lit("null")
	case '{':
	default:
		p.other = true
		return sc.skip(0)
	}
	sc.i++
	for more := sc.first(); more; more = sc.more() {
		key, ok := sc.key()
		if !ok {
			return false
		}
		switch key {
		case "id":
			ok = stringInto(sc, &o.ID, p)
		case "slg":
			ok = stringInto(sc, &o.Slug, p)
		case "rol":
			ok = stringInto(sc, rol, p)
		case "per":
			ok = stringInto(sc, &o.per, p)
		case "fpm":
			ok = stringInto(sc, &o.fpm, p)
		default:
			ok = sc.skip(1)
		}
		if !ok {
			return false
		}
	}
	return sc.closed()
}

func decodeActor(sc *jsonScanner, c *SessionClaims, p *claimProblems) bool {
	c.Actor = nil
	switch sc.peek() {
	case 'n':
		return sc.lit("null")
	case '{':
	default:
		p.other = true
		return sc.skip(0)
	}
	sc.i++
	a := &Actor{}
	for more := sc.first(); more; more = sc.more() {
		key, ok := sc.key()
		if !ok {
			return false
		}
		switch key {
		case "sub":
			ok = stringInto(sc, &a.Subject, p)
		case "iss":
			ok = stringInto(sc, &a.Issuer, p)
		case "sid":
			ok = stringInto(sc, &a.SessionID, p)
		case "type":
			ok = stringInto(sc, &a.Type, p)
		default:
			ok = sc.skip(1)
		}
		if !ok {
			return false
		}
	}
	c.Actor = a
	return sc.closed()
}

// decodeFVA reads `fva`: exactly two numbers, each -1 or ≥ 0. Anything else
// leaves FactorVerificationAge nil (reverification checks then fail closed).
func decodeFVA(sc *jsonScanner, c *SessionClaims, p *claimProblems) bool {
	c.FactorVerificationAge = FactorVerificationAge{}
	if sc.peek() != '[' {
		if sc.peek() == 'n' {
			return sc.lit("null")
		}
		p.other = true
		return sc.skip(0)
	}
	var v [2]float64
	n := 0
	valid := true
	sc.i++
	for more := sc.arrayFirst(); more; more = sc.arrayMore() {
		ch := sc.peek()
		if ch == '-' || ('0' <= ch && ch <= '9') {
			f, ok := sc.float()
			if !ok {
				return false
			}
			if n < 2 {
				v[n] = f
			}
			if f != -1 && f < 0 {
				valid = false
			}
		} else {
			valid = false
			if !sc.skip(1) {
				return false
			}
		}
		n++
	}
	if !sc.closed() {
		return false
	}
	if valid && n == 2 {
		c.FactorVerificationAge = FactorVerificationAge{FirstFactorMinutes: v[0], SecondFactorMinutes: v[1], Valid: true}
	}
	return true
}

// Check is one authorization question for SessionClaims.Has, the Go form
// of Clerk's has({role, permission, feature, plan, reverification}). Empty
// fields are not asked.
type Check struct {
	// Role is an organization role, with or without the "org:" prefix.
	Role string
	// Permission is an organization permission, with or without "org:".
	Permission string
	// Feature is a feature: "x" in any scope, "org:x"/"o:x"/"organization:x"
	// in the organization's, "user:x"/"u:x" in the user's.
	Feature string
	// Plan is a plan, with the same scope rules as Feature.
	Plan string
	// Reverification asks that factors were verified recently enough.
	Reverification *Reverification
}

// Reverification is a freshness requirement on factor verification.
type Reverification struct {
	// Level is "first_factor", "second_factor" or "multi_factor".
	Level string
	// AfterMinutes is how recent the verification must be, in minutes (> 0).
	AfterMinutes float64
}

// Clerk's named reverification presets.
var (
	// ReverifyStrictMFA is Clerk's "strict_mfa": both factors within 10 minutes.
	ReverifyStrictMFA = Reverification{Level: "multi_factor", AfterMinutes: 10}
	// ReverifyStrict is Clerk's "strict": second factor within 10 minutes.
	ReverifyStrict = Reverification{Level: "second_factor", AfterMinutes: 10}
	// ReverifyModerate is Clerk's "moderate": second factor within 60 minutes.
	ReverifyModerate = Reverification{Level: "second_factor", AfterMinutes: 60}
	// ReverifyLax is Clerk's "lax": second factor within 24 hours.
	ReverifyLax = Reverification{Level: "second_factor", AfterMinutes: 1440}
)

type verdict int

const (
	skip verdict = iota
	pass
	fail
)

// Has answers chk with Clerk's rules (createCheckAuthorization): every asked
// dimension must pass and at least one must be asked, so Has(Check{}) is
// false; role and permission are AND-ed; no user means false; missing or
// malformed claims fail closed.
func (c *SessionClaims) Has(chk Check) bool {
	if c == nil || c.UserID == "" {
		return false
	}
	rs := [3]verdict{c.checkOrg(chk), c.checkBilling(chk), c.checkReverification(chk)}
	anyPass := false
	for _, r := range rs {
		if r == fail {
			return false
		}
		anyPass = anyPass || r == pass
	}
	return anyPass
}

// HasRole reports whether the active organization role is role.
func (c *SessionClaims) HasRole(role string) bool { return c.Has(Check{Role: role}) }

// HasPermission reports whether the active organization grants permission.
func (c *SessionClaims) HasPermission(permission string) bool {
	return c.Has(Check{Permission: permission})
}

// HasFeature reports whether feature is in the `fea` claim (see Check.Feature).
func (c *SessionClaims) HasFeature(feature string) bool { return c.Has(Check{Feature: feature}) }

// HasPlan reports whether plan is in the `pla` claim (see Check.Plan).
func (c *SessionClaims) HasPlan(plan string) bool { return c.Has(Check{Plan: plan}) }

func prefixWithOrg(s string) string {
	for strings.HasPrefix(s, "org:") {
		s = s[len("org:"):]
	}
	return "org:" + s
}

func (c *SessionClaims) checkOrg(chk Check) verdict {
	if chk.Role == "" && chk.Permission == "" {
		return skip
	}
	if c.Org.ID == "" {
		return fail
	}
	if chk.Role != "" && (c.Org.Role == "" || prefixWithOrg(c.Org.Role) != prefixWithOrg(chk.Role)) {
		return fail
	}
	if chk.Permission != "" {
		want := prefixWithOrg(chk.Permission)
		found := false
		for _, p := range c.Org.Permissions() {
			if p == want {
				found = true
				break
			}
		}
		if !found {
			return fail
		}
	}
	return pass
}

func (c *SessionClaims) checkBilling(chk Check) verdict {
	if chk.Feature == "" && chk.Plan == "" {
		return skip
	}
	if chk.Feature != "" && !hasScoped(c.features, chk.Feature) {
		return fail
	}
	if chk.Plan != "" && !hasScoped(c.plans, chk.Plan) {
		return fail
	}
	return pass
}

// hasScoped is @clerk/shared's checkForFeatureOrPlan, failing closed where
// it throws.
func hasScoped(claim, want string) bool {
	if claim == "" {
		return false
	}
	org, user, ok := splitByScope(claim)
	if !ok {
		return false
	}
	parts := strings.Split(want, ":")
	scope, id := parts[0], parts[0]
	explicit := len(parts) > 1
	if explicit {
		id = parts[1]
		if id == "" {
			id = scope
		}
	}
	switch {
	case !explicit:
		return slices.Contains(org, id) || slices.Contains(user, id)
	case scope == "o" || scope == "org" || scope == "organization":
		return slices.Contains(org, id)
	case scope == "u" || scope == "user":
		return slices.Contains(user, id)
	}
	return false
}

func (c *SessionClaims) checkReverification(chk Check) verdict {
	if chk.Reverification == nil {
		return skip
	}
	fva := c.FactorVerificationAge
	if !fva.Valid {
		return fail
	}
	cfg := *chk.Reverification
	switch cfg.Level {
	case "first_factor", "second_factor", "multi_factor":
	default:
		return fail
	}
	if !(cfg.AfterMinutes > 0) {
		return fail
	}
	f1, f2 := fva.FirstFactorMinutes, fva.SecondFactorMinutes
	if f1 == -1 && f2 == -1 {
		return fail
	}
	fresh1 := f1 != -1 && cfg.AfterMinutes > f1
	fresh2 := f2 != -1 && cfg.AfterMinutes > f2
	ok := false
	switch cfg.Level {
	case "first_factor":
		ok = fresh1
	case "second_factor":
		switch {
		case f2 == -1:
			ok = fresh1
		default:
			ok = fresh2
		}
	case "multi_factor":
		switch {
		case f2 == -1:
			ok = fresh1
		case f1 == -1:
			ok = false
		default:
			ok = fresh1 && fresh2
		}
	}
	if ok {
		return pass
	}
	return fail
}
