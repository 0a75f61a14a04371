// Package tolerant decodes JSON answers the way the suite promises: a body
// that is not JSON, or whose top-level shape does not fit the target, fails;
// drift inside a well-formed answer never does.
//
// Decode first runs one json.Unmarshal into v. When that succeeds (the
// common case) nothing else happens, so a clean body costs exactly what
// encoding/json costs. When it fails inside a well-formed document (a type
// mismatch, a number out of range, a custom UnmarshalJSON that returns an
// error), Decode decodes the document again, value by value, into a fresh
// value of v's type: a value that does not fit keeps its zero value (a
// timeutil.Time keeps the text it could not parse), every other field and
// every other list item is decoded, and each problem is returned as an
// webhook.DecodeIssue with its path, a bounded excerpt and the cause.
//
// The second pass follows encoding/json's rules: json tags (names, "-",
// ",string"; ",omitempty" is ignored on decode), embedded structs and the Go
// rules for hidden fields, exact then case-insensitive key matching,
// pointers, maps with string, integer or encoding.TextUnmarshaler keys,
// slices, arrays and interfaces. Types implementing json.Unmarshaler or
// encoding.TextUnmarshaler are leaves: the method decides, and when it fails
// the value keeps whatever the method left in it (normally its zero value).
// Scalars decode exactly as encoding/json decodes them.
//
// Work is bounded: the second pass is linear in the size of the body; values
// nested deeper than Options.MaxDepth are decoded by encoding/json as one
// unit (and listed as one issue if that fails); at most Options.MaxIssues
// issues are kept, then one summary entry counts the rest; excerpts are cut
// to 256 bytes.
//
// Types whose own UnmarshalJSON decodes a composite value (an envelope, a
// relation that is an id or an object) are leaves to encoding/json, so one
// bad field inside fails all of it; they can implement Unmarshaler to be
// decoded tolerantly on the second pass too. Within places the issues of a
// value decoded on its own (a webhook envelope's data) under its path.
//
// A type that decodes itself with a Reader (ReaderDecoder) reads the
// document in one pass that also checks it: Decode hands such a value the
// document directly, with no encoding/json pass at all.
//
// The package keeps no state between calls (no type cache): the second pass
// resolves struct fields once per call, which costs microseconds and only
// when a body did not fit.
package tolerant

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/esignkit/esign/webhook"
)

// Defaults used when the corresponding Options field is zero.
const (
	DefaultMaxIssues = 100
	DefaultMaxDepth  = 128
)

// rawLimit caps DecodeIssue.Raw (bytes, before the "…" marker).
const rawLimit = 256

// Options tune Decode. The zero value is the tolerant default.
type Options struct {
	// Strict makes Decode return a *StrictError when the document decoded
	// with issues (v still holds the tolerant result and the issues are
	// still returned).
	Strict bool
	// MaxIssues is how many issues are kept (default 100); further ones
	// are counted in one final summary entry.
	MaxIssues int
	// MaxDepth is how deep the second pass descends (default 128); deeper
	// values are decoded by encoding/json as one unit.
	MaxDepth int
}

// Decode decodes the JSON document data into v, a non-nil pointer, as
// described in the package documentation. It returns an error when data is
// not one well-formed JSON value, when its top-level value does not fit v
// (an array or a scalar for a struct or map, an object for a slice, a
// top-level UnmarshalJSON that fails), or, in strict mode, when issues were
// found. v should point to a zero value, as json.Unmarshal's merging into
// existing values is kept only when the first pass succeeds.
//
// An empty body is not a JSON document: callers that accept one (a 204, an
// empty 200) check for it before calling Decode.
func Decode(data []byte, v any, opts Options) ([]webhook.DecodeIssue, error) {
	if rd, ok := v.(ReaderDecoder); ok {
		return Read(data, rd, opts)
	}
	err := json.Unmarshal(data, v)
	if err == nil {
		return nil, nil
	}
	return recoverFrom(data, v, opts, err)
}

// recoverFrom runs the second pass after json.Unmarshal failed with err.
func recoverFrom(data []byte, v any, opts Options, err error) ([]webhook.DecodeIssue, error) {
	var invalid *json.InvalidUnmarshalError
	if errors.As(err, &invalid) {
		return nil, err
	}
	// json.Unmarshal checks the whole document before decoding anything, so
	// any error but a syntax error means data is well formed. A syntax error
	// may also come from a custom UnmarshalJSON: check the document itself.
	var syn *json.SyntaxError
	if errors.As(err, &syn) && !json.Valid(data) {
		return nil, err
	}
	rv := reflect.ValueOf(v)
	// Decode into the value an interface points at, as encoding/json does.
	// (The bound stops a cycle of interfaces pointing at each other.)
	for range 32 {
		if rv.Elem().Kind() != reflect.Interface || rv.Elem().IsNil() {
			break
		}
		e := rv.Elem().Elem()
		if e.Kind() != reflect.Pointer || e.IsNil() || e.Pointer() == rv.Pointer() {
			break
		}
		rv = e
	}
	d, err := secondPass(data, rv, opts)
	if err != nil {
		return nil, err
	}
	issues := d.finish()
	if opts.Strict && len(issues) > 0 {
		return issues, &StrictError{Issues: issues}
	}
	return issues, nil
}

// secondPass decodes data into a fresh value of the type rv points to and,
// unless the document itself does not fit, stores it through rv.
func secondPass(data []byte, rv reflect.Value, opts Options) (*decoder, error) {
	fresh := reflect.New(rv.Type().Elem())
	d := newDecoder(data, opts)
	d.value(0, fresh.Elem())
	if d.rootErr != nil {
		return d, d.rootErr
	}
	rv.Elem().Set(fresh.Elem())
	return d, nil
}

// StrictError is Decode's error in strict mode: the document decoded, but
// with issues. errors.As(err, &webhook.DecodeIssue{}) finds the first. Its
// text says how many values did not decode and names the first paths, but
// no value and no cause (either may hold personal data, and error texts end
// up in logs): each DecodeIssue has them.
type StrictError struct {
	Issues []webhook.DecodeIssue
}

// maxErrorPaths is how many paths StrictError's text names.
const maxErrorPaths = 5

// Error names up to five paths.
func (e *StrictError) Error() string {
	var b strings.Builder
	n := len(e.Issues)
	if n > 0 && e.Issues[n-1].Path == "" && errors.Is(e.Issues[n-1].Err, webhook.ErrTooManyDecodeIssues) {
		b.WriteString(fmt.Sprintf("more than %d values did not decode: ", n-1))
	} else {
		b.WriteString(strconv.Itoa(n))
		if n == 1 {
			b.WriteString(" value did not decode: ")
		} else {
			b.WriteString(" values did not decode: ")
		}
	}
	listed := 0
	for _, is := range e.Issues {
		if is.Path == "" {
			continue
		}
		if listed == maxErrorPaths {
			b.WriteString(", …")
			break
		}
		if listed > 0 {
			b.WriteString(", ")
		}
		b.WriteString(is.Path)
		listed++
	}
	if listed == 0 {
		b.WriteString("the document") // a summary alone: cannot happen from Decode
	}
	return b.String()
}

// Unwrap returns the issues, so errors.As and errors.Is see each of them.
func (e *StrictError) Unwrap() []error {
	errs := make([]error, len(e.Issues))
	for i, is := range e.Issues {
		errs[i] = is
	}
	return errs
}
