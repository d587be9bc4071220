package clerktest_test

import (
	"context"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/gen"
)

// TestActorTokens checks create and revoke of actor tokens, and that the
// session of an accepted one mints tokens with `act`.
func TestActorTokens(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"imp@example.com"}})
	admin := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"admin@example.com"}})
	r := do(t, s, "POST", "/actor_tokens", map[string]any{"user_id": u.ID, "actor": map[string]any{"sub": admin.ID}})
	var tok gen.ActorToken
	decodeStrict(t, r.body, &tok)
	if r.status != 200 || tok.Status != "pending" || tok.Actor["sub"] != admin.ID || tok.URL == nil || !strings.HasSuffix(*tok.URL, *tok.Token) {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	if r := do(t, s, "POST", "/actor_tokens", map[string]any{"user_id": "user_missing", "actor": map[string]any{"sub": admin.ID}}); r.status != 404 {
		t.Errorf("unknown user: %d %s", r.status, r.body)
	}
	sid, err := s.AcceptActorToken(tok.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AcceptActorToken(tok.ID); err == nil {
		t.Error("accepted a token twice")
	}
	jwt, err := c.Sessions.CreateToken(ctx, sid, 0)
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWTKey(s.JWTPublicKeyPEM()))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := v.Verify(ctx, jwt)
	if err != nil {
		t.Fatal(err)
	}
	if cl.UserID != u.ID || cl.Actor == nil || cl.Actor.Subject != admin.ID {
		t.Errorf("claims: user %s, actor %+v", cl.UserID, cl.Actor)
	}
	if r := do(t, s, "POST", "/actor_tokens/"+tok.ID+"/revoke", nil); r.status != 400 {
		t.Errorf("revoke accepted: %d %s", r.status, r.body)
	}
	r = do(t, s, "POST", "/actor_tokens", map[string]any{"user_id": u.ID, "actor": map[string]any{"sub": admin.ID}})
	decodeStrict(t, r.body, &tok)
	if r := do(t, s, "POST", "/actor_tokens/"+tok.ID+"/revoke", nil); r.status != 200 || !jsonContains(r.body, `"status":"revoked"`) {
		t.Errorf("revoke: %d %s", r.status, r.body)
	}
}
