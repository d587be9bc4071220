package clerktest

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// commonEmailDomains are public providers Clerk refuses as organization
// domains (a short list).
var commonEmailDomains = []string{"gmail.com", "googlemail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me", "protonmail.com", "aol.com"}

// settableEnrollmentModes are the modes a domain can be given through the
// API (enterprise_sso comes from an SSO connection).
var settableEnrollmentModes = []string{"manual_invitation", "automatic_invitation", "automatic_suggestion"}

func checkEnrollmentMode(m *string, verified bool) *apiError {
	if m == nil {
		return nil
	}
	if !slices.Contains(settableEnrollmentModes, *m) {
		return errParamValue("enrollment_mode", "must be one of "+strings.Join(settableEnrollmentModes, ", "))
	}
	if *m != "manual_invitation" && !verified {
		return newAPIError(http.StatusUnprocessableEntity, "organization_domain_not_verified", "domain not verified",
			"The domain must be verified before enrollment mode "+*m+" can be used.", paramMeta("enrollment_mode"))
	}
	return nil
}

func domainVerification(verified bool, strategy string) *gen.OrganizationDomainVerification {
	if !verified {
		return nil
	}
	return &gen.OrganizationDomainVerification{Status: "verified", Strategy: strategy}
}

func (s *Server) domainOut(r *domainRec) (gen.OrganizationDomain, error) {
	d, err := clone(r.d)
	if err != nil {
		return d, err
	}
	if o := s.db.orgs[d.OrganizationID]; o != nil {
		d.PublicOrganizationData = &gen.OrganizationInvitationPublicOrganizationData{
			ID: o.o.ID, Name: o.o.Name, Slug: o.o.Slug, HasImage: o.o.HasImage, ImageURL: o.o.ImageURL,
		}
	}
	return d, nil
}

// CreateOrganizationDomain adds a domain: a host name with a dot, not a
// public email provider, unique across the instance; enrollment_mode
// defaults to manual_invitation, and automatic modes need a verified
// domain.
func (a *api) CreateOrganizationDomain(_ context.Context, req bapiserver.CreateOrganizationDomainRequestObject) (bapiserver.CreateOrganizationDomainResponseObject, error) {
	b := req.Body
	if b.Name == nil || *b.Name == "" {
		return nil, errParamMissing("name")
	}
	name := lower(*b.Name)
	if !strings.Contains(name, ".") || strings.ContainsAny(name, "@/ :") || strings.HasPrefix(name, ".") || strings.HasSuffix(name, ".") {
		return nil, errParamFormat("name", "must be a domain name such as example.com")
	}
	if slices.Contains(commonEmailDomains, name) {
		return nil, newAPIError(http.StatusUnprocessableEntity, "organization_domain_common", "common email provider",
			name+" is a public email provider and cannot be an organization domain.", paramMeta("name"))
	}
	verified := isTrue(b.Verified)
	if e := checkEnrollmentMode(b.EnrollmentMode, verified); e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	if s.db.domainNames[name] != "" {
		return nil, errIdentifierExists("name", "domain")
	}
	mode := "manual_invitation"
	if b.EnrollmentMode != nil {
		mode = *b.EnrollmentMode
	}
	now := ms(s.now())
	d := gen.OrganizationDomain{
		ID: newID("orgdmn"), Object: "organization_domain", Name: name, OrganizationID: org.o.ID,
		EnrollmentMode: gen.OrganizationDomainEnrollmentMode(mode), CreatedAt: now, UpdatedAt: now,
		Verification: domainVerification(verified, "admin"),
	}
	r := &domainRec{seq: s.db.next(), d: d}
	s.db.domains[d.ID] = r
	s.db.domainNames[name] = d.ID
	out, err := s.domainOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateOrganizationDomain200JSONResponse(out), nil
}

func (s *Server) domain(orgID, id string) (*domainRec, *apiError) {
	org, e := s.db.org(orgID)
	if e != nil {
		return nil, e
	}
	r := s.db.domains[id]
	if r == nil || r.d.OrganizationID != org.o.ID {
		return nil, errNotFound("organization domain " + id)
	}
	return r, nil
}

func isVerified(d *gen.OrganizationDomain) bool {
	return d.Verification != nil && d.Verification.Status == "verified"
}

func (a *api) UpdateOrganizationDomain(_ context.Context, req bapiserver.UpdateOrganizationDomainRequestObject) (bapiserver.UpdateOrganizationDomainResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.domain(req.OrganizationID, req.DomainID)
	if e != nil {
		return nil, e
	}
	b := req.Body
	verified := isVerified(&r.d)
	setVerified, verifiedSent := given(b.Verified)
	if verifiedSent {
		verified = setVerified
	}
	mode := value(b.EnrollmentMode)
	if mode == nil && !verified && r.d.EnrollmentMode != "manual_invitation" {
		mode = ptr("manual_invitation") // unverifying falls back to manual
	}
	if e := checkEnrollmentMode(mode, verified); e != nil {
		return nil, e
	}
	if verifiedSent {
		r.d.Verification = domainVerification(verified, "admin")
	}
	if mode != nil {
		r.d.EnrollmentMode = gen.OrganizationDomainEnrollmentMode(*mode)
	}
	r.d.UpdatedAt = ms(s.now())
	out, err := s.domainOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateOrganizationDomain200JSONResponse(out), nil
}

// VerifyOrganizationDomainOwnership marks the domain's ownership verified
// (the fake has no DNS to check).
func (a *api) VerifyOrganizationDomainOwnership(_ context.Context, req bapiserver.VerifyOrganizationDomainOwnershipRequestObject) (bapiserver.VerifyOrganizationDomainOwnershipResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.domain(req.OrganizationID, req.DomainID)
	if e != nil {
		return nil, e
	}
	now := ms(s.now())
	r.d.OwnershipVerification = &gen.OrganizationDomainVerification{Status: "verified", Strategy: "dns_record", VerifiedAt: ptr(now)}
	if !isVerified(&r.d) {
		r.d.Verification = domainVerification(true, "dns_record")
	}
	r.d.UpdatedAt = now
	out, err := s.domainOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.VerifyOrganizationDomainOwnership200JSONResponse(out), nil
}

func (a *api) DeleteOrganizationDomain(_ context.Context, req bapiserver.DeleteOrganizationDomainRequestObject) (bapiserver.DeleteOrganizationDomainResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.domain(req.OrganizationID, req.DomainID)
	if e != nil {
		return nil, e
	}
	delete(s.db.domains, r.d.ID)
	delete(s.db.domainNames, r.d.Name)
	return bapiserver.DeleteOrganizationDomain200JSONResponse{Object: "organization_domain", ID: ptr(r.d.ID), Deleted: true}, nil
}

// domainsWhere lists the domains matching keep, ordered by name or
// created_at (default -created_at).
func (s *Server) domainsWhere(orderBy *string, keep func(d *gen.OrganizationDomain) bool, limit, offset *int) (gen.OrganizationDomains, error) {
	field, desc, e := parseOrderBy(orderBy, "-created_at", func(f string) bool { return f == "name" || f == "created_at" })
	if e != nil {
		return gen.OrganizationDomains{}, e
	}
	var rs []*domainRec
	for _, r := range s.db.domains {
		if keep(&r.d) {
			rs = append(rs, r)
		}
	}
	sortRecords(rs, func(r *domainRec) (any, bool) {
		if field == "name" {
			return r.d.Name, true
		}
		return r.d.CreatedAt, true
	}, func(r *domainRec) int64 { return r.seq }, desc)
	data, err := pageOut(rs, limit, offset, s.domainOut)
	return gen.OrganizationDomains{Data: data, TotalCount: int64(len(rs))}, err
}

func (a *api) ListOrganizationDomains(_ context.Context, req bapiserver.ListOrganizationDomainsRequestObject) (bapiserver.ListOrganizationDomainsResponseObject, error) {
	p := req.Params
	if p.Verified != nil && *p.Verified != "true" && *p.Verified != "false" {
		return nil, errParamFormat("verified", "expected true or false")
	}
	if p.EnrollmentMode != nil && !slices.Contains(slices.Concat(settableEnrollmentModes, []string{"enterprise_sso"}), *p.EnrollmentMode) {
		return nil, errParamValue("enrollment_mode", "unknown mode "+*p.EnrollmentMode)
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	org, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	out, err := s.domainsWhere(nil, func(d *gen.OrganizationDomain) bool {
		return d.OrganizationID == org.o.ID &&
			(p.Verified == nil || (*p.Verified == "true") == isVerified(d)) &&
			(p.EnrollmentMode == nil || string(d.EnrollmentMode) == *p.EnrollmentMode)
	}, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListOrganizationDomains200JSONResponse(out), nil
}

func (a *api) ListAllOrganizationDomains(_ context.Context, req bapiserver.ListAllOrganizationDomainsRequestObject) (bapiserver.ListAllOrganizationDomainsResponseObject, error) {
	p := req.Params
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	out, err := s.domainsWhere(p.OrderBy, func(d *gen.OrganizationDomain) bool {
		return (p.OrganizationID == nil || d.OrganizationID == *p.OrganizationID) &&
			(p.Verified == nil || (string(*p.Verified) == "true") == isVerified(d)) &&
			(len(p.EnrollmentMode) == 0 || slices.ContainsFunc(p.EnrollmentMode, func(m gen.ListAllOrganizationDomainsParamsEnrollmentMode) bool {
				return string(m) == string(d.EnrollmentMode)
			})) &&
			(p.Query == nil || containsFold(d.Name, *p.Query)) &&
			(len(p.Domains) == 0 || inFold(p.Domains, d.Name))
	}, p.Limit, p.Offset)
	if err != nil {
		return nil, err
	}
	return bapiserver.ListAllOrganizationDomains200JSONResponse(out), nil
}
