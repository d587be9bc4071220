package clerktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/gobapi/clerk/clerktest/internal/bapiserver"
)

// routeOperations registers every operation of the spec (specRoutes) on
// the server's ServeMux: an operation that impl implements binds its
// request object from the request and calls impl's method of its name;
// the others answer 501 clerktest_not_implemented.
//
// This is the part of a generated server that the generator would write
// as three functions an operation and a Visit method a response
// (bapiserver keeps only the request and response types and the strict
// interface; see its server.cfg.yaml): one binder and one writer serve
// all of them, reading the request object's shape by reflection.
func (s *Server) routeOperations(impl bapiserver.StrictServerInterface) error {
	v := reflect.ValueOf(&impl).Elem()
	for _, r := range specRoutes {
		pattern := r.method + " /v1" + r.path
		s.patterns[pattern] = r.name
		if s.ops[r.name] == nil {
			s.notImpl[r.name] = true
			s.mux.HandleFunc(pattern, func(w http.ResponseWriter, req *http.Request) {
				writeError(w, req, errNotImplemented(r.name))
			})
			continue
		}
		h, err := newOperationHandler(r.name, v.MethodByName(r.name), s.ops[r.name].query)
		if err != nil {
			return err
		}
		for _, p := range h.path {
			if !strings.Contains(r.path, "{"+p.name+"}") {
				return fmt.Errorf("clerktest: operation %s: path %s has no wildcard {%s}", r.name, r.path, p.name)
			}
		}
		s.mux.Handle(pattern, h)
	}
	return nil
}

// operationHandler serves one operation of StrictServerInterface.
type operationHandler struct {
	name   string
	method reflect.Value // func(context.Context, XRequestObject) (XResponseObject, error)
	req    reflect.Type  // XRequestObject, a struct
	// path maps the request object's path parameter fields (by index) to
	// their wildcard names.
	path []pathField
	// params is the index of the Params field, or -1.
	params int
	query  map[string]bapiserver.QueryParam
	// body is the index of the Body field, or -1; multipart says whether
	// it is a *multipart.Reader rather than a pointer to a JSON body.
	body      int
	multipart bool
	// status is the index of the response object's <name>Status method.
	status int
}

// pathField is a path parameter field of a request object.
type pathField struct {
	index int
	name  string
}

var (
	contextType         = reflect.TypeFor[context.Context]()
	errorType           = reflect.TypeFor[error]()
	multipartReaderType = reflect.TypeFor[*multipart.Reader]()
)

// newOperationHandler checks that method has the strict interface's shape
// and reads its request object's fields.
func newOperationHandler(name string, method reflect.Value, query map[string]bapiserver.QueryParam) (*operationHandler, error) {
	t := method.Type()
	if t.NumIn() != 2 || t.In(0) != contextType || t.In(1).Kind() != reflect.Struct ||
		t.NumOut() != 2 || t.Out(0).Kind() != reflect.Interface || t.Out(1) != errorType {
		return nil, fmt.Errorf("clerktest: operation %s has an unexpected signature %s", name, t)
	}
	h := &operationHandler{name: name, method: method, req: t.In(1), params: -1, body: -1, query: query}
	for i := range h.req.NumField() {
		f := h.req.Field(i)
		switch {
		case f.Name == "Params" && f.Type.Kind() == reflect.Struct:
			if err := checkParams(f.Type); err != nil {
				return nil, fmt.Errorf("clerktest: operation %s: %w", name, err)
			}
			h.params = i
		case f.Name == "Body" && f.Type == multipartReaderType:
			h.body, h.multipart = i, true
		case f.Name == "Body" && f.Type.Kind() == reflect.Pointer:
			h.body = i
		case f.Type.Kind() == reflect.String && f.Tag.Get("json") != "":
			h.path = append(h.path, pathField{i, f.Tag.Get("json")})
		default:
			return nil, fmt.Errorf("clerktest: operation %s: cannot bind field %s %s of its request object", name, f.Name, f.Type)
		}
	}
	m, ok := t.Out(0).MethodByName(name + "Status")
	if !ok || m.Type.NumIn() != 0 || m.Type.NumOut() != 1 || m.Type.Out(0).Kind() != reflect.Int {
		return nil, fmt.Errorf("clerktest: operation %s: its response object has no %sStatus() int method", name, name)
	}
	h.status = m.Index
	return h, nil
}

// ServeHTTP binds the request object from r, calls the operation and
// writes its response, or the error as Clerk's envelope.
func (h *operationHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req := reflect.New(h.req).Elem()
	for _, p := range h.path {
		req.Field(p.index).SetString(r.PathValue(p.name))
	}
	if h.params >= 0 {
		if e := bindQuery(req.Field(h.params), r.URL.Query(), h.query); e != nil {
			writeError(w, r, e)
			return
		}
	}
	if h.body >= 0 {
		body, err := h.bindBody(r)
		if err != nil {
			writeError(w, r, errBodyInvalid(err.Error()))
			return
		}
		if body.IsValid() {
			req.Field(h.body).Set(body)
		}
	}
	out := h.method.Call([]reflect.Value{reflect.ValueOf(r.Context()), req})
	if err, _ := out[1].Interface().(error); err != nil {
		writeError(w, r, err)
		return
	}
	if out[0].IsNil() {
		return
	}
	writeResponse(w, r, int(out[0].Method(h.status).Call(nil)[0].Int()), out[0].Interface())
}

// writeResponse writes an operation's response object as JSON with its
// status, or the error as Clerk's envelope when it does not encode.
func writeResponse(w http.ResponseWriter, r *http.Request, status int, res any) {
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(res); err != nil {
		writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// bindBody reads the body of r as the request object's Body field wants
// it. readBody (validate.go) has already checked a JSON body against the
// spec and put it back on r.
func (h *operationHandler) bindBody(r *http.Request) (reflect.Value, error) {
	if h.multipart {
		mr, err := r.MultipartReader()
		if err != nil {
			return reflect.Value{}, fmt.Errorf("can't decode multipart body: %w", err)
		}
		return reflect.ValueOf(mr), nil
	}
	if r.Body == nil || r.Body == http.NoBody {
		return reflect.Value{}, nil
	}
	v := reflect.New(h.req.Field(h.body).Type.Elem())
	if err := json.NewDecoder(r.Body).Decode(v.Interface()); err != nil {
		return reflect.Value{}, fmt.Errorf("can't decode JSON body: %w", err)
	}
	return v, nil
}

// bindQuery sets the fields of params, an operation's Params struct, from
// q by their form tags: a parameter missing from q leaves its field unset
// (or is refused when required), a value that does not parse as the
// field's type is refused as Clerk refuses it.
func bindQuery(params reflect.Value, q url.Values, special map[string]bapiserver.QueryParam) *apiError {
	t := params.Type()
	for i := range t.NumField() {
		name, _ := jsonName(t.Field(i), "form")
		if name == "" {
			continue
		}
		vals, ok := q[name]
		if !ok {
			if special[name].Required {
				return errParamMissing(name)
			}
			continue
		}
		f := params.Field(i)
		if f.Kind() == reflect.Slice {
			if special[name].Unexploded {
				if len(vals) != 1 {
					return errParamFormat(name, "expected one comma-separated value")
				}
				vals = strings.Split(vals[0], ",")
			}
			s := reflect.MakeSlice(f.Type(), len(vals), len(vals))
			for j, v := range vals {
				if !setPrimitive(s.Index(j), v) {
					return errParamFormat(name, "")
				}
			}
			f.Set(s)
			continue
		}
		if len(vals) != 1 {
			return errParamFormat(name, "expected one value")
		}
		target := f
		if f.Kind() == reflect.Pointer {
			target = reflect.New(f.Type().Elem()).Elem()
		}
		if !setPrimitive(target, vals[0]) {
			return errParamFormat(name, "")
		}
		if f.Kind() == reflect.Pointer {
			f.Set(target.Addr())
		}
	}
	return nil
}

// checkParams checks that bindQuery can set every query parameter field of
// params: a primitive, a pointer to one or a slice of them.
func checkParams(params reflect.Type) error {
	for i := range params.NumField() {
		f := params.Field(i)
		if name, _ := jsonName(f, "form"); name == "" {
			continue
		}
		t := f.Type
		if t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if !setPrimitive(reflect.New(t).Elem(), "0") {
			return fmt.Errorf("cannot bind query parameter field %s %s", f.Name, f.Type)
		}
	}
	return nil
}

// setPrimitive parses s into v, a string, bool, integer or float (or a type
// defined on one); it reports false when s does not parse.
func setPrimitive(v reflect.Value, s string) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return false
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := strconv.ParseInt(s, 10, v.Type().Bits())
		if err != nil {
			return false
		}
		v.SetInt(n)
	case reflect.Float32, reflect.Float64:
		x, err := strconv.ParseFloat(s, v.Type().Bits())
		if err != nil {
			return false
		}
		v.SetFloat(x)
	default:
		return false
	}
	return true
}
