// Package rest is the one HTTP core shared by every esign provider package:
// base URL joining, authentication, User-Agent, JSON and multipart bodies,
// retries (go-retryablehttp), typed errors, redaction, pagination, and
// tolerant decoding of answers (a value that does not decode is listed on
// Response.DecodeIssues instead of failing the call; Settings.StrictDecoding
// turns it back into a *DecodeError).
//
// Provider packages wrap it; it is not part of the public API.
package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/go-querystring/query"
	retryablehttp "github.com/hashicorp/go-retryablehttp"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// Version is the SDK version reported in the User-Agent.
const Version = "0.1.0"

// Default limits.
const (
	DefaultMaxRetries     = 5
	DefaultRetryWaitMin   = 500 * time.Millisecond
	DefaultRetryWaitMax   = 30 * time.Second
	MaxErrorBodyBytes     = 1 << 20  // error bodies are read up to 1 MiB
	DefaultMaxDecodeBytes = 64 << 20 // success bodies are decoded up to 64 MiB
)

// Authenticator adds credentials to an outgoing request. It runs once per
// call, before the first attempt; an error it returns is reported as is when
// it is an *APIError (e.g. a token endpoint's 401), else as a *TransportError.
type Authenticator func(req *http.Request) error

// ErrorDecoder lets a provider adjust an *APIError built from a non-2xx
// answer (the lenient default parser has already run).
type ErrorDecoder func(e *APIError, resp *http.Response, body []byte)

// PaginationParser reads pagination from response headers.
type PaginationParser func(h http.Header) *Pagination

// Config configures a Client. Only BaseURL (in Settings) is required.
type Config struct {
	// Settings are the options every provider shares (base URL, HTTP
	// client, retries, logger, user agent, ...), validated by their setters.
	Settings
	// Name is the provider package's name ("blueink"). It starts the text
	// of the errors the core makes itself (a stalled pagination, a
	// cancelled iteration): every error a provider returns names it.
	Name string
	// ConvertError, when set, turns every error the core returns (the
	// *APIError, *RateLimitError, *ValidationError, *TransportError and
	// *DecodeError values of this package) into the provider's own types.
	// It is applied once, on the way out of every exported method.
	ConvertError func(error) error
	Auth         Authenticator
	Secrets      []string // redacted from every error and log line
	// ErrorDecoder decodes the provider's error body shapes; it runs after
	// the generic fallback (plain text, "message").
	ErrorDecoder   ErrorDecoder
	Pagination     PaginationParser
	RequestIDKeys  []string // response headers holding a request id
	MaxDecodeBytes int64
	// MaxPageItems bounds the items of one list page (DefaultMaxPageItems
	// when zero); see Items.
	MaxPageItems int
	// OnUnauthorized, when set, is called with the request of every 401
	// answer to an authenticated call (e.g. TokenCache.RefusedRequest, so a
	// revoked token is replaced on the next call), except answers whose
	// error code is in RefusalCodes.
	OnUnauthorized func(req *http.Request)
	// RefusalCodes are error codes of 401 answers that refuse the request,
	// not the token (Signeasy's "unauthorized_resource"): they do not call
	// OnUnauthorized.
	RefusalCodes []string
}

// Client is the shared HTTP core.
type Client struct {
	base       *url.URL
	rc         *retryablehttp.Client
	auth       Authenticator
	ua         string
	logger     *slog.Logger
	red        *Redactor
	errDecoder ErrorDecoder
	pagination PaginationParser
	requestIDs []string
	maxDecode  int64
	maxItems   int
	onUnauth   func(*http.Request)
	refusals   []string
	name       string
	convert    func(error) error
	backoff    func(attempt int, wait time.Duration) time.Duration
	strict     bool
	bodies     sync.Pool // *[]byte, see bodyBuffer
}

// New validates cfg and builds a Client. It performs no I/O. Its errors
// go through cfg.ConvertError like every other.
func New(cfg Config) (*Client, error) {
	c, err := buildClient(cfg)
	if err != nil && cfg.ConvertError != nil {
		err = cfg.ConvertError(err)
	}
	return c, err
}

func buildClient(cfg Config) (*Client, error) {
	if err := cfg.Settings.Err(); err != nil {
		return nil, err
	}
	if cfg.BaseURL == "" {
		return nil, Invalid("base URL", "must not be empty")
	}
	base, err := url.Parse(cfg.BaseURL)
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, Invalid("base URL", "%q is not an absolute URL", cfg.BaseURL)
	}
	if base.Scheme != "https" && base.Scheme != "http" {
		return nil, Invalid("base URL", "scheme %q is not http or https", base.Scheme)
	}
	if !strings.HasSuffix(base.Path, "/") {
		base.Path += "/"
	}
	// The one place the retry budget is read: 0 is the default, a negative
	// value (Settings.SetMaxRetries' translation of the user's 0) none.
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = DefaultRetryWaitMin
	}
	if cfg.RetryWaitMax <= 0 {
		cfg.RetryWaitMax = max(DefaultRetryWaitMax, cfg.RetryWaitMin)
	}
	if cfg.RetryWaitMax < cfg.RetryWaitMin {
		return nil, Invalid("retry wait", "max %s is below min %s", cfg.RetryWaitMax, cfg.RetryWaitMin)
	}
	if cfg.MaxDecodeBytes <= 0 {
		cfg.MaxDecodeBytes = DefaultMaxDecodeBytes
	}
	if cfg.MaxPageItems <= 0 {
		cfg.MaxPageItems = DefaultMaxPageItems
	}
	c := &Client{
		base:       base,
		auth:       cfg.Auth,
		logger:     cfg.Logger,
		red:        NewRedactor(cfg.Secrets...),
		errDecoder: cfg.ErrorDecoder,
		pagination: cfg.Pagination,
		requestIDs: append([]string{"X-Request-Id", "X-Request-ID", "Request-Id", "X-Amzn-Requestid"}, cfg.RequestIDKeys...),
		maxDecode:  cfg.MaxDecodeBytes,
		maxItems:   cfg.MaxPageItems,
		onUnauth:   cfg.OnUnauthorized,
		refusals:   cfg.RefusalCodes,
		name:       cfg.Name,
		convert:    cfg.ConvertError,
		backoff:    cfg.BackoffHook,
		strict:     cfg.StrictDecoding,
	}
	c.ua = "esign-go/" + Version
	if ua := strings.TrimSpace(cfg.UserAgent); ua != "" {
		c.ua += " " + ua
	}

	hc := &http.Client{Timeout: 0}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	hc.CheckRedirect = c.checkRedirect(hc.CheckRedirect)

	rc := retryablehttp.NewClient()
	rc.HTTPClient = hc
	rc.Logger = nil
	if cfg.Logger != nil {
		rc.Logger = &slogAdapter{l: cfg.Logger, red: c.red}
	}
	rc.RetryMax = cfg.MaxRetries
	rc.RetryWaitMin = cfg.RetryWaitMin
	rc.RetryWaitMax = cfg.RetryWaitMax
	rc.CheckRetry = CheckRetry
	rc.Backoff = backoff(cfg.BackoffHook)
	rc.ErrorHandler = retryablehttp.PassthroughErrorHandler
	c.rc = rc
	return c, nil
}

// conv applies the provider's error conversion.
func (c *Client) conv(err error) error {
	if err == nil || c.convert == nil {
		return err
	}
	return c.convert(err)
}

// Convert applies the provider's error conversion to err (an error of this
// package made by provider code, e.g. an Invalid at a call site).
func (c *Client) Convert(err error) error { return c.conv(err) }

// namedError is an error the core makes itself: its text starts with the
// provider's name and it wraps a sentinel or a cause.
type namedError struct {
	msg string
	err error
}

func (e *namedError) Error() string { return e.msg }
func (e *namedError) Unwrap() error { return e.err }

// errorf returns an error reading "<name>: <text>" that wraps err.
func (c *Client) errorf(err error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if c == nil {
		return &namedError{msg: msg, err: err}
	}
	if c.name != "" {
		msg = c.name + ": " + msg
	}
	return &namedError{msg: c.red.String(msg), err: err}
}

// Redactor returns the client's redactor, so providers can register tokens
// obtained at run time.
func (c *Client) Redactor() *Redactor { return c.red }

// BaseURL returns a copy of the base URL.
func (c *Client) BaseURL() *url.URL { u := *c.base; return &u }

// HTTPClient returns the underlying *http.Client (with our redirect policy).
func (c *Client) HTTPClient() *http.Client { return c.rc.HTTPClient }

func (c *Client) checkRedirect(user func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		prev := via[len(via)-1]
		if prev.URL.Scheme == "https" && req.URL.Scheme != "https" {
			return fmt.Errorf("refusing redirect from https to %s", req.URL.Scheme)
		}
		if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
			if !allowsForeignRedirect(req.Context()) {
				return fmt.Errorf("refusing redirect to another host (%s)", req.URL.Host)
			}
			for _, h := range sensitiveHeaders {
				req.Header.Del(h)
			}
		}
		if user != nil {
			return user(req, via)
		}
		return nil
	}
}

// Request describes one API call.
type Request struct {
	Method string
	Path   string // relative to the base URL ("bundles/abc/") or absolute
	Query  any    // url.Values, a struct with `url` tags, or nil
	// Body is nil, *Multipart, BodyFunc (re-opened per attempt), []byte,
	// io.Reader (raw, with ContentType), or a value encoded as JSON.
	Body any
	// ContentType overrides the request content type (raw readers, forms).
	ContentType string
	Header      http.Header
	// AllowForeignRedirect lets a download follow a redirect to another host;
	// credentials are dropped on the way.
	AllowForeignRedirect bool
	// NoAuth skips the Authenticator (e.g. pre-signed download URLs).
	NoAuth bool
}

// BodyFunc is a request body that is opened afresh for every attempt, so a
// retry re-reads its source instead of buffering it. An error it returns
// means nothing was sent: the call fails with a *ValidationError.
type BodyFunc func() (io.Reader, error)

// Response wraps the *http.Response with what the SDK parsed from it.
type Response struct {
	*http.Response
	// Pagination is set for list endpoints when the provider sends it.
	Pagination *Pagination
	// RequestID is the provider's request identifier, when sent.
	RequestID string
	// RateLimit is set when the provider sends rate limit headers.
	RateLimit *RateLimit
	// Recovered is set by an exactly-once create (CreateOnce) whose answer
	// was lost (a timeout, a reset connection, a 5xx after the provider may
	// have acted) and which then found the object it had created by its
	// key: the value returned is that object, and this Response is the
	// lookup's.
	Recovered bool
	// DecodeIssues lists the values of a success answer that did not decode
	// into the SDK's types (a timestamp in an unknown shape, "None" or ""
	// for a number, a string where a list or object was expected, an
	// object where a list was expected), nil when everything decoded. Each
	// such value keeps its zero value (a Time keeps the text it could not
	// parse: Time.Raw) and everything else is decoded: no item of a list
	// page is dropped. Raw values are redacted of the client's secrets.
	// The client's logger gets one warning per such answer (method, URL,
	// count, the first paths; never the values). With strict decoding the
	// call fails instead, with a *DecodeError listing them. Iterators
	// (All) return no Response: a page's issues reach the logger only, and
	// with strict decoding the iterator yields that error and stops.
	DecodeIssues []webhook.DecodeIssue
}

// RateLimit reports the provider's rate limit headers.
type RateLimit struct {
	Limit     int
	Remaining int
	Reset     time.Time
}

// URL joins path onto the base URL. Absolute URLs are returned as is.
func (c *Client) URL(path string) (*url.URL, error) {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		u, err := url.Parse(path)
		if err != nil {
			return nil, Invalid("URL", "%v", c.red.String(err.Error()))
		}
		return u, nil
	}
	rel, err := url.Parse(strings.TrimPrefix(path, "/"))
	if err != nil {
		return nil, Invalid("path", "%v", c.red.String(err.Error()))
	}
	return c.base.ResolveReference(rel), nil
}

// Path builds a path from a format and segments, escaping each segment with
// url.PathEscape and rejecting empty ones, and "." and ".." (which would
// address another endpoint once the path is resolved). Example:
// Path("bundles/%s/send/", slug).
func Path(format string, segments ...string) (string, error) {
	args := make([]any, len(segments))
	for i, s := range segments {
		if strings.TrimSpace(s) == "" {
			return "", &ValidationError{Field: "id", Message: "must not be empty"}
		}
		if s == "." || s == ".." {
			return "", &ValidationError{Field: "id", Message: fmt.Sprintf("%q is not a valid id", s)}
		}
		args[i] = url.PathEscape(s)
	}
	return fmt.Sprintf(format, args...), nil
}

// EncodeQuery turns q (url.Values, a struct with `url` tags, or nil) into values.
func EncodeQuery(q any) (url.Values, error) {
	switch v := q.(type) {
	case nil:
		return nil, nil
	case url.Values:
		return v, nil
	}
	rv := reflect.ValueOf(q)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil
	}
	vals, err := query.Values(q)
	if err != nil {
		return nil, Invalid("query", "%v", err)
	}
	return vals, nil
}

// newHTTPRequest builds the retryable request for r; its errors are the
// core's own (not converted).
func (c *Client) newHTTPRequest(ctx context.Context, r *Request, st *callState) (*retryablehttp.Request, error) {
	if ctx == nil {
		return nil, Invalid("ctx", "must not be nil")
	}
	u, err := c.URL(r.Path)
	if err != nil {
		return nil, err
	}
	if c.auth != nil && !r.NoAuth && (!strings.EqualFold(u.Host, c.base.Host) || u.Scheme != c.base.Scheme) {
		// Never hand credentials to a host the caller did not configure
		// (an absolute "next" link, a download URL from a response body).
		return nil, Invalid("path", "absolute URL on %q is not the API host; use Download to fetch it without credentials", u.Scheme+"://"+u.Host)
	}
	vals, err := EncodeQuery(r.Query)
	if err != nil {
		return nil, err
	}
	if len(vals) > 0 {
		existing := u.Query()
		for k, vs := range vals {
			for _, v := range vs {
				existing.Add(k, v)
			}
		}
		u.RawQuery = existing.Encode()
	}

	var body any
	contentType := r.ContentType
	switch b := r.Body.(type) {
	case nil:
	case *Multipart:
		body = retryablehttp.ReaderFunc(newBodyOpener(func() (io.Reader, error) { return b.open() }))
		contentType = b.ContentType()
	case BodyFunc:
		body = retryablehttp.ReaderFunc(newBodyOpener(b))
	case []byte:
		body = b
	case io.Reader:
		body = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return nil, Invalid("body", "encoding JSON: %v", err)
		}
		body = buf
		if contentType == "" {
			contentType = "application/json"
		}
	}

	st.method, st.foreignRedirect, st.maxAttempts = r.Method, r.AllowForeignRedirect, c.rc.RetryMax+1
	req, err := retryablehttp.NewRequestWithContext(withCallState(ctx, st), r.Method, u.String(), body)
	if err != nil {
		// A raw io.Reader body is read whole here: it could not be read.
		return nil, Invalid("request", "%v", c.red.String(err.Error()))
	}
	req.Header.Set("User-Agent", c.ua)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if mp, ok := r.Body.(*Multipart); ok {
		if n, known := mp.Len(); known {
			req.ContentLength = n // else sent chunked
		}
	}
	if err := copyHeaders(req.Header, r.Header); err != nil {
		return nil, err
	}
	if err := copyHeaders(req.Header, headersFrom(ctx)); err != nil {
		return nil, err
	}
	if c.auth != nil && !r.NoAuth {
		if err := c.auth(req.Request); err != nil {
			return nil, c.authError(r.Method, u, err)
		}
	}
	return req, nil
}

// authError reports a failure of the Authenticator: an error of this
// package (a token endpoint's *APIError, *TransportError, *DecodeError...,
// about the token request) as it is, anything else as a *TransportError of
// the call.
func (c *Client) authError(method string, u *url.URL, err error) error {
	switch err.(type) {
	case *APIError, *RateLimitError, *TransportError, *DecodeError, *ValidationError:
		return err
	}
	if errors.Is(err, ErrValidation) {
		return err
	}
	return &TransportError{Method: method, URL: c.red.URL(u), Err: redactedError{msg: c.red.String(err.Error()), cause: err}}
}

// redactedError carries a cause for errors.Is while printing a redacted text.
type redactedError struct {
	msg   string
	cause error
}

func (e redactedError) Error() string { return e.msg }

// Unwrap skips *url.Error, whose text repeats the unredacted URL.
func (e redactedError) Unwrap() error {
	var ue *url.Error
	if errors.As(e.cause, &ue) {
		return ue.Err
	}
	return e.cause
}

// Send performs r and returns the raw response when the status is 2xx (or
// 3xx for requests that do not follow redirects). Non-2xx answers become
// *APIError / *RateLimitError; the body of a successful response is left
// open for the caller.
func (c *Client) Send(ctx context.Context, r *Request) (*Response, error) {
	resp, err := c.send(ctx, r)
	return resp, c.conv(err)
}

// send is Send without the error conversion.
func (c *Client) send(ctx context.Context, r *Request) (*Response, error) {
	st := &callState{}
	req, err := c.newHTTPRequest(ctx, r, st)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	httpResp, err := c.doWithDialRetries(req, st)
	if err != nil {
		if httpResp != nil && httpResp.Body != nil {
			httpResp.Body.Close()
		}
		var be *bodyError
		if errors.As(err, &be) {
			// The body could not be opened: this attempt sent nothing.
			return nil, &ValidationError{Field: "body", Message: c.red.String(be.err.Error()), Err: redactedError{msg: c.red.String(be.err.Error()), cause: be.err}}
		}
		// ctx errors come first so errors.Is(err, context.Canceled) works.
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		msg := err.Error()
		var ue *url.Error
		if errors.As(err, &ue) {
			msg = ue.Err.Error() // the URL is printed once, redacted
		}
		elapsed := time.Since(start)
		c.log(ctx, slog.LevelDebug, "request failed", r.Method, req.URL, 0, elapsed, err)
		te := &TransportError{Method: r.Method, URL: c.red.URL(req.URL), Err: redactedError{msg: c.red.String(msg), cause: err},
			Attempts: st.attempts, Elapsed: elapsed}
		te.OutcomeUnknown = ctx.Err() == nil && unsafeToRepeat(ctx, r.Method) && sentBeforeFailing(err)
		return nil, te
	}
	resp := c.newResponse(httpResp)
	c.log(ctx, slog.LevelDebug, "request", r.Method, req.URL, httpResp.StatusCode, time.Since(start), nil)
	if httpResp.StatusCode >= 200 && httpResp.StatusCode < 300 {
		return resp, nil
	}
	defer httpResp.Body.Close()
	err = c.errorFrom(r.Method, req.URL, httpResp)
	var apiErr *APIError
	if httpResp.StatusCode == http.StatusUnauthorized && c.onUnauth != nil && c.auth != nil && !r.NoAuth &&
		!(errors.As(err, &apiErr) && slices.Contains(c.refusals, apiErr.Code)) {
		c.onUnauth(httpResp.Request)
	}
	if outcomeUnknownStatus(httpResp.StatusCode) && unsafeToRepeat(ctx, r.Method) && errors.As(err, &apiErr) {
		apiErr.OutcomeUnknown = true
	}
	return resp, err
}

// doWithDialRetries runs the retrying client and, when the last attempt
// could not even connect (nothing was sent, whatever the method), tries
// again at most DialRetries times, RetryWaitMin apart, within the call's
// attempt budget: an unreachable host fails in about a second instead of
// spending the whole exponential budget.
func (c *Client) doWithDialRetries(req *retryablehttp.Request, st *callState) (*http.Response, error) {
	for dials := 0; ; dials++ {
		st.dialFailed = false
		resp, err := c.rc.Do(req)
		if err == nil || !st.dialFailed || dials >= DialRetries || st.attempts >= st.maxAttempts {
			return resp, err
		}
		if resp != nil && resp.Body != nil {
			resp.Body.Close()
		}
		if werr := c.sleep(req.Context(), dials, c.rc.RetryWaitMin); werr != nil {
			return nil, err
		}
	}
}

// sleep waits d (through the backoff hook), or until ctx ends.
func (c *Client) sleep(ctx context.Context, attempt int, d time.Duration) error {
	if c.backoff != nil {
		d = c.backoff(attempt, d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (c *Client) log(ctx context.Context, level slog.Level, msg, method string, u *url.URL, status int, d time.Duration, err error) {
	if c.logger == nil || !c.logger.Enabled(ctx, level) {
		return
	}
	attrs := []slog.Attr{slog.String("method", method), slog.String("url", c.red.URL(u)), slog.Duration("duration", d)}
	if status != 0 {
		attrs = append(attrs, slog.Int("status", status))
	}
	if err != nil {
		msg := err.Error()
		var ue *url.Error
		if errors.As(err, &ue) {
			msg = ue.Err.Error()
		}
		attrs = append(attrs, slog.String("error", c.red.String(msg)))
	}
	c.logger.LogAttrs(ctx, level, msg, attrs...)
}

func (c *Client) newResponse(r *http.Response) *Response {
	resp := &Response{Response: r}
	for _, k := range c.requestIDs {
		if v := r.Header.Get(k); v != "" {
			resp.RequestID = v
			break
		}
	}
	if c.pagination != nil {
		resp.Pagination = c.pagination(r.Header)
	}
	resp.RateLimit = parseRateLimit(r.Header)
	return resp
}

// maxResetUnix is 9999-12-31T23:59:59Z: a later X-RateLimit-Reset is
// clamped to it.
const maxResetUnix = 253402300799

func parseRateLimit(h http.Header) *RateLimit {
	lim := h.Get("X-RateLimit-Limit")
	rem := h.Get("X-RateLimit-Remaining")
	if lim == "" && rem == "" {
		return nil
	}
	rl := &RateLimit{Limit: clampedInt(lim, math.MaxInt32), Remaining: clampedInt(rem, math.MaxInt32)}
	if reset := clampedInt(h.Get("X-RateLimit-Reset"), maxResetUnix); reset > 0 {
		rl.Reset = time.Unix(int64(reset), 0)
	}
	return rl
}

// clampedInt parses a decimal header value, clamped to limit; anything that
// is not a run of digits is 0.
func clampedInt(s string, limit int64) int {
	n, _ := ClampedUint(strings.TrimSpace(s), limit)
	return int(n)
}

func (c *Client) errorFrom(method string, u *url.URL, r *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(r.Body, MaxErrorBodyBytes))
	body = c.red.Bytes(body)
	e := &APIError{StatusCode: r.StatusCode, Method: method, URL: c.red.URL(u), Body: body}
	parseErrorBody(e, body)
	if c.errDecoder != nil {
		c.errDecoder(e, r, body)
	}
	for _, k := range c.requestIDs {
		if e.RequestID != "" {
			break
		}
		e.RequestID = r.Header.Get(k)
	}
	// The body was redacted before parsing, but a secret may also appear
	// JSON-escaped and the ErrorDecoder may set anything: redact every field.
	e.Code = c.red.String(e.Code)
	e.Message = c.red.String(e.Message)
	e.Detail = c.red.String(e.Detail)
	e.RequestID = c.red.String(e.RequestID)
	for i := range e.Fields {
		e.Fields[i].Field = c.red.String(e.Fields[i].Field)
		e.Fields[i].Message = c.red.String(e.Fields[i].Message)
	}
	e.Body = c.red.Bytes(e.Body)
	if r.StatusCode == http.StatusTooManyRequests {
		// The field is what a caller waits for (time.Sleep(rl.RetryAfter)):
		// never longer than the client itself would wait.
		wait := min(ParseRetryAfter(r.Header.Get("Retry-After"), time.Now()), c.rc.RetryWaitMax)
		return &RateLimitError{APIError: e, RetryAfter: wait}
	}
	return e
}

// Do performs r and decodes a JSON success body into out (a pointer; nil
// discards the body; a *[]byte receives the raw body, at most
// MaxDecodeBytes), tolerantly: see Response.DecodeIssues. A 204 leaves out
// untouched; any other answer must hold the value out expects: an empty
// body, or a JSON null, is a *DecodeError (the call succeeded, the answer
// says nothing: not ErrOutcomeUnknown).
func (c *Client) Do(ctx context.Context, r *Request, out any) (*Response, error) {
	resp, err := c.do(ctx, r, out)
	return resp, c.conv(err)
}

// do is Do without the error conversion.
func (c *Client) do(ctx context.Context, r *Request, out any) (*Response, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return resp, err
	}
	defer resp.Body.Close()
	if out == nil || resp.StatusCode == http.StatusNoContent {
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxErrorBodyBytes))
		return resp, nil
	}
	raw, isRaw := out.(*[]byte)
	var buf []byte
	if !isRaw {
		buf = c.bodyBuffer()
	}
	body, err := c.readBody(resp.Response, buf)
	if err == nil {
		if isRaw {
			*raw = body
			return resp, nil
		}
		defer c.releaseBody(body)
		var issues []webhook.DecodeIssue
		if issues, err = c.decode(body, out); err == nil && len(issues) > 0 {
			resp.DecodeIssues = c.redactIssues(issues)
			if observe, ok := ctx.Value(observerKey{}).(func(*Response)); ok {
				observe(resp)
			}
			if c.strict {
				err = &tolerant.StrictError{Issues: resp.DecodeIssues}
			} else {
				c.warnIssues(ctx, r, resp)
			}
		}
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = ctxErr
		}
		return resp, &DecodeError{Method: r.Method, URL: c.requestURL(resp, r), Err: redactedError{msg: c.red.String(err.Error()), cause: err}}
	}
	return resp, nil
}

// readBody reads a success body whole, at most MaxDecodeBytes: into one
// allocation of the announced length when there is one.
func (c *Client) readBody(resp *http.Response, b []byte) ([]byte, error) {
	tooLarge := func() error { return fmt.Errorf("body exceeds %d bytes", c.maxDecode) }
	if resp.ContentLength > c.maxDecode {
		return nil, tooLarge()
	}
	size := 512
	if resp.ContentLength >= 0 {
		size = int(resp.ContentLength) + 1 // room for the read that sees EOF
	}
	r := &io.LimitedReader{R: resp.Body, N: c.maxDecode + 1}
	if cap(b) < size {
		b = make([]byte, 0, size)
	}
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case int64(len(b)) > c.maxDecode:
			return nil, tooLarge()
		case err == io.EOF:
			return b, nil
		case err != nil:
			return nil, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// maxPooledBody is the largest body buffer kept for the next call.
const maxPooledBody = 1 << 20

// bodyBuffer returns an empty buffer for a body that is decoded and then
// dropped (decoded values never keep the body's bytes: encoding/json's
// Unmarshaler contract).
func (c *Client) bodyBuffer() []byte {
	if p, ok := c.bodies.Get().(*[]byte); ok {
		return (*p)[:0]
	}
	return nil
}

func (c *Client) releaseBody(b []byte) {
	if cap(b) > 0 && cap(b) <= maxPooledBody {
		c.bodies.Put(&b)
	}
}

// Errors of a 2xx answer that holds no value where one was expected.
var (
	errEmptyBody = errors.New("the answer body is empty, a JSON value was expected")
	errNullBody  = errors.New("the answer body is null, a JSON object or list was expected")
)

// decode decodes the JSON body into out: item by item for list pages
// (values implementing ItemsDecoder), whole otherwise, tolerantly (see
// Response.DecodeIssues). An empty body or a bare null is an error: the
// caller asked for a value and the answer holds none (drift inside a
// well-formed answer, such as {} for an object, is tolerated).
func (c *Client) decode(body []byte, out any) ([]webhook.DecodeIssue, error) {
	switch trimmed := bytes.Trim(body, " \t\r\n"); {
	case len(trimmed) == 0:
		return nil, errEmptyBody
	case string(trimmed) == "null":
		return nil, errNullBody
	}
	if items, ok := out.(ItemsDecoder); ok {
		return DecodeItemsFrom(body, items, c.maxItems)
	}
	return tolerant.Decode(body, out, tolerant.Options{})
}

// redactIssues removes the client's secrets from issues, in place.
func (c *Client) redactIssues(issues []webhook.DecodeIssue) []webhook.DecodeIssue {
	for i := range issues {
		is := &issues[i]
		is.Path = c.red.String(is.Path)
		is.Raw = c.red.String(is.Raw)
		if is.Err != nil {
			if msg := is.Err.Error(); c.red.String(msg) != msg {
				is.Err = redactedError{msg: c.red.String(msg), cause: is.Err}
			}
		}
	}
	return issues
}

type observerKey struct{}

// ObserveDecodeIssues returns a context whose calls pass every Response
// with DecodeIssues to fn, strict or not, iterators' pages included: the
// test oracle (internal/speccheck) checks them against its excuses. fn may
// be called from the goroutines making the calls.
func ObserveDecodeIssues(ctx context.Context, fn func(*Response)) context.Context {
	return context.WithValue(ctx, observerKey{}, fn)
}

// maxLoggedPaths is how many paths the decode warning names.
const maxLoggedPaths = 5

// warnIssues logs the one warning of an answer that decoded with issues:
// the call, how many values did not decode and the first paths. Never the
// values: they may hold personal data.
func (c *Client) warnIssues(ctx context.Context, r *Request, resp *Response) {
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelWarn) {
		return
	}
	var paths []string
	for _, is := range resp.DecodeIssues {
		if is.Path != "" && len(paths) < maxLoggedPaths {
			paths = append(paths, is.Path)
		}
	}
	c.logger.LogAttrs(ctx, slog.LevelWarn, "response values did not decode (kept at their zero value)",
		slog.String("method", r.Method), slog.String("url", c.requestURL(resp, r)),
		slog.Int("count", tolerant.Count(resp.DecodeIssues)), slog.String("paths", strings.Join(paths, ", ")))
}

// requestURL is the redacted URL of the call, even when a custom transport
// left resp.Request nil.
func (c *Client) requestURL(resp *Response, r *Request) string {
	if resp != nil && resp.Response != nil && resp.Request != nil {
		return c.red.URL(resp.Request.URL)
	}
	if u, err := c.URL(r.Path); err == nil {
		return c.red.URL(u)
	}
	return ""
}

// NoBody is the T of Do for calls whose answer body is not needed: the body
// is read and discarded, never decoded.
type NoBody struct{}

// Do is the generic helper behind every endpoint method:
//
//	func (s *BundlesService) Get(ctx context.Context, slug string) (*Bundle, *Response, error) {
//		path, err := pathOf("bundles/%s/", slug)
//		if err != nil { return nil, nil, err }
//		return rest.Do[*Bundle](ctx, s.c, http.MethodGet, path, nil, nil)
//	}
//
// T may be a pointer (a new value is allocated), a slice/map/struct, or
// NoBody (the answer is discarded).
func Do[T any](ctx context.Context, c *Client, method, path string, query, body any) (T, *Response, error) {
	out, resp, err := do[T](ctx, c, &Request{Method: method, Path: path, Query: query, Body: body})
	return out, resp, c.conv(err)
}

// do is Do for a prepared request, without the error conversion.
func do[T any](ctx context.Context, c *Client, r *Request) (T, *Response, error) {
	var out T
	var target any = &out
	if _, discard := target.(*NoBody); discard {
		target = nil
	} else if rt := reflect.TypeFor[T](); rt.Kind() == reflect.Pointer {
		v := reflect.New(rt.Elem())
		out = v.Interface().(T)
		target = out
	}
	resp, err := c.do(ctx, r, target)
	if err != nil {
		var zero T
		return zero, resp, err
	}
	return out, resp, nil
}

// Stream performs r and returns the open body for the caller to read and
// close. Use it for downloads: nothing is buffered.
func (c *Client) Stream(ctx context.Context, r *Request) (io.ReadCloser, *Response, error) {
	resp, err := c.send(ctx, r)
	if err != nil {
		return nil, resp, c.conv(err)
	}
	return resp.Body, resp, nil
}
