package clerktest

import (
	"context"
	"slices"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// emailAddress finds an email address of any user by ID; s.mu must be
// held. It returns the owner and the index in its EmailAddresses.
func (db *store) emailAddress(id string) (*userRec, int, *apiError) {
	for _, r := range db.users {
		if i := slices.IndexFunc(r.u.EmailAddresses, func(e gen.EmailAddress) bool { return e.ID == id }); i >= 0 {
			return r, i, nil
		}
	}
	return nil, -1, errNotFound("email address " + id)
}

// setEmailVerified sets the verification of e: verified by an admin, or
// none (unverified).
func setEmailVerified(e *gen.EmailAddress, verified bool) error {
	if !verified {
		e.Verification = nil
		return nil
	}
	var v gen.EmailAddress_Verification
	if err := v.FromVerificationAdmin(adminVerification()); err != nil {
		return err
	}
	e.Verification = &v
	return nil
}

// CreateEmailAddress adds an email address to a user, verified unless
// verified is false; it becomes primary when primary is true or the user
// has none. Addresses are unique in the instance, case-insensitively.
func (a *api) CreateEmailAddress(_ context.Context, req bapiserver.CreateEmailAddressRequestObject) (bapiserver.CreateEmailAddressResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("user_id")
	}
	b := req.Body
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
	ea := gen.EmailAddress{ID: newID("idn"), Object: "email_address", EmailAddress: b.EmailAddress,
		LinkedTo: []gen.IdentificationLink{}, CreatedAt: now, UpdatedAt: now}
	if err := setEmailVerified(&ea, b.Verified == nil || *b.Verified); err != nil {
		return nil, err
	}
	r.u.EmailAddresses = append(r.u.EmailAddresses, ea)
	if isTrue(b.Primary) || r.u.PrimaryEmailAddressID == nil {
		r.u.PrimaryEmailAddressID = ptr(ea.ID)
	}
	r.u.UpdatedAt = now
	db.indexUser(&r.u)
	out, err := clone(ea)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateEmailAddress200JSONResponse(out), nil
}

// GetEmailAddress returns an email address by ID.
func (a *api) GetEmailAddress(_ context.Context, req bapiserver.GetEmailAddressRequestObject) (bapiserver.GetEmailAddressResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.emailAddress(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.u.EmailAddresses[i])
	if err != nil {
		return nil, err
	}
	return bapiserver.GetEmailAddress200JSONResponse(out), nil
}

// UpdateEmailAddress marks an email address verified or not, and makes it
// the user's primary address.
func (a *api) UpdateEmailAddress(_ context.Context, req bapiserver.UpdateEmailAddressRequestObject) (bapiserver.UpdateEmailAddressResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.emailAddress(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	ea := &r.u.EmailAddresses[i]
	now := ms(s.now())
	if req.Body != nil {
		if v, ok := given(req.Body.Verified); ok {
			if err := setEmailVerified(ea, v); err != nil {
				return nil, err
			}
		}
		if v, ok := given(req.Body.Primary); ok && v {
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

// DeleteEmailAddress removes an email address from its user. When it was
// the primary address, the user's next address (if any) becomes primary.
func (a *api) DeleteEmailAddress(_ context.Context, req bapiserver.DeleteEmailAddressRequestObject) (bapiserver.DeleteEmailAddressResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, i, e := db.emailAddress(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	db.unindexUser(&r.u)
	r.u.EmailAddresses = slices.Delete(slices.Clone(r.u.EmailAddresses), i, i+1)
	if r.u.PrimaryEmailAddressID != nil && *r.u.PrimaryEmailAddressID == req.EmailAddressID {
		r.u.PrimaryEmailAddressID = nil
		if len(r.u.EmailAddresses) > 0 {
			r.u.PrimaryEmailAddressID = ptr(r.u.EmailAddresses[0].ID)
		}
	}
	r.u.UpdatedAt = ms(s.now())
	db.indexUser(&r.u)
	return bapiserver.DeleteEmailAddress200JSONResponse{Object: "email_address", ID: ptr(req.EmailAddressID), Deleted: true}, nil
}
