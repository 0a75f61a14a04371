package legacyv1

import (
	"context"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// SignersService reads and manages document signers (/signer/).
type SignersService service

// Signer is a document signer (SignerResponse).
type Signer struct {
	ResourceURI string       `json:"resource_uri"`
	Document    string       `json:"document"` // resource URI of the document
	Email       string       `json:"email"`
	FirstName   string       `json:"first_name"`
	LastName    string       `json:"last_name"`
	HasFields   bool         `json:"has_fields"`
	Order       int          `json:"order"`
	Status      SignerStatus `json:"status"`
}

// SignerID returns the id of the signer's resource URI.
func (s *Signer) SignerID() string { return IDFromURI(s.ResourceURI) }

// DocumentID returns the id of the signer's document.
func (s *Signer) DocumentID() string { return IDFromURI(s.Document) }

// Get returns a signer's status and details. GET /signer/{id}/
func (s *SignersService) Get(ctx context.Context, id string) (*Signer, *Response, error) {
	p, err := pathOf("signer/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Signer](ctx, s.client, http.MethodGet, p, nil, nil)
}

// SignerField is a form field completed by a signer.
type SignerField struct {
	Label      string `json:"label"`
	LabelExtra string `json:"label_extra"`
	State      bool   `json:"state"`
	FieldOrder *int   `json:"fieldorder"`
	// Value is the field value; for a signer file it is a short-lived
	// download URL.
	Value FlexString `json:"value"`
}

// Fields returns the signer's form fields. GET /signer/{id}/fields1/
func (s *SignersService) Fields(ctx context.Context, id string) ([]*SignerField, *Response, error) {
	p, err := pathOf("signer/%s/fields1/", id)
	if err != nil {
		return nil, nil, err
	}
	return getArray[*SignerField](ctx, s.client, p)
}

// NewLink returns a new one-use signing link for the signer, read from the
// Location header of the 201 answer. GET /signer/{id}/new-link/
func (s *SignersService) NewLink(ctx context.Context, id string) (string, *Response, error) {
	p, err := pathOf("signer/%s/new-link/", id)
	if err != nil {
		return "", nil, err
	}
	return s.client.location(ctx, &rest.Request{Method: http.MethodGet, Path: p})
}

// SignerResetRequest is the body of POST /signer/{id}/reset/.
type SignerResetRequest struct {
	// Email of the earlier signer to revert to (required).
	Email string `json:"email"`
	// Notify emails the current signer that their access is withdrawn.
	Notify bool `json:"notify,omitempty"`
}

// Reset reverts a forwarded signing to an earlier signer.
// POST /signer/{id}/reset/
func (s *SignersService) Reset(ctx context.Context, id string, req *SignerResetRequest) (*Response, error) {
	p, err := pathOf("signer/%s/reset/", id)
	if err != nil {
		return nil, err
	}
	if req == nil || strings.TrimSpace(req.Email) == "" {
		return nil, invalidArg("email", "must not be empty")
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, p, nil, req)
	return resp, err
}

type reminderBody struct {
	Text string `json:"text,omitempty"`
}

// SendReminder emails the signer a reminder with an optional custom message
// (HTML is stripped by the API). POST /signer/{id}/send-reminder/
func (s *SignersService) SendReminder(ctx context.Context, id, text string) (*Response, error) {
	p, err := pathOf("signer/%s/send-reminder/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodPost, p, nil, &reminderBody{Text: text})
	return resp, err
}

// SignerRejection is the reason a signer gave for rejecting a document.
type SignerRejection struct {
	Status SignerStatus `json:"status"`
	Reason string       `json:"reason"`
}

// Rejection returns the signer's rejection reason, if given.
// GET /signer/{id}/rejection/
func (s *SignersService) Rejection(ctx context.Context, id string) (*SignerRejection, *Response, error) {
	p, err := pathOf("signer/%s/rejection/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*SignerRejection](ctx, s.client, http.MethodGet, p, nil, nil)
}
