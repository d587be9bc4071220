package main

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// xGoType is oapi-codegen's extension that replaces a schema's Go type;
// xGoTypeImport names the package that type comes from.
const (
	xGoType       = "x-go-type"
	xGoTypeImport = "x-go-type-import"
)

// goType reports a schema of ours whose Go type cannot hold every value the
// upstream schema allows: a response value that then fails to decode, or a
// request value that cannot be sent. raw is our schema as written, o and u
// the normalized schemas of ours and upstream, whose types are equal.
//
// Our Go type is the x-go-type (on raw, which oapi-codegen reads first, or
// on the schema a nullable wrapper stands for), else oapi-codegen's default
// for the type and format: a bare number is float32. Without an x-go-type
// only numbers and integers of the same format as upstream are checked; a
// format change is already a diff of its own, and the default Go types of
// strings and booleans hold every value of their format.
func (c *cmp) goType(loc string, raw, o, u *openapi3.Schema) {
	gt, from := xGoTypeOf(raw), raw
	if gt == "" {
		gt, from = xGoTypeOf(o), o
	}
	if gt == "" {
		if o.Format != u.Format {
			return
		}
		if gt = defaultGoType(typeOf(o), o.Format); gt == "" {
			return
		}
	}
	dom := typeOf(u)
	if u.Format != "" {
		dom += "/" + u.Format
	}
	if dom == "" {
		dom = "any value"
	}
	switch holds, known := goTypeHoldsSchema(gt, xGoImportOf(from), u); {
	case !known:
		c.add(loc, "go type %s not known to hold every %s", gt, dom)
	case !holds:
		c.add(loc, "go type %s narrower than %s", gt, dom)
	}
}

func xGoTypeOf(s *openapi3.Schema) string {
	t, _ := s.Extensions[xGoType].(string)
	return strings.TrimSpace(t)
}

// xGoImportOf is the path of the x-go-type-import beside an x-go-type, or "".
func xGoImportOf(s *openapi3.Schema) string {
	m, _ := s.Extensions[xGoTypeImport].(map[string]any)
	p, _ := m["path"].(string)
	return p
}

// nullablePath is the package of the generic nullable.Nullable[T] that our
// spec gives the properties of PATCH bodies that can be sent as null.
const nullablePath = "github.com/oapi-codegen/nullable"

// goTypeHoldsSchema is goTypeHolds for the upstream schema u, seeing
// through the generic Go types our spec uses: nullable.Nullable[T] (of
// nullablePath, imported beside the x-go-type) holds null and every value
// that T holds, so it is exactly as wide as T; a slice []E holds an array
// when E holds every item.
func goTypeHoldsSchema(gt, importPath string, u *openapi3.Schema) (holds, known bool) {
	if inner, ok := strings.CutPrefix(gt, "nullable.Nullable["); ok && strings.HasSuffix(inner, "]") {
		if importPath != nullablePath {
			return false, false
		}
		return goTypeHoldsSchema(strings.TrimSuffix(inner, "]"), "", u)
	}
	if elem, ok := strings.CutPrefix(gt, "[]"); ok && typeOf(u) == "array" {
		items := schemaOf(u.Items)
		if items == nil { // any item at all
			return goTypeHolds(elem, "", "")
		}
		return goTypeHoldsSchema(elem, "", normalize(items))
	}
	return goTypeHolds(gt, typeOf(u), u.Format)
}

// defaultGoType is oapi-codegen's default Go type for a number or an
// integer (its DefaultTypeMapping), "" for other types.
func defaultGoType(typ, format string) string {
	switch typ {
	case "number":
		if format == "double" {
			return "float64"
		}
		return "float32" // also for "float" and no format
	case "integer":
		switch format {
		case "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
			return format
		}
		return "int"
	}
	return ""
}

// intRange is the range of an integer kind: signed or not, and its width
// in bits (value bits plus the sign bit for signed kinds).
type intRange struct {
	signed bool
	bits   int
}

// goInt returns the range of a Go integer type. int and uint are taken as
// 64 bits, the width on every platform the SDK is built for in practice.
func goInt(t string) (intRange, bool) {
	switch t {
	case "int", "uint":
		return intRange{t == "int", 64}, true
	}
	for _, p := range []string{"int", "uint"} {
		if n, ok := strings.CutPrefix(t, p); ok {
			if bits, err := strconv.Atoi(n); err == nil && (bits == 8 || bits == 16 || bits == 32 || bits == 64) {
				return intRange{p == "int", bits}, true
			}
		}
	}
	return intRange{}, false
}

// upstreamInt is the range of an upstream integer format; an integer
// without a known format is taken as a signed 64-bit value, the most a Go
// integer holds.
func upstreamInt(format string) intRange {
	if r, ok := goInt(format); ok {
		return r
	}
	return intRange{true, 64}
}

// covers reports whether every value of r fits in g.
func (g intRange) covers(r intRange) bool {
	switch {
	case g.signed == r.signed:
		return g.bits >= r.bits
	case g.signed: // unsigned values in a signed type need one bit more
		return g.bits > r.bits
	}
	return false // a signed range never fits an unsigned type
}

// goTypeHolds reports whether Go type gt decodes, without loss, every value
// of the upstream type and format (known is false when the checker does not
// know gt). Go's encoding/json is the measure: float64 holds every JSON
// number an IEEE double can carry, float32 only those of format float, and
// integers held by a float must fit its mantissa (53 or 24 bits).
func goTypeHolds(gt, typ, format string) (holds, known bool) {
	switch gt {
	case "any", "interface{}", "json.RawMessage":
		return true, true
	}
	switch typ {
	case "number":
		switch gt {
		case "json.Number", "float64":
			return true, true
		case "float32":
			return format == "float", true
		}
	case "integer":
		r := upstreamInt(format)
		switch gt {
		case "json.Number":
			return true, true
		case "float64":
			return r.bits <= 53, true
		case "float32":
			return r.bits <= 24, true
		}
		if g, ok := goInt(gt); ok {
			return g.covers(r), true
		}
	case "string":
		if gt == "string" {
			return true, true
		}
	case "boolean":
		if gt == "bool" {
			return true, true
		}
	}
	if _, ok := goInt(gt); ok || gt == "float32" || gt == "float64" || gt == "string" || gt == "bool" || gt == "json.Number" {
		return false, true // a known scalar of the wrong kind
	}
	return false, false
}
