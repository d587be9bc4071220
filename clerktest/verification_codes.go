package clerktest

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Code verification of email addresses and phone numbers: prepare_verification
// "sends" a 6-digit code (read it with [Server.VerificationCode]; nothing is
// sent), attempt_verification checks it. A wrong code counts an attempt
// (the third wrong one fails the verification), a late one expires it;
// both are reported in the status, not as errors. A correct code marks the
// address verified; a verification already verified answers 400
// verification_already_verified.

const (
	verificationLifetime    = 10 * time.Minute
	maxVerificationAttempts = 3
)

type codeVerification struct {
	id, identID, code, strategy, status string
	attempts                            int
	expire                              time.Time
	phone                               bool
}

func (v *codeVerification) out() gen.VerificationAttempt {
	out := gen.VerificationAttempt{Object: ptr("verification"), ID: ptr(v.id), Status: ptr(v.status),
		Strategy: ptr(v.strategy), Attempts: ptr(v.attempts), ExpireAt: ptr(ms(v.expire))}
	if v.phone {
		out.Channel = ptr("sms")
	}
	return out
}

// VerificationCode returns the code that the prepare_verification call
// with the given verification ID "sent".
func (s *Server) VerificationCode(verificationID string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.db.more.codes[verificationID]
	if v == nil {
		return "", false
	}
	return v.code, true
}

func (s *Server) prepareCode(identID string, phone bool) gen.VerificationAttempt {
	d := make([]byte, 6)
	_, _ = rand.Read(d) // never fails (see randomString)
	for i := range d {
		d[i] = '0' + d[i]%10
	}
	v := &codeVerification{id: newID("ver"), identID: identID, code: string(d),
		strategy: "email_code", status: "unverified", expire: s.now().Add(verificationLifetime), phone: phone}
	if phone {
		v.strategy = "phone_code"
	}
	s.db.more.codes[v.id] = v
	return v.out()
}

// attemptCode checks a code; verified reports whether it just succeeded.
func (s *Server) attemptCode(identID, verificationID, code string) (out gen.VerificationAttempt, verified bool, e *apiError) {
	v := s.db.more.codes[verificationID]
	if v == nil || v.identID != identID {
		return out, false, errNotFound("verification " + verificationID)
	}
	switch {
	case v.status == "verified":
		return out, false, newAPIError(http.StatusBadRequest, "verification_already_verified", "already verified",
			"This verification has already been verified.", nil)
	case v.status == "failed" || v.status == "expired":
	case !s.now().Before(v.expire):
		v.status = "expired"
	case subtle.ConstantTimeCompare([]byte(v.code), []byte(code)) == 1:
		v.attempts++
		v.status = "verified"
		verified = true
	default:
		v.attempts++
		if v.attempts >= maxVerificationAttempts {
			v.status = "failed"
		}
	}
	return v.out(), verified, nil
}

// PrepareEmailAddressVerification starts a code verification.
func (a *api) PrepareEmailAddressVerification(_ context.Context, req bapiserver.PrepareEmailAddressVerificationRequestObject) (bapiserver.PrepareEmailAddressVerificationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, e := s.db.emailOwner(req.EmailAddressID); e != nil {
		return nil, e
	}
	return bapiserver.PrepareEmailAddressVerification200JSONResponse(s.prepareCode(req.EmailAddressID, false)), nil
}

// AttemptEmailAddressVerification checks a code.
func (a *api) AttemptEmailAddressVerification(_ context.Context, req bapiserver.AttemptEmailAddressVerificationRequestObject) (bapiserver.AttemptEmailAddressVerificationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.emailOwner(req.EmailAddressID)
	if e != nil {
		return nil, e
	}
	out, ok, e := s.attemptCode(req.EmailAddressID, req.Body.VerificationID, req.Body.Code)
	if e != nil {
		return nil, e
	}
	if ok && r.u.EmailAddresses[i].Verification == nil {
		v, err := emailVerification(true)
		if err != nil {
			return nil, err
		}
		r.u.EmailAddresses[i].Verification = v
	}
	return bapiserver.AttemptEmailAddressVerification200JSONResponse(out), nil
}

// PreparePhoneNumberVerification starts a code verification.
func (a *api) PreparePhoneNumberVerification(_ context.Context, req bapiserver.PreparePhoneNumberVerificationRequestObject) (bapiserver.PreparePhoneNumberVerificationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, _, e := s.db.phoneOwner(req.PhoneNumberID); e != nil {
		return nil, e
	}
	return bapiserver.PreparePhoneNumberVerification200JSONResponse(s.prepareCode(req.PhoneNumberID, true)), nil
}

// AttemptPhoneNumberVerification checks a code.
func (a *api) AttemptPhoneNumberVerification(_ context.Context, req bapiserver.AttemptPhoneNumberVerificationRequestObject) (bapiserver.AttemptPhoneNumberVerificationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, i, e := s.db.phoneOwner(req.PhoneNumberID)
	if e != nil {
		return nil, e
	}
	out, ok, e := s.attemptCode(req.PhoneNumberID, req.Body.VerificationID, req.Body.Code)
	if e != nil {
		return nil, e
	}
	if ok && r.u.PhoneNumbers[i].Verification == nil {
		v, err := phoneVerification(true)
		if err != nil {
			return nil, err
		}
		r.u.PhoneNumbers[i].Verification = v
	}
	return bapiserver.AttemptPhoneNumberVerification200JSONResponse(out), nil
}
