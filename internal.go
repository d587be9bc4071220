package clerk

// Internal helpers for the service facades (users.go, organizations.go,
// sessions.go, …). A facade method is three steps:
//
//	func (s *UsersService) Get(ctx context.Context, userID string) (*User, error) {
//		if err := requireID("userID", userID); err != nil {
//			return nil, err
//		}
//		resp, err := s.client.api.GetUserWithResponse(ctx, userID)
//		return result("get user", resp, err)
//	}
//
//   - requireID(param, value) refuses "", "." and ".." (any all-dot ID) with
//     an *InvalidParamError wrapping ErrInvalidParams, before any request.
//     The generated client path-escapes IDs ("/", "?", "#" are safe) but then
//     resolves the path with url.Parse, so a dot segment would silently
//     change the route (GET /users/.. is GET /).
//   - result(op, resp, err) turns a generated …WithResponse call into
//     (*T, error), T being the type of the response's JSON200. err is already
//     an *APIError (non-2xx) or *RequestError (no response) from the
//     transport and is passed through; a JSON decode failure becomes a
//     *DecodeError naming op; a 2xx without a JSON200 (wrong content type,
//     HTML) becomes a *DecodeError wrapping ErrUnexpectedResponse.
//   - noContent(op, resp, err) is result for operations whose body is not
//     needed (204 No Content): it returns only the error.
//
// op is a short lower-case phrase naming the operation ("get user", "list
// organization memberships"); it appears in error messages.

import (
	"encoding/json"
	"errors"
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

// jsonResponse is the part of a generated …WithResponse result that result
// needs: *R with a GetJSON200 accessor.
type jsonResponse[T, R any] interface {
	*R
	GetJSON200() *T
	StatusCode() int
	ContentType() string
}

// statusResponse is the part of a generated …WithResponse result that
// noContent needs.
type statusResponse[R any] interface {
	*R
	StatusCode() int
}

// result converts the (resp, err) of a generated …WithResponse call into
// (*T, error). See the comment at the top of this file.
func result[T, R any, P jsonResponse[T, R]](op string, resp P, err error) (*T, error) {
	if err != nil {
		return nil, callError(op, err)
	}
	if resp == nil {
		return nil, &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
	}
	v := resp.GetJSON200()
	if v == nil {
		return nil, &DecodeError{
			Operation:   op,
			StatusCode:  resp.StatusCode(),
			ContentType: resp.ContentType(),
			Err:         ErrUnexpectedResponse,
		}
	}
	return v, nil
}

// noContent converts the (resp, err) of a generated …WithResponse call whose
// body is not needed into an error. See the comment at the top of this file.
func noContent[R any, P statusResponse[R]](op string, resp P, err error) error {
	if err != nil {
		return callError(op, err)
	}
	if resp == nil {
		return &DecodeError{Operation: op, Err: ErrUnexpectedResponse}
	}
	return nil
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
	)
	if errors.As(err, &apiErr) || errors.As(err, &reqErr) || errors.As(err, &parErr) || errors.As(err, &decErr) {
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
