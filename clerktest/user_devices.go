package clerktest

import (
	"context"
	"slices"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Removal of a user's web3 wallets and passkeys, and the user's trusted
// devices. Users of the fake get web3 wallets at creation; passkeys and
// trusted devices are made by browsers, so the fake never has any: the
// device list is empty and removals answer 404.

// UserWeb3WalletDelete removes a web3 wallet of the user; when it was the
// primary one, the next wallet (if any) becomes primary.
func (a *api) UserWeb3WalletDelete(_ context.Context, req bapiserver.UserWeb3WalletDeleteRequestObject) (bapiserver.UserWeb3WalletDeleteResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	id := req.Web3WalletIdentificationID
	i := slices.IndexFunc(r.u.Web3Wallets, func(w gen.Web3Wallet) bool { return w.ID == id })
	if i < 0 {
		return nil, errNotFound("web3 wallet " + id)
	}
	r.u.Web3Wallets = slices.Delete(r.u.Web3Wallets, i, i+1)
	if r.u.PrimaryWeb3WalletID != nil && *r.u.PrimaryWeb3WalletID == id {
		r.u.PrimaryWeb3WalletID = nil
		if len(r.u.Web3Wallets) > 0 {
			r.u.PrimaryWeb3WalletID = ptr(r.u.Web3Wallets[0].ID)
		}
	}
	r.u.UpdatedAt = ms(s.now())
	return bapiserver.UserWeb3WalletDelete200JSONResponse{Object: "web3_wallet", ID: ptr(id), Deleted: true}, nil
}

// UserPasskeyDelete removes a passkey of the user.
func (a *api) UserPasskeyDelete(_ context.Context, req bapiserver.UserPasskeyDeleteRequestObject) (bapiserver.UserPasskeyDeleteResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	id := req.PasskeyIdentificationID
	i := slices.IndexFunc(r.u.Passkeys, func(p gen.Passkey) bool { return p.ID == id })
	if i < 0 {
		return nil, errNotFound("passkey " + id)
	}
	r.u.Passkeys = slices.Delete(r.u.Passkeys, i, i+1)
	r.u.UpdatedAt = ms(s.now())
	return bapiserver.UserPasskeyDelete200JSONResponse{Object: "passkey", ID: ptr(id), Deleted: true}, nil
}

// ListUserTrustedDevices lists the user's trusted devices: none.
func (a *api) ListUserTrustedDevices(_ context.Context, req bapiserver.ListUserTrustedDevicesRequestObject) (bapiserver.ListUserTrustedDevicesResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.db.user(req.UserID); e != nil {
		return nil, e
	}
	return bapiserver.ListUserTrustedDevices200JSONResponse{Data: []gen.TrustedDevice{}}, nil
}

// RevokeUserTrustedDevice answers 404: the fake's users have no trusted
// devices.
func (a *api) RevokeUserTrustedDevice(_ context.Context, req bapiserver.RevokeUserTrustedDeviceRequestObject) (bapiserver.RevokeUserTrustedDeviceResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.db.user(req.UserID); e != nil {
		return nil, e
	}
	return nil, errNotFound("trusted device " + req.TrustedDeviceID)
}
