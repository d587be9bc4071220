package clerktest

import (
	"context"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// ReplaceUserEmailAddress and ReplaceUserPhoneNumber: the user's addresses
// of that kind are replaced by one primary address, verified by default,
// "reserved" (unverified, Reserved true) or "unverified". An address that
// belongs to another user is refused; the user's own may be reused.

// ReplaceUserEmailAddress replaces all of a user's email addresses.
func (a *api) ReplaceUserEmailAddress(_ context.Context, req bapiserver.ReplaceUserEmailAddressRequestObject) (bapiserver.ReplaceUserEmailAddressResponseObject, error) {
	b := req.Body
	if !validEmail(b.EmailAddress) {
		return nil, errParamFormat("email_address", "must be a valid email address")
	}
	status := "verified"
	if b.IdentificationStatus != nil {
		status = string(*b.IdentificationStatus)
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	if owner := db.byEmail[lower(b.EmailAddress)]; owner != "" && owner != r.u.ID {
		return nil, errIdentifierExists("email_address", "email address")
	}
	v, err := emailVerification(status == "verified")
	if err != nil {
		return nil, err
	}
	now := ms(s.now())
	ea := gen.EmailAddress{ID: newID("idn"), Object: "email_address", EmailAddress: b.EmailAddress,
		LinkedTo: []gen.IdentificationLink{}, Reserved: status == "reserved", Verification: v, CreatedAt: now, UpdatedAt: now}
	for _, old := range r.u.EmailAddresses {
		delete(db.byEmail, lower(old.EmailAddress))
	}
	r.u.EmailAddresses = []gen.EmailAddress{ea}
	r.u.PrimaryEmailAddressID = ptr(ea.ID)
	r.u.UpdatedAt = now
	db.byEmail[lower(ea.EmailAddress)] = r.u.ID
	out, err := clone(ea)
	if err != nil {
		return nil, err
	}
	return bapiserver.ReplaceUserEmailAddress200JSONResponse(out), nil
}

// ReplaceUserPhoneNumber replaces all of a user's phone numbers.
func (a *api) ReplaceUserPhoneNumber(_ context.Context, req bapiserver.ReplaceUserPhoneNumberRequestObject) (bapiserver.ReplaceUserPhoneNumberResponseObject, error) {
	b := req.Body
	if !validPhone(b.PhoneNumber) {
		return nil, errParamFormat("phone_number", "must be a valid phone number in E.164 format, such as +15555550100")
	}
	status := "verified"
	if b.IdentificationStatus != nil {
		status = string(*b.IdentificationStatus)
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	if owner := db.byPhone[b.PhoneNumber]; owner != "" && owner != r.u.ID {
		return nil, errIdentifierExists("phone_number", "phone number")
	}
	v, err := phoneVerification(status == "verified")
	if err != nil {
		return nil, err
	}
	now := ms(s.now())
	pn := gen.PhoneNumber{ID: newID("idn"), Object: "phone_number", PhoneNumber: b.PhoneNumber,
		LinkedTo: []gen.IdentificationLink{}, Reserved: status == "reserved", Verification: v, CreatedAt: now, UpdatedAt: now,
		ReservedForSecondFactor: ptr(false)}
	for _, old := range r.u.PhoneNumbers {
		delete(db.byPhone, old.PhoneNumber)
	}
	r.u.PhoneNumbers = []gen.PhoneNumber{pn}
	r.u.PrimaryPhoneNumberID = ptr(pn.ID)
	r.u.UpdatedAt = now
	db.byPhone[pn.PhoneNumber] = r.u.ID
	syncSecondFactor(&r.u)
	out, err := clone(pn)
	if err != nil {
		return nil, err
	}
	return bapiserver.ReplaceUserPhoneNumber200JSONResponse(out), nil
}
