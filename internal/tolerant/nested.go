package tolerant

import (
	"errors"
	"fmt"
	"strings"

	"github.com/esignkit/esign/webhook"
)

// Unmarshaler is implemented by types whose UnmarshalJSON decodes a
// composite value of their own (an envelope, a relation that is an id or an
// object, a list that comes in several shapes). encoding/json treats them as
// leaves, so without this method one bad field inside fails the whole value.
// On the second pass Decode calls UnmarshalJSONTolerant instead of
// UnmarshalJSON: the method decodes what it can (usually by calling Decode
// on its inner value with opts) and returns the issues, with paths relative
// to the value ("" is the value itself). An error means the value as a whole
// does not fit: it is listed as one issue (or fails Decode at the top level).
//
// The first pass still calls UnmarshalJSON, so a clean body costs nothing
// more.
type Unmarshaler interface {
	UnmarshalJSONTolerant(data []byte, opts Options) ([]webhook.DecodeIssue, error)
}

// moreIssues is the Err of a summary entry; it carries the count so that a
// nested list's summary adds up in the outer one.
type moreIssues struct{ n int }

func (m *moreIssues) Error() string {
	return fmt.Sprintf("%v: %d more not listed", webhook.ErrTooManyDecodeIssues, m.n)
}

func (m *moreIssues) Unwrap() error { return webhook.ErrTooManyDecodeIssues }

// Unlisted is how many issues the entry stands for.
func (m *moreIssues) Unlisted() int { return m.n }

// nested calls u's tolerant method on data[start:end] and merges its issues
// under the current path. It reports whether the method succeeded.
func (d *decoder) nested(u Unmarshaler, start, end int) bool {
	opts := Options{MaxIssues: max(1, d.maxIssues-len(d.issues)), MaxDepth: max(1, d.maxDepth-len(d.path))}
	issues, err := u.UnmarshalJSONTolerant(d.data[start:end], opts)
	if err != nil {
		d.report(start, end, err)
		return false
	}
	if len(issues) == 0 {
		return true
	}
	prefix := d.pathString()
	for _, is := range issues {
		var more *moreIssues
		if is.Path == "" && errors.As(is.Err, &more) {
			d.dropped += more.n
			continue
		}
		if is.Path == "" && prefix == "" {
			// The document itself: an error, as for any other value.
			d.report(start, end, is.Err)
			continue
		}
		if len(d.issues) >= d.maxIssues {
			d.dropped++
			continue
		}
		is.Path = join(prefix, is.Path)
		d.issues = append(d.issues, is)
		d.spans = append(d.spans, [2]int{start, end})
	}
	return true
}

// Within returns issues found in a value decoded on its own (a webhook
// envelope's data, a field kept as json.RawMessage and decoded later) with
// their paths placed under prefix, the value's path in the whole document
// ("data", "objects[2]"). The summary entry of a cut list stays as it is.
// issues is modified in place and returned.
func Within(prefix string, issues []webhook.DecodeIssue) []webhook.DecodeIssue {
	for i, is := range issues {
		var more *moreIssues
		if is.Path == "" && errors.As(is.Err, &more) {
			continue
		}
		issues[i].Path = join(prefix, is.Path)
	}
	return issues
}

// Outside returns the issues that are not at or under path (a value the
// caller keeps raw after all, such as an unknown event type's data). The
// summary entry of a cut list stays. The result reuses issues' array; nil
// when nothing is left.
func Outside(path string, issues []webhook.DecodeIssue) []webhook.DecodeIssue {
	var out []webhook.DecodeIssue
	for _, is := range issues {
		if rest, under := strings.CutPrefix(is.Path, path); under && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			continue
		}
		if out == nil {
			out = issues[:0]
		}
		out = append(out, is)
	}
	return out
}

// join appends a relative path to a prefix path.
func join(prefix, rel string) string {
	switch {
	case rel == "":
		return prefix
	case prefix == "" || rel[0] == '[':
		return prefix + rel
	}
	return prefix + "." + rel
}
