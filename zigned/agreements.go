package zigned

import (
	"context"
	"iter"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// AgreementsService manages agreements: /agreements and
// /agreements/{id}/{events,lifecycle,reminders}.
type AgreementsService service

// Agreement is the agreement resource.
type Agreement struct {
	ID                 string                     `json:"id"`
	ResourceType       string                     `json:"resource_type"`
	TestMode           bool                       `json:"test_mode"`
	Status             AgreementStatus            `json:"status"`
	TrustLevel         TrustLevel                 `json:"trust_level,omitempty"`
	CancellationReason string                     `json:"cancellation_reason,omitempty"`
	Theme              Relation[Theme]            `json:"theme"`
	Issuer             Issuer                     `json:"issuer"`
	Participants       RelationList[Participant]  `json:"participants"`
	Observers          RelationList[Observer]     `json:"observers"`
	SigningGroups      RelationList[SigningGroup] `json:"signing_groups"`
	Documents          AgreementDocuments         `json:"documents"`
	SigningOrder       SigningOrder               `json:"signing_order"`
	Communication      Communication              `json:"communication"`
	Metadata           AgreementMetadata          `json:"metadata"`
	ExpiresAt          Time                       `json:"expires_at"`
	UpdatedAt          Time                       `json:"updated_at"`
	CreatedAt          Time                       `json:"created_at"`
}

// Issuer is who issued an agreement.
type Issuer struct {
	Name           string `json:"name,omitempty"`
	Email          string `json:"email,omitempty"`
	Role           Role   `json:"role,omitempty"`
	ParticipantID  string `json:"participant_id,omitempty"`
	SigningRoomURL string `json:"signing_room_url,omitempty"`
	Locale         Locale `json:"locale,omitempty"`
}

// AgreementDocuments are an agreement's documents: the originals (main
// document and attachments) and, once generated, the signed document.
type AgreementDocuments struct {
	OriginalDocuments OriginalDocuments `json:"original_documents"`
	SignedDocument    Relation[File]    `json:"signed_document"`
}

// OriginalDocuments are the documents to be signed.
type OriginalDocuments struct {
	Main        Relation[File]           `json:"main"`
	Attachments RelationList[Attachment] `json:"attachments"`
}

// SigningOrder reports whether participants sign in order.
type SigningOrder struct {
	Enabled bool `json:"enabled"`
	Grouped bool `json:"grouped"`
}

// Communication is how Zigned talks to the parties.
type Communication struct {
	SendEmails         bool                       `json:"send_emails"`
	DefaultLocale      Locale                     `json:"default_locale,omitempty"`
	AutomaticReminders AutomaticReminders         `json:"automatic_reminders"`
	RecipientMessages  Relation[RecipientMessage] `json:"recipient_messages"`
}

// AutomaticReminders are the automatic reminder settings.
type AutomaticReminders struct {
	Enabled   bool              `json:"enabled"`
	Intensity ReminderIntensity `json:"intensity,omitempty"`
}

// AgreementMetadata holds the caller's own references.
type AgreementMetadata struct {
	LookupKey          string `json:"lookup_key,omitempty"`
	SuccessCallbackURL string `json:"success_callback_url,omitempty"`
}

// AgreementActivity is one entry of an agreement's event log
// (resource_type "agreement_event", GET /agreements/{id}/events). Webhook
// deliveries are AgreementEvent values instead.
type AgreementActivity struct {
	ID           string `json:"id"`
	ResourceType string `json:"resource_type"`
	Agreement    string `json:"agreement"`
	Title        string `json:"title"`
	Description  string `json:"description"`
	CreatedAt    Time   `json:"created_at"`
	UpdatedAt    Time   `json:"updated_at"`
}

// Reminder is the outcome of a reminder sent to one participant.
type Reminder struct {
	Status      string                `json:"status"`
	Participant Relation[Participant] `json:"participant"`
}

// AgreementListOptions filter GET /agreements.
type AgreementListOptions struct {
	ListOptions
	DateFilter
	Status    AgreementStatus
	LookupKey string
}

func (o *AgreementListOptions) values(page int) (url.Values, error) {
	var opts AgreementListOptions
	if o != nil {
		opts = *o
	}
	if err := opts.validate(); err != nil {
		return nil, err
	}
	v := url.Values{}
	opts.ListOptions.add(v, page)
	opts.DateFilter.add(v)
	if opts.Status != "" {
		v.Set("status", string(opts.Status))
	}
	if opts.LookupKey != "" {
		v.Set("lookup_key", opts.LookupKey)
	}
	return v, nil
}

// IssuerRequest sets the issuer of a new or updated agreement.
type IssuerRequest struct {
	Name   string `json:"name,omitempty"`
	Email  string `json:"email,omitempty"`
	Role   Role   `json:"role,omitempty"`
	Locale Locale `json:"locale,omitempty"`
}

// AgreementRequest is the body of POST /agreements. Every field is optional;
// the agreement starts in draft.
type AgreementRequest struct {
	Issuer             *IssuerRequest    `json:"issuer,omitempty"`
	SendEmails         *bool             `json:"send_emails,omitempty"`
	AutomaticReminders ReminderIntensity `json:"automatic_reminders,omitempty"`
	TrustLevel         TrustLevel        `json:"trust_level,omitempty"`
	SigningOrder       *bool             `json:"signing_order,omitempty"`
	ThemeID            string            `json:"theme_id,omitempty"`
	DefaultLocale      Locale            `json:"default_locale,omitempty"`
	LookupKey          string            `json:"lookup_key,omitempty"`
	ExpiresAt          *time.Time        `json:"expires_at,omitempty"`
	SuccessCallbackURL string            `json:"success_callback_url,omitempty"`
}

// ThemeChange connects a theme to an agreement or disconnects it.
type ThemeChange struct {
	ID         string `json:"id,omitempty"`
	Disconnect bool   `json:"disconnect,omitempty"`
}

// ConnectTheme returns a ThemeChange connecting theme id.
func ConnectTheme(id string) *ThemeChange { return &ThemeChange{ID: id} }

// DisconnectTheme returns a ThemeChange removing the agreement's theme.
func DisconnectTheme() *ThemeChange { return &ThemeChange{Disconnect: true} }

// AgreementUpdate is the body of PUT /agreements/{id} (draft or open
// agreements). Nil fields are left unchanged; Removable fields can be removed.
type AgreementUpdate struct {
	Issuer             *IssuerRequest                `json:"issuer,omitempty"`
	SendEmails         *bool                         `json:"send_emails,omitempty"`
	TrustLevel         TrustLevel                    `json:"trust_level,omitempty"`
	SigningOrder       *bool                         `json:"signing_order,omitempty"`
	Theme              *ThemeChange                  `json:"theme,omitempty"`
	SuccessCallbackURL *Removable[string]            `json:"success_callback_url,omitempty"`
	DefaultLocale      Locale                        `json:"default_locale,omitempty"`
	LookupKey          *Removable[string]            `json:"lookup_key,omitempty"`
	AutomaticReminders *Removable[ReminderIntensity] `json:"automatic_reminders,omitempty"`
	ExpiresAt          *Removable[time.Time]         `json:"expires_at,omitempty"`
}

// Cancellation says why an agreement is cancelled. A CancellationCustom
// type needs a Reason.
type Cancellation struct {
	Type   CancellationType `json:"cancellation_type"`
	Reason string           `json:"reason,omitempty"`
}

// LifecycleState is the body's lifecycle_state of
// POST /agreements/{id}/lifecycle.
type LifecycleState struct {
	Status LifecycleStatus `json:"status"`
	Input  *Cancellation   `json:"input,omitempty"`
}

func (s LifecycleState) validate() error {
	switch s.Status {
	case LifecyclePending, LifecycleOpen:
		if s.Input != nil {
			return invalidArg("lifecycle_state.input", "only a cancellation takes input")
		}
	case LifecycleCancelled:
		if s.Input == nil {
			return invalidArg("lifecycle_state.input", "a cancellation needs a cancellation type")
		}
		switch s.Input.Type {
		case CancellationInvalidDocument, CancellationInvalidParticipant, CancellationInvalidEmail:
			if s.Input.Reason != "" {
				return invalidArg("reason", "only a %q cancellation takes a reason", CancellationCustom)
			}
		case CancellationCustom:
			if strings.TrimSpace(s.Input.Reason) == "" {
				return invalidArg("reason", "a %q cancellation needs a reason", CancellationCustom)
			}
		default:
			return invalidArg("cancellation_type", "unknown type %q", s.Input.Type)
		}
	default:
		return invalidArg("lifecycle_state.status", "must be pending, open or cancelled, not %q", s.Status)
	}
	return nil
}

func agreementPath(id string, suffix ...string) (string, error) {
	return pathOf("agreements/%s"+strings.Join(suffix, ""), []string{"agreement ID"}, id)
}

// List returns one page of agreements (GET /agreements); resp.Pagination
// tells where it is.
func (s *AgreementsService) List(ctx context.Context, opts *AgreementListOptions) ([]*Agreement, *Response, error) {
	return s.list(ctx, opts, 0)
}

func (s *AgreementsService) list(ctx context.Context, opts *AgreementListOptions, page int) ([]*Agreement, *Response, error) {
	q, err := opts.values(page)
	if err != nil {
		return nil, nil, err
	}
	return do[items[Agreement]](ctx, s.client, http.MethodGet, "agreements", q, nil)
}

// All iterates over every agreement matching opts, page after page, starting
// at opts.Page. opts is never modified.
func (s *AgreementsService) All(ctx context.Context, opts *AgreementListOptions) iter.Seq2[*Agreement, error] {
	var start int
	if opts != nil {
		start = opts.Page
	}
	return iterate(ctx, s.client, start, func(ctx context.Context, page int) ([]*Agreement, *Response, error) {
		return s.list(ctx, opts, page)
	})
}

// Create creates an agreement in draft (POST /agreements). req may be nil.
// Zigned documents no idempotency key, so a Create whose answer is lost
// (a timeout, a reset connection, a 5xx) is not repeated: it fails with an
// error matching ErrOutcomeUnknown. CreateOnce recovers from that.
func (s *AgreementsService) Create(ctx context.Context, req *AgreementRequest) (*Agreement, *Response, error) {
	if req == nil {
		req = &AgreementRequest{}
	}
	if req.ExpiresAt != nil { // the spec's pattern takes UTC ("Z") only
		r, t := *req, req.ExpiresAt.UTC()
		r.ExpiresAt = &t
		req = &r
	}
	return do[*Agreement](ctx, s.client, http.MethodPost, "agreements", nil, req)
}

// CreateOnce creates an agreement exactly once, even when an answer is
// lost. The agreement carries a lookup key: req.LookupKey, or a fresh
// random one ("esign-…") when it is empty (req itself is not modified;
// the key is in the returned agreement's Metadata). When the create fails
// after Zigned may have acted on it (a timeout, a reset connection, a 408
// or 5xx), CreateOnce looks the agreement up by that key (GET
// /agreements?lookup_key=…): found, it is returned and resp.Recovered is
// set; not found, the create is sent again within the retry budget. Only
// when the lookup itself fails does the call end with an error matching
// ErrOutcomeUnknown; call CreateOnce again with the same key after checking
// with Agreements.List (LookupKey), since Zigned does not refuse a second
// agreement with a key already used.
func (s *AgreementsService) CreateOnce(ctx context.Context, req *AgreementRequest) (*Agreement, *Response, error) {
	var r AgreementRequest
	if req != nil {
		r = *req
	}
	if r.LookupKey == "" {
		r.LookupKey = rest.NewKey()
	}
	return once(ctx, s.client, r.LookupKey,
		func(ctx context.Context) (*Agreement, *Response, error) { return s.Create(ctx, &r) },
		func(ctx context.Context) ([]*Agreement, *Response, error) {
			return s.list(ctx, &AgreementListOptions{LookupKey: r.LookupKey}, 0)
		},
		func(a *Agreement) string { return a.Metadata.LookupKey })
}

// Get returns an agreement (GET /agreements/{id}).
func (s *AgreementsService) Get(ctx context.Context, id string) (*Agreement, *Response, error) {
	p, err := agreementPath(id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Agreement](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Update changes a draft or open agreement (PUT /agreements/{id}).
func (s *AgreementsService) Update(ctx context.Context, id string, req *AgreementUpdate) (*Agreement, *Response, error) {
	p, err := agreementPath(id)
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("update", "must not be nil")
	}
	if req.ExpiresAt != nil { // the spec's pattern takes UTC ("Z") only
		if t, ok := req.ExpiresAt.Value(); ok {
			r := *req
			r.ExpiresAt = Set(t.UTC())
			req = &r
		}
	}
	return do[*Agreement](ctx, s.client, http.MethodPut, p, nil, req)
}

// Delete deletes a draft agreement (DELETE /agreements/{id}) and returns it
// as it was.
func (s *AgreementsService) Delete(ctx context.Context, id string) (*Agreement, *Response, error) {
	p, err := agreementPath(id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Agreement](ctx, s.client, http.MethodDelete, p, nil, nil)
}

// Events lists an agreement's event log, oldest first
// (GET /agreements/{id}/events).
func (s *AgreementsService) Events(ctx context.Context, id string) ([]*AgreementActivity, *Response, error) {
	p, err := agreementPath(id, "/events")
	if err != nil {
		return nil, nil, err
	}
	return do[items[AgreementActivity]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// AllEvents iterates over an agreement's event log, oldest first (one
// request: the API answers the log whole).
func (s *AgreementsService) AllEvents(ctx context.Context, id string) iter.Seq2[*AgreementActivity, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*AgreementActivity, *Response, error) { return s.Events(ctx, id) })
}

// Lifecycle moves an agreement to state (POST /agreements/{id}/lifecycle).
// Send, Open and Cancel are shorthands.
func (s *AgreementsService) Lifecycle(ctx context.Context, id string, state LifecycleState) (*Agreement, *Response, error) {
	p, err := agreementPath(id, "/lifecycle")
	if err != nil {
		return nil, nil, err
	}
	if err := state.validate(); err != nil {
		return nil, nil, err
	}
	body := struct {
		LifecycleState LifecycleState `json:"lifecycle_state"`
	}{state}
	return do[*Agreement](ctx, s.client, http.MethodPost, p, nil, body)
}

// Send finalizes the agreement for signing (status pending): inputs are
// validated and, when emails are enabled, invitations go out.
func (s *AgreementsService) Send(ctx context.Context, id string) (*Agreement, *Response, error) {
	return s.Lifecycle(ctx, id, LifecycleState{Status: LifecyclePending})
}

// Open pauses a pending agreement and reopens it for changes.
func (s *AgreementsService) Open(ctx context.Context, id string) (*Agreement, *Response, error) {
	return s.Lifecycle(ctx, id, LifecycleState{Status: LifecycleOpen})
}

// Cancel cancels the agreement for good.
func (s *AgreementsService) Cancel(ctx context.Context, id string, c Cancellation) (*Agreement, *Response, error) {
	return s.Lifecycle(ctx, id, LifecycleState{Status: LifecycleCancelled, Input: &c})
}

// Reminders sends reminders (POST /agreements/{id}/reminders) to one
// participant, or to every participant yet to act when participantID is "".
func (s *AgreementsService) Reminders(ctx context.Context, id, participantID string) ([]*Reminder, *Response, error) {
	p, err := agreementPath(id, "/reminders")
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		ParticipantID string `json:"participant_id,omitempty"`
	}{participantID}
	return do[items[Reminder]](ctx, s.client, http.MethodPost, p, nil, body)
}
