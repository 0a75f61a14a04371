package signeasy

import (
	"context"
	"iter"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// listKeys are the object keys under which a list response may carry its
// items. Signeasy's list shapes differ between endpoints and versions (a bare
// array, {"count":n,"files":[...]}, ...), so lists are decoded leniently.
var listKeys = []string{"files", "templates", "originals", "envelopes", "items", "results", "data"}

// maxListItems bounds one list answer. Signeasy's lists are not paginated
// (one answer holds every original or template), so the bound is higher
// than rest.DefaultMaxPageItems; it still caps the memory a hostile answer
// can make the client allocate.
const maxListItems = 100_000

// list decodes a bare JSON array or an object holding the array under one
// of listKeys, item by item (rest.ItemsDecoder).
type list[T any] []*T

// DecodeItems implements rest.ItemsDecoder: the answer is decoded from the
// stream, at most max items.
func (l *list[T]) DecodeItems(dec *rest.Decoder, max int) error {
	items, err := rest.DecodeList[*T](dec, max, listKeys...)
	*l = items
	return err
}

// UnmarshalJSON implements json.Unmarshaler, with the same bound.
func (l *list[T]) UnmarshalJSON(b []byte) error {
	return rest.UnmarshalItems(b, l, maxListItems)
}

// iterate is the pager helper: it iterates a whole list through the shared
// pager. Signeasy's lists are not paginated, so there is exactly one page.
func iterate[T any](ctx context.Context, c *Client, path string) iter.Seq2[*T, error] {
	return rest.Iterate(ctx, c.rc, func(ctx context.Context, _ *rest.Pagination) ([]*T, *rest.Response, error) {
		return do[list[T]](ctx, c, http.MethodGet, path, nil)
	})
}
