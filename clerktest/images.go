package clerktest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// Profile images of users and logos of organizations: a multipart upload
// with the image in the part "file" (at most 10 MiB, an image by its
// sniffed content type). The fake keeps the bytes and serves them, without
// authentication, at the image URL it answers: URL without "/v1", then
// "/clerktest/images/<id>". Deleting the image restores the default URL.

const (
	imagePath     = "/clerktest/images/"
	maxImageBytes = 10 << 20
)

type storedImage struct {
	contentType string
	data        []byte
}

// readImage reads the "file" part of an upload and the other form fields.
func readImage(mr *multipart.Reader) (*storedImage, map[string]string, *apiError) {
	if mr == nil {
		return nil, nil, errParamMissing("file")
	}
	var img *storedImage
	fields := map[string]string{}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, errBodyInvalid("malformed multipart form")
		}
		b, err := io.ReadAll(io.LimitReader(p, maxImageBytes+1))
		if err != nil {
			return nil, nil, errBodyInvalid("cannot read the multipart form")
		}
		if p.FormName() != "file" {
			fields[p.FormName()] = string(b)
			continue
		}
		if len(b) > maxImageBytes {
			return nil, nil, errParamValue("file", "the image is larger than 10 MiB")
		}
		ct := http.DetectContentType(b)
		if !strings.HasPrefix(ct, "image/") {
			return nil, nil, errParamValue("file", "not an image (detected "+ct+")")
		}
		img = &storedImage{contentType: ct, data: b}
	}
	if img == nil {
		return nil, nil, errParamMissing("file")
	}
	return img, fields, nil
}

// storeImage keeps img and returns its URL.
func (s *Server) storeImage(img *storedImage) string {
	id := randomString(24)
	s.db.more.images[id] = img
	return strings.TrimSuffix(s.URL, "/v1") + imagePath + id
}

// forgetImage drops an image the fake served at url, if any.
func (s *Server) forgetImage(url string) {
	if i := strings.Index(url, imagePath); i >= 0 {
		delete(s.db.more.images, url[i+len(imagePath):])
	}
}

// serveImage answers GET /clerktest/images/<id>; it reports whether the
// request was for that path.
func (s *Server) serveImage(w http.ResponseWriter, r *http.Request) bool {
	id, ok := strings.CutPrefix(r.URL.Path, imagePath)
	if !ok {
		return false
	}
	s.mu.Lock()
	img := s.db.more.images[id]
	s.mu.Unlock()
	if img == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return true
	}
	w.Header().Set("Content-Type", img.contentType)
	http.ServeContent(w, r, "", s.now(), bytes.NewReader(img.data))
	return true
}

const (
	defaultAvatar = "https://img.clerk.com/clerktest-default-avatar"
	defaultLogo   = "https://img.clerk.com/clerktest-default-logo"
)

// SetUserProfileImage sets the user's profile image.
func (a *api) SetUserProfileImage(_ context.Context, req bapiserver.SetUserProfileImageRequestObject) (bapiserver.SetUserProfileImageResponseObject, error) {
	img, _, e := readImage(req.Body)
	if e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	s.forgetImage(r.u.ImageURL)
	r.u.ImageURL, r.u.HasImage, r.u.UpdatedAt = s.storeImage(img), true, ms(s.now())
	r.u.ProfileImageURL = ptr(r.u.ImageURL)
	out, err := userOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.SetUserProfileImage200JSONResponse(out), nil
}

// DeleteUserProfileImage restores the default avatar.
func (a *api) DeleteUserProfileImage(_ context.Context, req bapiserver.DeleteUserProfileImageRequestObject) (bapiserver.DeleteUserProfileImageResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.user(req.UserID)
	if e != nil {
		return nil, e
	}
	s.forgetImage(r.u.ImageURL)
	r.u.ImageURL, r.u.HasImage, r.u.ProfileImageURL, r.u.UpdatedAt = defaultAvatar, false, nil, ms(s.now())
	out, err := userOut(r)
	if err != nil {
		return nil, err
	}
	return bapiserver.DeleteUserProfileImage200JSONResponse(out), nil
}

// UploadOrganizationLogo sets the organization's logo; uploader_user_id,
// when sent, must be a user.
func (a *api) UploadOrganizationLogo(_ context.Context, req bapiserver.UploadOrganizationLogoRequestObject) (bapiserver.UploadOrganizationLogoResponseObject, error) {
	img, fields, e := readImage(req.Body)
	if e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	if up := fields["uploader_user_id"]; up != "" {
		if _, e := s.db.user(up); e != nil {
			return nil, e
		}
	}
	if r.o.ImageURL != nil {
		s.forgetImage(*r.o.ImageURL)
	}
	url := s.storeImage(img)
	r.o.ImageURL, r.o.HasImage, r.o.UpdatedAt = ptr(url), true, ms(s.now())
	o, err := s.orgOut(r, false)
	if err != nil {
		return nil, err
	}
	out, err := withLogo(o, url)
	if err != nil {
		return nil, err
	}
	return bapiserver.UploadOrganizationLogo200JSONResponse(out), nil
}

// withLogo is an organization in the shape of OrganizationWithLogo.
func withLogo(o gen.Organization, url string) (gen.OrganizationWithLogo, error) {
	var out gen.OrganizationWithLogo
	b, err := json.Marshal(o)
	if err != nil {
		return out, fmt.Errorf("clerktest: encode organization: %w", err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return out, fmt.Errorf("clerktest: organization with logo: %w", err)
	}
	out.LogoURL = ptr(url)
	return out, nil
}

// DeleteOrganizationLogo restores the default logo.
func (a *api) DeleteOrganizationLogo(_ context.Context, req bapiserver.DeleteOrganizationLogoRequestObject) (bapiserver.DeleteOrganizationLogoResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.db.org(req.OrganizationID)
	if e != nil {
		return nil, e
	}
	if r.o.ImageURL != nil {
		s.forgetImage(*r.o.ImageURL)
	}
	r.o.ImageURL, r.o.HasImage, r.o.UpdatedAt = ptr(defaultLogo), false, ms(s.now())
	out, err := s.orgOut(r, false)
	if err != nil {
		return nil, err
	}
	return bapiserver.DeleteOrganizationLogo200JSONResponse(out), nil
}
