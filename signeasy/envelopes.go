package signeasy

import (
	"context"
	"io"
	"net/http"
	"strings"

	"github.com/esignkit/esign/internal/rest"
)

// EnvelopesService handles envelopes: signature requests ("pending files")
// built from one or more originals and templates.
type EnvelopesService service

// EnvelopeStatus is the status of an envelope.
type EnvelopeStatus string

// Envelope statuses.
const (
	EnvelopeIncomplete        EnvelopeStatus = "incomplete"
	EnvelopeComplete          EnvelopeStatus = "complete"
	EnvelopeRecipientDeclined EnvelopeStatus = "recipient_declined"
	EnvelopeCanceled          EnvelopeStatus = "canceled"
)

// RecipientStatus is the status of one recipient of an envelope.
type RecipientStatus string

// Recipient statuses.
const (
	RecipientNotViewed RecipientStatus = "not_viewed"
	RecipientViewed    RecipientStatus = "viewed"
	RecipientDeclined  RecipientStatus = "declined"
	RecipientFinalized RecipientStatus = "finalized"
	// RecipientComplete appears in Signeasy's v1 rs.signed sample.
	RecipientComplete RecipientStatus = "complete"
)

// SourceType is the kind of a document in an envelope.
type SourceType string

// Source types.
const (
	SourceOriginal SourceType = "original"
	SourceTemplate SourceType = "template"
)

// Envelope is a signature request (Signeasy's "pending file"), as returned
// by the API and carried in webhook deliveries.
type Envelope struct {
	ID               int64          `json:"id"`
	Name             string         `json:"name"`
	Status           EnvelopeStatus `json:"status"`
	IsOrdered        Bool           `json:"is_ordered"`
	IsInPerson       Bool           `json:"is_in_person"`
	HasMarkers       Bool           `json:"has_markers"`
	AadhaarEnabled   Bool           `json:"aadhaar_enabled"`
	Next             int64          `json:"next"` // recipient_id of the next signer
	Logo             string         `json:"logo"`
	OwnerUserID      int64          `json:"owner_user_id"`
	OwnerEmail       string         `json:"owner_email"`
	OwnerFirstName   string         `json:"owner_first_name"`
	OwnerLastName    string         `json:"owner_last_name"`
	OwnerCompany     string         `json:"owner_company"`
	CreatedTime      Time           `json:"created_time"`
	LastModifiedTime Time           `json:"last_modified_time"`
	Recipients       []Recipient    `json:"recipients"`
	// Sources lists the documents of the envelope. Webhook v1 deliveries
	// have none (a v1 request is a single file).
	Sources []Source `json:"sources,omitempty"`
}

// Recipient is a signer of an envelope and their status.
type Recipient struct {
	RecipientID      int64           `json:"recipient_id"`
	RecipientUserID  int64           `json:"recipient_user_id"`
	Email            string          `json:"email"`
	FirstName        string          `json:"first_name"`
	LastName         string          `json:"last_name"`
	OrderID          int             `json:"order_id"`
	Status           RecipientStatus `json:"status"`
	CreatedTime      Time            `json:"created_time"`
	LastModifiedTime Time            `json:"last_modified_time"`
}

// Source is a document of an envelope: an original or a template. In a
// create request, SourceID numbers the source within the envelope (1, 2,
// ...) and is what fields, merge fields and role mappings refer to.
type Source struct {
	ID       int64      `json:"id"`
	Type     SourceType `json:"type"`
	Name     string     `json:"name"`
	SourceID int        `json:"source_id,omitempty"`
}

// EnvelopeRecipient is a signer in a create request.
type EnvelopeRecipient struct {
	RecipientID int64  `json:"recipient_id"`
	FirstName   string `json:"first_name"`
	LastName    string `json:"last_name"`
	Email       string `json:"email"`
}

// RoleMapping assigns a recipient to a role of a template source.
type RoleMapping struct {
	SourceID    int   `json:"source_id"`
	RoleID      int64 `json:"role_id"`
	RecipientID int64 `json:"recipient_id"`
}

// MergeField prefills a labelled field of a template source.
type MergeField struct {
	SourceID int    `json:"source_id"`
	Label    string `json:"label"`
	Value    string `json:"value"`
	Locked   bool   `json:"locked,omitempty"`
}

// Field places a field for a recipient on an original source.
type Field struct {
	RecipientID int64  `json:"recipient_id"`
	SourceID    int    `json:"source_id"`
	Type        string `json:"type"` // "signature", "initials", "text", "date", ...
	Required    bool   `json:"required"`
	// PageNumber is a page number (int) or "all".
	PageNumber     any            `json:"page_number,omitempty"`
	Position       FieldPosition  `json:"position"`
	AdditionalInfo map[string]any `json:"additional_info,omitempty"`
}

// FieldPosition is where a field goes: absolute coordinates, or relative to
// a reference text found in the document (Mode "referenceText").
type FieldPosition struct {
	Mode          string  `json:"mode,omitempty"`
	X             float64 `json:"x,omitempty"`
	Y             float64 `json:"y,omitempty"`
	Width         float64 `json:"width,omitempty"`
	Height        float64 `json:"height,omitempty"`
	ReferenceText string  `json:"reference_text,omitempty"`
	XOffset       float64 `json:"xOffset,omitempty"`
	YOffset       float64 `json:"yOffset,omitempty"`
}

// CC is a carbon-copy recipient.
type CC struct {
	Email string `json:"email"`
}

// CreateEnvelopeRequest is the body of POST /rs/envelope/.
type CreateEnvelopeRequest struct {
	Sources              []Source            `json:"sources"`
	Recipients           []EnvelopeRecipient `json:"recipients"`
	RecipientRoleMapping []RoleMapping       `json:"recipient_role_mapping,omitempty"`
	MergeFields          []MergeField        `json:"merge_fields,omitempty"`
	FieldsPayload        []Field             `json:"fields_payload,omitempty"`
	// EmbeddedSigning makes Signeasy send no emails: you fetch signing URLs
	// (EnvelopesService.SigningURL) and show them yourself.
	EmbeddedSigning bool   `json:"embedded_signing"`
	IsOrdered       bool   `json:"is_ordered"`
	Message         string `json:"message,omitempty"`
	CC              []CC   `json:"cc,omitempty"`
}

func (r *CreateEnvelopeRequest) validate() error {
	if r == nil {
		return rest.Invalid("envelope", "request must not be nil")
	}
	if len(r.Sources) == 0 {
		return rest.Invalid("sources", "at least one source is required")
	}
	for i, s := range r.Sources {
		if s.ID <= 0 {
			return rest.Invalid("sources", "source %d has no id", i)
		}
		if s.Type == "" {
			return rest.Invalid("sources", "source %d has no type", i)
		}
	}
	if len(r.Recipients) == 0 {
		return rest.Invalid("recipients", "at least one recipient is required")
	}
	for i, rc := range r.Recipients {
		if strings.TrimSpace(rc.Email) == "" {
			return rest.Invalid("recipients", "recipient %d has no email", i)
		}
	}
	return nil
}

// Create creates and sends an envelope: POST /rs/envelope/. The answer
// carries at least the new envelope's id.
func (s *EnvelopesService) Create(ctx context.Context, r *CreateEnvelopeRequest) (*Envelope, *Response, error) {
	if err := r.validate(); err != nil {
		return nil, nil, err
	}
	return do[*Envelope](ctx, s.client, http.MethodPost, "rs/envelope/", r)
}

// Get fetches an envelope with its recipients' statuses:
// GET /rs/envelope/{id}/ (path per Signeasy v3 docs).
func (s *EnvelopesService) Get(ctx context.Context, id int64) (*Envelope, *Response, error) {
	path, err := idPath("rs/envelope/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Envelope](ctx, s.client, http.MethodGet, path, nil)
}

// Cancel voids an envelope that is not complete:
// POST /rs/envelope/{id}/cancel (path per Signeasy v3 docs).
func (s *EnvelopesService) Cancel(ctx context.Context, id int64) (*Response, error) {
	path, err := idPath("rs/envelope/%s/cancel", id)
	if err != nil {
		return nil, err
	}
	return send(ctx, s.client, http.MethodPost, path, nil)
}

// SignedEnvelope identifies the signed (completed) counterpart of an
// envelope, whose id the signed-document download needs.
type SignedEnvelope struct {
	ID            int64 `json:"id"`
	PendingFileID int64 `json:"pending_file_id,omitempty"`
}

// GetSigned looks up the signed envelope of a completed envelope:
// GET /rs/envelope/signed/pending/{id} (path per Signeasy v3 docs).
func (s *EnvelopesService) GetSigned(ctx context.Context, envelopeID int64) (*SignedEnvelope, *Response, error) {
	path, err := idPath("rs/envelope/signed/pending/%s", envelopeID)
	if err != nil {
		return nil, nil, err
	}
	return do[*SignedEnvelope](ctx, s.client, http.MethodGet, path, nil)
}

// DownloadSigned streams one signed document of a completed envelope as
// PDF: GET /rs/envelope/signed/{signed_id}/{source_id}/download. sourceID
// is the source's id within the envelope (Source.SourceID). The caller
// reads and closes the body.
func (s *EnvelopesService) DownloadSigned(ctx context.Context, signedID, sourceID int64) (io.ReadCloser, *Response, error) {
	path, err := idPath("rs/envelope/signed/%s/%s/download", signedID, sourceID)
	if err != nil {
		return nil, nil, err
	}
	return s.client.download(ctx, path)
}

// SigningURLRequest asks for an embedded signing URL for one recipient.
type SigningURLRequest struct {
	RecipientEmail string `json:"recipient_email"`
	RedirectURL    string `json:"redirect_url,omitempty"`
}

// SigningURL returns the embedded signing URL of one recipient of an
// envelope created with EmbeddedSigning: POST /rs/envelope/{id}/signing/url/
// (path per Signeasy v3 docs).
func (s *EnvelopesService) SigningURL(ctx context.Context, id int64, r *SigningURLRequest) (*EmbeddedURL, *Response, error) {
	path, err := idPath("rs/envelope/%s/signing/url/", id)
	if err != nil {
		return nil, nil, err
	}
	if r == nil || strings.TrimSpace(r.RecipientEmail) == "" {
		return nil, nil, rest.Invalid("recipient email", "must not be empty")
	}
	return do[*EmbeddedURL](ctx, s.client, http.MethodPost, path, r)
}
