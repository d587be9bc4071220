package clerk

import (
	"bufio"
	"context"
	"mime"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// specOp is an operation of openapi/bapi.yaml.
type specOp struct {
	method, path, bodyType string
	tags                   []string
}

// specOps reads the operations of openapi/bapi.yaml, keyed by operationId.
// The file is block-style YAML with two-space indentation (paths at 2,
// methods at 4, operation fields at 6), which this line scanner relies on;
// an operation it cannot read fails the test rather than being skipped.
func specOps(t *testing.T) map[string]specOp {
	t.Helper()
	f, err := os.Open("openapi/bapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ops := make(map[string]specOp)
	var (
		inPaths, inTags, inBody bool
		path, method, id        string
		op                      specOp
	)
	flush := func() {
		if method == "" {
			return
		}
		if id == "" {
			t.Fatalf("openapi/bapi.yaml: %s %s has no operationId", method, path)
		}
		op.method, op.path = strings.ToUpper(method), path
		ops[id] = op
		method, id, op = "", "", specOp{}
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		indent := len(line) - len(strings.TrimLeft(line, " "))
		text := strings.TrimSpace(line)
		switch {
		case text == "" || strings.HasPrefix(text, "#"):
			continue
		case indent == 0:
			flush()
			inPaths = line == "paths:"
			continue
		case !inPaths:
			continue
		case indent == 2:
			flush()
			path = strings.TrimSuffix(text, ":")
			continue
		case indent == 4:
			flush()
			if m := strings.TrimSuffix(text, ":"); slices.Contains([]string{"get", "post", "put", "patch", "delete"}, m) {
				method = m
			}
			continue
		}
		if method == "" {
			continue
		}
		if indent == 6 && !strings.HasPrefix(text, "- ") {
			inTags, inBody = text == "tags:", text == "requestBody:"
			if v, ok := strings.CutPrefix(text, "operationId:"); ok {
				id = strings.TrimSpace(v)
			}
			continue
		}
		switch {
		case inTags && indent == 6:
			op.tags = append(op.tags, strings.TrimPrefix(text, "- "))
		case inBody && indent == 10 && op.bodyType == "":
			op.bodyType = strings.TrimSuffix(text, ":")
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(ops) < 100 {
		t.Fatalf("read only %d operations from openapi/bapi.yaml: has its layout changed?", len(ops))
	}
	return ops
}

// contractIDs are the path parameter values the contract calls use.
var contractIDs = map[string]string{
	"user_id":                       "user_1",
	"provider":                      "oauth_google",
	"passkey_identification_id":     "passkey_1",
	"trusted_device_id":             "device_1",
	"web3_wallet_identification_id": "wallet_1",
	"external_account_id":           "eac_1",
}

// Minimal 200 bodies of the Users operations.
const (
	contractUser    = `{"object":"user","id":"user_1"}`
	contractUsers   = `[{"object":"user","id":"user_1"}]`
	contractDeleted = `{"object":"user","id":"user_1","deleted":true}`
	contractUserID  = `{"user_id":"user_1"}`
	contractPage    = `{"data":[],"total_count":0}`
)

// usersContract maps every Users operation of the spec to a facade call
// and the body the fake server answers it with.
var usersContract = map[string]struct {
	call  func(ctx context.Context, u *UsersService) error
	reply string
}{
	"GetUserList": {func(ctx context.Context, u *UsersService) error {
		_, err := u.List(ctx, &UserListParams{Limit: 5})
		return err
	}, contractUsers},
	"CreateUser": {func(ctx context.Context, u *UsersService) error {
		_, err := u.Create(ctx, &UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
		return err
	}, contractUser},
	"GetUsersCount": {func(ctx context.Context, u *UsersService) error { _, err := u.Count(ctx, nil); return err }, `{"object":"total_count","total_count":1}`},
	"GetUser":       {func(ctx context.Context, u *UsersService) error { _, err := u.Get(ctx, "user_1"); return err }, contractUser},
	"UpdateUser": {func(ctx context.Context, u *UsersService) error {
		_, err := u.Update(ctx, "user_1", &UserUpdateParams{Clear: []UserField{UserFieldUsername}})
		return err
	}, contractUser},
	"DeleteUser": {func(ctx context.Context, u *UsersService) error { _, err := u.Delete(ctx, "user_1"); return err }, contractDeleted},
	"BanUser":    {func(ctx context.Context, u *UsersService) error { _, err := u.Ban(ctx, "user_1"); return err }, contractUser},
	"UnbanUser":  {func(ctx context.Context, u *UsersService) error { _, err := u.Unban(ctx, "user_1"); return err }, contractUser},
	"UsersBan": {func(ctx context.Context, u *UsersService) error {
		_, err := u.BanMany(ctx, []string{"user_1"})
		return err
	}, contractUsers},
	"UsersUnban": {func(ctx context.Context, u *UsersService) error {
		_, err := u.UnbanMany(ctx, []string{"user_1"})
		return err
	}, contractUsers},
	"LockUser":   {func(ctx context.Context, u *UsersService) error { _, err := u.Lock(ctx, "user_1"); return err }, contractUser},
	"UnlockUser": {func(ctx context.Context, u *UsersService) error { _, err := u.Unlock(ctx, "user_1"); return err }, contractUser},
	"SetUserProfileImage": {func(ctx context.Context, u *UsersService) error {
		_, err := u.SetProfileImage(ctx, "user_1", "a.png", strings.NewReader("\x89PNG\r\n\x1a\n"))
		return err
	}, contractUser},
	"DeleteUserProfileImage": {func(ctx context.Context, u *UsersService) error {
		_, err := u.DeleteProfileImage(ctx, "user_1")
		return err
	}, contractUser},
	"UpdateUserMetadata": {func(ctx context.Context, u *UsersService) error {
		_, err := u.UpdateMetadata(ctx, "user_1", &UserMetadataParams{PublicMetadata: map[string]any{"a": nil}})
		return err
	}, contractUser},
	"ReplaceUserMetadata": {func(ctx context.Context, u *UsersService) error {
		_, err := u.ReplaceMetadata(ctx, "user_1", &UserMetadataParams{PublicMetadata: map[string]any{}})
		return err
	}, contractUser},
	"GetOAuthAccessToken": {func(ctx context.Context, u *UsersService) error {
		_, err := u.OAuthAccessTokens(ctx, "user_1", "oauth_google", nil)
		return err
	}, `[{"object":"oauth_access_token","external_account_id":"eac_1","provider":"oauth_google","provider_user_id":"1","token":"t","public_metadata":{},"label":null,"expires_at":null}]`},
	"UsersGetOrganizationMemberships": {func(ctx context.Context, u *UsersService) error {
		_, err := u.ListOrganizationMemberships(ctx, "user_1", nil)
		return err
	}, contractPage},
	"UsersGetOrganizationInvitations": {func(ctx context.Context, u *UsersService) error {
		_, err := u.ListOrganizationInvitations(ctx, "user_1", nil)
		return err
	}, contractPage},
	"RemoveUserPassword": {func(ctx context.Context, u *UsersService) error {
		_, err := u.RemovePassword(ctx, "user_1", nil)
		return err
	}, contractUser},
	"VerifyPassword": {func(ctx context.Context, u *UsersService) error {
		_, err := u.VerifyPassword(ctx, "user_1", "pw")
		return err
	}, `{"verified":true}`},
	"VerifyTOTP": {func(ctx context.Context, u *UsersService) error {
		_, err := u.VerifyTOTP(ctx, "user_1", "123456")
		return err
	}, `{"verified":true,"code_type":"totp"}`},
	"DisableMFA":       {func(ctx context.Context, u *UsersService) error { return u.DisableMFA(ctx, "user_1") }, contractUserID},
	"DeleteBackupCode": {func(ctx context.Context, u *UsersService) error { return u.DeleteBackupCodes(ctx, "user_1") }, contractUserID},
	"DeleteTOTP":       {func(ctx context.Context, u *UsersService) error { return u.DeleteTOTP(ctx, "user_1") }, contractUserID},
	"UserPasskeyDelete": {func(ctx context.Context, u *UsersService) error {
		_, err := u.DeletePasskey(ctx, "user_1", "passkey_1")
		return err
	}, contractDeleted},
	"ListUserTrustedDevices": {func(ctx context.Context, u *UsersService) error {
		_, err := u.ListTrustedDevices(ctx, "user_1")
		return err
	}, contractPage},
	"RevokeUserTrustedDevice": {func(ctx context.Context, u *UsersService) error {
		_, err := u.RevokeTrustedDevice(ctx, "user_1", "device_1")
		return err
	}, `{"object":"trusted_device","id":"device_1","status":"revoked"}`},
	"UserWeb3WalletDelete": {func(ctx context.Context, u *UsersService) error {
		_, err := u.DeleteWeb3Wallet(ctx, "user_1", "wallet_1")
		return err
	}, contractDeleted},
	"DeleteExternalAccount": {func(ctx context.Context, u *UsersService) error {
		_, err := u.DeleteExternalAccount(ctx, "user_1", "eac_1")
		return err
	}, contractDeleted},
	"SetUserPasswordCompromised": {func(ctx context.Context, u *UsersService) error {
		_, err := u.SetPasswordCompromised(ctx, "user_1", nil)
		return err
	}, contractUser},
	"UnsetUserPasswordCompromised": {func(ctx context.Context, u *UsersService) error {
		_, err := u.UnsetPasswordCompromised(ctx, "user_1")
		return err
	}, contractUser},
}

// TestUsersContract checks that UsersService covers every operation tagged
// Users in openapi/bapi.yaml, and that each facade call sends the spec's
// method, path and body content type, decodes the 200 body and maps a 404
// to an *APIError.
func TestUsersContract(t *testing.T) {
	t.Parallel()
	ops := specOps(t)
	var tagged []string
	for id, op := range ops {
		if slices.Contains(op.tags, "Users") {
			tagged = append(tagged, id)
		}
	}
	slices.Sort(tagged)
	for _, id := range tagged {
		if _, ok := usersContract[id]; !ok {
			t.Errorf("operation %s (%s %s) is tagged Users but UsersService has no method for it", id, ops[id].method, ops[id].path)
		}
	}
	for id := range usersContract {
		if !slices.Contains(tagged, id) {
			t.Errorf("usersContract lists %s, which is not a Users operation of the spec", id)
		}
	}

	for _, id := range tagged {
		tc, ok := usersContract[id]
		if !ok {
			continue
		}
		op := ops[id]
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			wantPath := "/v1" + op.path
			for name, value := range contractIDs {
				wantPath = strings.ReplaceAll(wantPath, "{"+name+"}", value)
			}
			if strings.Contains(wantPath, "{") {
				t.Fatalf("no contract value for a parameter of %s", op.path)
			}
			var notFound atomic.Bool
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if notFound.Load() {
					jsonHandler(http.StatusNotFound, `{"errors":[{"code":"resource_not_found","message":"not found"}]}`)(w, r)
					return
				}
				// GetUserList also asks GetUsersCount for the total.
				if id == "GetUserList" && r.URL.Path == "/v1/users/count" {
					jsonHandler(200, `{"object":"total_count","total_count":1}`)(w, r)
					return
				}
				jsonHandler(200, tc.reply)(w, r)
			})
			c, _ := newTestClient(t, s, noRetry)
			if err := tc.call(context.Background(), c.Users); err != nil {
				t.Fatalf("call: %v", err)
			}
			r := s.requests()[0]
			if r.Method != op.method || r.Path != wantPath {
				t.Errorf("request %s %s, want %s %s", r.Method, r.Path, op.method, wantPath)
			}
			gotType, _, _ := mime.ParseMediaType(r.Headers.Get("Content-Type"))
			if op.bodyType != gotType && !(op.bodyType == "" && r.Body == "") {
				t.Errorf("request body type %q (%d bytes), spec says %q", gotType, len(r.Body), op.bodyType)
			}

			notFound.Store(true)
			if err := tc.call(context.Background(), c.Users); !IsNotFound(err) {
				t.Errorf("on a 404 the call returned %v, want an *APIError with status 404", err)
			}
		})
	}
}
