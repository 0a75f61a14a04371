package signeasy

import (
	"context"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

// EmbeddedService fetches embedded sending URLs (a page, shown in an iframe
// or pop-up of your app, where a user places fields and sends the request)
// and cancels embedded signature requests.
type EmbeddedService service

// SendingURLRequest is the body of the embedded sending URL request. Its
// fields follow Signeasy's published sample (github.com/signeasy/api-samples,
// v2/python_sample/payloads/embedded_sending_url.py: file_id, recipients,
// cc, message, redirect_url). FileID is required.
type SendingURLRequest struct {
	FileID      int64                 `json:"file_id"`
	Recipients  []SendingURLRecipient `json:"recipients,omitempty"`
	CC          []CC                  `json:"cc,omitempty"`
	Message     string                `json:"message,omitempty"`
	RedirectURL string                `json:"redirect_url,omitempty"`
}

// SendingURLRecipient is a recipient of an embedded sending request. As in
// Signeasy's sample, it names the role it fills (role_id), not a
// recipient_id as envelope recipients do.
type SendingURLRecipient struct {
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name,omitempty"`
	Email     string `json:"email"`
	RoleID    int64  `json:"role_id"`
}

// SendingURL returns an embedded sending URL: POST /rs/embedded/url/, the
// path of Signeasy's published sample ("v2/rs/embedded/url/") under the v3
// base, as third-party extractions of docs.signeasy.com list it.
func (s *EmbeddedService) SendingURL(ctx context.Context, r *SendingURLRequest) (*EmbeddedURL, *Response, error) {
	if r == nil || r.FileID <= 0 {
		return nil, nil, invalidArg("sending URL", "FileID must be set")
	}
	return do[*EmbeddedURL](ctx, s.client, http.MethodPost, "rs/embedded/url/", r)
}

// Cancel cancels an embedded signature request (an envelope created with
// EmbeddedSigning): POST /rs/embedded/{id}/cancel/, with the trailing
// slash of Signeasy's reference (as api-evangelist/signeasy extracts it),
// answered 200 without a body. Signeasy refuses to cancel a request that
// is not embedded or no longer pending with 401 "unauthorized_resource"
// (ErrUnauthorized): check the APIError's Code before treating it as a
// credentials problem.
func (s *EmbeddedService) Cancel(ctx context.Context, envelopeID int64) (*Response, error) {
	path, err := pathOf("rs/embedded/%s/cancel/", envelopeID)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, path, nil)
	return resp, err
}
