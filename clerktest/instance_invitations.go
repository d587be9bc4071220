package clerktest

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// instanceLists holds the instance-level records that are not users or
// organizations: invitations to the application, the allowlist, and the
// blocklist. Its maps are made on first use.
type instanceLists struct {
	invitations map[string]*instanceInvitationRec
	allowlist   map[string]*identifierRec
	blocklist   map[string]*identifierRec
}

type instanceInvitationRec struct {
	seq int64
	inv gen.Invitation
}

// instanceInvitationOut is a copy of r with its status as of now: a pending
// invitation past its expires_at is expired.
func (s *Server) instanceInvitationOut(r *instanceInvitationRec) (gen.Invitation, error) {
	out, err := clone(r.inv)
	if err != nil {
		return out, err
	}
	if out.Status == gen.InvitationStatusPending && out.ExpiresAt != nil && *out.ExpiresAt <= ms(s.now()) {
		out.Status = gen.InvitationStatusExpired
	}
	return out, nil
}

// instanceInvitationBody is one invitation of POST /invitations or of the
// bulk route.
type instanceInvitationBody struct {
	email          string
	expiresInDays  *int
	ignoreExisting bool
	publicMetadata map[string]any
}

// newInstanceInvitation validates and builds (but does not store) an
// invitation; s.mu must be held. Like Clerk, it refuses an address that a
// user already has or that a pending invitation already invites, unless
// ignore_existing is true.
func (s *Server) newInstanceInvitation(b instanceInvitationBody, param string) (*instanceInvitationRec, *apiError) {
	db := &s.db
	if !validEmail(b.email) {
		return nil, errParamFormat(param+"email_address", "must be a valid email address")
	}
	days := defaultInvitationDays
	if b.expiresInDays != nil {
		days = *b.expiresInDays
		if days < 1 || days > 365 {
			return nil, errParamValue(param+"expires_in_days", "must be between 1 and 365")
		}
	}
	if !b.ignoreExisting {
		if db.byEmail[lower(b.email)] != "" {
			return nil, errIdentifierExists(param+"email_address", "email address")
		}
		for _, r := range db.lists.invitations {
			if lower(r.inv.EmailAddress) == lower(b.email) && r.inv.Status == gen.InvitationStatusPending {
				return nil, newAPIError(http.StatusBadRequest, "duplicate_record", "duplicate invitation",
					"There are already pending invitations for the following email addresses: "+b.email, paramMeta(param+"email_address"))
			}
		}
	}
	now := s.now()
	id := newID("inv")
	inv := gen.Invitation{
		ID: id, Object: gen.InvitationObjectInvitation, EmailAddress: b.email, Status: gen.InvitationStatusPending,
		PublicMetadata: rawMetadata(b.publicMetadata), Revoked: ptr(false), CreatedAt: ms(now), UpdatedAt: ms(now),
		ExpiresAt: ptr(ms(now.Add(time.Duration(days) * 24 * time.Hour))),
		URL:       ptr("https://" + s.FrontendAPI + "/v1/tickets/accept?ticket=" + randomString(32)),
	}
	return &instanceInvitationRec{seq: db.next(), inv: inv}, nil
}

func (db *store) addInstanceInvitation(r *instanceInvitationRec) {
	if db.lists.invitations == nil {
		db.lists.invitations = map[string]*instanceInvitationRec{}
	}
	db.lists.invitations[r.inv.ID] = r
}

// CreateInvitation invites an email address to the application.
func (a *api) CreateInvitation(_ context.Context, req bapiserver.CreateInvitationRequestObject) (bapiserver.CreateInvitationResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("email_address")
	}
	b := req.Body
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.newInstanceInvitation(instanceInvitationBody{b.EmailAddress, b.ExpiresInDays, isTrue(b.IgnoreExisting), b.PublicMetadata}, "")
	if e != nil {
		return nil, e
	}
	s.db.addInstanceInvitation(r)
	out, err := s.instanceInvitationOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateInvitation200JSONResponse(out), nil
}

// CreateBulkInvitations creates every invitation of the body, or none
// when one is refused.
func (a *api) CreateBulkInvitations(_ context.Context, req bapiserver.CreateBulkInvitationsRequestObject) (bapiserver.CreateBulkInvitationsResponseObject, error) {
	if req.Body == nil || len(*req.Body) == 0 {
		return nil, errParamMissing("invitations")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var recs []*instanceInvitationRec
	seen := map[string]bool{}
	for i, b := range *req.Body {
		param := "[" + strconv.Itoa(i) + "]."
		if seen[lower(b.EmailAddress)] {
			return nil, newAPIError(http.StatusBadRequest, "duplicate_record", "duplicate invitation",
				"The email address "+b.EmailAddress+" appears more than once.", paramMeta(param+"email_address"))
		}
		seen[lower(b.EmailAddress)] = true
		r, e := s.newInstanceInvitation(instanceInvitationBody{b.EmailAddress, b.ExpiresInDays, isTrue(b.IgnoreExisting), b.PublicMetadata}, param)
		if e != nil {
			return nil, e
		}
		recs = append(recs, r)
	}
	out := make([]gen.Invitation, 0, len(recs))
	for _, r := range recs {
		s.db.addInstanceInvitation(r)
		inv, err := s.instanceInvitationOut(r)
		if err != nil {
			return nil, err
		}
		out = append(out, inv)
	}
	return bapiserver.CreateBulkInvitations200JSONResponse(out), nil
}

// ListInvitations lists the application's invitations, filtered by status
// and by a query on the email address, in the order_by order (created_at,
// email_address or expires_at, "+" implied; default -created_at); it
// answers {data, total_count} to paginated=true.
func (a *api) ListInvitations(_ context.Context, req bapiserver.ListInvitationsRequestObject) (bapiserver.ListInvitationsResponseObject, error) {
	p := req.Params
	order := "-created_at"
	if p.OrderBy != nil {
		order = *p.OrderBy
	}
	field, desc := strings.TrimLeft(order, "+-"), strings.HasPrefix(order, "-")
	if !slices.Contains([]string{"created_at", "email_address", "expires_at"}, field) {
		return nil, errParamValue("order_by", "must be created_at, email_address or expires_at with an optional + or - prefix")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	type row struct {
		inv gen.Invitation
		seq int64
	}
	var rows []row
	for _, r := range s.db.lists.invitations {
		inv, err := s.instanceInvitationOut(r)
		if err != nil {
			return nil, err
		}
		if p.Status != nil && string(inv.Status) != string(*p.Status) {
			continue
		}
		if p.Query != nil && !strings.Contains(lower(inv.EmailAddress), lower(*p.Query)) {
			continue
		}
		rows = append(rows, row{inv, r.seq})
	}
	slices.SortFunc(rows, func(x, y row) int {
		c := 0
		switch field {
		case "email_address":
			c = strings.Compare(lower(x.inv.EmailAddress), lower(y.inv.EmailAddress))
		case "expires_at":
			c = cmpInt(deref64(x.inv.ExpiresAt), deref64(y.inv.ExpiresAt))
		}
		if c == 0 {
			c = cmpInt(x.seq, y.seq) // created_at, and ties in creation order
		}
		if desc {
			return -c
		}
		return c
	})
	sorted := make([]gen.Invitation, len(rows))
	for i, r := range rows {
		sorted[i] = r.inv
	}
	data := page(sorted, p.Limit, p.Offset)
	var body gen.InvitationListResponse
	var err error
	if p.Paginated != nil && *p.Paginated {
		err = body.FromPaginatedInvitationList(gen.PaginatedInvitationList{Data: data, TotalCount: int64(len(sorted))})
	} else {
		err = body.FromInvitationListResponse0(data)
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.ListInvitations200JSONResponse(body), nil
}

// RevokeInvitation revokes a pending invitation; one that is accepted,
// expired or already revoked cannot be revoked.
func (a *api) RevokeInvitation(_ context.Context, req bapiserver.RevokeInvitationRequestObject) (bapiserver.RevokeInvitationResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.db.lists.invitations[req.InvitationID]
	if r == nil {
		return nil, errNotFound("invitation " + req.InvitationID)
	}
	cur, err := s.instanceInvitationOut(r)
	if err != nil {
		return nil, err
	}
	if cur.Status != gen.InvitationStatusPending {
		return nil, newAPIError(http.StatusBadRequest, "invitation_not_pending", "not pending",
			"Only a pending invitation can be revoked; this one is "+string(cur.Status)+".", nil)
	}
	r.inv.Status = gen.InvitationStatusRevoked
	r.inv.Revoked = ptr(true)
	r.inv.UpdatedAt = ms(s.now())
	out, err := s.instanceInvitationOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.RevokeInvitation200JSONResponse{
		ID: out.ID, Object: gen.RevokedInvitationObjectInvitation, EmailAddress: out.EmailAddress,
		PublicMetadata: out.PublicMetadata, Revoked: ptr(gen.RevokedInvitationRevokedTrue), Status: gen.RevokedInvitationStatusRevoked,
		URL: out.URL, ExpiresAt: out.ExpiresAt, CreatedAt: out.CreatedAt, UpdatedAt: out.UpdatedAt,
	}, nil
}

// cmpInt compares two int64 values, -1, 0 or +1.
func cmpInt(x, y int64) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// deref64 is *p, or 0 for nil.
func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
