package clerk

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
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

// usersContract maps every Users operation of the spec to a facade call.
// The fake server answers it with fixture, a file of testdata/users
// ("users" is a JSON array of user.json), and the call returns the decoded
// result, compared with the fixture decoded into the same type. ids is how
// many path IDs the call takes: userID, then otherID.
var usersContract = map[string]struct {
	ids     int
	fixture string
	call    func(ctx context.Context, u *UsersService, userID, otherID string) (any, error)
}{
	"GetUserList": {0, "users", func(ctx context.Context, u *UsersService, _, _ string) (any, error) {
		list, err := u.List(ctx, nil)
		if err != nil {
			return nil, err
		}
		if list.TotalCount != 1287 {
			return nil, fmt.Errorf("TotalCount = %d, want users_count.json's", list.TotalCount)
		}
		return list.Data, nil
	}},
	"CreateUser": {0, "user.json", func(ctx context.Context, u *UsersService, _, _ string) (any, error) {
		return u.Create(ctx, &UserCreateParams{EmailAddresses: []string{"ada@example.com"}})
	}},
	"GetUsersCount": {0, "users_count.json", func(ctx context.Context, u *UsersService, _, _ string) (any, error) {
		n, err := u.Count(ctx, nil)
		return &TotalCount{Object: "total_count", TotalCount: n}, err
	}},
	"GetUserBillingSubscription": {1, "../billing/subscription.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.GetBillingSubscription(ctx, id)
	}},
	"GetUserBillingCreditBalance": {1, "../billing/credit_balance.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.GetBillingCreditBalance(ctx, id)
	}},
	"AdjustUserBillingCreditBalance": {1, "../billing/credit_ledger.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.AdjustBillingCreditBalance(ctx, id, &BillingCreditAdjustParams{Action: BillingCreditDecrease, Amount: 500, IdempotencyKey: "adj-1"})
	}},
	"GetUser": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Get(ctx, id) }},
	"UpdateUser": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.Update(ctx, id, &UserUpdateParams{Clear: []UserField{UserFieldUsername}})
	}},
	"DeleteUser": {1, "deleted_user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Delete(ctx, id) }},
	"BanUser":    {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Ban(ctx, id) }},
	"UnbanUser":  {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Unban(ctx, id) }},
	"UsersBan": {0, "users", func(ctx context.Context, u *UsersService, _, _ string) (any, error) {
		return u.BanMany(ctx, []string{"user_1", "user_2"})
	}},
	"UsersUnban": {0, "users", func(ctx context.Context, u *UsersService, _, _ string) (any, error) {
		return u.UnbanMany(ctx, []string{"user_1"})
	}},
	"LockUser":   {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Lock(ctx, id) }},
	"UnlockUser": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) { return u.Unlock(ctx, id) }},
	"SetUserProfileImage": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.SetProfileImage(ctx, id, "a.png", strings.NewReader("\x89PNG\r\n\x1a\n"))
	}},
	"DeleteUserProfileImage": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.DeleteProfileImage(ctx, id)
	}},
	"UpdateUserMetadata": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.UpdateMetadata(ctx, id, &UserMetadataParams{PublicMetadata: map[string]any{"a": nil}})
	}},
	"ReplaceUserMetadata": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.ReplaceMetadata(ctx, id, &UserMetadataParams{PublicMetadata: map[string]any{}})
	}},
	"GetOAuthAccessToken": {2, "oauth_access_tokens.json", func(ctx context.Context, u *UsersService, id, provider string) (any, error) {
		return u.OAuthAccessTokens(ctx, id, provider, nil)
	}},
	"UsersGetOrganizationMemberships": {1, "organization_memberships.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.ListOrganizationMemberships(ctx, id, nil)
	}},
	"UsersGetOrganizationInvitations": {1, "organization_invitations.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.ListOrganizationInvitations(ctx, id, nil)
	}},
	"RemoveUserPassword": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.RemovePassword(ctx, id, nil)
	}},
	"VerifyPassword": {1, "password_verification.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.VerifyPassword(ctx, id, "pw")
	}},
	"VerifyTOTP": {1, "totp_verification.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.VerifyTOTP(ctx, id, "123456")
	}},
	"DisableMFA": {1, "user_id.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return nil, u.DisableMFA(ctx, id)
	}},
	"DeleteBackupCode": {1, "user_id.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return nil, u.DeleteBackupCodes(ctx, id)
	}},
	"DeleteTOTP": {1, "user_id.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return nil, u.DeleteTOTP(ctx, id)
	}},
	"UserPasskeyDelete": {2, "deleted_user.json", func(ctx context.Context, u *UsersService, id, other string) (any, error) {
		return u.DeletePasskey(ctx, id, other)
	}},
	"ListUserTrustedDevices": {1, "trusted_devices.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.ListTrustedDevices(ctx, id)
	}},
	"RevokeUserTrustedDevice": {2, "trusted_device.json", func(ctx context.Context, u *UsersService, id, other string) (any, error) {
		return u.RevokeTrustedDevice(ctx, id, other)
	}},
	"UserWeb3WalletDelete": {2, "deleted_user.json", func(ctx context.Context, u *UsersService, id, other string) (any, error) {
		return u.DeleteWeb3Wallet(ctx, id, other)
	}},
	"DeleteExternalAccount": {2, "deleted_user.json", func(ctx context.Context, u *UsersService, id, other string) (any, error) {
		return u.DeleteExternalAccount(ctx, id, other)
	}},
	"SetUserPasswordCompromised": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.SetPasswordCompromised(ctx, id, nil)
	}},
	"UnsetUserPasswordCompromised": {1, "user.json", func(ctx context.Context, u *UsersService, id, _ string) (any, error) {
		return u.UnsetPasswordCompromised(ctx, id)
	}},
}

// contractFixture reads a fixture of usersContract.
func contractFixture(t *testing.T, name string) []byte {
	t.Helper()
	if name == "users" {
		return append(append([]byte("["), userFixture(t)...), ']')
	}
	b, err := os.ReadFile(filepath.Join("testdata", "users", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Server behaviours of the contract test.
const (
	replyFixture = iota
	replyNotFound
	replyHTML500
)

// TestUsersContract checks that UsersService covers every operation tagged
// Users in openapi/bapi.yaml, and that each facade call sends the spec's
// method, escaped path and body content type, decodes a realistic 200
// body, maps a 404 envelope and a 500 HTML page to *APIError, refuses an
// empty path ID and a cancelled context before sending anything.
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
			// The path IDs hold characters the client must escape.
			const userID, otherID = "user 1/x", "id?2#3"
			wantPath := "/v1" + op.path
			if n := strings.Count(op.path, "{"); n != tc.ids {
				t.Fatalf("spec path %s has %d parameters, the contract call takes %d", op.path, n, tc.ids)
			}
			wantPath = strings.Replace(wantPath, "{user_id}", url.PathEscape(userID), 1)
			if i := strings.Index(wantPath, "{"); i >= 0 {
				wantPath = wantPath[:i] + url.PathEscape(otherID) + wantPath[strings.Index(wantPath, "}")+1:]
			}
			fixture := contractFixture(t, tc.fixture)
			var mode atomic.Int32
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				switch mode.Load() {
				case replyNotFound:
					jsonHandler(http.StatusNotFound, `{"errors":[{"code":"resource_not_found","message":"not found"}]}`)(w, r)
				case replyHTML500:
					w.Header().Set("Content-Type", "text/html")
					w.WriteHeader(http.StatusInternalServerError)
					io.WriteString(w, "<html><body>Internal Server Error</body></html>")
				default:
					if r.URL.Path == "/v1/users/count" { // GetUserList's total
						jsonHandler(200, string(contractFixture(t, "users_count.json")))(w, r)
						return
					}
					jsonHandler(200, string(fixture))(w, r)
				}
			})
			c, _ := newTestClient(t, s, noRetry)
			ctx := context.Background()

			got, err := tc.call(ctx, c.Users, userID, otherID)
			if err != nil {
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
			if accept := r.Headers.Get("Accept"); accept != "application/json" {
				t.Errorf("Accept = %q", accept)
			}
			if got != nil {
				want := reflect.New(reflect.TypeOf(got))
				if err := json.Unmarshal(fixture, want.Interface()); err != nil {
					t.Fatalf("fixture into %T: %v", got, err)
				}
				wantJSON, _ := json.Marshal(want.Elem().Interface())
				gotJSON, _ := json.Marshal(got)
				if v := reflect.Indirect(reflect.ValueOf(got)); !bytes.Equal(wantJSON, gotJSON) || v.IsZero() || v.Kind() == reflect.Slice && v.Len() == 0 {
					t.Errorf("decoded %T:\n got %s\nwant %s", got, gotJSON, wantJSON)
				}
			}

			mode.Store(replyNotFound)
			if _, err := tc.call(ctx, c.Users, userID, otherID); !IsNotFound(err) || !HasErrorCode(err, "resource_not_found") {
				t.Errorf("on a 404 the call returned %v, want an *APIError with status 404", err)
			}
			mode.Store(replyHTML500)
			var apiErr *APIError
			if _, err := tc.call(ctx, c.Users, userID, otherID); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || len(apiErr.Errors) != 0 {
				t.Errorf("on a 500 HTML page the call returned %v, want an *APIError with status 500", err)
			}

			sent := len(s.requests())
			canceled, cancel := context.WithCancel(ctx)
			cancel()
			if _, err := tc.call(canceled, c.Users, userID, otherID); !errors.Is(err, context.Canceled) {
				t.Errorf("with a cancelled context the call returned %v", err)
			}
			if tc.ids >= 1 {
				if _, err := tc.call(ctx, c.Users, "", otherID); !errors.Is(err, ErrInvalidParams) {
					t.Errorf("with an empty user ID the call returned %v", err)
				}
			}
			if tc.ids == 2 {
				if _, err := tc.call(ctx, c.Users, userID, ""); !errors.Is(err, ErrInvalidParams) {
					t.Errorf("with an empty second ID the call returned %v", err)
				}
			}
			if n := len(s.requests()) - sent; n != 0 {
				t.Errorf("%d requests sent with a cancelled context or an empty ID", n)
			}
		})
	}
}
