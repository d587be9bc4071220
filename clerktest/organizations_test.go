package clerktest_test

import (
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/bapi"
	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/gen"
	"github.com/google/go-cmp/cmp"
)

func ptrTo[T any](v T) *T { return &v }

// TestOrganizationsFacadeEndToEnd drives the SDK's Organizations service
// against the fake: CRUD, slug rules, metadata, memberships and counts.
func TestOrganizationsFacadeEndToEnd(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	orgs := c.Organizations
	owner := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"owner@example.com"}, FirstName: strp("Olive")})
	member := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"member@example.com"}, FirstName: strp("Mo")})

	acme, err := orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Acme Corp", CreatedBy: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	if acme.Slug != "acme-corp" || acme.Object != "organization" || acme.ID[:4] != "org_" || acme.PublicMetadata == nil {
		t.Errorf("org = %+v", acme)
	}
	_, err = orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Other", Slug: ptrTo("acme-corp")})
	e := apiErr(t, err, 422, "form_identifier_exists")
	if paramName(e) != "slug" {
		t.Errorf("param = %q", paramName(e))
	}
	_, err = orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Bad", Slug: ptrTo("Not A Slug")})
	apiErr(t, err, 422, "form_param_format_invalid")
	dup, err := orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Acme Corp"})
	if err != nil || dup.Slug == acme.Slug {
		t.Fatalf("second org with the same name: %+v, %v", dup, err)
	}

	bySlug, err := orgs.Get(ctx, "acme-corp", &clerk.OrganizationGetParams{IncludeMembersCount: true})
	if err != nil || bySlug.ID != acme.ID || bySlug.MembersCount == nil || *bySlug.MembersCount != 1 {
		t.Fatalf("get by slug = %+v, %v", bySlug, err)
	}
	_, err = orgs.Get(ctx, "org_missing", nil)
	apiErr(t, err, 404, "resource_not_found")

	m, err := orgs.CreateMembership(ctx, acme.ID, &clerk.OrganizationMembershipCreateParams{UserID: member.ID, Role: "org:member"})
	if err != nil {
		t.Fatal(err)
	}
	if m.ID[:7] != "orgmem_" || m.Role != "org:member" || m.Organization.ID != acme.ID || m.PublicUserData == nil ||
		m.PublicUserData.UserID != member.ID || *m.PublicUserData.Identifier != "member@example.com" ||
		!slices.Equal(m.Permissions, []string{"org:sys_memberships:read"}) {
		t.Errorf("membership = %+v", m)
	}
	_, err = orgs.CreateMembership(ctx, acme.ID, &clerk.OrganizationMembershipCreateParams{UserID: member.ID, Role: "org:member"})
	apiErr(t, err, 422, "already_a_member_in_organization")
	_, err = orgs.CreateMembership(ctx, acme.ID, &clerk.OrganizationMembershipCreateParams{UserID: owner.ID, Role: "org:owner"})
	apiErr(t, err, 422, "form_param_value_invalid")

	up, err := orgs.UpdateMembership(ctx, acme.ID, member.ID, &clerk.OrganizationMembershipUpdateParams{Role: "org:admin"})
	if err != nil || up.Role != "org:admin" || len(up.Permissions) != 6 {
		t.Fatalf("update membership = %+v, %v", up, err)
	}
	mm, err := orgs.UpdateMembershipMetadata(ctx, acme.ID, member.ID, &clerk.OrganizationMembershipMetadataParams{PublicMetadata: map[string]any{"team": "red"}})
	if err != nil || string(mm.PublicMetadata) != `{"team":"red"}` {
		t.Fatalf("membership metadata = %+v, %v", mm, err)
	}

	list, err := orgs.ListMemberships(ctx, acme.ID, &clerk.OrganizationMembershipListParams{OrderBy: "+created_at"})
	if err != nil || list.TotalCount != 2 || list.Data[0].PublicUserData.UserID != owner.ID {
		t.Fatalf("memberships = %+v, %v", list, err)
	}
	var all []string
	for mem, err := range orgs.AllMemberships(ctx, acme.ID, &clerk.OrganizationMembershipListParams{OrderBy: "first_name", Limit: 1}) {
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, *mem.PublicUserData.FirstName)
	}
	if diff := cmp.Diff([]string{"Mo", "Olive"}, all); diff != "" {
		t.Errorf("AllMemberships by first_name (-want +got):\n%s", diff)
	}
	inst, err := orgs.ListAllMemberships(ctx, nil)
	if err != nil || inst.TotalCount != 2 {
		t.Fatalf("instance memberships: %+v, %v", inst, err)
	}

	// Users filter by organization.
	us, err := bapi.New(c).GetUserListWithResponse(ctx, &gen.GetUserListParams{OrganizationID: []string{acme.ID}})
	if err != nil || len(*us.JSON200) != 2 {
		t.Fatalf("users of org: %v", err)
	}
	mine, err := bapi.New(c).UsersGetOrganizationMembershipsWithResponse(ctx, member.ID, nil)
	if err != nil || mine.JSON200.TotalCount != 1 {
		t.Fatalf("user memberships: %v", err)
	}

	ol, err := orgs.List(ctx, &clerk.OrganizationListParams{UserIDs: []string{member.ID}, IncludeMembersCount: true})
	if err != nil || ol.TotalCount != 1 || *ol.Data[0].MembersCount != 2 {
		t.Fatalf("list by member = %+v, %v", ol, err)
	}
	byName, err := orgs.List(ctx, &clerk.OrganizationListParams{OrderBy: "-members_count"})
	if err != nil || byName.Data[0].ID != acme.ID || byName.TotalCount != 2 {
		t.Fatalf("list by members_count = %+v, %v", byName, err)
	}
	q, err := orgs.List(ctx, &clerk.OrganizationListParams{Query: dup.Slug})
	if err != nil || q.TotalCount != 1 || q.Data[0].ID != dup.ID {
		t.Fatalf("query = %+v, %v", q, err)
	}

	renamed, err := orgs.Update(ctx, acme.ID, &clerk.OrganizationUpdateParams{Name: ptrTo("Acme Inc"), Slug: ptrTo("acme"), MaxAllowedMemberships: ptrTo(2)})
	if err != nil || renamed.Name != "Acme Inc" || renamed.Slug != "acme" || renamed.MaxAllowedMemberships != 2 {
		t.Fatalf("update = %+v, %v", renamed, err)
	}
	_, err = orgs.Update(ctx, dup.ID, &clerk.OrganizationUpdateParams{Slug: ptrTo("acme")})
	apiErr(t, err, 422, "form_identifier_exists")
	third := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"third@example.com"}})
	_, err = orgs.CreateMembership(ctx, acme.ID, &clerk.OrganizationMembershipCreateParams{UserID: third.ID, Role: "org:member"})
	apiErr(t, err, 403, "organization_membership_quota_exceeded")

	if _, err := orgs.UpdateMetadata(ctx, acme.ID, &clerk.OrganizationMetadataParams{PublicMetadata: map[string]any{"tier": "gold", "x": map[string]any{"a": 1, "b": 2}}}); err != nil {
		t.Fatal(err)
	}
	merged, err := orgs.UpdateMetadata(ctx, acme.ID, &clerk.OrganizationMetadataParams{PublicMetadata: map[string]any{"x": map[string]any{"a": nil}}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]any{"tier": "gold", "x": map[string]any{"b": float64(2)}}, metadataMap(t, merged.PublicMetadata)); diff != "" {
		t.Errorf("merge (-want +got):\n%s", diff)
	}
	replaced, err := orgs.ReplaceMetadata(ctx, acme.ID, &clerk.OrganizationMetadataParams{PublicMetadata: map[string]any{"only": true}})
	if err != nil || string(replaced.PublicMetadata) != `{"only":true}` {
		t.Fatalf("replace = %+v, %v", replaced, err)
	}

	removed, err := orgs.DeleteMembership(ctx, acme.ID, member.ID)
	if err != nil || removed.ID != m.ID {
		t.Fatalf("delete membership: %+v, %v", removed, err)
	}
	_, err = orgs.DeleteMembership(ctx, acme.ID, member.ID)
	apiErr(t, err, 404, "resource_not_found")
	del, err := orgs.Delete(ctx, acme.ID)
	if err != nil || !del.Deleted || *del.ID != acme.ID {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	_, err = orgs.Get(ctx, "acme", nil)
	apiErr(t, err, 404, "resource_not_found")
	_ = s
}

func TestOrganizationInvitations(t *testing.T) {
	t.Parallel()
	var now atomic.Int64
	now.Store(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC).UnixMilli())
	_, c := newClient(t, clerktest.WithClock(func() time.Time { return time.UnixMilli(now.Add(1)) }))
	ctx := context.Background()
	orgs := c.Organizations
	admin := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"admin@example.com"}})
	org, err := orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Inv", CreatedBy: &admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := orgs.CreateInvitation(ctx, org.ID, &clerk.OrganizationInvitationCreateParams{EmailAddress: "new@example.com", Role: "org:member", InviterUserID: &admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	if inv.ID[:7] != "orginv_" || *inv.Status != "pending" || inv.RoleName != "Member" || *inv.InviterID != admin.ID ||
		inv.PublicInviterData.Identifier != "admin@example.com" || *inv.ExpiresAt-inv.CreatedAt != 30*24*3600*1000 {
		t.Errorf("invitation = %+v", inv)
	}
	_, err = orgs.CreateInvitation(ctx, org.ID, &clerk.OrganizationInvitationCreateParams{EmailAddress: "admin@example.com", Role: "org:member"})
	apiErr(t, err, 422, "already_a_member_in_organization")
	_, err = orgs.CreateInvitation(ctx, org.ID, &clerk.OrganizationInvitationCreateParams{EmailAddress: "bad", Role: "org:member"})
	apiErr(t, err, 422, "form_param_format_invalid")

	bulk, err := orgs.CreateInvitations(ctx, org.ID, []clerk.OrganizationInvitationCreateParams{
		{EmailAddress: "r@example.com", Role: "org:member"},
		{EmailAddress: "e@example.com", Role: "org:admin", ExpiresInDays: ptrTo(1)},
	})
	if err != nil || bulk.TotalCount != 2 {
		t.Fatalf("bulk = %+v, %v", bulk, err)
	}
	revoked, err := orgs.RevokeInvitation(ctx, org.ID, bulk.Data[0].ID, nil)
	if err != nil || *revoked.Status != "revoked" {
		t.Fatalf("revoke = %+v, %v", revoked, err)
	}
	_, err = orgs.RevokeInvitation(ctx, org.ID, bulk.Data[0].ID, nil)
	apiErr(t, err, 422, "organization_invitation_not_pending")

	// The invitee signs up and joins: the invitation is accepted.
	invitee := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"NEW@example.com"}})
	if _, err := orgs.CreateMembership(ctx, org.ID, &clerk.OrganizationMembershipCreateParams{UserID: invitee.ID, Role: "org:member"}); err != nil {
		t.Fatal(err)
	}
	got, err := orgs.GetInvitation(ctx, org.ID, inv.ID)
	if err != nil || *got.Status != "accepted" {
		t.Fatalf("after joining: %+v, %v", got, err)
	}
	// Two days later the one-day invitation has expired.
	now.Add((48 * time.Hour).Milliseconds())
	statuses := map[string]string{}
	l, err := orgs.ListInvitations(ctx, org.ID, nil)
	if err != nil || l.TotalCount != 3 {
		t.Fatalf("list = %+v, %v", l, err)
	}
	for _, i := range l.Data {
		statuses[i.EmailAddress] = *i.Status
	}
	want := map[string]string{"new@example.com": "accepted", "r@example.com": "revoked", "e@example.com": "expired"}
	if diff := cmp.Diff(want, statuses); diff != "" {
		t.Errorf("statuses (-want +got):\n%s", diff)
	}
	for _, st := range []clerk.OrganizationInvitationStatus{"accepted", "revoked", "expired", "pending"} {
		l, err := orgs.ListInvitations(ctx, org.ID, &clerk.OrganizationInvitationListParams{Status: st})
		wantN := 1
		if st == "pending" {
			wantN = 0
		}
		if err != nil || int(l.TotalCount) != wantN {
			t.Errorf("status %s: %+v, %v", st, l, err)
		}
	}
	pend, err := orgs.ListPendingInvitations(ctx, org.ID, nil)
	if err != nil || pend.TotalCount != 0 {
		t.Errorf("pending = %+v, %v", pend, err)
	}
	all, err := orgs.ListAllInvitations(ctx, &clerk.OrganizationInvitationListAllParams{Query: "example.com", OrderBy: "email_address"})
	if err != nil || all.TotalCount != 3 || all.Data[0].EmailAddress != "e@example.com" || all.Data[0].PublicOrganizationData.Slug != org.Slug {
		t.Fatalf("instance list = %+v, %v", all, err)
	}
	ui, err := bapi.New(c).UsersGetOrganizationInvitationsWithResponse(ctx, invitee.ID, nil)
	if err != nil || ui.JSON200.TotalCount != 1 {
		t.Fatalf("user invitations: %v", err)
	}
}

func TestOrganizationDomains(t *testing.T) {
	t.Parallel()
	_, c := newClient(t)
	ctx := context.Background()
	orgs := c.Organizations
	org, err := orgs.Create(ctx, &clerk.OrganizationCreateParams{Name: "Dom"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := orgs.CreateDomain(ctx, org.ID, &clerk.OrganizationDomainCreateParams{Name: "Example.COM"})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID[:7] != "orgdmn_" || d.Name != "example.com" || d.EnrollmentMode != "manual_invitation" || d.Verification != nil {
		t.Errorf("domain = %+v", d)
	}
	for _, tc := range []struct {
		p    clerk.OrganizationDomainCreateParams
		code string
	}{
		{clerk.OrganizationDomainCreateParams{Name: "example.com"}, "form_identifier_exists"},
		{clerk.OrganizationDomainCreateParams{Name: "gmail.com"}, "organization_domain_common"},
		{clerk.OrganizationDomainCreateParams{Name: "nodot"}, "form_param_format_invalid"},
		{clerk.OrganizationDomainCreateParams{Name: "auto.example", EnrollmentMode: "automatic_invitation"}, "organization_domain_not_verified"},
		{clerk.OrganizationDomainCreateParams{Name: "x.example", EnrollmentMode: "sometimes"}, "form_param_value_invalid"},
	} {
		_, err := orgs.CreateDomain(ctx, org.ID, &tc.p)
		apiErr(t, err, 422, tc.code)
	}
	auto, err := orgs.CreateDomain(ctx, org.ID, &clerk.OrganizationDomainCreateParams{Name: "auto.example", EnrollmentMode: "automatic_suggestion", Verified: ptrTo(true)})
	if err != nil || auto.Verification.Status != "verified" {
		t.Fatalf("verified domain = %+v, %v", auto, err)
	}
	_, err = orgs.UpdateDomain(ctx, org.ID, d.ID, &clerk.OrganizationDomainUpdateParams{EnrollmentMode: "automatic_invitation"})
	apiErr(t, err, 422, "organization_domain_not_verified")
	v, err := orgs.VerifyDomainOwnership(ctx, org.ID, d.ID)
	if err != nil || v.OwnershipVerification.Status != "verified" || v.Verification.Status != "verified" {
		t.Fatalf("verify = %+v, %v", v, err)
	}
	up, err := orgs.UpdateDomain(ctx, org.ID, d.ID, &clerk.OrganizationDomainUpdateParams{EnrollmentMode: "automatic_invitation"})
	if err != nil || up.EnrollmentMode != "automatic_invitation" {
		t.Fatalf("update = %+v, %v", up, err)
	}
	ver, err := orgs.ListDomains(ctx, org.ID, &clerk.OrganizationDomainListParams{Verified: ptrTo(true), EnrollmentMode: "automatic_suggestion"})
	if err != nil || ver.TotalCount != 1 || ver.Data[0].ID != auto.ID {
		t.Fatalf("list = %+v, %v", ver, err)
	}
	all, err := orgs.ListAllDomains(ctx, &clerk.OrganizationDomainListAllParams{Query: "example"})
	if err != nil || all.TotalCount != 2 {
		t.Fatalf("list all = %+v, %v", all, err)
	}
	// enrollment_mode is the spec's one unexploded array: the modes come
	// as one comma-separated value.
	both, err := orgs.ListAllDomains(ctx, &clerk.OrganizationDomainListAllParams{
		EnrollmentModes: []clerk.OrganizationDomainEnrollmentMode{clerk.OrganizationDomainEnrollmentModeAutomaticInvitation, clerk.OrganizationDomainEnrollmentModeAutomaticSuggestion},
	})
	if err != nil || both.TotalCount != 2 {
		t.Fatalf("list all by two modes = %+v, %v", both, err)
	}
	one, err := orgs.ListAllDomains(ctx, &clerk.OrganizationDomainListAllParams{
		EnrollmentModes: []clerk.OrganizationDomainEnrollmentMode{clerk.OrganizationDomainEnrollmentModeAutomaticSuggestion},
	})
	if err != nil || one.TotalCount != 1 || one.Data[0].ID != auto.ID {
		t.Fatalf("list all by one mode = %+v, %v", one, err)
	}
	del, err := orgs.DeleteDomain(ctx, org.ID, d.ID)
	if err != nil || !del.Deleted {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if _, err := orgs.CreateDomain(ctx, org.ID, &clerk.OrganizationDomainCreateParams{Name: "example.com"}); err != nil {
		t.Fatalf("name not freed: %v", err)
	}
}
