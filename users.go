package clerk

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"path"
	"strings"

	"github.com/gobapi/clerk/gen"
	"github.com/gobapi/clerk/internal/apiclient"
)

// jsonContentType is the content type of the bodies the facade encodes.
const jsonContentType = "application/json"

// UserList is one page of users from [UsersService.List].
type UserList struct {
	// Data holds the users of the page, in the requested order.
	Data []User
	// TotalCount is the number of users matching the filters of the
	// request, on all pages.
	TotalCount int64
}

// PasswordVerification is the result of [UsersService.VerifyPassword].
type PasswordVerification = gen.PasswordVerification

// TOTPVerification is the result of [UsersService.VerifyTOTP]. Its
// CodeType says whether the code was a TOTP or a backup code.
type TOTPVerification = gen.TOTPVerification

// TrustedDevice is a device a user has enrolled as trusted.
type TrustedDevice = gen.TrustedDevice

// TrustedDeviceList holds a user's trusted devices and their count.
type TrustedDeviceList = gen.TrustedDevices

// OAuthAccessTokens are the OAuth access tokens of a user for one
// provider, from [UsersService.OAuthAccessTokens].
type OAuthAccessTokens = gen.OAuthAccessToken

// Get fetches the user with the given ID (GET /users/{user_id}).
func (s *UsersService) Get(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetUser(ctx, userID)
	return decode[gen.User]("get user", resp, err)
}

// List fetches one page of the users matching params (GET /users), nil
// params meaning every user, newest first, 10 per page.
//
// The endpoint returns no count, so List also asks GET /users/count with
// the same filters, unless the page itself shows the total: a first page
// (no Offset or StartingAfter) shorter than an explicit Limit.
func (s *UsersService) List(ctx context.Context, params *UserListParams) (*UserList, error) {
	if params == nil {
		params = &UserListParams{}
	}
	q, err := params.listParams()
	if err != nil {
		return nil, err
	}
	users, err := s.list(ctx, q)
	if err != nil {
		return nil, err
	}
	list := &UserList{Data: users}
	if params.Offset == 0 && params.StartingAfter == "" && (len(users) == 0 || len(users) < params.Limit) {
		list.TotalCount = int64(len(users))
		return list, nil
	}
	if list.TotalCount, err = s.Count(ctx, params); err != nil {
		return nil, err
	}
	return list, nil
}

// list makes one GET /users request.
func (s *UsersService) list(ctx context.Context, q *gen.GetUserListParams) ([]User, error) {
	resp, err := s.client.api.GetUserList(ctx, q)
	var users []User
	if err == nil {
		users = make([]User, 0, pageCap(q.Limit))
	}
	if err := decodeInto("list users", resp, err, &users); err != nil {
		return nil, err
	}
	return users, nil
}

// All returns an iterator over every user matching params, fetching pages
// of params.Limit users (500, the most the API serves, when zero) as the
// loop needs them.
//
// The iterator is lazy: nothing is fetched before the loop starts, and
// breaking out of the loop stops fetching. It holds one page at a time
// (unless the loop keeps the users it is given). It copies params, so
// later changes to them do not affect it, and it can be ranged over again,
// from the first page. On an error, including invalid params, it yields a
// nil user and the error once and stops.
//
// With a created_at ordering (OrderBy "", "created_at", "+created_at" or
// "-created_at", the default being "-created_at") All pages with the
// starting_after cursor, the ID of the last user seen, which neither skips
// nor repeats users when users are created or deleted meanwhile. Any other
// ordering is not unique per user, so the API refuses the cursor with it;
// All then pages with Limit and Offset, which can skip or repeat users that
// change while it runs. A non-zero Offset or a StartingAfter in params sets
// where the first page starts.
//
// A page that repeats users All has already seen (the server ignored the
// cursor or the offset, or serves pages in a cycle) ends the iteration with
// a [*DecodeError] wrapping [ErrPaginationLoop], before any user of that
// page is yielded. With Offset paging, users of the previous page that
// reappear because users were created meanwhile are skipped instead.
func (s *UsersService) All(ctx context.Context, params *UserListParams) iter.Seq2[*User, error] {
	p := params.clone()
	return func(yield func(*User, error) bool) {
		q, err := p.listParams()
		if err != nil {
			yield(nil, err)
			return
		}
		limit := p.Limit
		if limit == 0 {
			limit = maxListLimit
			q.Limit = &limit
		}
		cursor := cursorSafe(p.OrderBy)
		offset := p.Offset
		g := newPageGuard("list users", cursor)
		if p.StartingAfter != "" {
			g.after(p.StartingAfter)
		}
		for {
			page, err := s.list(ctx, q)
			if err != nil {
				yield(nil, err)
				return
			}
			if !yieldPage(g, page, userID, yield) || len(page) < limit {
				return
			}
			if !cursor {
				offset += len(page)
				q.Offset = &offset
				continue
			}
			last := page[len(page)-1].ID
			q.StartingAfter, q.Offset = &last, nil
		}
	}
}

// userID is the ID of u, for the page guard.
func userID(u *User) string { return u.ID }

// Count returns the number of users matching the filters of params (GET
// /users/count), nil params counting every user. OrderBy, Limit, Offset
// and StartingAfter are ignored.
func (s *UsersService) Count(ctx context.Context, params *UserListParams) (int64, error) {
	if params == nil {
		params = &UserListParams{}
	}
	q, err := params.countParams()
	if err != nil {
		return 0, err
	}
	resp, err := s.client.api.GetUsersCount(ctx, q)
	n, err := decode[gen.TotalCount]("count users", resp, err)
	if err != nil {
		return 0, err
	}
	return n.TotalCount, nil
}

// Create creates a user (POST /users).
func (s *UsersService) Create(ctx context.Context, params *UserCreateParams) (*User, error) {
	if params == nil {
		return nil, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	resp, err := s.client.api.CreateUser(ctx, params.body())
	return decode[gen.User]("create user", resp, err)
}

// Update changes the fields of a user that params sets, and sets to null
// those it lists in Clear (PATCH /users/{user_id}).
func (s *UsersService) Update(ctx context.Context, userID string, params *UserUpdateParams) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if params == nil {
		return nil, &InvalidParamError{Param: "params", Reason: "must not be nil"}
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateUser(ctx, userID, body)
	return decode[gen.User]("update user", resp, err)
}

// Delete deletes a user (DELETE /users/{user_id}).
func (s *UsersService) Delete(ctx context.Context, userID string) (*DeletedObject, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteUser(ctx, userID)
	return decode[gen.DeletedObject]("delete user", resp, err)
}

// UpdateMetadata deep-merges params into the user's metadata (PATCH
// /users/{user_id}/metadata): nested objects are merged too, and a key set
// to nil (JSON null) is removed. A nil map leaves that metadata unchanged.
func (s *UsersService) UpdateMetadata(ctx context.Context, userID string, params *UserMetadataParams) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	body, err := params.encode()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateUserMetadataWithBody(ctx, userID, jsonContentType, bytes.NewReader(body))
	return decode[gen.User]("update user metadata", resp, err)
}

// ReplaceMetadata replaces each of the user's metadata that params sets,
// whole (PUT /users/{user_id}/metadata). A nil map leaves that metadata
// unchanged; an empty map empties it.
func (s *UsersService) ReplaceMetadata(ctx context.Context, userID string, params *UserMetadataParams) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	body, err := params.encode()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ReplaceUserMetadataWithBody(ctx, userID, jsonContentType, bytes.NewReader(body))
	return decode[gen.User]("replace user metadata", resp, err)
}

// Ban bans a user: their sessions are revoked and they cannot sign in
// (POST /users/{user_id}/ban).
func (s *UsersService) Ban(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.BanUser(ctx, userID)
	return decode[gen.User]("ban user", resp, err)
}

// Unban lifts a user's ban (POST /users/{user_id}/unban).
func (s *UsersService) Unban(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UnbanUser(ctx, userID)
	return decode[gen.User]("unban user", resp, err)
}

// BanMany bans 1 to 50 users in one request (POST /users/ban) and returns
// them. More IDs, none, or an empty ID are refused before any request.
func (s *UsersService) BanMany(ctx context.Context, userIDs []string) ([]User, error) {
	if err := checkUserIDs(userIDs); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UsersBan(ctx, gen.UsersBanJSONRequestBody{UserIds: userIDs})
	users, err := decode[[]gen.User]("ban users", resp, err)
	if err != nil {
		return nil, err
	}
	return *users, nil
}

// UnbanMany lifts the ban of 1 to 50 users in one request (POST
// /users/unban) and returns them. More IDs, none, or an empty ID are
// refused before any request.
func (s *UsersService) UnbanMany(ctx context.Context, userIDs []string) ([]User, error) {
	if err := checkUserIDs(userIDs); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UsersUnban(ctx, gen.UsersUnbanJSONRequestBody{UserIds: userIDs})
	users, err := decode[[]gen.User]("unban users", resp, err)
	if err != nil {
		return nil, err
	}
	return *users, nil
}

// Lock locks a user: they cannot sign in until the lock expires, after the
// instance's lockout duration (POST /users/{user_id}/lock).
func (s *UsersService) Lock(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.LockUser(ctx, userID)
	return decode[gen.User]("lock user", resp, err)
}

// Unlock lifts a user's lock (POST /users/{user_id}/unlock).
func (s *UsersService) Unlock(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UnlockUser(ctx, userID)
	return decode[gen.User]("unlock user", resp, err)
}

// sniffLen is how many leading bytes of an image SetProfileImage inspects
// for its content type (as many as http.DetectContentType reads).
const sniffLen = 512

// SetProfileImage uploads image as the user's profile image (POST
// /users/{user_id}/profile_image, multipart/form-data). fileName names the
// file in the upload, such as "avatar.png"; only its last path element is
// sent.
//
// The image is streamed: it is read once, while the request is sent, and
// never held in memory whole. Its content type is sniffed from its first
// 512 bytes, or taken from the file name's extension. When image has a
// known size (a Len method, as bytes.Reader and strings.Reader have, or a
// Seek method, as *os.File has) the request has a Content-Length;
// otherwise it is sent chunked. SetProfileImage does not close image.
func (s *UsersService) SetProfileImage(ctx context.Context, userID, fileName string, image io.Reader) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	name, err := partFileName(fileName)
	if err != nil {
		return nil, err
	}
	if image == nil {
		return nil, &InvalidParamError{Param: "image", Reason: "must not be nil"}
	}
	size, err := readerSize(image)
	if err != nil {
		return nil, err
	}
	br := bufio.NewReaderSize(image, sniffLen)
	sniff, err := br.Peek(sniffLen)
	if err != nil && err != io.EOF {
		return nil, &InvalidParamError{Param: "image", Reason: "cannot be read", Err: err}
	}

	// The multipart framing around the file is small and built up front;
	// the body streams it, the image, and the closing boundary.
	var frame bytes.Buffer
	mw := multipart.NewWriter(&frame)
	h := make(textproto.MIMEHeader, 2)
	h.Set("Content-Disposition", `form-data; name="file"; filename="`+quoteEscaper.Replace(name)+`"`)
	h.Set("Content-Type", imageType(sniff, name))
	if _, err := mw.CreatePart(h); err != nil {
		return nil, &InvalidParamError{Param: "image", Reason: "cannot encode", Err: err}
	}
	headLen := frame.Len()
	if err := mw.Close(); err != nil {
		return nil, &InvalidParamError{Param: "image", Reason: "cannot encode", Err: err}
	}
	head, tail := frame.Bytes()[:headLen], frame.Bytes()[headLen:]
	body := io.MultiReader(bytes.NewReader(head), br, bytes.NewReader(tail))

	var editors []apiclient.RequestEditorFn
	if size >= 0 {
		n := int64(len(head)) + size + int64(len(tail))
		editors = append(editors, func(_ context.Context, req *http.Request) error {
			req.ContentLength = n
			return nil
		})
	}
	resp, err := s.client.api.SetUserProfileImageWithBody(ctx, userID, mw.FormDataContentType(), body, editors...)
	return decode[gen.User]("set user profile image", resp, err)
}

// quoteEscaper escapes a file name for a quoted Content-Disposition
// parameter, as mime/multipart does.
var quoteEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

// partFileName returns the last element of fileName, refusing names that
// are empty or would break the part's header.
func partFileName(fileName string) (string, error) {
	name := path.Base(strings.ReplaceAll(fileName, `\`, "/"))
	switch {
	case fileName == "" || name == "/" || name == "." || name == "..":
		return "", &InvalidParamError{Param: "fileName", Reason: "must name a file"}
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "", &InvalidParamError{Param: "fileName", Reason: "must not contain control characters"}
	}
	return name, nil
}

// imageType is the content type of an image: sniffed from its first bytes,
// else from the file name's extension, else application/octet-stream.
func imageType(sniff []byte, name string) string {
	if t := http.DetectContentType(sniff); strings.HasPrefix(t, "image/") {
		return t
	}
	if t := mime.TypeByExtension(path.Ext(name)); strings.HasPrefix(t, "image/") {
		return t
	}
	return "application/octet-stream"
}

// readerSize returns how many bytes r has left to read, or -1 when that is
// unknown. A Seek method is used only when it works (not on a pipe) and
// leaves the offset where it was.
func readerSize(r io.Reader) (int64, error) {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len()), nil
	case io.Seeker:
		cur, err := v.Seek(0, io.SeekCurrent)
		if err != nil {
			return -1, nil // not seekable after all
		}
		end, err := v.Seek(0, io.SeekEnd)
		if err == nil {
			_, err = v.Seek(cur, io.SeekStart)
		}
		if err != nil {
			return -1, &InvalidParamError{Param: "image", Reason: "cannot seek", Err: err}
		}
		return max(end-cur, 0), nil
	}
	return -1, nil
}

// DeleteProfileImage removes the user's profile image (DELETE
// /users/{user_id}/profile_image).
func (s *UsersService) DeleteProfileImage(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteUserProfileImage(ctx, userID)
	return decode[gen.User]("delete user profile image", resp, err)
}

// VerifyPassword checks password against the user's password (POST
// /users/{user_id}/verify_password). The result's Verified field says
// whether it matches. The password is sent only in the request body; it
// never appears in errors or logs.
func (s *UsersService) VerifyPassword(ctx context.Context, userID, password string) (*PasswordVerification, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if password == "" {
		return nil, &InvalidParamError{Param: "password", Reason: "must not be empty"}
	}
	resp, err := s.client.api.VerifyPassword(ctx, userID, gen.VerifyPasswordJSONRequestBody{Password: password})
	return decode[gen.PasswordVerification]("verify user password", resp, err)
}

// VerifyTOTP checks a TOTP or backup code of the user (POST
// /users/{user_id}/verify_totp). A verified backup code is consumed.
func (s *UsersService) VerifyTOTP(ctx context.Context, userID, code string) (*TOTPVerification, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if code == "" {
		return nil, &InvalidParamError{Param: "code", Reason: "must not be empty"}
	}
	resp, err := s.client.api.VerifyTOTP(ctx, userID, gen.VerifyTOTPJSONRequestBody{Code: code})
	return decode[gen.TOTPVerification]("verify user TOTP", resp, err)
}

// DisableMFA removes all of the user's second factors (DELETE
// /users/{user_id}/mfa).
func (s *UsersService) DisableMFA(ctx context.Context, userID string) error {
	if err := requireID("userID", userID); err != nil {
		return err
	}
	resp, err := s.client.api.DisableMFA(ctx, userID)
	return noContent("disable user MFA", resp, err)
}

// DeleteBackupCodes removes the user's backup codes (DELETE
// /users/{user_id}/backup_code).
func (s *UsersService) DeleteBackupCodes(ctx context.Context, userID string) error {
	if err := requireID("userID", userID); err != nil {
		return err
	}
	resp, err := s.client.api.DeleteBackupCode(ctx, userID)
	return noContent("delete user backup codes", resp, err)
}

// DeleteTOTP removes the user's TOTP authenticators (DELETE
// /users/{user_id}/totp).
func (s *UsersService) DeleteTOTP(ctx context.Context, userID string) error {
	if err := requireID("userID", userID); err != nil {
		return err
	}
	resp, err := s.client.api.DeleteTOTP(ctx, userID)
	return noContent("delete user TOTP", resp, err)
}

// RemovePassword removes the user's password, even when they have no
// other way to sign in (POST /users/{user_id}/remove_password). Nil params
// keep the user's sessions.
func (s *UsersService) RemovePassword(ctx context.Context, userID string, params *UserRemovePasswordParams) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	var body gen.RemoveUserPasswordJSONRequestBody
	if params != nil {
		body.SignOutOfOtherSessions = optTrue(params.SignOutOfOtherSessions)
	}
	resp, err := s.client.api.RemoveUserPassword(ctx, userID, body)
	return decode[gen.User]("remove user password", resp, err)
}

// SetPasswordCompromised marks the user's password as compromised: they
// must reset it at their next sign-in (POST
// /users/{user_id}/password/set_compromised). Nil params keep the user's
// sessions.
func (s *UsersService) SetPasswordCompromised(ctx context.Context, userID string, params *UserPasswordCompromisedParams) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	var body gen.SetUserPasswordCompromisedJSONRequestBody
	if params != nil {
		body.RevokeAllSessions = optTrue(params.RevokeAllSessions)
	}
	resp, err := s.client.api.SetUserPasswordCompromised(ctx, userID, body)
	return decode[gen.User]("set user password compromised", resp, err)
}

// UnsetPasswordCompromised clears the compromised mark of the user's
// password (POST /users/{user_id}/password/unset_compromised).
func (s *UsersService) UnsetPasswordCompromised(ctx context.Context, userID string) (*User, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UnsetUserPasswordCompromised(ctx, userID)
	return decode[gen.User]("unset user password compromised", resp, err)
}

// OAuthAccessTokens fetches the user's OAuth access tokens for provider,
// such as "oauth_google" (GET /users/{user_id}/oauth_access_tokens/{provider}).
// An expired OAuth 2.0 token is refreshed first when Clerk holds a refresh
// token. Nil params fetch the API's default page.
func (s *UsersService) OAuthAccessTokens(ctx context.Context, userID, provider string, params *UserOAuthAccessTokenListParams) (OAuthAccessTokens, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if err := requireID("provider", provider); err != nil {
		return nil, err
	}
	var q gen.GetOAuthAccessTokenParams
	if params != nil {
		if err := checkLimitOffset(params.Limit, params.Offset); err != nil {
			return nil, err
		}
		q.Limit, q.Offset = optInt(params.Limit), optInt(params.Offset)
	}
	// Paginated stays unset, so the API answers the bare array decoded here.
	resp, err := s.client.api.GetOAuthAccessToken(ctx, userID, provider, &q)
	tokens, err := decode[gen.OAuthAccessToken]("list user OAuth access tokens", resp, err)
	if err != nil {
		return nil, err
	}
	return *tokens, nil
}

// ListOrganizationMemberships fetches one page of the user's organization
// memberships (GET /users/{user_id}/organization_memberships). Nil params
// fetch the API's default page.
func (s *UsersService) ListOrganizationMemberships(ctx context.Context, userID string, params *UserOrganizationMembershipListParams) (*OrganizationMembershipList, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	var q gen.UsersGetOrganizationMembershipsParams
	if params != nil {
		if err := checkLimitOffset(params.Limit, params.Offset); err != nil {
			return nil, err
		}
		q.Limit, q.Offset = optInt(params.Limit), optInt(params.Offset)
	}
	resp, err := s.client.api.UsersGetOrganizationMemberships(ctx, userID, &q)
	return decode[gen.OrganizationMemberships]("list user organization memberships", resp, err)
}

// ListOrganizationInvitations fetches one page of the user's invitations
// to organizations (GET /users/{user_id}/organization_invitations). Nil
// params fetch the API's default page, of any status.
func (s *UsersService) ListOrganizationInvitations(ctx context.Context, userID string, params *UserOrganizationInvitationListParams) (*OrganizationInvitationWithPublicOrganizationDataList, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	var q gen.UsersGetOrganizationInvitationsParams
	if params != nil {
		if err := checkLimitOffset(params.Limit, params.Offset); err != nil {
			return nil, err
		}
		q.Limit, q.Offset = optInt(params.Limit), optInt(params.Offset)
		if params.Status != "" {
			q.Status = Ptr(gen.UsersGetOrganizationInvitationsParamsStatus(params.Status))
		}
	}
	resp, err := s.client.api.UsersGetOrganizationInvitations(ctx, userID, &q)
	return decode[gen.OrganizationInvitationsWithPublicOrganizationData]("list user organization invitations", resp, err)
}

// ListTrustedDevices fetches the user's active trusted devices (GET
// /users/{user_id}/trusted_devices).
func (s *UsersService) ListTrustedDevices(ctx context.Context, userID string) (*TrustedDeviceList, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListUserTrustedDevices(ctx, userID)
	return decode[gen.TrustedDevices]("list user trusted devices", resp, err)
}

// RevokeTrustedDevice revokes one of the user's trusted devices and
// returns it (DELETE /users/{user_id}/trusted_devices/{trusted_device_id}).
func (s *UsersService) RevokeTrustedDevice(ctx context.Context, userID, deviceID string) (*TrustedDevice, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if err := requireID("deviceID", deviceID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.RevokeUserTrustedDevice(ctx, userID, deviceID)
	return decode[gen.TrustedDevice]("revoke user trusted device", resp, err)
}

// DeletePasskey deletes one of the user's passkeys (DELETE
// /users/{user_id}/passkeys/{passkey_identification_id}).
func (s *UsersService) DeletePasskey(ctx context.Context, userID, passkeyID string) (*DeletedObject, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if err := requireID("passkeyID", passkeyID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UserPasskeyDelete(ctx, userID, passkeyID)
	return decode[gen.DeletedObject]("delete user passkey", resp, err)
}

// DeleteWeb3Wallet deletes one of the user's web3 wallets (DELETE
// /users/{user_id}/web3_wallets/{web3_wallet_identification_id}).
func (s *UsersService) DeleteWeb3Wallet(ctx context.Context, userID, walletID string) (*DeletedObject, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if err := requireID("walletID", walletID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UserWeb3WalletDelete(ctx, userID, walletID)
	return decode[gen.DeletedObject]("delete user web3 wallet", resp, err)
}

// DeleteExternalAccount deletes one of the user's external (OAuth)
// accounts (DELETE /users/{user_id}/external_accounts/{external_account_id}).
func (s *UsersService) DeleteExternalAccount(ctx context.Context, userID, externalAccountID string) (*DeletedObject, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	if err := requireID("externalAccountID", externalAccountID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteExternalAccount(ctx, userID, externalAccountID)
	return decode[gen.DeletedObject]("delete user external account", resp, err)
}
