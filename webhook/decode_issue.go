package webhook

import (
	"errors"
	"strings"
)

// DecodeIssue is one value that did not decode into the SDK's type: a value
// inside a provider's answer (listed on the client's *Response) or inside a
// webhook body (listed by the Event's DecodeIssues). Every esign package
// shares this one type. The value was left at its zero value (a Time keeps
// the text it could not parse: see its Raw method); every other value was
// decoded. Decoding is tolerant: drift inside a well-formed document never
// fails a call or drops a page, while a body that is not JSON, or whose
// top-level shape is wrong, still fails. Each client and this package offer
// a strict option that turns issues back into errors.
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

// countIssues is how many values issues says did not decode: the listed
// ones, plus those a summary entry counts when it says how many.
func countIssues(issues []DecodeIssue) int {
	n := 0
	for _, is := range issues {
		var more interface{ Unlisted() int }
		if is.Path == "" && errors.As(is.Err, &more) {
			n += more.Unlisted()
			continue
		}
		n++
	}
	return n
}

// maxLoggedPaths is how many paths a warning about issues names.
const maxLoggedPaths = 5

// issuePaths joins the first maxLoggedPaths paths of issues, for a log
// line (never the values: they may hold personal data).
func issuePaths(issues []DecodeIssue) string {
	var b strings.Builder
	n := 0
	for _, is := range issues {
		if is.Path == "" || n == maxLoggedPaths {
			continue
		}
		if n > 0 {
			b.WriteString(", ")
		}
		b.WriteString(is.Path)
		n++
	}
	return b.String()
}
