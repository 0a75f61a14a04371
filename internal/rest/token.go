package rest

import (
	"context"
	"errors"
	"net/http"
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
