package clerk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
	"github.com/oapi-codegen/nullable"
)

// Clerk's spec types the times and counts of API keys, M2M tokens, OAuth
// tokens and admin-portal link tokens as a bare JSON number, so an answer
// may carry a fraction. These tests send such answers over loopback and
// check that they decode, and that a fractional request value is sent as
// it is (issue 14, item 11).

// TestVerifyMachineTokenFractionalTimes: an opaque machine token whose
// answer has fractional times gets a verdict (valid, or invalid when the
// fractional expiration is past) rather than "verification unavailable".
// Before float64, the ak_ and mt_ answers failed to decode; the oat_ answer
// is an anyOf that the generated client keeps raw, so it already passed
// here, and TestNumberFieldsDecode covers its typed member.
func TestVerifyMachineTokenFractionalTimes(t *testing.T) {
	t.Parallel()
	const times = `"created_at": 1699999000000.25, "updated_at": 1699999500000.5, "expiration": 1700003600000.5`
	for _, tc := range []struct {
		name, token, path, body string
		typ                     TokenType
		want                    MachineClaims
	}{
		{
			name: "api key", token: "ak_" + "fractional0123456789", path: "/v1/api_keys/verify", typ: TokenTypeAPIKey,
			body: `{"object": "api_key", "id": "ak_1", "type": "api_key", "name": "ci", "subject": "user_1",
				"scopes": ["read"], "claims": null, "revoked": false, "revocation_reason": null, "expired": false,
				"created_by": null, "last_used_at": 1699999900000.75, ` + times + `}`,
			want: MachineClaims{TokenType: TokenTypeAPIKey, ID: "ak_1", Subject: "user_1", UserID: "user_1", Name: "ci",
				Scopes: []string{"read"}},
		},
		{
			name: "m2m token", token: "mt_" + "fractional0123456789", path: "/v1/m2m_tokens/verify", typ: TokenTypeM2MToken,
			body: `{"object": "machine_to_machine_token", "id": "mt_1", "subject": "mch_1", "scopes": ["mch_2"],
				"claims": {"env": "ci"}, "revoked": false, "revocation_reason": null, "expired": false,
				"last_used_at": 1699999900000.75, ` + times + `}`,
			want: MachineClaims{TokenType: TokenTypeM2MToken, ID: "mt_1", Subject: "mch_1", MachineID: "mch_1",
				Scopes: []string{"mch_2"}, Claims: map[string]any{"env": "ci"}},
		},
		{
			name: "oauth token", token: "oat_" + "fractional0123456789", path: "/v1/oauth_applications/access_tokens/verify",
			typ: TokenTypeOAuthToken,
			body: `{"object": "clerk_idp_oauth_access_token", "id": "oat_1", "client_id": "client_1", "subject": "user_1",
				"scopes": ["email"], "revoked": false, "revocation_reason": null, "expired": false, ` + times + `}`,
			want: MachineClaims{TokenType: TokenTypeOAuthToken, ID: "oat_1", Subject: "user_1", UserID: "user_1",
				ClientID: "client_1", Scopes: []string{"email"}},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var body atomic.Value // the answer, changed below
			body.Store(tc.body)
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != tc.path {
					http.NotFound(w, r)
					return
				}
				jsonHandler(http.StatusOK, body.Load().(string))(w, r)
			})
			c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
			v := newPEMVerifier(t, WithClient(c), WithAcceptedTokens(tc.typ))
			got, err := v.VerifyMachineToken(context.Background(), tc.token)
			if err != nil {
				t.Fatalf("VerifyMachineToken: %v (want a verdict, not %q)", err, ReasonOf(err))
			}
			want := tc.want
			want.Expiration = time.UnixMilli(1700003600000)
			if diff := cmp.Diff(want, *got); diff != "" {
				t.Errorf("claims (-want +got):\n%s", diff)
			}

			// Half a millisecond before testNow: expired, and said so.
			body.Store(strings.Replace(tc.body, "1700003600000.5", "1699999999999.5", 1))
			v = newPEMVerifier(t, WithClient(c), WithAcceptedTokens(tc.typ))
			if _, err := v.VerifyMachineToken(context.Background(), tc.token); !errors.Is(err, ErrMachineTokenInvalid) ||
				ReasonOf(err) != "token-invalid" {
				t.Errorf("expired token: %v (reason %q), want ErrMachineTokenInvalid", err, ReasonOf(err))
			}
		})
	}
}

// Fractional times and counts for the answers of TestNumberFieldsDecode.
const (
	fracTimes = `"created_at": 1699999000000.25, "updated_at": 1699999500000.5, "expiration": 1700003600000.5`
	apiKeyDoc = `{"object": "api_key", "id": "ak_1", "type": "api_key", "name": "ci", "subject": "user_1",
		"description": null, "scopes": ["read"], "claims": null, "revoked": false, "revocation_reason": null,
		"expired": false, "created_by": null, "last_used_at": 1699999900000.75, ` + fracTimes
	m2mDoc = `{"object": "machine_to_machine_token", "id": "mt_1", "subject": "mch_1", "scopes": ["mch_2"],
		"claims": null, "revoked": false, "revocation_reason": null, "expired": false,
		"last_used_at": 1699999900000.75, ` + fracTimes
	portalDoc = `{"object": "admin_portal_link_token", "id": "aplt_1", "admin_portal_link_id": "apl_1",
		"instance_id": "ins_1", "organization_id": null, "it_contact_id": null, "scopes": [], "revoked": false,
		"revocation_reason": null, "expired": false, ` + fracTimes
)

// TestNumberFieldsDecode: every generated type whose fields Clerk types as a
// bare number decodes an answer with fractions through the generated
// client, and encodes again every number as it came.
func TestNumberFieldsDecode(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name, route, body string
		call              func(*bapi.ClientWithResponses) (any, error)
	}{
		{"GetAPIKeys", "GET /v1/api_keys", `{"data": [` + apiKeyDoc + `}], "total_count": 1.5}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.GetAPIKeysWithResponse(ctx, &gen.GetAPIKeysParams{Subject: "user_1"})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"GetAPIKey", "GET /v1/api_keys/ak_1", apiKeyDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.GetAPIKeyWithResponse(ctx, "ak_1")
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"CreateAPIKey", "POST /v1/api_keys", apiKeyDoc + `, "secret": "ak_secret"}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{Name: "ci", Subject: "user_1"})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"UpdateAPIKey", "PATCH /v1/api_keys/ak_1", apiKeyDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.UpdateAPIKeyWithResponse(ctx, "ak_1", gen.UpdateAPIKeyJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"RevokeAPIKey", "POST /v1/api_keys/ak_1/revoke", apiKeyDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.RevokeAPIKeyWithResponse(ctx, "ak_1", gen.RevokeAPIKeyJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"VerifyAPIKey", "POST /v1/api_keys/verify", apiKeyDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.VerifyAPIKeyWithResponse(ctx, gen.VerifyAPIKeyJSONRequestBody{Secret: "ak_secret"})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"GetM2MTokens", "GET /v1/m2m_tokens", `{"m2m_tokens": [` + m2mDoc + `}], "total_count": 1.5}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.GetM2MTokensWithResponse(ctx, &gen.GetM2MTokensParams{Subject: "mch_1"})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"CreateM2MToken", "POST /v1/m2m_tokens", m2mDoc + `, "token": "mt_secret"}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON201 })
			}},
		{"VerifyM2MToken", "POST /v1/m2m_tokens/verify", m2mDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.VerifyM2MTokenWithResponse(ctx, gen.VerifyM2MTokenJSONRequestBody{Token: "mt_secret"})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"RevokeM2MToken", "POST /v1/m2m_tokens/mt_1/revoke", m2mDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.RevokeM2MTokenWithResponse(ctx, "mt_1", gen.RevokeM2MTokenJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
		{"VerifyOAuthAccessToken", "POST /v1/oauth_applications/access_tokens/verify",
			`{"object": "clerk_idp_oauth_access_token", "id": "oat_1", "client_id": "client_1", "subject": "user_1",
				"scopes": ["email"], "revoked": false, "revocation_reason": null, "expired": false, ` + fracTimes + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				tok := "oat_secret"
				r, err := api.VerifyOAuthAccessTokenWithResponse(ctx, gen.VerifyOAuthAccessTokenJSONRequestBody{AccessToken: &tok})
				if err != nil || r.JSON200 == nil {
					return jsonOf(r, err, func() any { return r.JSON200 })
				}
				// The answer is an anyOf; its token member holds the numbers.
				return r.JSON200.AsOAuthAccessTokenVerification0()
			}},
		{"CreateAdminPortalLinkToken", "POST /v1/admin_portal_link_tokens", portalDoc + `, "token": "aplt_secret"}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.CreateAdminPortalLinkTokenWithResponse(ctx, gen.CreateAdminPortalLinkTokenJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON201 })
			}},
		{"RevokeAdminPortalLinkToken", "POST /v1/admin_portal_link_tokens/aplt_1/revoke", portalDoc + `}`,
			func(api *bapi.ClientWithResponses) (any, error) {
				r, err := api.RevokeAdminPortalLinkTokenWithResponse(ctx, "aplt_1", gen.RevokeAdminPortalLinkTokenJSONRequestBody{})
				return jsonOf(r, err, func() any { return r.JSON200 })
			}},
	}
	created := map[string]bool{"CreateM2MToken": true, "CreateAdminPortalLinkToken": true} // 201, as the spec says
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method+" "+r.URL.Path != tt.route {
					http.NotFound(w, r)
					return
				}
				status := http.StatusOK
				if created[tt.name] {
					status = http.StatusCreated
				}
				jsonHandler(status, tt.body)(w, r)
			})
			c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
			got, err := tt.call(bapi.New(c))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			sent := numbers(t, []byte(tt.body))
			back, err := json.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			again := numbers(t, back)
			if len(sent) == 0 {
				t.Fatal("no numbers in the answer")
			}
			for path, n := range sent {
				if again[path] != n {
					t.Errorf("%s: sent %s, decoded and encoded again %q", path, n, again[path])
				}
			}
		})
	}
}

// jsonOf returns the decoded body of a generated response, or the error.
func jsonOf(r any, err error, body func() any) (any, error) {
	if err != nil {
		return nil, err
	}
	b := body()
	if b == nil {
		return nil, fmt.Errorf("no decoded body in %T", r)
	}
	return b, nil
}

// numbers maps the path of every number in a JSON document ("$.data[0].created_at")
// to its text.
func numbers(t *testing.T, doc []byte) map[string]string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(string(doc)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v in %s", err, doc)
	}
	out := map[string]string{}
	var walk func(string, any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case json.Number:
			out[path] = v.String()
		case map[string]any:
			for k, x := range v {
				walk(path+"."+k, x)
			}
		case []any:
			for i, x := range v {
				walk(fmt.Sprintf("%s[%d]", path, i), x)
			}
		}
	}
	walk("$", v)
	return out
}

// TestNumberFieldsSend: request values Clerk types as a bare number are sent
// as they are, fractions and integers past float32's 2^24 included.
func TestNumberFieldsSend(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ttl := 90.5
	limit, offset := 10.0, float64(1<<24+1)
	tests := []struct {
		name, route string
		call        func(*bapi.ClientWithResponses) error
		check       func(t *testing.T, r seen)
	}{
		{"CreateAPIKey", "POST /v1/api_keys", func(api *bapi.ClientWithResponses) error {
			_, err := api.CreateAPIKeyWithResponse(ctx, gen.CreateAPIKeyJSONRequestBody{Name: "ci", Subject: "user_1", SecondsUntilExpiration: &ttl})
			return err
		}, bodyHas(`"seconds_until_expiration":90.5`)},
		{"UpdateAPIKey", "PATCH /v1/api_keys/ak_1", func(api *bapi.ClientWithResponses) error {
			_, err := api.UpdateAPIKeyWithResponse(ctx, "ak_1", gen.UpdateAPIKeyJSONRequestBody{SecondsUntilExpiration: nullable.NewNullableWithValue(ttl)})
			return err
		}, bodyHas(`"seconds_until_expiration":90.5`)},
		{"CreateM2MToken", "POST /v1/m2m_tokens", func(api *bapi.ClientWithResponses) error {
			_, err := api.CreateM2MTokenWithResponse(ctx, gen.CreateM2MTokenJSONRequestBody{SecondsUntilExpiration: &ttl})
			return err
		}, bodyHas(`"seconds_until_expiration":90.5`)},
		{"GetAPIKeys", "GET /v1/api_keys", func(api *bapi.ClientWithResponses) error {
			_, err := api.GetAPIKeysWithResponse(ctx, &gen.GetAPIKeysParams{Subject: "user_1", Limit: &limit, Offset: &offset})
			return err
		}, queryIs("limit=10&offset=16777217&subject=user_1")},
		{"GetM2MTokens", "GET /v1/m2m_tokens", func(api *bapi.ClientWithResponses) error {
			_, err := api.GetM2MTokensWithResponse(ctx, &gen.GetM2MTokensParams{Subject: "mch_1", Limit: &limit, Offset: &offset})
			return err
		}, queryIs("limit=10&offset=16777217&subject=mch_1")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(http.StatusOK, `{}`))
			c, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
			if err := tt.call(bapi.New(c)); err != nil {
				t.Fatal(err)
			}
			reqs := s.requests()
			if len(reqs) != 1 || reqs[0].Method+" "+reqs[0].Path != tt.route {
				t.Fatalf("requests %+v, want one %s", reqs, tt.route)
			}
			tt.check(t, reqs[0])
		})
	}
}

func bodyHas(want string) func(*testing.T, seen) {
	return func(t *testing.T, r seen) {
		t.Helper()
		if !strings.Contains(r.Body, want) {
			t.Errorf("body %s lacks %s", r.Body, want)
		}
	}
}

func queryIs(want string) func(*testing.T, seen) {
	return func(t *testing.T, r seen) {
		t.Helper()
		if got, err := url.ParseQuery(r.Query); err != nil || got.Encode() != want {
			t.Errorf("query %q, want %q (%v)", r.Query, want, err)
		}
	}
}
