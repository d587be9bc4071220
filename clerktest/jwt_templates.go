package clerktest

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
	"github.com/gobapi/clerk/gen"
)

// JWT templates through the Backend API (/jwt_templates). The records live
// in moreStore.jwtTemplates by ID; db.templates, by name, is what
// POST /sessions/{id}/tokens/{template_name} reads, so every change here is
// mirrored there. Templates added with Server.AddJWTTemplate get a record
// the first time the API looks at them.

// Clerk's defaults and bounds for a template.
const (
	defaultTemplateLifetime  = 60
	defaultTemplateClockSkew = 5
	minTemplateLifetime      = 30
	maxTemplateLifetime      = 315360000
	maxTemplateClockSkew     = 300
)

// syncTemplates gives a record to each template that AddJWTTemplate
// registered and the API has not seen yet.
func (db *store) syncTemplates(now int64) {
	names := make([]string, 0, len(db.templates))
	for name := range db.templates {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if db.templateByName(name) != nil {
			continue
		}
		t := db.templates[name]
		life := defaultTemplateLifetime
		if t.Lifetime > 0 {
			life = int(t.Lifetime / time.Second)
		}
		id := newID("jtmp")
		db.more.jwtTemplates[id] = &jwtTemplateRec{seq: db.next(), t: gen.JWTTemplate{
			ID: id, Object: "jwt_template", Name: name, Claims: cloneMap(t.Claims), Lifetime: life,
			AllowedClockSkew: defaultTemplateClockSkew, SigningAlgorithm: "RS256", CreatedAt: now, UpdatedAt: now,
		}}
	}
}

func (db *store) templateByName(name string) *jwtTemplateRec {
	for _, r := range db.more.jwtTemplates {
		if r.t.Name == name {
			return r
		}
	}
	return nil
}

// publishTemplate mirrors a record into db.templates, where the token
// endpoint finds it by name.
func (db *store) publishTemplate(t *gen.JWTTemplate) {
	if db.templates == nil {
		db.templates = map[string]JWTTemplate{}
	}
	db.templates[t.Name] = JWTTemplate{Name: t.Name, Claims: cloneMap(t.Claims), Lifetime: time.Duration(t.Lifetime) * time.Second}
}

// templateSettings are the checked settings of a create or update body.
type templateSettings struct {
	name      string
	claims    map[string]any
	lifetime  *int
	skew      *int
	custom    *bool
	algorithm *string
	key       *string
}

func (ts *templateSettings) check() *apiError {
	if ts.name == "" {
		return errParamMissing("name")
	}
	if ts.claims == nil {
		return errParamMissing("claims")
	}
	if ts.lifetime != nil && (*ts.lifetime < minTemplateLifetime || *ts.lifetime > maxTemplateLifetime) {
		return errParamValue("lifetime", "must be between 30 and 315360000 seconds")
	}
	if ts.skew != nil && (*ts.skew < 0 || *ts.skew > maxTemplateClockSkew) {
		return errParamValue("allowed_clock_skew", "must be between 0 and 300 seconds")
	}
	if ts.custom != nil && *ts.custom {
		if ts.algorithm == nil || *ts.algorithm == "" {
			return errParamMissing("signing_algorithm")
		}
		if ts.key == nil || *ts.key == "" {
			return errParamMissing("signing_key")
		}
	}
	return nil
}

// apply writes the settings into t; fields not sent keep their value.
func (ts *templateSettings) apply(t *gen.JWTTemplate) {
	t.Name = ts.name
	t.Claims = cloneMap(ts.claims)
	if ts.lifetime != nil {
		t.Lifetime = *ts.lifetime
	}
	if ts.skew != nil {
		t.AllowedClockSkew = *ts.skew
	}
	if ts.custom != nil {
		t.CustomSigningKey = *ts.custom
		if !*ts.custom {
			t.SigningAlgorithm = "RS256"
		}
	}
	if t.CustomSigningKey && ts.algorithm != nil {
		t.SigningAlgorithm = *ts.algorithm
	}
}

// CreateJWTTemplate stores a template under a unique name, with Clerk's
// defaults: a lifetime of 60 s, a clock skew of 5 s, RS256.
func (a *api) CreateJWTTemplate(_ context.Context, req bapiserver.CreateJWTTemplateRequestObject) (bapiserver.CreateJWTTemplateResponseObject, error) {
	b := req.Body
	ts := templateSettings{name: b.Name, claims: b.Claims, lifetime: b.Lifetime, skew: b.AllowedClockSkew,
		custom: b.CustomSigningKey, algorithm: b.SigningAlgorithm, key: b.SigningKey}
	if e := ts.check(); e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	now := ms(s.now())
	db.syncTemplates(now)
	if db.templateByName(b.Name) != nil {
		return nil, errIdentifierExists("name", "template name")
	}
	t := gen.JWTTemplate{ID: newID("jtmp"), Object: "jwt_template", Lifetime: defaultTemplateLifetime,
		AllowedClockSkew: defaultTemplateClockSkew, SigningAlgorithm: "RS256", CreatedAt: now, UpdatedAt: now}
	ts.apply(&t)
	db.more.jwtTemplates[t.ID] = &jwtTemplateRec{seq: db.next(), t: t}
	db.publishTemplate(&t)
	out, err := clone(t)
	if err != nil {
		return nil, err
	}
	return bapiserver.CreateJWTTemplate200JSONResponse(out), nil
}

// ListJWTTemplates lists the templates in creation order; it answers
// {data, total_count} to paginated=true, as Clerk does.
func (a *api) ListJWTTemplates(_ context.Context, req bapiserver.ListJWTTemplatesRequestObject) (bapiserver.ListJWTTemplatesResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	db.syncTemplates(ms(s.now()))
	recs := make([]*jwtTemplateRec, 0, len(db.more.jwtTemplates))
	for _, r := range db.more.jwtTemplates {
		recs = append(recs, r)
	}
	slices.SortFunc(recs, func(x, y *jwtTemplateRec) int { return cmp.Compare(x.seq, y.seq) })
	data, err := pageOut(recs, req.Params.Limit, req.Params.Offset, func(r *jwtTemplateRec) (gen.JWTTemplate, error) { return clone(r.t) })
	if err != nil {
		return nil, err
	}
	var body gen.JWTTemplateListResponse
	if req.Params.Paginated != nil && *req.Params.Paginated {
		err = body.FromPaginatedJWTTemplateList(gen.PaginatedJWTTemplateList{Data: data, TotalCount: int64(len(recs))})
	} else {
		err = body.FromJWTTemplateListResponse0(data)
	}
	if err != nil {
		return nil, err
	}
	return bapiserver.ListJWTTemplates200JSONResponse(body), nil
}

// template returns the record of id or a 404.
func (db *store) template(id string) (*jwtTemplateRec, *apiError) {
	r := db.more.jwtTemplates[id]
	if r == nil {
		return nil, errNotFound("JWT template " + id)
	}
	return r, nil
}

// GetJWTTemplate returns one template by ID.
func (a *api) GetJWTTemplate(_ context.Context, req bapiserver.GetJWTTemplateRequestObject) (bapiserver.GetJWTTemplateResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	s.db.syncTemplates(ms(s.now()))
	r, e := s.db.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	return bapiserver.GetJWTTemplate200JSONResponse(out), nil
}

// UpdateJWTTemplate replaces the name and claims of a template and the
// settings the body sends.
func (a *api) UpdateJWTTemplate(_ context.Context, req bapiserver.UpdateJWTTemplateRequestObject) (bapiserver.UpdateJWTTemplateResponseObject, error) {
	b := req.Body
	ts := templateSettings{name: b.Name, claims: b.Claims, lifetime: value(b.Lifetime), skew: value(b.AllowedClockSkew),
		custom: b.CustomSigningKey, algorithm: value(b.SigningAlgorithm), key: value(b.SigningKey)}
	if e := ts.check(); e != nil {
		return nil, e
	}
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	now := ms(s.now())
	db.syncTemplates(now)
	r, e := db.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	if other := db.templateByName(b.Name); other != nil && other != r {
		return nil, errIdentifierExists("name", "template name")
	}
	delete(db.templates, r.t.Name)
	ts.apply(&r.t)
	r.t.UpdatedAt = now
	db.publishTemplate(&r.t)
	out, err := clone(r.t)
	if err != nil {
		return nil, err
	}
	return bapiserver.UpdateJWTTemplate200JSONResponse(out), nil
}

// DeleteJWTTemplate removes a template; tokens can no longer be minted
// from it.
func (a *api) DeleteJWTTemplate(_ context.Context, req bapiserver.DeleteJWTTemplateRequestObject) (bapiserver.DeleteJWTTemplateResponseObject, error) {
	s := a.s
	s.mu.Lock()
	defer s.mu.Unlock()
	db := &s.db
	db.syncTemplates(ms(s.now()))
	r, e := db.template(req.TemplateID)
	if e != nil {
		return nil, e
	}
	delete(db.more.jwtTemplates, r.t.ID)
	delete(db.templates, r.t.Name)
	return bapiserver.DeleteJWTTemplate200JSONResponse{Object: "jwt_template", ID: ptr(r.t.ID), Deleted: true}, nil
}
