package rest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"sort"
	"strconv"
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
	// Presigned storage URLs (S3, GCS) carry their signature in these.
	"x-amz-signature": true, "x-amz-credential": true, "x-amz-security-token": true,
	"x-goog-signature": true, "x-goog-credential": true, "googleaccessid": true,
}

// sensitiveParamText finds `?name=value` / `&name=value` pairs of sensitive
// parameters inside free text (error messages of net/http and
// go-retryablehttp embed whole URLs). Built from sensitiveParams.
var sensitiveParamText = func() *regexp.Regexp {
	names := make([]string, 0, len(sensitiveParams))
	for k := range sensitiveParams {
		names = append(names, regexp.QuoteMeta(k))
	}
	sort.Sort(sort.Reverse(sort.StringSlice(names)))
	return regexp.MustCompile(`(?i)([?&;](?:` + strings.Join(names, "|") + `)=)[^&\s"'#;,<>)\]]+`)
}()

// sensitiveHeaders are never logged and are removed on cross-host redirects.
var sensitiveHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Api-Key"}

// Redactor removes known secret values and sensitive query parameters from
// strings. The zero value redacts only query parameters. It is safe for
// concurrent use; secrets may be added at any time (tokens fetched at run
// time).
type Redactor struct {
	mu      sync.RWMutex
	secrets []string // with their encoded forms, longest first
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

// Add registers another secret value (e.g. a freshly fetched token). Its
// URL-escaped and JSON-escaped forms are registered too, so the secret is
// also found inside URLs and JSON bodies.
func (r *Redactor) Add(secret string) {
	if r == nil || len(secret) < 4 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, v := range variants(secret) {
		dup := false
		for _, s := range r.secrets {
			if s == v {
				dup = true
				break
			}
		}
		if !dup {
			r.secrets = append(r.secrets, v)
		}
	}
	// Longest first, so a secret containing another is replaced whole.
	sort.SliceStable(r.secrets, func(i, j int) bool { return len(r.secrets[i]) > len(r.secrets[j]) })
}

// variants returns secret and the forms it takes once escaped in a URL, a
// JSON string (with or without HTML escaping, with or without escaped
// slashes) or a Go-quoted string (%q, strconv.Quote).
func variants(secret string) []string {
	out := []string{secret, url.QueryEscape(secret), url.PathEscape(secret)}
	if b, err := json.Marshal(secret); err == nil && len(b) >= 2 {
		j := string(b[1 : len(b)-1])
		out = append(out, j, strings.ReplaceAll(j, "/", `\/`))
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(secret); err == nil {
		if j := strings.TrimSuffix(buf.String(), "\n"); len(j) >= 2 {
			j = j[1 : len(j)-1]
			out = append(out, j, strings.ReplaceAll(j, "/", `\/`))
		}
	}
	for _, q := range []string{strconv.Quote(secret), strconv.QuoteToASCII(secret)} {
		out = append(out, q[1:len(q)-1])
	}
	return out
}

// String redacts s: every registered secret, and the values of sensitive
// query parameters (token=, access_token=, ...) appearing in URLs inside s.
func (r *Redactor) String(s string) string {
	if r != nil {
		r.mu.RLock()
		for _, sec := range r.secrets {
			if strings.Contains(s, sec) {
				s = strings.ReplaceAll(s, sec, Redacted)
			}
		}
		r.mu.RUnlock()
	}
	if strings.ContainsRune(s, '=') {
		s = sensitiveParamText.ReplaceAllString(s, "${1}"+Redacted)
	}
	return s
}

// Bytes redacts b, returning b itself when nothing changed.
func (r *Redactor) Bytes(b []byte) []byte {
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
