package tolerant

import (
	"errors"
	"strconv"

	"github.com/esignkit/esign/webhook"
)

// Recover is Decode for a caller that has already decoded data into v with
// encoding/json (json.Unmarshal, or a json.Decoder that read exactly data)
// and got err: it runs only the second pass, so a value that failed is not
// decoded a third time. A nil err returns nothing. The result is Decode's.
func Recover(data []byte, v any, opts Options, err error) ([]webhook.DecodeIssue, error) {
	if err == nil {
		return nil, nil
	}
	return recoverFrom(data, v, opts, err)
}

// Collector gathers the issues of values decoded one by one (the items of a
// list page read from a stream, the members of an envelope) into one list
// under one MaxIssues cap, ending with the same summary entry Decode adds
// when issues were dropped. The zero value keeps DefaultMaxIssues.
type Collector struct {
	// MaxIssues caps the list (0: DefaultMaxIssues).
	MaxIssues int

	issues  []webhook.DecodeIssue
	dropped int
}

func (c *Collector) max() int {
	if c.MaxIssues > 0 {
		return c.MaxIssues
	}
	return DefaultMaxIssues
}

// Options returns the options for the next value's Decode: strict off (the
// caller decides what issues mean once every value is decoded), and
// MaxIssues the room left (at least 1, so a value's issues are still
// counted once the list is full).
func (c *Collector) Options() Options {
	return Options{MaxIssues: max(1, c.max()-len(c.issues))}
}

// Add appends issues found in a value decoded on its own, their paths
// placed under prefix (see Within); a summary entry among them is counted,
// not listed.
func (c *Collector) Add(prefix string, issues []webhook.DecodeIssue) {
	for _, is := range issues {
		var more *moreIssues
		if is.Path == "" && errors.As(is.Err, &more) {
			c.dropped += more.n
			continue
		}
		is.Path = join(prefix, is.Path)
		c.add(is)
	}
}

// AddValue lists the value raw (its JSON text), found at path, that did not
// decode as a whole because of err.
func (c *Collector) AddValue(path string, raw []byte, err error) {
	c.add(webhook.DecodeIssue{Path: path, Raw: excerpt(raw), Err: err})
}

func (c *Collector) add(is webhook.DecodeIssue) {
	if len(c.issues) >= c.max() {
		c.dropped++
		return
	}
	c.issues = append(c.issues, is)
}

// Len is how many values did not decode so far, listed or not.
func (c *Collector) Len() int { return len(c.issues) + c.dropped }

// Issues returns the list, ending with a summary entry when issues were
// dropped; nil when there were none.
func (c *Collector) Issues() []webhook.DecodeIssue {
	if c.dropped == 0 {
		return c.issues
	}
	return append(c.issues[:len(c.issues):len(c.issues)], webhook.DecodeIssue{Err: &moreIssues{n: c.dropped}})
}

// JoinKey returns the path of the member key of the value at prefix, in the
// notation of DecodeIssue.Path: "objects", "data.signers", `meta["odd key"]`.
func JoinKey(prefix, key string) string {
	if len(key) > keyLimit {
		key = cutKey(key)
	}
	if plainKey(key) {
		if prefix == "" {
			return key
		}
		return prefix + "." + key
	}
	return prefix + "[" + strconv.Quote(key) + "]"
}

// JoinIndex returns the path of item i of the array at prefix: "objects[3]",
// "[3]" for a top-level array.
func JoinIndex(prefix string, i int) string {
	return prefix + "[" + strconv.Itoa(i) + "]"
}

// Count is how many values did not decode according to issues: the listed
// ones plus those a summary entry counts.
func Count(issues []webhook.DecodeIssue) int {
	n := 0
	for _, is := range issues {
		var more *moreIssues
		if is.Path == "" && errors.As(is.Err, &more) {
			n += more.n
			continue
		}
		n++
	}
	return n
}
