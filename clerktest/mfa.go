package clerktest

import (
	"context"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// editMFA applies fn to the user's MFA flags under the lock, keeps
// two_factor_enabled in step and bumps updated_at.
func (s *Server) editMFA(userID string, fn func(u *gen.User)) (gen.UserIDResponse, error) {
	_, err := s.editUser(userID, func(u *gen.User) *apiError {
		fn(u)
		reserved := false
		for _, p := range u.PhoneNumbers {
			reserved = reserved || isTrue(p.ReservedForSecondFactor)
		}
		u.TwoFactorEnabled = u.TOTPEnabled || u.BackupCodeEnabled || reserved
		return nil
	})
	if err != nil {
		return gen.UserIDResponse{}, err
	}
	return gen.UserIDResponse{UserID: ptr(userID)}, nil
}

// DisableMFA turns off every second factor of the user: TOTP, backup
// codes, and phone numbers reserved for the second factor.
func (a *api) DisableMFA(_ context.Context, req bapiserver.DisableMFARequestObject) (bapiserver.DisableMFAResponseObject, error) {
	out, err := a.s.editMFA(req.UserID, func(u *gen.User) {
		u.TOTPEnabled, u.BackupCodeEnabled = false, false
		for i := range u.PhoneNumbers {
			if isTrue(u.PhoneNumbers[i].ReservedForSecondFactor) {
				u.PhoneNumbers[i].ReservedForSecondFactor = ptr(false)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.DisableMFA200JSONResponse(out), nil
}

// DeleteTOTP removes the user's TOTP authenticator.
func (a *api) DeleteTOTP(_ context.Context, req bapiserver.DeleteTOTPRequestObject) (bapiserver.DeleteTOTPResponseObject, error) {
	out, err := a.s.editMFA(req.UserID, func(u *gen.User) { u.TOTPEnabled = false })
	if err != nil {
		return nil, err
	}
	return bapiserver.DeleteTOTP200JSONResponse(out), nil
}

// DeleteBackupCode removes the user's backup codes.
func (a *api) DeleteBackupCode(_ context.Context, req bapiserver.DeleteBackupCodeRequestObject) (bapiserver.DeleteBackupCodeResponseObject, error) {
	out, err := a.s.editMFA(req.UserID, func(u *gen.User) { u.BackupCodeEnabled = false })
	if err != nil {
		return nil, err
	}
	return bapiserver.DeleteBackupCode200JSONResponse(out), nil
}
