package clerktest_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

func decodeSegment(t *testing.T, token string, i int) map[string]any {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(strings.Split(token, ".")[i])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestJWKS(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	set, err := c.JWKS(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Keys) != 1 {
		t.Fatalf("keys = %d", len(set.Keys))
	}
	k, err := set.Keys[0].AsJWKSRSAPublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if k.Kid != s.KeyID() || k.Alg != "RS256" || k.Use != "sig" || k.Kty != "RSA" || k.E != "AQAB" || len(k.N) != 342 {
		t.Errorf("key = %+v", k)
	}
}

func TestMintedTokenVerifies(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"tok@example.com"}})
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithIssuer(s.Issuer),
		clerk.WithAuthorizedParties("http://localhost:3000"))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := s.MintSessionToken(u.ID,
		clerktest.WithAuthorizedParty("http://localhost:3000"),
		clerktest.WithOrg(clerktest.TokenOrg{ID: "org_1", Slug: "acme", Role: "org:admin",
			Permissions: []string{"org:dashboard:read", "org:dashboard:manage", "org:reports:read", "org:impersonation:manage"}}),
		clerktest.WithFeatures("u:analytics"),
		clerktest.WithActor(clerktest.Actor{Subject: "user_admin", Type: "agent"}),
		clerktest.WithFactorVerificationAge(7, -1),
	)
	if err != nil {
		t.Fatal(err)
	}
	h := decodeSegment(t, tok, 0)
	if h["alg"] != "RS256" || h["kid"] != s.KeyID() || h["typ"] != "JWT" {
		t.Errorf("header = %v", h)
	}
	claims, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if claims.UserID != u.ID || claims.Issuer != s.Issuer || claims.Version != 2 || claims.Status != clerk.SessionActive ||
		claims.AuthorizedParty != "http://localhost:3000" || !strings.HasPrefix(claims.SessionID, "sess_") {
		t.Errorf("claims = %+v", claims)
	}
	if got := claims.Expiry.Sub(claims.IssuedAt); got != 60*time.Second {
		t.Errorf("lifetime = %v", got)
	}
	if claims.Org.ID != "org_1" || claims.Org.Slug != "acme" || claims.Org.Role != "org:admin" {
		t.Errorf("org = %+v", claims.Org)
	}
	want := []string{"org:dashboard:read", "org:dashboard:manage", "org:reports:read", "org:impersonation:manage"}
	if diff := cmp.Diff(want, claims.Org.Permissions()); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	if claims.Actor == nil || claims.Actor.Subject != "user_admin" || claims.Actor.Type != "agent" {
		t.Errorf("actor = %+v", claims.Actor)
	}
	if claims.FactorVerificationAge.FirstFactorMinutes != 7 || claims.FactorVerificationAge.SecondFactorMinutes != -1 {
		t.Errorf("fva = %+v", claims.FactorVerificationAge)
	}
	p := decodeSegment(t, tok, 1)
	if p["fea"] != "o:dashboard,o:reports,o:impersonation,u:analytics" {
		t.Errorf("fea = %v", p["fea"])
	}
	if diff := cmp.Diff(map[string]any{"id": "org_1", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,1,2"}, p["o"]); diff != "" {
		t.Errorf("o (-want +got):\n%s", diff)
	}
	// The session the token names exists and is active.
	sess, err := c.Sessions.Get(ctx, claims.SessionID)
	if err != nil || sess.UserID != u.ID || sess.Status != clerk.SessionActive {
		t.Fatalf("session = %+v, %v", sess, err)
	}

	// Networkless verification with the PEM.
	pv, err := clerk.NewVerifier(clerk.WithJWTKey(s.JWTPublicKeyPEM()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pv.Verify(ctx, tok); err != nil {
		t.Fatal(err)
	}
}

func TestMintedTokenOptions(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		t.Fatal(err)
	}
	pending, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithPendingSessions())
	if err != nil {
		t.Fatal(err)
	}
	mint := func(opts ...clerktest.TokenOption) string {
		t.Helper()
		tok, err := s.MintSessionToken("user_unknown", opts...)
		if err != nil {
			t.Fatal(err)
		}
		return tok
	}
	expired := mint(clerktest.WithIssuedAt(time.Now().Add(-time.Hour)))
	if _, err := v.Verify(ctx, expired); !errors.Is(err, clerk.ErrTokenExpired) {
		t.Errorf("expired token: %v", err)
	}
	future := mint(clerktest.WithIssuedAt(time.Now().Add(time.Hour)))
	if _, err := v.Verify(ctx, future); err == nil {
		t.Error("token from the future verified")
	}
	long := mint(clerktest.WithLifetime(time.Hour), clerktest.WithSessionID("sess_fixed"), clerktest.WithIssuer("https://other.example.com"))
	cl, err := v.Verify(ctx, long)
	if err != nil {
		t.Fatal(err)
	}
	if cl.SessionID != "sess_fixed" || cl.Issuer != "https://other.example.com" || cl.Expiry.Sub(cl.IssuedAt) != time.Hour {
		t.Errorf("claims = %+v", cl)
	}
	pend := mint(clerktest.WithPendingStatus())
	pc, err := pending.Verify(ctx, pend)
	if err != nil || pc.Status != clerk.SessionPending {
		t.Errorf("pending: %+v, %v", pc, err)
	}
	extra := mint(clerktest.WithClaims(map[string]any{"role": "tester", "sub": "ignored"}))
	if p := decodeSegment(t, extra, 1); p["role"] != "tester" || p["sub"] != "user_unknown" {
		t.Errorf("claims = %v", p)
	}
	for _, bad := range []clerktest.TokenOption{
		clerktest.WithSessionID("nope"),
		clerktest.WithOrg(clerktest.TokenOrg{}),
		clerktest.WithOrg(clerktest.TokenOrg{ID: "org_1", Permissions: []string{"read"}}),
		clerktest.WithActor(clerktest.Actor{}),
		clerktest.WithFeatures("nofeature"),
		clerktest.WithLifetime(0),
		clerktest.WithActiveOrganization("org_missing"),
	} {
		if _, err := s.MintSessionToken("user_x", bad); err == nil {
			t.Error("MintSessionToken accepted a bad option")
		}
	}
	if _, err := s.MintSessionToken(""); err == nil {
		t.Error("MintSessionToken accepted an empty user ID")
	}
}

func TestKeyRotation(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithJWKSRefresh(time.Hour, 0))
	if err != nil {
		t.Fatal(err)
	}
	oldKid := s.KeyID()
	before, err := s.MintSessionToken("user_rot")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Verify(ctx, before); err != nil {
		t.Fatal(err)
	}
	newKid, err := s.RotateKey()
	if err != nil {
		t.Fatal(err)
	}
	if newKid == oldKid || s.KeyID() != newKid {
		t.Fatalf("kids %q -> %q (KeyID %q)", oldKid, newKid, s.KeyID())
	}
	after, err := s.MintSessionToken("user_rot")
	if err != nil {
		t.Fatal(err)
	}
	if decodeSegment(t, after, 0)["kid"] != newKid {
		t.Error("new token not signed with the new key")
	}
	set, err := c.JWKS(ctx)
	if err != nil || len(set.Keys) != 2 {
		t.Fatalf("JWKS after rotation: %d keys, %v", len(set.Keys), err)
	}
	// The verifier learns the new kid on first sight; the old token still
	// verifies during the overlap.
	if _, err := v.Verify(ctx, after); err != nil {
		t.Fatalf("new token: %v", err)
	}
	fresh, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh.Verify(ctx, before); err != nil {
		t.Fatalf("old token during overlap: %v", err)
	}
	s.RetireOldKeys()
	fresh2, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fresh2.Verify(ctx, before); err == nil {
		t.Error("old token verified after RetireOldKeys")
	}
}
