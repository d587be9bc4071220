package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Diff is one difference between our spec and the upstream spec in one
// operation. Values in Msg are written "ours != upstream".
type Diff struct {
	Method, Path string // the operation, e.g. "POST", "/users"
	Loc          string // where in the operation, e.g. "requestBody.application/json.email_address"
	Msg          string // what differs, e.g. "type string != integer"
}

// Key is the stable text of a diff, used for sorting, output and the allow-list.
func (d Diff) Key() string { return d.Method + " " + d.Path + " " + d.Loc + ": " + d.Msg }

// Op identifies an operation by method and path, with its operationId for display.
type Op struct{ Method, Path, ID string }

// Result is the outcome of comparing two specs.
type Result struct {
	Diffs     []Diff // sorted by Key
	Ours      int    // operations in our spec
	Upstream  int    // operations in the upstream spec
	Covered   int    // operations in both
	Uncovered []Op   // upstream operations missing from ours (informational)
}

// Compare compares every operation of ours with the same METHOD + path upstream.
func Compare(ours, up *openapi3.T) Result {
	oursOps, upOps := operations(ours), operations(up)
	var res Result
	res.Ours, res.Upstream = len(oursOps), len(upOps)
	for k, uo := range upOps {
		if _, ok := oursOps[k]; !ok {
			res.Uncovered = append(res.Uncovered, Op{k.Method, k.Path, uo.op.OperationID})
		}
	}
	sort.Slice(res.Uncovered, func(i, j int) bool {
		a, b := res.Uncovered[i], res.Uncovered[j]
		return a.Path+" "+a.Method < b.Path+" "+b.Method
	})
	for k, oo := range oursOps {
		c := &cmp{method: k.Method, path: k.Path, ours: ours, up: up}
		uo, ok := upOps[k]
		if !ok {
			c.add("operation", "missing upstream")
		} else {
			res.Covered++
			c.operation(oo, uo)
		}
		res.Diffs = append(res.Diffs, c.diffs...)
	}
	sort.SliceStable(res.Diffs, func(i, j int) bool { return res.Diffs[i].Key() < res.Diffs[j].Key() })
	return res
}

type opKey struct{ Method, Path string }

type opRef struct {
	item *openapi3.PathItem
	op   *openapi3.Operation
}

func operations(doc *openapi3.T) map[opKey]opRef {
	m := map[opKey]opRef{}
	if doc.Paths == nil {
		return m
	}
	for p, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			m[opKey{strings.ToUpper(method), p}] = opRef{item, op}
		}
	}
	return m
}

// cmp collects the diffs of one operation.
type cmp struct {
	method, path string
	ours, up     *openapi3.T
	diffs        []Diff
	// stack holds the schema pairs being compared on the current path, so
	// that recursive schemas stop instead of looping.
	stack map[[2]*openapi3.Schema]bool
}

func (c *cmp) add(loc, format string, args ...any) {
	c.diffs = append(c.diffs, Diff{c.method, c.path, loc, fmt.Sprintf(format, args...)})
}

func (c *cmp) operation(o, u opRef) {
	if o.op.OperationID != u.op.OperationID {
		c.add("operationId", "%s != %s", o.op.OperationID, u.op.OperationID)
	}
	if o.op.Deprecated != u.op.Deprecated {
		c.add("deprecated", "%v != %v", o.op.Deprecated, u.op.Deprecated)
	}
	c.set("tags", "", o.op.Tags, u.op.Tags)
	if a, b := security(c.ours, o.op), security(c.up, u.op); a != b {
		c.add("security", "%s != %s", a, b)
	}
	c.parameters(params(o), params(u))
	c.requestBody(o.op.RequestBody, u.op.RequestBody)
	c.responses(o.op.Responses, u.op.Responses)
}

// set reports the elements of the set "what" only in a (ours) and only in b (upstream).
func (c *cmp) set(loc, what string, a, b []string) {
	onlyA, onlyB := minus(a, b), minus(b, a)
	if len(onlyA) > 0 || len(onlyB) > 0 {
		c.add(loc, "%sonly ours %v, only upstream %v", what, onlyA, onlyB)
	}
}

func minus(a, b []string) []string {
	var r []string
	for _, x := range a {
		if !slices.Contains(b, x) && !slices.Contains(r, x) {
			r = append(r, x)
		}
	}
	sort.Strings(r)
	return r
}

// security renders the effective security requirements of op, naming each
// scheme by its definition (type and scheme) so that renaming one is not a diff.
func security(doc *openapi3.T, op *openapi3.Operation) string {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	var alts []string
	for _, req := range reqs {
		var parts []string
		for name, scopes := range req {
			def := name
			if doc.Components != nil {
				if ref := doc.Components.SecuritySchemes[name]; ref != nil && ref.Value != nil {
					v := ref.Value
					def = strings.TrimSpace(strings.Join([]string{v.Type, v.Scheme, v.In, v.Name}, " "))
				}
			}
			s := slices.Clone(scopes)
			sort.Strings(s)
			parts = append(parts, def+fmt.Sprint(s))
		}
		sort.Strings(parts)
		alts = append(alts, "{"+strings.Join(parts, ",")+"}")
	}
	sort.Strings(alts)
	if len(alts) == 0 {
		return "none"
	}
	return strings.Join(alts, " or ")
}

// params merges path-level and operation-level parameters, keyed "in.name".
func params(r opRef) map[string]*openapi3.Parameter {
	m := map[string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{r.item.Parameters, r.op.Parameters} {
		for _, ref := range list {
			if ref != nil && ref.Value != nil {
				m[ref.Value.In+"."+ref.Value.Name] = ref.Value
			}
		}
	}
	return m
}

func (c *cmp) parameters(o, u map[string]*openapi3.Parameter) {
	for _, k := range keys(o, u) {
		loc := "param." + k
		a, b := o[k], u[k]
		switch {
		case b == nil:
			c.add(loc, "missing upstream")
			continue
		case a == nil:
			c.add(loc, "missing in ours")
			continue
		}
		if a.Required != b.Required {
			c.add(loc, "required %v != %v", a.Required, b.Required)
		}
		if a.Deprecated != b.Deprecated {
			c.add(loc, "deprecated %v != %v", a.Deprecated, b.Deprecated)
		}
		if sa, sb := paramStyle(a), paramStyle(b); sa != sb {
			c.add(loc, "style %s != %s", sa, sb)
		}
		if a.AllowEmptyValue != b.AllowEmptyValue {
			c.add(loc, "allowEmptyValue %v != %v", a.AllowEmptyValue, b.AllowEmptyValue)
		}
		if a.AllowReserved != b.AllowReserved {
			c.add(loc, "allowReserved %v != %v", a.AllowReserved, b.AllowReserved)
		}
		c.schemaRef(loc, a.Schema, b.Schema)
		if len(a.Content) > 0 || len(b.Content) > 0 {
			c.content(loc, a.Content, b.Content)
		}
	}
}

// paramStyle returns "style/explode" with the OpenAPI 3.0 defaults filled in,
// so that an unset style equals its default.
func paramStyle(p *openapi3.Parameter) string {
	style := p.Style
	if style == "" {
		style = "simple"
		if p.In == "query" || p.In == "cookie" {
			style = "form"
		}
	}
	explode := style == "form"
	if p.Explode != nil {
		explode = *p.Explode
	}
	return fmt.Sprintf("%s/explode=%v", style, explode)
}

func (c *cmp) requestBody(o, u *openapi3.RequestBodyRef) {
	const loc = "requestBody"
	a, b := bodyOf(o), bodyOf(u)
	switch {
	case a == nil && b == nil:
		return
	case b == nil:
		c.add(loc, "missing upstream")
		return
	case a == nil:
		c.add(loc, "missing in ours")
		return
	}
	if a.Required != b.Required {
		c.add(loc, "required %v != %v", a.Required, b.Required)
	}
	c.content(loc, a.Content, b.Content)
}

func bodyOf(r *openapi3.RequestBodyRef) *openapi3.RequestBody {
	if r == nil {
		return nil
	}
	return r.Value
}

func (c *cmp) responses(o, u *openapi3.Responses) {
	om, um := o.Map(), u.Map()
	for _, code := range keys(om, um) {
		loc := "response." + code
		a, b := om[code], um[code]
		switch {
		case b == nil || b.Value == nil:
			c.add(loc, "missing upstream")
		case a == nil || a.Value == nil:
			c.add(loc, "missing in ours")
		default:
			c.content(loc, a.Value.Content, b.Value.Content)
		}
	}
}

// content compares media types and their schemas; no content means no body.
func (c *cmp) content(loc string, o, u openapi3.Content) {
	if len(o) == 0 && len(u) > 0 {
		c.add(loc, "no body != body %v", sortedKeys(u))
		return
	}
	if len(o) > 0 && len(u) == 0 {
		c.add(loc, "body %v != no body", sortedKeys(o))
		return
	}
	for _, ct := range keys(o, u) {
		a, b := o[ct], u[ct]
		switch {
		case b == nil:
			c.add(loc+"."+ct, "content type missing upstream")
		case a == nil:
			c.add(loc+"."+ct, "content type missing in ours")
		default:
			c.schemaRef(loc+"."+ct, a.Schema, b.Schema)
		}
	}
}

func (c *cmp) schemaRef(loc string, o, u *openapi3.SchemaRef) {
	a, b := schemaOf(o), schemaOf(u)
	switch {
	case a == nil && b == nil:
	case b == nil:
		c.add(loc, "schema missing upstream")
	case a == nil:
		c.add(loc, "schema missing in ours")
	default:
		c.schema(loc, a, b)
	}
}

func schemaOf(r *openapi3.SchemaRef) *openapi3.Schema {
	if r == nil {
		return nil
	}
	if t, ok := r.Extensions[xGoType]; ok && r.Value != nil {
		// oapi-codegen honours an x-go-type (and its import) beside a
		// $ref: carry them on a copy.
		v := *r.Value
		v.Extensions = maps.Clone(v.Extensions)
		if v.Extensions == nil {
			v.Extensions = map[string]any{}
		}
		v.Extensions[xGoType] = t
		delete(v.Extensions, xGoTypeImport)
		if imp, ok := r.Extensions[xGoTypeImport]; ok {
			v.Extensions[xGoTypeImport] = imp
		}
		return &v
	}
	return r.Value
}

// schema compares two schemas structurally. Names of $refs never matter.
func (c *cmp) schema(loc string, o, u *openapi3.Schema) {
	pair := [2]*openapi3.Schema{o, u}
	if c.stack[pair] {
		return // a cycle: this pair is already being compared further up
	}
	if c.stack == nil {
		c.stack = map[[2]*openapi3.Schema]bool{}
	}
	c.stack[pair] = true
	defer delete(c.stack, pair)

	a, b := normalize(o), normalize(u)
	if ta, tb := typeOf(a), typeOf(b); ta != tb {
		c.add(loc, "type %s != %s", orNone(ta), orNone(tb))
	} else {
		c.goType(loc, o, a, b)
	}
	if a.Format != b.Format {
		c.add(loc, "format %s != %s", orNone(a.Format), orNone(b.Format))
	}
	if a.Nullable != b.Nullable {
		c.add(loc, "nullable %v != %v", a.Nullable, b.Nullable)
	}
	if len(a.Enum) > 0 || len(b.Enum) > 0 {
		ea, eb := jsonAll(a.Enum), jsonAll(b.Enum)
		if len(ea) == 0 || len(eb) == 0 {
			c.add(loc, "enum %v != %v", ea, eb)
		} else {
			c.set(loc, "enum: ", ea, eb)
		}
	}
	c.scalars(loc, a, b)

	// Properties and required-ness, per field.
	for _, name := range keys(a.Properties, b.Properties) {
		pl := loc + "." + name
		pa, pb := a.Properties[name], b.Properties[name]
		switch {
		case pb == nil:
			c.add(pl, "property missing upstream")
		case pa == nil:
			c.add(pl, "property missing in ours")
		default:
			c.schemaRef(pl, pa, pb)
		}
	}
	for _, name := range append(minus(a.Required, b.Required), minus(b.Required, a.Required)...) {
		ra := slices.Contains(a.Required, name)
		c.add(loc+"."+name, "required %v != %v", ra, !ra)
	}

	if a.Items != nil || b.Items != nil {
		c.schemaRef(loc+"[]", a.Items, b.Items)
	}
	c.additional(loc, a.AdditionalProperties, b.AdditionalProperties)
	if a.Not != nil || b.Not != nil {
		c.schemaRef(loc+".not", a.Not, b.Not)
	}
	c.union(loc, "oneOf", a.OneOf, b.OneOf)
	c.union(loc, "anyOf", a.AnyOf, b.AnyOf)
	c.discriminator(loc, a.Discriminator, b.Discriminator)
}

// scalars compares the keywords that are plain values.
func (c *cmp) scalars(loc string, a, b *openapi3.Schema) {
	check := func(name string, x, y any) {
		if sx, sy := jsonOf(x), jsonOf(y); sx != sy {
			c.add(loc, "%s %s != %s", name, sx, sy)
		}
	}
	check("default", a.Default, b.Default)
	check("minimum", a.Min, b.Min)
	check("maximum", a.Max, b.Max)
	check("exclusiveMinimum", a.ExclusiveMin.Bool != nil && *a.ExclusiveMin.Bool, b.ExclusiveMin.Bool != nil && *b.ExclusiveMin.Bool)
	check("exclusiveMaximum", a.ExclusiveMax.Bool != nil && *a.ExclusiveMax.Bool, b.ExclusiveMax.Bool != nil && *b.ExclusiveMax.Bool)
	check("multipleOf", a.MultipleOf, b.MultipleOf)
	check("minLength", a.MinLength, b.MinLength)
	check("maxLength", a.MaxLength, b.MaxLength)
	check("pattern", a.Pattern, b.Pattern)
	check("minItems", a.MinItems, b.MinItems)
	check("maxItems", a.MaxItems, b.MaxItems)
	check("uniqueItems", a.UniqueItems, b.UniqueItems)
	check("minProperties", a.MinProps, b.MinProps)
	check("maxProperties", a.MaxProps, b.MaxProps)
	check("readOnly", a.ReadOnly, b.ReadOnly)
	check("writeOnly", a.WriteOnly, b.WriteOnly)
	check("deprecated", a.Deprecated, b.Deprecated)
}

// additional compares additionalProperties. In OpenAPI 3.0 an unset value,
// true and the empty schema {} all allow any extra property, so they are equal;
// false forbids them; any other schema is compared structurally.
func (c *cmp) additional(loc string, o, u openapi3.AdditionalProperties) {
	ka, kb := apKind(o), apKind(u)
	if ka != kb {
		c.add(loc+"{}", "additionalProperties %s != %s", ka, kb)
		return
	}
	if ka == "schema" {
		c.schemaRef(loc+"{}", o.Schema, u.Schema)
	}
}

func apKind(ap openapi3.AdditionalProperties) string {
	if ap.Has != nil && !*ap.Has {
		return "false"
	}
	if ap.Schema != nil && ap.Schema.Value != nil && !reflect.DeepEqual(stripMeta(ap.Schema.Value), &openapi3.Schema{}) {
		return "schema"
	}
	return "any"
}

// union compares oneOf/anyOf members as a set: each of ours must match one
// upstream member with no diff, in any order. When no such pairing exists the
// members are compared pairwise in order, so that the report says what differs.
func (c *cmp) union(loc, kw string, o, u openapi3.SchemaRefs) {
	if len(o) != len(u) {
		c.add(loc, "%s has %d members != %d", kw, len(o), len(u))
		return
	}
	used := make([]bool, len(u))
	matched := 0
	for _, a := range o {
		for j, b := range u {
			if !used[j] && c.equal(a, b) {
				used[j] = true
				matched++
				break
			}
		}
	}
	if matched == len(o) {
		return
	}
	for i := range o {
		c.schemaRef(fmt.Sprintf("%s.%s[%d]", loc, kw, i), o[i], u[i])
	}
}

// equal reports whether two schemas compare without any diff.
func (c *cmp) equal(o, u *openapi3.SchemaRef) bool {
	saved := c.diffs
	c.diffs = nil
	c.schemaRef("", o, u)
	ok := len(c.diffs) == 0
	c.diffs = saved
	return ok
}

func (c *cmp) discriminator(loc string, o, u *openapi3.Discriminator) {
	if o == nil && u == nil {
		return
	}
	if o == nil || u == nil || o.PropertyName != u.PropertyName {
		c.add(loc, "discriminator %s != %s", discName(o), discName(u))
		return
	}
	c.set(loc, "discriminator mapping: ", sortedKeys(o.Mapping), sortedKeys(u.Mapping))
}

func discName(d *openapi3.Discriminator) string {
	if d == nil {
		return "none"
	}
	return d.PropertyName
}

// normalize returns the schema to compare: single-member allOf/oneOf/anyOf
// wrappers (used to make a $ref nullable) are replaced by their member with
// the wrapper's nullability, and a real allOf is merged into one schema.
func normalize(s *openapi3.Schema) *openapi3.Schema {
	for range 32 { // a bound, in case of a wrapper that wraps itself
		m := wrapped(s)
		if m == nil {
			break
		}
		n := *m
		n.Nullable = m.Nullable || s.Nullable
		n.Deprecated = m.Deprecated || s.Deprecated
		s = &n
	}
	if len(s.AllOf) == 0 {
		return s
	}
	merged := *s
	merged.AllOf = nil
	for _, ref := range s.AllOf {
		if m := schemaOf(ref); m != nil {
			merge(&merged, normalize(m))
		}
	}
	return &merged
}

// wrapped returns the only member of s when s is nothing but a single-member
// allOf, oneOf or anyOf (plus nullable and documentation), or nil.
func wrapped(s *openapi3.Schema) *openapi3.Schema {
	var list openapi3.SchemaRefs
	n := 0
	for _, l := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		if len(l) > 0 {
			list = l
			n++
		}
	}
	if n != 1 || len(list) != 1 || list[0] == nil || list[0].Value == nil {
		return nil
	}
	rest := stripMeta(s)
	rest.AllOf, rest.OneOf, rest.AnyOf = nil, nil, nil
	rest.Nullable, rest.Deprecated = false, false
	if !reflect.DeepEqual(rest, &openapi3.Schema{}) {
		return nil
	}
	return list[0].Value
}

// stripMeta returns a copy of s without the keywords that are not compared.
func stripMeta(s *openapi3.Schema) *openapi3.Schema {
	c := *s
	c.Extensions, c.Origin = nil, nil
	c.Title, c.Description, c.Example, c.Examples, c.ExternalDocs, c.XML = "", "", nil, nil, nil, nil
	if c.Type != nil && len(*c.Type) == 0 {
		c.Type = nil
	}
	return &c
}

// merge folds an allOf member into dst: properties and required are unions,
// nullable and deprecated are true if either is, and every other keyword is
// taken from the first schema that sets it.
func merge(dst, m *openapi3.Schema) {
	dv, mv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(stripMeta(m)).Elem()
	for i := range dv.NumField() {
		if f := dv.Field(i); f.IsZero() {
			f.Set(mv.Field(i))
		}
	}
	dst.Nullable = dst.Nullable || m.Nullable
	dst.Deprecated = dst.Deprecated || m.Deprecated
	if len(m.Properties) > 0 {
		props := openapi3.Schemas{}
		for k, v := range m.Properties {
			props[k] = v
		}
		for k, v := range dst.Properties {
			props[k] = v // the first definition wins
		}
		dst.Properties = props
	}
	for _, r := range m.Required {
		if !slices.Contains(dst.Required, r) {
			dst.Required = append(slices.Clip(dst.Required), r)
		}
	}
}

func typeOf(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	t := slices.Clone(s.Type.Slice())
	sort.Strings(t)
	return strings.Join(t, "|")
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

func jsonOf(v any) string {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() || (rv.Kind() == reflect.Pointer && rv.IsNil()) {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

func jsonAll(vs []any) []string {
	r := make([]string, 0, len(vs))
	for _, v := range vs {
		r = append(r, jsonOf(v))
	}
	return r
}

// keys returns the sorted union of the keys of two maps.
func keys[V any](a, b map[string]V) []string {
	var r []string
	for k := range a {
		r = append(r, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			r = append(r, k)
		}
	}
	sort.Strings(r)
	return r
}

func sortedKeys[V any](m map[string]V) []string { return keys(m, map[string]V(nil)) }
