package clerktest

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
	"github.com/oapi-codegen/nullable"
)

// defaultVerificationAttempts is what an unlocked user has left.
const defaultVerificationAttempts = 100

func adminVerification() gen.VerificationAdmin {
	return gen.VerificationAdmin{
		Status:   gen.VerificationAdminStatusVerified,
		Strategy: gen.VerificationAdminStrategyAdmin,
		Object:   ptr(gen.VerificationAdminObjectVerificationAdmin),
	}
}

func ptr[T any](v T) *T { return &v }

// given returns the value of a nullable body field and whether one was
// sent: false when the field was left out or sent as null.
func given[T any](n nullable.Nullable[T]) (T, bool) {
	v, err := n.Get()
	return v, err == nil
}

// value is given as a pointer: nil unless a value was sent.
func value[T any](n nullable.Nullable[T]) *T {
	if v, ok := given(n); ok {
		return &v
	}
	return nil
}

// clearIfNull sets *dst to nil when the body field n was sent as null.
func clearIfNull[T any](n nullable.Nullable[T], dst **T) {
	if n.IsNull() {
		*dst = nil
	}
}

// validEmail is a deliberately simple check: one @, a non-empty local part,
// a domain with a dot and no spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t\r\n") &&
		!strings.Contains(domain, "@") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// validPhone accepts E.164 numbers: "+", then 7 to 15 digits.
func validPhone(s string) bool {
	if len(s) < 8 || len(s) > 16 || s[0] != '+' || s[1] == '0' {
		return false
	}
	for _, r := range s[1:] {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkUsername applies Clerk's default username rules: 4 to 64
// characters, letters, digits, "_", "-" and ".".
func checkUsername(s string) *apiError {
	if len(s) < 4 || len(s) > 64 {
		return newAPIError(http.StatusUnprocessableEntity, "form_username_invalid_length", "is invalid",
			"Username must be between 4 and 64 characters long.", paramMeta("username"))
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return newAPIError(http.StatusUnprocessableEntity, "form_username_invalid_character", "is invalid",
				"Username can only contain letters, numbers, '_', '-' and '.'.", paramMeta("username"))
		}
	}
	return nil
}

func checkPassword(pw *string, skip *bool) *apiError {
	if pw == nil || (skip != nil && *skip) {
		return nil
	}
	if len(*pw) < 8 {
		return newAPIError(http.StatusUnprocessableEntity, "form_password_length_too_short", "Passwords must be 8 characters or more.",
			"Passwords must be 8 characters or more.", paramMeta("password"))
	}
	return nil
}

// parseTime parses an RFC 3339 body field into unix milliseconds.
func parseTime(name string, s *string) (*int64, *apiError) {
	if s == nil {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return nil, errParamFormat(name, "expected an RFC 3339 date-time")
	}
	return ptr(ms(t)), nil
}

// CreateUser applies Clerk's identifier rules, kept simple: a user needs at
// least one identifier (email_address, phone_number, username or
// web3_wallet); each must be well formed and not taken (case-insensitive
// for emails and usernames), and so must external_id.
func (a *api) CreateUser(_ context.Context, req bapiserver.CreateUserRequestObject) (bapiserver.CreateUserResponseObject, error) {
	b := req.Body
	if len(b.EmailAddress) == 0 && len(b.PhoneNumber) == 0 && (b.Username == nil || *b.Username == "") && len(b.Web3Wallet) == 0 {
		return nil, errParamMissing("email_address")
	}
	for _, e := range b.EmailAddress {
		if !validEmail(e) {
			return nil, errParamFormat("email_address", "must be a valid email address")
		}
	}
	for _, p := range b.PhoneNumber {
		if !validPhone(p) {
			return nil, errParamFormat("phone_number", "must be a valid phone number in E.164 format, such as +15555550100")
		}
	}
	if b.Username != nil {
		if e := checkUsername(*b.Username); e != nil {
			return nil, e
		}
	}
	if b.ExternalID != nil && *b.ExternalID == "" {
		return nil, errParamFormat("external_id", "must not be empty")
	}
	if e := checkPassword(b.Password, b.SkipPasswordChecks); e != nil {
		return nil, e
	}
	if b.PasswordDigest != nil && b.PasswordHasher == nil {
		return nil, errParamMissing("password_hasher")
	}
	if b.PasswordHasher != nil && b.PasswordDigest == nil {
		return nil, errParamMissing("password_digest")
	}
	createdAt, e := parseTime("created_at", b.CreatedAt)
	if e != nil {
		return nil, e
	}
	legal, e := parseTime("legal_accepted_at", b.LegalAcceptedAt)
	if e != nil {
		return nil, e
	}

	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	seen := map[string]bool{}
	for _, em := range b.EmailAddress {
		if db.byEmail[lower(em)] != "" || seen["e"+lower(em)] {
			return nil, errIdentifierExists("email_address", "email address")
		}
		seen["e"+lower(em)] = true
	}
	for _, p := range b.PhoneNumber {
		if db.byPhone[p] != "" || seen["p"+p] {
			return nil, errIdentifierExists("phone_number", "phone number")
		}
		seen["p"+p] = true
	}
	if b.Username != nil && db.byName[lower(*b.Username)] != "" {
		return nil, errIdentifierExists("username", "username")
	}
	if b.ExternalID != nil && db.byExtID[*b.ExternalID] != "" {
		return nil, errIdentifierExists("external_id", "external ID")
	}

	now := ms(s.now())
	u := gen.User{
		ID:                            newID("user"),
		Object:                        "user",
		CreatedAt:                     now,
		UpdatedAt:                     now,
		EmailAddresses:                []gen.EmailAddress{},
		PhoneNumbers:                  []gen.PhoneNumber{},
		Web3Wallets:                   []gen.Web3Wallet{},
		Passkeys:                      []gen.Passkey{},
		ExternalAccounts:              []gen.ExternalAccountWithVerification{},
		SAMLAccounts:                  []gen.SAMLAccount{},
		EnterpriseAccounts:            []gen.EnterpriseAccount{},
		PublicMetadata:                rawMetadata(b.PublicMetadata),
		PrivateMetadata:               rawMetadata(b.PrivateMetadata),
		UnsafeMetadata:                rawMetadata(b.UnsafeMetadata),
		ExternalID:                    b.ExternalID,
		FirstName:                     b.FirstName,
		LastName:                      b.LastName,
		Username:                      b.Username,
		Locale:                        b.Locale,
		ImageURL:                      "https://img.clerk.com/clerktest-default-avatar",
		PasswordEnabled:               b.Password != nil || b.PasswordDigest != nil,
		TOTPEnabled:                   b.TOTPSecret != nil,
		BackupCodeEnabled:             len(b.BackupCodes) > 0,
		DeleteSelfEnabled:             true,
		CreateOrganizationEnabled:     true,
		CreateOrganizationsLimit:      b.CreateOrganizationsLimit,
		LegalAcceptedAt:               legal,
		VerificationAttemptsRemaining: ptr(int64(defaultVerificationAttempts)),
		BypassClientTrust:             b.BypassClientTrust,
	}
	if createdAt != nil {
		u.CreatedAt = *createdAt
	}
	if b.DeleteSelfEnabled != nil {
		u.DeleteSelfEnabled = *b.DeleteSelfEnabled
	}
	if b.CreateOrganizationEnabled != nil {
		u.CreateOrganizationEnabled = *b.CreateOrganizationEnabled
	}
	if b.Banned != nil {
		u.Banned = *b.Banned
	}
	if b.Locked != nil && *b.Locked {
		u.Locked = true
		u.VerificationAttemptsRemaining = ptr(int64(0))
	}
	u.TwoFactorEnabled = u.TOTPEnabled || u.BackupCodeEnabled
	if u.PasswordEnabled {
		u.PasswordLastUpdatedAt = ptr(now)
	}
	for i, em := range b.EmailAddress {
		reserved := i < len(b.EmailAddressIdentificationStatus) && b.EmailAddressIdentificationStatus[i] == "reserved"
		ea := gen.EmailAddress{ID: newID("idn"), Object: "email_address", EmailAddress: em,
			LinkedTo: []gen.IdentificationLink{}, Reserved: reserved, CreatedAt: now, UpdatedAt: now}
		var v gen.EmailAddress_Verification
		if err := v.FromVerificationAdmin(adminVerification()); err != nil {
			return nil, err
		}
		ea.Verification = &v
		u.EmailAddresses = append(u.EmailAddresses, ea)
	}
	for i, p := range b.PhoneNumber {
		reserved := i < len(b.PhoneNumberIdentificationStatus) && b.PhoneNumberIdentificationStatus[i] == "reserved"
		pn := gen.PhoneNumber{ID: newID("idn"), Object: "phone_number", PhoneNumber: p,
			LinkedTo: []gen.IdentificationLink{}, Reserved: reserved, CreatedAt: now, UpdatedAt: now}
		var v gen.PhoneNumber_Verification
		if err := v.FromVerificationAdmin(adminVerification()); err != nil {
			return nil, err
		}
		pn.Verification = &v
		u.PhoneNumbers = append(u.PhoneNumbers, pn)
	}
	for _, w := range b.Web3Wallet {
		u.Web3Wallets = append(u.Web3Wallets, gen.Web3Wallet{ID: newID("idn"), Object: "web3_wallet", Web3Wallet: w, CreatedAt: now, UpdatedAt: now})
	}
	if len(u.EmailAddresses) > 0 {
		u.PrimaryEmailAddressID = ptr(u.EmailAddresses[0].ID)
	}
	if len(u.PhoneNumbers) > 0 {
		u.PrimaryPhoneNumberID = ptr(u.PhoneNumbers[0].ID)
	}
	if len(u.Web3Wallets) > 0 {
		u.PrimaryWeb3WalletID = ptr(u.Web3Wallets[0].ID)
	}
	db.users[u.ID] = &userRec{seq: db.next(), u: u}
	db.setCredentials(u.ID, b.Password, b.PasswordDigest, b.PasswordHasher, b.TOTPSecret, b.BackupCodes) // credentials.go
	db.indexUser(&u)
	out, err := clone(u)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateUser200JSONResponse(out), nil
}

func (db *store) indexUser(u *gen.User) {
	for _, e := range u.EmailAddresses {
		db.byEmail[lower(e.EmailAddress)] = u.ID
	}
	for _, p := range u.PhoneNumbers {
		db.byPhone[p.PhoneNumber] = u.ID
	}
	if u.Username != nil && *u.Username != "" {
		db.byName[lower(*u.Username)] = u.ID
	}
	if u.ExternalID != nil && *u.ExternalID != "" {
		db.byExtID[*u.ExternalID] = u.ID
	}
}

func (db *store) unindexUser(u *gen.User) {
	for _, e := range u.EmailAddresses {
		delete(db.byEmail, lower(e.EmailAddress))
	}
	for _, p := range u.PhoneNumbers {
		delete(db.byPhone, p.PhoneNumber)
	}
	if u.Username != nil {
		delete(db.byName, lower(*u.Username))
	}
	if u.ExternalID != nil {
		delete(db.byExtID, *u.ExternalID)
	}
}

// user returns the record of id or a 404.
func (db *store) user(id string) (*userRec, *apiError) {
	r := db.users[id]
	if r == nil {
		return nil, errNotFound("user " + id)
	}
	return r, nil
}

// userOut copies a user for a response.
func userOut(r *userRec) (gen.User, error) { return clone(r.u) }

func (a *api) GetUser(_ context.Context, req bapiserver.GetUserRequestObject) (bapiserver.GetUserResponseObject, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	r, e := a.s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	u, err := userOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetUser200JSONResponse(u), nil
}

// userOrderFields are the order_by fields GET /users accepts.
var userOrderFields = map[string]func(u *gen.User) (any, bool){
	"created_at":      func(u *gen.User) (any, bool) { return u.CreatedAt, true },
	"updated_at":      func(u *gen.User) (any, bool) { return u.UpdatedAt, true },
	"email_address":   func(u *gen.User) (any, bool) { return primaryEmail(u), primaryEmail(u) != "" },
	"web3wallet":      func(u *gen.User) (any, bool) { return primaryWallet(u), primaryWallet(u) != "" },
	"username":        func(u *gen.User) (any, bool) { return strOr(u.Username), strOr(u.Username) != "" },
	"phone_number":    func(u *gen.User) (any, bool) { return primaryPhone(u), primaryPhone(u) != "" },
	"first_name":      func(u *gen.User) (any, bool) { return lower(strOr(u.FirstName)), strOr(u.FirstName) != "" },
	"last_name":       func(u *gen.User) (any, bool) { return lower(strOr(u.LastName)), strOr(u.LastName) != "" },
	"last_sign_in_at": func(u *gen.User) (any, bool) { return i64Or(u.LastSignInAt), u.LastSignInAt != nil },
	"last_active_at":  func(u *gen.User) (any, bool) { return i64Or(u.LastActiveAt), u.LastActiveAt != nil },
}

func strOr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func i64Or(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func primaryEmail(u *gen.User) string {
	for _, e := range u.EmailAddresses {
		if u.PrimaryEmailAddressID != nil && e.ID == *u.PrimaryEmailAddressID {
			return lower(e.EmailAddress)
		}
	}
	return ""
}

func primaryPhone(u *gen.User) string {
	for _, p := range u.PhoneNumbers {
		if u.PrimaryPhoneNumberID != nil && p.ID == *u.PrimaryPhoneNumberID {
			return p.PhoneNumber
		}
	}
	return ""
}

func primaryWallet(u *gen.User) string {
	for _, w := range u.Web3Wallets {
		if u.PrimaryWeb3WalletID != nil && w.ID == *u.PrimaryWeb3WalletID {
			return lower(w.Web3Wallet)
		}
	}
	return ""
}

// parseOrderBy splits "+field", "-field" or "field" (ascending). A space
// in place of "+" is accepted, since an unescaped "+" in a query string
// decodes to a space.
func parseOrderBy(s *string, def string, allowed func(string) bool) (field string, desc bool, e *apiError) {
	v := def
	if s != nil && *s != "" {
		v = *s
	}
	switch {
	case strings.HasPrefix(v, "-"):
		field, desc = v[1:], true
	case strings.HasPrefix(v, "+"), strings.HasPrefix(v, " "):
		field = v[1:]
	default:
		field = v
	}
	if !allowed(field) {
		return "", false, errParamValue("order_by", "cannot order by "+field)
	}
	return field, desc, nil
}

func compareAny(a, b any) int {
	switch x := a.(type) {
	case int64:
		return cmp.Compare(x, b.(int64))
	case string:
		return cmp.Compare(x, b.(string))
	case int:
		return cmp.Compare(x, b.(int))
	}
	return 0
}

// sortRecords orders records by key, nulls (ok == false) last in both
// directions, ties by insertion order in the same direction.
func sortRecords[T any](rs []T, key func(T) (any, bool), seq func(T) int64, desc bool) {
	slices.SortStableFunc(rs, func(x, y T) int {
		kx, okx := key(x)
		ky, oky := key(y)
		switch {
		case !okx && !oky:
		case !okx:
			return 1
		case !oky:
			return -1
		default:
			if c := compareAny(kx, ky); c != 0 {
				if desc {
					return -c
				}
				return c
			}
		}
		c := cmp.Compare(seq(x), seq(y))
		if desc {
			return -c
		}
		return c
	})
}

func containsFold(haystack, needle string) bool {
	return strings.Contains(strings.ToLower(haystack), strings.ToLower(needle))
}

func inFold(list []string, v string) bool {
	for _, s := range list {
		if strings.EqualFold(s, v) {
			return true
		}
	}
	return false
}

// userMatches applies every filter of GET /users and GET /users/count.
func (db *store) userMatches(u *gen.User, f *gen.GetUserListParams) bool {
	anyOf := func(want []string, have []string) bool {
		if len(want) == 0 {
			return true
		}
		for _, h := range have {
			if inFold(want, h) {
				return true
			}
		}
		return false
	}
	var emails, phones, wallets []string
	for _, e := range u.EmailAddresses {
		emails = append(emails, e.EmailAddress)
	}
	for _, p := range u.PhoneNumbers {
		phones = append(phones, p.PhoneNumber)
	}
	for _, w := range u.Web3Wallets {
		wallets = append(wallets, w.Web3Wallet)
	}
	username := strOr(u.Username)
	if !anyOf(f.EmailAddress, emails) || !anyOf(f.PhoneNumber, phones) || !anyOf(f.Web3Wallet, wallets) {
		return false
	}
	if len(f.Username) > 0 && !inFold(f.Username, username) {
		return false
	}
	if len(f.ExternalID) > 0 && !slices.Contains(f.ExternalID, strOr(u.ExternalID)) {
		return false
	}
	if len(f.UserID) > 0 && !slices.Contains(f.UserID, u.ID) {
		return false
	}
	if len(f.OrganizationID) > 0 {
		found := false
		for _, m := range db.memberships {
			if m.userID == u.ID && slices.Contains(f.OrganizationID, m.orgID) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	name := strings.TrimSpace(strOr(u.FirstName) + " " + strOr(u.LastName))
	if f.Query != nil && *f.Query != "" {
		q := *f.Query
		hit := containsFold(u.ID, q) || containsFold(username, q) || containsFold(name, q) || containsFold(strOr(u.ExternalID), q)
		for _, s := range slices.Concat(emails, phones, wallets) {
			hit = hit || containsFold(s, q)
		}
		if !hit {
			return false
		}
	}
	if f.EmailAddressQuery != nil && !slices.ContainsFunc(emails, func(s string) bool { return containsFold(s, *f.EmailAddressQuery) }) {
		return false
	}
	if f.PhoneNumberQuery != nil && !slices.ContainsFunc(phones, func(s string) bool { return containsFold(s, *f.PhoneNumberQuery) }) {
		return false
	}
	if f.UsernameQuery != nil && !containsFold(username, *f.UsernameQuery) {
		return false
	}
	if f.NameQuery != nil && !containsFold(name, *f.NameQuery) {
		return false
	}
	if f.Banned != nil && u.Banned != *f.Banned {
		return false
	}
	before := func(v *int64, bound *int) bool { return bound == nil || (v != nil && *v < int64(*bound)) }
	after := func(v *int64, bound *int) bool { return bound == nil || (v != nil && *v > int64(*bound)) }
	created := &u.CreatedAt
	if !before(created, f.CreatedAtBefore) || !after(created, f.CreatedAtAfter) ||
		!before(u.LastActiveAt, f.LastActiveAtBefore) || !after(u.LastActiveAt, f.LastActiveAtAfter) ||
		!after(u.LastActiveAt, f.LastActiveAtSince) ||
		!before(u.LastSignInAt, f.LastSignInAtBefore) || !after(u.LastSignInAt, f.LastSignInAtAfter) {
		return false
	}
	return matchesProvider(u, f.Provider, f.ProviderUserID) // external_accounts.go
}

// checkUserFilter refuses provider_user_id without provider, as Clerk does.
func checkUserFilter(f *gen.GetUserListParams) *apiError {
	if len(f.ProviderUserID) > 0 && (f.Provider == nil || *f.Provider == "") {
		return errParamMissing("provider")
	}
	return nil
}

// GetUserList filters, orders (order_by, default -created_at, nulls last),
// then applies starting_after (the users after that user ID in this
// order), offset and limit.
func (a *api) GetUserList(_ context.Context, req bapiserver.GetUserListRequestObject) (bapiserver.GetUserListResponseObject, error) {
	p := req.Params
	if e := checkUserFilter(&p); e != nil {
		return nil, e
	}
	field, desc, e := parseOrderBy(p.OrderBy, "-created_at", func(f string) bool { return userOrderFields[f] != nil })
	if e != nil {
		return nil, e
	}
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	var rs []*userRec
	for _, r := range a.s.db.users {
		if a.s.db.userMatches(&r.u, &p) {
			rs = append(rs, r)
		}
	}
	key := userOrderFields[field]
	sortRecords(rs, func(r *userRec) (any, bool) { return key(&r.u) }, func(r *userRec) int64 { return r.seq }, desc)
	if p.StartingAfter != nil && *p.StartingAfter != "" {
		i := slices.IndexFunc(rs, func(r *userRec) bool { return r.u.ID == *p.StartingAfter })
		if i < 0 {
			return nil, errParamValue("starting_after", "no user "+*p.StartingAfter+" among the users that match the filters")
		}
		rs = rs[i+1:]
	}
	out, err := pageOut(rs, p.Limit, p.Offset, userOut)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetUserList200JSONResponse(out), nil
}

func (a *api) GetUsersCount(_ context.Context, req bapiserver.GetUsersCountRequestObject) (bapiserver.GetUsersCountResponseObject, error) {
	c := req.Params
	p := gen.GetUserListParams{
		EmailAddress: c.EmailAddress, PhoneNumber: c.PhoneNumber, ExternalID: c.ExternalID, Username: c.Username,
		Web3Wallet: c.Web3Wallet, UserID: c.UserID, OrganizationID: c.OrganizationID, Query: c.Query,
		EmailAddressQuery: c.EmailAddressQuery, PhoneNumberQuery: c.PhoneNumberQuery, UsernameQuery: c.UsernameQuery,
		NameQuery: c.NameQuery, Banned: c.Banned, LastActiveAtBefore: c.LastActiveAtBefore,
		LastActiveAtAfter: c.LastActiveAtAfter, LastActiveAtSince: c.LastActiveAtSince,
		CreatedAtBefore: c.CreatedAtBefore, CreatedAtAfter: c.CreatedAtAfter,
		LastSignInAtBefore: c.LastSignInAtBefore, LastSignInAtAfter: c.LastSignInAtAfter,
		Provider: c.Provider, ProviderUserID: c.ProviderUserID,
	}
	if e := checkUserFilter(&p); e != nil {
		return nil, e
	}
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	var n int64
	for _, r := range a.s.db.users {
		if a.s.db.userMatches(&r.u, &p) {
			n++
		}
	}
	return bapiserver.GetUsersCount200JSONResponse{Object: "total_count", TotalCount: n}, nil
}

// UpdateUser changes the given fields. Identifier changes follow the
// creation rules; primary_*_id must name one of the user's identifiers.
func (a *api) UpdateUser(ctx context.Context, req bapiserver.UpdateUserRequestObject) (bapiserver.UpdateUserResponseObject, error) {
	b := req.Body
	username, usernameSent := given(b.Username)
	if usernameSent && username != "" {
		if e := checkUsername(username); e != nil {
			return nil, e
		}
	}
	if e := checkPassword(value(b.Password), value(b.SkipPasswordChecks)); e != nil {
		return nil, e
	}
	if (b.PasswordDigest == nil) != (b.PasswordHasher == nil) {
		if b.PasswordDigest == nil {
			return nil, errParamMissing("password_digest")
		}
		return nil, errParamMissing("password_hasher")
	}
	createdAt, e := parseTime("created_at", value(b.CreatedAt))
	if e != nil {
		return nil, e
	}
	legal, e := parseTime("legal_accepted_at", value(b.LegalAcceptedAt))
	if e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	u := r.u // shallow copy; the store's record is replaced at the end
	// A field the facade's Clear list sends as null is cleared, as Clerk
	// does; null in the other fields is the same as leaving them out.
	clearIfNull(b.ExternalID, &u.ExternalID)
	clearIfNull(b.Username, &u.Username)
	clearIfNull(b.FirstName, &u.FirstName)
	clearIfNull(b.LastName, &u.LastName)
	clearIfNull(b.Locale, &u.Locale)
	clearIfNull(b.CreateOrganizationsLimit, &u.CreateOrganizationsLimit)
	if b.LegalAcceptedAt.IsNull() {
		u.LegalAcceptedAt = nil
	}
	if usernameSent {
		if owner := db.byName[lower(username)]; owner != "" && owner != u.ID {
			return nil, errIdentifierExists("username", "username")
		}
		if username == "" {
			u.Username = nil
		} else {
			u.Username = ptr(username)
		}
	}
	if extID, ok := given(b.ExternalID); ok {
		if owner := db.byExtID[extID]; owner != "" && owner != u.ID {
			return nil, errIdentifierExists("external_id", "external ID")
		}
		if extID == "" {
			u.ExternalID = nil
		} else {
			u.ExternalID = ptr(extID)
		}
	}
	if id, ok := given(b.PrimaryEmailAddressID); ok {
		if !slices.ContainsFunc(u.EmailAddresses, func(e gen.EmailAddress) bool { return e.ID == id }) {
			return nil, errParamValue("primary_email_address_id", "not an email address of this user")
		}
		u.PrimaryEmailAddressID = ptr(id)
	}
	if id, ok := given(b.PrimaryPhoneNumberID); ok {
		if !slices.ContainsFunc(u.PhoneNumbers, func(p gen.PhoneNumber) bool { return p.ID == id }) {
			return nil, errParamValue("primary_phone_number_id", "not a phone number of this user")
		}
		u.PrimaryPhoneNumberID = ptr(id)
	}
	if id, ok := given(b.PrimaryWeb3WalletID); ok {
		if !slices.ContainsFunc(u.Web3Wallets, func(w gen.Web3Wallet) bool { return w.ID == id }) {
			return nil, errParamValue("primary_web3_wallet_id", "not a web3 wallet of this user")
		}
		u.PrimaryWeb3WalletID = ptr(id)
	}
	now := ms(s.now())
	if v := value(b.FirstName); v != nil {
		u.FirstName = v
	}
	if v := value(b.LastName); v != nil {
		u.LastName = v
	}
	if v := value(b.Locale); v != nil {
		u.Locale = v
	}
	if value(b.Password) != nil || b.PasswordDigest != nil {
		u.PasswordEnabled = true
		u.PasswordLastUpdatedAt = ptr(now)
	}
	if value(b.TOTPSecret) != nil {
		u.TOTPEnabled = true
	}
	if len(b.BackupCodes) > 0 {
		u.BackupCodeEnabled = true
	}
	u.TwoFactorEnabled = u.TOTPEnabled || u.BackupCodeEnabled
	if v, ok := given(b.DeleteSelfEnabled); ok {
		u.DeleteSelfEnabled = v
	}
	if v, ok := given(b.CreateOrganizationEnabled); ok {
		u.CreateOrganizationEnabled = v
	}
	if v := value(b.CreateOrganizationsLimit); v != nil {
		u.CreateOrganizationsLimit = v
	}
	if v := value(b.BypassClientTrust); v != nil {
		u.BypassClientTrust = v
	}
	if createdAt != nil {
		u.CreatedAt = *createdAt
	}
	if legal != nil {
		u.LegalAcceptedAt = legal
	}
	replaceLegacyMetadata(ctx, map[string]*json.RawMessage{
		"public_metadata": &u.PublicMetadata, "private_metadata": &u.PrivateMetadata, "unsafe_metadata": &u.UnsafeMetadata,
	})
	u.UpdatedAt = now
	db.setCredentials(u.ID, value(b.Password), b.PasswordDigest, b.PasswordHasher, value(b.TOTPSecret), b.BackupCodes) // credentials.go
	db.unindexUser(&r.u)
	r.u = u
	db.indexUser(&r.u)
	out, err := userOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateUser200JSONResponse(out), nil
}

// DeleteUser removes the user with its memberships and sessions.
func (a *api) DeleteUser(_ context.Context, req bapiserver.DeleteUserRequestObject) (bapiserver.DeleteUserResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	db.unindexUser(&r.u)
	delete(db.users, r.u.ID)
	for id, m := range db.memberships {
		if m.userID == r.u.ID {
			delete(db.memberships, id)
		}
	}
	now := ms(s.now())
	for _, sr := range db.sessions {
		if sr.s.UserID == r.u.ID && sr.s.Status == gen.SessionStatusActive {
			sr.s.Status, sr.s.UpdatedAt = gen.SessionStatusRemoved, now
		}
	}
	return bapiserver.DeleteUser200JSONResponse{Object: "user", ID: ptr(r.u.ID), Deleted: true}, nil
}

// UpdateUserMetadata deep-merges each given metadata object; a null value
// removes its key.
func (a *api) UpdateUserMetadata(_ context.Context, req bapiserver.UpdateUserMetadataRequestObject) (bapiserver.UpdateUserMetadataResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError {
		b := req.Body
		if b.PublicMetadata != nil {
			u.PublicMetadata = mergeRawMetadata(u.PublicMetadata, b.PublicMetadata)
		}
		if b.PrivateMetadata != nil {
			u.PrivateMetadata = mergeRawMetadata(u.PrivateMetadata, b.PrivateMetadata)
		}
		if b.UnsafeMetadata != nil {
			u.UnsafeMetadata = mergeRawMetadata(u.UnsafeMetadata, b.UnsafeMetadata)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateUserMetadata200JSONResponse(u), nil
}

// ReplaceUserMetadata overwrites each given metadata object wholesale;
// objects not in the body are left as they are.
func (a *api) ReplaceUserMetadata(_ context.Context, req bapiserver.ReplaceUserMetadataRequestObject) (bapiserver.ReplaceUserMetadataResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError {
		b := req.Body
		if b.PublicMetadata != nil {
			u.PublicMetadata = rawMetadata(b.PublicMetadata)
		}
		if b.PrivateMetadata != nil {
			u.PrivateMetadata = rawMetadata(b.PrivateMetadata)
		}
		if b.UnsafeMetadata != nil {
			u.UnsafeMetadata = rawMetadata(b.UnsafeMetadata)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.ReplaceUserMetadata200JSONResponse(u), nil
}

// editUser applies fn to the user under the lock, bumps updated_at, and
// returns a copy.
func (s *Server) editUser(id string, fn func(u *gen.User) *apiError) (gen.User, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(id)
	if e != nil {
		return gen.User{}, e
	}
	if e := fn(&r.u); e != nil {
		return gen.User{}, e
	}
	r.u.UpdatedAt = ms(s.now())
	return userOut(r)
}

// ban marks a user banned and revokes its active sessions, as Clerk does.
func (s *Server) ban(u *gen.User, banned bool) {
	u.Banned = banned
	if !banned {
		return
	}
	now := ms(s.now())
	for _, sr := range s.db.sessions {
		if sr.s.UserID == u.ID && sr.s.Status == gen.SessionStatusActive {
			sr.s.Status, sr.s.UpdatedAt = gen.SessionStatusRevoked, now
		}
	}
}

func (a *api) BanUser(_ context.Context, req bapiserver.BanUserRequestObject) (bapiserver.BanUserResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError { a.s.ban(u, true); return nil })
	if err != nil {
		return nil, err
	}
	return bapiserver.BanUser200JSONResponse(u), nil
}

func (a *api) UnbanUser(_ context.Context, req bapiserver.UnbanUserRequestObject) (bapiserver.UnbanUserResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError { a.s.ban(u, false); return nil })
	if err != nil {
		return nil, err
	}
	return bapiserver.UnbanUser200JSONResponse(u), nil
}

func (a *api) LockUser(_ context.Context, req bapiserver.LockUserRequestObject) (bapiserver.LockUserResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError {
		u.Locked = true
		u.LockoutExpiresInSeconds = nil // locked by an admin: until unlocked
		u.VerificationAttemptsRemaining = ptr(int64(0))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.LockUser200JSONResponse(u), nil
}

func (a *api) UnlockUser(_ context.Context, req bapiserver.UnlockUserRequestObject) (bapiserver.UnlockUserResponseObject, error) {
	u, err := a.s.editUser(req.UserID, func(u *gen.User) *apiError {
		u.Locked = false
		u.LockoutExpiresInSeconds = nil
		u.VerificationAttemptsRemaining = ptr(int64(defaultVerificationAttempts))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.UnlockUser200JSONResponse(u), nil
}

// maxBulkUsers is the most user IDs a bulk ban or unban takes.
const maxBulkUsers = 100

// bulkBan bans or unbans every listed user; an unknown ID refuses the whole
// request with a 404 before anything changes.
func (s *Server) bulkBan(ids []string, banned bool) ([]gen.User, error) {
	if len(ids) == 0 {
		return nil, errParamMissing("user_ids")
	}
	if len(ids) > maxBulkUsers {
		return nil, errParamValue("user_ids", "at most 100 user IDs")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		if _, e := s.db.user(id); e != nil {
			return nil, e
		}
	}
	now := ms(s.now())
	out := []gen.User{}
	for _, id := range ids {
		r := s.db.users[id]
		s.ban(&r.u, banned)
		r.u.UpdatedAt = now
		u, err := userOut(r)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

func (a *api) UsersBan(_ context.Context, req bapiserver.UsersBanRequestObject) (bapiserver.UsersBanResponseObject, error) {
	us, err := a.s.bulkBan(req.Body.UserIds, true)
	if err != nil {
		return nil, err
	}
	return bapiserver.UsersBan200JSONResponse(us), nil
}

func (a *api) UsersUnban(_ context.Context, req bapiserver.UsersUnbanRequestObject) (bapiserver.UsersUnbanResponseObject, error) {
	us, err := a.s.bulkBan(req.Body.UserIds, false)
	if err != nil {
		return nil, err
	}
	return bapiserver.UsersUnban200JSONResponse(us), nil
}
