package clerktest

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// The waitlist (/waitlist_entries): one entry per email address (adding an
// address again returns its entry), pending until invited (status
// "invited", with an invitation to sign up) or rejected. Only a pending
// entry can be deleted. No email is sent.

type waitlistRec struct {
	seq       int64
	e         gen.WaitlistEntry
	invitedAt int64
}

func (db *store) waitlistByEmail(email string) *waitlistRec {
	for _, w := range db.more.waitlist {
		if strings.EqualFold(w.e.EmailAddress, email) {
			return w
		}
	}
	return nil
}

// addWaitlist adds email, or returns its existing entry.
func (s *Server) addWaitlist(email string) (*waitlistRec, *apiError) {
	if !validEmail(email) {
		return nil, errParamFormat("email_address", "must be a valid email address")
	}
	db := &s.db
	if w := db.waitlistByEmail(email); w != nil {
		return w, nil
	}
	now := ms(s.now())
	w := &waitlistRec{seq: db.next(), e: gen.WaitlistEntry{ID: newID("wle"), Object: "waitlist_entry", EmailAddress: email,
		Status: gen.WaitlistEntryStatusPending, IsLocked: ptr(false), CreatedAt: now, UpdatedAt: now}}
	db.more.waitlist[w.e.ID] = w
	return w, nil
}

// CreateWaitlistEntry adds an email address to the waitlist.
func (a *api) CreateWaitlistEntry(_ context.Context, req bapiserver.CreateWaitlistEntryRequestObject) (bapiserver.CreateWaitlistEntryResponseObject, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	w, e := a.s.addWaitlist(req.Body.EmailAddress)
	if e != nil {
		return nil, e
	}
	out, err := clone(w.e)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateWaitlistEntry200JSONResponse(out), nil
}

// CreateBulkWaitlistEntries adds several addresses; all are checked first.
func (a *api) CreateBulkWaitlistEntries(_ context.Context, req bapiserver.CreateBulkWaitlistEntriesRequestObject) (bapiserver.CreateBulkWaitlistEntriesResponseObject, error) {
	for _, b := range *req.Body {
		if !validEmail(b.EmailAddress) {
			return nil, errParamFormat("email_address", "must be a valid email address")
		}
	}
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	out := bapiserver.CreateBulkWaitlistEntries200JSONResponse{}
	for _, b := range *req.Body {
		w, e := a.s.addWaitlist(b.EmailAddress)
		if e != nil {
			return nil, e
		}
		c, err := clone(w.e)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ListWaitlistEntries lists entries, filtered by query (part of the email
// address or the ID) and status, ordered by created_at, email_address or
// invited_at (default -created_at).
func (a *api) ListWaitlistEntries(_ context.Context, req bapiserver.ListWaitlistEntriesRequestObject) (bapiserver.ListWaitlistEntriesResponseObject, error) {
	p := req.Params
	field, desc := "created_at", true
	if p.OrderBy != nil && *p.OrderBy != "" {
		desc = strings.HasPrefix(*p.OrderBy, "-")
		field = strings.TrimLeft(*p.OrderBy, "+-")
		if field != "created_at" && field != "email_address" && field != "invited_at" {
			return nil, errParamValue("order_by", "must be created_at, email_address or invited_at, with an optional + or - prefix")
		}
	}
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	var ws []*waitlistRec
	for _, w := range a.s.db.more.waitlist {
		if p.Status != nil && string(w.e.Status) != string(*p.Status) {
			continue
		}
		if p.Query != nil && *p.Query != "" && !containsFold(w.e.EmailAddress, *p.Query) && w.e.ID != *p.Query {
			continue
		}
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(x, y *waitlistRec) int {
		var c int
		switch field {
		case "email_address":
			c = cmp.Compare(lower(x.e.EmailAddress), lower(y.e.EmailAddress))
		case "invited_at":
			c = cmp.Compare(x.invitedAt, y.invitedAt)
		default:
			c = cmp.Compare(x.e.CreatedAt, y.e.CreatedAt)
		}
		if desc {
			c = -c
		}
		return cmp.Or(c, cmp.Compare(x.seq, y.seq))
	})
	data, err := pageOut(ws, p.Limit, p.Offset, func(w *waitlistRec) (gen.WaitlistEntry, error) { return clone(w.e) })
	if err != nil {
		return nil, err
	}
	return bapiserver.ListWaitlistEntries200JSONResponse{Data: data, TotalCount: len(ws)}, nil
}

func (db *store) waitlistEntry(id string) (*waitlistRec, *apiError) {
	w := db.more.waitlist[id]
	if w == nil {
		return nil, errNotFound("waitlist entry " + id)
	}
	return w, nil
}

func errWaitlistStatus(w *waitlistRec, action string) *apiError {
	return newAPIError(http.StatusBadRequest, "waitlist_entry_status_invalid", "invalid status",
		"The waitlist entry "+w.e.ID+" is "+string(w.e.Status)+" and cannot be "+action+".", nil)
}

// DeleteWaitlistEntry deletes a pending entry.
func (a *api) DeleteWaitlistEntry(_ context.Context, req bapiserver.DeleteWaitlistEntryRequestObject) (bapiserver.DeleteWaitlistEntryResponseObject, error) {
	a.s.mu.Lock()
	defer a.s.mu.Unlock()
	w, e := a.s.db.waitlistEntry(req.WaitlistEntryID)
	if e != nil {
		return nil, e
	}
	if w.e.Status != gen.WaitlistEntryStatusPending {
		return nil, errWaitlistStatus(w, "deleted")
	}
	delete(a.s.db.more.waitlist, w.e.ID)
	return bapiserver.DeleteWaitlistEntry200JSONResponse{Object: "waitlist_entry", ID: ptr(w.e.ID), Deleted: true}, nil
}

// InviteWaitlistEntry invites a pending or rejected entry: it becomes
// "invited" with an invitation to sign up. An address that already
// belongs to a user is refused unless ignore_existing is true.
func (a *api) InviteWaitlistEntry(_ context.Context, req bapiserver.InviteWaitlistEntryRequestObject) (bapiserver.InviteWaitlistEntryResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	w, e := s.db.waitlistEntry(req.WaitlistEntryID)
	if e != nil {
		return nil, e
	}
	if w.e.Status == gen.WaitlistEntryStatusInvited || w.e.Status == gen.WaitlistEntryStatusCompleted {
		return nil, errWaitlistStatus(w, "invited")
	}
	ignore := req.Body != nil && req.Body.IgnoreExisting != nil && *req.Body.IgnoreExisting
	if s.db.byEmail[lower(w.e.EmailAddress)] != "" && !ignore {
		return nil, errIdentifierExists("email_address", "email address")
	}
	now := s.now()
	w.invitedAt = ms(now)
	w.e.Status, w.e.UpdatedAt = gen.WaitlistEntryStatusInvited, ms(now)
	w.e.Invitation = &gen.Invitation{ID: newID("inv"), Object: "invitation", EmailAddress: w.e.EmailAddress,
		Status: "pending", PublicMetadata: rawMetadata(nil), Revoked: ptr(false), CreatedAt: ms(now), UpdatedAt: ms(now),
		URL: ptr("https://" + s.FrontendAPI + "/v1/tickets/accept?ticket=" + randomString(48))}
	out, err := clone(w.e)
	if err != nil {
		return nil, err
	}
	return bapiserver.InviteWaitlistEntry200JSONResponse(out), nil
}

// RejectWaitlistEntry rejects a pending or invited entry (an invitation it
// had is revoked).
func (a *api) RejectWaitlistEntry(_ context.Context, req bapiserver.RejectWaitlistEntryRequestObject) (bapiserver.RejectWaitlistEntryResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	w, e := s.db.waitlistEntry(req.WaitlistEntryID)
	if e != nil {
		return nil, e
	}
	if w.e.Status == gen.WaitlistEntryStatusRejected || w.e.Status == gen.WaitlistEntryStatusCompleted {
		return nil, errWaitlistStatus(w, "rejected")
	}
	now := ms(s.now())
	w.e.Status, w.e.UpdatedAt = gen.WaitlistEntryStatusRejected, now
	if w.e.Invitation != nil {
		w.e.Invitation.Status, w.e.Invitation.Revoked, w.e.Invitation.UpdatedAt = "revoked", ptr(true), now
	}
	out, err := clone(w.e)
	if err != nil {
		return nil, err
	}
	return bapiserver.RejectWaitlistEntry200JSONResponse(out), nil
}
