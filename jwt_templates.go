package clerk

import (
	"context"

	"github.com/gobapi/clerk/gen"
)

// JWTTemplatesService manages the instance's JWT templates
// (/jwt_templates): named sets of claims from which
// [SessionsService.CreateTokenFromTemplate] mints tokens for third-party
// services. Reach it as [Client].JWTTemplates.
type JWTTemplatesService struct{ client *Client }

// JWTTemplateParams are the settings of a template for
// [JWTTemplatesService.Create] and [JWTTemplatesService.Update]. An update
// replaces the name and claims; the other settings keep their value when
// left zero.
type JWTTemplateParams struct {
	// Name names the template in token requests. Required.
	Name string
	// Claims are the template's claims; string values may hold Clerk's
	// shortcodes such as "{{user.id}}". nil sends an empty object.
	Claims map[string]any
	// Lifetime is the lifetime of minted tokens in seconds, 30 to
	// 315360000; 0 keeps Clerk's default (60) or the current value.
	Lifetime int
	// AllowedClockSkew is the leeway in seconds, 0 to 300; nil keeps
	// Clerk's default (5) or the current value.
	AllowedClockSkew *int
	// SigningAlgorithm and SigningKey sign the tokens with your own key
	// instead of the instance's; set both or neither.
	SigningAlgorithm, SigningKey string
}

// JWTTemplateListParams pages [JWTTemplatesService.List]. Zero fields keep
// the server's defaults (10 templates from the first).
type JWTTemplateListParams struct {
	Limit, Offset int
}

func (p *JWTTemplateParams) check() error {
	if p == nil || p.Name == "" {
		return &InvalidParamError{Param: "params.Name", Reason: "must not be empty"}
	}
	if (p.SigningAlgorithm == "") != (p.SigningKey == "") {
		return &InvalidParamError{Param: "params.SigningKey", Reason: "SigningAlgorithm and SigningKey go together"}
	}
	if p.Lifetime < 0 {
		return &InvalidParamError{Param: "params.Lifetime", Reason: "must not be negative"}
	}
	return nil
}

func (p *JWTTemplateParams) claims() map[string]any {
	if p.Claims == nil {
		return map[string]any{}
	}
	return p.Claims
}

// optional is v as an optional field: nil for the zero value.
func optional[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// Create creates a template.
func (s *JWTTemplatesService) Create(ctx context.Context, params *JWTTemplateParams) (*JWTTemplate, error) {
	if err := params.check(); err != nil {
		return nil, err
	}
	body := gen.CreateJWTTemplateJSONRequestBody{
		Name: params.Name, Claims: params.claims(), Lifetime: optional(params.Lifetime),
		AllowedClockSkew: params.AllowedClockSkew, SigningAlgorithm: optional(params.SigningAlgorithm),
		SigningKey: optional(params.SigningKey),
	}
	if params.SigningKey != "" {
		body.CustomSigningKey = Ptr(true)
	}
	resp, err := s.client.api.CreateJWTTemplate(ctx, body)
	return decode[gen.JWTTemplate]("create JWT template", resp, err)
}

// Get returns the template with the given ID.
func (s *JWTTemplatesService) Get(ctx context.Context, templateID string) (*JWTTemplate, error) {
	if err := requireID("templateID", templateID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.GetJWTTemplate(ctx, templateID)
	return decode[gen.JWTTemplate]("get JWT template", resp, err)
}

// List returns one page of templates, oldest first. params may be nil.
func (s *JWTTemplatesService) List(ctx context.Context, params *JWTTemplateListParams) ([]JWTTemplate, error) {
	q := &gen.ListJWTTemplatesParams{}
	if params != nil {
		if params.Limit < 0 || params.Offset < 0 {
			return nil, &InvalidParamError{Param: "params", Reason: "Limit and Offset must not be negative"}
		}
		q.Limit, q.Offset = optional(params.Limit), optional(params.Offset)
	}
	const op = "list JWT templates"
	resp, err := s.client.api.ListJWTTemplates(ctx, q)
	list, err := decode[[]gen.JWTTemplate](op, resp, err)
	if err != nil {
		return nil, err
	}
	return *list, nil
}

// Update replaces the template's name and claims and changes the settings
// params sets.
func (s *JWTTemplatesService) Update(ctx context.Context, templateID string, params *JWTTemplateParams) (*JWTTemplate, error) {
	if err := requireID("templateID", templateID); err != nil {
		return nil, err
	}
	if err := params.check(); err != nil {
		return nil, err
	}
	body := gen.UpdateJWTTemplateJSONRequestBody{Name: params.Name, Claims: params.claims()}
	if params.Lifetime != 0 {
		body.Lifetime.Set(params.Lifetime)
	}
	if params.AllowedClockSkew != nil {
		body.AllowedClockSkew.Set(*params.AllowedClockSkew)
	}
	if params.SigningKey != "" {
		body.CustomSigningKey = Ptr(true)
		body.SigningAlgorithm.Set(params.SigningAlgorithm)
		body.SigningKey.Set(params.SigningKey)
	}
	resp, err := s.client.api.UpdateJWTTemplate(ctx, templateID, body)
	return decode[gen.JWTTemplate]("update JWT template", resp, err)
}

// Delete deletes the template; tokens can no longer be minted from it.
func (s *JWTTemplatesService) Delete(ctx context.Context, templateID string) (*DeletedObject, error) {
	if err := requireID("templateID", templateID); err != nil {
		return nil, err
	}
	resp, err := s.client.api.DeleteJWTTemplate(ctx, templateID)
	return decode[gen.DeletedObject]("delete JWT template", resp, err)
}
