// Package jsonscan walks the members of a JSON object with a byte scan, so
// a decoder that has already parsed a body with encoding/json can find a
// member's exact bytes (a webhook payload's unknown fields, a delivery's
// data) without parsing it again.
//
// The scan relies on its input being valid JSON (encoding/json checks a
// whole input before it calls an UnmarshalJSON method, and the webhook
// decoders scan bodies they have already decoded). Malformed input gives an
// error or a lenient reading, never a panic or a loop.
package jsonscan

import (
	"bytes"
	"encoding/json"
	"errors"
	"unicode/utf8"
)

// ErrNotObject is returned for input that is not one JSON object.
var ErrNotObject = errors.New("not a JSON object")

// Members calls fn with each member of the object obj, in order: its key
// (unescaped; a subslice of obj unless it had escapes, so compare it with
// string(key) == "…" and copy it to keep it) and its value's exact bytes (a
// subslice of obj). A repeated key is passed again. An error from fn stops
// the walk and is returned.
func Members(obj []byte, fn func(key, val []byte) error) error {
	return walk(obj, func(rawKey, val []byte) (bool, error) {
		key := rawKey[1 : len(rawKey)-1]
		if bytes.IndexByte(key, '\\') >= 0 || !utf8.Valid(key) { // as encoding/json reads it
			k, err := Unquote(rawKey)
			if err != nil {
				return false, err
			}
			key = []byte(k)
		}
		return true, fn(key, val)
	})
}

// Member returns the exact bytes of the first member of obj named key, and
// whether there is one.
func Member(obj []byte, key string) ([]byte, bool) {
	var out []byte
	found := false
	_ = walk(obj, func(rawKey, val []byte) (bool, error) {
		if len(rawKey) == len(key)+2 && string(rawKey[1:len(rawKey)-1]) == key ||
			bytes.IndexByte(rawKey, '\\') >= 0 && unquoteEq(rawKey, key) {
			out, found = val, true
			return false, nil
		}
		return true, nil
	})
	return out, found
}

func unquoteEq(rawKey []byte, key string) bool {
	k, err := Unquote(rawKey)
	return err == nil && k == key
}

// ErrNotArray is returned by Elements for input that is not one JSON array.
var ErrNotArray = errors.New("not a JSON array")

// Elements calls fn with the exact bytes of each element of the JSON array
// arr, in order (subslices of arr). An error from fn stops the walk and is
// returned.
func Elements(arr []byte, fn func(val []byte) error) error {
	i := skipSpace(arr, 0)
	if i >= len(arr) || arr[i] != '[' {
		return ErrNotArray
	}
	i = skipSpace(arr, i+1)
	if i < len(arr) && arr[i] == ']' {
		return checkEnd(arr, i+1)
	}
	for {
		end, err := skipValue(arr, i)
		if err != nil {
			return err
		}
		if end == i {
			return ErrNotArray
		}
		if err := fn(arr[i:end]); err != nil {
			return err
		}
		i = skipSpace(arr, end)
		switch {
		case i < len(arr) && arr[i] == ',':
			i = skipSpace(arr, i+1)
		case i < len(arr) && arr[i] == ']':
			return checkEnd(arr, i+1)
		default:
			return ErrNotArray
		}
	}
}

// walk calls fn with each member's quoted key and value until fn says stop.
func walk(obj []byte, fn func(rawKey, val []byte) (more bool, err error)) error {
	i := skipSpace(obj, 0)
	if i >= len(obj) || obj[i] != '{' {
		return ErrNotObject
	}
	i = skipSpace(obj, i+1)
	if i < len(obj) && obj[i] == '}' {
		return checkEnd(obj, i+1)
	}
	for {
		if i >= len(obj) || obj[i] != '"' {
			return ErrNotObject
		}
		end, err := skipValue(obj, i)
		if err != nil {
			return err
		}
		rawKey := obj[i:end]
		i = skipSpace(obj, end)
		if i >= len(obj) || obj[i] != ':' {
			return ErrNotObject
		}
		start := skipSpace(obj, i+1)
		if end, err = skipValue(obj, start); err != nil {
			return err
		}
		more, err := fn(rawKey, obj[start:end])
		if err != nil || !more {
			return err
		}
		i = skipSpace(obj, end)
		switch {
		case i < len(obj) && obj[i] == ',':
			i = skipSpace(obj, i+1)
		case i < len(obj) && obj[i] == '}':
			return checkEnd(obj, i+1)
		default:
			return ErrNotObject
		}
	}
}

func checkEnd(b []byte, i int) error {
	if skipSpace(b, i) != len(b) {
		return ErrNotObject
	}
	return nil
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

var errValue = errors.New("malformed JSON value")

// Byte classes of the scan: structural bytes inside an object or array
// (quotes and brackets), and the bytes that end a scalar.
const (
	inContainer = 1 << iota
	endsScalar
)

var class = func() (t [256]uint8) {
	for _, c := range []byte(`"{}[]`) {
		t[c] |= inContainer
	}
	for _, c := range []byte(",}] \t\n\r:") {
		t[c] |= endsScalar
	}
	return t
}()

// skipValue returns the end of the JSON value starting at b[i]: a string
// up to its closing quote, an object or array up to its matching bracket
// (strings inside skipped), a number or literal up to the next delimiter.
// Inside a container only quotes and brackets are looked at, one table
// lookup per byte, and strings are skipped by stringEnd.
func skipValue(b []byte, i int) (int, error) {
	if i >= len(b) {
		return 0, errValue
	}
	switch b[i] {
	case '"':
		end := stringEnd(b, i+1)
		if end < 0 {
			return 0, errValue
		}
		return end + 1, nil
	case '{', '[':
	default:
		for ; i < len(b); i++ {
			if class[b[i]]&endsScalar != 0 {
				return i, nil
			}
		}
		return i, nil
	}
	depth := 0
	for i < len(b) {
		switch b[i] {
		case '"':
			end := stringEnd(b, i+1)
			if end < 0 {
				return 0, errValue
			}
			i = end + 1
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1, nil
			}
		}
		i++
		for i < len(b) && class[b[i]]&inContainer == 0 {
			i++
		}
	}
	return 0, errValue
}

// stringEnd returns the index of the quote closing the string whose
// content starts at b[i] (-1 when there is none), finding quotes with
// bytes.IndexByte and skipping escaped ones.
func stringEnd(b []byte, i int) int {
	for {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1
		}
		q := i + j
		n := 0 // backslashes right before the quote
		for k := q - 1; k >= i && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return q
		}
		i = q + 1
	}
}

// Unquote decodes a JSON string literal as encoding/json does (invalid
// UTF-8 becomes U+FFFD), taking the fast path for a plain string.
func Unquote(q []byte) (string, error) {
	if len(q) >= 2 && q[0] == '"' && q[len(q)-1] == '"' &&
		bytes.IndexByte(q, '\\') < 0 && bytes.IndexByte(q[1:len(q)-1], '"') < 0 && utf8.Valid(q) {
		return string(q[1 : len(q)-1]), nil
	}
	var s string
	err := json.Unmarshal(q, &s)
	return s, err
}

// IsTypeError reports whether err (from encoding/json) says a value had
// the wrong JSON type for its field: the signal for a decoder's lenient
// second reading. It costs nothing when err is nil.
func IsTypeError(err error) bool {
	if err == nil {
		return false
	}
	var te *json.UnmarshalTypeError
	return errors.As(err, &te)
}

// Int reads a JSON integer of at most 18 digits (optionally negative)
// without allocating; ok is false for anything else (a fraction, an
// exponent, a string), which the caller reads the general way.
func Int(b []byte) (n int64, ok bool) {
	neg := len(b) > 0 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}
