package zigned

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/esignkit/esign/internal/rest"
)

// Token lifetimes read from the token endpoint's answers.
const (
	// DefaultTokenLifetime is assumed when a token answer carries no
	// usable expires_in (missing, zero, negative, not a number): Zigned's
	// token spec documents expires_in but no lifetime, and an hour is the
	// usual one for client credentials (zignedtest issues such tokens). A
	// token the API refuses with 401 before then is replaced on the next
	// call anyway.
	DefaultTokenLifetime = time.Hour
	// MaxTokenLifetime bounds the lifetime read from a token answer: a
	// larger expires_in (even 1e30) is clamped to it.
	MaxTokenLifetime = rest.MaxTokenLifetime
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

func newCredentialsAuth(clientID, clientSecret, tokenURL string, cfg *config, rc *rest.Client) (*tokenAuth, error) {
	// The token request goes through the shared core, with the API calls'
	// settings: the caller's transport, the retry policy (a token grant is
	// safe to repeat, so 5xx and dropped connections are retried too),
	// logging, redaction. Its own core client has no Authenticator, reads
	// both error shapes the endpoint answers with (Zigned's and OAuth's)
	// and leaves its errors the core's: the API client that asked for the
	// token converts them, once.
	trc, err := rest.NewTokenClient(cfg.Settings, "zigned", tokenURL, clientSecret, func(e *rest.APIError, r *http.Response, body []byte) {
		decodeErrorBody(e, r, body)
		rest.DecodeOAuthError(e, r, body)
	})
	if err != nil {
		return nil, err
	}
	grant := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}
	if len(cfg.Scopes) > 0 {
		grant.Set("scope", strings.Join(cfg.Scopes, " "))
	}
	// rest.GrantToken fetches on every call; ReuseTokenSource is the only
	// cache, so WithTokenExpiryDelta really decides when the next fetch
	// happens.
	a := &tokenAuth{red: rc.Redactor(), tokenURL: tokenURL}
	fetch := fetchFunc(func() (*oauth2.Token, error) {
		tok, err := rest.GrantToken(trc, tokenURL, grant, time.Now, DefaultTokenLifetime)
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
	a.bearer = rest.BearerAuth(cache, a.red, nil)
	return a, nil
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
