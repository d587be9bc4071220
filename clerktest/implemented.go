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
}

func implementedOperations() []string {
	out := slices.Clone(implemented)
	slices.Sort(out)
	return out
}
