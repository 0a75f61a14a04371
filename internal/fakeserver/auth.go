package fakeserver

import (
	"crypto/subtle"
	"encoding/json"
	"mime"
	"net/http"
	"strings"
	"time"
)

// Auth checks the credentials of an API request (under the lock); nil
// means authorized, an *Error (usually 401) is the answer otherwise.
type Auth func(c *Call) *Error

func unauthorized(msg string) *Error {
	return &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: msg}
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// Scheme accepts "Authorization: <scheme> <credential>" (the scheme is
// case-insensitive): BlueInk's "Token <key>", Legalesign's
// "ApiKey <user>:<secret>".
func Scheme(scheme, credential string) Auth {
	return func(c *Call) *Error {
		got, ok := cutScheme(c.Req.Header.Get("Authorization"), scheme)
		switch {
		case !ok:
			return unauthorized("Authentication credentials were not provided.")
		case !equal(got, credential):
			return unauthorized("Invalid credentials.")
		}
		return nil
	}
}

func cutScheme(h, scheme string) (string, bool) {
	if len(h) <= len(scheme) || !strings.EqualFold(h[:len(scheme)], scheme) || h[len(scheme)] != ' ' {
		return "", false
	}
	return strings.TrimSpace(h[len(scheme)+1:]), true
}

// Bearer accepts "Authorization: Bearer <token>" with a token the server
// issued (Tokens) that has not expired, or one of static.
func Bearer(static ...string) Auth {
	return func(c *Call) *Error {
		tok, ok := cutScheme(c.Req.Header.Get("Authorization"), "Bearer")
		if !ok || tok == "" {
			return unauthorized("Missing access token")
		}
		for _, st := range static {
			if st != "" && equal(tok, st) {
				return nil
			}
		}
		if !c.Tokens().Valid(c, tok) {
			return unauthorized("Invalid or expired access token")
		}
		return nil
	}
}

// Tokens are the access tokens a server issued (used under the lock).
type Tokens struct {
	issued map[string]time.Time
	grants int
}

// Issue makes a token starting with prefix, valid for ttl.
func (t *Tokens) Issue(c *Call, prefix string, ttl time.Duration) string {
	t.grants++
	tok := prefix + c.Token(24, "")
	t.issued[tok] = c.Now().Add(ttl)
	return tok
}

// Valid reports whether tok was issued and has not expired.
func (t *Tokens) Valid(c *Call, tok string) bool {
	exp, ok := t.issued[tok]
	return ok && c.Now().Before(exp)
}

// Revoke forgets tok; it reports whether tok was known.
func (t *Tokens) Revoke(tok string) bool {
	_, ok := t.issued[tok]
	delete(t.issued, tok)
	return ok
}

// Expire forgets every issued token.
func (t *Tokens) Expire() { clear(t.issued) }

// Grants is how many tokens were issued.
func (t *Tokens) Grants() int { return t.grants }

// Tokens runs f with the server's tokens under the lock.
func (s *Server) Tokens(f func(t *Tokens)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.tokens)
}

// ClientCredentials is an OAuth2 token endpoint for the client credentials
// grant, answering {"access_token", "token_type": "Bearer", "expires_in"
// [, "scope"]} and OAuth errors {"error", "error_description"}.
type ClientCredentials struct {
	// Path is where it is served ("/oauth/token").
	Path                   string
	ClientID, ClientSecret string
	// TTL is the lifetime of issued tokens.
	TTL time.Duration
	// JSON reads a JSON body (Signeasy) instead of a form body with the
	// client in the form or in basic authentication (Zigned).
	JSON bool
	// Audience, when set, must be the body's "audience" (403 otherwise).
	Audience string
	// BadClient is the error code for wrong credentials (default
	// "invalid_client").
	BadClient string
	// Prefix starts every issued token; Scope, when set, is answered.
	Prefix, Scope string
}

// Route returns the endpoint as a mount.
func (cc ClientCredentials) Route() Route {
	return Route{Method: http.MethodPost, Path: cc.Path, Handle: cc.handle}
}

func oauthError(status int, code, desc string) Reply {
	return JSON(status, map[string]string{"error": code, "error_description": desc})
}

func (cc ClientCredentials) handle(c *Call) Reply {
	var id, secret, grant, audience string
	if cc.JSON {
		if mt, _, _ := mime.ParseMediaType(c.Req.Header.Get("Content-Type")); mt != "application/json" {
			return oauthError(http.StatusBadRequest, "invalid_request", "expected a JSON body")
		}
		var req struct {
			ClientID     string `json:"client_id"`
			ClientSecret string `json:"client_secret"`
			Audience     string `json:"audience"`
			GrantType    string `json:"grant_type"`
		}
		if err := json.Unmarshal(c.Body, &req); err != nil {
			return oauthError(http.StatusBadRequest, "invalid_request", "malformed JSON body")
		}
		id, secret, grant, audience = req.ClientID, req.ClientSecret, req.GrantType, req.Audience
	} else {
		if err := c.Req.ParseForm(); err != nil {
			return oauthError(http.StatusBadRequest, "invalid_request", err.Error())
		}
		f := c.Req.PostForm
		id, secret, grant, audience = f.Get("client_id"), f.Get("client_secret"), f.Get("grant_type"), f.Get("audience")
		if id == "" {
			id, secret, _ = c.Req.BasicAuth()
		}
	}
	badClient := cc.BadClient
	if badClient == "" {
		badClient = "invalid_client"
	}
	switch {
	case grant != "client_credentials":
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials")
	case !equal(id, cc.ClientID) || !equal(secret, cc.ClientSecret):
		return oauthError(http.StatusUnauthorized, badClient, "Client authentication failed")
	case cc.Audience != "" && audience != cc.Audience:
		return oauthError(http.StatusForbidden, "access_denied", "Service not found: "+audience)
	}
	tok := c.Tokens().Issue(c, cc.Prefix, cc.TTL)
	out := map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": int64(cc.TTL / time.Second)}
	if cc.Scope != "" {
		out["scope"] = cc.Scope
	}
	return JSON(http.StatusOK, out)
}
