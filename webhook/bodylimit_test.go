package webhook

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// limitedProvider is a Provider of the plain interface (not built by
// NewProvider, so it does no size check of its own) that carries its own
// body limit.
type limitedProvider struct {
	v   Verifier
	max int64
}

func (p limitedProvider) Name() string { return "test" }
func (p limitedProvider) VerifyRequest(r *http.Request, body []byte) error {
	return p.v.Verify(r.Header, body)
}
func (p limitedProvider) Parse(h http.Header, body []byte) (Event, error) {
	return parseTestEvent(h, body)
}
func (p limitedProvider) MaxBodyBytes() int64 { return p.max }

// One limit, set once: WithMaxBodyBytes on the Handler raises it above
// 1 MiB, and so does a limit the Provider carries (MaxBodyBytes), which the
// Handler's own option overrides.
func TestHandlerBodyLimit(t *testing.T) {
	const mib = 1 << 20
	big := `{"id":"big","type":"document.created","pad":"` + strings.Repeat("a", 2*mib) + `"}`
	atLimit := `{"id":"x","type":"document.created","pad":"` + strings.Repeat("a", mib-len(`{"id":"x","type":"document.created","pad":""}`)) + `"}`
	equal(t, "len at limit", len(atLimit), mib)
	overLimit := atLimit[:len(atLimit)-2] + `a"}`

	for _, c := range []struct {
		name string
		h    *Handler
		body string
		want int
	}{
		{"default, at the limit", NewHandler(testProvider(t)), atLimit, http.StatusOK},
		{"default, one byte over", NewHandler(testProvider(t)), overLimit, http.StatusRequestEntityTooLarge},
		{"default, 2 MiB", NewHandler(testProvider(t)), big, http.StatusRequestEntityTooLarge},
		{"Handler 4 MiB, 2 MiB", NewHandler(testProvider(t), WithMaxBodyBytes(4*mib)), big, http.StatusOK},
		{"Provider 4 MiB, 2 MiB", NewHandler(limitedProvider{testVerifier(t), 4 * mib}), big, http.StatusOK},
		{"Provider 4 MiB, Handler 1 MiB, 2 MiB", NewHandler(limitedProvider{testVerifier(t), 4 * mib}, WithMaxBodyBytes(mib)), big, http.StatusRequestEntityTooLarge},
		{"NewProvider with WithMaxBodyBytes(4 MiB), 2 MiB", NewHandler(NewProvider("test", testVerifier(t), parseTestEvent, WithMaxBodyBytes(4*mib))), big, http.StatusOK},
		{"Provider without a limit (0)", NewHandler(limitedProvider{testVerifier(t), 0}), big, http.StatusRequestEntityTooLarge},
	} {
		var got int
		c.h.OnAny(func(context.Context, Event) error { got++; return nil })
		equal(t, c.name, serve(c.h, signedRequest(c.body)).Code, c.want)
		if c.want == http.StatusOK {
			equal(t, c.name+" dispatched", got, 1)
		}
	}
}
