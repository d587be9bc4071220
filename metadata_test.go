package clerk

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
)

// TestMetadataIsTheJSONSent: a user's metadata reaches the caller as the
// JSON the API sent, nested objects and big integers exactly; a null
// object is "null" and an absent one is empty, as the package
// documentation says.
func TestMetadataIsTheJSONSent(t *testing.T) {
	t.Parallel()
	const public = `{"plan":"team","seats":9007199254740993,"onboarding":{"steps":["profile","billing"]}}`
	s := newServer(t, jsonHandler(http.StatusOK,
		`{"id":"user_1","object":"user","public_metadata":`+public+`,"private_metadata":null}`))
	c, _ := newTestClient(t, s)
	u, err := c.Users.Get(context.Background(), "user_1")
	if err != nil {
		t.Fatal(err)
	}
	if got := string(u.PublicMetadata); got != public {
		t.Errorf("PublicMetadata = %s, want %s", got, public)
	}
	var meta struct {
		Plan  string `json:"plan"`
		Seats int64  `json:"seats"`
	}
	if err := json.Unmarshal(u.PublicMetadata, &meta); err != nil || meta.Plan != "team" || meta.Seats != 9007199254740993 {
		t.Errorf("decoded PublicMetadata = %+v, %v", meta, err)
	}
	if got := string(u.PrivateMetadata); got != "null" {
		t.Errorf("PrivateMetadata = %q, want null", got)
	}
	if u.UnsafeMetadata != nil {
		t.Errorf("UnsafeMetadata = %q, want empty: the response has none", u.UnsafeMetadata)
	}
}
