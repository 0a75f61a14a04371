package rest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
)

// TokenFetchTimeout bounds one token request, retries included. A token
// source is shared by concurrent calls and takes no context, so the fetch
// cannot follow any one caller's ctx; each caller still stops waiting when
// its own ctx ends (see BearerAuth).
const TokenFetchTimeout = 30 * time.Second

type safeRetriesKey struct{}

// WithSafeRetries marks the requests made with ctx as free of effects that
// a repeat would duplicate, whatever their method: they are retried on 408,
// 5xx and transport errors like idempotent methods. An OAuth2 token grant
// is such a request (a POST that only issues a token).
func WithSafeRetries(ctx context.Context) context.Context {
	return context.WithValue(ctx, safeRetriesKey{}, true)
}

func safeRetries(ctx context.Context) bool {
	ok, _ := ctx.Value(safeRetriesKey{}).(bool)
	return ok
}

// StandardClient returns an *http.Client whose requests go through the
// client's retry policy, backoff, logging and redirect rules, for libraries
// that take an *http.Client (golang.org/x/oauth2). It adds no credentials
// and no User-Agent; combine it with WithSafeRetries for POSTs that may be
// repeated. Each request's method is recorded in its context, so transport
// errors are retried by the same rules as Send's: for idempotent methods
// and WithSafeRetries only. Redirects are handled (and refused across
// hosts) by the inner client only.
func (c *Client) StandardClient() *http.Client {
	return &http.Client{
		Transport:     callStateTransport{c: c, next: &retryablehttp.RoundTripper{Client: c.rc}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// callStateTransport gives each request its own call state (method and
// attempt budget) for CheckRetry, which receives no request when the
// transport fails, and runs the same short dial retries as Send.
type callStateTransport struct {
	c    *Client
	next http.RoundTripper
}

func (t callStateTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	st := callStateFrom(req.Context())
	if st == nil {
		st = &callState{method: req.Method, maxAttempts: t.c.rc.RetryMax + 1}
		req = req.WithContext(withCallState(req.Context(), st))
	}
	for dials := 0; ; dials++ {
		st.dialFailed = false
		resp, err := t.next.RoundTrip(req)
		if err != nil && resp != nil {
			// A refused redirect comes back with the redirect's response
			// and an error. An http.RoundTripper returns one or the other:
			// net/http logs "RoundTripper returned a response & error" to
			// the global log otherwise.
			if resp.Body != nil {
				resp.Body.Close()
			}
			resp = nil
		}
		if err == nil || !st.dialFailed || dials >= DialRetries || st.attempts >= st.maxAttempts || req.GetBody == nil && req.Body != nil {
			return resp, err
		}
		if werr := t.c.sleep(req.Context(), dials, t.c.rc.RetryWaitMin); werr != nil {
			return nil, err
		}
		if req.GetBody != nil {
			body, gerr := req.GetBody()
			if gerr != nil {
				return nil, err
			}
			req = req.Clone(req.Context())
			req.Body = body
		}
	}
}

// BearerAuth returns an Authenticator that adds "Authorization: Bearer
// <token>" with a token from src (typically an oauth2.ReuseTokenSource, so
// the token is fetched once and shared). Every token is registered with red
// before it is sent. The call waits for the token only as long as the
// request's context lives; a fetch already under way carries on for the
// other callers. convert, when not nil, maps a fetch error (e.g. an
// *oauth2.RetrieveError into an *APIError).
func BearerAuth(src oauth2.TokenSource, red *Redactor, convert func(error) error) Authenticator {
	return func(req *http.Request) error {
		tok, err := tokenWithContext(req.Context(), src)
		if err != nil {
			if convert != nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				return convert(err)
			}
			return err
		}
		if tok == nil || tok.AccessToken == "" {
			return errors.New("token source returned no access token")
		}
		red.Add(tok.AccessToken)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	}
}

// tokenWithContext asks src for a token, giving up when ctx ends.
func tokenWithContext(ctx context.Context, src oauth2.TokenSource) (*oauth2.Token, error) {
	if ctx.Done() == nil {
		return src.Token()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	ch := make(chan result, 1) // buffered: an abandoned fetch never blocks
	go func() {
		t, err := src.Token()
		ch <- result{t, err}
	}()
	select {
	case r := <-ch:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TokenCache is an oauth2.TokenSource over a replaceable cached source
// (typically an oauth2.ReuseTokenSource) that can be told a token was
// refused: the cache is then dropped, so the next call fetches a new token
// instead of failing until the refused one would have expired. Wire its
// RefusedRequest to Config.OnUnauthorized.
type TokenCache struct {
	newSource func() oauth2.TokenSource

	mu   sync.Mutex
	src  oauth2.TokenSource
	last string // the last token handed out by src
}

// NewTokenCache returns a cache whose source is made by newSource, again
// after every refusal.
func NewTokenCache(newSource func() oauth2.TokenSource) *TokenCache {
	return &TokenCache{newSource: newSource, src: newSource()}
}

// Token implements oauth2.TokenSource. The fetch never runs under the
// cache's lock.
func (c *TokenCache) Token() (*oauth2.Token, error) {
	c.mu.Lock()
	src := c.src
	c.mu.Unlock()
	tok, err := src.Token()
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.src == src {
		c.last = tok.AccessToken
	}
	c.mu.Unlock()
	return tok, nil
}

// Refused drops the cached token when it is accessToken (or, when the
// refused token is unknown, whatever is cached). A token fetched meanwhile
// by another call is kept.
func (c *TokenCache) Refused(accessToken string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if accessToken == "" || accessToken == c.last {
		c.src, c.last = c.newSource(), ""
	}
}

// RefusedRequest is Refused for the bearer token req carried; it has the
// signature of Config.OnUnauthorized.
func (c *TokenCache) RefusedRequest(req *http.Request) {
	var tok string
	if req != nil {
		tok, _ = strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	}
	c.Refused(tok)
}

// MaxTokenLifetime bounds the lifetime read from a token answer: a larger
// expires_in (even 1e30) is a year, never an overflow into a negative
// duration that would fetch a token on every call.
const MaxTokenLifetime = 365 * 24 * time.Hour

// MaxTokenAnswerBytes is the MaxDecodeBytes of a token endpoint's core
// client: a token answer is small.
const MaxTokenAnswerBytes = 64 << 10

// NewTokenClient returns the core client of a provider's token endpoint,
// for GrantToken: the API client's settings (the caller's transport, the
// retry policy, logging) with tokenURL as its base, secret redacted, no
// Authenticator, no ConvertError (the API client that asked for the token
// converts its errors, once, on the way out), decode reading the
// endpoint's error bodies (DecodeOAuthError, or a provider's own shapes
// followed by it) and answers bounded by MaxTokenAnswerBytes.
func NewTokenClient(s Settings, name, tokenURL, secret string, decode ErrorDecoder) (*Client, error) {
	s.BaseURL = tokenURL
	return New(Config{Settings: s, Name: name, Secrets: []string{secret}, ErrorDecoder: decode, MaxDecodeBytes: MaxTokenAnswerBytes})
}

// GrantToken runs an OAuth2 token grant (client credentials) through c,
// the token endpoint's own core client (NewTokenClient): a
// POST of grant to tokenURL, a form when grant is url.Values (Zigned), JSON
// otherwise (Signeasy). The grant is safe to repeat, so 5xx answers and
// dropped connections are retried as for idempotent requests; the fetch is
// bounded by TokenFetchTimeout. A refusal is c's *APIError
// (*RateLimitError for 429); an answer that is not a token is a
// *DecodeError. The answer is read by ParseTokenAnswer, expiries counted
// from now().
func GrantToken(c *Client, tokenURL string, grant any, now func() time.Time, fallback time.Duration) (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(WithSafeRetries(context.Background()), TokenFetchTimeout)
	defer cancel()
	r := &Request{Method: http.MethodPost, Path: tokenURL, Body: grant, NoAuth: true}
	if form, ok := grant.(url.Values); ok {
		r.Body, r.ContentType = []byte(form.Encode()), "application/x-www-form-urlencoded"
	}
	var body []byte
	if _, err := c.Do(ctx, r, &body); err != nil {
		return nil, err
	}
	tok, err := ParseTokenAnswer(body, now(), fallback)
	if err != nil {
		u, _ := url.Parse(tokenURL)
		return nil, &DecodeError{Method: http.MethodPost, URL: c.red.URL(u), Err: err}
	}
	return tok, nil
}

// ParseTokenAnswer reads an OAuth2 token endpoint's success answer
// ({"access_token", "token_type", "expires_in", "scope"}, RFC 6749 §5.1),
// tolerantly, into a Bearer token expiring at now plus its lifetime:
//
//   - access_token is required (a non-empty string);
//   - expires_in may be a JSON number in any form (3600, 3600.5, 1e30) or
//     a string holding one; above MaxTokenLifetime it is clamped to it;
//     missing, null, zero, negative or unreadable, the token lives
//     fallback;
//   - token_type is not checked (the token is sent as Bearer) and a scope
//     string is kept as the token's "scope" extra; other members and
//     members of other types are ignored;
//   - a form-encoded answer (access_token=...&expires_in=...) is read the
//     same way.
//
// Its errors never quote the body (it holds the token).
func ParseTokenAnswer(body []byte, now time.Time, fallback time.Duration) (*oauth2.Token, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(body, &m); err != nil || m == nil {
		if m = formAnswer(body); m == nil {
			return nil, errors.New("the token answer is not a JSON object")
		}
	}
	var access, scope string
	if json.Unmarshal(m["access_token"], &access) != nil || strings.TrimSpace(access) == "" {
		return nil, errors.New("the token answer has no access_token")
	}
	ttl := fallback
	if d, ok := tokenLifetime(m["expires_in"]); ok {
		ttl = d
	}
	tok := &oauth2.Token{AccessToken: access, TokenType: "Bearer", Expiry: now.Add(ttl)}
	if json.Unmarshal(m["scope"], &scope) == nil && scope != "" {
		tok = tok.WithExtra(map[string]any{"scope": scope})
	}
	return tok, nil
}

// formAnswer reads a form-encoded token answer (access_token=...&
// expires_in=..., as some endpoints send and golang.org/x/oauth2 accepts)
// as the JSON members it stands for; nil unless it has an access_token.
func formAnswer(body []byte) map[string]json.RawMessage {
	vals, err := url.ParseQuery(string(bytes.TrimSpace(body)))
	if err != nil || vals.Get("access_token") == "" {
		return nil
	}
	m := make(map[string]json.RawMessage, 3)
	for _, k := range []string{"access_token", "expires_in", "scope"} {
		if v := vals.Get(k); v != "" {
			m[k], _ = json.Marshal(v)
		}
	}
	return m
}

// tokenLifetime reads expires_in: a positive number of seconds, or a
// string holding one, clamped to MaxTokenLifetime.
func tokenLifetime(raw json.RawMessage) (time.Duration, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0, false
		}
		raw = []byte(s)
	}
	if len(raw) == 0 || len(raw) > 64 {
		return 0, false
	}
	return ParseSeconds(string(raw), MaxTokenLifetime)
}

// DecodeOAuthError reads the OAuth error shape {"error": code,
// "error_description": text} (RFC 6749 §5.2) that token endpoints answer
// with: a code without spaces becomes Code, the description Message. Any
// other body leaves e as it is. Providers run it after their own decoder
// for their token endpoint's answers.
func DecodeOAuthError(e *APIError, _ *http.Response, body []byte) {
	var m struct {
		Error       json.RawMessage `json:"error"`
		Description json.RawMessage `json:"error_description"`
	}
	if json.Unmarshal(body, &m) != nil {
		return
	}
	var code, desc string
	if json.Unmarshal(m.Error, &code) == nil && code != "" && !strings.ContainsAny(code, " \t") {
		e.Code = code
		if json.Unmarshal(m.Description, &desc) == nil && desc != "" {
			e.Message = desc
		} else if e.Message == code {
			e.Message = ""
		}
	}
}
