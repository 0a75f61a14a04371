package rest

import (
	"net/url"
	"strings"
	"sync"
)

// Redacted replaces every secret in errors and log lines.
const Redacted = "[REDACTED]"

// sensitiveParams are query parameter names whose values are always redacted.
var sensitiveParams = map[string]bool{
	"token": true, "access_token": true, "refresh_token": true, "id_token": true,
	"api_key": true, "apikey": true, "key": true, "secret": true, "client_secret": true,
	"password": true, "signature": true, "sig": true, "code": true, "auth": true,
}

// sensitiveHeaders are never logged and are removed on cross-host redirects.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key"}

// Redactor removes known secret values and sensitive query parameters from
// strings. The zero value redacts only query parameters.
type Redactor struct {
	mu      sync.RWMutex
	secrets []string
}

// NewRedactor returns a Redactor for the given secrets. Secrets shorter than
// four bytes are ignored: replacing them would mangle ordinary text.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		r.Add(s)
	}
	return r
}

// Add registers another secret value (e.g. a freshly fetched token).
func (r *Redactor) Add(secret string) {
	if len(secret) < 4 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.secrets {
		if s == secret {
			return
		}
	}
	r.secrets = append(r.secrets, secret)
}

// String redacts s.
func (r *Redactor) String(s string) string {
	if r != nil {
		r.mu.RLock()
		defer r.mu.RUnlock()
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Redacted)
			}
		}
	}
	return s
}

// Bytes redacts b, returning b itself when nothing changed.
func (r *Redactor) Bytes(b []byte) []byte {
	if r == nil {
		return b
	}
	s := string(b)
	if out := r.String(s); out != s {
		return []byte(out)
	}
	return b
}

// URL renders u with user info dropped and sensitive query values redacted.
func (r *Redactor) URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	if c.RawQuery != "" {
		q := c.Query()
		changed := false
		for k := range q {
			if sensitiveParams[strings.ToLower(k)] {
				q[k] = []string{Redacted}
				changed = true
			}
		}
		if changed {
			c.RawQuery = q.Encode()
		}
	}
	return r.String(c.String())
}
