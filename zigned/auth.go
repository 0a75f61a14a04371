package zigned

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/esignkit/esign/internal/rest"
)

// tokenAuth adds "Authorization: Bearer <token>" to every request. With
// client credentials the token comes from an oauth2.ReuseTokenSource, which
// fetches once, caches, and fetches again when the token is about to expire.
// When the API refuses a cached token with 401 (revoked, or forgotten by the
// server before its expiry), the cache is dropped so that the next call
// fetches a new token instead of failing until the token would expire.
type tokenAuth struct {
	static   string             // NewClientWithToken
	bearer   rest.Authenticator // NewClient
	cache    *rest.TokenCache   // NewClient
	red      *rest.Redactor
	tokenURL string
	urlErr   error // why a static client has no token URL (RevokeToken reports it)

	mu   sync.Mutex
	held string // the last token fetched (NewClient), "" once dropped
}

func newStaticAuth(token, tokenURL string, urlErr error) *tokenAuth {
	return &tokenAuth{static: token, tokenURL: tokenURL, urlErr: urlErr}
}

func newCredentialsAuth(clientID, clientSecret, tokenURL string, cfg *config, rc *rest.Client) *tokenAuth {
	// The token request goes through the same core as the API calls: the
	// caller's transport, the retry policy (a token grant is safe to repeat,
	// so 5xx and dropped connections are retried too), logging, redaction.
	base := context.WithValue(rest.WithSafeRetries(context.Background()), oauth2.HTTPClient, rc.StandardClient())
	cc := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     tokenURL,
		Scopes:       cfg.Scopes,
		AuthStyle:    oauth2.AuthStyleInParams, // form body, as Zigned documents
	}
	// cc.Token fetches on every call; ReuseTokenSource is the only cache, so
	// WithTokenExpiryDelta really decides when the next fetch happens.
	a := &tokenAuth{red: rc.Redactor(), tokenURL: tokenURL}
	fetch := fetchFunc(func() (*oauth2.Token, error) {
		ctx, cancel := context.WithTimeout(base, rest.TokenFetchTimeout)
		defer cancel()
		tok, err := cc.Token(ctx)
		if err == nil {
			a.mu.Lock()
			a.held = tok.AccessToken
			a.mu.Unlock()
		}
		return tok, err
	})
	cache := rest.NewTokenCache(func() oauth2.TokenSource {
		if cfg.expiryDelta > 0 {
			return oauth2.ReuseTokenSourceWithExpiry(nil, fetch, cfg.expiryDelta)
		}
		return oauth2.ReuseTokenSource(nil, fetch)
	})
	a.cache = cache
	a.bearer = rest.BearerAuth(cache, a.red, a.convert)
	return a
}

// refused is told about every 401 answer to an authenticated call.
func (a *tokenAuth) refused(req *http.Request) {
	if a != nil && a.cache != nil {
		a.cache.RefusedRequest(req)
	}
}

// current is the token the client holds: its static token, or the last
// one fetched ("" when none was, or it was revoked).
func (a *tokenAuth) current() string {
	if a.cache == nil {
		return a.static
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.held
}

// revoked forgets token when the client holds it, so the next call fetches
// a new one.
func (a *tokenAuth) revoked(token string) {
	if a.cache == nil {
		return
	}
	a.mu.Lock()
	if a.held == token {
		a.held = ""
	}
	a.mu.Unlock()
	a.cache.Refused(token)
}

// RevokeToken revokes an OAuth2 access token with Zigned's token endpoint
// (DELETE /oauth/token/{token}, next to the token URL; no credentials are
// sent). With token "" it revokes the token the client holds:
//
//   - a client with credentials (NewClient) revokes its cached token and
//     drops it, so its next call fetches a new one; when it has fetched
//     none yet, nothing is sent and RevokeToken returns nil, nil;
//   - a client with a fixed token (NewClientWithToken) revokes that token:
//     every later call fails with ErrUnauthorized.
//
// A token Zigned does not know is refused with 400 (ErrBadRequest). The
// token is registered with the client's redaction before anything is
// sent, so it appears in no error or log line.
func (c *Client) RevokeToken(ctx context.Context, token string) (*Response, error) {
	a := c.auth
	if token == "" {
		if token = a.current(); token == "" {
			return nil, nil
		}
	}
	if a.urlErr != nil {
		return nil, fromCore(a.urlErr)
	}
	c.rc.Redactor().Add(token)
	resp, err := c.rc.Do(ctx, &rest.Request{Method: http.MethodDelete, NoAuth: true,
		Path: strings.TrimSuffix(a.tokenURL, "/") + "/" + url.PathEscape(token)}, nil)
	if err == nil {
		a.revoked(token)
	}
	return resp, err
}

// fetchFunc adapts a function to oauth2.TokenSource.
type fetchFunc func() (*oauth2.Token, error)

// Token implements oauth2.TokenSource.
func (f fetchFunc) Token() (*oauth2.Token, error) { return f() }

func (a *tokenAuth) authenticate(req *http.Request) error {
	if a == nil {
		return errors.New("the client has no credentials")
	}
	if a.bearer == nil {
		req.Header.Set("Authorization", "Bearer "+a.static)
		return nil
	}
	return a.bearer(req)
}

// convert turns a token endpoint refusal (*oauth2.RetrieveError) into the
// core's *APIError, decoded like an API error body, so a 401 from the token
// endpoint matches ErrUnauthorized exactly like a 401 from the API. Other
// failures are returned wrapped; the core reports them as a
// *TransportError with secrets redacted.
func (a *tokenAuth) convert(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return fmt.Errorf("fetching OAuth2 token: %w", err)
	}
	u, _ := url.Parse(a.tokenURL)
	e := &rest.APIError{Method: http.MethodPost, URL: a.red.URL(u), Body: a.red.Bytes(re.Body)}
	var h http.Header
	if re.Response != nil {
		e.StatusCode = re.Response.StatusCode
		h = re.Response.Header
	}
	e.Code, e.Message = re.ErrorCode, re.ErrorDescription
	decodeErrorBody(e, re.Response, e.Body)
	if e.RequestID == "" && h != nil {
		e.RequestID = h.Get("X-Request-Id")
	}
	e.Code, e.Message, e.RequestID = a.red.String(e.Code), a.red.String(e.Message), a.red.String(e.RequestID)
	if e.Message == "" && e.Code == "" {
		e.Message = "token request refused"
	}
	if e.StatusCode == http.StatusTooManyRequests {
		var after time.Duration
		if h != nil {
			after = rest.ParseRetryAfter(h.Get("Retry-After"), time.Now())
		}
		return &rest.RateLimitError{APIError: e, RetryAfter: after}
	}
	return e
}
