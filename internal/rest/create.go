package rest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"time"
)

// Create performs one create request; its errors are the provider's.
type Create[T any] func(ctx context.Context) (obj T, resp *Response, err error)

// Lookup finds the object a create made, by the client-chosen key the
// create carried: found reports whether it exists. Its errors are the
// provider's (it calls the provider's own list method).
type Lookup[T any] func(ctx context.Context) (obj T, resp *Response, found bool, err error)

// CreateOnce performs create, whose body carries a unique key chosen by the
// client and stored by the provider with the object (BlueInk's custom_key,
// Zigned's lookup_key), so that the object is created exactly once even
// when an answer is lost. None of the providers documents an idempotency
// key, so a create cannot simply be repeated; instead:
//
//   - a create that fails ambiguously (a timeout or reset connection once
//     the request was sent, a 408, a 5xx other than 501: the provider may
//     have acted; the error matches ErrOutcomeUnknown) runs lookup. Found:
//     the object is returned with Response.Recovered set. Not found: the
//     create is sent again, within c's retry budget and with its backoff.
//     The lookup failing itself: the create's error is returned (it
//     matches ErrOutcomeUnknown).
//   - a create refused with 400, 409 or 422 also runs lookup, because the
//     provider may be refusing a second object with the same key (BlueInk
//     does): found, the existing object is returned (Recovered). Calling
//     CreateOnce again with the same key after an ErrOutcomeUnknown thus
//     returns the object such a provider had created.
//   - any other failure is returned as it is; a 429 is retried by the
//     client as for every call.
//
// A call whose ctx ends is not recovered: it returns ctx's error.
func CreateOnce[T any](ctx context.Context, c *Client, create Create[T], lookup Lookup[T]) (T, *Response, error) {
	var zero T
	for attempt := 0; ; attempt++ {
		out, resp, err := create(ctx)
		if err == nil {
			return out, resp, nil
		}
		ambiguous := errors.Is(err, ErrOutcomeUnknown)
		refused := errors.Is(err, ErrBadRequest) || errors.Is(err, ErrConflict)
		if (!ambiguous && !refused) || ctx.Err() != nil {
			return zero, resp, err
		}
		obj, lresp, found, lerr := lookup(ctx)
		switch {
		case lerr != nil:
			c.log(ctx, slog.LevelDebug, "lookup after an ambiguous create failed", "GET", nil, 0, 0, lerr)
			return zero, resp, err
		case found:
			if lresp == nil {
				lresp = &Response{}
			}
			lresp.Recovered = true
			return obj, lresp, nil
		case !ambiguous || attempt >= c.rc.RetryMax:
			return zero, resp, err
		}
		wait := Backoff(c.rc.RetryWaitMin, c.rc.RetryWaitMax, attempt, nil, time.Now())
		if c.sleep(ctx, attempt, wait) != nil {
			return zero, resp, err
		}
	}
}

// NewKey returns a fresh random key for CreateOnce ("esign-" and 32 hex
// digits).
func NewKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return "esign-" + hex.EncodeToString(b[:])
}
