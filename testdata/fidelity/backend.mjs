// Drives clerktest, the fake Clerk, with @clerk/backend through the calls a
// typical backend script makes (clerktest/fidelity_node_test.go runs it).
// Input on stdin: {"apiUrl": "...", "secretKey": "..."}. Output, the last
// line: {"steps": [{"name", "ok", "value" | "error"}]}, one per call in
// order; value is a small summary of what the call returned.
import { createClerkClient, verifyToken } from '@clerk/backend';

const input = JSON.parse(await new Promise((resolve) => {
  let s = '';
  process.stdin.on('data', (d) => { s += d; });
  process.stdin.on('end', () => resolve(s));
}));
const clerk = createClerkClient({ secretKey: input.secretKey, apiUrl: input.apiUrl });
const steps = [];

async function step(name, fn) {
  try {
    const value = await fn();
    steps.push({ name, ok: true, value: value === undefined ? null : value });
    return value;
  } catch (e) {
    const errors = (e.errors || []).map((x) => x.code);
    steps.push({ name, ok: false, error: `${e.status || ''} ${errors.join(',')} ${e.message}`.trim() });
    return undefined;
  }
}

const ids = {};
const user = (u) => ({
  email: u.primaryEmailAddress?.emailAddress ?? null, firstName: u.firstName, lastName: u.lastName,
  publicMetadata: u.publicMetadata, banned: u.banned, locked: u.locked,
});
const org = (o) => ({ name: o.name, slug: o.slug, publicMetadata: o.publicMetadata });

// Users.
await step('users.createUser', async () => {
  const u = await clerk.users.createUser({ emailAddress: ['ada@example.com'], firstName: 'Ada', publicMetadata: { plan: 'free' } });
  ids.ada = u.id;
  return user(u);
});
await step('users.createUser second', async () => {
  const u = await clerk.users.createUser({ emailAddress: ['bob@example.com'], username: 'bobby' });
  ids.bob = u.id;
  return user(u);
});
await step('users.getUser', async () => user(await clerk.users.getUser(ids.ada)));
await step('users.getUserList', async () => {
  const r = await clerk.users.getUserList({ orderBy: '+created_at', limit: 10 });
  return { emails: r.data.map((u) => u.primaryEmailAddress?.emailAddress), totalCount: r.totalCount };
});
await step('users.getCount', async () => clerk.users.getCount());
await step('users.updateUser', async () => user(await clerk.users.updateUser(ids.ada, { lastName: 'Lovelace' })));
await step('users.updateUserMetadata', async () => user(await clerk.users.updateUserMetadata(ids.ada, { publicMetadata: { beta: true } })));
await step('users.replaceUserMetadata', async () => user(await clerk.users.replaceUserMetadata(ids.ada, { publicMetadata: { plan: 'pro' } })));
await step('users.getUserOauthAccessToken', async () => {
  const r = await clerk.users.getUserOauthAccessToken(ids.ada, 'google');
  return { data: r.data, totalCount: r.totalCount };
});
await step('users.updateUser password', async () =>
  (await clerk.users.updateUser(ids.ada, { password: 'correct-horse-battery-9' })).passwordEnabled);
await step('users.verifyPassword', async () => (await clerk.users.verifyPassword({ userId: ids.ada, password: 'correct-horse-battery-9' })).verified);
await step('users.removePassword', async () => (await clerk.users.removePassword(ids.ada)).passwordEnabled);
// The MFA calls answer {user_id}, which @clerk/backend 3.25.0 returns as it
// came (snake_case), as for domains.
const uid = (r) => r.userId ?? r.user_id;
await step('users.deleteUserTOTP', async () => uid(await clerk.users.deleteUserTOTP(ids.ada)) === ids.ada);
await step('users.deleteUserBackupCodes', async () => uid(await clerk.users.deleteUserBackupCodes(ids.ada)) === ids.ada);
await step('users.disableUserMFA', async () => uid(await clerk.users.disableUserMFA(ids.ada)) === ids.ada);
await step('users.banUser', async () => user(await clerk.users.banUser(ids.bob)));
await step('users.unbanUser', async () => user(await clerk.users.unbanUser(ids.bob)));
await step('users.lockUser', async () => user(await clerk.users.lockUser(ids.bob)));
await step('users.unlockUser', async () => user(await clerk.users.unlockUser(ids.bob)));

// Organizations and memberships.
await step('organizations.createOrganization', async () => {
  const o = await clerk.organizations.createOrganization({ name: 'Acme', slug: 'acme', createdBy: ids.ada });
  ids.org = o.id;
  return org(o);
});
await step('organizations.getOrganization', async () => org(await clerk.organizations.getOrganization({ slug: 'acme' })));
await step('organizations.getOrganizationList', async () => {
  const r = await clerk.organizations.getOrganizationList();
  return { slugs: r.data.map((o) => o.slug), totalCount: r.totalCount };
});
await step('organizations.updateOrganization', async () => org(await clerk.organizations.updateOrganization(ids.org, { name: 'Acme Inc' })));
await step('organizations.updateOrganizationMetadata', async () =>
  org(await clerk.organizations.updateOrganizationMetadata(ids.org, { publicMetadata: { tier: 'gold' } })));
await step('organizations.createOrganizationMembership', async () => {
  const m = await clerk.organizations.createOrganizationMembership({ organizationId: ids.org, userId: ids.bob, role: 'org:member' });
  return { role: m.role, userId: m.publicUserData?.userId === ids.bob };
});
await step('organizations.getOrganizationMembershipList', async () => {
  const r = await clerk.organizations.getOrganizationMembershipList({ organizationId: ids.org });
  return { roles: r.data.map((m) => m.role).sort(), totalCount: r.totalCount };
});
await step('organizations.updateOrganizationMembership', async () =>
  (await clerk.organizations.updateOrganizationMembership({ organizationId: ids.org, userId: ids.bob, role: 'org:admin' })).role);
await step('organizations.updateOrganizationMembershipMetadata', async () =>
  (await clerk.organizations.updateOrganizationMembershipMetadata({ organizationId: ids.org, userId: ids.bob, publicMetadata: { team: 'ops' } })).publicMetadata);
await step('users.getOrganizationMembershipList', async () => {
  const r = await clerk.users.getOrganizationMembershipList({ userId: ids.bob });
  return { orgs: r.data.map((m) => m.organization.slug), totalCount: r.totalCount };
});
await step('organizations.getInstanceOrganizationMembershipList', async () =>
  (await clerk.organizations.getInstanceOrganizationMembershipList({})).totalCount);
await step('organizations.deleteOrganizationMembership', async () =>
  (await clerk.organizations.deleteOrganizationMembership({ organizationId: ids.org, userId: ids.bob })).role);

// Organization invitations.
await step('organizations.createOrganizationInvitation', async () => {
  const i = await clerk.organizations.createOrganizationInvitation({ organizationId: ids.org, emailAddress: 'cy@example.com', role: 'org:member', inviterUserId: ids.ada });
  ids.inv = i.id;
  return { email: i.emailAddress, role: i.role, status: i.status };
});
await step('organizations.getOrganizationInvitation', async () =>
  (await clerk.organizations.getOrganizationInvitation({ organizationId: ids.org, invitationId: ids.inv })).status);
await step('organizations.getOrganizationInvitationList', async () => {
  const r = await clerk.organizations.getOrganizationInvitationList({ organizationId: ids.org });
  return { emails: r.data.map((i) => i.emailAddress), totalCount: r.totalCount };
});
await step('organizations.createOrganizationInvitationBulk', async () => {
  const r = await clerk.organizations.createOrganizationInvitationBulk(ids.org, [
    { emailAddress: 'di@example.com', role: 'org:member', inviterUserId: ids.ada },
    { emailAddress: 'ed@example.com', role: 'org:admin', inviterUserId: ids.ada },
  ]);
  return (r.data ?? r).map((i) => i.emailAddress);
});
await step('organizations.revokeOrganizationInvitation', async () =>
  (await clerk.organizations.revokeOrganizationInvitation({ organizationId: ids.org, invitationId: ids.inv, requestingUserId: ids.ada })).status);
await step('users.getOrganizationInvitationList', async () =>
  (await clerk.users.getOrganizationInvitationList({ userId: ids.ada })).totalCount);

// Organization domains. @clerk/backend 3.25.0 has no class for them and
// returns the JSON as it came (snake_case).
await step('organizations.createOrganizationDomain', async () => {
  const d = await clerk.organizations.createOrganizationDomain({ organizationId: ids.org, name: 'acme.test', enrollmentMode: 'automatic_invitation', verified: true });
  ids.dom = d.id;
  return { name: d.name, enrollmentMode: d.enrollmentMode ?? d.enrollment_mode };
});
await step('organizations.getOrganizationDomainList', async () =>
  (await clerk.organizations.getOrganizationDomainList({ organizationId: ids.org })).data.map((d) => d.name));
await step('organizations.updateOrganizationDomain', async () =>
  (await clerk.organizations.updateOrganizationDomain({ organizationId: ids.org, domainId: ids.dom, enrollmentMode: 'manual_invitation' })).enrollment_mode);
await step('organizations.deleteOrganizationDomain', async () =>
  (await clerk.organizations.deleteOrganizationDomain({ organizationId: ids.org, domainId: ids.dom })).deleted);

// Sessions and tokens.
await step('sessions.createSession', async () => {
  const s = await clerk.sessions.createSession({ userId: ids.ada });
  ids.sess = s.id;
  return s.status;
});
await step('sessions.getSessionList', async () => {
  const r = await clerk.sessions.getSessionList({ userId: ids.ada });
  return { ids: r.data.map((s) => s.id === ids.sess), totalCount: r.totalCount };
});
await step('sessions.getSession', async () => (await clerk.sessions.getSession(ids.sess)).userId === ids.ada);
await step('sessions.getToken', async () => {
  const t = await clerk.sessions.getToken(ids.sess);
  const claims = await verifyToken(t.jwt, { secretKey: input.secretKey, apiUrl: input.apiUrl });
  return { sub: claims.sub === ids.ada, sid: claims.sid === ids.sess };
});
await step('jwtTemplates.create', async () => {
  const t = await clerk.jwtTemplates.create({ name: 'hasura', claims: { role: 'user' }, lifetime: 120 });
  ids.tpl = t.id;
  return { name: t.name, claims: t.claims, lifetime: t.lifetime };
});
await step('jwtTemplates.list', async () => {
  const r = await clerk.jwtTemplates.list();
  return { names: r.data.map((t) => t.name), totalCount: r.totalCount };
});
await step('jwtTemplates.get', async () => (await clerk.jwtTemplates.get(ids.tpl)).name);
await step('sessions.getToken template', async () => {
  const t = await clerk.sessions.getToken(ids.sess, 'hasura');
  const claims = await verifyToken(t.jwt, { secretKey: input.secretKey, apiUrl: input.apiUrl });
  return { role: claims.role, lifetime: claims.exp - claims.iat };
});
await step('jwtTemplates.update', async () =>
  (await clerk.jwtTemplates.update({ templateId: ids.tpl, name: 'hasura2', claims: { role: 'admin' } })).claims);
await step('jwtTemplates.delete', async () => (await clerk.jwtTemplates.delete(ids.tpl)).deleted);
await step('jwks.getJwks', async () => (await clerk.jwks.getJwks()).keys.length);
await step('sessions.revokeSession', async () => (await clerk.sessions.revokeSession(ids.sess)).status);

// Invitations to the application.
await step('invitations.createInvitation', async () => {
  const i = await clerk.invitations.createInvitation({ emailAddress: 'fay@example.com', publicMetadata: { plan: 'pro' }, notify: false });
  ids.appInv = i.id;
  return { email: i.emailAddress, status: i.status, publicMetadata: i.publicMetadata };
});
await step('invitations.createInvitationBulk', async () =>
  (await clerk.invitations.createInvitationBulk([{ emailAddress: 'gus@example.com' }, { emailAddress: 'hal@example.com' }])).map((i) => i.emailAddress));
await step('invitations.getInvitationList', async () => {
  const r = await clerk.invitations.getInvitationList({ orderBy: 'email_address' });
  return { emails: r.data.map((i) => i.emailAddress), totalCount: r.totalCount };
});
await step('invitations.revokeInvitation', async () => (await clerk.invitations.revokeInvitation(ids.appInv)).status);

// Allowlist and blocklist.
for (const [api, name] of [[clerk.allowlistIdentifiers, 'Allowlist'], [clerk.blocklistIdentifiers, 'Blocklist']]) {
  const key = name.toLowerCase() + 'Identifiers';
  await step(`${key}.create${name}Identifier`, async () => {
    const params = name === 'Allowlist' ? { identifier: '*@example.org', notify: false } : { identifier: '*@example.org' };
    const e = await api[`create${name}Identifier`](params);
    ids[key] = e.id;
    return { identifier: e.identifier, identifierType: e.identifierType };
  });
  await step(`${key}.get${name}IdentifierList`, async () => {
    const r = await api[`get${name}IdentifierList`]();
    return { identifiers: r.data.map((e) => e.identifier), totalCount: r.totalCount };
  });
  await step(`${key}.delete${name}Identifier`, async () => (await api[`delete${name}Identifier`](ids[key])).deleted);
}

// Email addresses.
await step('emailAddresses.createEmailAddress', async () => {
  const e = await clerk.emailAddresses.createEmailAddress({ userId: ids.ada, emailAddress: 'ada@work.example.com', verified: false });
  ids.email = e.id;
  return { email: e.emailAddress, verification: e.verification };
});
await step('emailAddresses.getEmailAddress', async () => (await clerk.emailAddresses.getEmailAddress(ids.email)).emailAddress);
await step('emailAddresses.updateEmailAddress', async () =>
  (await clerk.emailAddresses.updateEmailAddress(ids.email, { verified: true, primary: true })).verification?.status);
await step('users.getUser primary', async () => (await clerk.users.getUser(ids.ada)).primaryEmailAddress?.emailAddress);
await step('emailAddresses.deleteEmailAddress', async () => (await clerk.emailAddresses.deleteEmailAddress(ids.email)).deleted);

// Phone numbers.
await step('phoneNumbers.createPhoneNumber', async () => {
  const p = await clerk.phoneNumbers.createPhoneNumber({ userId: ids.ada, phoneNumber: '+15555550100', verified: true });
  ids.phone = p.id;
  return { phone: p.phoneNumber, status: p.verification?.status };
});
await step('phoneNumbers.getPhoneNumber', async () => (await clerk.phoneNumbers.getPhoneNumber(ids.phone)).phoneNumber);
await step('phoneNumbers.updatePhoneNumber', async () =>
  (await clerk.phoneNumbers.updatePhoneNumber(ids.phone, { reservedForSecondFactor: true })).reservedForSecondFactor);
await step('phoneNumbers.deletePhoneNumber', async () => (await clerk.phoneNumbers.deletePhoneNumber(ids.phone)).deleted);

// Sign-in tokens.
await step('signInTokens.createSignInToken', async () => {
  const t = await clerk.signInTokens.createSignInToken({ userId: ids.ada, expiresInSeconds: 600 });
  ids.sit = t.id;
  return { status: t.status, user: t.userId === ids.ada, url: t.url.endsWith(t.token) };
});
await step('signInTokens.revokeSignInToken', async () => (await clerk.signInTokens.revokeSignInToken(ids.sit)).status);

// Actor tokens.
await step('actorTokens.create', async () => {
  const t = await clerk.actorTokens.create({ userId: ids.ada, actor: { sub: ids.bob }, expiresInSeconds: 600 });
  ids.act = t.id;
  return { status: t.status, actor: t.actor?.sub === ids.bob, user: t.userId === ids.ada };
});
await step('actorTokens.revoke', async () => (await clerk.actorTokens.revoke(ids.act)).status);

// Custom organization permissions and roles: a role names its permissions
// by ID, and answers them as Permission objects.
await step('organizationPermissions.createOrganizationPermission', async () => {
  const p = await clerk.organizationPermissions.createOrganizationPermission({ key: 'org:invoices:read', name: 'Read invoices', description: 'Read the invoices' });
  ids.perm = p.id;
  return { key: p.key, name: p.name };
});
await step('organizationRoles.createOrganizationRole', async () => {
  const r = await clerk.organizationRoles.createOrganizationRole({ key: 'org:billing', name: 'Billing', permissions: [ids.perm] });
  ids.role = r.id;
  return { key: r.key, permissions: r.permissions.map((p) => p.key) };
});
await step('organizationRoles.getOrganizationRoleList', async () => {
  const r = await clerk.organizationRoles.getOrganizationRoleList({ query: 'billing' });
  return { keys: r.data.map((x) => x.key), totalCount: r.totalCount };
});
await step('organizationRoles.removePermissionFromOrganizationRole', async () =>
  (await clerk.organizationRoles.removePermissionFromOrganizationRole({ organizationRoleId: ids.role, permissionId: ids.perm })).permissions.length);
await step('organizationRoles.assignPermissionToOrganizationRole', async () =>
  (await clerk.organizationRoles.assignPermissionToOrganizationRole({ organizationRoleId: ids.role, permissionId: ids.perm })).permissions.map((p) => p.key));
await step('organizationRoles.deleteOrganizationRole', async () => (await clerk.organizationRoles.deleteOrganizationRole(ids.role)).deleted);
await step('organizationPermissions.deleteOrganizationPermission', async () =>
  (await clerk.organizationPermissions.deleteOrganizationPermission(ids.perm)).deleted);

// The waitlist.
await step('waitlistEntries.create', async () => {
  const w = await clerk.waitlistEntries.create({ emailAddress: 'ivy@example.com', notify: false });
  ids.wait = w.id;
  return { email: w.emailAddress, status: w.status };
});
await step('waitlistEntries.list', async () => {
  const r = await clerk.waitlistEntries.list();
  return { emails: r.data.map((w) => w.emailAddress), totalCount: r.totalCount };
});
await step('waitlistEntries.invite', async () => (await clerk.waitlistEntries.invite(ids.wait)).status);

// Testing tokens: "<unix seconds>-<random>", expiring an hour later. As for
// domains, @clerk/backend 3.25.0 returns the JSON as it came.
await step('testingTokens.createTestingToken', async () => {
  const t = await clerk.testingTokens.createTestingToken();
  const issued = Number(t.token.split('-')[0]);
  return { token: /^[0-9]+-/.test(t.token), lifetime: (t.expiresAt ?? t.expires_at) - issued };
});

// Clean-up calls.
await step('organizations.deleteOrganization', async () => (await clerk.organizations.deleteOrganization(ids.org)).deleted);
await step('users.deleteUser', async () => (await clerk.users.deleteUser(ids.bob)).deleted);

console.log(JSON.stringify({ steps }));
