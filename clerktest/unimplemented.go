package clerktest

import (
	"context"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
)

// unimplemented answers every operation of the spec with a 501
// clerktest_not_implemented error. The api type embeds it and overrides the
// operations the fake implements, so an operation nobody wrote a handler for
// is refused loudly instead of answered with an empty 200.
//
// The method list mirrors bapiserver.StrictServerInterface; the compiler
// checks it (var _ below), and TestEveryOperationIsRouted checks the routing.
type unimplemented struct{}

var _ bapiserver.StrictServerInterface = unimplemented{}

func (unimplemented) CreateActorToken(context.Context, bapiserver.CreateActorTokenRequestObject) (bapiserver.CreateActorTokenResponseObject, error) {
	return nil, errNotImplemented("CreateActorToken")
}

func (unimplemented) RevokeActorToken(context.Context, bapiserver.RevokeActorTokenRequestObject) (bapiserver.RevokeActorTokenResponseObject, error) {
	return nil, errNotImplemented("RevokeActorToken")
}

func (unimplemented) ListAllowlistIdentifiers(context.Context, bapiserver.ListAllowlistIdentifiersRequestObject) (bapiserver.ListAllowlistIdentifiersResponseObject, error) {
	return nil, errNotImplemented("ListAllowlistIdentifiers")
}

func (unimplemented) CreateAllowlistIdentifier(context.Context, bapiserver.CreateAllowlistIdentifierRequestObject) (bapiserver.CreateAllowlistIdentifierResponseObject, error) {
	return nil, errNotImplemented("CreateAllowlistIdentifier")
}

func (unimplemented) DeleteAllowlistIdentifier(context.Context, bapiserver.DeleteAllowlistIdentifierRequestObject) (bapiserver.DeleteAllowlistIdentifierResponseObject, error) {
	return nil, errNotImplemented("DeleteAllowlistIdentifier")
}

func (unimplemented) ListBlocklistIdentifiers(context.Context, bapiserver.ListBlocklistIdentifiersRequestObject) (bapiserver.ListBlocklistIdentifiersResponseObject, error) {
	return nil, errNotImplemented("ListBlocklistIdentifiers")
}

func (unimplemented) CreateBlocklistIdentifier(context.Context, bapiserver.CreateBlocklistIdentifierRequestObject) (bapiserver.CreateBlocklistIdentifierResponseObject, error) {
	return nil, errNotImplemented("CreateBlocklistIdentifier")
}

func (unimplemented) DeleteBlocklistIdentifier(context.Context, bapiserver.DeleteBlocklistIdentifierRequestObject) (bapiserver.DeleteBlocklistIdentifierResponseObject, error) {
	return nil, errNotImplemented("DeleteBlocklistIdentifier")
}

func (unimplemented) GetClientList(context.Context, bapiserver.GetClientListRequestObject) (bapiserver.GetClientListResponseObject, error) {
	return nil, errNotImplemented("GetClientList")
}

func (unimplemented) VerifyClient(context.Context, bapiserver.VerifyClientRequestObject) (bapiserver.VerifyClientResponseObject, error) {
	return nil, errNotImplemented("VerifyClient")
}

func (unimplemented) GetClient(context.Context, bapiserver.GetClientRequestObject) (bapiserver.GetClientResponseObject, error) {
	return nil, errNotImplemented("GetClient")
}

func (unimplemented) CreateEmailAddress(context.Context, bapiserver.CreateEmailAddressRequestObject) (bapiserver.CreateEmailAddressResponseObject, error) {
	return nil, errNotImplemented("CreateEmailAddress")
}

func (unimplemented) DeleteEmailAddress(context.Context, bapiserver.DeleteEmailAddressRequestObject) (bapiserver.DeleteEmailAddressResponseObject, error) {
	return nil, errNotImplemented("DeleteEmailAddress")
}

func (unimplemented) GetEmailAddress(context.Context, bapiserver.GetEmailAddressRequestObject) (bapiserver.GetEmailAddressResponseObject, error) {
	return nil, errNotImplemented("GetEmailAddress")
}

func (unimplemented) UpdateEmailAddress(context.Context, bapiserver.UpdateEmailAddressRequestObject) (bapiserver.UpdateEmailAddressResponseObject, error) {
	return nil, errNotImplemented("UpdateEmailAddress")
}

func (unimplemented) AttemptEmailAddressVerification(context.Context, bapiserver.AttemptEmailAddressVerificationRequestObject) (bapiserver.AttemptEmailAddressVerificationResponseObject, error) {
	return nil, errNotImplemented("AttemptEmailAddressVerification")
}

func (unimplemented) PrepareEmailAddressVerification(context.Context, bapiserver.PrepareEmailAddressVerificationRequestObject) (bapiserver.PrepareEmailAddressVerificationResponseObject, error) {
	return nil, errNotImplemented("PrepareEmailAddressVerification")
}

func (unimplemented) ListInvitations(context.Context, bapiserver.ListInvitationsRequestObject) (bapiserver.ListInvitationsResponseObject, error) {
	return nil, errNotImplemented("ListInvitations")
}

func (unimplemented) CreateInvitation(context.Context, bapiserver.CreateInvitationRequestObject) (bapiserver.CreateInvitationResponseObject, error) {
	return nil, errNotImplemented("CreateInvitation")
}

func (unimplemented) CreateBulkInvitations(context.Context, bapiserver.CreateBulkInvitationsRequestObject) (bapiserver.CreateBulkInvitationsResponseObject, error) {
	return nil, errNotImplemented("CreateBulkInvitations")
}

func (unimplemented) RevokeInvitation(context.Context, bapiserver.RevokeInvitationRequestObject) (bapiserver.RevokeInvitationResponseObject, error) {
	return nil, errNotImplemented("RevokeInvitation")
}

func (unimplemented) GetJWKS(context.Context, bapiserver.GetJWKSRequestObject) (bapiserver.GetJWKSResponseObject, error) {
	return nil, errNotImplemented("GetJWKS")
}

func (unimplemented) ListJWTTemplates(context.Context, bapiserver.ListJWTTemplatesRequestObject) (bapiserver.ListJWTTemplatesResponseObject, error) {
	return nil, errNotImplemented("ListJWTTemplates")
}

func (unimplemented) CreateJWTTemplate(context.Context, bapiserver.CreateJWTTemplateRequestObject) (bapiserver.CreateJWTTemplateResponseObject, error) {
	return nil, errNotImplemented("CreateJWTTemplate")
}

func (unimplemented) DeleteJWTTemplate(context.Context, bapiserver.DeleteJWTTemplateRequestObject) (bapiserver.DeleteJWTTemplateResponseObject, error) {
	return nil, errNotImplemented("DeleteJWTTemplate")
}

func (unimplemented) GetJWTTemplate(context.Context, bapiserver.GetJWTTemplateRequestObject) (bapiserver.GetJWTTemplateResponseObject, error) {
	return nil, errNotImplemented("GetJWTTemplate")
}

func (unimplemented) UpdateJWTTemplate(context.Context, bapiserver.UpdateJWTTemplateRequestObject) (bapiserver.UpdateJWTTemplateResponseObject, error) {
	return nil, errNotImplemented("UpdateJWTTemplate")
}

func (unimplemented) ListAllOrganizationDomains(context.Context, bapiserver.ListAllOrganizationDomainsRequestObject) (bapiserver.ListAllOrganizationDomainsResponseObject, error) {
	return nil, errNotImplemented("ListAllOrganizationDomains")
}

func (unimplemented) ListInstanceOrganizationInvitations(context.Context, bapiserver.ListInstanceOrganizationInvitationsRequestObject) (bapiserver.ListInstanceOrganizationInvitationsResponseObject, error) {
	return nil, errNotImplemented("ListInstanceOrganizationInvitations")
}

func (unimplemented) InstanceGetOrganizationMemberships(context.Context, bapiserver.InstanceGetOrganizationMembershipsRequestObject) (bapiserver.InstanceGetOrganizationMembershipsResponseObject, error) {
	return nil, errNotImplemented("InstanceGetOrganizationMemberships")
}

func (unimplemented) ListOrganizations(context.Context, bapiserver.ListOrganizationsRequestObject) (bapiserver.ListOrganizationsResponseObject, error) {
	return nil, errNotImplemented("ListOrganizations")
}

func (unimplemented) CreateOrganization(context.Context, bapiserver.CreateOrganizationRequestObject) (bapiserver.CreateOrganizationResponseObject, error) {
	return nil, errNotImplemented("CreateOrganization")
}

func (unimplemented) DeleteOrganization(context.Context, bapiserver.DeleteOrganizationRequestObject) (bapiserver.DeleteOrganizationResponseObject, error) {
	return nil, errNotImplemented("DeleteOrganization")
}

func (unimplemented) GetOrganization(context.Context, bapiserver.GetOrganizationRequestObject) (bapiserver.GetOrganizationResponseObject, error) {
	return nil, errNotImplemented("GetOrganization")
}

func (unimplemented) UpdateOrganization(context.Context, bapiserver.UpdateOrganizationRequestObject) (bapiserver.UpdateOrganizationResponseObject, error) {
	return nil, errNotImplemented("UpdateOrganization")
}

func (unimplemented) GetOrganizationBillingCreditBalance(context.Context, bapiserver.GetOrganizationBillingCreditBalanceRequestObject) (bapiserver.GetOrganizationBillingCreditBalanceResponseObject, error) {
	return nil, errNotImplemented("GetOrganizationBillingCreditBalance")
}

func (unimplemented) AdjustOrganizationBillingCreditBalance(context.Context, bapiserver.AdjustOrganizationBillingCreditBalanceRequestObject) (bapiserver.AdjustOrganizationBillingCreditBalanceResponseObject, error) {
	return nil, errNotImplemented("AdjustOrganizationBillingCreditBalance")
}

func (unimplemented) GetOrganizationBillingSubscription(context.Context, bapiserver.GetOrganizationBillingSubscriptionRequestObject) (bapiserver.GetOrganizationBillingSubscriptionResponseObject, error) {
	return nil, errNotImplemented("GetOrganizationBillingSubscription")
}

func (unimplemented) ListOrganizationDomains(context.Context, bapiserver.ListOrganizationDomainsRequestObject) (bapiserver.ListOrganizationDomainsResponseObject, error) {
	return nil, errNotImplemented("ListOrganizationDomains")
}

func (unimplemented) CreateOrganizationDomain(context.Context, bapiserver.CreateOrganizationDomainRequestObject) (bapiserver.CreateOrganizationDomainResponseObject, error) {
	return nil, errNotImplemented("CreateOrganizationDomain")
}

func (unimplemented) DeleteOrganizationDomain(context.Context, bapiserver.DeleteOrganizationDomainRequestObject) (bapiserver.DeleteOrganizationDomainResponseObject, error) {
	return nil, errNotImplemented("DeleteOrganizationDomain")
}

func (unimplemented) UpdateOrganizationDomain(context.Context, bapiserver.UpdateOrganizationDomainRequestObject) (bapiserver.UpdateOrganizationDomainResponseObject, error) {
	return nil, errNotImplemented("UpdateOrganizationDomain")
}

func (unimplemented) VerifyOrganizationDomainOwnership(context.Context, bapiserver.VerifyOrganizationDomainOwnershipRequestObject) (bapiserver.VerifyOrganizationDomainOwnershipResponseObject, error) {
	return nil, errNotImplemented("VerifyOrganizationDomainOwnership")
}

func (unimplemented) ListOrganizationInvitations(context.Context, bapiserver.ListOrganizationInvitationsRequestObject) (bapiserver.ListOrganizationInvitationsResponseObject, error) {
	return nil, errNotImplemented("ListOrganizationInvitations")
}

func (unimplemented) CreateOrganizationInvitation(context.Context, bapiserver.CreateOrganizationInvitationRequestObject) (bapiserver.CreateOrganizationInvitationResponseObject, error) {
	return nil, errNotImplemented("CreateOrganizationInvitation")
}

func (unimplemented) CreateOrganizationInvitationBulk(context.Context, bapiserver.CreateOrganizationInvitationBulkRequestObject) (bapiserver.CreateOrganizationInvitationBulkResponseObject, error) {
	return nil, errNotImplemented("CreateOrganizationInvitationBulk")
}

func (unimplemented) ListPendingOrganizationInvitations(context.Context, bapiserver.ListPendingOrganizationInvitationsRequestObject) (bapiserver.ListPendingOrganizationInvitationsResponseObject, error) {
	return nil, errNotImplemented("ListPendingOrganizationInvitations")
}

func (unimplemented) GetOrganizationInvitation(context.Context, bapiserver.GetOrganizationInvitationRequestObject) (bapiserver.GetOrganizationInvitationResponseObject, error) {
	return nil, errNotImplemented("GetOrganizationInvitation")
}

func (unimplemented) RevokeOrganizationInvitation(context.Context, bapiserver.RevokeOrganizationInvitationRequestObject) (bapiserver.RevokeOrganizationInvitationResponseObject, error) {
	return nil, errNotImplemented("RevokeOrganizationInvitation")
}

func (unimplemented) DeleteOrganizationLogo(context.Context, bapiserver.DeleteOrganizationLogoRequestObject) (bapiserver.DeleteOrganizationLogoResponseObject, error) {
	return nil, errNotImplemented("DeleteOrganizationLogo")
}

func (unimplemented) UploadOrganizationLogo(context.Context, bapiserver.UploadOrganizationLogoRequestObject) (bapiserver.UploadOrganizationLogoResponseObject, error) {
	return nil, errNotImplemented("UploadOrganizationLogo")
}

func (unimplemented) ListOrganizationMemberships(context.Context, bapiserver.ListOrganizationMembershipsRequestObject) (bapiserver.ListOrganizationMembershipsResponseObject, error) {
	return nil, errNotImplemented("ListOrganizationMemberships")
}

func (unimplemented) CreateOrganizationMembership(context.Context, bapiserver.CreateOrganizationMembershipRequestObject) (bapiserver.CreateOrganizationMembershipResponseObject, error) {
	return nil, errNotImplemented("CreateOrganizationMembership")
}

func (unimplemented) DeleteOrganizationMembership(context.Context, bapiserver.DeleteOrganizationMembershipRequestObject) (bapiserver.DeleteOrganizationMembershipResponseObject, error) {
	return nil, errNotImplemented("DeleteOrganizationMembership")
}

func (unimplemented) UpdateOrganizationMembership(context.Context, bapiserver.UpdateOrganizationMembershipRequestObject) (bapiserver.UpdateOrganizationMembershipResponseObject, error) {
	return nil, errNotImplemented("UpdateOrganizationMembership")
}

func (unimplemented) UpdateOrganizationMembershipMetadata(context.Context, bapiserver.UpdateOrganizationMembershipMetadataRequestObject) (bapiserver.UpdateOrganizationMembershipMetadataResponseObject, error) {
	return nil, errNotImplemented("UpdateOrganizationMembershipMetadata")
}

func (unimplemented) MergeOrganizationMetadata(context.Context, bapiserver.MergeOrganizationMetadataRequestObject) (bapiserver.MergeOrganizationMetadataResponseObject, error) {
	return nil, errNotImplemented("MergeOrganizationMetadata")
}

func (unimplemented) ReplaceOrganizationMetadata(context.Context, bapiserver.ReplaceOrganizationMetadataRequestObject) (bapiserver.ReplaceOrganizationMetadataResponseObject, error) {
	return nil, errNotImplemented("ReplaceOrganizationMetadata")
}

func (unimplemented) CreatePhoneNumber(context.Context, bapiserver.CreatePhoneNumberRequestObject) (bapiserver.CreatePhoneNumberResponseObject, error) {
	return nil, errNotImplemented("CreatePhoneNumber")
}

func (unimplemented) DeletePhoneNumber(context.Context, bapiserver.DeletePhoneNumberRequestObject) (bapiserver.DeletePhoneNumberResponseObject, error) {
	return nil, errNotImplemented("DeletePhoneNumber")
}

func (unimplemented) GetPhoneNumber(context.Context, bapiserver.GetPhoneNumberRequestObject) (bapiserver.GetPhoneNumberResponseObject, error) {
	return nil, errNotImplemented("GetPhoneNumber")
}

func (unimplemented) UpdatePhoneNumber(context.Context, bapiserver.UpdatePhoneNumberRequestObject) (bapiserver.UpdatePhoneNumberResponseObject, error) {
	return nil, errNotImplemented("UpdatePhoneNumber")
}

func (unimplemented) AttemptPhoneNumberVerification(context.Context, bapiserver.AttemptPhoneNumberVerificationRequestObject) (bapiserver.AttemptPhoneNumberVerificationResponseObject, error) {
	return nil, errNotImplemented("AttemptPhoneNumberVerification")
}

func (unimplemented) PreparePhoneNumberVerification(context.Context, bapiserver.PreparePhoneNumberVerificationRequestObject) (bapiserver.PreparePhoneNumberVerificationResponseObject, error) {
	return nil, errNotImplemented("PreparePhoneNumberVerification")
}

func (unimplemented) GetPublicInterstitial(context.Context, bapiserver.GetPublicInterstitialRequestObject) (bapiserver.GetPublicInterstitialResponseObject, error) {
	return nil, errNotImplemented("GetPublicInterstitial")
}

func (unimplemented) GetSessionList(context.Context, bapiserver.GetSessionListRequestObject) (bapiserver.GetSessionListResponseObject, error) {
	return nil, errNotImplemented("GetSessionList")
}

func (unimplemented) CreateSession(context.Context, bapiserver.CreateSessionRequestObject) (bapiserver.CreateSessionResponseObject, error) {
	return nil, errNotImplemented("CreateSession")
}

func (unimplemented) GetSession(context.Context, bapiserver.GetSessionRequestObject) (bapiserver.GetSessionResponseObject, error) {
	return nil, errNotImplemented("GetSession")
}

func (unimplemented) RefreshSession(context.Context, bapiserver.RefreshSessionRequestObject) (bapiserver.RefreshSessionResponseObject, error) {
	return nil, errNotImplemented("RefreshSession")
}

func (unimplemented) RevokeSession(context.Context, bapiserver.RevokeSessionRequestObject) (bapiserver.RevokeSessionResponseObject, error) {
	return nil, errNotImplemented("RevokeSession")
}

func (unimplemented) CreateSessionToken(context.Context, bapiserver.CreateSessionTokenRequestObject) (bapiserver.CreateSessionTokenResponseObject, error) {
	return nil, errNotImplemented("CreateSessionToken")
}

func (unimplemented) CreateSessionTokenFromTemplate(context.Context, bapiserver.CreateSessionTokenFromTemplateRequestObject) (bapiserver.CreateSessionTokenFromTemplateResponseObject, error) {
	return nil, errNotImplemented("CreateSessionTokenFromTemplate")
}

func (unimplemented) CreateSignInToken(context.Context, bapiserver.CreateSignInTokenRequestObject) (bapiserver.CreateSignInTokenResponseObject, error) {
	return nil, errNotImplemented("CreateSignInToken")
}

func (unimplemented) RevokeSignInToken(context.Context, bapiserver.RevokeSignInTokenRequestObject) (bapiserver.RevokeSignInTokenResponseObject, error) {
	return nil, errNotImplemented("RevokeSignInToken")
}

func (unimplemented) GetUserList(context.Context, bapiserver.GetUserListRequestObject) (bapiserver.GetUserListResponseObject, error) {
	return nil, errNotImplemented("GetUserList")
}

func (unimplemented) CreateUser(context.Context, bapiserver.CreateUserRequestObject) (bapiserver.CreateUserResponseObject, error) {
	return nil, errNotImplemented("CreateUser")
}

func (unimplemented) UsersBan(context.Context, bapiserver.UsersBanRequestObject) (bapiserver.UsersBanResponseObject, error) {
	return nil, errNotImplemented("UsersBan")
}

func (unimplemented) GetUsersCount(context.Context, bapiserver.GetUsersCountRequestObject) (bapiserver.GetUsersCountResponseObject, error) {
	return nil, errNotImplemented("GetUsersCount")
}

func (unimplemented) UsersUnban(context.Context, bapiserver.UsersUnbanRequestObject) (bapiserver.UsersUnbanResponseObject, error) {
	return nil, errNotImplemented("UsersUnban")
}

func (unimplemented) DeleteUser(context.Context, bapiserver.DeleteUserRequestObject) (bapiserver.DeleteUserResponseObject, error) {
	return nil, errNotImplemented("DeleteUser")
}

func (unimplemented) GetUser(context.Context, bapiserver.GetUserRequestObject) (bapiserver.GetUserResponseObject, error) {
	return nil, errNotImplemented("GetUser")
}

func (unimplemented) UpdateUser(context.Context, bapiserver.UpdateUserRequestObject) (bapiserver.UpdateUserResponseObject, error) {
	return nil, errNotImplemented("UpdateUser")
}

func (unimplemented) DeleteBackupCode(context.Context, bapiserver.DeleteBackupCodeRequestObject) (bapiserver.DeleteBackupCodeResponseObject, error) {
	return nil, errNotImplemented("DeleteBackupCode")
}

func (unimplemented) BanUser(context.Context, bapiserver.BanUserRequestObject) (bapiserver.BanUserResponseObject, error) {
	return nil, errNotImplemented("BanUser")
}

func (unimplemented) GetUserBillingCreditBalance(context.Context, bapiserver.GetUserBillingCreditBalanceRequestObject) (bapiserver.GetUserBillingCreditBalanceResponseObject, error) {
	return nil, errNotImplemented("GetUserBillingCreditBalance")
}

func (unimplemented) AdjustUserBillingCreditBalance(context.Context, bapiserver.AdjustUserBillingCreditBalanceRequestObject) (bapiserver.AdjustUserBillingCreditBalanceResponseObject, error) {
	return nil, errNotImplemented("AdjustUserBillingCreditBalance")
}

func (unimplemented) GetUserBillingSubscription(context.Context, bapiserver.GetUserBillingSubscriptionRequestObject) (bapiserver.GetUserBillingSubscriptionResponseObject, error) {
	return nil, errNotImplemented("GetUserBillingSubscription")
}

func (unimplemented) ReplaceUserEmailAddress(context.Context, bapiserver.ReplaceUserEmailAddressRequestObject) (bapiserver.ReplaceUserEmailAddressResponseObject, error) {
	return nil, errNotImplemented("ReplaceUserEmailAddress")
}

func (unimplemented) DeleteExternalAccount(context.Context, bapiserver.DeleteExternalAccountRequestObject) (bapiserver.DeleteExternalAccountResponseObject, error) {
	return nil, errNotImplemented("DeleteExternalAccount")
}

func (unimplemented) LockUser(context.Context, bapiserver.LockUserRequestObject) (bapiserver.LockUserResponseObject, error) {
	return nil, errNotImplemented("LockUser")
}

func (unimplemented) UpdateUserMetadata(context.Context, bapiserver.UpdateUserMetadataRequestObject) (bapiserver.UpdateUserMetadataResponseObject, error) {
	return nil, errNotImplemented("UpdateUserMetadata")
}

func (unimplemented) ReplaceUserMetadata(context.Context, bapiserver.ReplaceUserMetadataRequestObject) (bapiserver.ReplaceUserMetadataResponseObject, error) {
	return nil, errNotImplemented("ReplaceUserMetadata")
}

func (unimplemented) DisableMFA(context.Context, bapiserver.DisableMFARequestObject) (bapiserver.DisableMFAResponseObject, error) {
	return nil, errNotImplemented("DisableMFA")
}

func (unimplemented) GetOAuthAccessToken(context.Context, bapiserver.GetOAuthAccessTokenRequestObject) (bapiserver.GetOAuthAccessTokenResponseObject, error) {
	return nil, errNotImplemented("GetOAuthAccessToken")
}

func (unimplemented) UsersGetOrganizationInvitations(context.Context, bapiserver.UsersGetOrganizationInvitationsRequestObject) (bapiserver.UsersGetOrganizationInvitationsResponseObject, error) {
	return nil, errNotImplemented("UsersGetOrganizationInvitations")
}

func (unimplemented) UsersGetOrganizationMemberships(context.Context, bapiserver.UsersGetOrganizationMembershipsRequestObject) (bapiserver.UsersGetOrganizationMembershipsResponseObject, error) {
	return nil, errNotImplemented("UsersGetOrganizationMemberships")
}

func (unimplemented) UserPasskeyDelete(context.Context, bapiserver.UserPasskeyDeleteRequestObject) (bapiserver.UserPasskeyDeleteResponseObject, error) {
	return nil, errNotImplemented("UserPasskeyDelete")
}

func (unimplemented) SetUserPasswordCompromised(context.Context, bapiserver.SetUserPasswordCompromisedRequestObject) (bapiserver.SetUserPasswordCompromisedResponseObject, error) {
	return nil, errNotImplemented("SetUserPasswordCompromised")
}

func (unimplemented) UnsetUserPasswordCompromised(context.Context, bapiserver.UnsetUserPasswordCompromisedRequestObject) (bapiserver.UnsetUserPasswordCompromisedResponseObject, error) {
	return nil, errNotImplemented("UnsetUserPasswordCompromised")
}

func (unimplemented) ReplaceUserPhoneNumber(context.Context, bapiserver.ReplaceUserPhoneNumberRequestObject) (bapiserver.ReplaceUserPhoneNumberResponseObject, error) {
	return nil, errNotImplemented("ReplaceUserPhoneNumber")
}

func (unimplemented) DeleteUserProfileImage(context.Context, bapiserver.DeleteUserProfileImageRequestObject) (bapiserver.DeleteUserProfileImageResponseObject, error) {
	return nil, errNotImplemented("DeleteUserProfileImage")
}

func (unimplemented) SetUserProfileImage(context.Context, bapiserver.SetUserProfileImageRequestObject) (bapiserver.SetUserProfileImageResponseObject, error) {
	return nil, errNotImplemented("SetUserProfileImage")
}

func (unimplemented) RemoveUserPassword(context.Context, bapiserver.RemoveUserPasswordRequestObject) (bapiserver.RemoveUserPasswordResponseObject, error) {
	return nil, errNotImplemented("RemoveUserPassword")
}

func (unimplemented) DeleteTOTP(context.Context, bapiserver.DeleteTOTPRequestObject) (bapiserver.DeleteTOTPResponseObject, error) {
	return nil, errNotImplemented("DeleteTOTP")
}

func (unimplemented) ListUserTrustedDevices(context.Context, bapiserver.ListUserTrustedDevicesRequestObject) (bapiserver.ListUserTrustedDevicesResponseObject, error) {
	return nil, errNotImplemented("ListUserTrustedDevices")
}

func (unimplemented) RevokeUserTrustedDevice(context.Context, bapiserver.RevokeUserTrustedDeviceRequestObject) (bapiserver.RevokeUserTrustedDeviceResponseObject, error) {
	return nil, errNotImplemented("RevokeUserTrustedDevice")
}

func (unimplemented) UnbanUser(context.Context, bapiserver.UnbanUserRequestObject) (bapiserver.UnbanUserResponseObject, error) {
	return nil, errNotImplemented("UnbanUser")
}

func (unimplemented) UnlockUser(context.Context, bapiserver.UnlockUserRequestObject) (bapiserver.UnlockUserResponseObject, error) {
	return nil, errNotImplemented("UnlockUser")
}

func (unimplemented) VerifyPassword(context.Context, bapiserver.VerifyPasswordRequestObject) (bapiserver.VerifyPasswordResponseObject, error) {
	return nil, errNotImplemented("VerifyPassword")
}

func (unimplemented) VerifyTOTP(context.Context, bapiserver.VerifyTOTPRequestObject) (bapiserver.VerifyTOTPResponseObject, error) {
	return nil, errNotImplemented("VerifyTOTP")
}

func (unimplemented) UserWeb3WalletDelete(context.Context, bapiserver.UserWeb3WalletDeleteRequestObject) (bapiserver.UserWeb3WalletDeleteResponseObject, error) {
	return nil, errNotImplemented("UserWeb3WalletDelete")
}

func (unimplemented) DeleteSvixApp(context.Context, bapiserver.DeleteSvixAppRequestObject) (bapiserver.DeleteSvixAppResponseObject, error) {
	return nil, errNotImplemented("DeleteSvixApp")
}

func (unimplemented) CreateSvixApp(context.Context, bapiserver.CreateSvixAppRequestObject) (bapiserver.CreateSvixAppResponseObject, error) {
	return nil, errNotImplemented("CreateSvixApp")
}

func (unimplemented) GenerateSvixAuthURL(context.Context, bapiserver.GenerateSvixAuthURLRequestObject) (bapiserver.GenerateSvixAuthURLResponseObject, error) {
	return nil, errNotImplemented("GenerateSvixAuthURL")
}
