package clerk

// Internal helpers for the service facades (users.go, organizations.go,
// sessions.go, …). A facade method is three steps:
//
//	func (s *UsersService) Get(ctx context.Context, userID string) (*User, error) {
//		if err := requireID("userID", userID); err != nil {
//			return nil, err
//		}
//		resp, err := s.client.api.GetUser(ctx, userID)
//		return decode[gen.User]("get user", resp, err)
//	}
//
//   - requireID(param, value) refuses "", "." and ".." (any all-dot ID) with
//     an *InvalidParamError wrapping ErrInvalidParams, before any request.
//     The generated client path-escapes IDs ("/", "?", "#" are safe) but then
//     resolves the path with url.Parse, so a dot segment would silently
//     change the route (GET /users/.. is GET /).
//   - decode[T](op, resp, err) turns a generated plain call (the one
//     returning *http.Response, not its …WithResponse twin) into (*T, error),
//     T being the operation's 200 JSON type. err is already an *APIError
//     (non-2xx) or *RequestError (no response) from the transport and is
//     passed through; a JSON decode failure becomes a *DecodeError naming
//     op; anything but a 200 with a JSON content type (wrong content type,
//     HTML, an undocumented 201) becomes a *DecodeError wrapping
//     ErrUnexpectedResponse, and so does a body that decodes but is not
//     the resource: JSON null, {} or an object without its id, a list that
//     is not an array (see checkResult in results.go). It decodes straight
//     from the buffer the transport filled, where the generated
//     …WithResponse parsers would copy the body again with io.ReadAll (40%
//     of the bytes a page of users allocated).
//   - noContent(op, resp, err) is decode for operations whose body is not
//     needed: it returns only the error.
//
// op is a short lower-case phrase naming the operation ("get user", "list
// organization memberships"); it appears in error messages.

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// requireID returns an *InvalidParamError (wrapping ErrInvalidParams) when
// value cannot be a path ID: empty, or made only of dots.
func requireID(param, value string) error {
	switch {
	case value == "":
		return &InvalidParamError{Param: param, Reason: "must not be empty"}
	case strings.Trim(value, ".") == "":
		return &InvalidParamError{Param: param, Reason: "must not be a dot segment"}
	}
	return nil
}

// decode converts the (resp, err) of a generated plain call into (*T,
// error). See the comment at the top of this file.
func decode[T any](op string, resp *http.Response, err error) (*T, error) {
	v := new(T)
	if err := decodeInto(op, resp, err, v); err != nil {
		return nil, err
	}
	return v, nil
}

// decodeInto is decode into v, a pointer the caller allocated: a list
// method presizes the slice of a page (see pageCap).
func decodeInto(op string, resp *http.Response, err error, v any) error {
	if err != nil {
		return callError(op, err)
	}
	if resp == nil {
		return &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
	}
	defer func() { _ = resp.Body.Close() }()
	ct := resp.Header.Get("Content-Type")
	if resp.StatusCode != http.StatusOK || !strings.Contains(ct, "json") {
		return &DecodeError{Operation: op, StatusCode: resp.StatusCode, ContentType: ct, Err: ErrUnexpectedResponse}
	}
	body, err := bufferedBytes(resp.Body)
	if err != nil {
		return &DecodeError{Operation: op, StatusCode: resp.StatusCode, ContentType: ct, Err: err}
	}
	if err := json.Unmarshal(body, v); err != nil {
		return &DecodeError{Operation: op, StatusCode: resp.StatusCode, ContentType: ct, Err: err}
	}
	if err := checkResult(v, body); err != nil {
		return &DecodeError{Operation: op, StatusCode: resp.StatusCode, ContentType: ct, Err: err}
	}
	return nil
}

// noContent converts the (resp, err) of a generated plain call whose body
// is not needed into an error. See the comment at the top of this file.
func noContent(op string, resp *http.Response, err error) error {
	if err != nil {
		return callError(op, err)
	}
	if resp == nil {
		return &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
	}
	return resp.Body.Close()
}

// callError passes the transport's typed errors through. Anything else comes
// from the generated code: encoding the request (an *InvalidParamError) or,
// since the transport only returns fully read 2xx bodies, decoding the
// response (a *DecodeError).
func callError(op string, err error) error {
	var (
		apiErr *APIError
		reqErr *RequestError
		parErr *InvalidParamError
		decErr *DecodeError
		bigErr *ResponseTooLargeError
	)
	if errors.As(err, &apiErr) || errors.As(err, &reqErr) || errors.As(err, &parErr) || errors.As(err, &decErr) || errors.As(err, &bigErr) {
		return err
	}
	var (
		unsupValue *json.UnsupportedValueError
		unsupType  *json.UnsupportedTypeError
		marshaler  *json.MarshalerError
	)
	if errors.As(err, &unsupValue) || errors.As(err, &unsupType) || errors.As(err, &marshaler) {
		return &InvalidParamError{Param: op + " request", Reason: "cannot encode", Err: err}
	}
	return &DecodeError{Operation: op, Err: err}
}
