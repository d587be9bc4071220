package clerktest

import (
	"maps"
	"slices"
	"time"

	"github.com/gobapi/clerk/gen"
)

// snapMore is the part of a snapshot that holds moreStore (store_more.go):
// JWT templates, sign-in and actor tokens, credentials, external-account
// OAuth tokens, custom roles and permissions, the waitlist, images,
// testing tokens and pending code verifications. Password verifiers
// registered with [Server.SetPasswordVerifier] are functions and are not
// kept.
type snapMore struct {
	JWTTemplates []snapJWTTemplateRec  `json:"jwt_templates,omitempty"`
	SignIn       []snapSignInToken     `json:"sign_in_tokens,omitempty"`
	Actors       []snapActorToken      `json:"actor_tokens,omitempty"`
	Credentials  []snapCredentials     `json:"credentials,omitempty"`
	OAuth        []snapOAuthToken      `json:"oauth_tokens,omitempty"`
	Roles        []snapRole            `json:"roles,omitempty"` // nil: the default roles are not seeded yet
	Perms        []snapPerm            `json:"permissions,omitempty"`
	Waitlist     []snapWaitlistEntry   `json:"waitlist,omitempty"`
	Images       []snapImage           `json:"images,omitempty"`
	Testing      map[string]time.Time  `json:"testing_tokens,omitempty"`
	Codes        []snapCodeVerfication `json:"code_verifications,omitempty"`
}

type snapJWTTemplateRec struct {
	Seq      int64           `json:"seq"`
	Template gen.JWTTemplate `json:"template"`
}

type snapSignInToken struct {
	Seq    int64           `json:"seq"`
	Token  gen.SignInToken `json:"sign_in_token"`
	OrgID  string          `json:"organization_id,omitempty"`
	Expire time.Time       `json:"expire"`
}

type snapActorToken struct {
	Seq        int64          `json:"seq"`
	Token      gen.ActorToken `json:"actor_token"`
	Expire     time.Time      `json:"expire"`
	SessionMax time.Duration  `json:"session_max"`
}

type snapCredentials struct {
	UserID      string   `json:"user_id"`
	Password    string   `json:"password,omitempty"`
	Digest      string   `json:"digest,omitempty"`
	Hasher      string   `json:"hasher,omitempty"`
	TOTPSecret  string   `json:"totp_secret,omitempty"`
	BackupCodes []string `json:"backup_codes,omitempty"`
}

type snapOAuthToken struct {
	UserID    string   `json:"user_id"`
	AccountID string   `json:"external_account_id"`
	Provider  string   `json:"provider"`
	ProvUser  string   `json:"provider_user_id"`
	Token     string   `json:"token"`
	Scopes    []string `json:"scopes,omitempty"`
	ExpiresAt *int64   `json:"expires_at,omitempty"`
}

type snapRole struct {
	Seq   int64    `json:"seq"`
	Role  gen.Role `json:"role"`
	Perms []string `json:"permission_keys"`
}

type snapPerm struct {
	Seq  int64          `json:"seq"`
	Perm gen.Permission `json:"permission"`
}

type snapWaitlistEntry struct {
	Seq       int64             `json:"seq"`
	Entry     gen.WaitlistEntry `json:"entry"`
	InvitedAt int64             `json:"invited_at,omitempty"`
}

type snapImage struct {
	ID          string `json:"id"`
	ContentType string `json:"content_type"`
	Data        []byte `json:"data"`
}

type snapCodeVerfication struct {
	ID       string    `json:"id"`
	IdentID  string    `json:"identification_id"`
	Code     string    `json:"code"`
	Strategy string    `json:"strategy"`
	Status   string    `json:"status"`
	Attempts int       `json:"attempts"`
	Expire   time.Time `json:"expire"`
	Phone    bool      `json:"phone,omitempty"`
}

// snapshotMore copies m into its snapshot form; the caller holds the lock
// and encodes the result before releasing it.
func (m *moreStore) snapshot() snapMore {
	var out snapMore
	for _, id := range slices.Sorted(maps.Keys(m.jwtTemplates)) {
		r := m.jwtTemplates[id]
		out.JWTTemplates = append(out.JWTTemplates, snapJWTTemplateRec{r.seq, r.t})
	}
	for _, id := range slices.Sorted(maps.Keys(m.signIn)) {
		r := m.signIn[id]
		out.SignIn = append(out.SignIn, snapSignInToken{r.seq, r.t, r.orgID, r.expire})
	}
	for _, id := range slices.Sorted(maps.Keys(m.actors)) {
		r := m.actors[id]
		out.Actors = append(out.Actors, snapActorToken{r.seq, r.t, r.expire, r.sessionMax})
	}
	for _, id := range slices.Sorted(maps.Keys(m.creds)) {
		c := m.creds[id]
		out.Credentials = append(out.Credentials, snapCredentials{id, c.password, c.digest, c.hasher, c.totpSecret, c.backupCodes})
	}
	for _, t := range m.oauth {
		out.OAuth = append(out.OAuth, snapOAuthToken{t.userID, t.accountID, t.provider, t.provUser, t.token, t.scopes, t.expiresAt})
	}
	if m.roles != nil {
		out.Roles = []snapRole{}
	}
	for _, id := range slices.Sorted(maps.Keys(m.roles)) {
		r := m.roles[id]
		out.Roles = append(out.Roles, snapRole{r.seq, r.r, r.perms})
	}
	for _, id := range slices.Sorted(maps.Keys(m.perms)) {
		out.Perms = append(out.Perms, snapPerm{m.perms[id].seq, m.perms[id].p})
	}
	for _, id := range slices.Sorted(maps.Keys(m.waitlist)) {
		w := m.waitlist[id]
		out.Waitlist = append(out.Waitlist, snapWaitlistEntry{w.seq, w.e, w.invitedAt})
	}
	for _, id := range slices.Sorted(maps.Keys(m.images)) {
		out.Images = append(out.Images, snapImage{id, m.images[id].contentType, m.images[id].data})
	}
	if len(m.testing) > 0 {
		out.Testing = m.testing
	}
	for _, id := range slices.Sorted(maps.Keys(m.codes)) {
		v := m.codes[id]
		out.Codes = append(out.Codes, snapCodeVerfication{v.id, v.identID, v.code, v.strategy, v.status, v.attempts, v.expire, v.phone})
	}
	return out
}

// restoreMore builds the moreStore a snapshot describes.
func restoreMore(in snapMore) moreStore {
	m := newMoreStore()
	for _, x := range in.JWTTemplates {
		m.jwtTemplates[x.Template.ID] = &jwtTemplateRec{seq: x.Seq, t: x.Template}
	}
	for _, x := range in.SignIn {
		m.signIn[x.Token.ID] = &signInTokenRec{seq: x.Seq, t: x.Token, orgID: x.OrgID, expire: x.Expire}
	}
	for _, x := range in.Actors {
		m.actors[x.Token.ID] = &actorTokenRec{seq: x.Seq, t: x.Token, expire: x.Expire, sessionMax: x.SessionMax}
	}
	for _, x := range in.Credentials {
		m.creds[x.UserID] = &credentials{password: x.Password, digest: x.Digest, hasher: x.Hasher, totpSecret: x.TOTPSecret, backupCodes: x.BackupCodes}
	}
	for _, x := range in.OAuth {
		m.oauth = append(m.oauth, &oauthToken{userID: x.UserID, accountID: x.AccountID, provider: x.Provider, provUser: x.ProvUser,
			token: x.Token, scopes: x.Scopes, expiresAt: x.ExpiresAt})
	}
	if in.Roles != nil {
		m.roles, m.perms = map[string]*roleRec{}, map[string]*permRec{}
		for _, x := range in.Roles {
			m.roles[x.Role.ID] = &roleRec{seq: x.Seq, r: x.Role, perms: x.Perms}
		}
		for _, x := range in.Perms {
			m.perms[x.Perm.ID] = &permRec{seq: x.Seq, p: x.Perm}
		}
	}
	for _, x := range in.Waitlist {
		m.waitlist[x.Entry.ID] = &waitlistRec{seq: x.Seq, e: x.Entry, invitedAt: x.InvitedAt}
	}
	for _, x := range in.Images {
		m.images[x.ID] = &storedImage{contentType: x.ContentType, data: x.Data}
	}
	maps.Copy(m.testing, in.Testing)
	for _, x := range in.Codes {
		m.codes[x.ID] = &codeVerification{id: x.ID, identID: x.IdentID, code: x.Code, strategy: x.Strategy, status: x.Status,
			attempts: x.Attempts, expire: x.Expire, phone: x.Phone}
	}
	return m
}
