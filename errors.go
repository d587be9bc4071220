package clerk

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gobapi/clerk/gen"
)

// maxErrorBody is the most bytes of a non-2xx response body that are read
// when building an [APIError]. Longer bodies are treated as unparseable.
const maxErrorBody = 1 << 20 // 1 MiB

// ErrInvalidParams is the sentinel wrapped by errors that reject call
// arguments before any request is sent, such as an empty or "." / ".." path
// ID. Test for it with errors.Is.
var ErrInvalidParams = errors.New("clerk: invalid parameters")

// ErrUnexpectedResponse is the sentinel wrapped by a [DecodeError] when a 2xx
// response did not carry the JSON body that the operation documents (for
// example an HTML page or a missing Content-Type). Test for it with errors.Is.
var ErrUnexpectedResponse = errors.New("unexpected response body")

// APIError is returned for every response with a status outside 2xx, after
// any retries. It is built from Clerk's error envelope
// {"errors":[{"code","message","long_message","meta"}],"clerk_trace_id"} and
// the Clerk-Trace-Id, Retry-After and Location headers. When the body is
// empty, not JSON, truncated or larger than 1 MiB, StatusCode and the
// headers are still set and Errors is empty.
//
// A 3xx is an APIError too: Clerk's API never redirects, so the client
// follows no redirect (a redirect would carry the secret key, and the body
// of a create, to another host, port or scheme) and reports it with its
// Location.
//
// Every string in an APIError comes from the server and is cleaned before
// it is stored: the client's secret key and anything shaped like a Clerk
// secret key are replaced with "sk_[REDACTED]", control characters with
// spaces, and each string is cut to a bounded length (1 KiB for messages
// and meta values, 128 bytes for the trace ID, 512 for the Location); at
// most 32 entries are kept.
//
// Use [IsNotFound], [IsRateLimited] and [HasErrorCode] for the common checks,
// or errors.As for the details.
type APIError struct {
	// StatusCode is the HTTP status code of the final response.
	StatusCode int
	// Errors are the entries of the envelope's "errors" array, in order.
	Errors []ErrorDetail
	// TraceID identifies the request for Clerk support. It comes from the
	// body's "clerk_trace_id", or else the Clerk-Trace-Id header.
	TraceID string
	// RetryAfter is the wait the server asked for in its Retry-After header
	// (delta-seconds or HTTP date), or 0 when there was none.
	RetryAfter time.Duration
	// Location is the Location header of a 3xx response, which the client
	// did not follow.
	Location string
	// UnansweredAttempts counts the earlier attempts of this call that got
	// no response although they may have reached Clerk (a connection reset
	// or a lost response); only GET, HEAD, PUT and DELETE are retried after
	// one. Such an attempt may have taken effect: a 404 to a DELETE with
	// UnansweredAttempts > 0 most likely means that an earlier attempt
	// deleted the resource. Error says so.
	UnansweredAttempts int
	// Method is the HTTP method of the request.
	Method string
	// Path is the escaped URL path of the request, without query string.
	Path string
}

// ErrorDetail is one entry of the "errors" array of Clerk's error envelope.
type ErrorDetail struct {
	// Code is Clerk's machine-readable error code, such as
	// "resource_not_found" or "form_identifier_exists".
	Code string
	// Message is a short human-readable message.
	Message string
	// LongMessage is a longer human-readable explanation.
	LongMessage string
	// Meta holds extra data about the error, such as the offending
	// "param_name", when Clerk sends any.
	Meta map[string]any
}

// Error returns a single line starting with "clerk: " that names the
// request and the status, then each error entry (the first five) with its
// code, its long message (or else its message) and the parameter it is
// about (meta.param_name), then the trace ID:
//
//	clerk: POST /v1/users: 422 Unprocessable Entity: form_identifier_exists:
//	That email address is taken. Please try another. (param email_address)
//	(trace 1a2b…)
//
// (one line in fact).
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("clerk: ")
	if e.Method != "" {
		b.WriteString(e.Method)
		b.WriteByte(' ')
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteByte(' ')
		b.WriteString(text)
	}
	for i, d := range e.Errors {
		if i == maxErrorEntriesShown {
			fmt.Fprintf(&b, " (and %d more)", len(e.Errors)-i)
			break
		}
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		d.writeTo(&b)
	}
	if e.Location != "" {
		b.WriteString(": redirect to ")
		b.WriteString(oneLine(e.Location))
		b.WriteString(" not followed")
	}
	if e.TraceID != "" {
		b.WriteString(" (trace ")
		b.WriteString(oneLine(e.TraceID))
		b.WriteByte(')')
	}
	if n := e.UnansweredAttempts; n > 0 {
		if n == 1 {
			b.WriteString(" (an earlier attempt got no response and may have taken effect")
		} else {
			fmt.Fprintf(&b, " (%d earlier attempts got no response and may have taken effect", n)
		}
		if e.Method == http.MethodDelete && e.StatusCode == http.StatusNotFound {
			b.WriteString(": the resource was most likely deleted by it")
		}
		b.WriteByte(')')
	}
	return b.String()
}

// maxErrorEntriesShown is how many error entries APIError.Error names.
const maxErrorEntriesShown = 5

// writeTo writes "code: long message (param name)" for APIError.Error,
// leaving out what is empty; the message when there is no long message.
func (d *ErrorDetail) writeTo(b *strings.Builder) {
	text := d.LongMessage
	if text == "" {
		text = d.Message
	}
	sep := ""
	if d.Code != "" {
		b.WriteString(oneLine(d.Code))
		sep = ": "
	}
	if text != "" {
		b.WriteString(sep)
		b.WriteString(oneLine(text))
	}
	if p := d.Param(); p != "" {
		b.WriteString(" (param ")
		b.WriteString(oneLine(p))
		b.WriteByte(')')
	}
}

// Param returns the request parameter the error is about, Clerk's
// meta.param_name (such as "email_address"), or "".
func (d *ErrorDetail) Param() string {
	p, _ := d.Meta["param_name"].(string)
	return p
}

// oneLine replaces control characters (including newlines) with spaces so
// that server-provided text cannot break the one-line error format.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}

// newAPIError builds an *APIError from a non-2xx response, with every
// server-provided string cleaned by red. It reads at most maxErrorBody bytes
// of the body and always closes it.
func newAPIError(resp *http.Response, method, path string, now time.Time, red redactor) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		TraceID:    red.text(resp.Header.Get("Clerk-Trace-Id"), maxServerTraceID),
		Method:     method,
		Path:       path,
	}
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		e.Location = red.location(resp.Header.Get("Location"))
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
		e.RetryAfter = d
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody+1))
	_ = resp.Body.Close()
	if err != nil || len(body) > maxErrorBody {
		// A truncated or oversized body is not parsed: status and headers
		// are still useful.
		return e
	}
	var env gen.ClerkErrors
	if json.Unmarshal(body, &env) != nil {
		return e
	}
	for i, ce := range env.Errors {
		if i == maxErrorEntries {
			break
		}
		d := ErrorDetail{
			Code:        red.text(ce.Code, maxServerText),
			Message:     red.text(ce.Message, maxServerText),
			LongMessage: red.text(ce.LongMessage, maxServerText),
		}
		if ce.Meta != nil {
			d.Meta, _ = red.meta(ce.Meta, 0).(map[string]any)
		}
		e.Errors = append(e.Errors, d)
	}
	if env.ClerkTraceID != nil && *env.ClerkTraceID != "" {
		e.TraceID = red.text(*env.ClerkTraceID, maxServerTraceID)
	}
	return e
}

// parseRetryAfter parses a Retry-After header value: delta-seconds or an
// HTTP date (relative to now). Negative results become 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Guard against overflow of time.Duration for absurd values.
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		if secs > maxSecs {
			secs = maxSecs
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// IsNotFound reports whether err is, or wraps, an [*APIError] with status
// 404 Not Found.
func IsNotFound(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusNotFound
}

// IsRateLimited reports whether err is, or wraps, an [*APIError] with status
// 429 Too Many Requests. The error's RetryAfter says how long to wait.
func IsRateLimited(err error) bool {
	var e *APIError
	return errors.As(err, &e) && e.StatusCode == http.StatusTooManyRequests
}

// HasErrorCode reports whether err is, or wraps, an [*APIError] with an
// entry whose Code is code, such as "form_identifier_exists".
func HasErrorCode(err error, code string) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	for _, d := range e.Errors {
		if d.Code == code {
			return true
		}
	}
	return false
}

// RequestError is returned when a request got no HTTP response: the
// connection failed, the context ended, or the request could not be built.
// It wraps the cause, so errors.Is(err, context.Canceled) and
// errors.Is(err, context.DeadlineExceeded) work. Its message never contains
// the URL's query string or any header.
type RequestError struct {
	// Method is the HTTP method of the request.
	Method string
	// Path is the escaped URL path of the request, without query string.
	Path string
	// Err is the cause.
	Err error
	// NotSent is true when the failure proves the request never reached
	// Clerk (DNS failure, connection refused): a create can then be sent
	// again safely. When it is false, a create may have been processed;
	// look the resource up before creating it again.
	NotSent bool
}

// Error returns "clerk: METHOD PATH: cause".
func (e *RequestError) Error() string {
	return "clerk: " + e.Method + " " + e.Path + ": " + oneLine(errorText(e.Err))
}

// Unwrap returns the cause.
func (e *RequestError) Unwrap() error { return e.Err }

// errorText is err.Error(), or "unknown error" for nil.
func errorText(err error) string {
	if err == nil {
		return "unknown error"
	}
	return err.Error()
}

// stripURL removes *url.Error layers from err, because their message
// contains the full URL including the query string. The cause chain below
// them is kept intact.
func stripURL(err error) error {
	for {
		var ue *url.Error
		if !errors.As(err, &ue) || ue.Err == nil {
			return err
		}
		if err == error(ue) {
			err = ue.Err
			continue
		}
		// A url.Error deeper in the chain: keep the outer layers but
		// replace the message with the inner cause's.
		return &redactedError{msg: stripURL(ue.Err).Error(), err: err}
	}
}

// redactedError keeps an error chain for errors.Is/As while replacing its
// message.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// ResponseTooLargeError is returned when a 2xx response body is longer than
// the client's limit ([WithMaxResponseBytes], [DefaultMaxResponseBytes]
// unless set; 256 KiB for a JWKS). The body is read only up to the limit,
// also when the server compressed it, and nothing of it is kept. The call is
// not retried: the server answered and would answer the same again.
type ResponseTooLargeError struct {
	// Method is the HTTP method of the request.
	Method string
	// Path is the escaped URL path of the request, without query string.
	Path string
	// StatusCode is the HTTP status of the response.
	StatusCode int
	// Limit is the most bytes of body the client accepted.
	Limit int64
}

// Error returns "clerk: METHOD PATH: response body exceeds the limit of N
// bytes".
func (e *ResponseTooLargeError) Error() string {
	return "clerk: " + e.Method + " " + e.Path + ": response body exceeds the limit of " +
		strconv.FormatInt(e.Limit, 10) + " bytes"
}

// DecodeError is returned when a 2xx response body could not be decoded into
// the operation's result type, or held no JSON body at all (then it wraps
// [ErrUnexpectedResponse]). Its message names the operation, never the body.
type DecodeError struct {
	// Operation names the call, such as "get user".
	Operation string
	// StatusCode is the HTTP status of the response, when known.
	StatusCode int
	// ContentType is the response's Content-Type, when known.
	ContentType string
	// Err is the cause, such as an *encoding/json.SyntaxError.
	Err error
}

// Error returns "clerk: decoding OPERATION response: cause".
func (e *DecodeError) Error() string {
	return "clerk: decoding " + e.Operation + " response: " + oneLine(errorText(e.Err))
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// InvalidParamError is returned, before any request is sent, when an
// argument is unusable, for example an empty path ID or a request body that
// cannot be encoded. It wraps [ErrInvalidParams] and the cause, if any.
type InvalidParamError struct {
	// Param names the argument, such as "userID".
	Param string
	// Reason says what is wrong with it.
	Reason string
	// Err is the underlying cause, if any.
	Err error
}

// Error returns "clerk: invalid PARAM: REASON".
func (e *InvalidParamError) Error() string {
	s := "clerk: invalid " + e.Param + ": " + e.Reason
	if e.Err != nil {
		s += ": " + oneLine(e.Err.Error())
	}
	return s
}

// Unwrap returns [ErrInvalidParams] and the cause, if any.
func (e *InvalidParamError) Unwrap() []error {
	if e.Err == nil {
		return []error{ErrInvalidParams}
	}
	return []error{ErrInvalidParams, e.Err}
}

// ConfigError is returned by [NewClient] when the secret key or an option is
// invalid. It never contains the secret key.
type ConfigError struct {
	// Option names what was invalid, such as "secret key" or "WithBaseURL".
	Option string
	// Reason says what is wrong.
	Reason string
	// Err is the underlying cause, if any.
	Err error
}

// Error returns "clerk: invalid OPTION: REASON".
func (e *ConfigError) Error() string {
	s := "clerk: invalid " + e.Option + ": " + e.Reason
	if e.Err != nil {
		s += ": " + oneLine(e.Err.Error())
	}
	return s
}

// Unwrap returns the underlying cause, if any.
func (e *ConfigError) Unwrap() error { return e.Err }
