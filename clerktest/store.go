package clerktest

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// store is the in-memory state of one server. Server.mu guards it; every
// method expects the lock to be held. Records are kept as the generated
// resource types and copied on the way out, so callers never share memory
// with the store.
type store struct {
	seq int64 // insertion counter: ties of equal timestamps sort by it

	users   map[string]*userRec
	byEmail map[string]string // lower-cased email -> user ID
	byPhone map[string]string
	byName  map[string]string // lower-cased username -> user ID
	byExtID map[string]string

	orgs   map[string]*orgRec
	bySlug map[string]string // slug -> org ID

	memberships map[string]*membershipRec // by membership ID
	invitations map[string]*invitationRec
	domains     map[string]*domainRec
	domainNames map[string]string // lower-cased domain name -> domain ID

	sessions  map[string]*sessionRec
	clients   map[string]*clientRec
	templates map[string]JWTTemplate

	machineTokens  map[string]*machineToken // API keys, opaque M2M and OAuth tokens by ID
	machineSecrets map[string]string        // secret -> ID

	more  moreStore     // see store_more.go
	lists instanceLists // instance invitations, allowlist, blocklist (instance_invitations.go)
}

func newStore() store {
	return store{
		users: map[string]*userRec{}, byEmail: map[string]string{}, byPhone: map[string]string{},
		byName: map[string]string{}, byExtID: map[string]string{},
		orgs: map[string]*orgRec{}, bySlug: map[string]string{},
		memberships: map[string]*membershipRec{}, invitations: map[string]*invitationRec{},
		domains: map[string]*domainRec{}, domainNames: map[string]string{},
		sessions: map[string]*sessionRec{}, clients: map[string]*clientRec{},
		machineTokens: map[string]*machineToken{}, machineSecrets: map[string]string{},
		more: newMoreStore(),
	}
}

func (db *store) next() int64 {
	db.seq++
	return db.seq
}

type userRec struct {
	seq int64
	u   gen.User
}

type orgRec struct {
	seq int64
	o   gen.Organization
}

type membershipRec struct {
	seq    int64
	orgID  string
	userID string
	m      gen.OrganizationMembership // Organization and PublicUserData are filled on output
}

type invitationRec struct {
	seq int64
	inv gen.OrganizationInvitation
}

type domainRec struct {
	seq int64
	d   gen.OrganizationDomain
}

type sessionRec struct {
	seq     int64
	s       gen.Session
	refresh string // the __refresh cookie value
}

type clientRec struct {
	seq int64
	c   gen.Client
}

// ms is a time in unix milliseconds, Clerk's timestamp unit.
func ms(t time.Time) int64 { return t.UnixMilli() }

// clone deep-copies a resource through JSON, so that no map or slice is
// shared between the store and a response.
func clone[T any](v T) (T, error) {
	var out T
	b, err := json.Marshal(v)
	if err != nil {
		return out, fmt.Errorf("clerktest: copy %T: %w", v, err)
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return out, fmt.Errorf("clerktest: copy %T: %w", v, err)
	}
	return out, nil
}

// cloneMap deep-copies a metadata map; nil becomes an empty map.
func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneAny(v)
	}
	return out
}

func cloneAny(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = cloneAny(e)
		}
		return out
	}
	return v
}

// mergeMetadata deep-merges patch into base, Clerk's PATCH …/metadata rule:
// objects merge key by key, a null value removes the key, anything else
// replaces. base is not modified.
func mergeMetadata(base, patch map[string]any) map[string]any {
	out := cloneMap(base)
	for k, pv := range patch {
		if pv == nil {
			delete(out, k)
			continue
		}
		pm, pIsMap := pv.(map[string]any)
		bm, bIsMap := out[k].(map[string]any)
		if pIsMap && bIsMap {
			out[k] = mergeMetadata(bm, pm)
			continue
		}
		if pIsMap {
			out[k] = mergeMetadata(nil, pm)
			continue
		}
		out[k] = cloneAny(pv)
	}
	return out
}

// rawMetadata is a metadata object of a request as the store keeps it and
// the API returns it, JSON text; nil becomes {}. The values come from a
// decoded JSON request, so they always encode.
func rawMetadata(m map[string]any) json.RawMessage {
	if m == nil {
		return json.RawMessage(`{}`)
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic("clerktest: metadata from a JSON request does not encode: " + err.Error())
	}
	return b
}

// mergeRawMetadata is mergeMetadata on a stored metadata object, which
// rawMetadata encoded.
func mergeRawMetadata(base json.RawMessage, patch map[string]any) json.RawMessage {
	var m map[string]any
	if len(base) > 0 {
		if err := json.Unmarshal(base, &m); err != nil {
			panic("clerktest: stored metadata does not decode: " + err.Error())
		}
	}
	return rawMetadata(mergeMetadata(m, patch))
}

// lower is the case-folding used for identifier uniqueness.
func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// page applies offset and limit (default 10) to a slice.
// pageOut converts the page of rs that limit and offset select with out.
// The result is never nil, so an empty page encodes as [].
func pageOut[R, T any](rs []R, limit, offset *int, out func(R) (T, error)) ([]T, error) {
	data := []T{}
	for _, r := range page(rs, limit, offset) {
		v, err := out(r)
		if err != nil {
			return nil, err
		}
		data = append(data, v)
	}
	return data, nil
}

func page[T any](all []T, limit, offset *int) []T {
	l, o := 10, 0
	if limit != nil {
		l = *limit
	}
	if offset != nil {
		o = *offset
	}
	if o >= len(all) || l <= 0 {
		return []T{}
	}
	o = max(o, 0)
	end := min(o+l, len(all))
	return all[o:end]
}
