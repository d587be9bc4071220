package clerktest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gobapi/clerk/gen"
)

// apiError is a Clerk error response: a status and one or more entries of
// the {"errors":[…]} envelope. Handlers return it as their error; the strict
// handler's ResponseErrorHandlerFunc writes it.
type apiError struct {
	status  int
	entries []gen.ClerkError
	header  http.Header // extra response headers, such as Retry-After
}

func (e *apiError) Error() string {
	if len(e.entries) == 0 {
		return "clerktest: " + strconv.Itoa(e.status)
	}
	return fmt.Sprintf("clerktest: %d %s: %s", e.status, e.entries[0].Code, e.entries[0].LongMessage)
}

// newAPIError builds a one-entry error. meta may be nil.
func newAPIError(status int, code, msg, long string, meta map[string]any) *apiError {
	return &apiError{status: status, entries: []gen.ClerkError{{Code: code, Message: msg, LongMessage: long, Meta: meta}}}
}

// paramMeta is the meta Clerk attaches to a form error.
func paramMeta(name string) map[string]any { return map[string]any{"param_name": name} }

func errNotFound(what string) *apiError {
	return newAPIError(http.StatusNotFound, "resource_not_found", "not found",
		what+" not found", nil)
}

func errUnknownRoute() *apiError {
	return newAPIError(http.StatusNotFound, "resource_not_found", "not found",
		"The requested resource was not found. clerktest serves only the routes of the Backend API spec.", nil)
}

func errNotImplemented(op string) *apiError {
	return newAPIError(http.StatusNotImplemented, "clerktest_not_implemented", "not implemented",
		"clerktest does not implement the operation "+op+".", map[string]any{"operation_id": op})
}

func errParamMissing(name string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, "form_param_missing", "missing",
		name+" must be included.", paramMeta(name))
}

func errParamUnknown(name string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, "form_param_unknown", "is unknown",
		name+" is not a valid parameter for this request.", paramMeta(name))
}

func errParamFormat(name, why string) *apiError {
	long := name + " is invalid."
	if why != "" {
		long = name + " is invalid: " + why + "."
	}
	return newAPIError(http.StatusUnprocessableEntity, "form_param_format_invalid", "is invalid", long, paramMeta(name))
}

func errParamValue(name, why string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, "form_param_value_invalid", "is invalid",
		name+" has an invalid value: "+why+".", paramMeta(name))
}

func errIdentifierExists(param, what string) *apiError {
	return newAPIError(http.StatusUnprocessableEntity, "form_identifier_exists", "That "+what+" is taken. Please try another.",
		"That "+what+" is taken. Please try another.", paramMeta(param))
}

func errBodyInvalid(why string) *apiError {
	return newAPIError(http.StatusBadRequest, "request_body_invalid", "Request body invalid",
		"The request body is invalid: "+why+".", nil)
}

// traceKey is the context key of the request's trace ID.
type traceKey struct{}

func traceID(ctx context.Context) string {
	s, _ := ctx.Value(traceKey{}).(string)
	return s
}

// writeError writes err in Clerk's envelope. An error that is not an
// *apiError becomes a 500 internal_clerk_error.
func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var e *apiError
	if !errors.As(err, &e) {
		e = newAPIError(http.StatusInternalServerError, "internal_clerk_error", "Oops, an unexpected error occurred",
			"clerktest failed to answer: "+err.Error(), nil)
	}
	tid := traceID(r.Context())
	env := gen.ClerkErrors{Errors: e.entries}
	if tid != "" {
		env.ClerkTraceID = &tid
	}
	body, mErr := json.Marshal(env)
	if mErr != nil {
		body = []byte(`{"errors":[{"code":"internal_clerk_error","message":"encoding failed","long_message":"encoding failed"}]}`)
	}
	h := w.Header()
	for k, vs := range e.header {
		h[k] = vs
	}
	h.Set("Content-Type", "application/json")
	if tid != "" {
		h.Set("Clerk-Trace-Id", tid)
	}
	w.WriteHeader(e.status)
	_, _ = w.Write(append(body, '\n'))
}
