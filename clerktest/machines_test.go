package clerktest_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
)

// TestMachineTokenFractionalTTL: seconds_until_expiration is a number, so
// the fake takes a fraction (kept to the millisecond, rounded up) and
// refuses zero, negative and out-of-range values.
func TestMachineTokenFractionalTTL(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_750_000_000, 0)
	s := clerktest.NewServer(t, clerktest.WithClock(func() time.Time { return now }))
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	api := bapi.New(c)
	ctx := context.Background()
	for _, tc := range []struct {
		ttl  float64
		want float64 // expiration in Unix ms
	}{{1.5, float64(now.UnixMilli() + 1500)}, {0.0001, float64(now.UnixMilli() + 1)}} {
		key, err := api.CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{
			Name: "ci", Subject: "user_2abcdefghijklmnopqrstuvwxyz", SecondsUntilExpiration: &tc.ttl})
		if err != nil || key.JSON200 == nil || key.JSON200.Expiration == nil || *key.JSON200.Expiration != tc.want {
			t.Fatalf("API key with ttl %v: %v %s, want expiration %v", tc.ttl, err, key.Body, tc.want)
		}
		m, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{SecondsUntilExpiration: &tc.ttl})
		if err != nil || m.JSON201 == nil || m.JSON201.Expiration == nil || *m.JSON201.Expiration != tc.want {
			t.Fatalf("M2M token with ttl %v: %v %s, want expiration %v", tc.ttl, err, m.Body, tc.want)
		}
	}
	for _, ttl := range []float64{0, -1.5, 1e300} {
		_, err := api.CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{
			Name: "ci", Subject: "user_2abcdefghijklmnopqrstuvwxyz", SecondsUntilExpiration: &ttl})
		apiErr(t, err, 422, "form_param_value_invalid")
	}
}

// TestMachineTokens drives the API key, M2M and OAuth endpoints through the
// generated client: create, verify, revoke, verify again (404), expiry.
func TestMachineTokens(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_750_000_000, 0)
	var at atomic.Int64 // the server's clock, in Unix seconds
	at.Store(now.Unix())
	s := clerktest.NewServer(t, clerktest.WithClock(func() time.Time { return time.Unix(at.Load(), 0) }))
	c, err := s.Client()
	if err != nil {
		t.Fatal(err)
	}
	api := bapi.New(c)
	ctx := context.Background()

	// API keys.
	ttl := 60.0
	created, err := api.CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{
		Name: "ci", Subject: "user_2abcdefghijklmnopqrstuvwxyz", Scopes: []string{"read"}, SecondsUntilExpiration: &ttl,
		Claims: map[string]any{"team": "a"},
	})
	if err != nil || created.JSON200 == nil {
		t.Fatalf("create API key: %v", err)
	}
	key := created.JSON200
	if !strings.HasPrefix(key.Secret, "ak_") || !strings.HasPrefix(key.ID, "ak_") || key.Secret == key.ID {
		t.Errorf("created key = %+v", key)
	}
	// Times are integer milliseconds on the wire.
	var raw map[string]any
	if err := json.Unmarshal(created.Body, &raw); err != nil || raw["expiration"] != float64(now.UnixMilli()+60_000) {
		t.Errorf("expiration on the wire = %v (%v)", raw["expiration"], err)
	}
	v, err := api.VerifyAPIKeyWithResponse(ctx, gen.VerifyAPIKeyJSONRequestBody{Secret: key.Secret})
	if err != nil || v.JSON200 == nil || v.JSON200.ID != key.ID || v.JSON200.Subject != "user_2abcdefghijklmnopqrstuvwxyz" {
		t.Fatalf("verify API key: %v %+v", err, v)
	}
	if strings.Contains(string(v.Body), key.Secret) {
		t.Error("verify answer repeats the secret")
	}
	_, err = api.VerifyAPIKeyWithResponse(ctx, gen.VerifyAPIKeyJSONRequestBody{Secret: "ak_unknown"})
	apiErr(t, err, 404, "resource_not_found")
	if _, err := api.RevokeAPIKeyWithResponse(ctx, key.ID, gen.RevokeAPIKeyJSONRequestBody{}); err != nil {
		t.Fatal(err)
	}
	_, err = api.VerifyAPIKeyWithResponse(ctx, gen.VerifyAPIKeyJSONRequestBody{Secret: key.Secret})
	apiErr(t, err, 404, "resource_not_found")

	// Opaque M2M tokens, and expiry by the server clock.
	m, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{SecondsUntilExpiration: &ttl})
	if err != nil || m.JSON201 == nil || !strings.HasPrefix(m.JSON201.Token, "mt_") || m.JSON201.Subject != s.MachineID {
		t.Fatalf("create M2M token: %v %+v", err, m)
	}
	if _, err := api.VerifyM2MTokenWithResponse(ctx, gen.VerifyM2MTokenJSONRequestBody{Token: m.JSON201.Token}); err != nil {
		t.Fatal(err)
	}
	at.Add(61)
	_, err = api.VerifyM2MTokenWithResponse(ctx, gen.VerifyM2MTokenJSONRequestBody{Token: m.JSON201.Token})
	apiErr(t, err, 404, "resource_not_found")
	at.Store(now.Unix())

	m2, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := api.RevokeM2MTokenWithResponse(ctx, m2.JSON201.ID, gen.RevokeM2MTokenJSONRequestBody{}); err != nil {
		t.Fatal(err)
	}
	_, err = api.VerifyM2MTokenWithResponse(ctx, gen.VerifyM2MTokenJSONRequestBody{Token: m2.JSON201.Token})
	apiErr(t, err, 404, "resource_not_found")

	// JWT M2M tokens are signed, not stored.
	jwtFormat := gen.CreateM2MTokenJSONBodyTokenFormat("jwt")
	j, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{TokenFormat: &jwtFormat})
	if err != nil || strings.Count(j.JSON201.Token, ".") != 2 {
		t.Fatalf("JWT M2M token: %v %+v", err, j)
	}

	// OAuth access tokens.
	oat, err := s.MintOAuthAccessToken("user_2abcdefghijklmnopqrstuvwxyz", "client_1", []string{"email"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	o, err := api.VerifyOAuthAccessTokenWithResponse(ctx, gen.VerifyOAuthAccessTokenJSONRequestBody{AccessToken: &oat})
	if err != nil || !strings.Contains(string(o.Body), `"client_id":"client_1"`) {
		t.Fatalf("verify OAuth token: %v %s", err, o.Body)
	}
	if err := s.RevokeOAuthAccessToken(oat); err != nil {
		t.Fatal(err)
	}
	_, err = api.VerifyOAuthAccessTokenWithResponse(ctx, gen.VerifyOAuthAccessTokenJSONRequestBody{AccessToken: &oat})
	apiErr(t, err, 404, "resource_not_found")
}
