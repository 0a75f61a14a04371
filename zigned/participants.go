package zigned

import (
	"context"
	"iter"
	"net/http"
	"strings"
)

// ParticipantsService manages an agreement's participants (signers and
// approvers): /agreements/{id}/participants.
type ParticipantsService service

// Participant is the participant resource. Signers carry SignedAt, Signature
// and IdentityEnforcement; approvers carry DecisionMadeAt.
type Participant struct {
	ID             string                 `json:"id"`
	ResourceType   string                 `json:"resource_type"`
	Name           string                 `json:"name,omitempty"`
	Email          string                 `json:"email,omitempty"`
	Status         ParticipantStatus      `json:"status"`
	Order          *float64               `json:"order"`
	SigningGroup   Relation[SigningGroup] `json:"signing_group"`
	Agreement      string                 `json:"agreement"`
	SigningRoomURL string                 `json:"signing_room_url,omitempty"`
	Locale         Locale                 `json:"locale,omitempty"`
	CreatedAt      Time                   `json:"created_at"`
	UpdatedAt      Time                   `json:"updated_at"`

	Role Role `json:"role"`
	// DecisionMadeAt is when an approver decided (approvers only).
	DecisionMadeAt Time `json:"decision_made_at"`
	// SignedAt is when a signer signed (signers only).
	SignedAt Time `json:"signed_at"`
	// Signature is the signer's signature; its Method is "" until signed.
	Signature *Signature `json:"signature,omitempty"`
	// IdentityEnforcement is the signer's identity check.
	IdentityEnforcement *IdentityEnforcement `json:"identity_enforcement,omitempty"`
}

// Signature is a signer's signature. Zigned sends {"method":null,"data":null}
// before signing, which decodes to an empty Method.
type Signature struct {
	ID        string          `json:"id,omitempty"`
	Method    SignatureMethod `json:"method"`
	Data      SignatureData   `json:"data"`
	CreatedAt Time            `json:"created_at"`
	UpdatedAt Time            `json:"updated_at"`
}

// SignatureData holds the method-specific signature details; which fields
// are set depends on Signature.Method.
type SignatureData struct {
	Status       SignatureStatus `json:"status,omitempty"`
	DocumentHash string          `json:"document_hash,omitempty"`
	UserMessage  string          `json:"user_message,omitempty"`
	// se_bid, verification_code
	Name string `json:"name,omitempty"`
	// verification_code
	Email string `json:"email,omitempty"`
	// truid
	GivenName  string `json:"given_name,omitempty"`
	FamilyName string `json:"family_name,omitempty"`
	LegalName  string `json:"legal_name,omitempty"`
	// zealid
	ZealGivenName      string `json:"givenname,omitempty"`
	Surname            string `json:"surname,omitempty"`
	Country            string `json:"country,omitempty"`
	Identifier         string `json:"identifier,omitempty"`
	SigningCertificate string `json:"signing_certificate,omitempty"`
}

// IdentityEnforcement is a signer's identity check; Status and Method are
// empty when it is disabled.
type IdentityEnforcement struct {
	Enabled bool                      `json:"enabled"`
	Status  IdentityEnforcementStatus `json:"status,omitempty"`
	Method  IdentityEnforcementMethod `json:"enforcement_method,omitempty"`
}

// ParticipantRequest is the body of POST /agreements/{id}/participants (and
// one item of the batch endpoint). Name or Email is required.
type ParticipantRequest struct {
	Email string `json:"email,omitempty"`
	Name  string `json:"name,omitempty"`
	Role  Role   `json:"role,omitempty"` // RoleSigner (default) or RoleApprover
	// PersonalNumber enables identity enforcement (Swedish personal number).
	PersonalNumber string `json:"personal_number,omitempty"`
	Locale         Locale `json:"locale,omitempty"`
	Order          *int   `json:"order,omitempty"`
}

func (r *ParticipantRequest) validate(field string) error {
	if r == nil {
		return invalidArg(field, "must not be nil")
	}
	if strings.TrimSpace(r.Name) == "" && strings.TrimSpace(r.Email) == "" {
		return invalidArg(field, "needs a name or an email")
	}
	if r.Role != "" && r.Role != RoleSigner && r.Role != RoleApprover {
		return invalidArg(field+".role", "must be signer or approver, not %q", r.Role)
	}
	return nil
}

// IdentityEnforcementChange enables identity enforcement with a personal
// number, or disables it.
type IdentityEnforcementChange struct {
	PersonalNumber string `json:"personal_number,omitempty"`
	Disable        bool   `json:"disable,omitempty"`
}

// ParticipantUpdate is the body of PUT /agreements/{id}/participants/{pid}
// (draft agreements). Empty fields are left unchanged.
type ParticipantUpdate struct {
	Email               string                     `json:"email,omitempty"`
	Name                string                     `json:"name,omitempty"`
	Role                Role                       `json:"role,omitempty"`
	IdentityEnforcement *IdentityEnforcementChange `json:"identity_enforcement,omitempty"`
	Order               *int                       `json:"order,omitempty"`
	Locale              Locale                     `json:"locale,omitempty"`
}

// SignEvent is one step of a participant's signing session (read only).
type SignEvent struct {
	ID           string                `json:"id"`
	ResourceType string                `json:"resource_type"`
	Title        string                `json:"title"`
	Description  string                `json:"description"`
	UserAgent    string                `json:"user_agent"`
	IPAddress    string                `json:"ip_address"`
	Participant  Relation[Participant] `json:"participant"`
	CreatedAt    Time                  `json:"created_at"`
	UpdatedAt    Time                  `json:"updated_at"`
}

// Forward is the outcome of forwarding a participant's invitation.
type Forward struct {
	Status           string                `json:"status"`
	PreviousEmail    string                `json:"previous_email"`
	ForwardedToEmail string                `json:"forwarded_to_email"`
	Participant      Relation[Participant] `json:"participant"`
}

var participantIDs = []string{"agreement ID", "participant ID"}

// List lists an agreement's participants, in creation or signing order.
func (s *ParticipantsService) List(ctx context.Context, agreementID string) ([]*Participant, *Response, error) {
	p, err := agreementPath(agreementID, "/participants")
	if err != nil {
		return nil, nil, err
	}
	return do[items[Participant]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// All iterates over an agreement's participants, in creation or signing
// order (one request: the API answers the list whole).
func (s *ParticipantsService) All(ctx context.Context, agreementID string) iter.Seq2[*Participant, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*Participant, *Response, error) { return s.List(ctx, agreementID) })
}

// Create adds a participant in draft.
func (s *ParticipantsService) Create(ctx context.Context, agreementID string, req *ParticipantRequest) (*Participant, *Response, error) {
	p, err := agreementPath(agreementID, "/participants")
	if err != nil {
		return nil, nil, err
	}
	if err := req.validate("participant"); err != nil {
		return nil, nil, err
	}
	return do[*Participant](ctx, s.client, http.MethodPost, p, nil, req)
}

// Batch adds several participants in one call.
func (s *ParticipantsService) Batch(ctx context.Context, agreementID string, reqs []*ParticipantRequest) ([]*Participant, *Response, error) {
	p, err := agreementPath(agreementID, "/participants/batch")
	if err != nil {
		return nil, nil, err
	}
	if len(reqs) == 0 {
		return nil, nil, invalidArg("participants", "must not be empty")
	}
	for _, r := range reqs {
		if err := r.validate("participants"); err != nil {
			return nil, nil, err
		}
	}
	body := struct {
		Participants []*ParticipantRequest `json:"participants"`
	}{reqs}
	return do[items[Participant]](ctx, s.client, http.MethodPost, p, nil, body)
}

// Get returns one participant.
func (s *ParticipantsService) Get(ctx context.Context, agreementID, participantID string) (*Participant, *Response, error) {
	p, err := pathOf("agreements/%s/participants/%s", participantIDs, agreementID, participantID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Participant](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Update changes a participant of a draft agreement.
func (s *ParticipantsService) Update(ctx context.Context, agreementID, participantID string, req *ParticipantUpdate) (*Participant, *Response, error) {
	p, err := pathOf("agreements/%s/participants/%s", participantIDs, agreementID, participantID)
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("update", "must not be nil")
	}
	return do[*Participant](ctx, s.client, http.MethodPut, p, nil, req)
}

// Delete removes a draft participant and returns it as it was.
func (s *ParticipantsService) Delete(ctx context.Context, agreementID, participantID string) (*Participant, *Response, error) {
	p, err := pathOf("agreements/%s/participants/%s", participantIDs, agreementID, participantID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Participant](ctx, s.client, http.MethodDelete, p, nil, nil)
}

// SignEvents lists a participant's sign events, oldest first.
func (s *ParticipantsService) SignEvents(ctx context.Context, agreementID, participantID string) ([]*SignEvent, *Response, error) {
	p, err := pathOf("agreements/%s/participants/%s/sign_events", participantIDs, agreementID, participantID)
	if err != nil {
		return nil, nil, err
	}
	return do[items[SignEvent]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// AllSignEvents iterates over a participant's sign events (one request: the
// API answers the list whole).
func (s *ParticipantsService) AllSignEvents(ctx context.Context, agreementID, participantID string) iter.Seq2[*SignEvent, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*SignEvent, *Response, error) {
		return s.SignEvents(ctx, agreementID, participantID)
	})
}

// Forward forwards a participant's invitation to another email address.
func (s *ParticipantsService) Forward(ctx context.Context, agreementID, participantID, toEmail string) (*Forward, *Response, error) {
	p, err := pathOf("agreements/%s/participants/%s/forward", participantIDs, agreementID, participantID)
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("forward_to_email", toEmail); err != nil {
		return nil, nil, err
	}
	body := struct {
		ForwardToEmail string `json:"forward_to_email"`
	}{toEmail}
	return do[*Forward](ctx, s.client, http.MethodPost, p, nil, body)
}
