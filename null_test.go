package clerk

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/oapi-codegen/nullable"

	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/gen"
)

// TestUpdatesSendNull checks, over loopback, that a PATCH body sends JSON
// null for each cleared field and leaves out the fields not set: through
// the facades' Clear lists and through API() with the generated
// nullable.Nullable fields.
func TestUpdatesSendNull(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name       string
		call       func(c *Client) error
		path, body string
	}{
		{
			name: "Organizations.Update",
			call: func(c *Client) error {
				_, err := c.Organizations.Update(ctx, "org_1", &OrganizationUpdateParams{
					Name:  Ptr("Acme"),
					Clear: []OrganizationField{OrganizationFieldRoleSetKey},
				})
				return err
			},
			path: "/v1/organizations/org_1",
			body: `{"name":"Acme","role_set_key":null}`,
		},
		{
			name: "Organizations.Update clear only, twice",
			call: func(c *Client) error {
				_, err := c.Organizations.Update(ctx, "org_1", &OrganizationUpdateParams{
					Clear: []OrganizationField{OrganizationFieldRoleSetKey, OrganizationFieldRoleSetKey},
				})
				return err
			},
			path: "/v1/organizations/org_1",
			body: `{"role_set_key":null}`,
		},
		{
			name: "Users.Update",
			call: func(c *Client) error {
				_, err := c.Users.Update(ctx, "user_1", &UserUpdateParams{
					DeleteSelfEnabled: Ptr(false),
					Clear:             []UserField{UserFieldLegalAcceptedAt, UserFieldUsername},
				})
				return err
			},
			path: "/v1/users/user_1",
			body: `{"delete_self_enabled":false,"legal_accepted_at":null,"username":null}`,
		},
		{
			name: "API UpdateUser",
			call: func(c *Client) error {
				_, err := bapi.New(c).UpdateUserWithResponse(ctx, "user_1", gen.UpdateUserJSONRequestBody{
					FirstName:                nullable.NewNullableWithValue("Ada"),
					ExternalID:               nullable.NewNullNullable[string](),
					CreateOrganizationsLimit: nullable.NewNullNullable[int](),
				})
				return err
			},
			path: "/v1/users/user_1",
			body: `{"first_name":"Ada","external_id":null,"create_organizations_limit":null}`,
		},
		{
			name: "API UpdateOrganization",
			call: func(c *Client) error {
				_, err := bapi.New(c).UpdateOrganizationWithResponse(ctx, "org_1", gen.UpdateOrganizationJSONRequestBody{
					RoleSetKey: nullable.NewNullNullable[string](),
				})
				return err
			},
			path: "/v1/organizations/org_1",
			body: `{"role_set_key":null}`,
		},
		{
			name: "API UpdateOrganizationDomain",
			call: func(c *Client) error {
				_, err := bapi.New(c).UpdateOrganizationDomainWithResponse(ctx, "org_1", "orgdmn_1", gen.UpdateOrganizationDomainJSONRequestBody{
					Verified: nullable.NewNullNullable[bool](),
				})
				return err
			},
			path: "/v1/organizations/org_1/domains/orgdmn_1",
			body: `{"verified":null}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(http.StatusOK, `{"object":"x","id":"x_1"}`))
			c, _ := newTestClient(t, s)
			if err := tt.call(c); err != nil {
				t.Fatal(err)
			}
			r := s.requests()[0]
			if r.Method != http.MethodPatch || r.Path != tt.path {
				t.Errorf("request = %s %s, want PATCH %s", r.Method, r.Path, tt.path)
			}
			orgAssertJSONBody(t, tt.body, r.Body)
		})
	}
}

// TestOrganizationUpdateClearRefused checks the Clear lists that are
// refused before any request.
func TestOrganizationUpdateClearRefused(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		params OrganizationUpdateParams
		reason string
	}{
		{"set and cleared", OrganizationUpdateParams{RoleSetKey: Ptr("rs"), Clear: []OrganizationField{OrganizationFieldRoleSetKey}}, "both set and cleared"},
		{"an organization always has a name", OrganizationUpdateParams{Clear: []OrganizationField{"name"}}, `cannot clear "name"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newServer(t, jsonHandler(http.StatusOK, `{}`))
			c, _ := newTestClient(t, s)
			_, err := c.Organizations.Update(context.Background(), "org_1", &tt.params)
			var pe *InvalidParamError
			if !errors.As(err, &pe) || pe.Param != "Clear" || !strings.Contains(pe.Reason, tt.reason) {
				t.Errorf("Update = %v, want an InvalidParamError for Clear: %s", err, tt.reason)
			}
			if n := len(s.requests()); n != 0 {
				t.Errorf("%d requests sent, want none", n)
			}
		})
	}
}
