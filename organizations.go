package clerk

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"iter"
	"mime"
	"mime/multipart"
	"net/textproto"
	"path/filepath"
	"strings"

	"github.com/gobapi/clerk/gen"
)

// The OrganizationsService methods are flat: memberships, invitations and
// domains are reached with Membership, Invitation and Domain verbs on the
// same service (Organizations.CreateMembership, not
// Organizations.Memberships.Create), so that every organization operation
// is one name away in godoc.

// Resource and list types of the organization operations, re-exported from
// the generated package. The List types hold one page and the server's
// total.

// OrganizationList is one page of organizations and the total number that
// match the filters.
type OrganizationList = gen.Organizations

// OrganizationWithLogo is an organization as returned by
// [OrganizationsService.SetLogo], with its new ImageURL.
type OrganizationWithLogo = gen.OrganizationWithLogo

// OrganizationMembershipList is one page of organization memberships and
// the total number that match the filters.
type OrganizationMembershipList = gen.OrganizationMemberships

// OrganizationMembershipPublicUserData is the public part of a member's
// user profile, embedded in an [OrganizationMembership].
type OrganizationMembershipPublicUserData = gen.OrganizationMembershipPublicUserData

// OrganizationInvitationList is one page of organization invitations and
// the total number that match the filters.
type OrganizationInvitationList = gen.OrganizationInvitations

// OrganizationInvitationWithPublicOrganizationData is an organization
// invitation with the public data of its organization, as returned by the
// instance-wide [OrganizationsService.ListAllInvitations].
type OrganizationInvitationWithPublicOrganizationData = gen.OrganizationInvitationWithPublicOrganizationData

// OrganizationInvitationWithPublicOrganizationDataList is one page of
// [OrganizationInvitationWithPublicOrganizationData] and the total number
// that match the filters.
type OrganizationInvitationWithPublicOrganizationDataList = gen.OrganizationInvitationsWithPublicOrganizationData

// OrganizationDomainList is one page of organization domains and the total
// number that match the filters.
type OrganizationDomainList = gen.OrganizationDomains

// OrganizationDomainVerification is the state of one verification of an
// [OrganizationDomain].
type OrganizationDomainVerification = gen.OrganizationDomainVerification

// OrganizationDomainEnrollmentMode says how users with an email address at
// an organization's domain join it.
type OrganizationDomainEnrollmentMode = gen.OrganizationDomainEnrollmentMode

// The enrollment modes of an organization domain.
const (
	OrganizationDomainEnrollmentModeManualInvitation    = gen.OrganizationDomainEnrollmentModeManualInvitation
	OrganizationDomainEnrollmentModeAutomaticInvitation = gen.OrganizationDomainEnrollmentModeAutomaticInvitation
	OrganizationDomainEnrollmentModeAutomaticSuggestion = gen.OrganizationDomainEnrollmentModeAutomaticSuggestion
	OrganizationDomainEnrollmentModeEnterpriseSSO       = gen.OrganizationDomainEnrollmentModeEnterpriseSSO
)

// orgPageSize is the page size of the All… iterators when the params set no
// Limit: a compromise between requests (and rate limit) per item and memory
// held per page.
const orgPageSize = 100

// Get returns the organization with the given ID or slug: BAPI accepts
// either in the same path segment. params may be nil.
func (s *OrganizationsService) Get(ctx context.Context, idOrSlug string, params *OrganizationGetParams) (*Organization, error) {
	if err := requireID("idOrSlug", idOrSlug); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetOrganization(ctx, idOrSlug, params.toGen())
	return decode[gen.Organization]("get organization", resp, err)
}

// List returns one page of organizations that match params (nil for all),
// with the total number of matches in TotalCount. Use [OrganizationsService.All]
// to iterate over every page.
func (s *OrganizationsService) List(ctx context.Context, params *OrganizationListParams) (*OrganizationList, error) {
	p, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.ListOrganizations(ctx, p)
	return decode[gen.Organizations]("list organizations", resp, err)
}

// All iterates over every organization that matches params (nil for all),
// fetching pages of params.Limit organizations (100 when 0) from
// params.Offset on. It is lazy: nothing is sent until the loop starts, at
// most one page is held, and breaking out of the loop stops fetching.
// params is copied when All is called. On failure it yields one error and
// stops.
//
// All stops once it has reached the server's total_count, without fetching
// past it. Organizations of the previous page that reappear (created
// meanwhile at the front of the list) are skipped. A page that holds
// nothing new (the server ignored the offset, or serves pages in a cycle)
// ends the iteration with a [*DecodeError] wrapping [ErrPaginationLoop],
// before any organization of it is yielded.
func (s *OrganizationsService) All(ctx context.Context, params *OrganizationListParams) iter.Seq2[*Organization, error] {
	p := params.clone()
	return orgPages("list organizations", p.Limit, p.Offset, organizationID, func(limit, offset int) ([]Organization, int64, error) {
		p.Limit, p.Offset = limit, offset
		page, err := s.List(ctx, &p)
		if err != nil {
			return nil, 0, err
		}
		return page.Data, page.TotalCount, nil
	})
}

// Create creates an organization. When params.CreatedBy is set, that user
// becomes its first admin.
func (s *OrganizationsService) Create(ctx context.Context, params *OrganizationCreateParams) (*Organization, error) {
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.CreateOrganization(ctx, body)
	return decode[gen.Organization]("create organization", resp, err)
}

// Update changes the fields of the organization that are set in params,
// and sets to null those it lists in Clear.
func (s *OrganizationsService) Update(ctx context.Context, organizationID string, params *OrganizationUpdateParams) (*Organization, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UpdateOrganization(ctx, organizationID, body)
	return decode[gen.Organization]("update organization", resp, err)
}

// Delete deletes the organization with its memberships, invitations and
// domains.
func (s *OrganizationsService) Delete(ctx context.Context, organizationID string) (*DeletedObject, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteOrganization(ctx, organizationID)
	return decode[gen.DeletedObject]("delete organization", resp, err)
}

// UpdateMetadata deep-merges params into the organization's metadata
// (PATCH): keys that are not sent are kept, nested objects are merged, and
// a key set to nil (JSON null) is removed. Use
// [OrganizationsService.ReplaceMetadata] to overwrite instead.
func (s *OrganizationsService) UpdateMetadata(ctx context.Context, organizationID string, params *OrganizationMetadataParams) (*Organization, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGen()
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.MergeOrganizationMetadata(ctx, organizationID, body)
	return decode[gen.Organization]("update organization metadata", resp, err)
}

// ReplaceMetadata overwrites the organization's metadata (PUT): each field
// of params that is not nil replaces that metadata object wholesale, and an
// empty map clears it. A nil field is not sent. Use
// [OrganizationsService.UpdateMetadata] to merge instead.
func (s *OrganizationsService) ReplaceMetadata(ctx context.Context, organizationID string, params *OrganizationMetadataParams) (*Organization, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := params.toGenReplace()
	if err != nil {
		return nil, err
	}
	// The generated body drops an empty map (omitempty), which would turn
	// "clear this metadata" into "leave it alone"; encode it here instead.
	raw, err := orgReplaceMetadataJSON(body)
	if err != nil {
		return nil, &InvalidParamError{Param: "params", Reason: "cannot encode", Err: err}
	}
	resp, err := s.client.api.ReplaceOrganizationMetadataWithBody(ctx, organizationID, "application/json", bytes.NewReader(raw))
	return decode[gen.Organization]("replace organization metadata", resp, err)
}

// orgReplaceMetadataJSON encodes b like encoding/json would, except that a
// non-nil empty map is sent as {} rather than left out.
func orgReplaceMetadataJSON(b gen.ReplaceOrganizationMetadataJSONRequestBody) ([]byte, error) {
	var v struct {
		PrivateMetadata *map[string]any `json:"private_metadata,omitempty"`
		PublicMetadata  *map[string]any `json:"public_metadata,omitempty"`
	}
	if b.PrivateMetadata != nil {
		v.PrivateMetadata = &b.PrivateMetadata
	}
	if b.PublicMetadata != nil {
		v.PublicMetadata = &b.PublicMetadata
	}
	return json.Marshal(v)
}

// SetLogo uploads file as the organization's logo, named fileName, and
// returns the organization with its new ImageURL. The file is read into
// memory before the request is sent (so that a retry can resend it); its
// content type is guessed from fileName's extension. params may be nil.
func (s *OrganizationsService) SetLogo(ctx context.Context, organizationID, fileName string, file io.Reader, params *OrganizationSetLogoParams) (*OrganizationWithLogo, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	body, err := orgLogoBody(fileName, file, params)
	if err != nil {
		return nil, err
	}
	contentType, form, err := orgLogoForm(fileName, body)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.api.UploadOrganizationLogoWithBody(ctx, organizationID, contentType, form)
	return decode[gen.OrganizationWithLogo]("set organization logo", resp, err)
}

// orgLogoBody validates and reads the arguments of SetLogo into the
// generated multipart body type, whose File holds the file's bytes.
func orgLogoBody(fileName string, file io.Reader, params *OrganizationSetLogoParams) (gen.UploadOrganizationLogoMultipartRequestBody, error) {
	var b gen.UploadOrganizationLogoMultipartRequestBody
	if fileName == "" {
		return b, &InvalidParamError{Param: "fileName", Reason: "must not be empty"}
	}
	if file == nil {
		return b, &InvalidParamError{Param: "file", Reason: "must not be nil"}
	}
	data, err := io.ReadAll(file)
	if err != nil {
		return b, &InvalidParamError{Param: "file", Reason: "cannot be read", Err: err}
	}
	b.File = string(data)
	if params != nil {
		b.UploaderUserID = params.UploaderUserID
	}
	return b, nil
}

// orgLogoForm encodes b, its file named fileName, as multipart/form-data and
// returns its content type (with the boundary) and body.
func orgLogoForm(fileName string, b gen.UploadOrganizationLogoMultipartRequestBody) (string, *bytes.Reader, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if b.UploaderUserID != nil {
		if err := w.WriteField("uploader_user_id", *b.UploaderUserID); err != nil {
			return "", nil, &InvalidParamError{Param: "params.UploaderUserID", Reason: "cannot encode", Err: err}
		}
	}
	if err := orgWriteFile(w, "file", fileName, b.File); err != nil {
		return "", nil, &InvalidParamError{Param: "file", Reason: "cannot encode", Err: err}
	}
	if err := w.Close(); err != nil {
		return "", nil, &InvalidParamError{Param: "file", Reason: "cannot encode", Err: err}
	}
	return w.FormDataContentType(), bytes.NewReader(buf.Bytes()), nil
}

// orgQuoteEscaper escapes a file name for a Content-Disposition header, as
// mime/multipart does.
var orgQuoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"", "\r", "%0D", "\n", "%0A")

// orgWriteFile writes data as the form file field name, named fileName,
// with a content type guessed from the file name's extension.
func orgWriteFile(w *multipart.Writer, name, fileName, data string) error {
	contentType := mime.TypeByExtension(strings.ToLower(filepath.Ext(fileName)))
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", `form-data; name="`+name+`"; filename="`+orgQuoteEscaper.Replace(fileName)+`"`)
	h.Set("Content-Type", contentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return err
	}
	_, err = io.WriteString(part, data)
	return err
}

// DeleteLogo removes the organization's logo.
func (s *OrganizationsService) DeleteLogo(ctx context.Context, organizationID string) (*Organization, error) {
	if err := requireID("organizationID", organizationID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteOrganizationLogo(ctx, organizationID)
	return decode[gen.Organization]("delete organization logo", resp, err)
}

// orgPages iterates over a limit/offset-paginated organization list with
// the page guard of op (see offsetPages). fetch returns one page and the
// server's total; limit 0 means orgPageSize.
func orgPages[T any](op string, limit, offset int, id func(*T) string, fetch func(limit, offset int) ([]T, int64, error)) iter.Seq2[*T, error] {
	if limit == 0 {
		limit = orgPageSize
	}
	return offsetPages(op, limit, offset, id, func(offset int) ([]T, int64, error) {
		page, total, err := fetch(limit, offset)
		return page, max(total, 0), err
	})
}

// organizationID is the ID of o, for the page guard.
func organizationID(o *Organization) string { return o.ID }
