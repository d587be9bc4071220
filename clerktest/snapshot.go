package clerktest

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// snapshotFormat is the version of the document [Server.Snapshot] writes;
// [WithState] refuses any other.
const snapshotFormat = 1

// snapshot is the JSON document of a server's state: its keys and every
// resource the store keeps. API keys, M2M and machine OAuth tokens are not
// kept.
type snapshot struct {
	Format       int                   `json:"format"`
	SecretKey    string                `json:"secret_key"`
	FrontendAPI  string                `json:"frontend_api"`
	MachineID    string                `json:"machine_id"`
	SigningKeys  []snapshotKey         `json:"signing_keys"`
	Seq          int64                 `json:"seq"`
	Users        []snapUser            `json:"users"`
	Orgs         []snapOrg             `json:"organizations"`
	Memberships  []snapMembership      `json:"memberships"`
	Invitations  []snapInvitation      `json:"invitations"`
	Domains      []snapDomain          `json:"domains"`
	Sessions     []snapSession         `json:"sessions"`
	Clients      []snapClient          `json:"clients"`
	JWTTemplates []snapshotJWTTemplate `json:"jwt_templates"`
	// Lists are the instance invitations, allowlist and blocklist.
	InstanceInvitations []snapInstanceInvitation `json:"instance_invitations,omitempty"`
	Allowlist           []snapIdentifier         `json:"allowlist,omitempty"`
	Blocklist           []snapIdentifier         `json:"blocklist,omitempty"`
	// More is the state of the operations in store_more.go.
	More snapMore `json:"more"`
}

type snapInstanceInvitation struct {
	Seq        int64          `json:"seq"`
	Invitation gen.Invitation `json:"invitation"`
}

type snapIdentifier struct {
	Seq        int64  `json:"seq"`
	ID         string `json:"id"`
	Identifier string `json:"identifier"`
	Type       string `json:"identifier_type"`
	CreatedAt  int64  `json:"created_at"`
}

type snapshotKey struct {
	KID        string `json:"kid"`
	PrivateKey string `json:"private_key_pem"`
}

type snapUser struct {
	Seq  int64    `json:"seq"`
	User gen.User `json:"user"`
}

type snapOrg struct {
	Seq int64            `json:"seq"`
	Org gen.Organization `json:"organization"`
}

type snapMembership struct {
	Seq        int64                      `json:"seq"`
	OrgID      string                     `json:"organization_id"`
	UserID     string                     `json:"user_id"`
	Membership gen.OrganizationMembership `json:"membership"`
}

type snapInvitation struct {
	Seq        int64                      `json:"seq"`
	Invitation gen.OrganizationInvitation `json:"invitation"`
}

type snapDomain struct {
	Seq    int64                  `json:"seq"`
	Domain gen.OrganizationDomain `json:"domain"`
}

type snapSession struct {
	Seq     int64       `json:"seq"`
	Session gen.Session `json:"session"`
	Refresh string      `json:"refresh_token"`
}

type snapClient struct {
	Seq    int64      `json:"seq"`
	Client gen.Client `json:"client"`
}

type snapshotJWTTemplate struct {
	Name     string         `json:"name"`
	Claims   map[string]any `json:"claims"`
	Lifetime time.Duration  `json:"lifetime_ns"`
}

// Snapshot returns the server's state as a JSON document that [WithState]
// restores: the secret key, the Frontend API host, the signing keys, and
// the users, organizations, memberships, invitations, domains, sessions,
// clients, JWT templates, instance invitations, allowlist, blocklist, and
// the state of the later operations: sign-in and actor tokens, users'
// passwords, TOTP secrets and backup codes, external accounts' OAuth
// tokens, custom roles and permissions, the waitlist, images, testing
// tokens and pending code verifications. API keys, M2M tokens, machine
// OAuth access tokens and [Server.SetPasswordVerifier] functions are not
// kept. The document holds the secret key, private keys and passwords:
// keep it as private as the keys themselves.
func (s *Server) Snapshot() ([]byte, error) {
	snap := snapshot{Format: snapshotFormat, SecretKey: s.SecretKey, FrontendAPI: s.FrontendAPI, MachineID: s.MachineID}
	for _, k := range s.keys.all() {
		der, err := x509.MarshalPKCS8PrivateKey(k.key)
		if err != nil {
			return nil, fmt.Errorf("clerktest: Snapshot: encode signing key: %w", err)
		}
		snap.SigningKeys = append(snap.SigningKeys, snapshotKey{k.kid, string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))})
	}
	s.mu.Lock()
	db := &s.db
	snap.Seq = db.seq
	for _, id := range slices.Sorted(maps.Keys(db.users)) {
		snap.Users = append(snap.Users, snapUser{db.users[id].seq, db.users[id].u})
	}
	for _, id := range slices.Sorted(maps.Keys(db.orgs)) {
		snap.Orgs = append(snap.Orgs, snapOrg{db.orgs[id].seq, db.orgs[id].o})
	}
	for _, id := range slices.Sorted(maps.Keys(db.memberships)) {
		m := db.memberships[id]
		snap.Memberships = append(snap.Memberships, snapMembership{m.seq, m.orgID, m.userID, m.m})
	}
	for _, id := range slices.Sorted(maps.Keys(db.invitations)) {
		snap.Invitations = append(snap.Invitations, snapInvitation{db.invitations[id].seq, db.invitations[id].inv})
	}
	for _, id := range slices.Sorted(maps.Keys(db.domains)) {
		snap.Domains = append(snap.Domains, snapDomain{db.domains[id].seq, db.domains[id].d})
	}
	for _, id := range slices.Sorted(maps.Keys(db.sessions)) {
		r := db.sessions[id]
		snap.Sessions = append(snap.Sessions, snapSession{r.seq, r.s, r.refresh})
	}
	for _, id := range slices.Sorted(maps.Keys(db.clients)) {
		snap.Clients = append(snap.Clients, snapClient{db.clients[id].seq, db.clients[id].c})
	}
	for _, name := range slices.Sorted(maps.Keys(db.templates)) {
		t := db.templates[name]
		snap.JWTTemplates = append(snap.JWTTemplates, snapshotJWTTemplate(t))
	}
	for _, id := range slices.Sorted(maps.Keys(db.lists.invitations)) {
		r := db.lists.invitations[id]
		snap.InstanceInvitations = append(snap.InstanceInvitations, snapInstanceInvitation{r.seq, r.inv})
	}
	snap.More = db.more.snapshot()
	snap.Allowlist = snapIdentifiers(db.lists.allowlist)
	snap.Blocklist = snapIdentifiers(db.lists.blocklist)
	// Encoding under the lock copies every map and slice the records share.
	b, err := json.MarshalIndent(snap, "", " ")
	s.mu.Unlock()
	if err != nil {
		return nil, fmt.Errorf("clerktest: Snapshot: %w", err)
	}
	return b, nil
}

// restore replaces the server's identity, keys and store with those of a
// document Snapshot wrote. It runs before the server serves anything.
func (s *Server) restore(doc []byte) error {
	var snap snapshot
	if err := json.Unmarshal(doc, &snap); err != nil {
		return fmt.Errorf("clerktest: WithState: %w", err)
	}
	if snap.Format != snapshotFormat {
		return fmt.Errorf("clerktest: WithState: snapshot format %d, want %d", snap.Format, snapshotFormat)
	}
	if !strings.HasPrefix(snap.SecretKey, "sk_test_") || snap.FrontendAPI == "" || len(snap.SigningKeys) == 0 {
		return errors.New("clerktest: WithState: the snapshot lacks the secret key, Frontend API host or signing keys")
	}
	var keys []signingKey
	for _, k := range snap.SigningKeys {
		block, _ := pem.Decode([]byte(k.PrivateKey))
		if block == nil {
			return fmt.Errorf("clerktest: WithState: signing key %s is not PEM", k.KID)
		}
		key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return fmt.Errorf("clerktest: WithState: signing key %s: %w", k.KID, err)
		}
		sk, ok := signingKeyOf(k.KID, key)
		if !ok {
			return fmt.Errorf("clerktest: WithState: signing key %s is not RSA", k.KID)
		}
		keys = append(keys, sk)
	}
	db := newStore()
	db.seq = snap.Seq
	for _, x := range snap.Users {
		db.users[x.User.ID] = &userRec{seq: x.Seq, u: x.User}
		db.indexUser(&db.users[x.User.ID].u)
	}
	for _, x := range snap.Orgs {
		db.orgs[x.Org.ID] = &orgRec{seq: x.Seq, o: x.Org}
		db.bySlug[x.Org.Slug] = x.Org.ID
	}
	for _, x := range snap.Memberships {
		db.memberships[x.Membership.ID] = &membershipRec{seq: x.Seq, orgID: x.OrgID, userID: x.UserID, m: x.Membership}
	}
	for _, x := range snap.Invitations {
		db.invitations[x.Invitation.ID] = &invitationRec{seq: x.Seq, inv: x.Invitation}
	}
	for _, x := range snap.Domains {
		db.domains[x.Domain.ID] = &domainRec{seq: x.Seq, d: x.Domain}
		db.domainNames[lower(x.Domain.Name)] = x.Domain.ID
	}
	for _, x := range snap.Sessions {
		db.sessions[x.Session.ID] = &sessionRec{seq: x.Seq, s: x.Session, refresh: x.Refresh}
	}
	for _, x := range snap.Clients {
		db.clients[x.Client.ID] = &clientRec{seq: x.Seq, c: x.Client}
	}
	if len(snap.JWTTemplates) > 0 {
		db.templates = map[string]JWTTemplate{}
		for _, t := range snap.JWTTemplates {
			db.templates[t.Name] = JWTTemplate(t)
		}
	}
	for _, x := range snap.InstanceInvitations {
		db.addInstanceInvitation(&instanceInvitationRec{seq: x.Seq, inv: x.Invitation})
	}
	db.more = restoreMore(snap.More)
	db.lists.allowlist = restoreIdentifiers(snap.Allowlist)
	db.lists.blocklist = restoreIdentifiers(snap.Blocklist)
	s.SecretKey = snap.SecretKey
	s.setFrontendAPI(snap.FrontendAPI)
	s.MachineID = snap.MachineID
	s.keys.mu.Lock()
	s.keys.keys = keys
	s.keys.mu.Unlock()
	s.mu.Lock()
	s.db = db
	s.mu.Unlock()
	return nil
}

// setFrontendAPI sets the Frontend API host and what derives from it.
func (s *Server) setFrontendAPI(host string) {
	s.FrontendAPI = host
	s.PublishableKey = "pk_test_" + strings.TrimRight(base64.StdEncoding.EncodeToString([]byte(host+"$")), "=")
	s.Issuer = "https://" + host
}

// signingKeyOf wraps a parsed private key, which must be RSA.
func signingKeyOf(kid string, key any) (signingKey, bool) {
	rk, ok := key.(*rsa.PrivateKey)
	return signingKey{kid: kid, key: rk}, ok
}

func snapIdentifiers(list map[string]*identifierRec) []snapIdentifier {
	var out []snapIdentifier
	for _, id := range slices.Sorted(maps.Keys(list)) {
		r := list[id]
		out = append(out, snapIdentifier{r.seq, r.id, r.identifier, r.kind, r.createdAt})
	}
	return out
}

func restoreIdentifiers(xs []snapIdentifier) map[string]*identifierRec {
	if len(xs) == 0 {
		return nil
	}
	out := map[string]*identifierRec{}
	for _, x := range xs {
		out[x.ID] = &identifierRec{seq: x.Seq, id: x.ID, identifier: x.Identifier, kind: x.Type, createdAt: x.CreatedAt}
	}
	return out
}
