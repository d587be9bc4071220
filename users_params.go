package clerk

import (
	"encoding/json"
	"reflect"
	"slices"
	"time"

	"github.com/gobapi/clerk/gen"
)

// Params of the Users service, and their mapping to the generated request
// types. A test sets every field and checks that every generated field is
// reached.

const (
	// maxBanIDs is the most user IDs of one bulk ban or unban.
	maxBanIDs = 50
)

// UserListParams filters and pages [UsersService.List], [UsersService.All]
// and [UsersService.Count]. The zero value lists every user, newest first.
//
// A zero field is no filter. Slice filters accept up to 100 values each and
// match any of them; for ExternalIDs, UserIDs and OrganizationIDs a value
// prefixed with "-" excludes instead ("+" or no prefix includes).
type UserListParams struct {
	// EmailAddresses matches users with any of these email addresses.
	EmailAddresses []string
	// PhoneNumbers matches users with any of these phone numbers.
	PhoneNumbers []string
	// ExternalIDs matches users with any of these external IDs.
	ExternalIDs []string
	// Usernames matches users with any of these usernames.
	Usernames []string
	// Web3Wallets matches users with any of these web3 wallet addresses.
	Web3Wallets []string
	// UserIDs matches users with any of these IDs.
	UserIDs []string
	// OrganizationIDs matches members of any of these organizations.
	OrganizationIDs []string

	// Query matches users whose email addresses, phone numbers, usernames,
	// web3 wallets, IDs, first or last names partially match it.
	Query string
	// EmailAddressQuery partially matches email addresses, ignoring case.
	EmailAddressQuery string
	// PhoneNumberQuery partially matches phone numbers.
	PhoneNumberQuery string
	// UsernameQuery partially matches usernames, ignoring case.
	UsernameQuery string
	// NameQuery partially matches first and last names, ignoring case.
	NameQuery string

	// Banned, when set, matches only banned (true) or not banned (false)
	// users.
	Banned *bool

	// LastActiveAfter and LastActiveBefore bound the time of the last
	// session activity; the API compares with millisecond precision.
	LastActiveAfter, LastActiveBefore time.Time
	// LastSignInAfter and LastSignInBefore bound the time of the last
	// sign-in.
	LastSignInAfter, LastSignInBefore time.Time
	// CreatedAfter and CreatedBefore bound the creation time.
	CreatedAfter, CreatedBefore time.Time

	// Provider is an OAuth provider such as "oauth_google". It goes with
	// ProviderUserIDs: users whose account with Provider has one of these
	// provider user IDs.
	Provider        string
	ProviderUserIDs []string

	// OrderBy is a field to sort by, prefixed with "-" for descending or
	// "+" (or nothing) for ascending: created_at, updated_at,
	// email_address, web3wallet, first_name, last_name, phone_number,
	// username, last_active_at or last_sign_in_at. The default is
	// "-created_at". Count ignores it.
	OrderBy string
	// Limit is the page size, 1 to 500. Zero means the API default (10)
	// for List and 500 for All. Count ignores it.
	Limit int
	// Offset skips that many users. Count ignores it.
	Offset int
	// StartingAfter is a cursor: the ID of the last user of the previous
	// page; the page holds the users after it. It requires a created_at
	// ordering (OrderBy "", "created_at", "+created_at" or "-created_at")
	// and a zero Offset. Count ignores it.
	StartingAfter string
}

// cursorSafe reports whether orderBy sorts by created_at, the only
// orderings that the starting_after cursor accepts: the other fields are
// neither unique per user nor immutable, so a cursor over them would skip
// or repeat users.
func cursorSafe(orderBy string) bool {
	switch orderBy {
	case "", "created_at", "+created_at", "-created_at":
		return true
	}
	return false
}

// clone returns a copy of p whose slices are not shared with p, so that
// an iterator is unaffected by later changes to the caller's params.
func (p *UserListParams) clone() UserListParams {
	if p == nil {
		return UserListParams{}
	}
	c := *p
	c.EmailAddresses = slices.Clone(p.EmailAddresses)
	c.PhoneNumbers = slices.Clone(p.PhoneNumbers)
	c.ExternalIDs = slices.Clone(p.ExternalIDs)
	c.Usernames = slices.Clone(p.Usernames)
	c.Web3Wallets = slices.Clone(p.Web3Wallets)
	c.UserIDs = slices.Clone(p.UserIDs)
	c.OrganizationIDs = slices.Clone(p.OrganizationIDs)
	c.ProviderUserIDs = slices.Clone(p.ProviderUserIDs)
	if p.Banned != nil {
		c.Banned = Ptr(*p.Banned)
	}
	return c
}

// checkPaging validates the paging fields the way the API would, so that
// a mistake fails before any request.
func (p *UserListParams) checkPaging() error {
	if err := checkLimitOffset(p.Limit, p.Offset); err != nil {
		return err
	}
	switch {
	case p.StartingAfter != "" && !cursorSafe(p.OrderBy):
		return &InvalidParamError{Param: "StartingAfter", Reason: "requires ordering by created_at, not " + p.OrderBy}
	case p.StartingAfter != "" && p.Offset != 0:
		return &InvalidParamError{Param: "StartingAfter", Reason: "cannot be combined with a non-zero Offset"}
	}
	return nil
}

// countParams maps the filters of p to the generated count params.
func (p *UserListParams) countParams() (*gen.GetUsersCountParams, error) {
	q := &gen.GetUsersCountParams{
		EmailAddress:      p.EmailAddresses,
		PhoneNumber:       p.PhoneNumbers,
		ExternalID:        p.ExternalIDs,
		Username:          p.Usernames,
		Web3Wallet:        p.Web3Wallets,
		UserID:            p.UserIDs,
		OrganizationID:    p.OrganizationIDs,
		Query:             optString(p.Query),
		EmailAddressQuery: optString(p.EmailAddressQuery),
		PhoneNumberQuery:  optString(p.PhoneNumberQuery),
		UsernameQuery:     optString(p.UsernameQuery),
		NameQuery:         optString(p.NameQuery),
		Banned:            p.Banned,
		Provider:          optString(p.Provider),
		ProviderUserID:    p.ProviderUserIDs,
		// LastActiveAtSince is deprecated in favour of
		// last_active_at_after (LastActiveAfter); it stays unset.
	}
	for _, t := range []struct {
		param string
		value time.Time
		dst   **int
	}{
		{"LastActiveAfter", p.LastActiveAfter, &q.LastActiveAtAfter},
		{"LastActiveBefore", p.LastActiveBefore, &q.LastActiveAtBefore},
		{"LastSignInAfter", p.LastSignInAfter, &q.LastSignInAtAfter},
		{"LastSignInBefore", p.LastSignInBefore, &q.LastSignInAtBefore},
		{"CreatedAfter", p.CreatedAfter, &q.CreatedAtAfter},
		{"CreatedBefore", p.CreatedBefore, &q.CreatedAtBefore},
	} {
		ms, err := unixMilli(t.param, t.value)
		if err != nil {
			return nil, err
		}
		*t.dst = ms
	}
	return q, nil
}

// listParams maps p to the generated list params.
func (p *UserListParams) listParams() (*gen.GetUserListParams, error) {
	if err := p.checkPaging(); err != nil {
		return nil, err
	}
	f, err := p.countParams()
	if err != nil {
		return nil, err
	}
	return &gen.GetUserListParams{
		EmailAddress:       f.EmailAddress,
		PhoneNumber:        f.PhoneNumber,
		ExternalID:         f.ExternalID,
		Username:           f.Username,
		Web3Wallet:         f.Web3Wallet,
		UserID:             f.UserID,
		OrganizationID:     f.OrganizationID,
		Query:              f.Query,
		EmailAddressQuery:  f.EmailAddressQuery,
		PhoneNumberQuery:   f.PhoneNumberQuery,
		UsernameQuery:      f.UsernameQuery,
		NameQuery:          f.NameQuery,
		Banned:             f.Banned,
		LastActiveAtBefore: f.LastActiveAtBefore,
		LastActiveAtAfter:  f.LastActiveAtAfter,
		CreatedAtBefore:    f.CreatedAtBefore,
		CreatedAtAfter:     f.CreatedAtAfter,
		LastSignInAtBefore: f.LastSignInAtBefore,
		LastSignInAtAfter:  f.LastSignInAtAfter,
		Provider:           f.Provider,
		ProviderUserID:     f.ProviderUserID,
		Limit:              optInt(p.Limit),
		Offset:             optInt(p.Offset),
		StartingAfter:      optString(p.StartingAfter),
		OrderBy:            optString(p.OrderBy),
	}, nil
}

// UserCreateParams are the fields of a new user for [UsersService.Create].
// Nil fields are left to the instance's defaults. Which identifiers and
// whether a password is required depend on the instance's settings.
type UserCreateParams struct {
	// ExternalID is the user's ID in your systems; unique in the instance.
	ExternalID *string
	// FirstName and LastName are the user's names.
	FirstName, LastName *string
	// Locale is a locale such as "en-US".
	Locale *string
	// EmailAddresses are added to the user; the first becomes primary.
	EmailAddresses []string
	// EmailAddressStatuses, when set, has one entry per email address,
	// "verified" or "reserved", applied by position. By default every
	// address is created verified.
	EmailAddressStatuses []string
	// PhoneNumbers are added to the user; the first becomes primary.
	PhoneNumbers []string
	// PhoneNumberStatuses is EmailAddressStatuses for PhoneNumbers.
	PhoneNumberStatuses []string
	// Web3Wallets are added to the user; the first becomes primary.
	Web3Wallets []string
	// Username is unique in the instance.
	Username *string
	// Password is the plaintext password.
	Password *string
	// PasswordDigest is an existing password digest, made by
	// PasswordHasher (such as "bcrypt" or "argon2id"), for migrations.
	PasswordDigest *string
	PasswordHasher *string
	// SkipPasswordChecks skips the password policy (for migrations).
	SkipPasswordChecks *bool
	// SkipPasswordRequirement allows a user without a password in an
	// instance that uses passwords.
	SkipPasswordRequirement *bool
	// TOTPSecret enables TOTP with this secret (30 s, 6 digits, SHA-1).
	TOTPSecret *string
	// BackupCodes enables backup codes, in plain or bcrypt form.
	BackupCodes []string
	// PublicMetadata, PrivateMetadata and UnsafeMetadata are the user's
	// initial metadata.
	PublicMetadata, PrivateMetadata, UnsafeMetadata map[string]any
	// DeleteSelfEnabled lets the user delete themselves from the frontend.
	DeleteSelfEnabled *bool
	// LegalAcceptedAt is when the user accepted the legal requirements.
	LegalAcceptedAt *time.Time
	// SkipLegalChecks skips the legal checks (for migrations).
	SkipLegalChecks *bool
	// SkipUserRequirement creates the user without the identifiers the
	// instance requires.
	SkipUserRequirement *bool
	// CreateOrganizationEnabled lets the user create organizations.
	CreateOrganizationEnabled *bool
	// CreateOrganizationsLimit bounds how many; 0 means no limit.
	CreateOrganizationsLimit *int
	// CreatedAt is when the user signed up, for migrations.
	CreatedAt *time.Time
	// BypassClientTrust skips Device Trust checks at sign-in.
	BypassClientTrust *bool
	// Banned creates the user banned; Locked creates it locked.
	Banned, Locked *bool
}

// body maps p to the generated request body.
func (p *UserCreateParams) body() gen.CreateUserJSONRequestBody {
	b := gen.CreateUserJSONRequestBody{
		ExternalID:                p.ExternalID,
		FirstName:                 p.FirstName,
		LastName:                  p.LastName,
		Locale:                    p.Locale,
		EmailAddress:              p.EmailAddresses,
		PhoneNumber:               p.PhoneNumbers,
		Web3Wallet:                p.Web3Wallets,
		Username:                  p.Username,
		Password:                  p.Password,
		PasswordDigest:            p.PasswordDigest,
		PasswordHasher:            p.PasswordHasher,
		SkipPasswordChecks:        p.SkipPasswordChecks,
		SkipPasswordRequirement:   p.SkipPasswordRequirement,
		TOTPSecret:                p.TOTPSecret,
		BackupCodes:               p.BackupCodes,
		PublicMetadata:            p.PublicMetadata,
		PrivateMetadata:           p.PrivateMetadata,
		UnsafeMetadata:            p.UnsafeMetadata,
		DeleteSelfEnabled:         p.DeleteSelfEnabled,
		LegalAcceptedAt:           timeString(p.LegalAcceptedAt),
		SkipLegalChecks:           p.SkipLegalChecks,
		SkipUserRequirement:       p.SkipUserRequirement,
		CreateOrganizationEnabled: p.CreateOrganizationEnabled,
		CreateOrganizationsLimit:  p.CreateOrganizationsLimit,
		CreatedAt:                 timeString(p.CreatedAt),
		BypassClientTrust:         p.BypassClientTrust,
		Banned:                    p.Banned,
		Locked:                    p.Locked,
	}
	for _, s := range p.EmailAddressStatuses {
		b.EmailAddressIdentificationStatus = append(b.EmailAddressIdentificationStatus, gen.CreateUserJSONBodyEmailAddressIdentificationStatus(s))
	}
	for _, s := range p.PhoneNumberStatuses {
		b.PhoneNumberIdentificationStatus = append(b.PhoneNumberIdentificationStatus, gen.CreateUserJSONBodyPhoneNumberIdentificationStatus(s))
	}
	return b
}

// UserField names a field of a user that [UserUpdateParams].Clear sets to
// null: the fields that Clerk accepts as null in an update and that a [User]
// can be without (they are nil in it).
type UserField string

// The fields that [UserUpdateParams].Clear can set to null.
const (
	UserFieldExternalID UserField = "external_id"
	UserFieldUsername   UserField = "username"
	UserFieldFirstName  UserField = "first_name"
	UserFieldLastName   UserField = "last_name"
	UserFieldLocale     UserField = "locale"
	// UserFieldLegalAcceptedAt removes the time the user accepted the
	// legal requirements.
	UserFieldLegalAcceptedAt UserField = "legal_accepted_at"
	// UserFieldCreateOrganizationsLimit removes the user's own limit on
	// the organizations they can create.
	UserFieldCreateOrganizationsLimit UserField = "create_organizations_limit"
)

// field returns the field of b that f names, or nil when Clear does not
// accept f. The other nullable fields of the body are requests (passwords,
// a primary identifier to pick, flags) or values a user always has, for
// which null would clear nothing; [Client.API] can still send it.
func (f UserField) field(b *gen.UpdateUserJSONBody) nullField {
	switch f {
	case UserFieldExternalID:
		return &b.ExternalID
	case UserFieldUsername:
		return &b.Username
	case UserFieldFirstName:
		return &b.FirstName
	case UserFieldLastName:
		return &b.LastName
	case UserFieldLocale:
		return &b.Locale
	case UserFieldLegalAcceptedAt:
		return &b.LegalAcceptedAt
	case UserFieldCreateOrganizationsLimit:
		return &b.CreateOrganizationsLimit
	}
	return nil
}

// UserUpdateParams are the changes of [UsersService.Update]. Nil fields are
// left unchanged; to remove a value (send JSON null), list the field in
// Clear:
//
//	params := &clerk.UserUpdateParams{
//		FirstName: clerk.Ptr("Ada"),
//		Clear:     []clerk.UserField{clerk.UserFieldExternalID},
//	}
//
// Metadata is changed with [UsersService.UpdateMetadata] and
// [UsersService.ReplaceMetadata]: API version 2026-05-12 refuses it here.
type UserUpdateParams struct {
	// ExternalID is the user's ID in your systems; unique in the instance.
	ExternalID *string
	// FirstName and LastName are the user's names.
	FirstName, LastName *string
	// Locale is a locale such as "en-US".
	Locale *string
	// Username is unique in the instance.
	Username *string
	// PrimaryEmailAddressID, PrimaryPhoneNumberID and PrimaryWeb3WalletID
	// make one of the user's verified identifiers primary.
	PrimaryEmailAddressID, PrimaryPhoneNumberID, PrimaryWeb3WalletID *string
	// NotifyPrimaryEmailAddressChanged notifies the user of a new primary
	// email address.
	NotifyPrimaryEmailAddressChanged *bool
	// ProfileImageID is the ID of an uploaded image to use as profile
	// image; see also [UsersService.SetProfileImage].
	ProfileImageID *string
	// Password sets a new plaintext password.
	Password *string
	// PasswordDigest and PasswordHasher set a password from its digest.
	PasswordDigest, PasswordHasher *string
	// SkipPasswordChecks skips the password policy for Password.
	SkipPasswordChecks *bool
	// SignOutOfOtherSessions ends the user's other sessions when Password
	// changes.
	SignOutOfOtherSessions *bool
	// TOTPSecret enables TOTP with this secret.
	TOTPSecret *string
	// BackupCodes replaces the backup codes.
	BackupCodes []string
	// DeleteSelfEnabled lets the user delete themselves from the frontend.
	DeleteSelfEnabled *bool
	// CreateOrganizationEnabled lets the user create organizations.
	CreateOrganizationEnabled *bool
	// CreateOrganizationsLimit bounds how many; 0 means no limit.
	CreateOrganizationsLimit *int
	// LegalAcceptedAt is when the user accepted the legal requirements.
	LegalAcceptedAt *time.Time
	// SkipLegalChecks skips the legal checks.
	SkipLegalChecks *bool
	// CreatedAt is when the user signed up, for migrations.
	CreatedAt *time.Time
	// BypassClientTrust skips Device Trust checks at sign-in.
	BypassClientTrust *bool

	// Clear lists fields to set to null, removing their value. A field
	// must not be both set above and cleared.
	Clear []UserField
}

// body maps p to the generated request body.
func (p *UserUpdateParams) body() gen.UpdateUserJSONBody {
	return gen.UpdateUserJSONBody{
		ExternalID:                       optNull(p.ExternalID),
		FirstName:                        optNull(p.FirstName),
		LastName:                         optNull(p.LastName),
		Locale:                           optNull(p.Locale),
		Username:                         optNull(p.Username),
		PrimaryEmailAddressID:            optNull(p.PrimaryEmailAddressID),
		PrimaryPhoneNumberID:             optNull(p.PrimaryPhoneNumberID),
		PrimaryWeb3WalletID:              optNull(p.PrimaryWeb3WalletID),
		NotifyPrimaryEmailAddressChanged: optNull(p.NotifyPrimaryEmailAddressChanged),
		ProfileImageID:                   optNull(p.ProfileImageID),
		Password:                         optNull(p.Password),
		PasswordDigest:                   p.PasswordDigest,
		PasswordHasher:                   p.PasswordHasher,
		SkipPasswordChecks:               optNull(p.SkipPasswordChecks),
		SignOutOfOtherSessions:           optNull(p.SignOutOfOtherSessions),
		TOTPSecret:                       optNull(p.TOTPSecret),
		BackupCodes:                      p.BackupCodes,
		DeleteSelfEnabled:                optNull(p.DeleteSelfEnabled),
		CreateOrganizationEnabled:        optNull(p.CreateOrganizationEnabled),
		CreateOrganizationsLimit:         optNull(p.CreateOrganizationsLimit),
		LegalAcceptedAt:                  optNull(timeString(p.LegalAcceptedAt)),
		SkipLegalChecks:                  optNull(p.SkipLegalChecks),
		CreatedAt:                        optNull(timeString(p.CreatedAt)),
		BypassClientTrust:                optNull(p.BypassClientTrust),
	}
}

// toGen returns the generated request body, with the fields of Clear set
// to null.
func (p *UserUpdateParams) toGen() (gen.UpdateUserJSONRequestBody, error) {
	b := p.body()
	err := setNulls(p.Clear, func(f UserField) nullField { return f.field(&b) })
	return gen.UpdateUserJSONRequestBody(b), err
}

// UserMetadataParams are the metadata of [UsersService.UpdateMetadata]
// (deep merge) and [UsersService.ReplaceMetadata] (replace). Each field is
// a map[string]any or any value that encodes to a JSON object, such as a
// struct with json tags. A nil field (or a nil map or pointer) leaves that
// metadata unchanged; any other value is sent, even an empty map.
type UserMetadataParams struct {
	// PublicMetadata is readable from the frontend and the backend.
	PublicMetadata any
	// PrivateMetadata is readable only from the backend.
	PrivateMetadata any
	// UnsafeMetadata is writable from the frontend too; do not trust it.
	UnsafeMetadata any
}

// encode returns the JSON request body. Unlike the generated body, whose
// maps are omitempty, an empty map is sent as {}, so that ReplaceMetadata
// can empty a metadata object.
func (p *UserMetadataParams) encode() ([]byte, error) {
	body := make(map[string]json.RawMessage, 3)
	if p != nil {
		for _, f := range []struct {
			param, name string
			value       any
		}{
			{"PublicMetadata", "public_metadata", p.PublicMetadata},
			{"PrivateMetadata", "private_metadata", p.PrivateMetadata},
			{"UnsafeMetadata", "unsafe_metadata", p.UnsafeMetadata},
		} {
			if isNil(f.value) {
				continue
			}
			data, err := json.Marshal(f.value)
			if err != nil {
				return nil, &InvalidParamError{Param: f.param, Reason: "cannot encode", Err: err}
			}
			if len(data) == 0 || data[0] != '{' {
				return nil, &InvalidParamError{Param: f.param, Reason: "must encode to a JSON object"}
			}
			body[f.name] = data
		}
	}
	return json.Marshal(body) // cannot fail: valid raw messages
}

// isNil reports whether v is nil or holds a nil map or pointer.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Map, reflect.Pointer, reflect.Interface:
		return rv.IsNil()
	}
	return false
}

// UserOrganizationMembershipListParams pages
// [UsersService.ListOrganizationMemberships].
type UserOrganizationMembershipListParams struct {
	// Limit is the page size, 1 to 500; zero means the API default (10).
	Limit int
	// Offset skips that many memberships.
	Offset int
}

// UserOrganizationInvitationListParams filters and pages
// [UsersService.ListOrganizationInvitations].
type UserOrganizationInvitationListParams struct {
	// Status, when not empty, is "pending", "accepted", "revoked" or
	// "expired".
	Status string
	// Limit is the page size, 1 to 500; zero means the API default (10).
	Limit int
	// Offset skips that many invitations.
	Offset int
}

// UserOAuthAccessTokenListParams pages [UsersService.OAuthAccessTokens].
type UserOAuthAccessTokenListParams struct {
	// Limit is the page size, 1 to 500; zero means the API default (10).
	Limit int
	// Offset skips that many tokens.
	Offset int
}

// checkUserIDs validates the IDs of a bulk ban or unban.
func checkUserIDs(ids []string) error {
	switch {
	case len(ids) == 0:
		return &InvalidParamError{Param: "userIDs", Reason: "must not be empty"}
	case len(ids) > maxBanIDs:
		return &InvalidParamError{Param: "userIDs", Reason: "holds more than 50 IDs; split it into batches"}
	}
	if slices.Contains(ids, "") {
		return &InvalidParamError{Param: "userIDs", Reason: "must not contain an empty ID"}
	}
	return nil
}

// UserRemovePasswordParams are the options of [UsersService.RemovePassword].
type UserRemovePasswordParams struct {
	// SignOutOfOtherSessions ends the sessions active when the password is
	// removed. By default they stay active.
	SignOutOfOtherSessions bool
}

// UserPasswordCompromisedParams are the options of
// [UsersService.SetPasswordCompromised].
type UserPasswordCompromisedParams struct {
	// RevokeAllSessions ends all the user's sessions too.
	RevokeAllSessions bool
}
