// Package timeutil parses the timestamp shapes providers send: RFC 3339,
// Python's str(datetime) ("2025-04-07 15:43:08.646752+00:00"), zone-less
// forms (taken as UTC), plain dates, and unix seconds or milliseconds.
//
// Time keeps a value it cannot parse (see Time.Raw) instead of losing it,
// while still reporting the error, so that a tolerant decoder can both keep
// the rest of the answer and list the field.
package timeutil

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/esignkit/esign/internal/jsonscan"
)

var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// Parse reads s in any supported shape. Zone-less values are UTC. Pure
// digits are unix seconds, or milliseconds when above 1e11.
func Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, errors.New("empty timestamp")
	}
	if len(s) > 64 {
		return time.Time{}, fmt.Errorf("timestamp too long (%d bytes)", len(s))
	}
	if isDigits(s) {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("timestamp %q: %w", s, err)
		}
		return fromUnixChecked(n)
	}
	// Try the layout the shape points at first: each failed time.Parse
	// allocates an error, and zone-less or space-separated values are common.
	if l := likelyLayout(s); l != "" {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognized timestamp %q", s)
}

// likelyLayout guesses the layout of an ISO-like s from its shape, or "".
func likelyLayout(s string) string {
	switch {
	case len(s) == 10:
		return "2006-01-02"
	case len(s) < 16 || (s[10] != 'T' && s[10] != ' '):
		return ""
	}
	tail := s[16:]
	zoned := strings.HasSuffix(s, "Z") || strings.ContainsAny(tail, "+-")
	switch {
	case s[10] == 'T' && zoned:
		return time.RFC3339Nano
	case s[10] == ' ' && zoned && strings.Contains(tail, ":") && len(s) >= 6 && s[len(s)-3] == ':':
		return "2006-01-02 15:04:05.999999999Z07:00"
	case s[10] == 'T' && !zoned && len(s) == 16:
		return "2006-01-02T15:04"
	case s[10] == 'T' && !zoned:
		return "2006-01-02T15:04:05.999999999"
	case s[10] == ' ' && !zoned:
		return "2006-01-02 15:04:05.999999999"
	}
	return ""
}

// fromUnixChecked is FromUnix for values read from outside: a time past
// the year 9999 (or before year 1) is an error, since RFC 3339, which Time
// encodes to, cannot write it back.
func fromUnixChecked(n int64) (time.Time, error) {
	t := FromUnix(n)
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, fmt.Errorf("timestamp %d out of range (year %d)", n, y)
	}
	return t, nil
}

// FromUnix converts unix seconds, or milliseconds when n > 1e11.
func FromUnix(n int64) time.Time {
	if n > 1e11 || n < -1e11 {
		return time.UnixMilli(n).UTC()
	}
	return time.Unix(n, 0).UTC()
}

func isDigits(s string) bool {
	for i, r := range s {
		if r == '-' && i == 0 && len(s) > 1 {
			continue
		}
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Time is a time.Time that decodes leniently from a JSON string or number
// (see Parse) and encodes as RFC 3339. null and "" decode to the zero time.
//
// A value it cannot parse (an unknown layout such as "2020-05-20T:15:10", a
// placeholder such as "string", an object) is kept: the Time is zero,
// IsValid reports false, Raw returns the text and MarshalJSON writes it back
// unchanged, so nothing the provider sent is lost. UnmarshalJSON still
// returns an error for it, so that the tolerant decoder lists the field on
// the *Response or event (and plain encoding/json fails, as it always did).
type Time struct {
	time.Time
	raw string // JSON text of a value that did not parse, cut to maxRaw bytes
}

// maxRaw caps the text a Time keeps.
const maxRaw = 256

// UnmarshalJSON implements json.Unmarshaler. On error t is zero and keeps b
// (see Raw).
func (t *Time) UnmarshalJSON(b []byte) error {
	v, err := parseJSON(b)
	*t = Time{Time: v}
	if err != nil {
		t.keep(b)
	}
	return err
}

// keep records the JSON text b that did not parse, when b is valid JSON
// (json.Unmarshal only ever passes valid JSON).
func (t *Time) keep(b []byte) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || !json.Valid(b) {
		return
	}
	if len(b) > maxRaw {
		cut := maxRaw
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		t.raw = string(b[:cut]) + "…"
		return
	}
	t.raw = string(b)
}

func parseJSON(b []byte) (time.Time, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) || bytes.Equal(b, []byte(`""`)) {
		return time.Time{}, nil
	}
	if b[0] == '"' {
		s, err := jsonscan.Unquote(b) // no second parse for a plain string
		if err != nil {
			return time.Time{}, err
		}
		return Parse(s)
	}
	if i, ok := jsonscan.Int(b); ok { // the common case, without a second parse
		return fromUnixChecked(i)
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return time.Time{}, fmt.Errorf("timestamp: %w", err)
	}
	if i, err := n.Int64(); err == nil {
		return fromUnixChecked(i)
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %s: %w", n, err)
	}
	// Beyond ±2^63 the int64 conversion is undefined: refuse, never guess.
	if f >= 1<<63 || f < -(1<<63) {
		return time.Time{}, fmt.Errorf("timestamp %s out of range", n)
	}
	return fromUnixChecked(int64(f))
}

// IsValid reports whether t holds no unparsed text: true for every parsed
// time and for the zero Time (null, "", absent), false when decoding kept a
// value it could not parse.
func (t Time) IsValid() bool { return t.raw == "" }

// Raw returns what t could not parse: the contents of a JSON string, or the
// JSON text of any other value, cut to 256 bytes (a cut value ends with
// "…"). It is "" when t is valid.
func (t Time) Raw() string {
	if len(t.raw) >= 2 && t.raw[0] == '"' {
		var s string
		if json.Unmarshal([]byte(t.raw), &s) == nil {
			return s
		}
	}
	return t.raw
}

// String formats a valid Time like time.Time; an unparsed one prints as
// "unparsed " followed by its JSON text.
func (t Time) String() string {
	if t.raw != "" {
		return "unparsed " + t.raw
	}
	return t.Time.String()
}

// MarshalJSON implements json.Marshaler: RFC 3339, null for the zero Time,
// and the text as received for a value that did not parse (null when that
// text was cut).
func (t Time) MarshalJSON() ([]byte, error) {
	if t.raw != "" && json.Valid([]byte(t.raw)) {
		return []byte(t.raw), nil
	}
	if t.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(t.Time.Format(time.RFC3339Nano))
}

// Millis is a Time for a provider that documents its datetimes as epoch
// milliseconds (InsertSign's data): a JSON number, or a string of digits,
// is always milliseconds, whatever its size, and 0 is the zero time (an
// unset datetime, not 1970). Anything else decodes as a Time does (an
// ISO 8601 string, null, ""), keeping what it cannot parse.
type Millis struct {
	Time
}

// UnmarshalJSON implements json.Unmarshaler.
func (m *Millis) UnmarshalJSON(b []byte) error {
	t := bytes.TrimSpace(b)
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		t = bytes.TrimSpace(t[1 : len(t)-1])
	}
	if n, ok := jsonscan.Int(t); ok {
		*m = Millis{}
		if n == 0 {
			return nil
		}
		v := time.UnixMilli(n).UTC()
		if y := v.Year(); y < 1 || y > 9999 {
			m.keep(b)
			return fmt.Errorf("timestamp %d ms out of range (year %d)", n, y)
		}
		m.Time.Time = v
		return nil
	}
	return m.Time.UnmarshalJSON(b)
}

// Date is a calendar date sent as "YYYY-MM-DD" (query filters).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's location.
func DateOf(t time.Time) Date { y, m, d := t.Date(); return Date{y, m, d} }

// String formats the date as YYYY-MM-DD; the zero Date is "".
func (d Date) String() string {
	if d == (Date{}) {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// IsZero reports whether d is the zero Date (go-querystring's omitempty uses it).
func (d Date) IsZero() bool { return d == (Date{}) }

// EncodeValues implements go-querystring's Encoder.
func (d Date) EncodeValues(key string, v *url.Values) error {
	if !d.IsZero() {
		v.Set(key, d.String())
	}
	return nil
}
