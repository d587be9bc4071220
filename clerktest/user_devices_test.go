package clerktest_test

import (
	"context"
	"testing"

	"github.com/gobapi/clerk/gen"
)

// TestUserWalletsPasskeysDevices: wallet removal moves primary; passkeys
// and trusted devices do not exist in the fake.
func TestUserWalletsPasskeysDevices(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{Web3Wallet: []string{"0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222"}})
	first, second := u.Web3Wallets[0].ID, u.Web3Wallets[1].ID
	del, err := c.Users.DeleteWeb3Wallet(ctx, u.ID, first)
	if err != nil || !del.Deleted {
		t.Fatalf("delete wallet = %+v, %v", del, err)
	}
	got, _ := c.Users.Get(ctx, u.ID)
	if len(got.Web3Wallets) != 1 || got.PrimaryWeb3WalletID == nil || *got.PrimaryWeb3WalletID != second {
		t.Errorf("after delete: %+v primary %v", got.Web3Wallets, got.PrimaryWeb3WalletID)
	}
	_, err = c.Users.DeleteWeb3Wallet(ctx, u.ID, first)
	apiErr(t, err, 404, "resource_not_found")
	_, err = c.Users.DeletePasskey(ctx, u.ID, "idn_passkey")
	apiErr(t, err, 404, "resource_not_found")

	devices, err := c.Users.ListTrustedDevices(ctx, u.ID)
	if err != nil || devices.Data == nil || len(devices.Data) != 0 || devices.TotalCount != 0 {
		t.Fatalf("devices = %+v, %v", devices, err)
	}
	_, err = c.Users.RevokeTrustedDevice(ctx, u.ID, "td_1")
	apiErr(t, err, 404, "resource_not_found")
	_, err = c.Users.ListTrustedDevices(ctx, "user_missing")
	apiErr(t, err, 404, "resource_not_found")
}
