package clerk

import (
	"context"
	"iter"

	"github.com/gobapi/clerk/gen"
)

// ListMemberships returns one page of the organization's memberships that
// match params (nil for all), with the total number of matches in
// TotalCount. Use [OrganizationsService.AllMemberships] to iterate over
// every page.
func (s *OrganizationsService) ListMemberships(ctx context.Context, organizationID string, params *OrganizationMembershipListParams) (*OrganizationMembershipList, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListOrganizationMemberships(ctx, organizationID, p)
	return decode[gen.OrganizationMemberships]("list organization memberships", resp, err)
}

// AllMemberships iterates over every membership of the organization that
// matches params (nil for all), fetching pages of params.Limit memberships
// (100 when 0) from params.Offset on. It is lazy: nothing is sent until the
// loop starts, at most one page is held, and breaking out of the loop stops
// fetching. params is copied when AllMemberships is called. On failure,
// including an empty organizationID, it yields one error and stops. It
// guards against servers that repeat pages as [OrganizationsService.All]
// does.
func (s *OrganizationsService) AllMemberships(ctx context.Context, organizationID string, params *OrganizationMembershipListParams) iter.Seq2[*OrganizationMembership, error] {
	p := params.clone()
	return orgPages("list organization memberships", p.Limit, p.Offset, membershipID, func(limit, offset int) ([]OrganizationMembership, int64, error) {
		p.Limit, p.Offset = limit, offset
		page, err := s.ListMemberships(ctx, organizationID, &p)
		if err != nil {
			return nil, 0, err
		}
		return page.Data, page.TotalCount, nil
	})
}

// ListAllMemberships returns one page of the memberships of every
// organization of the instance, with the total in TotalCount. params may be
// nil.
func (s *OrganizationsService) ListAllMemberships(ctx context.Context, params *OrganizationMembershipListAllParams) (*OrganizationMembershipList, error) {
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.InstanceGetOrganizationMemberships(ctx, p)
	return decode[gen.OrganizationMemberships]("list all organization memberships", resp, err)
}

// CreateMembership adds the user params.UserID to the organization with the
// role params.Role, and optional membership metadata.
func (s *OrganizationsService) CreateMembership(ctx context.Context, organizationID string, params *OrganizationMembershipCreateParams) (*OrganizationMembership, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateOrganizationMembership(ctx, organizationID, body)
	return decode[gen.OrganizationMembership]("create organization membership", resp, err)
}

// UpdateMembership changes the role of the user's membership in the
// organization.
func (s *OrganizationsService) UpdateMembership(ctx context.Context, organizationID, userID string, params *OrganizationMembershipUpdateParams) (*OrganizationMembership, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateOrganizationMembership(ctx, organizationID, userID, body)
	return decode[gen.OrganizationMembership]("update organization membership", resp, err)
}

// UpdateMembershipMetadata deep-merges params into the metadata of the
// user's membership in the organization (PATCH): keys that are not sent are
// kept, nested objects are merged, and a key set to nil (JSON null) is
// removed.
func (s *OrganizationsService) UpdateMembershipMetadata(ctx context.Context, organizationID, userID string, params *OrganizationMembershipMetadataParams) (*OrganizationMembership, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateOrganizationMembershipMetadata(ctx, organizationID, userID, body)
	return decode[gen.OrganizationMembership]("update organization membership metadata", resp, err)
}

// DeleteMembership removes the user from the organization and returns the
// removed membership.
func (s *OrganizationsService) DeleteMembership(ctx context.Context, organizationID, userID string) (*OrganizationMembership, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("userID", userID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteOrganizationMembership(ctx, organizationID, userID)
	return decode[gen.OrganizationMembership]("delete organization membership", resp, err)
}

// membershipID is the ID of m, for the page guard.
func membershipID(m *OrganizationMembership) string { return m.ID }
