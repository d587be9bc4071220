package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// CreateDomain adds the domain params.Name to the organization. Unless
// params.Verified is true, ownership is proven later with
// [OrganizationsService.VerifyDomainOwnership].
func (s *OrganizationsService) CreateDomain(ctx context.Context, organizationID string, params *OrganizationDomainCreateParams) (*OrganizationDomain, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateOrganizationDomain(ctx, organizationID, body)
	return decode[gen.OrganizationDomain]("create organization domain", resp, err)
}

// ListDomains returns one page of the organization's domains that match
// params (nil for all), with the total number of matches in TotalCount.
func (s *OrganizationsService) ListDomains(ctx context.Context, organizationID string, params *OrganizationDomainListParams) (*OrganizationDomainList, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListOrganizationDomains(ctx, organizationID, p)
	return decode[gen.OrganizationDomains]("list organization domains", resp, err)
}

// ListAllDomains returns one page of the domains of every organization of
// the instance that match params (nil for all), with the total in
// TotalCount.
func (s *OrganizationsService) ListAllDomains(ctx context.Context, params *OrganizationDomainListAllParams) (*OrganizationDomainList, error) {
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListAllOrganizationDomains(ctx, p)
	return decode[gen.OrganizationDomains]("list all organization domains", resp, err)
}

// UpdateDomain changes the enrollment mode or verified state of one of the
// organization's domains.
func (s *OrganizationsService) UpdateDomain(ctx context.Context, organizationID, domainID string, params *OrganizationDomainUpdateParams) (*OrganizationDomain, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("domainID", domainID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateOrganizationDomain(ctx, organizationID, domainID, params.toGen())
	return decode[gen.OrganizationDomain]("update organization domain", resp, err)
}

// DeleteDomain removes a domain from the organization.
func (s *OrganizationsService) DeleteDomain(ctx context.Context, organizationID, domainID string) (*DeletedObject, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("domainID", domainID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteOrganizationDomain(ctx, organizationID, domainID)
	return decode[gen.DeletedObject]("delete organization domain", resp, err)
}

// VerifyDomainOwnership asks Clerk to check the DNS record that proves the
// organization owns the domain, and returns the domain with the outcome in
// OwnershipVerification.
func (s *OrganizationsService) VerifyDomainOwnership(ctx context.Context, organizationID, domainID string) (*OrganizationDomain, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("domainID", domainID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.VerifyOrganizationDomainOwnership(ctx, organizationID, domainID)
	return decode[gen.OrganizationDomain]("verify organization domain ownership", resp, err)
}
