package clerk

import (
	"context"
	"errors"
	"io"
	"iter"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// orgContractMethod is one OrganizationsService method called with valid
// params and the path IDs it is given.
type orgContractMethod struct {
	name string
	ids  []string // names of the path ID params, in order
	call func(ctx context.Context, s *OrganizationsService, id []string) (any, error)
}

// orgFirst runs seq until its first error or its end.
func orgFirst[T any](seq iter.Seq2[*T, error]) (any, error) {
	for v, err := range seq {
		if err != nil {
			return nil, err
		}
		_ = v
	}
	return nil, nil
}

func orgContractMethods() []orgContractMethod {
	org := []string{"organizationID"}
	member := []string{"organizationID", "userID"}
	inv := []string{"organizationID", "invitationID"}
	dom := []string{"organizationID", "domainID"}
	return []orgContractMethod{
		{"Get", []string{"idOrSlug"}, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.Get(ctx, id[0], nil)
		}},
		{"List", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return s.List(ctx, nil)
		}},
		{"GetBillingSubscription", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.GetBillingSubscription(ctx, id[0])
		}},
		{"GetBillingCreditBalance", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.GetBillingCreditBalance(ctx, id[0])
		}},
		{"AdjustBillingCreditBalance", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.AdjustBillingCreditBalance(ctx, id[0], &BillingCreditAdjustParams{Action: BillingCreditIncrease, Amount: 1, IdempotencyKey: "k"})
		}},
		{"All", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return orgFirst(s.All(ctx, nil))
		}},
		{"Create", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return s.Create(ctx, &OrganizationCreateParams{Name: "Acme"})
		}},
		{"Update", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.Update(ctx, id[0], &OrganizationUpdateParams{Name: Ptr("Acme")})
		}},
		{"Delete", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.Delete(ctx, id[0])
		}},
		{"UpdateMetadata", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.UpdateMetadata(ctx, id[0], &OrganizationMetadataParams{PublicMetadata: map[string]any{"a": 1}})
		}},
		{"ReplaceMetadata", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.ReplaceMetadata(ctx, id[0], &OrganizationMetadataParams{PublicMetadata: map[string]any{"a": 1}})
		}},
		{"SetLogo", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.SetLogo(ctx, id[0], "logo.png", strings.NewReader("\x89PNG"), nil)
		}},
		{"DeleteLogo", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.DeleteLogo(ctx, id[0])
		}},
		{"ListMemberships", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.ListMemberships(ctx, id[0], nil)
		}},
		{"AllMemberships", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return orgFirst(s.AllMemberships(ctx, id[0], nil))
		}},
		{"ListAllMemberships", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return s.ListAllMemberships(ctx, nil)
		}},
		{"CreateMembership", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.CreateMembership(ctx, id[0], &OrganizationMembershipCreateParams{UserID: "user_1", Role: "org:member"})
		}},
		{"UpdateMembership", member, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.UpdateMembership(ctx, id[0], id[1], &OrganizationMembershipUpdateParams{Role: "org:admin"})
		}},
		{"UpdateMembershipMetadata", member, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.UpdateMembershipMetadata(ctx, id[0], id[1], nil)
		}},
		{"DeleteMembership", member, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.DeleteMembership(ctx, id[0], id[1])
		}},
		{"CreateInvitation", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.CreateInvitation(ctx, id[0], &OrganizationInvitationCreateParams{EmailAddress: "a@example.test", Role: "org:member"})
		}},
		{"CreateInvitations", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.CreateInvitations(ctx, id[0], []OrganizationInvitationCreateParams{{EmailAddress: "a@example.test", Role: "org:member"}})
		}},
		{"ListInvitations", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.ListInvitations(ctx, id[0], nil)
		}},
		{"ListPendingInvitations", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.ListPendingInvitations(ctx, id[0], nil) //nolint:staticcheck // The deprecated operation is still wrapped.
		}},
		{"ListAllInvitations", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return s.ListAllInvitations(ctx, nil)
		}},
		{"GetInvitation", inv, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.GetInvitation(ctx, id[0], id[1])
		}},
		{"RevokeInvitation", inv, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.RevokeInvitation(ctx, id[0], id[1], nil)
		}},
		{"CreateDomain", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.CreateDomain(ctx, id[0], &OrganizationDomainCreateParams{Name: "example.test"})
		}},
		{"ListDomains", org, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.ListDomains(ctx, id[0], nil)
		}},
		{"ListAllDomains", nil, func(ctx context.Context, s *OrganizationsService, _ []string) (any, error) {
			return s.ListAllDomains(ctx, nil)
		}},
		{"UpdateDomain", dom, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.UpdateDomain(ctx, id[0], id[1], nil)
		}},
		{"DeleteDomain", dom, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.DeleteDomain(ctx, id[0], id[1])
		}},
		{"VerifyDomainOwnership", dom, func(ctx context.Context, s *OrganizationsService, id []string) (any, error) {
			return s.VerifyDomainOwnership(ctx, id[0], id[1])
		}},
	}
}

// orgIsNil reports whether v is nil or a nil pointer.
func orgIsNil(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// TestOrganizationsServiceContract proves, for every method, that bad path
// IDs are refused before any request, that a cancelled context sends
// nothing, and that a 5xx HTML page becomes an *APIError.
func TestOrganizationsServiceContract(t *testing.T) {
	t.Parallel()
	// The contract test must cover every exported method.
	methods := orgContractMethods()
	covered := map[string]bool{}
	for _, m := range methods {
		covered[m.name] = true
	}
	typ := reflect.TypeOf(&OrganizationsService{})
	for i := range typ.NumMethod() {
		if name := typ.Method(i).Name; !covered[name] {
			t.Errorf("method %s is missing from orgContractMethods", name)
		}
	}

	for _, m := range methods {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusBadGateway)
				io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
			})
			c, _ := newTestClient(t, srv)
			valid := make([]string, len(m.ids))
			for i := range valid {
				valid[i] = "id_" + m.ids[i]
			}

			for i, param := range m.ids {
				for _, bad := range []string{"", ".", ".."} {
					ids := append([]string(nil), valid...)
					ids[i] = bad
					got, err := m.call(context.Background(), c.Organizations, ids)
					var pe *InvalidParamError
					if !errors.Is(err, ErrInvalidParams) || !errors.As(err, &pe) || pe.Param != param {
						t.Errorf("%s=%q: error = %v, want *InvalidParamError for %s", param, bad, err, param)
					}
					if !orgIsNil(got) {
						t.Errorf("%s=%q: result = %v, want nil", param, bad, got)
					}
				}
			}
			if n := len(srv.requests()); n != 0 {
				t.Fatalf("bad IDs sent %d requests, want 0", n)
			}

			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			got, err := m.call(ctx, c.Organizations, valid)
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled context: error = %v, want context.Canceled", err)
			}
			if !orgIsNil(got) {
				t.Errorf("cancelled context: result = %v, want nil", got)
			}
			if n := len(srv.requests()); n != 0 {
				t.Fatalf("cancelled context sent %d requests, want 0", n)
			}

			got, err = m.call(context.Background(), c.Organizations, valid)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadGateway || len(apiErr.Errors) != 0 {
				t.Errorf("5xx HTML: error = %#v, want *APIError 502 without details", err)
			}
			if !orgIsNil(got) {
				t.Errorf("5xx HTML: result = %v, want nil", got)
			}
			if err != nil {
				assertNoSecret(t, "error", err.Error())
			}
		})
	}
}
