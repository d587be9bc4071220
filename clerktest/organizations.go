package clerktest

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// defaultMaxMemberships is max_allowed_memberships of a new organization
// (0 means unlimited, Clerk's convention).
const defaultMaxMemberships = 0

// slugify makes a slug from a name: lower case, runs of other characters
// become one "-".
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// checkSlug applies Clerk's slug rule: lower-case letters, digits and "-".
func checkSlug(slug string) *apiError {
	if slug == "" || slug != slugify(slug) {
		return errParamFormat("slug", "use lower-case letters, digits and single dashes")
	}
	return nil
}

// org finds an organization by ID or slug.
func (db *store) org(idOrSlug string) (*orgRec, *apiError) {
	if r := db.orgs[idOrSlug]; r != nil {
		return r, nil
	}
	if id := db.bySlug[idOrSlug]; id != "" {
		return db.orgs[id], nil
	}
	return nil, errNotFound("organization " + idOrSlug)
}

func (db *store) membersCount(orgID string) int {
	n := 0
	for _, m := range db.memberships {
		if m.orgID == orgID {
			n++
		}
	}
	return n
}

func (db *store) pendingInvitations(orgID string, now int64) int {
	n := 0
	for _, r := range db.invitations {
		if strOr(r.inv.OrganizationID) == orgID && invitationStatus(r, now) == "pending" {
			n++
		}
	}
	return n
}

// orgOut copies an organization; withCounts adds members_count and
// pending_invitations_count, which Clerk sends only on request.
func (s *Server) orgOut(r *orgRec, withCounts bool) (gen.Organization, error) {
	o, err := clone(r.o)
	if err != nil {
		return o, err
	}
	if withCounts {
		o.MembersCount = ptr(s.db.membersCount(o.ID))
		o.PendingInvitationsCount = ptr(s.db.pendingInvitations(o.ID, ms(s.now())))
	}
	return o, nil
}

func isTrue(b *bool) bool { return b != nil && *b }

// CreateOrganization needs a name; the slug (given or derived from the
// name) must be unique (form_identifier_exists). created_by, if given,
// becomes the first admin.
func (a *api) CreateOrganization(_ context.Context, req bapiserver.CreateOrganizationRequestObject) (bapiserver.CreateOrganizationResponseObject, error) {
	b := req.Body
	if strings.TrimSpace(b.Name) == "" {
		return nil, errParamMissing("name")
	}
	createdAt, e := parseTime("created_at", b.CreatedAt)
	if e != nil {
		return nil, e
	}
	if b.MaxAllowedMemberships != nil && *b.MaxAllowedMemberships < 0 {
		return nil, errParamValue("max_allowed_memberships", "must not be negative")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	var slug string
	if b.Slug != nil {
		slug = *b.Slug
		if e := checkSlug(slug); e != nil {
			return nil, e
		}
		if db.bySlug[slug] != "" {
			return nil, errIdentifierExists("slug", "slug")
		}
	} else {
		slug = slugify(b.Name)
		if slug == "" || db.bySlug[slug] != "" {
			slug = strings.Trim(slug+"-"+strings.ToLower(randomString(6)), "-")
		}
	}
	if b.CreatedBy != nil {
		if _, e := db.user(*b.CreatedBy); e != nil {
			return nil, errParamValue("created_by", "no user "+*b.CreatedBy)
		}
	}
	now := ms(s.now())
	o := gen.Organization{
		ID: newID("org"), Object: "organization", Name: b.Name, Slug: slug,
		PublicMetadata: rawMetadata(b.PublicMetadata), PrivateMetadata: rawMetadata(b.PrivateMetadata),
		MaxAllowedMemberships: defaultMaxMemberships, AdminDeleteEnabled: true,
		CreatedAt: now, UpdatedAt: now, CreatedBy: b.CreatedBy,
		ImageURL: ptr("https://img.clerk.com/clerktest-default-logo"),
	}
	if createdAt != nil {
		o.CreatedAt = *createdAt
	}
	if b.MaxAllowedMemberships != nil {
		o.MaxAllowedMemberships = *b.MaxAllowedMemberships
	}
	if b.RoleSetKey != nil {
		o.RoleSetKey = ptr(*b.RoleSetKey)
	}
	r := &orgRec{seq: db.next(), o: o}
	db.orgs[o.ID] = r
	db.bySlug[slug] = o.ID
	if b.CreatedBy != nil {
		if _, e := s.addMember(r, *b.CreatedBy, roleAdmin, nil, nil); e != nil {
			return nil, e
		}
	}
	out, err := s.orgOut(r, false)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateOrganization200JSONResponse(out), nil
}

func (a *api) GetOrganization(_ context.Context, req bapiserver.GetOrganizationRequestObject) (bapiserver.GetOrganizationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	out, err := s.orgOut(r, isTrue(req.Params.IncludeMembersCount))
	if err != nil {
		return nil, err
	}
	return bapiserver.GetOrganization200JSONResponse(out), nil
}

// ListOrganizations filters by query (name, slug or ID), user_id (member)
// and organization_id, and orders by name, created_at or members_count
// (default -created_at).
func (a *api) ListOrganizations(_ context.Context, req bapiserver.ListOrganizationsRequestObject) (bapiserver.ListOrganizationsResponseObject, error) {
	p := req.Params
	field, desc, e := parseOrderBy(p.OrderBy, "-created_at", func(f string) bool {
		return f == "name" || f == "created_at" || f == "members_count"
	})
	if e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	var rs []*orgRec
	for _, r := range db.orgs {
		o := &r.o
		if p.Query != nil && *p.Query != "" && !containsFold(o.Name, *p.Query) && !containsFold(o.Slug, *p.Query) && !containsFold(o.ID, *p.Query) {
			continue
		}
		if len(p.OrganizationID) > 0 && !slices.Contains(p.OrganizationID, o.ID) {
			continue
		}
		if len(p.UserID) > 0 && !slices.ContainsFunc(p.UserID, func(uid string) bool { return db.membership(o.ID, uid) != nil }) {
			continue
		}
		rs = append(rs, r)
	}
	sortRecords(rs, func(r *orgRec) (any, bool) {
		switch field {
		case "name":
			return strings.ToLower(r.o.Name), true
		case "members_count":
			return db.membersCount(r.o.ID), true
		}
		return r.o.CreatedAt, true
	}, func(r *orgRec) int64 { return r.seq }, desc)
	data, err := pageOut(rs, p.Limit, p.Offset, func(r *orgRec) (gen.Organization, error) {
		return s.orgOut(r, isTrue(p.IncludeMembersCount))
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizations200JSONResponse{Data: data, TotalCount: int64(len(rs))}, nil
}

func (a *api) UpdateOrganization(ctx context.Context, req bapiserver.UpdateOrganizationRequestObject) (bapiserver.UpdateOrganizationResponseObject, error) {
	b := req.Body
	createdAt, e := parseTime("created_at", value(b.CreatedAt))
	if e != nil {
		return nil, e
	}
	name, nameSent := given(b.Name)
	if nameSent && strings.TrimSpace(name) == "" {
		return nil, errParamFormat("name", "must not be empty")
	}
	maxMembers, maxSent := given(b.MaxAllowedMemberships)
	if maxSent && maxMembers < 0 {
		return nil, errParamValue("max_allowed_memberships", "must not be negative")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	if slug, ok := given(b.Slug); ok && slug != r.o.Slug {
		if e := checkSlug(slug); e != nil {
			return nil, e
		}
		if db.bySlug[slug] != "" {
			return nil, errIdentifierExists("slug", "slug")
		}
		delete(db.bySlug, r.o.Slug)
		r.o.Slug = slug
		db.bySlug[r.o.Slug] = r.o.ID
	}
	if nameSent {
		r.o.Name = name
	}
	if maxSent {
		r.o.MaxAllowedMemberships = maxMembers
	}
	if v, ok := given(b.AdminDeleteEnabled); ok {
		r.o.AdminDeleteEnabled = v
	}
	if v, ok := given(b.RoleSetKey); ok {
		r.o.RoleSetKey = ptr(v)
	}
	clearIfNull(b.RoleSetKey, &r.o.RoleSetKey) // the facade's Clear list
	if createdAt != nil {
		r.o.CreatedAt = *createdAt
	}
	replaceLegacyMetadata(ctx, map[string]*json.RawMessage{"public_metadata": &r.o.PublicMetadata, "private_metadata": &r.o.PrivateMetadata})
	r.o.UpdatedAt = ms(s.now())
	out, err := s.orgOut(r, false)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateOrganization200JSONResponse(out), nil
}

// DeleteOrganization removes the organization with its memberships,
// invitations and domains.
func (a *api) DeleteOrganization(_ context.Context, req bapiserver.DeleteOrganizationRequestObject) (bapiserver.DeleteOrganizationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	r, e := db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	id := r.o.ID
	delete(db.orgs, id)
	delete(db.bySlug, r.o.Slug)
	for k, m := range db.memberships {
		if m.orgID == id {
			delete(db.memberships, k)
		}
	}
	for k, inv := range db.invitations {
		if strOr(inv.inv.OrganizationID) == id {
			delete(db.invitations, k)
		}
	}
	for k, d := range db.domains {
		if d.d.OrganizationID == id {
			delete(db.domainNames, lower(d.d.Name))
			delete(db.domains, k)
		}
	}
	return bapiserver.DeleteOrganization200JSONResponse{Object: "organization", ID: ptr(id), Slug: ptr(r.o.Slug), Deleted: true}, nil
}

func (a *api) MergeOrganizationMetadata(_ context.Context, req bapiserver.MergeOrganizationMetadataRequestObject) (bapiserver.MergeOrganizationMetadataResponseObject, error) {
	o, err := a.s.editOrg(req.OrganizationID, func(o *gen.Organization) {
		if req.Body.PublicMetadata != nil {
			o.PublicMetadata = mergeRawMetadata(o.PublicMetadata, req.Body.PublicMetadata)
		}
		if req.Body.PrivateMetadata != nil {
			o.PrivateMetadata = mergeRawMetadata(o.PrivateMetadata, req.Body.PrivateMetadata)
		}
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.MergeOrganizationMetadata200JSONResponse(o), nil
}

func (a *api) ReplaceOrganizationMetadata(_ context.Context, req bapiserver.ReplaceOrganizationMetadataRequestObject) (bapiserver.ReplaceOrganizationMetadataResponseObject, error) {
	o, err := a.s.editOrg(req.OrganizationID, func(o *gen.Organization) {
		if req.Body.PublicMetadata != nil {
			o.PublicMetadata = rawMetadata(req.Body.PublicMetadata)
		}
		if req.Body.PrivateMetadata != nil {
			o.PrivateMetadata = rawMetadata(req.Body.PrivateMetadata)
		}
	})
	if err != nil {
		return nil, err
	}
	return bapiserver.ReplaceOrganizationMetadata200JSONResponse(o), nil
}

func (s *Server) editOrg(id string, fn func(o *gen.Organization)) (gen.Organization, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.org(id)
	if e != nil {
		return gen.Organization{}, e
	}
	fn(&r.o)
	r.o.UpdatedAt = ms(s.now())
	return s.orgOut(r, false)
}

// errQuota is the 403 for a membership beyond max_allowed_memberships.
func errQuota(what string) *apiError {
	return newAPIError(http.StatusForbidden, "organization_membership_quota_exceeded", "membership quota exceeded",
		"The organization has reached its "+what+".", nil)
}
