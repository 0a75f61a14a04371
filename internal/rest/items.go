package rest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// DefaultMaxPageItems is how many items one list page may hold unless the
// provider sets Config.MaxPageItems. It bounds the memory a page takes
// while it is decoded: list pages are decoded item by item, and the page
// fails with a *DecodeError at the first item past the cap, so a hostile or
// broken answer (a 1 MiB body of "[{},{},…]" is 350,000 items) cannot make
// a client allocate a multiple of its body cap (MaxDecodeBytes). The
// providers' page sizes are 100 (BlueInk, Zigned) or a limit the caller
// chooses (Legalesign).
const DefaultMaxPageItems = 10_000

// ItemsDecoder is implemented by list page types that decode themselves
// from the response stream, item by item, with at most max items: Do uses
// it instead of decoding the whole body into one value.
type ItemsDecoder interface {
	DecodeItems(dec *json.Decoder, max int) error
}

// Items is a list page that is a bare JSON array (or null).
type Items[T any] []T

// DecodeItems implements ItemsDecoder.
func (l *Items[T]) DecodeItems(dec *json.Decoder, max int) error {
	items, err := DecodeArray[T](dec, max)
	*l = items
	return err
}

// DecodeArray reads a JSON array (or null, giving nil) from dec item by
// item; an array with more than max items fails at the first one past the
// cap, before it is decoded.
func DecodeArray[T any](dec *json.Decoder, max int) ([]T, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if tok == nil {
		return nil, nil
	}
	if tok != json.Delim('[') {
		return nil, fmt.Errorf("a list must be a JSON array, got %v", describeToken(tok))
	}
	return arrayItems[T](dec, max)
}

// arrayItems reads the items of an array whose '[' was read, and its ']'.
func arrayItems[T any](dec *json.Decoder, max int) ([]T, error) {
	out := []T{}
	for dec.More() {
		if len(out) >= max {
			return nil, fmt.Errorf("the list page has more than %d items", max)
		}
		var zero T
		out = append(out, zero)
		if err := dec.Decode(&out[len(out)-1]); err != nil { // no per-item holder to allocate
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil { // ']'
		return nil, err
	}
	return out, nil
}

// DecodeList reads a list that is either a bare JSON array or an object
// holding the array under one of keys (matched case-insensitively, as
// encoding/json does; the first such member that is an array wins; every
// other member is skipped), item by item, at most max items. null, or an object without such a member, gives an empty list.
func DecodeList[T any](dec *json.Decoder, max int, keys ...string) ([]T, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case nil:
		return nil, nil
	case json.Delim('['):
		return arrayItems[T](dec, max)
	case json.Delim('{'):
	default:
		return nil, fmt.Errorf("a list must be a JSON array or object, got %v", describeToken(tok))
	}
	var out []T
	found := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		if found || !slices.ContainsFunc(keys, func(k string) bool { return strings.EqualFold(k, key) }) {
			if err := SkipValue(dec); err != nil {
				return nil, err
			}
			continue
		}
		// A listed member that is not an array is skipped too.
		tok, err = dec.Token()
		if err != nil {
			return nil, err
		}
		switch tok {
		case json.Delim('['):
			if out, err = arrayItems[T](dec, max); err != nil {
				return nil, err
			}
			found = true
		case json.Delim('{'):
			if err := skipRest(dec); err != nil {
				return nil, err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return nil, err
	}
	if out == nil {
		out = []T{}
	}
	return out, nil
}

// DecodeObject reads a JSON object from dec, calling member with each key;
// member must consume the key's value (dec.Decode, DecodeArray or
// SkipValue). A JSON null is an empty object.
func DecodeObject(dec *json.Decoder, member func(key string) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('{') {
		return fmt.Errorf("expected a JSON object, got %v", describeToken(tok))
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return fmt.Errorf("expected an object key, got %v", describeToken(tok))
		}
		if err := member(key); err != nil {
			return err
		}
	}
	_, err = dec.Token() // '}'
	return err
}

// skipRest consumes the rest of an object or array whose opening delimiter
// was read.
func skipRest(dec *json.Decoder) error {
	for depth := 1; depth > 0; {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
	return nil
}

// SkipValue consumes the next JSON value of dec without keeping it.
func SkipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

func describeToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(t))
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number, float64:
		return "a number"
	}
	return fmt.Sprintf("%v", tok)
}
