package clerktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
)

// maxBody bounds the request bodies the fake reads.
const maxBody = 1 << 20

// operation describes one operation of the spec, as the generated strict
// server interface declares it: its query parameters and its JSON body.
type operation struct {
	id        string
	params    reflect.Type // struct of query parameters, or nil
	body      reflect.Type // JSON body type, or nil
	multipart bool
	// query holds the query parameters that are required or unexploded
	// (an array as one comma-separated value), by name.
	query map[string]bapiserver.QueryParam
}

// operations reads the operations from bapiserver.StrictServerInterface by
// reflection, so that validation follows the spec the server was generated
// from without a hand-kept table.
func operations() map[string]*operation {
	ops := make(map[string]*operation)
	it := reflect.TypeFor[bapiserver.StrictServerInterface]()
	multipartReader := reflect.TypeFor[*multipart.Reader]()
	query := bapiserver.QueryParams()
	for i := range it.NumMethod() {
		m := it.Method(i)
		op := &operation{id: m.Name, query: query[m.Name]}
		req := m.Type.In(1)
		if req.Kind() == reflect.Struct {
			if f, ok := req.FieldByName("Params"); ok && f.Type.Kind() == reflect.Struct {
				op.params = f.Type
			}
			if f, ok := req.FieldByName("Body"); ok {
				switch {
				case f.Type == multipartReader:
					op.multipart = true
				case f.Type.Kind() == reflect.Pointer:
					op.body = f.Type.Elem()
				}
			}
		}
		ops[m.Name] = op
	}
	return ops
}

// jsonName returns the JSON (or form) name of a struct field and whether it
// has omitempty; name is "" for fields that JSON ignores.
func jsonName(f reflect.StructField, tag string) (name string, omitempty bool) {
	if !f.IsExported() {
		return "", false
	}
	t, ok := f.Tag.Lookup(tag)
	if !ok {
		return "", false
	}
	name, opts, _ := strings.Cut(t, ",")
	if name == "-" {
		return "", false
	}
	return name, strings.Contains(opts, "omitempty")
}

// validateQuery refuses limits and offsets out of the spec's range and enum
// values the spec does not list. Like Clerk, it ignores query parameters
// the operation does not declare (the official Go SDK sends limit, offset
// and order_by to GET /users/count). The dispatcher then parses the
// types.
func validateQuery(op *operation, q url.Values) *apiError {
	known := map[string]reflect.Type{}
	if op.params != nil {
		for i := range op.params.NumField() {
			f := op.params.Field(i)
			if name, _ := jsonName(f, "form"); name != "" {
				known[name] = f.Type
			}
		}
	}
	for key, vals := range q {
		t, ok := known[key]
		if !ok {
			continue
		}
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if op.query[key].Unexploded && len(vals) == 1 {
			vals = strings.Split(vals[0], ",")
		}
		for _, v := range vals {
			// LimitParameter and OffsetParameter are aliases of int, so
			// they are recognised by name.
			switch {
			case key == "limit" && t.Kind() == reflect.Int:
				n, err := strconv.Atoi(v)
				if err != nil {
					return errParamFormat(key, "expected an integer")
				}
				if n < 1 || n > 500 {
					return errParamValue(key, "must be between 1 and 500")
				}
			case key == "offset" && t.Kind() == reflect.Int:
				n, err := strconv.Atoi(v)
				if err != nil {
					return errParamFormat(key, "expected an integer")
				}
				if n < 0 {
					return errParamValue(key, "must not be negative")
				}
			}
			if t.Kind() == reflect.String {
				if e := checkEnum(t, v, key); e != nil {
					return e
				}
			}
		}
	}
	return nil
}

// genPkgPath is the import path of the package whose enum types enumTable
// lists.
const genPkgPath = "github.com/gobapi/clerk/gen"

// enumSets holds the values of each string enum type of package gen, by
// type name, from enumTable (enums.gen.go). It is built once and only read.
var enumSets = sync.OnceValue(func() map[string]map[string]bool {
	sets := make(map[string]map[string]bool)
	for line := range strings.Lines(enumTable) {
		fields := strings.Split(strings.TrimSuffix(line, "\n"), "\t")
		if len(fields) < 2 {
			continue
		}
		set := make(map[string]bool, len(fields)-1)
		for _, v := range fields[1:] {
			set[v] = true
		}
		sets[fields[0]] = set
	}
	return sets
})

// checkEnum refuses s when t is an enum type of the spec that does not
// list it.
func checkEnum(t reflect.Type, s, name string) *apiError {
	if t.PkgPath() != genPkgPath {
		return nil
	}
	set, ok := enumSets()[t.Name()]
	if ok && !set[s] {
		return errParamValue(name, fmt.Sprintf("%q is not one of the allowed values", s))
	}
	return nil
}

// readBody reads and validates the JSON body of op and puts it back on r
// for the dispatcher. An empty body counts as {}. A handler tells an
// explicit null from an absent field by the generated nullable.Nullable
// fields of the PATCH bodies.
func readBody(op *operation, r *http.Request) *apiError {
	if op.body == nil || r.Body == nil {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	_ = r.Body.Close()
	if err != nil {
		return errBodyInvalid("cannot read it")
	}
	if len(b) > maxBody {
		return errBodyInvalid("larger than 1 MiB")
	}
	if len(bytes.TrimSpace(b)) == 0 {
		b = []byte("{}")
	}
	r.Body = io.NopCloser(bytes.NewReader(b))
	r.ContentLength = int64(len(b))
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errBodyInvalid("malformed JSON")
	}
	if dec.More() {
		return errBodyInvalid("trailing data after the JSON value")
	}
	if v == nil {
		return errBodyInvalid("expected a JSON object, not null")
	}
	if e := validateValue(v, op.body, ""); e != nil {
		return e
	}
	// The generated types have the final word on types inside unions and
	// nullable.Nullable fields, which decode themselves.
	if err := json.Unmarshal(b, reflect.New(op.body).Interface()); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return errParamFormat(te.Field, "expected "+te.Type.String())
		}
		return errParamFormat("body", err.Error())
	}
	return nil
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
)

// validateValue checks a decoded JSON value against the generated Go type of
// the spec schema: objects have no unknown fields (the spec's request bodies
// say additionalProperties: false) and all required fields (those without
// omitempty), scalars have the right JSON type, enums have listed values.
func validateValue(v any, t reflect.Type, path string) *apiError {
	if v == nil {
		return nil // absent or null; required-ness is checked by the parent
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return nil // unions, free-form objects and Nullable fields decode themselves
	}
	name := path
	if name == "" {
		name = "body"
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return errParamFormat(name, "expected an object")
		}
		fields := map[string]reflect.StructField{}
		var additional bool
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Name == "AdditionalProperties" {
				additional = true
				continue
			}
			if n, _ := jsonName(f, "json"); n != "" {
				fields[n] = f
			}
		}
		for key, fv := range obj {
			f, ok := fields[key]
			if !ok {
				if additional {
					continue
				}
				return errParamUnknown(join(path, key))
			}
			if e := validateValue(fv, f.Type, join(path, key)); e != nil {
				return e
			}
		}
		for n, f := range fields {
			if _, omit := jsonName(f, "json"); omit {
				continue
			}
			fv, present := obj[n]
			if !present || (fv == nil && f.Type.Kind() != reflect.Pointer) {
				return errParamMissing(join(path, n))
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return errParamFormat(name, "expected an array")
		}
		for _, ev := range arr {
			if e := validateValue(ev, t.Elem(), name); e != nil {
				return e
			}
		}
	case reflect.Map:
		if _, ok := v.(map[string]any); !ok {
			return errParamFormat(name, "expected an object")
		}
	case reflect.String:
		s, ok := v.(string)
		if !ok {
			return errParamFormat(name, "expected a string")
		}
		return checkEnum(t, s, name)
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return errParamFormat(name, "expected a boolean")
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, ok := v.(json.Number)
		if !ok {
			return errParamFormat(name, "expected an integer")
		}
		if _, err := n.Int64(); err != nil {
			return errParamFormat(name, "expected an integer")
		}
	case reflect.Float32, reflect.Float64:
		if _, ok := v.(json.Number); !ok {
			return errParamFormat(name, "expected a number")
		}
	}
	return nil
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
