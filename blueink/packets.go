package blueink

import (
	"context"
	"net/http"
)

// PacketsService manages Packets: the signers of a Bundle.
type PacketsService service

// Packet is one signer of a Bundle.
type Packet struct {
	ID         string       `json:"id"`
	Key        string       `json:"key,omitempty"`
	Name       string       `json:"name,omitempty"`
	Email      string       `json:"email,omitempty"`
	Phone      string       `json:"phone,omitempty"`
	AuthSMS    bool         `json:"auth_sms"`
	AuthSelfie bool         `json:"auth_selfie"`
	AuthID     bool         `json:"auth_id"`
	PersonID   string       `json:"person_id,omitempty"`
	Status     PacketStatus `json:"status,omitempty"`
	DeliverVia DeliverVia   `json:"deliver_via,omitempty"`
	// CompletedAt is zero until the signer finished.
	CompletedAt    Time `json:"completed_at"`
	LastAccessedAt Time `json:"last_accessed_at"`
	Order          int  `json:"order"`
}

// PacketUpdate changes a signer's contact or authentication (PATCH); zero
// fields are left unchanged. The packet must stay deliverable: switching to
// phone delivery needs a phone number. If the signer is linked to a Person,
// the Person is updated too.
type PacketUpdate struct {
	Name       string `json:"name,omitempty"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	AuthSMS    *bool  `json:"auth_sms,omitempty"`
	AuthSelfie *bool  `json:"auth_selfie,omitempty"`
	AuthID     *bool  `json:"auth_id,omitempty"`
	// DeliverVia is DeliverViaEmail or DeliverViaPhone ("embed" is not
	// accepted here). Automatic reminders are not sent after switching an
	// embedded signer: call Remind.
	DeliverVia DeliverVia `json:"deliver_via,omitempty"`
}

// EmbedURL is a URL for embedded signing, valid until Expires.
type EmbedURL struct {
	URL     string `json:"url"`
	Expires Time   `json:"expires"`
}

// COE is a packet's Certificate of Evidence: a pre-signed link to the file
// and its SHA-256 checksum.
type COE struct {
	FileURL string `json:"file_url"`
	Expires Time   `json:"expires"`
	SHA256  string `json:"sha256"`
}

// Get returns the packet with the given id.
func (s *PacketsService) Get(ctx context.Context, id string) (*Packet, *Response, error) {
	return s.packetCall(ctx, http.MethodGet, "packets/%s/", id, nil)
}

// Update changes a packet (PATCH).
func (s *PacketsService) Update(ctx context.Context, id string, upd *PacketUpdate) (*Packet, *Response, error) {
	if upd == nil {
		return nil, nil, invalidArg("packet update", "must not be nil")
	}
	switch upd.DeliverVia {
	case "", DeliverViaEmail, DeliverViaPhone:
	default:
		return nil, nil, invalidArg("deliver_via", "%q is not accepted when updating a packet (email or phone)", upd.DeliverVia)
	}
	return s.packetCall(ctx, http.MethodPatch, "packets/%s/", id, upd)
}

// EmbedURL creates a URL for embedded signing (POST …/embed_url/, 201).
func (s *PacketsService) EmbedURL(ctx context.Context, id string) (*EmbedURL, *Response, error) {
	path, err := pathOf("packets/%s/embed_url/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*EmbedURL](ctx, (*service)(s), http.MethodPost, path, nil, nil)
}

// Remind sends the signer a reminder by email or SMS (PUT …/remind/). A
// reminder can be sent at most once an hour.
func (s *PacketsService) Remind(ctx context.Context, id string) (*Packet, *Response, error) {
	return s.packetCall(ctx, http.MethodPut, "packets/%s/remind/", id, nil)
}

// Certificate returns the packet's Certificate of Evidence (GET …/coe/).
func (s *PacketsService) Certificate(ctx context.Context, id string) (*COE, *Response, error) {
	path, err := pathOf("packets/%s/coe/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*COE](ctx, (*service)(s), http.MethodGet, path, nil, nil)
}

func (s *PacketsService) packetCall(ctx context.Context, method, format, id string, body any) (*Packet, *Response, error) {
	path, err := pathOf(format, id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Packet](ctx, (*service)(s), method, path, nil, body)
}
