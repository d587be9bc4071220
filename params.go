package clerk

import (
	"strconv"
	"time"

	"github.com/oapi-codegen/nullable"
)

// Helpers shared by the params types of the services: they map the facade's
// plain Go values to the generated pointer fields, where nil means "not
// sent".

const (
	// maxListLimit is the largest page the Backend API serves.
	maxListLimit = 500
	// apiTimeLayout is RFC 3339 with milliseconds, the format the Backend
	// API documents for request timestamps such as created_at
	// ("2012-10-20T07:15:20.902Z").
	apiTimeLayout = "2006-01-02T15:04:05.000Z07:00"
)

// defaultListLimit is the page size of the Backend API when a list request
// sets no limit.
const defaultListLimit = 10

// pageCap is the capacity to give the slice a page of a list request with
// this limit is decoded into: room for a full page, so that json.Unmarshal
// fills it in place. Left to grow, a slice of large resource structs is
// copied at every doubling, which for a page of 100 users cost an eighth of
// the bytes the call allocated.
func pageCap(limit *int) int {
	if limit == nil || *limit <= 0 {
		return defaultListLimit
	}
	return min(*limit, maxListLimit)
}

// optString is nil for "" and &s otherwise.
func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// optNull maps an optional value to a generated nullable field (the
// properties of PATCH bodies that Clerk accepts as null): nil is not sent,
// anything else is sent as its value.
func optNull[T any](p *T) nullable.Nullable[T] {
	if p == nil {
		return nil
	}
	return nullable.NewNullableWithValue(*p)
}

// nullField is a field of a generated request body that can be sent as
// null: a *nullable.Nullable[T], whatever its T.
type nullField interface {
	IsSpecified() bool
	IsNull() bool
	SetNull()
}

// setNulls is the Clear list of the update params: it sets to null the body
// field of each name in clear, which field returns (nil for a name that
// cannot be cleared). A field both set and cleared is refused, since one of
// the two would be lost; a name listed twice is sent once.
func setNulls[F ~string](clear []F, field func(F) nullField) error {
	for _, name := range clear {
		f := field(name)
		switch {
		case f == nil:
			return &InvalidParamError{Param: "Clear", Reason: "cannot clear " + strconv.Quote(string(name))}
		case f.IsSpecified() && !f.IsNull():
			return &InvalidParamError{Param: "Clear", Reason: string(name) + " is both set and cleared"}
		}
		f.SetNull()
	}
	return nil
}

// optEnum converts a string-kinded value to the generated enum type E: nil
// for "" and a pointer to the converted value otherwise.
func optEnum[E ~string, S ~string](v S) *E {
	if v == "" {
		return nil
	}
	e := E(v)
	return &e
}

// optInt is nil for 0 and &n otherwise.
func optInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// optTrue is &true for true and nil for false, for request fields whose
// default is false.
func optTrue(b bool) *bool {
	if !b {
		return nil
	}
	return &b
}

// apiTime formats t as the API's RFC 3339 timestamps in UTC, or nil for the
// zero time.
func apiTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(apiTimeLayout)
	return &s
}

// timeString is apiTime for an optional time.
func timeString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	return apiTime(*t)
}

// unixMilli is nil for the zero time and t in Unix milliseconds otherwise.
// The generated params are int, so on 32-bit platforms a time that does not
// fit is refused rather than truncated.
func unixMilli(param string, t time.Time) (*int, error) {
	if t.IsZero() {
		return nil, nil
	}
	ms := t.UnixMilli()
	if int64(int(ms)) != ms {
		return nil, &InvalidParamError{Param: param, Reason: "is out of range on this platform"}
	}
	n := int(ms)
	return &n, nil
}

// checkLimitOffset validates a limit/offset pair.
func checkLimitOffset(limit, offset int) error {
	switch {
	case limit < 0 || limit > maxListLimit:
		return &InvalidParamError{Param: "Limit", Reason: "must be between 1 and 500, or 0 for the default"}
	case offset < 0:
		return &InvalidParamError{Param: "Offset", Reason: "must not be negative"}
	}
	return nil
}

// limitOffset validates a limit/offset pair and maps zeros to "not sent".
func limitOffset(limit, offset int) (*int, *int, error) {
	if err := checkLimitOffset(limit, offset); err != nil {
		return nil, nil, err
	}
	return optInt(limit), optInt(offset), nil
}
