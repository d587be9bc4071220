package clerk

// checkResult is decode's last step: a 200 whose JSON decodes cleanly can
// still not be the resource. encoding/json turns a body of null into a zero
// value without error, and {} into a resource with every field empty, so
// Users.Get on such a body returned a *User with no ID and a nil error, and
// a null page ended Users.All silently. checkResult refuses:
//
//   - a body that is JSON null, for every result type;
//   - a resource without its id (or, for the few results without an id, the
//     field that every such response carries: "object", "keys",
//     "verified");
//   - a list that is not an array (null, or a {data,total_count} envelope
//     whose data is missing or null), or that holds an item without an id.
//
// It is a type switch over the result types of decode: no reflection, no
// second parse of the body, no allocation. TestCheckResultCoversDecode
// fails when a facade decodes a type the switch does not know, so a new
// result type cannot go unchecked silently. SessionRefresh and SessionToken
// are checked by their facades (fromSessionRefresh, sessionJWT), which need
// their content anyway.

import (
	"fmt"

	"github.com/gobapi/clerk/gen"
)

// The causes checkResult returns, each wrapping ErrUnexpectedResponse.
// They are built once so that refusing a body allocates nothing either.
var (
	errNullBody   = unexpected("JSON null")
	errNoID       = unexpected("resource without an id")
	errNoObject   = unexpected(`object without its "object" member`)
	errNoList     = unexpected("list is not an array")
	errItemNoID   = unexpected("list item without an id")
	errNoKeys     = unexpected(`JWKS without "keys"`)
	errNoVerified = unexpected(`verification without "verified"`)
)

func unexpected(what string) error {
	return fmt.Errorf("%w: %s", ErrUnexpectedResponse, what)
}

// checkResult returns a cause wrapping ErrUnexpectedResponse when v, a
// pointer decoded from body without error, is not the resource of its type.
// It takes any rather than a type parameter: instantiated once per result
// type, its switch and closures were a fifth of the root package's compile.
func checkResult(v any, body []byte) error {
	if isJSONNull(body) {
		return errNullBody
	}
	switch r := v.(type) {
	case *gen.User:
		return needID(r.ID)
	case *gen.Session:
		return needID(r.ID)
	case *gen.Organization:
		return needID(r.ID)
	case *gen.OrganizationWithLogo:
		return needID(r.ID)
	case *gen.OrganizationMembership:
		return needID(r.ID)
	case *gen.OrganizationInvitation:
		return needID(r.ID)
	case *gen.OrganizationDomain:
		return needID(r.ID)
	case *gen.TrustedDevice:
		return needID(r.ID)
	case *gen.CommerceSubscription:
		return needID(r.ID)
	case *gen.CommerceCreditLedgerResponse:
		return needID(r.ID)
	case *gen.JWTTemplate:
		return needID(r.ID)
	case *gen.SignInToken:
		return needID(r.ID)
	case *gen.EmailAddress:
		return needID(r.ID)
	case *gen.PhoneNumber:
		return needID(r.ID)

	case *[]gen.User:
		return needIDs(*r, func(u *gen.User) string { return u.ID })
	case *[]gen.Session:
		return needIDs(*r, func(s *gen.Session) string { return s.ID })
	case *[]gen.JWTTemplate:
		return needIDs(*r, func(t *gen.JWTTemplate) string { return t.ID })
	case *gen.Organizations:
		return needIDs(r.Data, func(o *gen.Organization) string { return o.ID })
	case *gen.OrganizationMemberships:
		return needIDs(r.Data, func(m *gen.OrganizationMembership) string { return m.ID })
	case *gen.OrganizationInvitations:
		return needIDs(r.Data, func(i *gen.OrganizationInvitation) string { return i.ID })
	case *gen.OrganizationInvitationsWithPublicOrganizationData:
		return needIDs(r.Data, func(i *gen.OrganizationInvitationWithPublicOrganizationData) string { return i.ID })
	case *gen.OrganizationDomains:
		return needIDs(r.Data, func(d *gen.OrganizationDomain) string { return d.ID })
	case *gen.TrustedDevices:
		return needIDs(r.Data, func(d *gen.TrustedDevice) string { return d.ID })
	case *gen.OAuthAccessToken:
		// Tokens have no id; each carries "object": "oauth_access_token".
		if *r == nil {
			return errNoList
		}
		for i := range *r {
			if (*r)[i].Object == "" {
				return errNoObject
			}
		}
		return nil

	case *gen.DeletedObject:
		return needObject(r.Object)
	case *gen.TotalCount:
		return needObject(string(r.Object))
	case *gen.CommerceCreditBalanceResponse:
		return needObject(r.Object)
	case *gen.JWKS:
		if r.Keys == nil {
			return errNoKeys
		}
	case *gen.PasswordVerification:
		if r.Verified == nil {
			return errNoVerified
		}
	case *gen.TOTPVerification:
		if r.Verified == nil {
			return errNoVerified
		}
	}
	return nil
}

func needID(id string) error {
	if id == "" {
		return errNoID
	}
	return nil
}

func needObject(object string) error {
	if object == "" {
		return errNoObject
	}
	return nil
}

// needIDs refuses a list that is nil (JSON null or missing: an empty list
// is []) or holds an item whose id is empty.
func needIDs[T any](items []T, id func(*T) string) error {
	if items == nil {
		return errNoList
	}
	for i := range items {
		if id(&items[i]) == "" {
			return errItemNoID
		}
	}
	return nil
}

// isJSONNull reports whether body, valid JSON, is null: after any leading
// whitespace, valid JSON starting with 'n' can only be null.
func isJSONNull(body []byte) bool {
	for _, c := range body {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		}
		return c == 'n'
	}
	return false
}
