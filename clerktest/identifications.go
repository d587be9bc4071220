package clerktest

import (
	"context"
	"slices"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Email addresses (/email_addresses) and phone numbers (/phone_numbers) as
// resources of their own. They live in their user's record: creating one
// adds it to the user, and the user's unique indexes keep them unique.
// An address created or updated with verified=true carries an admin
// verification; an unverified one has none (verification null), as Clerk
// shows one that was never prepared. The first address of a user becomes
// its primary one; deleting the primary one moves primary to the next
// address, if any. Verification by code (prepare/attempt) is not served.

// emailOwner finds the user holding the email address id.
func (db *store) emailOwner(id string) (*userRec, int, *apiError) {
	for _, r := range db.users {
		if i := slices.IndexFunc(r.u.EmailAddresses, func(e gen.EmailAddress) bool { return e.ID == id }); i >= 0 {
			return r, i, nil
		}
	}
	return nil, 0, errNotFound("email address " + id)
}

// phoneOwner finds the user holding the phone number id.
func (db *store) phoneOwner(id string) (*userRec, int, *apiError) {
	for _, r := range db.users {
		if i := slices.IndexFunc(r.u.PhoneNumbers, func(p gen.PhoneNumber) bool { return p.ID == id }); i >= 0 {
			return r, i, nil
		}
	}
	return nil, 0, errNotFound("phone number " + id)
}

func emailVerification(verified bool) (*gen.EmailAddress_Verification, error) {
	if !verified {
		return nil, nil
	}
	var v gen.EmailAddress_Verification
	if err := v.FromVerificationAdmin(adminVerification()); err != nil {
		return nil, err
	}
	return &v, nil
}

func phoneVerification(verified bool) (*gen.PhoneNumber_Verification, error) {
	if !verified {
		return nil, nil
	}
	var v gen.PhoneNumber_Verification
	if err := v.FromVerificationAdmin(adminVerification()); err != nil {
		return nil, err
	}
	return &v, nil
}

// CreateEmailAddress adds an email address to a user.
func (a *api) CreateEmailAddress(_ context.Context, req bapiserver.CreateEmailAddressRequestObject) (bapiserver.CreateEmailAddressResponseObject, error) {
	b := req.Body
	if b.UserID == "" {
		return nil, errParamMissing("user_id")
	}
	if !validEmail(b.EmailAddress) {
		return nil, errParamFormat("email_address", "must be a valid email address")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(b.UserID)
	if e != nil {
		return nil, e
	}
	if db.byEmail[lower(b.EmailAddress)] != "" {
		return nil, errIdentifierExists("email_address", "email address")
	}
	now := ms(s.now())
	v, err := emailVerification(b.Verified != nil && *b.Verified)
	if err != nil {
		return nil, err
	}
	ea := gen.EmailAddress{ID: newID("idn"), Object: "email_address", EmailAddress: b.EmailAddress,
		LinkedTo: []gen.IdentificationLink{}, Verification: v, CreatedAt: now, UpdatedAt: now}
	r.u.EmailAddresses = append(r.u.EmailAddresses, ea)
	if r.u.PrimaryEmailAddressID == nil || (b.Primary != nil && *b.Primary) {
		r.u.PrimaryEmailAddressID = ptr(ea.ID)
	}
	r.u.UpdatedAt = now
	db.byEmail[lower(ea.EmailAddress)] = r.u.ID
	out, err := clone(ea)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateEmailAddress200JSONResponse(out), nil
}

// GetEmailAddress returns one email address.
func (a *api) GetEmailAddress(_ context.Context, req bapiserver.GetEmailAddressRequestObject) (bapiserver.GetEmailAddressResponseObject, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	r, i, e := a.s.db.emailOwner(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.u.EmailAddresses[i])
	if err != nil {
		return nil, err
	}
	return bapiserver.GetEmailAddress200JSONResponse(out), nil
}

// UpdateEmailAddress marks an email address verified or not, or primary.
func (a *api) UpdateEmailAddress(_ context.Context, req bapiserver.UpdateEmailAddressRequestObject) (bapiserver.UpdateEmailAddressResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.emailOwner(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	ea := &r.u.EmailAddresses[i]
	now := ms(s.now())
	if req.Body != nil {
		if verified, ok := given(req.Body.Verified); ok {
			v, err := emailVerification(verified)
			if err != nil {
				return nil, err
			}
			ea.Verification = v
		}
		if primary, ok := given(req.Body.Primary); ok && primary {
			r.u.PrimaryEmailAddressID = ptr(ea.ID)
		}
	}
	ea.UpdatedAt, r.u.UpdatedAt = now, now
	out, err := clone(*ea)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateEmailAddress200JSONResponse(out), nil
}

// DeleteEmailAddress removes an email address from its user.
func (a *api) DeleteEmailAddress(_ context.Context, req bapiserver.DeleteEmailAddressRequestObject) (bapiserver.DeleteEmailAddressResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, i, e := db.emailOwner(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	ea := r.u.EmailAddresses[i]
	delete(db.byEmail, lower(ea.EmailAddress))
	r.u.EmailAddresses = slices.Delete(r.u.EmailAddresses, i, i+1)
	if r.u.PrimaryEmailAddressID != nil && *r.u.PrimaryEmailAddressID == ea.ID {
		r.u.PrimaryEmailAddressID = nil
		if len(r.u.EmailAddresses) > 0 {
			r.u.PrimaryEmailAddressID = ptr(r.u.EmailAddresses[0].ID)
		}
	}
	r.u.UpdatedAt = ms(s.now())
	return bapiserver.DeleteEmailAddress200JSONResponse{Object: "email_address", ID: ptr(ea.ID), Deleted: true}, nil
}

// CreatePhoneNumber adds a phone number to a user; reserved_for_second_factor
// makes it a second factor of the user.
func (a *api) CreatePhoneNumber(_ context.Context, req bapiserver.CreatePhoneNumberRequestObject) (bapiserver.CreatePhoneNumberResponseObject, error) {
	b := req.Body
	if b.UserID == "" {
		return nil, errParamMissing("user_id")
	}
	if !validPhone(b.PhoneNumber) {
		return nil, errParamFormat("phone_number", "must be a valid phone number in E.164 format, such as +15555550100")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.user(b.UserID)
	if e != nil {
		return nil, e
	}
	if db.byPhone[b.PhoneNumber] != "" {
		return nil, errIdentifierExists("phone_number", "phone number")
	}
	now := ms(s.now())
	v, err := phoneVerification(b.Verified != nil && *b.Verified)
	if err != nil {
		return nil, err
	}
	pn := gen.PhoneNumber{ID: newID("idn"), Object: "phone_number", PhoneNumber: b.PhoneNumber,
		LinkedTo: []gen.IdentificationLink{}, Verification: v, CreatedAt: now, UpdatedAt: now,
		ReservedForSecondFactor: ptr(b.ReservedForSecondFactor != nil && *b.ReservedForSecondFactor)}
	r.u.PhoneNumbers = append(r.u.PhoneNumbers, pn)
	if r.u.PrimaryPhoneNumberID == nil || (b.Primary != nil && *b.Primary) {
		r.u.PrimaryPhoneNumberID = ptr(pn.ID)
	}
	r.u.UpdatedAt = now
	db.byPhone[pn.PhoneNumber] = r.u.ID
	syncSecondFactor(&r.u)
	out, err := clone(pn)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreatePhoneNumber200JSONResponse(out), nil
}

// syncSecondFactor recomputes two_factor_enabled: TOTP, backup codes or a
// phone number reserved for the second factor.
func syncSecondFactor(u *gen.User) {
	u.TwoFactorEnabled = u.TOTPEnabled || u.BackupCodeEnabled ||
		slices.ContainsFunc(u.PhoneNumbers, func(p gen.PhoneNumber) bool {
			return p.ReservedForSecondFactor != nil && *p.ReservedForSecondFactor
		})
}

// GetPhoneNumber returns one phone number.
func (a *api) GetPhoneNumber(_ context.Context, req bapiserver.GetPhoneNumberRequestObject) (bapiserver.GetPhoneNumberResponseObject, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	r, i, e := a.s.db.phoneOwner(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.u.PhoneNumbers[i])
	if err != nil {
		return nil, err
	}
	return bapiserver.GetPhoneNumber200JSONResponse(out), nil
}

// UpdatePhoneNumber marks a phone number verified or not, primary, or
// reserved for the second factor.
func (a *api) UpdatePhoneNumber(_ context.Context, req bapiserver.UpdatePhoneNumberRequestObject) (bapiserver.UpdatePhoneNumberResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.phoneOwner(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	pn := &r.u.PhoneNumbers[i]
	now := ms(s.now())
	if req.Body != nil {
		if verified, ok := given(req.Body.Verified); ok {
			v, err := phoneVerification(verified)
			if err != nil {
				return nil, err
			}
			pn.Verification = v
		}
		if primary, ok := given(req.Body.Primary); ok && primary {
			r.u.PrimaryPhoneNumberID = ptr(pn.ID)
		}
		if mfa, ok := given(req.Body.ReservedForSecondFactor); ok {
			pn.ReservedForSecondFactor = ptr(mfa)
		}
	}
	pn.UpdatedAt, r.u.UpdatedAt = now, now
	syncSecondFactor(&r.u)
	out, err := clone(*pn)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdatePhoneNumber200JSONResponse(out), nil
}

// DeletePhoneNumber removes a phone number from its user.
func (a *api) DeletePhoneNumber(_ context.Context, req bapiserver.DeletePhoneNumberRequestObject) (bapiserver.DeletePhoneNumberResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, i, e := db.phoneOwner(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	pn := r.u.PhoneNumbers[i]
	delete(db.byPhone, pn.PhoneNumber)
	r.u.PhoneNumbers = slices.Delete(r.u.PhoneNumbers, i, i+1)
	if r.u.PrimaryPhoneNumberID != nil && *r.u.PrimaryPhoneNumberID == pn.ID {
		r.u.PrimaryPhoneNumberID = nil
		if len(r.u.PhoneNumbers) > 0 {
			r.u.PrimaryPhoneNumberID = ptr(r.u.PhoneNumbers[0].ID)
		}
	}
	r.u.UpdatedAt = ms(s.now())
	syncSecondFactor(&r.u)
	return bapiserver.DeletePhoneNumber200JSONResponse{Object: "phone_number", ID: ptr(pn.ID), Deleted: true}, nil
}
