package clerktest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestSessionsFacadeEndToEnd drives the SDK's Sessions service against the
// fake: create, get, list with filters, tokens, refresh, revoke.
func TestSessionsFacadeEndToEnd(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"sess@example.com"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Sess Org", CreatedBy: &u.ID})
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID, ActiveOrganizationID: &org.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sess.ID, "sess_") || !strings.HasPrefix(sess.ClientID, "client_") || sess.Status != clerk.SessionActive ||
		sess.ExpireAt-sess.CreatedAt != (7*24*time.Hour).Milliseconds() || *sess.LastActiveOrganizationID != org.ID {
		t.Errorf("session = %+v", sess)
	}
	other := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"other@example.com"}})
	_, err = c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: other.ID, ActiveOrganizationID: &org.ID})
	apiErr(t, err, 404, "resource_not_found")
	_, err = c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: "user_missing"})
	apiErr(t, err, 404, "resource_not_found")
	second, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}

	got, err := c.Sessions.Get(ctx, sess.ID)
	if err != nil || got.ID != sess.ID {
		t.Fatalf("get = %+v, %v", got, err)
	}
	list, err := c.Sessions.List(ctx, &clerk.SessionListParams{UserID: &u.ID})
	if err != nil || len(list) != 2 || list[0].ID != second.ID {
		t.Fatalf("list = %+v, %v", list, err)
	}
	byClient, err := c.Sessions.List(ctx, &clerk.SessionListParams{ClientID: &sess.ClientID})
	if err != nil || len(byClient) != 1 || byClient[0].ID != sess.ID {
		t.Fatalf("by client = %+v, %v", byClient, err)
	}
	_, err = c.Sessions.List(ctx, &clerk.SessionListParams{})
	apiErr(t, err, 422, "form_param_missing")

	// Tokens minted by the API carry the session's active organization.
	v, err := clerk.NewVerifier(clerk.WithJWKSFromClient(c), clerk.WithIssuer(s.Issuer))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := c.Sessions.CreateToken(ctx, sess.ID, 120)
	if err != nil {
		t.Fatal(err)
	}
	claims, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if claims.SessionID != sess.ID || claims.UserID != u.ID || claims.Org.ID != org.ID || claims.Org.Role != "org:admin" ||
		claims.Org.Slug != org.Slug || claims.Expiry.Sub(claims.IssuedAt) != 120*time.Second {
		t.Errorf("claims = %+v", claims)
	}
	if err := s.AddJWTTemplate(clerktest.JWTTemplate{Name: "hasura", Claims: map[string]any{"aud": "hasura"}}); err != nil {
		t.Fatal(err)
	}
	ttok, err := c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "hasura", 0)
	if err != nil {
		t.Fatal(err)
	}
	if decodeSegment(t, ttok, 1)["aud"] != "hasura" {
		t.Errorf("template claims missing in %v", decodeSegment(t, ttok, 1))
	}
	_, err = c.Sessions.CreateTokenFromTemplate(ctx, sess.ID, "nope", 0)
	apiErr(t, err, 404, "resource_not_found")

	refresh, err := s.SessionRefreshToken(sess.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []clerk.SessionRefreshFormat{clerk.SessionRefreshFormatToken, clerk.SessionRefreshFormatCookie} {
		r, err := c.Sessions.Refresh(ctx, sess.ID, &clerk.SessionRefreshParams{
			ExpiredToken: tok, RefreshToken: refresh, RequestOrigin: "https://app.example.com", Format: format,
		})
		if err != nil {
			t.Fatalf("refresh %s: %v", format, err)
		}
		if format == clerk.SessionRefreshFormatToken {
			if _, err := v.Verify(ctx, r.Token); err != nil {
				t.Errorf("refreshed token: %v", err)
			}
		} else if len(r.Cookies) != 1 || !strings.HasPrefix(r.Cookies[0], "__session=") {
			t.Errorf("cookies = %v", r.Cookies)
		}
	}
	_, err = c.Sessions.Refresh(ctx, sess.ID, &clerk.SessionRefreshParams{ExpiredToken: tok, RefreshToken: "wrong", RequestOrigin: "https://app.example.com"})
	apiErr(t, err, 422, "form_param_value_invalid")
	otherTok, err := c.Sessions.CreateToken(ctx, second.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Sessions.Refresh(ctx, sess.ID, &clerk.SessionRefreshParams{ExpiredToken: otherTok, RefreshToken: refresh, RequestOrigin: "https://app.example.com"})
	apiErr(t, err, 422, "form_param_value_invalid")

	// Clients.
	cl, err := bapi.New(c).GetClientWithResponse(ctx, sess.ClientID)
	if err != nil || len(cl.JSON200.Sessions) != 1 || cl.JSON200.Sessions[0].ID != sess.ID || *cl.JSON200.LastActiveSessionID != sess.ID {
		t.Fatalf("client = %+v, %v", cl, err)
	}
	ct, err := s.ClientToken(sess.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	vc, err := bapi.New(c).VerifyClientWithResponse(ctx, gen.VerifyClientJSONRequestBody{Token: ct})
	if err != nil || vc.JSON200.ID != sess.ClientID {
		t.Fatalf("verify client = %+v, %v", vc, err)
	}
	_, err = bapi.New(c).VerifyClientWithResponse(ctx, gen.VerifyClientJSONRequestBody{Token: tok + "x"})
	apiErr(t, err, 400, "client_token_invalid")
	_, err = bapi.New(c).GetClientListWithResponse(ctx, nil)
	apiErr(t, err, 410, "operation_deprecated")

	revoked, err := c.Sessions.Revoke(ctx, sess.ID)
	if err != nil || revoked.Status != clerk.SessionRevoked {
		t.Fatalf("revoke = %+v, %v", revoked, err)
	}
	_, err = c.Sessions.CreateToken(ctx, sess.ID, 0)
	apiErr(t, err, 404, "resource_not_found")
	rev, err := c.Sessions.List(ctx, &clerk.SessionListParams{UserID: &u.ID, Status: "revoked"})
	if err != nil || len(rev) != 1 {
		t.Fatalf("revoked list = %+v, %v", rev, err)
	}
	// Banning revokes the remaining session.
	if _, err := bapi.New(c).BanUserWithResponse(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if g, err := c.Sessions.Get(ctx, second.ID); err != nil || g.Status != clerk.SessionRevoked {
		t.Fatalf("after ban: %+v, %v", g, err)
	}
	_, err = c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID})
	apiErr(t, err, 422, "user_banned")
}

func TestSessionsExpireByClock(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	var mu = make(chan time.Time, 1)
	mu <- now
	clock := func() time.Time { t := <-mu; mu <- t; return t }
	s, c := newClient(t, clerktest.WithClock(clock))
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"exp@example.com"}})
	sess, err := c.Sessions.Create(ctx, &clerk.SessionCreateParams{UserID: u.ID})
	if err != nil {
		t.Fatal(err)
	}
	<-mu
	mu <- now.Add(8 * 24 * time.Hour)
	g, err := c.Sessions.Get(ctx, sess.ID)
	if err != nil || g.Status != clerk.SessionExpired {
		t.Fatalf("after 8 days: %+v, %v", g, err)
	}
	_ = s
}

func TestMintWithActiveOrganization(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"ao@example.com"}})
	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Active"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MintSessionToken(u.ID, clerktest.WithActiveOrganization(org.ID)); err == nil {
		t.Fatal("minted an org token for a non-member")
	}
	if _, err := c.Organizations.CreateMembership(ctx, org.ID, &clerk.OrganizationMembershipCreateParams{UserID: u.ID, Role: "org:member"}); err != nil {
		t.Fatal(err)
	}
	tok, err := s.MintSessionToken(u.ID, clerktest.WithActiveOrganization(org.ID))
	if err != nil {
		t.Fatal(err)
	}
	v, err := clerk.NewVerifier(clerk.WithJWTKey(s.JWTPublicKeyPEM()))
	if err != nil {
		t.Fatal(err)
	}
	cl, err := v.Verify(ctx, tok)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Org.ID != org.ID || cl.Org.Role != "org:member" || cl.Org.Slug != org.Slug {
		t.Errorf("org = %+v", cl.Org)
	}
	// Clerk leaves system permissions out of session tokens.
	if got := cl.Org.Permissions(); len(got) != 0 {
		t.Errorf("permissions = %v, want none (org:sys_* stay out of tokens)", got)
	}
	sess, err := c.Sessions.Get(ctx, cl.SessionID)
	if err != nil || *sess.LastActiveOrganizationID != org.ID {
		t.Fatalf("session = %+v, %v", sess, err)
	}
}
