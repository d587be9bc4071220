package clerktest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
)

// APIVersions are the Backend API versions the server accepts in the
// Clerk-API-Version header or the __clerk_api_version query parameter,
// oldest first. The last is [CurrentAPIVersion].
var APIVersions = []string{"2021-02-05", "2024-10-01", "2025-04-10", "2025-11-10", "2026-05-12"}

// CurrentAPIVersion is the version of the spec the fake serves, and the
// version it assumes when a request names none. (Clerk assumes the
// instance's default version, set in the Dashboard.)
const CurrentAPIVersion = "2026-05-12"

// metadataInUpdate names, per operation, the metadata fields that versions
// before 2026-05-12 accept in the update body and that replace the stored
// field whole. Clerk's spec notes that 2026-05-12 removed them.
var metadataInUpdate = map[string][]string{
	"UpdateUser":         {"public_metadata", "private_metadata", "unsafe_metadata"},
	"UpdateOrganization": {"public_metadata", "private_metadata"},
}

type legacyMetadataKey struct{}

// legacyMetadata maps a metadata field name to its new value, an object.
type legacyMetadata map[string]map[string]any

// errAPIVersionInvalid is the answer to an unknown version, or to one given
// both as header and query parameter. Clerk's documentation says such a
// request is invalid without naming the error; the 400 and its code
// api_version_invalid are the fake's guess, in the style of Clerk's other
// codes.
func errAPIVersionInvalid(long string) *apiError {
	return newAPIError(http.StatusBadRequest, "api_version_invalid", "Invalid API version", long,
		map[string]any{"supported_versions": APIVersions})
}

// versioned applies the request's API version: it refuses an unknown one
// and, for a version before 2026-05-12, takes the metadata fields out of the
// body of PATCH /users/{id} and PATCH /organizations/{id} (so the body
// checks of the current spec pass) and hands them to the handler in the
// context. It returns the request to serve.
func versioned(r *http.Request, opID string) (*http.Request, *apiError) {
	header := r.Header.Get("Clerk-API-Version")
	query := r.URL.Query().Get("__clerk_api_version")
	if header != "" && query != "" {
		return r, errAPIVersionInvalid("Give the API version either in the Clerk-API-Version header or in the __clerk_api_version query parameter, not both.")
	}
	v := header + query
	if v == "" {
		v = CurrentAPIVersion
	}
	if !slices.Contains(APIVersions, v) {
		return r, errAPIVersionInvalid("The API version " + v + " is not a valid version.")
	}
	fields := metadataInUpdate[opID]
	if v >= "2026-05-12" || fields == nil || r.Body == nil {
		return r, nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	_ = r.Body.Close()
	if err != nil {
		return r, errBodyInvalid("cannot read it")
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	var body map[string]json.RawMessage
	if len(b) > maxBody || json.Unmarshal(b, &body) != nil || body == nil {
		return r, nil // readBody reports what is wrong with it
	}
	md := legacyMetadata{}
	for _, f := range fields {
		raw, ok := body[f]
		if !ok {
			continue
		}
		delete(body, f)
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			return r, errParamFormat(f, "expected an object")
		}
		if m == nil {
			m = map[string]any{} // null clears the field
		}
		md[f] = m
	}
	if len(md) == 0 {
		return r, nil
	}
	rest, err := json.Marshal(body)
	if err != nil {
		return r, errBodyInvalid("cannot re-encode it")
	}
	r.Body = io.NopCloser(bytes.NewReader(rest))
	r.ContentLength = int64(len(rest))
	return r.WithContext(context.WithValue(r.Context(), legacyMetadataKey{}, md)), nil
}

// replaceLegacyMetadata replaces the stored metadata fields that an update
// under an older API version carried; dst maps field names to the stored
// values.
func replaceLegacyMetadata(ctx context.Context, dst map[string]*json.RawMessage) {
	md, _ := ctx.Value(legacyMetadataKey{}).(legacyMetadata)
	for f, m := range md {
		if p := dst[f]; p != nil {
			*p = rawMetadata(m)
		}
	}
}
