package clerktest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// fidelityStep is one call of testdata/fidelity/backend.mjs.
type fidelityStep struct {
	Name  string          `json:"name"`
	OK    bool            `json:"ok"`
	Value json.RawMessage `json:"value"`
	Error string          `json:"error"`
}

// TestFidelityClerkBackend drives the fake with Clerk's own JavaScript
// client, @clerk/backend, through every facade a backend script uses that
// the fake implements (users, organizations, memberships, organization and
// application invitations, domains, allowlist, blocklist, sessions, tokens,
// JWT templates, sign-in tokens, email addresses, phone numbers, password
// verification, MFA, actor and testing tokens, custom roles and
// permissions, the waitlist, JWKS): every call must
// succeed and return what Clerk would. It skips when node or the package
// is missing, and fails then under CI=true.
func TestFidelityClerkBackend(t *testing.T) {
	t.Parallel()
	skip := t.Skipf
	if os.Getenv("CI") == "true" {
		skip = t.Fatalf
	}
	node, err := exec.LookPath("node")
	if err != nil {
		skip("node not found: install Node.js >= 20 to drive clerktest with @clerk/backend")
	}
	dir := filepath.Join("..", "testdata", "fidelity")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@clerk", "backend", "package.json")); err != nil {
		skip("@clerk/backend not installed: run `npm ci` in testdata/fidelity")
	}
	s := clerktest.NewServer(t)
	in, err := json.Marshal(map[string]string{"apiUrl": strings.TrimSuffix(s.URL, "/v1"), "secretKey": s.SecretKey})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "backend.mjs")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node backend.mjs: %v\n%s", err, stderr.String())
	}
	out = bytes.TrimSpace(out)
	var res struct{ Steps []fidelityStep }
	if err := json.Unmarshal(out[bytes.LastIndexByte(out, '\n')+1:], &res); err != nil {
		t.Fatalf("parse the output of backend.mjs: %v\n%s", err, out)
	}

	got := map[string]any{}
	for _, st := range res.Steps {
		if !st.OK {
			t.Errorf("%s failed: %s", st.Name, st.Error)
			continue
		}
		var v any
		if err := json.Unmarshal(st.Value, &v); err != nil {
			t.Fatalf("%s: %v", st.Name, err)
		}
		got[st.Name] = v
	}
	if d := cmp.Diff(fidelityWant(t), got); d != "" {
		t.Errorf("what @clerk/backend got (-Clerk's answer +the fake's):\n%s", d)
	}
}

// fidelityWant is what each call of backend.mjs returns against Clerk.
func fidelityWant(t *testing.T) map[string]any {
	t.Helper()
	var want map[string]any
	if err := json.Unmarshal([]byte(fidelityWantJSON), &want); err != nil {
		t.Fatal(err)
	}
	return want
}

const fidelityWantJSON = `{
 "users.createUser": {"email": "ada@example.com", "firstName": "Ada", "lastName": null, "publicMetadata": {"plan": "free"}, "banned": false, "locked": false},
 "users.createUser second": {"email": "bob@example.com", "firstName": null, "lastName": null, "publicMetadata": {}, "banned": false, "locked": false},
 "users.getUser": {"email": "ada@example.com", "firstName": "Ada", "lastName": null, "publicMetadata": {"plan": "free"}, "banned": false, "locked": false},
 "users.getUserList": {"emails": ["ada@example.com", "bob@example.com"], "totalCount": 2},
 "users.getCount": 2,
 "users.updateUser": {"email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace", "publicMetadata": {"plan": "free"}, "banned": false, "locked": false},
 "users.updateUserMetadata": {"email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace", "publicMetadata": {"plan": "free", "beta": true}, "banned": false, "locked": false},
 "users.replaceUserMetadata": {"email": "ada@example.com", "firstName": "Ada", "lastName": "Lovelace", "publicMetadata": {"plan": "pro"}, "banned": false, "locked": false},
 "users.getUserOauthAccessToken": {"data": [], "totalCount": 0},
 "users.updateUser password": true,
 "users.verifyPassword": true,
 "users.removePassword": false,
 "users.deleteUserTOTP": true,
 "users.deleteUserBackupCodes": true,
 "users.disableUserMFA": true,
 "users.banUser": {"email": "bob@example.com", "firstName": null, "lastName": null, "publicMetadata": {}, "banned": true, "locked": false},
 "users.unbanUser": {"email": "bob@example.com", "firstName": null, "lastName": null, "publicMetadata": {}, "banned": false, "locked": false},
 "users.lockUser": {"email": "bob@example.com", "firstName": null, "lastName": null, "publicMetadata": {}, "banned": false, "locked": true},
 "users.unlockUser": {"email": "bob@example.com", "firstName": null, "lastName": null, "publicMetadata": {}, "banned": false, "locked": false},
 "organizations.createOrganization": {"name": "Acme", "slug": "acme", "publicMetadata": {}},
 "organizations.getOrganization": {"name": "Acme", "slug": "acme", "publicMetadata": {}},
 "organizations.getOrganizationList": {"slugs": ["acme"], "totalCount": 1},
 "organizations.updateOrganization": {"name": "Acme Inc", "slug": "acme", "publicMetadata": {}},
 "organizations.updateOrganizationMetadata": {"name": "Acme Inc", "slug": "acme", "publicMetadata": {"tier": "gold"}},
 "organizations.createOrganizationMembership": {"role": "org:member", "userId": true},
 "organizations.getOrganizationMembershipList": {"roles": ["org:admin", "org:member"], "totalCount": 2},
 "organizations.updateOrganizationMembership": "org:admin",
 "organizations.updateOrganizationMembershipMetadata": {"team": "ops"},
 "users.getOrganizationMembershipList": {"orgs": ["acme"], "totalCount": 1},
 "organizations.getInstanceOrganizationMembershipList": 2,
 "organizations.deleteOrganizationMembership": "org:admin",
 "organizations.createOrganizationInvitation": {"email": "cy@example.com", "role": "org:member", "status": "pending"},
 "organizations.getOrganizationInvitation": "pending",
 "organizations.getOrganizationInvitationList": {"emails": ["cy@example.com"], "totalCount": 1},
 "organizations.createOrganizationInvitationBulk": ["di@example.com", "ed@example.com"],
 "organizations.revokeOrganizationInvitation": "revoked",
 "users.getOrganizationInvitationList": 0,
 "organizations.createOrganizationDomain": {"name": "acme.test", "enrollmentMode": "automatic_invitation"},
 "organizations.getOrganizationDomainList": ["acme.test"],
 "organizations.updateOrganizationDomain": "manual_invitation",
 "organizations.deleteOrganizationDomain": true,
 "sessions.createSession": "active",
 "sessions.getSessionList": {"ids": [true], "totalCount": 1},
 "sessions.getSession": true,
 "sessions.getToken": {"sub": true, "sid": true},
 "jwtTemplates.create": {"name": "hasura", "claims": {"role": "user"}, "lifetime": 120},
 "jwtTemplates.list": {"names": ["hasura"], "totalCount": 1},
 "jwtTemplates.get": "hasura",
 "sessions.getToken template": {"role": "user", "lifetime": 120},
 "jwtTemplates.update": {"role": "admin"},
 "jwtTemplates.delete": true,
 "jwks.getJwks": 1,
 "sessions.revokeSession": "revoked",
 "invitations.createInvitation": {"email": "fay@example.com", "status": "pending", "publicMetadata": {"plan": "pro"}},
 "invitations.createInvitationBulk": ["gus@example.com", "hal@example.com"],
 "invitations.getInvitationList": {"emails": ["fay@example.com", "gus@example.com", "hal@example.com"], "totalCount": 3},
 "invitations.revokeInvitation": "revoked",
 "allowlistIdentifiers.createAllowlistIdentifier": {"identifier": "*@example.org", "identifierType": "email_address"},
 "allowlistIdentifiers.getAllowlistIdentifierList": {"identifiers": ["*@example.org"], "totalCount": 1},
 "allowlistIdentifiers.deleteAllowlistIdentifier": true,
 "blocklistIdentifiers.createBlocklistIdentifier": {"identifier": "*@example.org", "identifierType": "email_address"},
 "blocklistIdentifiers.getBlocklistIdentifierList": {"identifiers": ["*@example.org"], "totalCount": 1},
 "blocklistIdentifiers.deleteBlocklistIdentifier": true,
 "emailAddresses.createEmailAddress": {"email": "ada@work.example.com", "verification": null},
 "emailAddresses.getEmailAddress": "ada@work.example.com",
 "emailAddresses.updateEmailAddress": "verified",
 "users.getUser primary": "ada@work.example.com",
 "emailAddresses.deleteEmailAddress": true,
 "phoneNumbers.createPhoneNumber": {"phone": "+15555550100", "status": "verified"},
 "phoneNumbers.getPhoneNumber": "+15555550100",
 "phoneNumbers.updatePhoneNumber": true,
 "phoneNumbers.deletePhoneNumber": true,
 "signInTokens.createSignInToken": {"status": "pending", "user": true, "url": true},
 "signInTokens.revokeSignInToken": "revoked",
 "actorTokens.create": {"status": "pending", "actor": true, "user": true},
 "actorTokens.revoke": "revoked",
 "organizationPermissions.createOrganizationPermission": {"key": "org:invoices:read", "name": "Read invoices"},
 "organizationRoles.createOrganizationRole": {"key": "org:billing", "permissions": ["org:invoices:read"]},
 "organizationRoles.getOrganizationRoleList": {"keys": ["org:billing"], "totalCount": 1},
 "organizationRoles.removePermissionFromOrganizationRole": 0,
 "organizationRoles.assignPermissionToOrganizationRole": ["org:invoices:read"],
 "organizationRoles.deleteOrganizationRole": true,
 "organizationPermissions.deleteOrganizationPermission": true,
 "waitlistEntries.create": {"email": "ivy@example.com", "status": "pending"},
 "waitlistEntries.list": {"emails": ["ivy@example.com"], "totalCount": 1},
 "waitlistEntries.invite": "invited",
 "testingTokens.createTestingToken": {"token": true, "lifetime": 3600},
 "organizations.deleteOrganization": true,
 "users.deleteUser": true
}`
