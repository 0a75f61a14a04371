package insertsigntest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// SendOption configures Send.
type SendOption func(*sendConfig)

type sendConfig struct {
	client     *http.Client
	user, pass string
	basic      bool
	param, tok string
	query      bool
}

// WithQueryToken adds param=token to the URL's query (the secret of an
// insertsign.QueryToken guard; param "" means "token"). Other query
// parameters are kept.
func WithQueryToken(param, token string) SendOption {
	if param == "" {
		param = "token"
	}
	return func(c *sendConfig) { c.param, c.tok, c.query = param, token, true }
}

// WithBasicAuth sends HTTP basic-auth credentials (an insertsign.BasicAuth
// guard). Credentials embedded in the URL (https://user:pass@host/path) are
// sent the same way without this option.
func WithBasicAuth(user, password string) SendOption {
	return func(c *sendConfig) { c.user, c.pass, c.basic = user, password, true }
}

// WithHTTPClient sets the client (e.g. an httptest server's Client() for
// TLS). By default Send uses a client with a 30 s timeout that follows no
// redirect.
func WithHTTPClient(client *http.Client) SendOption {
	return func(c *sendConfig) {
		if client != nil {
			c.client = client
		}
	}
}

// StatusError is Send's error when the endpoint answers anything but 200,
// which InsertSign counts as a failed delivery (and does not retry).
type StatusError struct {
	// StatusCode is the endpoint's answer.
	StatusCode int
	// Body is the start of the response body (up to 1 KiB).
	Body string
}

// Error implements error.
func (e *StatusError) Error() string {
	return fmt.Sprintf("insertsigntest: endpoint answered %d (InsertSign only accepts 200): %q", e.StatusCode, e.Body)
}

// Send posts body to endpoint the way InsertSign delivers a webhook: POST,
// Content-Type application/json, no signature. It returns the status code
// the endpoint answered (0 when no answer arrived) and an error for
// transport failures or, as a *StatusError, any status other than 200.
func Send(ctx context.Context, endpoint string, body []byte, opts ...SendOption) (int, error) {
	cfg := sendConfig{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.client == nil {
		cfg.client = &http.Client{
			Timeout:       30 * time.Second,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		}
	}
	u, err := url.Parse(endpoint)
	if err != nil {
		return 0, fmt.Errorf("insertsigntest: endpoint: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return 0, errors.New("insertsigntest: endpoint must be an http or https URL")
	}
	if cfg.query {
		q := u.Query()
		q.Set(cfg.param, cfg.tok)
		u.RawQuery = q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("insertsigntest: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if cfg.basic {
		req.SetBasicAuth(cfg.user, cfg.pass)
	}
	resp, err := cfg.client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("insertsigntest: posting delivery: %w", redactURLError(err))
	}
	defer resp.Body.Close()
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return resp.StatusCode, &StatusError{StatusCode: resp.StatusCode, Body: string(head)}
	}
	return resp.StatusCode, nil
}

// redactURLError keeps the query token and URL credentials out of error
// strings (a *url.Error prints the whole URL).
func redactURLError(err error) error {
	var ue *url.Error
	if !errors.As(err, &ue) {
		return err
	}
	u, perr := url.Parse(ue.URL)
	if perr != nil {
		return &url.Error{Op: ue.Op, URL: "(unparseable URL)", Err: ue.Err}
	}
	u.User = nil
	u.RawQuery = ""
	return &url.Error{Op: ue.Op, URL: u.String(), Err: ue.Err}
}
