package legacyv1

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/esignkit/esign/internal/jsonscan"
)

// FlexString is a string that also decodes from a JSON number, boolean or
// null (the spec declares several fields as strings that the API sends as
// numbers, and the reverse).
type FlexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexString) UnmarshalJSON(b []byte) error {
	s, err := flexText(b)
	*f = FlexString(s)
	return err
}

// flexText renders a JSON value as text: strings unquoted, numbers and
// booleans as written, null as "", objects and arrays as their JSON text.
// b is one valid JSON value (what encoding/json passes to UnmarshalJSON,
// or a value the callback decoders found in a validated body); anything
// else is an error.
func flexText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		return "", nil
	case b[0] == '"':
		return jsonscan.Unquote(b)
	case bytes.Equal(b, []byte("true")) || bytes.Equal(b, []byte("false")):
		return string(b), nil
	case b[0] == '{' || b[0] == '[':
		return string(b), nil
	}
	if _, ok := jsonscan.Int(b); ok {
		return string(b), nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return "", err
	}
	return string(b), nil
}

// FlexBool is a bool that also decodes from 0/1, "true"/"True"/"1" and null.
type FlexBool bool

// UnmarshalJSON implements json.Unmarshaler.
func (f *FlexBool) UnmarshalJSON(b []byte) error {
	s, err := flexText(b)
	if err != nil {
		return err
	}
	*f = FlexBool(parseBool(s))
	return nil
}

// MarshalJSON encodes a JSON boolean.
func (f FlexBool) MarshalJSON() ([]byte, error) { return []byte(strconv.FormatBool(bool(f))), nil }

func parseBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes", "t", "y":
		return true
	}
	return false
}
