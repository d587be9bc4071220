package clerk

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/gobapi/clerk/gen"
)

// orgFill sets every field of the struct *p to a non-zero value, so that a
// field added to a facade params type is filled without editing this test.
func orgFill[T any](t *testing.T) *T {
	t.Helper()
	p := new(T)
	v := reflect.ValueOf(p).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		if !orgFillValue(f) {
			t.Fatalf("orgFill: no value for %s.%s (%s)", v.Type().Name(), v.Type().Field(i).Name, f.Type())
		}
	}
	return p
}

func orgFillValue(f reflect.Value) bool {
	switch {
	case f.Type() == reflect.TypeOf(time.Time{}):
		f.Set(reflect.ValueOf(orgT0))
	case f.Kind() == reflect.Interface:
		f.Set(reflect.ValueOf(map[string]any{"k": "v"}))
	case f.Kind() == reflect.String:
		f.SetString("x")
	case f.Kind() == reflect.Bool:
		f.SetBool(true)
	case f.Kind() == reflect.Int:
		f.SetInt(1)
	case f.Kind() == reflect.Pointer:
		e := reflect.New(f.Type().Elem())
		if !orgFillValue(e.Elem()) {
			return false
		}
		f.Set(e)
	case f.Kind() == reflect.Slice:
		s := reflect.MakeSlice(f.Type(), 1, 1)
		if !orgFillValue(s.Index(0)) {
			return false
		}
		f.Set(s)
	default:
		return false
	}
	return true
}

// orgAssertAllSet fails for every zero field of the generated struct v.
func orgAssertAllSet(t *testing.T, v any) {
	t.Helper()
	rv := reflect.Indirect(reflect.ValueOf(v))
	if rv.Kind() == reflect.Slice {
		if rv.Len() == 0 {
			t.Fatalf("%s is empty", rv.Type())
		}
		rv = rv.Index(0)
	}
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Errorf("%s.%s is not reachable from the facade params", rv.Type(), rv.Type().Field(i).Name)
		}
	}
}

// TestOrganizationParamsReachGeneratedFields sets every field of each
// facade params type and checks that every field of the generated params or
// body it maps to is set: a field added to the spec fails here until the
// facade exposes it.
func TestOrganizationParamsReachGeneratedFields(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		toGen func(t *testing.T) (any, error)
	}{
		{"GetOrganizationParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationGetParams](t).toGen(), nil
		}},
		{"ListOrganizationsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationListParams](t).toGen()
		}},
		{"CreateOrganizationJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationCreateParams](t).toGen()
		}},
		{"UpdateOrganizationJSONBody", func(t *testing.T) (any, error) {
			p := orgFill[OrganizationUpdateParams](t)
			p.Clear = nil // a field is set or cleared, not both
			return p.toGen()
		}},
		{"MergeOrganizationMetadataJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMetadataParams](t).toGen()
		}},
		{"ReplaceOrganizationMetadataJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMetadataParams](t).toGenReplace()
		}},
		{"UploadOrganizationLogoMultipartBody", func(t *testing.T) (any, error) {
			return orgLogoBody("logo.png", strings.NewReader("png"), orgFill[OrganizationSetLogoParams](t))
		}},
		{"ListOrganizationMembershipsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMembershipListParams](t).toGen()
		}},
		{"InstanceGetOrganizationMembershipsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMembershipListAllParams](t).toGen()
		}},
		{"CreateOrganizationMembershipJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMembershipCreateParams](t).toGen()
		}},
		{"UpdateOrganizationMembershipJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMembershipUpdateParams](t).toGen()
		}},
		{"UpdateOrganizationMembershipMetadataJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationMembershipMetadataParams](t).toGen()
		}},
		{"CreateOrganizationInvitationJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationInvitationCreateParams](t).toGen("")
		}},
		{"CreateOrganizationInvitationBulkJSONBody", func(t *testing.T) (any, error) {
			return orgBulkInvitations([]OrganizationInvitationCreateParams{*orgFill[OrganizationInvitationCreateParams](t)})
		}},
		{"ListOrganizationInvitationsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationInvitationListParams](t).toGen()
		}},
		{"ListPendingOrganizationInvitationsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationPendingInvitationListParams](t).toGen()
		}},
		{"ListInstanceOrganizationInvitationsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationInvitationListAllParams](t).toGen()
		}},
		{"RevokeOrganizationInvitationJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationInvitationRevokeParams](t).toGen(), nil
		}},
		{"CreateOrganizationDomainJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationDomainCreateParams](t).toGen()
		}},
		{"UpdateOrganizationDomainJSONBody", func(t *testing.T) (any, error) {
			return orgFill[OrganizationDomainUpdateParams](t).toGen(), nil
		}},
		{"ListOrganizationDomainsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationDomainListParams](t).toGen()
		}},
		{"ListAllOrganizationDomainsParams", func(t *testing.T) (any, error) {
			return orgFill[OrganizationDomainListAllParams](t).toGen()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.toGen(t)
			if err != nil {
				t.Fatalf("toGen: %v", err)
			}
			orgAssertAllSet(t, got)
		})
	}
}

// TestOrganizationReplaceMetadataJSON checks that the hand-written PUT
// encoding matches encoding/json on a fully set body (so it cannot miss a
// generated field) and keeps an empty map, which encoding/json drops.
func TestOrganizationReplaceMetadataJSON(t *testing.T) {
	t.Parallel()
	full := gen.ReplaceOrganizationMetadataJSONRequestBody{
		PublicMetadata:  map[string]any{"a": 1.0},
		PrivateMetadata: map[string]any{"b": nil},
	}
	tests := []struct {
		name string
		body gen.ReplaceOrganizationMetadataJSONRequestBody
		want string
	}{
		{"full", full, orgMustJSON(t, full)},
		{"empty maps clear", gen.ReplaceOrganizationMetadataJSONRequestBody{PublicMetadata: map[string]any{}, PrivateMetadata: map[string]any{}},
			`{"private_metadata":{},"public_metadata":{}}`},
		{"nil maps are not sent", gen.ReplaceOrganizationMetadataJSONRequestBody{}, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := orgReplaceMetadataJSON(tt.body)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, string(got)); diff != "" {
				t.Errorf("body mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func orgMustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestOrganizationMetadataValues checks the metadata arguments accepted and
// refused before any request.
func TestOrganizationMetadataValues(t *testing.T) {
	t.Parallel()
	type profile struct {
		Plan  string `json:"plan"`
		Seats int64  `json:"seats"`
	}
	tests := []struct {
		name    string
		in      any
		want    map[string]any
		wantErr bool
	}{
		{"nil", nil, nil, false},
		{"nil map", map[string]any(nil), nil, false},
		{"map", map[string]any{"a": 1}, map[string]any{"a": 1}, false},
		{"struct keeps exact numbers", profile{"pro", 1 << 60}, map[string]any{"plan": "pro", "seats": json.Number("1152921504606846976")}, false},
		{"typed map", map[string]string{"a": "b"}, map[string]any{"a": "b"}, false},
		{"raw JSON", json.RawMessage(`{"a":[1,null]}`), map[string]any{"a": []any{json.Number("1"), nil}}, false},
		{"raw null", json.RawMessage(`null`), nil, false},
		{"array", []string{"a"}, nil, true},
		{"string", "a", nil, true},
		{"unencodable struct", struct{ C chan int }{}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := orgMetadata("PublicMetadata", tt.in)
			if tt.wantErr {
				var pe *InvalidParamError
				if !errors.As(err, &pe) || pe.Param != "PublicMetadata" || !errors.Is(err, ErrInvalidParams) {
					t.Fatalf("error = %v, want *InvalidParamError for PublicMetadata", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("metadata mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestOrganizationParamsValidation checks the argument errors returned
// before any request.
func TestOrganizationParamsValidation(t *testing.T) {
	t.Parallel()
	eleven := make([]OrganizationInvitationCreateParams, 11)
	for i := range eleven {
		eleven[i] = OrganizationInvitationCreateParams{EmailAddress: "a@example.test", Role: "org:member"}
	}
	tests := []struct {
		name      string
		call      func(s *OrganizationsService) error
		wantParam string
	}{
		{"Create nil", func(s *OrganizationsService) error { _, err := s.Create(t.Context(), nil); return err }, "Name"},
		{"Create no name", func(s *OrganizationsService) error {
			_, err := s.Create(t.Context(), &OrganizationCreateParams{})
			return err
		}, "Name"},
		{"Create array metadata", func(s *OrganizationsService) error {
			_, err := s.Create(t.Context(), &OrganizationCreateParams{Name: "a", PrivateMetadata: []int{1}})
			return err
		}, "PrivateMetadata"},
		{"Create unencodable metadata", func(s *OrganizationsService) error {
			_, err := s.Create(t.Context(), &OrganizationCreateParams{Name: "a", PublicMetadata: map[string]any{"f": func() {}}})
			return err
		}, "create organization request"},
		{"List negative limit", func(s *OrganizationsService) error {
			_, err := s.List(t.Context(), &OrganizationListParams{Limit: -1})
			return err
		}, "Limit"},
		{"ListMemberships negative offset", func(s *OrganizationsService) error {
			_, err := s.ListMemberships(t.Context(), "org_1", &OrganizationMembershipListParams{Offset: -1})
			return err
		}, "Offset"},
		{"All negative limit", func(s *OrganizationsService) error {
			_, err := orgFirst(s.All(t.Context(), &OrganizationListParams{Limit: -5}))
			return err
		}, "Limit"},
		{"CreateMembership no user", func(s *OrganizationsService) error {
			_, err := s.CreateMembership(t.Context(), "org_1", &OrganizationMembershipCreateParams{Role: "org:member"})
			return err
		}, "UserID"},
		{"CreateMembership no role", func(s *OrganizationsService) error {
			_, err := s.CreateMembership(t.Context(), "org_1", &OrganizationMembershipCreateParams{UserID: "user_1"})
			return err
		}, "Role"},
		{"UpdateMembership nil", func(s *OrganizationsService) error {
			_, err := s.UpdateMembership(t.Context(), "org_1", "user_1", nil)
			return err
		}, "Role"},
		{"UpdateMembershipMetadata string", func(s *OrganizationsService) error {
			_, err := s.UpdateMembershipMetadata(t.Context(), "org_1", "user_1", &OrganizationMembershipMetadataParams{PublicMetadata: "x"})
			return err
		}, "PublicMetadata"},
		{"ReplaceMetadata string", func(s *OrganizationsService) error {
			_, err := s.ReplaceMetadata(t.Context(), "org_1", &OrganizationMetadataParams{PrivateMetadata: 3})
			return err
		}, "PrivateMetadata"},
		{"CreateInvitation nil", func(s *OrganizationsService) error {
			_, err := s.CreateInvitation(t.Context(), "org_1", nil)
			return err
		}, "params"},
		{"CreateInvitation no email", func(s *OrganizationsService) error {
			_, err := s.CreateInvitation(t.Context(), "org_1", &OrganizationInvitationCreateParams{Role: "org:member"})
			return err
		}, "EmailAddress"},
		{"CreateInvitations none", func(s *OrganizationsService) error {
			_, err := s.CreateInvitations(t.Context(), "org_1", nil)
			return err
		}, "params"},
		{"CreateInvitations eleven", func(s *OrganizationsService) error {
			_, err := s.CreateInvitations(t.Context(), "org_1", eleven)
			return err
		}, "params"},
		{"CreateInvitations bad entry", func(s *OrganizationsService) error {
			_, err := s.CreateInvitations(t.Context(), "org_1", []OrganizationInvitationCreateParams{
				{EmailAddress: "a@example.test", Role: "org:member"},
				{EmailAddress: "b@example.test"},
			})
			return err
		}, "params[1].Role"},
		{"CreateInvitations bad metadata", func(s *OrganizationsService) error {
			_, err := s.CreateInvitations(t.Context(), "org_1", []OrganizationInvitationCreateParams{
				{EmailAddress: "a@example.test", Role: "org:member", PublicMetadata: true},
			})
			return err
		}, "params[0].PublicMetadata"},
		{"CreateDomain no name", func(s *OrganizationsService) error {
			_, err := s.CreateDomain(t.Context(), "org_1", &OrganizationDomainCreateParams{})
			return err
		}, "Name"},
		{"SetLogo no file name", func(s *OrganizationsService) error {
			_, err := s.SetLogo(t.Context(), "org_1", "", strings.NewReader("x"), nil)
			return err
		}, "fileName"},
		{"SetLogo nil file", func(s *OrganizationsService) error {
			_, err := s.SetLogo(t.Context(), "org_1", "logo.png", nil, nil)
			return err
		}, "file"},
		{"SetLogo unreadable file", func(s *OrganizationsService) error {
			_, err := s.SetLogo(t.Context(), "org_1", "logo.png", orgFailingReader{}, nil)
			return err
		}, "file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, jsonHandler(200, `{}`))
			c, _ := newTestClient(t, srv)
			err := tt.call(c.Organizations)
			var pe *InvalidParamError
			if !errors.As(err, &pe) || !errors.Is(err, ErrInvalidParams) {
				t.Fatalf("error = %v, want *InvalidParamError", err)
			}
			if pe.Param != tt.wantParam {
				t.Errorf("Param = %q, want %q (error %v)", pe.Param, tt.wantParam, err)
			}
			if n := len(srv.requests()); n != 0 {
				t.Errorf("sent %d requests, want 0", n)
			}
		})
	}
}

// orgFailingReader fails every read.
type orgFailingReader struct{}

func (orgFailingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }
