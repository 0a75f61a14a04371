package signeasy

import (
	"context"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// EmbeddedService fetches embedded sending URLs: a page, shown in an iframe
// or pop-up of your app, where a user places fields and sends the request.
type EmbeddedService service

// SendingURLRequest is the body of the embedded sending URL request. The
// v3 body is not documented publicly; these fields follow Signeasy's
// published v2 samples (file_id, recipients, cc, message, redirect_url)
// plus v3's sources. Set FileID or Sources.
type SendingURLRequest struct {
	FileID      int64               `json:"file_id,omitempty"`
	Sources     []Source            `json:"sources,omitempty"`
	Recipients  []EnvelopeRecipient `json:"recipients,omitempty"`
	CC          []CC                `json:"cc,omitempty"`
	Message     string              `json:"message,omitempty"`
	RedirectURL string              `json:"redirect_url,omitempty"`
}

// SendingURL returns an embedded sending URL: POST /rs/embedded/url/ (path
// per Signeasy v3 docs).
func (s *EmbeddedService) SendingURL(ctx context.Context, r *SendingURLRequest) (*EmbeddedURL, *Response, error) {
	if r == nil || (r.FileID <= 0 && len(r.Sources) == 0) {
		return nil, nil, rest.Invalid("sending URL", "FileID or Sources must be set")
	}
	return do[*EmbeddedURL](ctx, s.client, http.MethodPost, "rs/embedded/url/", r)
}
