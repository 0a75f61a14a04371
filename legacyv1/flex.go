package legacyv1

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
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

// flexText renders a JSON scalar as text: strings unquoted, numbers and
// booleans as written, null as "".
func flexText(b []byte) (string, error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return "", nil
	}
	if b[0] == '"' {
		var s string
		err := json.Unmarshal(b, &s)
		return s, err
	}
	if b[0] == '{' || b[0] == '[' {
		return string(b), nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
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
