package zigned

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/esignkit/esign/internal/rest"
)

// tokenAuth adds "Authorization: Bearer <token>" to every request. With
// client credentials the token comes from an oauth2.ReuseTokenSource, which
// fetches once, caches, and fetches again when the token is about to expire.
type tokenAuth struct {
	static   string             // NewClientWithToken
	src      oauth2.TokenSource // NewClient
	red      *rest.Redactor
	tokenURL string
}

func newStaticAuth(token string) *tokenAuth { return &tokenAuth{static: token} }

func newCredentialsAuth(clientID, clientSecret, tokenURL string, cfg *config, rc *rest.Client) *tokenAuth {
	hc := cfg.httpClient
	if hc == nil {
		hc = rc.HTTPClient()
	}
	// The token request goes through the caller's *http.Client (transport,
	// proxy, timeouts), exactly like the API calls.
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, hc)
	cc := &clientcredentials.Config{
		ClientID:     clientID,
		ClientSecret: clientSecret,
		TokenURL:     tokenURL,
		Scopes:       cfg.scopes,
		AuthStyle:    oauth2.AuthStyleInParams, // form body, as Zigned documents
	}
	// cc.Token fetches on every call; ReuseTokenSource is the only cache, so
	// WithTokenExpiryDelta really decides when the next fetch happens.
	fetch := fetchFunc(func() (*oauth2.Token, error) { return cc.Token(ctx) })
	var src oauth2.TokenSource
	if cfg.expiryDelta > 0 {
		src = oauth2.ReuseTokenSourceWithExpiry(nil, fetch, cfg.expiryDelta)
	} else {
		src = oauth2.ReuseTokenSource(nil, fetch)
	}
	return &tokenAuth{src: src, red: rc.Redactor(), tokenURL: tokenURL}
}

// fetchFunc adapts a function to oauth2.TokenSource.
type fetchFunc func() (*oauth2.Token, error)

// Token implements oauth2.TokenSource.
func (f fetchFunc) Token() (*oauth2.Token, error) { return f() }

func (a *tokenAuth) authenticate(req *http.Request) error {
	if a == nil {
		return errors.New("zigned: client has no credentials")
	}
	if a.src == nil {
		req.Header.Set("Authorization", "Bearer "+a.static)
		return nil
	}
	tok, err := a.token(req.Context())
	if err != nil {
		return a.convert(err)
	}
	a.red.Add(tok.AccessToken)
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return nil
}

// token asks the cached source for a token, giving up when ctx ends (the
// oauth2 source itself is not context-aware once built).
func (a *tokenAuth) token(ctx context.Context) (*oauth2.Token, error) {
	if ctx.Done() == nil {
		return a.src.Token()
	}
	type result struct {
		tok *oauth2.Token
		err error
	}
	ch := make(chan result, 1)
	go func() {
		t, err := a.src.Token()
		ch <- result{t, err}
	}()
	select {
	case r := <-ch:
		return r.tok, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// convert turns a token endpoint refusal (*oauth2.RetrieveError) into an
// *APIError, so a 401 from the token endpoint matches ErrUnauthorized exactly
// like a 401 from the API. Other failures are returned wrapped; the core
// reports them as a *TransportError with secrets redacted.
func (a *tokenAuth) convert(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return fmt.Errorf("zigned: fetching OAuth2 token: %w", err)
	}
	u, _ := url.Parse(a.tokenURL)
	e := &APIError{Method: http.MethodPost, URL: a.red.URL(u), Body: a.red.Bytes(re.Body)}
	var h http.Header
	if re.Response != nil {
		e.StatusCode = re.Response.StatusCode
		h = re.Response.Header
	}
	e.Code = re.ErrorCode
	e.Message = re.ErrorDescription
	// Zigned answers with its REST error shape on some failures:
	// {"status":"error","error":{"code":401,"message":..,"request_id":..}}.
	var zerr struct {
		Error struct {
			Message   string `json:"message"`
			RequestID string `json:"request_id"`
		} `json:"error"`
		Message string `json:"message"`
	}
	if json.Unmarshal(e.Body, &zerr) == nil {
		if e.Message == "" {
			e.Message = zerr.Error.Message
		}
		if e.Message == "" {
			e.Message = zerr.Message
		}
		e.RequestID = zerr.Error.RequestID
	}
	if e.RequestID == "" && h != nil {
		e.RequestID = h.Get("X-Request-Id")
	}
	e.Message = a.red.String(e.Message)
	if e.Message == "" && e.Code == "" {
		e.Message = "token request refused"
	}
	if e.StatusCode == http.StatusTooManyRequests {
		var after time.Duration
		if h != nil {
			after = rest.ParseRetryAfter(h.Get("Retry-After"), time.Now())
		}
		return &RateLimitError{APIError: e, RetryAfter: after}
	}
	return e
}
