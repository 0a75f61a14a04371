package rest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

// A token answer is read tolerantly: odd expires_in values give a usable
// lifetime, clamped to MaxTokenLifetime, never an error or a token that is
// already expired.
func TestParseTokenAnswer(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	const fallback = 45 * time.Minute
	for _, tc := range []struct {
		expires string // the expires_in member ("" for none)
		want    time.Duration
	}{
		{`3600`, time.Hour},
		{`"3600"`, time.Hour},
		{`90.5`, 90500 * time.Millisecond},
		{`1e30`, MaxTokenLifetime},
		{`1e400`, MaxTokenLifetime},
		{`99999999999999999999999`, MaxTokenLifetime},
		{`"1e30"`, MaxTokenLifetime},
		{`-5`, fallback},
		{`0`, fallback},
		{`null`, fallback},
		{`""`, fallback},
		{`"soon"`, fallback},
		{`"NaN"`, fallback},
		{`{"s": 1}`, fallback},
		{`[3600]`, fallback},
		{``, fallback},
	} {
		body := `{"access_token": "tok-1", "token_type": "bearer", "scope": "a b"`
		if tc.expires != "" {
			body += `, "expires_in": ` + tc.expires
		}
		body += `}`
		tok, err := ParseTokenAnswer([]byte(body), now, fallback)
		if err != nil {
			t.Fatalf("expires_in %s: %v", tc.expires, err)
		}
		equal(t, "expiry for expires_in "+tc.expires, tok.Expiry, now.Add(tc.want))
		equal(t, "token", tok.AccessToken, "tok-1")
		equal(t, "type", tok.TokenType, "Bearer")
		equal(t, "scope", tok.Extra("scope"), any("a b"))
	}

	tok, err := ParseTokenAnswer([]byte("access_token=tok-2&expires_in=1e30&token_type=bearer"), now, fallback)
	if err != nil {
		t.Fatalf("form answer: %v", err)
	}
	equal(t, "form token", tok.AccessToken, "tok-2")
	equal(t, "form expiry", tok.Expiry, now.Add(MaxTokenLifetime))

	for _, body := range []string{``, `null`, `[]`, `<html>busy</html>`, `{}`, `{"access_token": ""}`, `{"access_token": 7}`, `{"token_type": "Bearer"}`} {
		if _, err := ParseTokenAnswer([]byte(body), now, fallback); err == nil {
			t.Errorf("%q: no error", body)
		}
	}
}

// GrantToken sends a form grant as a form and anything else as JSON,
// without credentials in headers, retries it like an idempotent request
// and reports an answer that is no token as a *DecodeError.
func TestGrantToken(t *testing.T) {
	var hits atomic.Int32
	var gotType, gotAuth, gotBody string
	answer := `{"access_token": "tok-abc", "expires_in": 1e30}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		b, _ := io.ReadAll(r.Body)
		gotType, gotAuth, gotBody = r.Header.Get("Content-Type"), r.Header.Get("Authorization"), string(b)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, answer)
	}))
	defer srv.Close()
	c, _ := newClient(t, srv.URL+"/oauth/token", nil)
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	clock := func() time.Time { return now }

	tok, err := GrantToken(c, srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"id"}}, clock, time.Hour)
	if err != nil {
		t.Fatalf("form grant: %v", err)
	}
	equal(t, "attempts (a 503 is retried: a grant is safe to repeat)", hits.Load(), int32(2))
	equal(t, "content type", gotType, "application/x-www-form-urlencoded")
	equal(t, "body", gotBody, "client_id=id&grant_type=client_credentials")
	equal(t, "authorization", gotAuth, "")
	equal(t, "expiry", tok.Expiry, now.Add(MaxTokenLifetime))

	hits.Store(1) // no more 503
	if _, err := GrantToken(c, srv.URL+"/oauth/token", map[string]string{"grant_type": "client_credentials"}, clock, time.Hour); err != nil {
		t.Fatalf("JSON grant: %v", err)
	}
	equal(t, "content type", gotType, "application/json")
	var sent map[string]string
	if err := json.Unmarshal([]byte(gotBody), &sent); err != nil || sent["grant_type"] != "client_credentials" {
		t.Fatalf("JSON body %q", gotBody)
	}

	answer = `<html>maintenance</html>`
	_, err = GrantToken(c, srv.URL+"/oauth/token", url.Values{}, clock, time.Hour)
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("err = %v, want a *DecodeError", err)
	}
	equal(t, "method", de.Method, http.MethodPost)
	equal(t, "url", de.URL, srv.URL+"/oauth/token")
}
