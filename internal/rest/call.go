package rest

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
)

type headerKey struct{}

// WithHeader returns a context whose calls carry the extra header key:
// value, added after the SDK's own headers (so it may replace Accept or
// Content-Type) and before the credentials. It reaches every typed method
// and the escape hatch alike. Headers that would change who is
// authenticated or how the request is framed (Authorization, Cookie, Host,
// Content-Length, ...) and Idempotency-Key are refused when the call is
// made, with a *ValidationError: no provider here documents an
// idempotency key, and net/http replays a request carrying one by itself.
func WithHeader(ctx context.Context, key, value string) context.Context {
	h := headersFrom(ctx).Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Add(key, value)
	return context.WithValue(ctx, headerKey{}, h)
}

func headersFrom(ctx context.Context) http.Header {
	h, _ := ctx.Value(headerKey{}).(http.Header)
	return h
}

// refusedHeaders are never taken from callers (lower case).
var refusedHeaders = map[string]string{
	"authorization":       "the client sends its own credentials",
	"proxy-authorization": "the client sends its own credentials",
	"cookie":              "the client sends its own credentials",
	"host":                "the URL decides the host",
	"content-length":      "the body decides its length",
	"transfer-encoding":   "the body decides its framing",
	"connection":          "the transport manages connections",
	"idempotency-key":     "no provider documents it, and net/http replays a request that carries it",
	"x-idempotency-key":   "no provider documents it, and net/http replays a request that carries it",
}

// copyHeaders validates the caller's extra headers and sets them on dst.
func copyHeaders(dst, extra http.Header) error {
	for k, vs := range extra {
		if !validToken(k) {
			return Invalid("header", "%q is not a valid header name", k)
		}
		if why, refused := refusedHeaders[strings.ToLower(k)]; refused {
			return Invalid("header", "%s cannot be set: %s", http.CanonicalHeaderKey(k), why)
		}
		for _, v := range vs {
			if !validHeaderValue(v) {
				return Invalid("header", "the value of %s is not a valid header value", http.CanonicalHeaderKey(k))
			}
		}
		dst[http.CanonicalHeaderKey(k)] = vs
	}
	return nil
}

// validToken reports whether s is an HTTP token (RFC 9110): a header name
// or a method.
func validToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0 {
			continue
		}
		return false
	}
	return true
}

// validHeaderValue reports whether v may be sent as a header value: no
// control characters other than tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 && c != '\t' || c == 0x7f {
			return false
		}
	}
	return true
}

// APIRequest is a raw call made through a client's escape hatch (the
// provider's Request type, its Client.Do method): it shares the client's
// credentials, retries, redaction and error types.
type APIRequest struct {
	// Method is the HTTP method (GET when empty).
	Method string
	// Path is relative to the API base URL ("bundles/abc/"), or an absolute
	// URL on the API host; any other host is refused (see Download).
	Path string
	// Query is added to the URL's query.
	Query url.Values
	// Body is nil, []byte or an io.Reader sent as is (set ContentType), or
	// any other value, sent as JSON.
	Body any
	// ContentType is the body's media type (application/json for JSON
	// bodies when empty).
	ContentType string
	// Header holds extra headers, under the rules of WithHeader.
	Header http.Header
}

// DoRequest performs the escape hatch's request r and decodes the answer
// into out: a pointer decoded as JSON, a *[]byte receiving the raw body, or
// nil to discard it. Errors are the provider's types, like every call's.
func (c *Client) DoRequest(ctx context.Context, r *APIRequest, out any) (*Response, error) {
	if r == nil {
		return nil, c.conv(Invalid("request", "must not be nil"))
	}
	method := strings.ToUpper(strings.TrimSpace(r.Method))
	if method == "" {
		method = http.MethodGet
	}
	if !validToken(method) { // a method is an HTTP token
		return nil, c.conv(Invalid("method", "%q is not a valid HTTP method", r.Method))
	}
	req := &Request{Method: method, Path: r.Path, Body: r.Body, ContentType: r.ContentType, Header: r.Header}
	if len(r.Query) > 0 {
		req.Query = r.Query
	}
	return c.Do(ctx, req, out)
}

// Download streams the body of an absolute http(s) URL, typically a
// presigned file URL taken from an API answer, and sends no API
// credentials to it: not the API key or token, whatever its host. It
// follows redirects to other hosts, shares the client's transport, retries
// and error types, and leaves the body for the caller to read and close.
func (c *Client) Download(ctx context.Context, rawURL string) (io.ReadCloser, *Response, error) {
	if err := checkAbsolute("download URL", strings.TrimSpace(rawURL)); err != nil {
		return nil, nil, c.conv(err)
	}
	return c.Stream(ctx, &Request{
		Method:               http.MethodGet,
		Path:                 strings.TrimSpace(rawURL),
		Header:               http.Header{"Accept": {"*/*"}},
		NoAuth:               true,
		AllowForeignRedirect: true,
	})
}
