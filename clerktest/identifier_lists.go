package clerktest

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// identifierRec is one entry of the allowlist or the blocklist.
type identifierRec struct {
	seq        int64
	id         string
	identifier string
	kind       string // "email_address" or "phone_number"
	createdAt  int64
}

// identifierKind tells an email address (or "*@domain") from a phone number
// in E.164 form, the identifiers the lists take.
func identifierKind(id string) (string, *apiError) {
	switch {
	case strings.HasPrefix(id, "+") && len(id) > 4 && strings.Trim(id[1:], "0123456789") == "":
		return "phone_number", nil
	case strings.HasPrefix(id, "*@") && strings.Contains(id[2:], "."):
		return "email_address", nil
	case validEmail(id):
		return "email_address", nil
	}
	return "", errParamFormat("identifier", "must be an email address, *@domain or a phone number in E.164 form")
}

// addIdentifier validates and stores an identifier in list (made on first
// use, through get); a duplicate is refused as Clerk refuses it.
func (s *Server) addIdentifier(list *map[string]*identifierRec, prefix, identifier string) (*identifierRec, *apiError) {
	identifier = strings.TrimSpace(identifier)
	if identifier == "" {
		return nil, errParamMissing("identifier")
	}
	kind, e := identifierKind(identifier)
	if e != nil {
		return nil, e
	}
	if *list == nil {
		*list = map[string]*identifierRec{}
	}
	for _, r := range *list {
		if lower(r.identifier) == lower(identifier) {
			return nil, newAPIError(http.StatusUnprocessableEntity, "duplicate_record", "duplicate identifier",
				identifier+" is already on the list.", paramMeta("identifier"))
		}
	}
	r := &identifierRec{seq: s.db.next(), id: newID(prefix), identifier: identifier, kind: kind, createdAt: ms(s.now())}
	(*list)[r.id] = r
	return r, nil
}

// sortedIdentifiers lists the entries newest first.
func sortedIdentifiers(list map[string]*identifierRec) []*identifierRec {
	out := make([]*identifierRec, 0, len(list))
	for _, r := range list {
		out = append(out, r)
	}
	slices.SortFunc(out, func(x, y *identifierRec) int { return int(y.seq - x.seq) })
	return out
}

func allowlistOut(r *identifierRec) gen.AllowlistIdentifier {
	return gen.AllowlistIdentifier{
		ID: ptr(r.id), Object: ptr(gen.AllowlistIdentifierObjectAllowlistIdentifier), Identifier: ptr(r.identifier),
		IdentifierType: ptr(gen.AllowlistIdentifierIdentifierType(r.kind)), CreatedAt: ptr(r.createdAt), UpdatedAt: ptr(r.createdAt),
	}
}

func blocklistOut(r *identifierRec) gen.BlocklistIdentifier {
	return gen.BlocklistIdentifier{
		ID: ptr(r.id), Object: ptr(gen.BlocklistIdentifierObjectBlocklistIdentifier), Identifier: ptr(r.identifier),
		IdentifierType: ptr(gen.BlocklistIdentifierIdentifierType(r.kind)), CreatedAt: ptr(r.createdAt), UpdatedAt: ptr(r.createdAt),
	}
}

// ListAllowlistIdentifiers lists the allowlist, newest first; it answers
// {data, total_count} to paginated=true.
func (a *api) ListAllowlistIdentifiers(_ context.Context, req bapiserver.ListAllowlistIdentifiersRequestObject) (bapiserver.ListAllowlistIdentifiersResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	all := sortedIdentifiers(s.db.lists.allowlist)
	var data []gen.AllowlistIdentifier
	for _, r := range page(all, req.Params.Limit, req.Params.Offset) {
		data = append(data, allowlistOut(r))
	}
	if data == nil {
		data = []gen.AllowlistIdentifier{}
	}
	var body gen.AllowlistIdentifierListResponse
	var err error
	if req.Params.Paginated != nil && *req.Params.Paginated {
		err = body.FromPaginatedAllowlistIdentifierList(gen.PaginatedAllowlistIdentifierList{Data: data, TotalCount: int64(len(all))})
	} else {
		err = body.FromAllowlistIdentifierListResponse0(data)
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.ListAllowlistIdentifiers200JSONResponse(body), nil
}

// CreateAllowlistIdentifier adds an email address, *@domain or phone
// number to the allowlist.
func (a *api) CreateAllowlistIdentifier(_ context.Context, req bapiserver.CreateAllowlistIdentifierRequestObject) (bapiserver.CreateAllowlistIdentifierResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("identifier")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.addIdentifier(&s.db.lists.allowlist, "alid", req.Body.Identifier)
	if e != nil {
		return nil, e
	}
	return bapiserver.CreateAllowlistIdentifier200JSONResponse(allowlistOut(r)), nil
}

// DeleteAllowlistIdentifier removes an entry of the allowlist.
func (a *api) DeleteAllowlistIdentifier(_ context.Context, req bapiserver.DeleteAllowlistIdentifierRequestObject) (bapiserver.DeleteAllowlistIdentifierResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db.lists.allowlist[req.IdentifierID] == nil {
		return nil, errNotFound("allowlist identifier " + req.IdentifierID)
	}
	delete(s.db.lists.allowlist, req.IdentifierID)
	return bapiserver.DeleteAllowlistIdentifier200JSONResponse{Object: "allowlist_identifier", ID: ptr(req.IdentifierID), Deleted: true}, nil
}

// ListBlocklistIdentifiers lists the whole blocklist, newest first, with
// the total count.
func (a *api) ListBlocklistIdentifiers(context.Context, bapiserver.ListBlocklistIdentifiersRequestObject) (bapiserver.ListBlocklistIdentifiersResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	all := sortedIdentifiers(s.db.lists.blocklist)
	data := make([]gen.BlocklistIdentifier, 0, len(all))
	for _, r := range all {
		data = append(data, blocklistOut(r))
	}
	return bapiserver.ListBlocklistIdentifiers200JSONResponse{Data: data, TotalCount: int64(len(all))}, nil
}

// CreateBlocklistIdentifier adds an email address, *@domain or phone
// number to the blocklist.
func (a *api) CreateBlocklistIdentifier(_ context.Context, req bapiserver.CreateBlocklistIdentifierRequestObject) (bapiserver.CreateBlocklistIdentifierResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("identifier")
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.addIdentifier(&s.db.lists.blocklist, "blid", req.Body.Identifier)
	if e != nil {
		return nil, e
	}
	return bapiserver.CreateBlocklistIdentifier200JSONResponse(blocklistOut(r)), nil
}

// DeleteBlocklistIdentifier removes an entry of the blocklist.
func (a *api) DeleteBlocklistIdentifier(_ context.Context, req bapiserver.DeleteBlocklistIdentifierRequestObject) (bapiserver.DeleteBlocklistIdentifierResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.db.lists.blocklist[req.IdentifierID] == nil {
		return nil, errNotFound("blocklist identifier " + req.IdentifierID)
	}
	delete(s.db.lists.blocklist, req.IdentifierID)
	return bapiserver.DeleteBlocklistIdentifier200JSONResponse{Object: "blocklist_identifier", ID: ptr(req.IdentifierID), Deleted: true}, nil
}
