package clerktest

import "slices"

// implemented lists the operations the fake implements, sorted; every other
// operation of the spec answers 501 clerktest_not_implemented.
// TestImplementedOperations keeps this list honest.
var implemented = []string{
	"BanUser", "CreateSession", "CreateSessionToken", "CreateSessionTokenFromTemplate", "CreateUser",
	"DeleteUser", "GetClient", "GetClientList", "GetJWKS", "GetSession", "GetSessionList", "GetUser",
	"GetUserList", "GetUsersCount", "LockUser", "RefreshSession", "ReplaceUserMetadata", "RevokeSession",
	"UnbanUser", "UnlockUser", "UpdateUser", "UpdateUserMetadata", "UsersBan", "UsersUnban", "VerifyClient",
	// Organizations, memberships, invitations, domains.
	"CreateOrganization", "GetOrganization", "ListOrganizations", "UpdateOrganization", "DeleteOrganization",
	"MergeOrganizationMetadata", "ReplaceOrganizationMetadata",
	"CreateOrganizationMembership", "UpdateOrganizationMembership", "UpdateOrganizationMembershipMetadata",
	"DeleteOrganizationMembership", "ListOrganizationMemberships", "InstanceGetOrganizationMemberships",
	"UsersGetOrganizationMemberships",
	"CreateOrganizationInvitation", "CreateOrganizationInvitationBulk", "GetOrganizationInvitation",
	"RevokeOrganizationInvitation", "ListOrganizationInvitations", "ListPendingOrganizationInvitations",
	"ListInstanceOrganizationInvitations", "UsersGetOrganizationInvitations",
	"CreateOrganizationDomain", "UpdateOrganizationDomain", "DeleteOrganizationDomain",
	"VerifyOrganizationDomainOwnership", "ListOrganizationDomains", "ListAllOrganizationDomains",
	// Machine tokens: API keys, M2M tokens, OAuth access tokens.
	"CreateAPIKey", "VerifyAPIKey", "RevokeAPIKey", "CreateM2MToken", "VerifyM2MToken", "RevokeM2MToken",
	"VerifyOAuthAccessToken",
	// Instance invitations, allowlist, blocklist.
	"CreateInvitation", "CreateBulkInvitations", "ListInvitations", "RevokeInvitation",
	"ListAllowlistIdentifiers", "CreateAllowlistIdentifier", "DeleteAllowlistIdentifier",
	"ListBlocklistIdentifiers", "CreateBlocklistIdentifier", "DeleteBlocklistIdentifier",
}

func implementedOperations() []string {
	out := slices.Concat(implemented, implementedMore)
	slices.Sort(out)
	return out
}
