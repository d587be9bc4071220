package clerktest

// implementedMore lists the operations added to the fake after the first
// release (see store_more.go); implementedOperations joins it to
// implemented.
var implementedMore = []string{
	"ListJWTTemplates", "CreateJWTTemplate", "GetJWTTemplate", "UpdateJWTTemplate", "DeleteJWTTemplate",
	"CreateSignInToken", "RevokeSignInToken", "CreateActorToken", "RevokeActorToken",
	"CreateEmailAddress", "GetEmailAddress", "UpdateEmailAddress", "DeleteEmailAddress",
	"CreatePhoneNumber", "GetPhoneNumber", "UpdatePhoneNumber", "DeletePhoneNumber",
	"VerifyPassword", "VerifyTOTP", "DisableMFA", "DeleteBackupCode", "DeleteTOTP", "RemoveUserPassword",
	"GetOAuthAccessToken", "DeleteExternalAccount",
	"ListOrganizationRoles", "CreateOrganizationRole", "GetOrganizationRole", "UpdateOrganizationRole",
	"DeleteOrganizationRole", "AssignPermissionToOrganizationRole", "RemovePermissionFromOrganizationRole",
	"ListOrganizationPermissions", "CreateOrganizationPermission", "GetOrganizationPermission",
	"UpdateOrganizationPermission", "DeleteOrganizationPermission",
	"ListWaitlistEntries", "CreateWaitlistEntry", "CreateBulkWaitlistEntries", "DeleteWaitlistEntry",
	"InviteWaitlistEntry", "RejectWaitlistEntry",
	"SetUserProfileImage", "DeleteUserProfileImage", "UploadOrganizationLogo", "DeleteOrganizationLogo",
	"CreateTestingToken",
	"UserWeb3WalletDelete", "UserPasskeyDelete", "ListUserTrustedDevices", "RevokeUserTrustedDevice",
	"PrepareEmailAddressVerification", "AttemptEmailAddressVerification",
	"PreparePhoneNumberVerification", "AttemptPhoneNumberVerification",
	"ReplaceUserEmailAddress", "ReplaceUserPhoneNumber",
}
