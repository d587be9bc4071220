package clerktest

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// The roles of the fake: Clerk's two default organization roles.
const (
	roleAdmin  = "org:admin"
	roleMember = "org:member"
)

// rolePermissions are the system permissions of the default roles.
var rolePermissions = map[string][]string{
	roleAdmin: {
		"org:sys_profile:manage", "org:sys_profile:delete",
		"org:sys_memberships:read", "org:sys_memberships:manage",
		"org:sys_domains:read", "org:sys_domains:manage",
	},
	roleMember: {"org:sys_memberships:read"},
}

var roleNames = map[string]string{roleAdmin: "Admin", roleMember: "Member"}

func (db *store) membership(orgID, userID string) *membershipRec {
	for _, m := range db.memberships {
		if m.orgID == orgID && m.userID == userID {
			return m
		}
	}
	return nil
}

// addMember creates a membership; s.mu must be held. Pending invitations of
// the user's email addresses to this organization become accepted.
func (s *Server) addMember(org *orgRec, userID, role string, pub, priv map[string]any) (*membershipRec, *apiError) {
	db := &s.db
	u, e := db.user(userID)
	if e != nil {
		return nil, e
	}
	roleName, perms, ok := db.roleDef(role) // roles.go
	if !ok {
		return nil, db.checkRole(role)
	}
	if db.membership(org.o.ID, userID) != nil {
		return nil, newAPIError(http.StatusUnprocessableEntity, "already_a_member_in_organization", "already a member",
			"User "+userID+" is already a member of the organization.", paramMeta("user_id"))
	}
	if max := org.o.MaxAllowedMemberships; max > 0 && db.membersCount(org.o.ID) >= max {
		return nil, errQuota("maximum number of memberships")
	}
	now := ms(s.now())
	m := &membershipRec{seq: db.next(), orgID: org.o.ID, userID: userID, m: gen.OrganizationMembership{
		ID: newID("orgmem"), Object: "organization_membership", Role: role, RoleName: ptr(roleName),
		Permissions: perms, PublicMetadata: rawMetadata(pub), PrivateMetadata: rawMetadata(priv),
		CreatedAt: now, UpdatedAt: now,
	}}
	db.memberships[m.m.ID] = m
	for _, inv := range db.invitations {
		if strOr(inv.inv.OrganizationID) == org.o.ID && invitationStatus(inv, now) == "pending" &&
			slices.ContainsFunc(u.u.EmailAddresses, func(e gen.EmailAddress) bool { return strings.EqualFold(e.EmailAddress, inv.inv.EmailAddress) }) {
			inv.inv.Status = ptr("accepted")
			inv.inv.UpdatedAt = now
		}
	}
	return m, nil
}

// membershipOut fills the organization and public user data.
func (s *Server) membershipOut(m *membershipRec) (gen.OrganizationMembership, error) {
	out, err := clone(m.m)
	if err != nil {
		return out, err
	}
	if o := s.db.orgs[m.orgID]; o != nil {
		if out.Organization, err = s.orgOut(o, false); err != nil {
			return out, err
		}
	}
	if r := s.db.users[m.userID]; r != nil {
		u := &r.u
		ident := primaryEmail(u)
		if ident == "" {
			ident = primaryPhone(u)
		}
		if ident == "" {
			ident = strOr(u.Username)
		}
		out.PublicUserData = &gen.OrganizationMembershipPublicUserData{
			UserID: u.ID, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username,
			Identifier: ptr(ident), HasImage: u.HasImage, ImageURL: u.ImageURL, Banned: ptr(u.Banned),
		}
	}
	return out, nil
}

func (a *api) CreateOrganizationMembership(_ context.Context, req bapiserver.CreateOrganizationMembershipRequestObject) (bapiserver.CreateOrganizationMembershipResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	b := req.Body
	m, e := s.addMember(org, b.UserID, b.Role, b.PublicMetadata, b.PrivateMetadata)
	if e != nil {
		return nil, e
	}
	out, err := s.membershipOut(m)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateOrganizationMembership200JSONResponse(out), nil
}

// memberOf finds the membership of a user in an organization, or a 404.
func (s *Server) memberOf(orgID, userID string) (*membershipRec, *apiError) {
	org, e := s.db.org(orgID)
	if e != nil {
		return nil, e
	}
	m := s.db.membership(org.o.ID, userID)
	if m == nil {
		return nil, errNotFound("membership of user " + userID + " in organization " + orgID)
	}
	return m, nil
}

func (a *api) UpdateOrganizationMembership(_ context.Context, req bapiserver.UpdateOrganizationMembershipRequestObject) (bapiserver.UpdateOrganizationMembershipResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	roleName, perms, ok := s.db.roleDef(req.Body.Role) // roles.go
	if !ok {
		return nil, s.db.checkRole(req.Body.Role)
	}
	m, e := s.memberOf(req.OrganizationID, req.UserID)
	if e != nil {
		return nil, e
	}
	m.m.Role = req.Body.Role
	m.m.RoleName = ptr(roleName)
	m.m.Permissions = perms
	m.m.UpdatedAt = ms(s.now())
	out, err := s.membershipOut(m)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateOrganizationMembership200JSONResponse(out), nil
}

func (a *api) UpdateOrganizationMembershipMetadata(_ context.Context, req bapiserver.UpdateOrganizationMembershipMetadataRequestObject) (bapiserver.UpdateOrganizationMembershipMetadataResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.memberOf(req.OrganizationID, req.UserID)
	if e != nil {
		return nil, e
	}
	if req.Body.PublicMetadata != nil {
		m.m.PublicMetadata = mergeRawMetadata(m.m.PublicMetadata, req.Body.PublicMetadata)
	}
	if req.Body.PrivateMetadata != nil {
		m.m.PrivateMetadata = mergeRawMetadata(m.m.PrivateMetadata, req.Body.PrivateMetadata)
	}
	m.m.UpdatedAt = ms(s.now())
	out, err := s.membershipOut(m)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateOrganizationMembershipMetadata200JSONResponse(out), nil
}

func (a *api) DeleteOrganizationMembership(_ context.Context, req bapiserver.DeleteOrganizationMembershipRequestObject) (bapiserver.DeleteOrganizationMembershipResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	m, e := s.memberOf(req.OrganizationID, req.UserID)
	if e != nil {
		return nil, e
	}
	out, err := s.membershipOut(m)
	if err != nil {
		return nil, err
	}
	delete(s.db.memberships, m.m.ID)
	return bapiserver.DeleteOrganizationMembership200JSONResponse(out), nil
}

// membershipOrder orders memberships by created_at, role, or the member's
// first_name, last_name, email_address, phone_number or username.
func (s *Server) membershipOrder(orderBy *string) (func(*membershipRec) (any, bool), bool, *apiError) {
	fields := map[string]bool{"created_at": true, "role": true, "first_name": true, "last_name": true,
		"email_address": true, "phone_number": true, "username": true}
	field, desc, e := parseOrderBy(orderBy, "-created_at", func(f string) bool { return fields[f] })
	if e != nil {
		return nil, false, e
	}
	return func(m *membershipRec) (any, bool) {
		switch field {
		case "created_at":
			return m.m.CreatedAt, true
		case "role":
			return m.m.Role, true
		}
		if r := s.db.users[m.userID]; r != nil {
			if f := userOrderFields[field]; f != nil {
				return f(&r.u)
			}
		}
		return nil, false
	}, desc, nil
}

func (s *Server) membershipList(rs []*membershipRec, orderBy *string, limit, offset *int) (gen.OrganizationMemberships, error) {
	key, desc, e := s.membershipOrder(orderBy)
	if e != nil {
		return gen.OrganizationMemberships{}, e
	}
	sortRecords(rs, key, func(m *membershipRec) int64 { return m.seq }, desc)
	data, err := pageOut(rs, limit, offset, s.membershipOut)
	return gen.OrganizationMemberships{Data: data, TotalCount: int64(len(rs))}, err
}

// ListOrganizationMemberships takes the member filters of the spec; they
// apply to the member's user record like the GET /users filters.
func (a *api) ListOrganizationMemberships(_ context.Context, req bapiserver.ListOrganizationMembershipsRequestObject) (bapiserver.ListOrganizationMembershipsResponseObject, error) {
	p := req.Params
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	uf := gen.GetUserListParams{
		UserID: p.UserID, EmailAddress: p.EmailAddress, PhoneNumber: p.PhoneNumber, Username: p.Username,
		Web3Wallet: p.Web3Wallet, Query: p.Query, EmailAddressQuery: p.EmailAddressQuery,
		PhoneNumberQuery: p.PhoneNumberQuery, UsernameQuery: p.UsernameQuery, NameQuery: p.NameQuery,
		LastActiveAtBefore: p.LastActiveAtBefore, LastActiveAtAfter: p.LastActiveAtAfter,
	}
	var rs []*membershipRec
	for _, m := range s.db.memberships {
		if m.orgID != org.o.ID || (len(p.Role) > 0 && !slices.Contains(p.Role, m.m.Role)) {
			continue
		}
		if p.CreatedAtBefore != nil && m.m.CreatedAt >= int64(*p.CreatedAtBefore) ||
			p.CreatedAtAfter != nil && m.m.CreatedAt <= int64(*p.CreatedAtAfter) {
			continue
		}
		u := s.db.users[m.userID]
		if u == nil || !s.db.userMatches(&u.u, &uf) {
			continue
		}
		rs = append(rs, m)
	}
	out, err := s.membershipList(rs, p.OrderBy, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizationMemberships200JSONResponse(out), nil
}

func (a *api) InstanceGetOrganizationMemberships(_ context.Context, req bapiserver.InstanceGetOrganizationMembershipsRequestObject) (bapiserver.InstanceGetOrganizationMembershipsResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	rs := make([]*membershipRec, 0, len(s.db.memberships))
	for _, m := range s.db.memberships {
		rs = append(rs, m)
	}
	out, err := s.membershipList(rs, req.Params.OrderBy, req.Params.Limit, req.Params.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.InstanceGetOrganizationMemberships200JSONResponse(out), nil
}

func (a *api) UsersGetOrganizationMemberships(_ context.Context, req bapiserver.UsersGetOrganizationMembershipsRequestObject) (bapiserver.UsersGetOrganizationMembershipsResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, e := s.db.user(req.UserID); e != nil {
		return nil, e
	}
	var rs []*membershipRec
	for _, m := range s.db.memberships {
		if m.userID == req.UserID {
			rs = append(rs, m)
		}
	}
	out, err := s.membershipList(rs, nil, req.Params.Limit, req.Params.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.UsersGetOrganizationMemberships200JSONResponse(out), nil
}
