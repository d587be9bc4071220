package clerktest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/gen"
)

// pngBytes is enough of a PNG for content sniffing.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 64)...)

// fetchImage GETs an image URL of the server, without the secret key.
func fetchImage(t *testing.T, hc *http.Client, url string) (int, string, []byte) {
	t.Helper()
	resp, err := hc.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b
}

// TestProfileImagesAndLogos: uploads through the facades, served back at
// the URL they answer, and the defaults restored on delete.
func TestProfileImagesAndLogos(t *testing.T) {
	t.Parallel()
	s, c := newClient(t)
	ctx := context.Background()
	hc := s.HTTPClient()
	u := createUser(t, c, gen.CreateUserJSONRequestBody{EmailAddress: []string{"img@example.com"}})

	got, err := c.Users.SetProfileImage(ctx, u.ID, "me.png", bytes.NewReader(pngBytes))
	if err != nil {
		t.Fatal(err)
	}
	if !got.HasImage || !strings.HasPrefix(got.ImageURL, strings.TrimSuffix(s.URL, "/v1")) {
		t.Fatalf("user = has %v, url %q", got.HasImage, got.ImageURL)
	}
	status, ct, body := fetchImage(t, hc, got.ImageURL)
	if status != 200 || ct != "image/png" || !bytes.Equal(body, pngBytes) {
		t.Errorf("served %d %q %d bytes", status, ct, len(body))
	}
	_, err = c.Users.SetProfileImage(ctx, u.ID, "notes.txt", strings.NewReader("just text"))
	apiErr(t, err, 422, "form_param_value_invalid")

	del, err := c.Users.DeleteProfileImage(ctx, u.ID)
	if err != nil || del.HasImage || del.ImageURL == got.ImageURL {
		t.Fatalf("delete = %+v, %v", del, err)
	}
	if status, _, _ := fetchImage(t, hc, got.ImageURL); status != 404 {
		t.Errorf("deleted image served with %d", status)
	}

	org, err := c.Organizations.Create(ctx, &clerk.OrganizationCreateParams{Name: "Logo Co"})
	if err != nil {
		t.Fatal(err)
	}
	withLogo, err := c.Organizations.SetLogo(ctx, org.ID, "logo.png", bytes.NewReader(pngBytes), &clerk.OrganizationSetLogoParams{UploaderUserID: clerk.Ptr(u.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if !withLogo.HasImage || withLogo.LogoURL == nil || *withLogo.LogoURL != withLogo.ImageURL {
		t.Fatalf("org = %+v", withLogo)
	}
	if status, _, body := fetchImage(t, hc, withLogo.ImageURL); status != 200 || !bytes.Equal(body, pngBytes) {
		t.Errorf("logo served %d", status)
	}
	o, err := c.Organizations.DeleteLogo(ctx, org.ID)
	if err != nil || o.HasImage {
		t.Fatalf("delete logo = %+v, %v", o, err)
	}
	_, err = c.Organizations.SetLogo(ctx, "org_missing", "logo.png", bytes.NewReader(pngBytes), nil)
	apiErr(t, err, 404, "resource_not_found")
}
