package legacyv1

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/webhook"
)

// Event types reported by Type().
const (
	// TypeStatusBatch is the "all" callback: a batch of status changes.
	TypeStatusBatch = "status_batch"
	// TypeLegacySigned, TypeLegacySent and TypeLegacyRejected are the
	// per-event form callbacks; TypeLegacy is one whose event is unknown
	// (see WithLegacyEvent).
	TypeLegacySigned   = "legacy.signed"
	TypeLegacySent     = "legacy.sent"
	TypeLegacyRejected = "legacy.rejected"
	TypeLegacy         = "legacy"
	// TypeUnknown is a delivery of no known shape (*UnknownEvent).
	TypeUnknown = "unknown"
)

// Realtime event types (object "." event), as named by the event filters.
const (
	EventDocumentCreated         = "document.created"
	EventDocumentRejected        = "document.rejected"
	EventDocumentFinalPDFCreated = "document.finalPdfCreated"
	EventRecipientCompleted      = "recipient.completed"
	EventRecipientRejected       = "recipient.rejected"
	EventRecipientEmailOpened    = "recipient.emailOpened"
	EventRecipientVisiting       = "recipient.visiting"
	EventRecipientBounced        = "recipient.bounced"
)

// StatusBatch is the "all" callback, sent every 6 minutes: every document
// and signer status change since the previous batch, in order.
//
// As a webhook.Event: ID is "batch:" plus a hash of the signed data, so a
// redelivered batch has the same ID (deduplication works); OccurredAt is the
// latest change's time; Lifecycle is the most advanced stage of any change
// (Completed, Declined, Cancelled, Expired, Failed, Signed, Viewed, Sent,
// Created, Other, in that order) — a hint only, since a batch mixes
// documents: act on Changes, each of which is a webhook.Event itself with
// its own ID and Lifecycle (pass them to webhook.Handler.Dispatch to reuse
// per-change handlers).
type StatusBatch struct {
	webhook.Meta
	// Changes are the status changes in the order they occurred.
	Changes []*StatusChange
	// Data is the exact signed JSON text.
	Data string
}

// StatusChange is one entry of a StatusBatch: {timestamp, name, value,
// resource_uri}. It implements webhook.Event: Type is "<kind>.<name>"
// ("signer.status"), ID is "<kind>:<id>:<name>=<value>@<unix time>",
// Lifecycle follows the typed status.
type StatusChange struct {
	webhook.Meta
	// Kind is the resource name in the URI: ResourceDocument or
	// ResourceSigner (plural forms are normalized), or another name as sent.
	Kind string
	// ResourceURI is the changed resource, e.g. "/api/v1/signer/<id>/".
	ResourceURI string
	// ResourceID is the id part of ResourceURI.
	ResourceID string
	// Name is the changed attribute; "status" in every documented case.
	Name string
	// Value is the new value as sent (a string).
	Value string
	// DocumentStatus is set when Kind is document and Name is status.
	DocumentStatus DocumentStatus
	// SignerStatus is set when Kind is signer and Name is status.
	SignerStatus SignerStatus
	// Time is when the change happened; zone-less timestamps are UTC.
	Time time.Time
}

// IsDocument reports whether the change concerns a document.
func (c *StatusChange) IsDocument() bool { return c.Kind == ResourceDocument }

// IsSigner reports whether the change concerns a signer.
func (c *StatusChange) IsSigner() bool { return c.Kind == ResourceSigner }

// LegacyCallback is a per-event form callback ("signed", "sent",
// "rejected"): the document's fields, with the signed JSON text. When
// json_signed decodes as a JSON object its values take precedence over the
// unsigned form fields (and verification requires them to agree).
//
// Type is TypeLegacySigned/Sent/Rejected, or TypeLegacy when the event is
// unknown; ID is "<uuid>:<event>"; OccurredAt is zero (nothing is sent);
// Lifecycle: signed → Completed (it is emitted when the final PDF exists),
// sent → Sent, rejected → Declined, unknown → Other.
type LegacyCallback struct {
	webhook.Meta
	// Event is "signed", "sent", "rejected", or "" when unknown.
	Event       string
	Name        string
	ResourceURI string
	UUID        string
	Group       string
	Tag         string
	Tag1        string
	Tag2        string
	// Fields holds every field (form fields overlaid with json_signed).
	// Form fields absent from json_signed are not covered by the signature.
	Fields map[string]string
	// Signed holds the scalar values of json_signed when it is a JSON object
	// (nil otherwise): the only values the signature covers.
	Signed map[string]string
	// JSONSigned is the exact signed text.
	JSONSigned string
}

// DocumentID returns the document id (UUID, or the id of ResourceURI).
func (c *LegacyCallback) DocumentID() string {
	if c.UUID != "" {
		return c.UUID
	}
	return IDFromURI(c.ResourceURI)
}

// RealtimeEvent is a realtime JSON callback {version, object, event, id,
// created, data}. Type is "<object>.<event>" (or event when it already
// contains a dot), ID is the id field, OccurredAt is created.
type RealtimeEvent struct {
	webhook.Meta
	Version string
	Object  string // "document" or "recipient"
	Event   string // as sent
	EventID string
	Created time.Time
	// Data is the event's data object, undecoded.
	Data json.RawMessage
}

// DecodeData decodes Data into v.
func (e *RealtimeEvent) DecodeData(v any) error { return json.Unmarshal(e.Data, v) }

// UnknownEvent is a delivery of no known shape. It keeps the raw body and,
// for forms, the decoded fields.
type UnknownEvent struct {
	webhook.Meta
	Fields map[string]string
}

// parseOptions are the parts of the callback options parsing uses.
type parseOptions struct {
	legacyEvent string
}

// parseCallback decodes any callback without verification.
func parseCallback(contentType string, body []byte, po parseOptions) (webhook.Event, error) {
	if len(body) > webhook.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("%w: %w", webhook.ErrInvalidPayload, webhook.ErrBodyTooLarge)
	}
	raw := bytes.Clone(body)
	if kindOf(contentType, body) == kindJSON {
		return parseRealtime(raw)
	}
	f, err := parseForm(contentType, raw)
	if err != nil {
		return nil, fmt.Errorf("%w: form: %w", webhook.ErrInvalidPayload, err)
	}
	if data, ok := f.get(FieldData); ok {
		return parseBatch(raw, data)
	}
	if js, ok := f.get(FieldJSONSigned); ok {
		return parseLegacy(raw, f, js, po), nil
	}
	return &UnknownEvent{Meta: webhook.NewMeta(ProviderName, TypeUnknown, "", time.Time{}, raw, webhook.Other), Fields: f.strings()}, nil
}

func (f *form) strings() map[string]string {
	m := make(map[string]string, len(f.values))
	for k, v := range f.values {
		m[k] = string(v)
	}
	return m
}

type wireChange struct {
	Timestamp   json.RawMessage `json:"timestamp"`
	Name        json.RawMessage `json:"name"`
	Value       json.RawMessage `json:"value"`
	ResourceURI json.RawMessage `json:"resource_uri"`
}

func parseBatch(raw, data []byte) (*StatusBatch, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(data, &items); err != nil {
		return nil, fmt.Errorf("%w: data is not a JSON list: %v", webhook.ErrInvalidPayload, err)
	}
	b := &StatusBatch{Data: string(data), Changes: make([]*StatusChange, 0, len(items))}
	var latest time.Time
	best := webhook.Other
	for i, it := range items {
		var w wireChange
		if err := json.Unmarshal(it, &w); err != nil {
			return nil, fmt.Errorf("%w: data[%d] is not an object: %v", webhook.ErrInvalidPayload, i, err)
		}
		ch := newChange(it, w)
		if ch.Time.After(latest) {
			latest = ch.Time
		}
		if rank(ch.Lifecycle()) > rank(best) {
			best = ch.Lifecycle()
		}
		b.Changes = append(b.Changes, ch)
	}
	sum := sha256.Sum256(data)
	b.Meta = webhook.NewMeta(ProviderName, TypeStatusBatch, "batch:"+hex.EncodeToString(sum[:16]), latest, raw, best)
	return b, nil
}

func newChange(raw json.RawMessage, w wireChange) *StatusChange {
	text := func(r json.RawMessage) string { s, _ := flexText(r); return strings.TrimSpace(s) }
	ch := &StatusChange{Name: text(w.Name), Value: text(w.Value), ResourceURI: text(w.ResourceURI)}
	if ts := text(w.Timestamp); ts != "" {
		if t, err := timeutil.Parse(ts); err == nil {
			ch.Time = t.UTC()
		}
	}
	if kind, id, err := ParseResourceURI(ch.ResourceURI); err == nil {
		ch.Kind, ch.ResourceID = normalizeKind(kind), id
	}
	lc := webhook.Other
	if ch.Name == "status" {
		if n, err := strconv.Atoi(ch.Value); err == nil {
			switch ch.Kind {
			case ResourceDocument:
				ch.DocumentStatus = DocumentStatus(n)
				lc = ch.DocumentStatus.Lifecycle()
			case ResourceSigner:
				ch.SignerStatus = SignerStatus(n)
				lc = ch.SignerStatus.Lifecycle()
			}
		}
	}
	kind := ch.Kind
	if kind == "" {
		kind = "resource"
	}
	typ := kind + "." + ch.Name
	id := kind + ":" + ch.ResourceID + ":" + ch.Name + "=" + ch.Value
	if !ch.Time.IsZero() {
		id += "@" + strconv.FormatInt(ch.Time.Unix(), 10)
	}
	ch.Meta = webhook.NewMeta(ProviderName, typ, id, ch.Time, []byte(raw), lc)
	return ch
}

func normalizeKind(k string) string {
	switch k {
	case "documents":
		return ResourceDocument
	case "signers":
		return ResourceSigner
	}
	return k
}

// rank orders lifecycles from least to most advanced for StatusBatch.
func rank(l webhook.Lifecycle) int {
	switch l {
	case webhook.Created:
		return 1
	case webhook.Sent:
		return 2
	case webhook.Viewed:
		return 3
	case webhook.Signed:
		return 4
	case webhook.Failed:
		return 5
	case webhook.Expired:
		return 6
	case webhook.Cancelled:
		return 7
	case webhook.Declined:
		return 8
	case webhook.Completed:
		return 9
	}
	return 0
}

// legacyFields are the document fields of a per-event callback.
var legacyFields = []string{"name", "resource_uri", "uuid", "group", "tag", "tag1", "tag2"}

// signedObject decodes json_signed as a flat object of scalars (nil when it
// is not one).
func signedObject(js []byte) map[string]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(js, &m) != nil || m == nil {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, err := flexText(v); err == nil {
			out[k] = s
		}
	}
	return out
}

func parseLegacy(raw []byte, f *form, js []byte, po parseOptions) *LegacyCallback {
	fields := make(map[string]string, len(f.values))
	for k, v := range f.values {
		if k != FieldJSONSigned {
			fields[k] = string(v)
		}
	}
	signed := signedObject(js)
	for k, v := range signed {
		fields[k] = v
	}
	c := &LegacyCallback{
		Name: fields["name"], ResourceURI: fields["resource_uri"], UUID: fields["uuid"], Group: fields["group"],
		Tag: fields["tag"], Tag1: fields["tag1"], Tag2: fields["tag2"], Fields: fields, Signed: signed, JSONSigned: string(js),
	}
	c.Event = strings.ToLower(strings.TrimSpace(po.legacyEvent))
	if c.Event == "" {
		c.Event = strings.ToLower(strings.TrimSpace(signed["event"]))
	}
	typ, lc := TypeLegacy, webhook.Other
	switch c.Event {
	case string(NotifySigned):
		typ, lc = TypeLegacySigned, webhook.Completed
	case string(NotifySent):
		typ, lc = TypeLegacySent, webhook.Sent
	case string(NotifyRejected):
		typ, lc = TypeLegacyRejected, webhook.Declined
	}
	id := c.DocumentID()
	if id != "" {
		id += ":" + c.Event
	}
	c.Meta = webhook.NewMeta(ProviderName, typ, id, time.Time{}, raw, lc)
	return c
}

type wireRealtime struct {
	Version json.RawMessage `json:"version"`
	Object  json.RawMessage `json:"object"`
	Event   json.RawMessage `json:"event"`
	ID      json.RawMessage `json:"id"`
	Created json.RawMessage `json:"created"`
	Data    json.RawMessage `json:"data"`
}

func parseRealtime(raw []byte) (webhook.Event, error) {
	var w wireRealtime
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, fmt.Errorf("%w: %v", webhook.ErrInvalidPayload, err)
	}
	text := func(r json.RawMessage) string { s, _ := flexText(r); return strings.TrimSpace(s) }
	e := &RealtimeEvent{Version: text(w.Version), Object: text(w.Object), Event: text(w.Event), EventID: text(w.ID), Data: w.Data}
	if e.Object == "" && e.Event == "" {
		return &UnknownEvent{Meta: webhook.NewMeta(ProviderName, TypeUnknown, e.EventID, time.Time{}, raw, webhook.Other)}, nil
	}
	var created timeutil.Time
	if len(w.Created) > 0 && created.UnmarshalJSON(w.Created) == nil {
		e.Created = created.UTC()
	}
	typ := e.Event
	if !strings.Contains(typ, ".") && e.Object != "" {
		typ = e.Object + "." + e.Event
	}
	e.Meta = webhook.NewMeta(ProviderName, typ, e.EventID, e.Created, raw, realtimeLifecycle(typ))
	return e, nil
}

func realtimeLifecycle(typ string) webhook.Lifecycle {
	switch typ {
	case EventDocumentCreated:
		return webhook.Created
	case EventDocumentFinalPDFCreated:
		return webhook.Completed
	case EventDocumentRejected, EventRecipientRejected:
		return webhook.Declined
	case EventRecipientCompleted:
		return webhook.Signed
	case EventRecipientEmailOpened, EventRecipientVisiting:
		return webhook.Viewed
	case EventRecipientBounced:
		return webhook.Failed
	}
	return webhook.Other
}
