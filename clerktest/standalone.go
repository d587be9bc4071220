package clerktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
)

// standaloneConfig holds the options that serve a long-lived server, such
// as the one cmd/clerktest runs: where to listen, the state to restore and
// the seed.
type standaloneConfig struct {
	listen string
	state  []byte
	seed   *Seed
}

// WithListenAddress makes the server listen on addr, such as
// "127.0.0.1:8787" or ":0", instead of a random loopback port.
func WithListenAddress(addr string) Option {
	return func(c *config) error {
		if addr == "" {
			return errors.New("clerktest: WithListenAddress: empty address")
		}
		c.standalone.listen = addr
		return nil
	}
}

// WithState restores the state a [Server.Snapshot] document holds: the
// secret key, Frontend API host (it overrides [WithFrontendAPI]), signing
// keys and resources. A nil or empty doc restores nothing, so a fresh
// server starts (and [WithSeed] applies).
func WithState(doc []byte) Option {
	return func(c *config) error {
		c.standalone.state = bytes.Clone(doc)
		return nil
	}
}

// Seed is the initial data [WithSeed] creates, read from JSON such as
//
//	{"users": [{"email_address": ["ada@example.com"], "first_name": "Ada"}],
//	 "organizations": [{"name": "Acme", "slug": "acme",
//	   "members": [{"email_address": "ada@example.com", "role": "org:admin"}]}]}
type Seed struct {
	// Users are bodies of POST /v1/users, created in order.
	Users []map[string]any `json:"users"`
	// Organizations are bodies of POST /v1/organizations, created in
	// order after the users, each with its members.
	Organizations []SeedOrganization `json:"organizations"`
}

// SeedOrganization is an organization of a [Seed]: the body of POST
// /v1/organizations and the members to add.
type SeedOrganization struct {
	// Fields is the body of POST /v1/organizations, such as name and slug.
	Fields map[string]any `json:"-"`
	// Members are added with POST /v1/organizations/{id}/memberships.
	Members []SeedMember `json:"-"`
}

// SeedMember is a member of a [SeedOrganization]: a user, named by ID or
// by one of its email addresses, and a role such as "org:admin".
type SeedMember struct {
	UserID       string `json:"user_id,omitempty"`
	EmailAddress string `json:"email_address,omitempty"`
	Role         string `json:"role"`
}

// UnmarshalJSON reads an organization body with an extra "members" array.
func (o *SeedOrganization) UnmarshalJSON(b []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(b, &fields); err != nil {
		return err
	}
	if m, ok := fields["members"]; ok {
		if err := json.Unmarshal(m, &o.Members); err != nil {
			return fmt.Errorf("members: %w", err)
		}
		delete(fields, "members")
	}
	rest, err := json.Marshal(fields)
	if err != nil {
		return err
	}
	return json.Unmarshal(rest, &o.Fields)
}

// MarshalJSON writes the organization body with its "members".
func (o SeedOrganization) MarshalJSON() ([]byte, error) {
	out := map[string]any{}
	for k, v := range o.Fields {
		out[k] = v
	}
	if len(o.Members) > 0 {
		out["members"] = o.Members
	}
	return json.Marshal(out)
}

// ParseSeed reads a [Seed] from JSON, refusing unknown top-level members.
func ParseSeed(doc []byte) (*Seed, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	var sd Seed
	if err := dec.Decode(&sd); err != nil {
		return nil, fmt.Errorf("clerktest: seed: %w", err)
	}
	return &sd, nil
}

// WithSeed creates the users and organizations of seed through the API
// when the server starts, unless [WithState] restored a state (the seed is
// for a fresh server). A seed entry the API refuses fails the start with
// the API's error.
func WithSeed(seed *Seed) Option {
	return func(c *config) error {
		if seed == nil {
			return errors.New("clerktest: WithSeed: nil seed")
		}
		c.standalone.seed = seed
		return nil
	}
}

// JWKSURL is the URL of the server's JSON Web Key Set, GET /v1/jwks: what a
// client that verifies session tokens by URL fetches.
func (s *Server) JWKSURL() string { return s.URL + "/jwks" }

// prepare restores the state, or else applies the seed, before the server
// listens.
func (c *standaloneConfig) prepare(s *Server) error {
	if len(c.state) > 0 {
		return s.restore(c.state)
	}
	if c.seed == nil {
		return nil
	}
	defer s.ResetRequests()
	for i, u := range c.seed.Users {
		if _, err := s.seedCall("POST", "/v1/users", u); err != nil {
			return fmt.Errorf("clerktest: WithSeed: users[%d]: %w", i, err)
		}
	}
	for i, o := range c.seed.Organizations {
		id, err := s.seedCall("POST", "/v1/organizations", o.Fields)
		if err != nil {
			return fmt.Errorf("clerktest: WithSeed: organizations[%d]: %w", i, err)
		}
		for j, m := range o.Members {
			userID := m.UserID
			if userID == "" {
				s.mu.Lock()
				userID = s.db.byEmail[lower(m.EmailAddress)]
				s.mu.Unlock()
			}
			if userID == "" {
				return fmt.Errorf("clerktest: WithSeed: organizations[%d].members[%d]: no user %q", i, j, m.EmailAddress)
			}
			body := map[string]any{"user_id": userID, "role": m.Role}
			if _, err := s.seedCall("POST", "/v1/organizations/"+id+"/memberships", body); err != nil {
				return fmt.Errorf("clerktest: WithSeed: organizations[%d].members[%d]: %w", i, j, err)
			}
		}
	}
	return nil
}

// seedCall serves one API request in memory and returns the ID of the
// resource it created.
func (s *Server) seedCall(method, path string, body any) (string, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	req := httptest.NewRequest(method, path, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+s.SecretKey)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	s.serveHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return "", fmt.Errorf("%s %s: %d %s", method, path, rec.Code, strings.TrimSpace(rec.Body.String()))
	}
	var out struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		return "", fmt.Errorf("%s %s: %w", method, path, err)
	}
	return out.ID, nil
}

// httpServer starts the HTTP server of h, on the configured address or a
// random loopback port.
func (c *standaloneConfig) httpServer(h http.Handler) (*httptest.Server, error) {
	if c.listen == "" {
		return httptest.NewServer(h), nil
	}
	l, err := net.Listen("tcp", c.listen)
	if err != nil {
		return nil, fmt.Errorf("clerktest: WithListenAddress: %w", err)
	}
	hs := httptest.NewUnstartedServer(h)
	_ = hs.Listener.Close()
	hs.Listener = l
	hs.Start()
	return hs, nil
}
