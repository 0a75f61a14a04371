package signeasy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// listKeys are the object keys under which a list response may carry its
// items. Signeasy's list shapes differ between endpoints and versions (a bare
// array, {"count":n,"files":[...]}, ...), so lists are decoded leniently.
var listKeys = []string{"files", "templates", "originals", "envelopes", "items", "results", "data"}

// list decodes a bare JSON array or an object holding the array under one
// of listKeys.
type list[T any] []*T

// UnmarshalJSON implements json.Unmarshaler.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		*l = nil
		return nil
	}
	if b[0] == '[' {
		var items []*T
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		*l = items
		return nil
	}
	if b[0] != '{' {
		return fmt.Errorf("signeasy: list is neither an array nor an object")
	}
	// Fast path: one pass when every known key holds an array (or is absent).
	var known struct {
		Files     []*T `json:"files"`
		Templates []*T `json:"templates"`
		Originals []*T `json:"originals"`
		Envelopes []*T `json:"envelopes"`
		Items     []*T `json:"items"`
		Results   []*T `json:"results"`
		Data      []*T `json:"data"`
	}
	if json.Unmarshal(b, &known) == nil {
		for _, items := range [][]*T{known.Files, known.Templates, known.Originals, known.Envelopes, known.Items, known.Results, known.Data} {
			if items != nil {
				*l = items
				return nil
			}
		}
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	for _, k := range listKeys {
		raw, ok := obj[k]
		if !ok {
			continue
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 || raw[0] != '[' {
			continue
		}
		var items []*T
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		*l = items
		return nil
	}
	*l = []*T{}
	return nil
}

// getList fetches a whole (unpaginated) list.
func getList[T any](ctx context.Context, c *Client, path string) ([]*T, *Response, error) {
	var out list[T]
	resp, err := c.rest.Do(ctx, &rest.Request{Method: http.MethodGet, Path: path}, &out)
	if err != nil {
		return nil, resp, err
	}
	return []*T(out), resp, nil
}

// allOf iterates a whole list through the shared pager. Signeasy's lists are
// not paginated, so there is exactly one page.
func allOf[T any](ctx context.Context, c *Client, path string) iter.Seq2[*T, error] {
	return rest.Iterate(ctx, func(ctx context.Context, _ *rest.Pagination) ([]*T, *rest.Response, error) {
		return getList[T](ctx, c, path)
	})
}
