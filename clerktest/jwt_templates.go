package clerktest

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// jwtTemplateRec is a JWT template as the API shows it. The claims and
// lifetime that minting uses live in store.templates, by name; the two are
// kept in step, and a template added with [Server.AddJWTTemplate] gets its
// record when the API first looks (syncTemplates).
type jwtTemplateRec struct {
	seq int64
	t   gen.JWTTemplate
}

// reservedTemplateClaims are the claims a template cannot set: the session
// token's own.
var reservedTemplateClaims = []string{"azp", "exp", "iat", "iss", "jti", "nbf", "sid", "sub"}

// syncTemplates gives every template of store.templates an API record;
// s.mu must be held.
func (s *Server) syncTemplates() {
	db := &s.db
	if db.lists.jwtTemplates == nil {
		db.lists.jwtTemplates = map[string]*jwtTemplateRec{}
	}
	have := map[string]bool{}
	for _, r := range db.lists.jwtTemplates {
		have[r.t.Name] = true
		if t, ok := db.templates[r.t.Name]; ok { // AddJWTTemplate may have replaced it
			r.t.Claims = cloneMap(t.Claims)
			if t.Lifetime > 0 {
				r.t.Lifetime = int(t.Lifetime / time.Second)
			}
		}
	}
	for _, name := range slices.Sorted(maps.Keys(db.templates)) {
		if have[name] {
			continue
		}
		t := db.templates[name]
		life := int(t.Lifetime / time.Second)
		if life == 0 {
			life = int(DefaultTokenLifetime / time.Second)
		}
		now := ms(s.now())
		r := &jwtTemplateRec{seq: db.next(), t: gen.JWTTemplate{
			ID: newID("jtmp"), Object: "jwt_template", Name: name, Claims: cloneMap(t.Claims), Lifetime: life,
			AllowedClockSkew: 5, SigningAlgorithm: "RS256", CreatedAt: now, UpdatedAt: now,
		}}
		db.lists.jwtTemplates[r.t.ID] = r
	}
}

// templateFields are the fields of a create or update body.
type templateFields struct {
	name          string
	claims        map[string]any
	lifetime      *int
	skew          *int
	customKey     bool
	signingMethod *string
}

// checkTemplate validates a body against Clerk's rules; s.mu must be held.
// exceptID is the template being updated, whose own name is no conflict.
func (s *Server) checkTemplate(f templateFields, exceptID string) *apiError {
	if f.name == "" {
		return errParamMissing("name")
	}
	if f.claims == nil {
		return errParamMissing("claims")
	}
	for _, c := range reservedTemplateClaims {
		if _, ok := f.claims[c]; ok {
			return errParamValue("claims", "the reserved claim "+c+" cannot be set by a template")
		}
	}
	if f.lifetime != nil && (*f.lifetime < 30 || *f.lifetime > 315360000) {
		return errParamValue("lifetime", "must be between 30 and 315360000")
	}
	if f.skew != nil && (*f.skew < 0 || *f.skew > 300) {
		return errParamValue("allowed_clock_skew", "must be between 0 and 300")
	}
	if f.customKey || (f.signingMethod != nil && *f.signingMethod != "RS256") {
		return newAPIError(http.StatusUnprocessableEntity, "clerktest_not_implemented", "not implemented",
			"clerktest signs template tokens with its own RS256 key only; custom signing keys are not implemented.", paramMeta("custom_signing_key"))
	}
	for _, r := range s.db.lists.jwtTemplates {
		if r.t.Name == f.name && r.t.ID != exceptID {
			return errIdentifierExists("name", "JWT template name")
		}
	}
	return nil
}

// applyTemplate stores f in r and in store.templates; s.mu must be held.
func (s *Server) applyTemplate(r *jwtTemplateRec, f templateFields) {
	delete(s.db.templates, r.t.Name)
	r.t.Name = f.name
	r.t.Claims = cloneMap(f.claims)
	if f.lifetime != nil {
		r.t.Lifetime = *f.lifetime
	}
	if f.skew != nil {
		r.t.AllowedClockSkew = *f.skew
	}
	r.t.UpdatedAt = ms(s.now())
	if s.db.templates == nil {
		s.db.templates = map[string]JWTTemplate{}
	}
	s.db.templates[r.t.Name] = JWTTemplate{Name: r.t.Name, Claims: cloneMap(f.claims), Lifetime: time.Duration(r.t.Lifetime) * time.Second}
}

// CreateJWTTemplate creates a template whose name session tokens can be
// minted from (POST /sessions/{id}/tokens/{name}).
func (a *api) CreateJWTTemplate(_ context.Context, req bapiserver.CreateJWTTemplateRequestObject) (bapiserver.CreateJWTTemplateResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("name")
	}
	b := req.Body
	f := templateFields{b.Name, b.Claims, b.Lifetime, b.AllowedClockSkew, isTrue(b.CustomSigningKey), b.SigningAlgorithm}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncTemplates()
	if e := s.checkTemplate(f, ""); e != nil {
		return nil, e
	}
	now := ms(s.now())
	r := &jwtTemplateRec{seq: s.db.next(), t: gen.JWTTemplate{
		ID: newID("jtmp"), Object: "jwt_template", Lifetime: int(DefaultTokenLifetime / time.Second),
		AllowedClockSkew: 5, SigningAlgorithm: "RS256", CreatedAt: now,
	}}
	s.applyTemplate(r, f)
	s.db.lists.jwtTemplates[r.t.ID] = r
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateJWTTemplate200JSONResponse(out), nil
}

// ListJWTTemplates lists the templates, oldest first; it answers
// {data, total_count} to paginated=true.
func (a *api) ListJWTTemplates(_ context.Context, req bapiserver.ListJWTTemplatesRequestObject) (bapiserver.ListJWTTemplatesResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.syncTemplates()
	all := slices.Collect(maps.Values(s.db.lists.jwtTemplates))
	slices.SortFunc(all, func(x, y *jwtTemplateRec) int { return cmpInt(x.seq, y.seq) })
	data, err := pageOut(all, req.Params.Limit, req.Params.Offset, func(r *jwtTemplateRec) (gen.JWTTemplate, error) { return clone(r.t) })
	if err != nil {
		return nil, err
	}
	var body gen.JWTTemplateListResponse
	if req.Params.Paginated != nil && *req.Params.Paginated {
		err = body.FromPaginatedJWTTemplateList(gen.PaginatedJWTTemplateList{Data: data, TotalCount: int64(len(all))})
	} else {
		err = body.FromJWTTemplateListResponse0(data)
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.ListJWTTemplates200JSONResponse(body), nil
}

// template finds a template by ID; s.mu must be held.
func (s *Server) template(id string) (*jwtTemplateRec, *apiError) {
	s.syncTemplates()
	r := s.db.lists.jwtTemplates[id]
	if r == nil {
		return nil, errNotFound("JWT template " + id)
	}
	return r, nil
}

// GetJWTTemplate returns one template.
func (a *api) GetJWTTemplate(_ context.Context, req bapiserver.GetJWTTemplateRequestObject) (bapiserver.GetJWTTemplateResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetJWTTemplate200JSONResponse(out), nil
}

// UpdateJWTTemplate replaces a template's name and claims, and the
// lifetime and clock skew when given.
func (a *api) UpdateJWTTemplate(_ context.Context, req bapiserver.UpdateJWTTemplateRequestObject) (bapiserver.UpdateJWTTemplateResponseObject, error) {
	if req.Body == nil {
		return nil, errParamMissing("name")
	}
	b := req.Body
	f := templateFields{b.Name, b.Claims, value(b.Lifetime), value(b.AllowedClockSkew), isTrue(b.CustomSigningKey), value(b.SigningAlgorithm)}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	if e := s.checkTemplate(f, r.t.ID); e != nil {
		return nil, e
	}
	s.applyTemplate(r, f)
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateJWTTemplate200JSONResponse(out), nil
}

// DeleteJWTTemplate removes a template; tokens can no longer be minted
// from its name.
func (a *api) DeleteJWTTemplate(_ context.Context, req bapiserver.DeleteJWTTemplateRequestObject) (bapiserver.DeleteJWTTemplateResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	r, e := s.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	delete(s.db.lists.jwtTemplates, r.t.ID)
	delete(s.db.templates, r.t.Name)
	return bapiserver.DeleteJWTTemplate200JSONResponse{Object: "jwt_template", ID: ptr(r.t.ID), Deleted: true}, nil
}
