package clerktest

import (
	"time"

	"github.com/gobapi/clerk/gen"
)

// moreStore is the state of the operations added after the first release
// of the fake: JWT templates through the API, sign-in and actor tokens,
// credentials, the waitlist, custom roles and permissions, images. It is a
// field of store, guarded by the same lock.
type moreStore struct {
	jwtTemplates map[string]*jwtTemplateRec // by template ID
	signIn       map[string]*signInTokenRec // by ID
	actors       map[string]*actorTokenRec  // by ID
	creds        map[string]*credentials    // by user ID
	verifiers    map[string]PasswordVerifier
	oauth        []*oauthToken                // OAuth access tokens of external accounts
	roles        map[string]*roleRec          // by ID; nil until seedRoles
	perms        map[string]*permRec          // by ID; nil until seedRoles
	waitlist     map[string]*waitlistRec      // by ID
	images       map[string]*storedImage      // by the ID of their URL
	testing      map[string]time.Time         // testing token -> expiry
	codes        map[string]*codeVerification // by verification ID
}

func newMoreStore() moreStore {
	return moreStore{
		jwtTemplates: map[string]*jwtTemplateRec{},
		signIn:       map[string]*signInTokenRec{},
		actors:       map[string]*actorTokenRec{},
		creds:        map[string]*credentials{},
		waitlist:     map[string]*waitlistRec{},
		images:       map[string]*storedImage{},
		testing:      map[string]time.Time{},
		codes:        map[string]*codeVerification{},
	}
}

type jwtTemplateRec struct {
	seq int64
	t   gen.JWTTemplate
}
