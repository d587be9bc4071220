package clerktest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gobapi/clerk/bapi"
	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestSignInTokens: create through the facade, redeem once with
// AcceptTicket (the organization becomes active), revoke rules.
func TestSignInTokens(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"sit@example.com"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Acme", CreatedBy: clerk.Ptr(u.ID)})
	if err != nil {
		t.Fatal(err)
	}

	tok, err := c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: u.ID, OrganizationID: org.ID})
	if err != nil {
		t.Fatal(err)
	}
	if tok.Status != gen.SignInTokenStatusPending || tok.UserID != u.ID || tok.Token == nil || tok.URL == nil ||
		!strings.HasPrefix(*tok.URL, "https://"+s.FrontendAPI+"/") {
		t.Fatalf("token = %+v", tok)
	}
	sess, err := s.AcceptTicket(*tok.Token)
	if err != nil {
		t.Fatal(err)
	}
	if sess.UserID != u.ID || sess.LastActiveOrganizationID == nil || *sess.LastActiveOrganizationID != org.ID {
		t.Errorf("session = %+v", sess)
	}
	if _, err := s.AcceptTicket(*tok.Token); !errors.Is(err, clerktest.ErrTicketInvalid) {
		t.Errorf("second accept: %v", err)
	}
	_, err = c.SignInTokens.Revoke(ctx, tok.ID)
	apiErr(t, err, 400, "revoke_not_allowed")

	tok2, err := c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: u.ID, ExpiresInSeconds: 60})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := c.SignInTokens.Revoke(ctx, tok2.ID)
	if err != nil || rev.Status != gen.SignInTokenStatusRevoked {
		t.Fatalf("revoke = %+v, %v", rev, err)
	}
	if _, err := s.AcceptTicket(*tok2.Token); !errors.Is(err, clerktest.ErrTicketInvalid) {
		t.Errorf("accept revoked: %v", err)
	}

	_, err = c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: "user_missing"})
	apiErr(t, err, 404, "resource_not_found")
	other := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"other@example.com"}})
	_, err = c.SignInTokens.Create(ctx, &clerk.SignInTokenCreateParams{UserID: other.ID, OrganizationID: org.ID})
	if e := apiErr(t, err, 422, "form_param_value_invalid"); paramName(e) != "org_id" {
		t.Errorf("param = %q", paramName(e))
	}
	_, err = c.SignInTokens.Revoke(ctx, "sit_missing")
	apiErr(t, err, 404, "resource_not_found")
}

// TestSignInTokenExpires: a ticket past its lifetime is refused.
func TestSignInTokenExpires(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	s, c := newClient(t, clerktest.WithClock(clock.now))
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"exp@example.com"}})
	tok, err := c.SignInTokens.Create(context.Background(), &clerk.SignInTokenCreateParams{UserID: u.ID, ExpiresInSeconds: 60})
	if err != nil {
		t.Fatal(err)
	}
	clock.advance(61e9)
	if _, err := s.AcceptTicket(*tok.Token); !errors.Is(err, clerktest.ErrTicketInvalid) {
		t.Errorf("accept expired: %v", err)
	}
}

// TestActorTokens: an actor token's session carries the actor, and its
// session tokens carry `act`, which the SDK's verifier reports.
func TestActorTokens(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	api := bapi.New(c)
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"user@example.com"}})
	admin := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"admin@example.com"}})

	resp, err := api.CreateActorTokenWithResponse(ctx, gen.CreateActorTokenJSONRequestBody{
		UserID: u.ID, Actor: gen.CreateActorTokenJSONBody_Actor{Sub: admin.ID}})
	if err != nil {
		t.Fatal(err)
	}
	at := resp.JSON200
	if diff := cmp.Diff(map[string]any{"sub": admin.ID}, at.Actor); diff != "" || at.Status != gen.ActorTokenStatusPending || at.Token == nil {
		t.Fatalf("actor token = %+v %s", at, diff)
	}
	sess, err := s.AcceptTicket(*at.Token)
	if err != nil {
		t.Fatal(err)
	}
	if sess.UserID != u.ID || sess.Actor["sub"] != admin.ID || sess.ExpireAt-sess.CreatedAt != 1800*1000 {
		t.Errorf("session = %+v", sess)
	}
	jwt, err := c.Sessions.CreateToken(ctx, sess.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithIssuer(s.Issuer))
	if err != nil {
		t.Fatal(err)
	}
	claims, err := v.Verify(ctx, jwt)
	if err != nil {
		t.Fatal(err)
	}
	if claims.Actor == nil || claims.Actor.Subject != admin.ID || claims.UserID != u.ID {
		t.Errorf("claims = %+v, actor %+v", claims, claims.Actor)
	}
	_, err = api.RevokeActorToken(ctx, at.ID)
	apiErr(t, err, 400, "revoke_not_allowed")

	resp, err = api.CreateActorTokenWithResponse(ctx, gen.CreateActorTokenJSONRequestBody{
		UserID: u.ID, Actor: gen.CreateActorTokenJSONBody_Actor{Sub: admin.ID}})
	if err != nil {
		t.Fatal(err)
	}
	rev, err := api.RevokeActorTokenWithResponse(ctx, resp.JSON200.ID)
	if err != nil || rev.JSON200.Status != gen.ActorTokenStatusRevoked {
		t.Fatalf("revoke: %v %v", rev, err)
	}
	if _, err := s.AcceptTicket(*resp.JSON200.Token); !errors.Is(err, clerktest.ErrTicketInvalid) {
		t.Errorf("accept revoked: %v", err)
	}
	_, err = api.CreateActorToken(ctx, gen.CreateActorTokenJSONRequestBody{UserID: u.ID})
	apiErr(t, err, 422, "form_param_missing")
}
