package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// orgPagedHandler serves total organizations (IDs org_0 …) by limit and
// offset, and fails with 500 for any offset in failAt.
func orgPagedHandler(t *testing.T, total int, failAt ...int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		limit, _ := strconv.Atoi(q.Get("limit"))
		offset, _ := strconv.Atoi(q.Get("offset"))
		for _, f := range failAt {
			if offset == f {
				jsonHandler(http.StatusInternalServerError, orgFixture(t, "error_not_found.json"))(w, r)
				return
			}
		}
		page := OrganizationList{Data: []Organization{}, TotalCount: int64(total)}
		for i := offset; i < total && i < offset+limit; i++ {
			page.Data = append(page.Data, Organization{ID: fmt.Sprintf("org_%d", i), Object: "organization"})
		}
		b, _ := json.Marshal(page)
		jsonHandler(http.StatusOK, string(b))(w, r)
	}
}

// orgPageQueries returns "limit/offset" of each recorded request.
func orgPageQueries(s *server) []string {
	var out []string
	for _, r := range s.requests() {
		q, _ := url.ParseQuery(r.Query)
		out = append(out, q.Get("limit")+"/"+q.Get("offset"))
	}
	return out
}

func TestOrganizationsServiceAll(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		total       int
		params      *OrganizationListParams
		stopAfter   int // break after this many items; 0 never
		failAt      []int
		wantIDs     []string
		wantErr     bool
		wantQueries []string
	}{
		{
			name: "every page", total: 5, params: &OrganizationListParams{Limit: 2, Query: "a"},
			wantIDs:     []string{"org_0", "org_1", "org_2", "org_3", "org_4"},
			wantQueries: []string{"2/", "2/2", "2/4"},
		},
		{
			name: "exact multiple stops on the total", total: 4, params: &OrganizationListParams{Limit: 2},
			wantIDs:     []string{"org_0", "org_1", "org_2", "org_3"},
			wantQueries: []string{"2/", "2/2"},
		},
		{
			name: "default page size and start offset", total: 3, params: &OrganizationListParams{Offset: 1},
			wantIDs:     []string{"org_1", "org_2"},
			wantQueries: []string{"100/1"},
		},
		{
			name: "nil params", total: 0,
			wantIDs:     nil,
			wantQueries: []string{"100/"},
		},
		{
			name: "break stops fetching", total: 10, params: &OrganizationListParams{Limit: 2}, stopAfter: 3,
			wantIDs:     []string{"org_0", "org_1", "org_2"},
			wantQueries: []string{"2/", "2/2"},
		},
		{
			name: "error is yielded once and stops", total: 10, params: &OrganizationListParams{Limit: 2}, failAt: []int{2},
			wantIDs: []string{"org_0", "org_1"}, wantErr: true,
			wantQueries: []string{"2/", "2/2"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, orgPagedHandler(t, tt.total, tt.failAt...))
			// A server error is not retried in this test, so the request
			// list shows exactly what All asked for.
			c, _ := newTestClient(t, srv, WithRetry(RetryPolicy{MaxAttempts: 1}))
			seq := c.Organizations.All(context.Background(), tt.params)
			if n := len(srv.requests()); n != 0 {
				t.Fatalf("All sent %d requests before iteration, want 0", n)
			}
			var ids []string
			var errs []error
			for org, err := range seq {
				if err != nil {
					errs = append(errs, err)
					if org != nil {
						t.Errorf("yielded a non-nil item with an error")
					}
					continue
				}
				ids = append(ids, org.ID)
				if tt.stopAfter > 0 && len(ids) == tt.stopAfter {
					break
				}
			}
			if diff := cmp.Diff(tt.wantIDs, ids); diff != "" {
				t.Errorf("IDs mismatch (-want +got):\n%s", diff)
			}
			if tt.wantErr {
				var apiErr *APIError
				if len(errs) != 1 || !errors.As(errs[0], &apiErr) {
					t.Errorf("errors = %v, want one *APIError", errs)
				}
			} else if len(errs) != 0 {
				t.Errorf("errors = %v, want none", errs)
			}
			if diff := cmp.Diff(tt.wantQueries, orgPageQueries(srv)); diff != "" {
				t.Errorf("limit/offset of requests mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrganizationsServiceAllCopiesParams(t *testing.T) {
	t.Parallel()
	srv := newServer(t, orgPagedHandler(t, 1))
	c, _ := newTestClient(t, srv)
	params := &OrganizationListParams{UserIDs: []string{"user_1"}, Limit: 7}
	seq := c.Organizations.All(context.Background(), params)
	params.UserIDs[0] = "user_changed"
	params.Limit = 99
	for _, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
	}
	reqs := srv.requests()
	if len(reqs) != 1 {
		t.Fatalf("sent %d requests, want 1", len(reqs))
	}
	q, _ := url.ParseQuery(reqs[0].Query)
	want := url.Values{"user_id": {"user_1"}, "limit": {"7"}}
	if diff := cmp.Diff(want, q); diff != "" {
		t.Errorf("query mismatch (-want +got):\n%s", diff)
	}
}

func TestOrganizationsServiceAllMemberships(t *testing.T) {
	t.Parallel()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		offset, _ := strconv.Atoi(q.Get("offset"))
		page := OrganizationMembershipList{Data: []OrganizationMembership{}, TotalCount: 3}
		for i := offset; i < 3 && i < offset+2; i++ {
			page.Data = append(page.Data, OrganizationMembership{ID: fmt.Sprintf("orgmem_%d", i)})
		}
		b, _ := json.Marshal(page)
		jsonHandler(http.StatusOK, string(b))(w, r)
	})
	c, _ := newTestClient(t, srv)
	var ids []string
	for m, err := range c.Organizations.AllMemberships(context.Background(), "org 1", &OrganizationMembershipListParams{Roles: []string{"org:admin"}, Limit: 2}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, m.ID)
	}
	if diff := cmp.Diff([]string{"orgmem_0", "orgmem_1", "orgmem_2"}, ids); diff != "" {
		t.Errorf("IDs mismatch (-want +got):\n%s", diff)
	}
	var got []string
	for _, r := range srv.requests() {
		got = append(got, r.Path+"?"+r.Query)
	}
	want := []string{
		"/v1/organizations/org%201/memberships?role=org%3Aadmin&limit=2",
		"/v1/organizations/org%201/memberships?role=org%3Aadmin&limit=2&offset=2",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests mismatch (-want +got):\n%s", diff)
	}
}

func TestOrganizationsServiceSetLogo(t *testing.T) {
	t.Parallel()
	logo := []byte("\x89PNG\r\n\x1a\n\x00binary\"data")
	tests := []struct {
		name            string
		fileName        string
		params          *OrganizationSetLogoParams
		wantFileType    string
		wantDisposition string
		wantFields      map[string]string
	}{
		{
			name: "png with uploader", fileName: "logo.PNG",
			params:          &OrganizationSetLogoParams{UploaderUserID: Ptr("user_1")},
			wantFileType:    "image/png",
			wantDisposition: `form-data; name="file"; filename="logo.PNG"`,
			wantFields:      map[string]string{"uploader_user_id": "user_1"},
		},
		{
			name: "unknown extension, quoted name", fileName: `we"ird.logo`,
			wantFileType:    "application/octet-stream",
			wantDisposition: `form-data; name="file"; filename="we\"ird.logo"`,
			wantFields:      map[string]string{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fixture := orgFixture(t, "organization_with_logo.json")
			srv := newServer(t, jsonHandler(http.StatusOK, fixture))
			c, _ := newTestClient(t, srv)

			got, err := c.Organizations.SetLogo(context.Background(), "org_1", tt.fileName, bytes.NewReader(logo), tt.params)
			if err != nil {
				t.Fatal(err)
			}
			var want OrganizationWithLogo
			if err := json.Unmarshal([]byte(fixture), &want); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(&want, got); diff != "" {
				t.Errorf("result mismatch (-want +got):\n%s", diff)
			}

			reqs := srv.requests()
			if len(reqs) != 1 {
				t.Fatalf("sent %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != "PUT" || r.Path != "/v1/organizations/org_1/logo" || r.Query != "" {
				t.Errorf("request = %s %s?%s, want PUT /v1/organizations/org_1/logo", r.Method, r.Path, r.Query)
			}
			if h := r.Headers.Get("Authorization"); h != "Bearer "+testKey {
				t.Errorf("Authorization header not set to the secret key")
			}
			mediaType, ctParams, err := mime.ParseMediaType(r.Headers.Get("Content-Type"))
			if err != nil || mediaType != "multipart/form-data" {
				t.Fatalf("Content-Type = %q, want multipart/form-data", r.Headers.Get("Content-Type"))
			}
			mr := multipart.NewReader(strings.NewReader(r.Body), ctParams["boundary"])
			fields := map[string]string{}
			var files int
			for {
				part, err := mr.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				data, _ := io.ReadAll(part)
				if part.FormName() != "file" {
					fields[part.FormName()] = string(data)
					continue
				}
				files++
				if !bytes.Equal(data, logo) {
					t.Errorf("file content = %q, want %q", data, logo)
				}
				if ct := part.Header.Get("Content-Type"); ct != tt.wantFileType {
					t.Errorf("file Content-Type = %q, want %q", ct, tt.wantFileType)
				}
				if cd := part.Header.Get("Content-Disposition"); cd != tt.wantDisposition {
					t.Errorf("Content-Disposition = %q, want %q", cd, tt.wantDisposition)
				}
			}
			if files != 1 {
				t.Errorf("form has %d file parts, want 1", files)
			}
			if diff := cmp.Diff(tt.wantFields, fields); diff != "" {
				t.Errorf("form fields mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrganizationsServiceSetLogoAPIError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, jsonHandler(http.StatusUnprocessableEntity,
		`{"errors":[{"code":"image_too_large","message":"too large","long_message":"The image is too large.","meta":{}}],"clerk_trace_id":"trace_1"}`))
	c, _ := newTestClient(t, srv)
	got, err := c.Organizations.SetLogo(context.Background(), "org_1", "logo.png", strings.NewReader("x"), nil)
	if got != nil {
		t.Errorf("result = %v, want nil", got)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %T (%v) is not *APIError", err, err)
	}
	if apiErr.StatusCode != http.StatusUnprocessableEntity || !HasErrorCode(err, "image_too_large") || apiErr.TraceID != "trace_1" {
		t.Errorf("APIError = %+v, want 422 image_too_large trace_1", apiErr)
	}
}

// TestOrganizationFixturesMatchTypes decodes every fixture strictly into
// its type, so that a typo in a fixture (or a field our spec lacks) shows.
func TestOrganizationFixturesMatchTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fixture string
		into    any
	}{
		{"organization.json", new(Organization)},
		{"organization_list.json", new(OrganizationList)},
		{"organization_with_logo.json", new(OrganizationWithLogo)},
		{"deleted_organization.json", new(DeletedObject)},
		{"membership.json", new(OrganizationMembership)},
		{"membership_list.json", new(OrganizationMembershipList)},
		{"invitation.json", new(OrganizationInvitation)},
		{"invitation_list.json", new(OrganizationInvitationList)},
		{"invitation_list_all.json", new(OrganizationInvitationWithPublicOrganizationDataList)},
		{"domain.json", new(OrganizationDomain)},
		{"domain_list.json", new(OrganizationDomainList)},
		{"deleted_domain.json", new(DeletedObject)},
		{"error_not_found.json", new(ClerkErrors)},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			t.Parallel()
			dec := json.NewDecoder(strings.NewReader(orgFixture(t, tt.fixture)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(tt.into); err != nil {
				t.Errorf("decoding %s into %T: %v", tt.fixture, tt.into, err)
			}
		})
	}
}

// TestOrganizationFixtureNulls spot-checks that nulls, absent fields and
// empty arrays decode as a caller expects.
func TestOrganizationFixtureNulls(t *testing.T) {
	t.Parallel()
	srv := newServer(t, jsonHandler(http.StatusOK, orgFixture(t, "organization_list.json")))
	c, _ := newTestClient(t, srv)
	list, err := c.Organizations.List(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if list.TotalCount != 42 || len(list.Data) != 2 {
		t.Fatalf("TotalCount = %d, len(Data) = %d, want 42, 2", list.TotalCount, len(list.Data))
	}
	first, second := list.Data[0], list.Data[1]
	if first.LastActiveAt == nil || *first.LastActiveAt != 1767398400456 {
		t.Errorf("first.LastActiveAt = %v, want 1767398400456", first.LastActiveAt)
	}
	if second.LastActiveAt != nil || second.CreatedBy != nil || second.PrivateMetadata != nil {
		t.Errorf("second has LastActiveAt %v, CreatedBy %v, PrivateMetadata %v; want all nil",
			second.LastActiveAt, second.CreatedBy, second.PrivateMetadata)
	}
	if first.MembersCount != nil || second.MembersCount == nil || *second.MembersCount != 0 {
		t.Errorf("MembersCount = %v, %v; want nil, 0", first.MembersCount, second.MembersCount)
	}
	if second.RoleSetKey == nil || *second.RoleSetKey != "engineering" {
		t.Errorf("second.RoleSetKey = %v, want engineering", second.RoleSetKey)
	}
}
