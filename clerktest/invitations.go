package clerktest

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// defaultInvitationDays is how long an organization invitation lives
// unless expires_in_days says otherwise.
const defaultInvitationDays = 30

// invitationStatus is the stored status, or "expired" for a pending
// invitation whose expires_at has passed on the server's clock.
func invitationStatus(r *invitationRec, now int64) string {
	st := strOr(r.inv.Status)
	if st == "pending" && r.inv.ExpiresAt != nil && *r.inv.ExpiresAt <= now {
		return "expired"
	}
	return st
}

func (s *Server) invitationOut(r *invitationRec) (gen.OrganizationInvitation, error) {
	out, err := clone(r.inv)
	if err != nil {
		return out, err
	}
	out.Status = ptr(invitationStatus(r, ms(s.now())))
	return out, nil
}

func (s *Server) invitationWithOrg(r *invitationRec) (gen.OrganizationInvitationWithPublicOrganizationData, error) {
	inv, err := s.invitationOut(r)
	if err != nil {
		return gen.OrganizationInvitationWithPublicOrganizationData{}, err
	}
	out := gen.OrganizationInvitationWithPublicOrganizationData{
		ID: inv.ID, Object: "organization_invitation", EmailAddress: inv.EmailAddress, Role: inv.Role, RoleName: inv.RoleName,
		OrganizationID: inv.OrganizationID, Status: inv.Status, PublicMetadata: inv.PublicMetadata,
		PrivateMetadata: inv.PrivateMetadata, CreatedAt: inv.CreatedAt, UpdatedAt: inv.UpdatedAt,
		ExpiresAt: inv.ExpiresAt, InviterID: inv.InviterID, PublicInviterData: inv.PublicInviterData, URL: inv.URL,
	}
	if o := s.db.orgs[strOr(inv.OrganizationID)]; o != nil {
		out.PublicOrganizationData = &gen.OrganizationInvitationPublicOrganizationData{
			ID: o.o.ID, Name: o.o.Name, Slug: o.o.Slug, HasImage: o.o.HasImage, ImageURL: o.o.ImageURL,
		}
	}
	return out, nil
}

// newInvitation validates and builds (but does not store) an invitation;
// s.mu must be held.
func (s *Server) newInvitation(org *orgRec, b gen.CreateOrganizationInvitationJSONBody) (*invitationRec, *apiError) {
	db := &s.db
	if !validEmail(b.EmailAddress) {
		return nil, errParamFormat("email_address", "must be a valid email address")
	}
	if e := db.checkRole(b.Role); e != nil {
		return nil, e
	}
	days := defaultInvitationDays
	if b.ExpiresInDays != nil {
		days = *b.ExpiresInDays
		if days < 1 || days > 365 {
			return nil, errParamValue("expires_in_days", "must be between 1 and 365")
		}
	}
	if uid := db.byEmail[lower(b.EmailAddress)]; uid != "" && db.membership(org.o.ID, uid) != nil {
		return nil, newAPIError(http.StatusUnprocessableEntity, "already_a_member_in_organization", "already a member",
			b.EmailAddress+" is already a member of the organization.", paramMeta("email_address"))
	}
	now := s.now()
	inv := gen.OrganizationInvitation{
		ID: newID("orginv"), Object: "organization_invitation", EmailAddress: b.EmailAddress,
		Role: b.Role, RoleName: db.roleName(b.Role), OrganizationID: ptr(org.o.ID), Status: ptr("pending"),
		PublicMetadata: rawMetadata(b.PublicMetadata), PrivateMetadata: rawMetadata(b.PrivateMetadata),
		CreatedAt: ms(now), UpdatedAt: ms(now), ExpiresAt: ptr(ms(now.Add(time.Duration(days) * 24 * time.Hour))),
	}
	if b.InviterUserID != nil {
		u, e := db.user(*b.InviterUserID)
		if e != nil {
			return nil, e
		}
		if m := db.membership(org.o.ID, u.u.ID); m == nil || m.m.Role != roleAdmin {
			return nil, newAPIError(http.StatusForbidden, "not_an_admin_in_organization", "not an admin",
				"The inviter must be an admin of the organization.", paramMeta("inviter_user_id"))
		}
		inv.InviterID = ptr(u.u.ID)
		inv.PublicInviterData = &gen.OrganizationInvitationPublicUserData{
			UserID: u.u.ID, FirstName: u.u.FirstName, LastName: u.u.LastName, Identifier: primaryEmail(&u.u),
			ImageURL: u.u.ImageURL, HasImage: u.u.HasImage,
		}
	}
	return &invitationRec{seq: db.next(), inv: inv}, nil
}

func (a *api) CreateOrganizationInvitation(_ context.Context, req bapiserver.CreateOrganizationInvitationRequestObject) (bapiserver.CreateOrganizationInvitationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	r, e := s.newInvitation(org, gen.CreateOrganizationInvitationJSONBody(*req.Body))
	if e != nil {
		return nil, e
	}
	s.db.invitations[r.inv.ID] = r
	out, err := s.invitationOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateOrganizationInvitation200JSONResponse(out), nil
}

// CreateOrganizationInvitationBulk creates all invitations or none.
func (a *api) CreateOrganizationInvitationBulk(_ context.Context, req bapiserver.CreateOrganizationInvitationBulkRequestObject) (bapiserver.CreateOrganizationInvitationBulkResponseObject, error) {
	if len(*req.Body) == 0 {
		return nil, errParamMissing("body")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	var rs []*invitationRec
	for _, b := range *req.Body {
		r, e := s.newInvitation(org, gen.CreateOrganizationInvitationJSONBody(b))
		if e != nil {
			return nil, e
		}
		rs = append(rs, r)
	}
	out := bapiserver.CreateOrganizationInvitationBulk200JSONResponse{Data: []gen.OrganizationInvitation{}, TotalCount: int64(len(rs))}
	for _, r := range rs {
		s.db.invitations[r.inv.ID] = r
		inv, err := s.invitationOut(r)
		if err != nil {
			return nil, err
		}
		out.Data = append(out.Data, inv)
	}
	return out, nil
}

func (s *Server) invitation(orgID, id string) (*invitationRec, *apiError) {
	org, e := s.db.org(orgID)
	if e != nil {
		return nil, e
	}
	r := s.db.invitations[id]
	if r == nil || strOr(r.inv.OrganizationID) != org.o.ID {
		return nil, errNotFound("organization invitation " + id)
	}
	return r, nil
}

func (a *api) GetOrganizationInvitation(_ context.Context, req bapiserver.GetOrganizationInvitationRequestObject) (bapiserver.GetOrganizationInvitationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.invitation(req.OrganizationID, req.InvitationID)
	if e != nil {
		return nil, e
	}
	out, err := s.invitationOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetOrganizationInvitation200JSONResponse(out), nil
}

// RevokeOrganizationInvitation revokes a pending invitation; any other
// status is refused.
func (a *api) RevokeOrganizationInvitation(_ context.Context, req bapiserver.RevokeOrganizationInvitationRequestObject) (bapiserver.RevokeOrganizationInvitationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.invitation(req.OrganizationID, req.InvitationID)
	if e != nil {
		return nil, e
	}
	now := ms(s.now())
	if st := invitationStatus(r, now); st != "pending" {
		return nil, newAPIError(http.StatusUnprocessableEntity, "organization_invitation_not_pending", "not pending",
			"Only pending invitations can be revoked; this one is "+st+".", nil)
	}
	if req.Body != nil && req.Body.RequestingUserID != nil {
		if m := s.db.membership(strOr(r.inv.OrganizationID), *req.Body.RequestingUserID); m == nil || m.m.Role != roleAdmin {
			return nil, newAPIError(http.StatusForbidden, "not_an_admin_in_organization", "not an admin",
				"The requesting user must be an admin of the organization.", paramMeta("requesting_user_id"))
		}
	}
	r.inv.Status = ptr("revoked")
	r.inv.UpdatedAt = now
	out, err := s.invitationOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.RevokeOrganizationInvitation200JSONResponse(out), nil
}

// invitationsWhere lists invitations matching keep, ordered by order_by
// (created_at or email_address; default -created_at).
func (s *Server) invitationsWhere(orderBy *string, keep func(r *invitationRec, status string) bool) ([]*invitationRec, *apiError) {
	field, desc, e := parseOrderBy(orderBy, "-created_at", func(f string) bool { return f == "created_at" || f == "email_address" })
	if e != nil {
		return nil, e
	}
	now := ms(s.now())
	var rs []*invitationRec
	for _, r := range s.db.invitations {
		if keep(r, invitationStatus(r, now)) {
			rs = append(rs, r)
		}
	}
	sortRecords(rs, func(r *invitationRec) (any, bool) {
		if field == "email_address" {
			return lower(r.inv.EmailAddress), true
		}
		return r.inv.CreatedAt, true
	}, func(r *invitationRec) int64 { return r.seq }, desc)
	return rs, nil
}

func (s *Server) invitationPage(rs []*invitationRec, limit, offset *int) (gen.OrganizationInvitations, error) {
	data, err := pageOut(rs, limit, offset, s.invitationOut)
	return gen.OrganizationInvitations{Data: data, TotalCount: int64(len(rs))}, err
}

func (s *Server) invitationPageWithOrg(rs []*invitationRec, limit, offset *int) (gen.OrganizationInvitationsWithPublicOrganizationData, error) {
	data, err := pageOut(rs, limit, offset, s.invitationWithOrg)
	return gen.OrganizationInvitationsWithPublicOrganizationData{Data: data, TotalCount: int64(len(rs))}, err
}

func (a *api) ListOrganizationInvitations(_ context.Context, req bapiserver.ListOrganizationInvitationsRequestObject) (bapiserver.ListOrganizationInvitationsResponseObject, error) {
	p := req.Params
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	rs, e := s.invitationsWhere(p.OrderBy, func(r *invitationRec, st string) bool {
		return strOr(r.inv.OrganizationID) == org.o.ID &&
			(p.Status == nil || string(*p.Status) == st) &&
			(p.EmailAddress == nil || strings.EqualFold(*p.EmailAddress, r.inv.EmailAddress))
	})
	if e != nil {
		return nil, e
	}
	out, err := s.invitationPage(rs, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizationInvitations200JSONResponse(out), nil
}

func (a *api) ListPendingOrganizationInvitations(_ context.Context, req bapiserver.ListPendingOrganizationInvitationsRequestObject) (bapiserver.ListPendingOrganizationInvitationsResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	rs, e := s.invitationsWhere(nil, func(r *invitationRec, st string) bool {
		return strOr(r.inv.OrganizationID) == org.o.ID && st == "pending"
	})
	if e != nil {
		return nil, e
	}
	out, err := s.invitationPage(rs, req.Params.Limit, req.Params.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListPendingOrganizationInvitations200JSONResponse(out), nil
}

func (a *api) ListInstanceOrganizationInvitations(_ context.Context, req bapiserver.ListInstanceOrganizationInvitationsRequestObject) (bapiserver.ListInstanceOrganizationInvitationsResponseObject, error) {
	p := req.Params
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	rs, e := s.invitationsWhere(p.OrderBy, func(r *invitationRec, st string) bool {
		return (p.Status == nil || string(*p.Status) == st) &&
			(p.Query == nil || containsFold(r.inv.EmailAddress, *p.Query))
	})
	if e != nil {
		return nil, e
	}
	out, err := s.invitationPageWithOrg(rs, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListInstanceOrganizationInvitations200JSONResponse(out), nil
}

// UsersGetOrganizationInvitations lists the invitations sent to any email
// address of the user.
func (a *api) UsersGetOrganizationInvitations(_ context.Context, req bapiserver.UsersGetOrganizationInvitationsRequestObject) (bapiserver.UsersGetOrganizationInvitationsResponseObject, error) {
	p := req.Params
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	u, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	rs, e := s.invitationsWhere(nil, func(r *invitationRec, st string) bool {
		return (p.Status == nil || string(*p.Status) == st) &&
			slices.ContainsFunc(u.u.EmailAddresses, func(e gen.EmailAddress) bool { return strings.EqualFold(e.EmailAddress, r.inv.EmailAddress) })
	})
	if e != nil {
		return nil, e
	}
	out, err := s.invitationPageWithOrg(rs, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.UsersGetOrganizationInvitations200JSONResponse(out), nil
}
