package clerktest

import (
	"context"
	"slices"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// phoneNumber finds a phone number of any user by ID; s.mu must be held.
// It returns the owner and the index in its PhoneNumbers.
func (db *store) phoneNumber(id string) (*userRec, int, *apiError) {
	for _, r := range db.users {
		if i := slices.IndexFunc(r.u.PhoneNumbers, func(p gen.PhoneNumber) bool { return p.ID == id }); i >= 0 {
			return r, i, nil
		}
	}
	return nil, -1, errNotFound("phone number " + id)
}

// setPhoneVerified sets the verification of p: verified by an admin, or
// none (unverified).
func setPhoneVerified(p *gen.PhoneNumber, verified bool) error {
	if !verified {
		p.Verification = nil
		return nil
	}
	var v gen.PhoneNumber_Verification
	if err := v.FromVerificationAdmin(adminVerification()); err != nil {
		return err
	}
	p.Verification = &v
	return nil
}

// CreatePhoneNumber adds a phone number in E.164 form to a user, verified
// unless verified is false; it becomes primary when primary is true or the
// user has none. Numbers are unique in the instance.
func (a *api) CreatePhoneNumber(_ context.Context, req bapiserver.CreatePhoneNumberRequestObject) (bapiserver.CreatePhoneNumberResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("user_id")
	}
	b := req.Body
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
	pn := gen.PhoneNumber{ID: newID("idn"), Object: "phone_number", PhoneNumber: b.PhoneNumber,
		LinkedTo: []gen.IdentificationLink{}, ReservedForSecondFactor: ptr(isTrue(b.ReservedForSecondFactor)), CreatedAt: now, UpdatedAt: now}
	if err := setPhoneVerified(&pn, b.Verified == nil || *b.Verified); err != nil {
		return nil, err
	}
	r.u.PhoneNumbers = append(r.u.PhoneNumbers, pn)
	if isTrue(b.Primary) || r.u.PrimaryPhoneNumberID == nil {
		r.u.PrimaryPhoneNumberID = ptr(pn.ID)
	}
	r.u.UpdatedAt = now
	db.indexUser(&r.u)
	out, err := clone(pn)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreatePhoneNumber200JSONResponse(out), nil
}

// GetPhoneNumber returns a phone number by ID.
func (a *api) GetPhoneNumber(_ context.Context, req bapiserver.GetPhoneNumberRequestObject) (bapiserver.GetPhoneNumberResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.phoneNumber(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.u.PhoneNumbers[i])
	if err != nil {
		return nil, err
	}
	return bapiserver.GetPhoneNumber200JSONResponse(out), nil
}

// UpdatePhoneNumber marks a phone number verified or not, reserved for the
// second factor or not, and makes it the user's primary number.
func (a *api) UpdatePhoneNumber(_ context.Context, req bapiserver.UpdatePhoneNumberRequestObject) (bapiserver.UpdatePhoneNumberResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.phoneNumber(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	pn := &r.u.PhoneNumbers[i]
	if req.Body != nil {
		if v, ok := given(req.Body.Verified); ok {
			if err := setPhoneVerified(pn, v); err != nil {
				return nil, err
			}
		}
		if v, ok := given(req.Body.ReservedForSecondFactor); ok {
			pn.ReservedForSecondFactor = ptr(v)
		}
		if v, ok := given(req.Body.Primary); ok && v {
			r.u.PrimaryPhoneNumberID = ptr(pn.ID)
		}
	}
	now := ms(s.now())
	pn.UpdatedAt, r.u.UpdatedAt = now, now
	out, err := clone(*pn)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdatePhoneNumber200JSONResponse(out), nil
}

// DeletePhoneNumber removes a phone number from its user. When it was the
// primary number, the user's next number (if any) becomes primary.
func (a *api) DeletePhoneNumber(_ context.Context, req bapiserver.DeletePhoneNumberRequestObject) (bapiserver.DeletePhoneNumberResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, i, e := db.phoneNumber(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	db.unindexUser(&r.u)
	r.u.PhoneNumbers = slices.Delete(slices.Clone(r.u.PhoneNumbers), i, i+1)
	if r.u.PrimaryPhoneNumberID != nil && *r.u.PrimaryPhoneNumberID == req.PhoneNumberID {
		r.u.PrimaryPhoneNumberID = nil
		if len(r.u.PhoneNumbers) > 0 {
			r.u.PrimaryPhoneNumberID = ptr(r.u.PhoneNumbers[0].ID)
		}
	}
	r.u.UpdatedAt = ms(s.now())
	db.indexUser(&r.u)
	return bapiserver.DeletePhoneNumber200JSONResponse{Object: "phone_number", ID: ptr(req.PhoneNumberID), Deleted: true}, nil
}
