package clerk

import (
	"bytes"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gobapi/clerk/gen"
)

// Params of the OrganizationsService methods. Each type maps to one
// generated params or body type with an unexported toGen; the reflection
// test in organizations_params_test.go proves that every generated field is
// reachable, so a field added to the spec fails a test until it is mapped.

// OrganizationGetParams are the optional query parameters of
// [OrganizationsService.Get]. A nil *OrganizationGetParams is allowed.
type OrganizationGetParams struct {
	// IncludeMembersCount asks for Organization.MembersCount.
	IncludeMembersCount bool
	// IncludeMissingMemberWithElevatedPermissions asks for
	// Organization.MissingMemberWithElevatedPermissions.
	IncludeMissingMemberWithElevatedPermissions bool
}

func (p *OrganizationGetParams) toGen() *gen.GetOrganizationParams {
	if p == nil {
		return nil
	}
	return &gen.GetOrganizationParams{
		IncludeMembersCount:                         optTrue(p.IncludeMembersCount),
		IncludeMissingMemberWithElevatedPermissions: optTrue(p.IncludeMissingMemberWithElevatedPermissions),
	}
}

// OrganizationListParams are the filters of [OrganizationsService.List] and
// [OrganizationsService.All]. Zero values are not sent. A nil
// *OrganizationListParams is allowed.
type OrganizationListParams struct {
	// IncludeMembersCount asks for Organization.MembersCount.
	IncludeMembersCount bool
	// IncludeMissingMemberWithElevatedPermissions asks for
	// Organization.MissingMemberWithElevatedPermissions.
	IncludeMissingMemberWithElevatedPermissions bool
	// Query matches organizations by ID, name or slug.
	Query string
	// UserIDs keeps organizations that any of these users belong to.
	UserIDs []string
	// OrganizationIDs keeps only these organizations.
	OrganizationIDs []string
	// OrderBy is a field name such as "name" or "created_at", prefixed with
	// "-" for descending or "+" for ascending; the server default is
	// "-created_at".
	OrderBy string
	// Limit is the page size, 1 to 500; 0 means the server default (10) for
	// List and 100 for All.
	Limit int
	// Offset is the number of items to skip; 0 starts at the beginning.
	Offset int
}

func (p *OrganizationListParams) toGen() (*gen.ListOrganizationsParams, error) {
	if p == nil {
		return &gen.ListOrganizationsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return &gen.ListOrganizationsParams{
		IncludeMembersCount:                         optTrue(p.IncludeMembersCount),
		IncludeMissingMemberWithElevatedPermissions: optTrue(p.IncludeMissingMemberWithElevatedPermissions),
		Query:          optString(p.Query),
		UserID:         p.UserIDs,
		OrganizationID: p.OrganizationIDs,
		OrderBy:        optString(p.OrderBy),
		Limit:          limit,
		Offset:         offset,
	}, nil
}

// clone returns a copy of p that shares no slice with it; nil becomes the
// zero value.
func (p *OrganizationListParams) clone() OrganizationListParams {
	if p == nil {
		return OrganizationListParams{}
	}
	c := *p
	c.UserIDs = append([]string(nil), p.UserIDs...)
	c.OrganizationIDs = append([]string(nil), p.OrganizationIDs...)
	return c
}

// OrganizationCreateParams is the body of [OrganizationsService.Create].
// Name is required; nil and zero fields are not sent.
type OrganizationCreateParams struct {
	// Name is the organization's display name. Required.
	Name string
	// CreatedBy is the ID of the user who becomes the organization's first
	// admin.
	CreatedBy *string
	// Slug is the organization's unique slug; Clerk derives one from Name
	// when it is nil.
	Slug *string
	// MaxAllowedMemberships caps the number of members; 0 means unlimited.
	MaxAllowedMemberships *int
	// CreatedAt backdates the organization, for imports. It is sent in
	// RFC 3339 with millisecond precision, in UTC.
	CreatedAt time.Time
	// RoleSetKey picks the role set of the organization.
	RoleSetKey *string
	// PublicMetadata is readable from the frontend: a map[string]any or any
	// value that encodes to a JSON object.
	PublicMetadata any
	// PrivateMetadata is only readable from the backend: a map[string]any or
	// any value that encodes to a JSON object.
	PrivateMetadata any
}

func (p *OrganizationCreateParams) toGen() (gen.CreateOrganizationJSONRequestBody, error) {
	var b gen.CreateOrganizationJSONRequestBody
	if p == nil || p.Name == "" {
		return b, &InvalidParamError{Param: "Name", Reason: "must not be empty"}
	}
	pub, err := orgMetadata("PublicMetadata", p.PublicMetadata)
	if err != nil {
		return b, err
	}
	priv, err := orgMetadata("PrivateMetadata", p.PrivateMetadata)
	if err != nil {
		return b, err
	}
	return gen.CreateOrganizationJSONRequestBody{
		Name:                  p.Name,
		CreatedBy:             p.CreatedBy,
		Slug:                  p.Slug,
		MaxAllowedMemberships: p.MaxAllowedMemberships,
		CreatedAt:             apiTime(p.CreatedAt),
		RoleSetKey:            p.RoleSetKey,
		PublicMetadata:        pub,
		PrivateMetadata:       priv,
	}, nil
}

// OrganizationUpdateParams is the body of [OrganizationsService.Update].
// Nil and zero fields are left unchanged; to remove a value (send JSON
// null), list the field in Clear. A nil *OrganizationUpdateParams sends an
// empty update.
type OrganizationUpdateParams struct {
	// Name is the new display name.
	Name *string
	// Slug is the new unique slug.
	Slug *string
	// MaxAllowedMemberships is the new member cap; 0 means unlimited.
	MaxAllowedMemberships *int
	// AdminDeleteEnabled says whether admins may delete the organization.
	AdminDeleteEnabled *bool
	// CreatedAt backdates the organization. It is sent in RFC 3339 with
	// millisecond precision, in UTC.
	CreatedAt time.Time
	// RoleSetKey picks the role set of the organization.
	RoleSetKey *string

	// Clear lists fields to set to null, removing their value. A field
	// must not be both set above and cleared.
	Clear []OrganizationField
}

// OrganizationField names a field of an organization that
// [OrganizationUpdateParams].Clear sets to null: the fields that Clerk
// accepts as null in an update and that an [Organization] can be without
// (they are nil in it).
type OrganizationField string

// The fields that [OrganizationUpdateParams].Clear can set to null.
const (
	// OrganizationFieldRoleSetKey removes the organization's role set key.
	OrganizationFieldRoleSetKey OrganizationField = "role_set_key"
)

// field returns the field of b that f names, or nil when Clear does not
// accept f. Clerk accepts null for every field of the body, but an
// organization always has a name, a slug, a member cap, an admin-delete
// setting and a creation time, so null would clear none of them;
// [Client.API] can still send it.
func (f OrganizationField) field(b *gen.UpdateOrganizationJSONBody) nullField {
	if f == OrganizationFieldRoleSetKey {
		return &b.RoleSetKey
	}
	return nil
}

func (p *OrganizationUpdateParams) toGen() (gen.UpdateOrganizationJSONRequestBody, error) {
	if p == nil {
		return gen.UpdateOrganizationJSONRequestBody{}, nil
	}
	b := gen.UpdateOrganizationJSONBody{
		Name:                  optNull(p.Name),
		Slug:                  optNull(p.Slug),
		MaxAllowedMemberships: optNull(p.MaxAllowedMemberships),
		AdminDeleteEnabled:    optNull(p.AdminDeleteEnabled),
		CreatedAt:             optNull(apiTime(p.CreatedAt)),
		RoleSetKey:            optNull(p.RoleSetKey),
	}
	err := setNulls(p.Clear, func(f OrganizationField) nullField { return f.field(&b) })
	return gen.UpdateOrganizationJSONRequestBody(b), err
}

// OrganizationMetadataParams is the body of
// [OrganizationsService.UpdateMetadata] and
// [OrganizationsService.ReplaceMetadata]. Each field is a map[string]any or
// any value that encodes to a JSON object; a nil field is not sent.
type OrganizationMetadataParams struct {
	// PublicMetadata is readable from the frontend.
	PublicMetadata any
	// PrivateMetadata is only readable from the backend.
	PrivateMetadata any
}

func (p *OrganizationMetadataParams) toGen() (gen.MergeOrganizationMetadataJSONRequestBody, error) {
	var b gen.MergeOrganizationMetadataJSONRequestBody
	if p == nil {
		return b, nil
	}
	var err error
	if b.PublicMetadata, err = orgMetadata("PublicMetadata", p.PublicMetadata); err != nil {
		return b, err
	}
	if b.PrivateMetadata, err = orgMetadata("PrivateMetadata", p.PrivateMetadata); err != nil {
		return b, err
	}
	return b, nil
}

// toGenReplace is toGen for the PUT body, a distinct generated type.
func (p *OrganizationMetadataParams) toGenReplace() (gen.ReplaceOrganizationMetadataJSONRequestBody, error) {
	b, err := p.toGen()
	return gen.ReplaceOrganizationMetadataJSONRequestBody(b), err
}

// OrganizationSetLogoParams are the optional fields of
// [OrganizationsService.SetLogo]. A nil *OrganizationSetLogoParams is
// allowed.
type OrganizationSetLogoParams struct {
	// UploaderUserID is the ID of the user who uploads the logo.
	UploaderUserID *string
}

// OrganizationMembershipListParams are the filters of
// [OrganizationsService.ListMemberships] and
// [OrganizationsService.AllMemberships]. Zero values are not sent; the
// slice filters match any of their values. A nil
// *OrganizationMembershipListParams is allowed.
type OrganizationMembershipListParams struct {
	// OrderBy is a field name such as "created_at", "first_name" or
	// "email_address", prefixed with "-" for descending or "+" for
	// ascending.
	OrderBy string
	// UserIDs keeps the memberships of these users.
	UserIDs []string
	// EmailAddresses keeps members with one of these email addresses.
	EmailAddresses []string
	// PhoneNumbers keeps members with one of these phone numbers.
	PhoneNumbers []string
	// Usernames keeps members with one of these usernames.
	Usernames []string
	// Web3Wallets keeps members with one of these Web3 wallet addresses.
	Web3Wallets []string
	// Roles keeps members with one of these roles, such as "org:admin".
	Roles []string
	// Query matches members by ID, email address, phone number, username or
	// name.
	Query string
	// EmailAddressQuery matches part of a member's email address.
	EmailAddressQuery string
	// PhoneNumberQuery matches part of a member's phone number.
	PhoneNumberQuery string
	// UsernameQuery matches part of a member's username.
	UsernameQuery string
	// NameQuery matches part of a member's first or last name.
	NameQuery string
	// LastActiveAtBefore keeps members last active before this time
	// (sent as Unix milliseconds).
	LastActiveAtBefore time.Time
	// LastActiveAtAfter keeps members last active after this time.
	LastActiveAtAfter time.Time
	// CreatedAtBefore keeps memberships created before this time.
	CreatedAtBefore time.Time
	// CreatedAtAfter keeps memberships created after this time.
	CreatedAtAfter time.Time
	// Limit is the page size, 1 to 500; 0 means the server default (10) for
	// ListMemberships and 100 for AllMemberships.
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationMembershipListParams) toGen() (*gen.ListOrganizationMembershipsParams, error) {
	if p == nil {
		return &gen.ListOrganizationMembershipsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	var ms [4]*int
	for i, f := range []struct {
		param string
		t     time.Time
	}{
		{"LastActiveAtBefore", p.LastActiveAtBefore},
		{"LastActiveAtAfter", p.LastActiveAtAfter},
		{"CreatedAtBefore", p.CreatedAtBefore},
		{"CreatedAtAfter", p.CreatedAtAfter},
	} {
		if ms[i], err = unixMilli(f.param, f.t); err != nil {
			return nil, err
		}
	}
	return &gen.ListOrganizationMembershipsParams{
		OrderBy:            optString(p.OrderBy),
		UserID:             p.UserIDs,
		EmailAddress:       p.EmailAddresses,
		PhoneNumber:        p.PhoneNumbers,
		Username:           p.Usernames,
		Web3Wallet:         p.Web3Wallets,
		Role:               p.Roles,
		Query:              optString(p.Query),
		EmailAddressQuery:  optString(p.EmailAddressQuery),
		PhoneNumberQuery:   optString(p.PhoneNumberQuery),
		UsernameQuery:      optString(p.UsernameQuery),
		NameQuery:          optString(p.NameQuery),
		LastActiveAtBefore: ms[0],
		LastActiveAtAfter:  ms[1],
		CreatedAtBefore:    ms[2],
		CreatedAtAfter:     ms[3],
		Limit:              limit,
		Offset:             offset,
	}, nil
}

// clone returns a copy of p that shares no slice with it.
func (p *OrganizationMembershipListParams) clone() OrganizationMembershipListParams {
	if p == nil {
		return OrganizationMembershipListParams{}
	}
	c := *p
	for _, s := range []*[]string{&c.UserIDs, &c.EmailAddresses, &c.PhoneNumbers, &c.Usernames, &c.Web3Wallets, &c.Roles} {
		*s = append([]string(nil), *s...)
	}
	return c
}

// OrganizationMembershipListAllParams are the parameters of
// [OrganizationsService.ListAllMemberships], the instance-wide membership
// list. A nil *OrganizationMembershipListAllParams is allowed.
type OrganizationMembershipListAllParams struct {
	// OrderBy is a field name such as "created_at", prefixed with "-" for
	// descending or "+" for ascending.
	OrderBy string
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationMembershipListAllParams) toGen() (*gen.InstanceGetOrganizationMembershipsParams, error) {
	if p == nil {
		return &gen.InstanceGetOrganizationMembershipsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return &gen.InstanceGetOrganizationMembershipsParams{
		OrderBy: optString(p.OrderBy),
		Limit:   limit,
		Offset:  offset,
	}, nil
}

// OrganizationMembershipCreateParams is the body of
// [OrganizationsService.CreateMembership]. UserID and Role are required.
type OrganizationMembershipCreateParams struct {
	// UserID is the user who joins. Required.
	UserID string
	// Role is the member's role key, such as "org:member". Required.
	Role string
	// PublicMetadata is readable from the frontend: a map[string]any or any
	// value that encodes to a JSON object.
	PublicMetadata any
	// PrivateMetadata is only readable from the backend: a map[string]any or
	// any value that encodes to a JSON object.
	PrivateMetadata any
}

func (p *OrganizationMembershipCreateParams) toGen() (gen.CreateOrganizationMembershipJSONRequestBody, error) {
	var b gen.CreateOrganizationMembershipJSONRequestBody
	if p == nil || p.UserID == "" {
		return b, &InvalidParamError{Param: "UserID", Reason: "must not be empty"}
	}
	if p.Role == "" {
		return b, &InvalidParamError{Param: "Role", Reason: "must not be empty"}
	}
	pub, err := orgMetadata("PublicMetadata", p.PublicMetadata)
	if err != nil {
		return b, err
	}
	priv, err := orgMetadata("PrivateMetadata", p.PrivateMetadata)
	if err != nil {
		return b, err
	}
	return gen.CreateOrganizationMembershipJSONRequestBody{
		UserID:          p.UserID,
		Role:            p.Role,
		PublicMetadata:  pub,
		PrivateMetadata: priv,
	}, nil
}

// OrganizationMembershipUpdateParams is the body of
// [OrganizationsService.UpdateMembership]. Role is required; Clerk does not
// accept null for it, so there is nothing to clear.
type OrganizationMembershipUpdateParams struct {
	// Role is the member's new role key, such as "org:admin". Required.
	Role string
}

func (p *OrganizationMembershipUpdateParams) toGen() (gen.UpdateOrganizationMembershipJSONRequestBody, error) {
	if p == nil || p.Role == "" {
		return gen.UpdateOrganizationMembershipJSONRequestBody{}, &InvalidParamError{Param: "Role", Reason: "must not be empty"}
	}
	return gen.UpdateOrganizationMembershipJSONRequestBody{Role: p.Role}, nil
}

// OrganizationMembershipMetadataParams is the body of
// [OrganizationsService.UpdateMembershipMetadata]. Each field is a
// map[string]any or any value that encodes to a JSON object; a nil field is
// not sent.
type OrganizationMembershipMetadataParams struct {
	// PublicMetadata is readable from the frontend.
	PublicMetadata any
	// PrivateMetadata is only readable from the backend.
	PrivateMetadata any
}

func (p *OrganizationMembershipMetadataParams) toGen() (gen.UpdateOrganizationMembershipMetadataJSONRequestBody, error) {
	var b gen.UpdateOrganizationMembershipMetadataJSONRequestBody
	if p == nil {
		return b, nil
	}
	var err error
	if b.PublicMetadata, err = orgMetadata("PublicMetadata", p.PublicMetadata); err != nil {
		return b, err
	}
	if b.PrivateMetadata, err = orgMetadata("PrivateMetadata", p.PrivateMetadata); err != nil {
		return b, err
	}
	return b, nil
}

// OrganizationInvitationStatus is the status of an organization invitation,
// used to filter invitation lists.
type OrganizationInvitationStatus string

// The statuses of an organization invitation.
const (
	OrganizationInvitationStatusPending  OrganizationInvitationStatus = "pending"
	OrganizationInvitationStatusAccepted OrganizationInvitationStatus = "accepted"
	OrganizationInvitationStatusRevoked  OrganizationInvitationStatus = "revoked"
	OrganizationInvitationStatusExpired  OrganizationInvitationStatus = "expired"
)

// OrganizationInvitationCreateParams is the body of
// [OrganizationsService.CreateInvitation] and one entry of
// [OrganizationsService.CreateInvitations]. EmailAddress and Role are
// required; nil fields are not sent.
type OrganizationInvitationCreateParams struct {
	// EmailAddress is the invitee's email address. Required.
	EmailAddress string
	// Role is the role key the invitee gets, such as "org:member".
	// Required.
	Role string
	// InviterUserID is the ID of the inviting member.
	InviterUserID *string
	// RedirectURL is where the invitation email's link leads.
	RedirectURL *string
	// ExpiresInDays is the invitation's lifetime, 1 to 365 days.
	ExpiresInDays *int
	// Notify says whether Clerk emails the invitee; the server default is
	// true.
	Notify *bool
	// PublicMetadata is copied to the membership when the invitation is
	// accepted: a map[string]any or any value that encodes to a JSON object.
	PublicMetadata any
	// PrivateMetadata is copied to the membership when the invitation is
	// accepted: a map[string]any or any value that encodes to a JSON object.
	PrivateMetadata any
}

func (p *OrganizationInvitationCreateParams) toGen(prefix string) (gen.CreateOrganizationInvitationJSONRequestBody, error) {
	var b gen.CreateOrganizationInvitationJSONRequestBody
	if p == nil {
		return b, &InvalidParamError{Param: orgParamName(prefix, "params"), Reason: "must not be nil"}
	}
	if p.EmailAddress == "" {
		return b, &InvalidParamError{Param: orgParamName(prefix, "EmailAddress"), Reason: "must not be empty"}
	}
	if p.Role == "" {
		return b, &InvalidParamError{Param: orgParamName(prefix, "Role"), Reason: "must not be empty"}
	}
	pub, err := orgMetadata(orgParamName(prefix, "PublicMetadata"), p.PublicMetadata)
	if err != nil {
		return b, err
	}
	priv, err := orgMetadata(orgParamName(prefix, "PrivateMetadata"), p.PrivateMetadata)
	if err != nil {
		return b, err
	}
	return gen.CreateOrganizationInvitationJSONRequestBody{
		EmailAddress:    p.EmailAddress,
		Role:            p.Role,
		InviterUserID:   p.InviterUserID,
		RedirectURL:     p.RedirectURL,
		ExpiresInDays:   p.ExpiresInDays,
		Notify:          p.Notify,
		PublicMetadata:  pub,
		PrivateMetadata: priv,
	}, nil
}

// orgMaxBulkInvitations is the most invitations one bulk request accepts.
const orgMaxBulkInvitations = 10

// orgBulkInvitations validates and maps the entries of
// [OrganizationsService.CreateInvitations].
func orgBulkInvitations(params []OrganizationInvitationCreateParams) (gen.CreateOrganizationInvitationBulkJSONRequestBody, error) {
	if len(params) == 0 || len(params) > orgMaxBulkInvitations {
		return nil, &InvalidParamError{
			Param:  "params",
			Reason: "must hold 1 to " + strconv.Itoa(orgMaxBulkInvitations) + " invitations, not " + strconv.Itoa(len(params)),
		}
	}
	body := make(gen.CreateOrganizationInvitationBulkJSONRequestBody, len(params))
	for i := range params {
		b, err := params[i].toGen("params[" + strconv.Itoa(i) + "]")
		if err != nil {
			return nil, err
		}
		// The bulk entry is an unnamed struct with the same fields as the
		// single-invitation body, so the conversion is checked by the
		// compiler: a spec change to either breaks the build here.
		body[i] = b
	}
	return body, nil
}

// OrganizationInvitationListParams are the filters of
// [OrganizationsService.ListInvitations]. Zero values are not sent. A nil
// *OrganizationInvitationListParams is allowed.
type OrganizationInvitationListParams struct {
	// Status keeps invitations with this status.
	Status OrganizationInvitationStatus
	// EmailAddress keeps invitations sent to this address.
	EmailAddress string
	// OrderBy is a field name such as "created_at" or "email_address",
	// prefixed with "-" for descending or "+" for ascending; the server
	// default is "-created_at".
	OrderBy string
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationInvitationListParams) toGen() (*gen.ListOrganizationInvitationsParams, error) {
	if p == nil {
		return &gen.ListOrganizationInvitationsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return &gen.ListOrganizationInvitationsParams{
		Status:       optEnum[gen.ListOrganizationInvitationsParamsStatus](p.Status),
		EmailAddress: optString(p.EmailAddress),
		OrderBy:      optString(p.OrderBy),
		Limit:        limit,
		Offset:       offset,
	}, nil
}

// OrganizationPendingInvitationListParams are the parameters of the
// deprecated [OrganizationsService.ListPendingInvitations]. A nil
// *OrganizationPendingInvitationListParams is allowed.
type OrganizationPendingInvitationListParams struct {
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationPendingInvitationListParams) toGen() (*gen.ListPendingOrganizationInvitationsParams, error) {
	if p == nil {
		return &gen.ListPendingOrganizationInvitationsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return &gen.ListPendingOrganizationInvitationsParams{Limit: limit, Offset: offset}, nil
}

// OrganizationInvitationListAllParams are the filters of
// [OrganizationsService.ListAllInvitations], the instance-wide invitation
// list. Zero values are not sent. A nil *OrganizationInvitationListAllParams
// is allowed.
type OrganizationInvitationListAllParams struct {
	// Status keeps invitations with this status.
	Status OrganizationInvitationStatus
	// Query matches invitations by email address or organization.
	Query string
	// OrderBy is a field name such as "created_at", prefixed with "-" for
	// descending or "+" for ascending; the server default is "-created_at".
	OrderBy string
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationInvitationListAllParams) toGen() (*gen.ListInstanceOrganizationInvitationsParams, error) {
	if p == nil {
		return &gen.ListInstanceOrganizationInvitationsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return &gen.ListInstanceOrganizationInvitationsParams{
		Status:  optEnum[gen.ListInstanceOrganizationInvitationsParamsStatus](p.Status),
		Query:   optString(p.Query),
		OrderBy: optString(p.OrderBy),
		Limit:   limit,
		Offset:  offset,
	}, nil
}

// OrganizationInvitationRevokeParams is the optional body of
// [OrganizationsService.RevokeInvitation]. A nil
// *OrganizationInvitationRevokeParams is allowed.
type OrganizationInvitationRevokeParams struct {
	// RequestingUserID is the ID of the member who revokes the invitation.
	RequestingUserID *string
}

func (p *OrganizationInvitationRevokeParams) toGen() gen.RevokeOrganizationInvitationJSONRequestBody {
	if p == nil {
		return gen.RevokeOrganizationInvitationJSONRequestBody{}
	}
	return gen.RevokeOrganizationInvitationJSONRequestBody{RequestingUserID: p.RequestingUserID}
}

// OrganizationDomainCreateParams is the body of
// [OrganizationsService.CreateDomain]. Name is required; zero fields are
// not sent.
type OrganizationDomainCreateParams struct {
	// Name is the domain, such as "example.com". Required.
	Name string
	// EnrollmentMode says how users with an email address at the domain
	// join the organization.
	EnrollmentMode OrganizationDomainEnrollmentMode
	// Verified marks the domain as verified without the DNS check.
	Verified *bool
}

func (p *OrganizationDomainCreateParams) toGen() (gen.CreateOrganizationDomainJSONRequestBody, error) {
	if p == nil || p.Name == "" {
		return gen.CreateOrganizationDomainJSONRequestBody{}, &InvalidParamError{Param: "Name", Reason: "must not be empty"}
	}
	return gen.CreateOrganizationDomainJSONRequestBody{
		Name:           &p.Name,
		EnrollmentMode: optString(string(p.EnrollmentMode)),
		Verified:       p.Verified,
	}, nil
}

// OrganizationDomainUpdateParams is the body of
// [OrganizationsService.UpdateDomain]. Zero fields are left unchanged.
// Clerk accepts null for both fields, but a domain always has an
// enrollment mode and a verification state, so there is nothing to clear;
// [Client.API] can still send null.
type OrganizationDomainUpdateParams struct {
	// EnrollmentMode is the new enrollment mode.
	EnrollmentMode OrganizationDomainEnrollmentMode
	// Verified marks the domain as verified or not.
	Verified *bool
}

func (p *OrganizationDomainUpdateParams) toGen() gen.UpdateOrganizationDomainJSONRequestBody {
	if p == nil {
		return gen.UpdateOrganizationDomainJSONRequestBody{}
	}
	return gen.UpdateOrganizationDomainJSONRequestBody{
		EnrollmentMode: optNull(optString(string(p.EnrollmentMode))),
		Verified:       optNull(p.Verified),
	}
}

// OrganizationDomainListParams are the filters of
// [OrganizationsService.ListDomains]. Zero values are not sent. A nil
// *OrganizationDomainListParams is allowed.
type OrganizationDomainListParams struct {
	// Verified keeps only verified (true) or unverified (false) domains.
	Verified *bool
	// EnrollmentMode keeps domains with this enrollment mode.
	EnrollmentMode OrganizationDomainEnrollmentMode
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationDomainListParams) toGen() (*gen.ListOrganizationDomainsParams, error) {
	if p == nil {
		return &gen.ListOrganizationDomainsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	var verified *string
	if p.Verified != nil {
		verified = optString(strconv.FormatBool(*p.Verified))
	}
	return &gen.ListOrganizationDomainsParams{
		Verified:       verified,
		EnrollmentMode: optString(string(p.EnrollmentMode)),
		Limit:          limit,
		Offset:         offset,
	}, nil
}

// OrganizationDomainListAllParams are the filters of
// [OrganizationsService.ListAllDomains], the instance-wide domain list. Zero
// values are not sent. A nil *OrganizationDomainListAllParams is allowed.
type OrganizationDomainListAllParams struct {
	// OrganizationID keeps the domains of this organization.
	OrganizationID string
	// Verified keeps only verified (true) or unverified (false) domains.
	Verified *bool
	// EnrollmentModes keeps domains with any of these enrollment modes.
	EnrollmentModes []OrganizationDomainEnrollmentMode
	// ExcludedEnrollmentModes drops domains with any of these enrollment
	// modes (sent as "-mode").
	ExcludedEnrollmentModes []OrganizationDomainEnrollmentMode
	// Query matches part of a domain name.
	Query string
	// Domains keeps these domain names.
	Domains []string
	// OrderBy is a field name such as "name" or "created_at", prefixed with
	// "-" for descending or "+" for ascending; the server default is
	// "-created_at".
	OrderBy string
	// Limit is the page size, 1 to 500; 0 means the server default (10).
	Limit int
	// Offset is the number of items to skip.
	Offset int
}

func (p *OrganizationDomainListAllParams) toGen() (*gen.ListAllOrganizationDomainsParams, error) {
	if p == nil {
		return &gen.ListAllOrganizationDomainsParams{}, nil
	}
	limit, offset, err := limitOffset(p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	var verified *gen.ListAllOrganizationDomainsParamsVerified
	if p.Verified != nil {
		v := gen.ListAllOrganizationDomainsParamsVerified(strconv.FormatBool(*p.Verified))
		verified = &v
	}
	var modes []gen.ListAllOrganizationDomainsParamsEnrollmentMode
	for _, m := range p.EnrollmentModes {
		modes = append(modes, gen.ListAllOrganizationDomainsParamsEnrollmentMode(m))
	}
	for _, m := range p.ExcludedEnrollmentModes {
		modes = append(modes, gen.ListAllOrganizationDomainsParamsEnrollmentMode("-"+m))
	}
	return &gen.ListAllOrganizationDomainsParams{
		OrganizationID: optString(p.OrganizationID),
		Verified:       verified,
		EnrollmentMode: modes,
		Query:          optString(p.Query),
		Domains:        p.Domains,
		OrderBy:        optString(p.OrderBy),
		Limit:          limit,
		Offset:         offset,
	}, nil
}

// orgParamName joins a prefix such as "params[2]" and a field name.
func orgParamName(prefix, field string) string {
	if prefix == "" {
		return field
	}
	return prefix + "." + field
}

// orgMetadata turns a metadata argument into the generated map type: a
// map[string]any is used as is; any other value is encoded to JSON and must
// be an object (numbers keep their exact digits). nil, and values that
// encode to null, give nil (not sent).
func orgMetadata(param string, v any) (map[string]any, error) {
	switch m := v.(type) {
	case nil:
		return nil, nil
	case map[string]any:
		return m, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, &InvalidParamError{Param: param, Reason: "cannot encode", Err: err}
	}
	if bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, &InvalidParamError{Param: param, Reason: "must encode to a JSON object", Err: err}
	}
	return m, nil
}
