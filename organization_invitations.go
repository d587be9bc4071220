package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// CreateInvitation invites params.EmailAddress to the organization with the
// role params.Role. Clerk emails the invitee unless params.Notify is false.
func (s *OrganizationsService) CreateInvitation(ctx context.Context, organizationID string, params *OrganizationInvitationCreateParams) (*OrganizationInvitation, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen("")
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateOrganizationInvitation(ctx, organizationID, body)
	return decode[gen.OrganizationInvitation]("create organization invitation", resp, err)
}

// CreateInvitations invites 1 to 10 email addresses to the organization in
// one request and returns the created invitations. Every entry is checked
// before anything is sent: a missing EmailAddress or Role, or more than 10
// entries, is an [*InvalidParamError] naming the entry (such as
// "params[3].Role").
func (s *OrganizationsService) CreateInvitations(ctx context.Context, organizationID string, params []OrganizationInvitationCreateParams) (*OrganizationInvitationList, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := orgBulkInvitations(params)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateOrganizationInvitationBulk(ctx, organizationID, body)
	return decode[gen.OrganizationInvitations]("create organization invitations", resp, err)
}

// ListInvitations returns one page of the organization's invitations that
// match params (nil for all), with the total number of matches in
// TotalCount. Filter with params.Status, for example
// [OrganizationInvitationStatusPending].
func (s *OrganizationsService) ListInvitations(ctx context.Context, organizationID string, params *OrganizationInvitationListParams) (*OrganizationInvitationList, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListOrganizationInvitations(ctx, organizationID, p)
	return decode[gen.OrganizationInvitations]("list organization invitations", resp, err)
}

// ListPendingInvitations returns one page of the organization's pending
// invitations. params may be nil.
//
// Deprecated: BAPI deprecates this operation. Use
// [OrganizationsService.ListInvitations] with Status set to
// [OrganizationInvitationStatusPending].
func (s *OrganizationsService) ListPendingInvitations(ctx context.Context, organizationID string, params *OrganizationPendingInvitationListParams) (*OrganizationInvitationList, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListPendingOrganizationInvitations(ctx, organizationID, p)
	return decode[gen.OrganizationInvitations]("list pending organization invitations", resp, err)
}

// ListAllInvitations returns one page of the invitations of every
// organization of the instance, each with its organization's public data,
// and the total in TotalCount. params may be nil.
func (s *OrganizationsService) ListAllInvitations(ctx context.Context, params *OrganizationInvitationListAllParams) (*OrganizationInvitationWithPublicOrganizationDataList, error) {
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListInstanceOrganizationInvitations(ctx, p)
	return decode[gen.OrganizationInvitationsWithPublicOrganizationData]("list all organization invitations", resp, err)
}

// GetInvitation returns one invitation of the organization.
func (s *OrganizationsService) GetInvitation(ctx context.Context, organizationID, invitationID string) (*OrganizationInvitation, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("invitationID", invitationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetOrganizationInvitation(ctx, organizationID, invitationID)
	return decode[gen.OrganizationInvitation]("get organization invitation", resp, err)
}

// RevokeInvitation revokes a pending invitation of the organization and
// returns it with its new status. params may be nil.
func (s *OrganizationsService) RevokeInvitation(ctx context.Context, organizationID, invitationID string, params *OrganizationInvitationRevokeParams) (*OrganizationInvitation, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	if err := requireID("invitationID", invitationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.RevokeOrganizationInvitation(ctx, organizationID, invitationID, params.toGen())
	return decode[gen.OrganizationInvitation]("revoke organization invitation", resp, err)
}
