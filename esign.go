// Package esign holds the few types that every package of the suite shares,
// so that code handling several providers can name them once.
//
// The provider packages (blueink, zigned, signeasy, legacyv1, insertsign)
// decode answers and webhook bodies tolerantly: a value inside a well-formed
// answer that does not fit the SDK's type (a timestamp in an unknown shape, a
// string where a list is expected, "None" for a number) keeps its zero value,
// the call succeeds, everything else is decoded, and the value is listed as a
// DecodeIssue on the *Response or the webhook event. A body that is not JSON,
// or whose top-level shape is wrong (an array where an object is expected),
// still fails the call. Each client has a strict option that turns issues
// back into errors.
package esign

import (
	"errors"
	"strings"
)

// DecodeIssue is one value of a provider's answer, or of a webhook body, that
// did not decode into the SDK's type. The value was left at its zero value
// (a Time keeps the text it could not parse: see its Raw method); every
// other value of the answer was decoded.
//
// A list of issues holds at most 100 entries by default; when more values
// failed, the list ends with one extra entry whose Path is "" and whose Err
// wraps ErrTooManyDecodeIssues and says how many more were found.
type DecodeIssue struct {
	// Path locates the value in the JSON document, like a JSONPath without
	// the leading "$": "objects[3].created", "data.signers[0]". Keys are the
	// JSON keys as sent, not Go field names; a key that is not a plain word
	// is quoted (`meta["odd key"]`) and long keys are shortened with "…".
	Path string
	// Raw is the value as sent, in JSON (a string keeps its quotes), cut to
	// 256 bytes; a cut value ends with "…".
	Raw string
	// Err says why the value did not decode, e.g. a *json.UnmarshalTypeError
	// or the error of the type's UnmarshalJSON method.
	Err error
}

// Error describes the issue: path, cause and the raw value.
func (i DecodeIssue) Error() string {
	var b strings.Builder
	if i.Path != "" {
		b.WriteString(i.Path)
		b.WriteString(": ")
	}
	if i.Err != nil {
		b.WriteString(i.Err.Error())
	} else {
		b.WriteString("did not decode")
	}
	if i.Raw != "" {
		b.WriteString(" (got ")
		b.WriteString(i.Raw)
		b.WriteString(")")
	}
	return b.String()
}

// Unwrap returns Err.
func (i DecodeIssue) Unwrap() error { return i.Err }

// ErrTooManyDecodeIssues is wrapped by the Err of the entry that ends a list
// of issues cut short.
var ErrTooManyDecodeIssues = errors.New("too many values did not decode")
