package legacyv1

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/jsonscan"
	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// EventType is what an event's Type() reports.
type EventType string

// Event types of the form callbacks.
const (
	// EventStatusBatch is the "all" callback: a batch of status changes.
	EventStatusBatch EventType = "status_batch"
	// EventDocumentStatus and EventSignerStatus are the changes inside a
	// batch ("<kind>.<name>"; other kinds and names are reported as sent).
	EventDocumentStatus EventType = "document.status"
	EventSignerStatus   EventType = "signer.status"
	// EventLegacySigned, EventLegacySent and EventLegacyRejected are the
	// per-event form callbacks; EventLegacy is one whose event is unknown
	// (see WithLegacyEvent).
	EventLegacySigned   EventType = "legacy.signed"
	EventLegacySent     EventType = "legacy.sent"
	EventLegacyRejected EventType = "legacy.rejected"
	EventLegacy         EventType = "legacy"
	// EventUnknown is the Type of a delivery of no known shape
	// (*UnknownEvent); an UnknownEvent of a realtime delivery whose event
	// is not known reports "<object>.<event>" as sent instead.
	EventUnknown EventType = "unknown"
)

// Realtime event types (object "." event), as named by the event filters
// (WebhookEventFilterEnum): a realtime delivery of one of them decodes to a
// *RealtimeEvent, any other to an *UnknownEvent.
const (
	EventDocumentCreated         EventType = "document.created"
	EventDocumentRejected        EventType = "document.rejected"
	EventDocumentFinalPDFCreated EventType = "document.finalPdfCreated"
	EventRecipientCompleted      EventType = "recipient.completed"
	EventRecipientRejected       EventType = "recipient.rejected"
	EventRecipientEmailOpened    EventType = "recipient.emailOpened"
	EventRecipientVisiting       EventType = "recipient.visiting"
	EventRecipientBounced        EventType = "recipient.bounced"
)

// EventTypes returns every event type this package names, form callbacks
// first, then realtime ones (a new slice on each call).
func EventTypes() []EventType {
	form := []EventType{
		EventStatusBatch, EventDocumentStatus, EventSignerStatus, EventLegacySigned, EventLegacySent,
		EventLegacyRejected, EventLegacy, EventUnknown,
	}
	return append(form, realtimeEventTypes[:]...)
}

// realtimeEventTypes are the realtime types EventTypes names: the only
// ones that decode to a *RealtimeEvent.
var realtimeEventTypes = [...]EventType{
	EventDocumentCreated, EventDocumentRejected, EventDocumentFinalPDFCreated, EventRecipientCompleted,
	EventRecipientRejected, EventRecipientEmailOpened, EventRecipientVisiting, EventRecipientBounced,
}

// realtimeType is the realtime type EventTypes names that typ spells,
// ignoring case ("document.finalpdfcreated" is
// EventDocumentFinalPDFCreated).
func realtimeType(typ string) (EventType, bool) {
	for _, t := range realtimeEventTypes {
		if strings.EqualFold(typ, string(t)) {
			return t, true
		}
	}
	return "", false
}

// String returns the type's name.
func (t EventType) String() string { return string(t) }

// StatusBatch is the "all" callback, sent every 6 minutes: every document
// and signer status change since the previous batch, in order.
//
// As a webhook.Event: ID is "batch:" plus a hash of the signed data, so a
// redelivered batch has the same ID (deduplication works); OccurredAt is the
// latest change's time; Lifecycle is the most advanced stage of any change
// (Completed, Declined, Cancelled, Expired, Failed, Signed, Viewed, Sent,
// Created, Other, in that order) — a hint only, since a batch mixes
// documents: act on Changes, each of which is a webhook.Event itself with
// its own ID and Lifecycle. ProcessChanges runs them through a Handler's
// dedupe and dispatch, so a change delivered twice, or recovered by
// Documents.Changes after an outage, is handled once.
type StatusBatch struct {
	webhook.Meta
	// Changes are the status changes in the order they occurred.
	Changes []*StatusChange
	// Data is the exact signed JSON text.
	Data string
}

// StatusChange is one entry of a StatusBatch: {timestamp, name, value,
// resource_uri}. It implements webhook.Event: Type is "<kind>.<name>"
// ("signer.status"), Lifecycle follows the typed status, and ID is
// "<kind>:<id>:<name>=<value>" ("signer:<id>:status=40"): what changed and
// to what, not when, so the same change delivered in two batches, or
// recovered from the document by Documents.Changes (which cannot know when
// it happened), has one ID and is handled once (ProcessChanges). A
// resource returning to a status it had (a signer sent the document again
// after a reset) is therefore not handled again while the dedupe store
// remembers the first time.
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
// Type is EventLegacySigned/Sent/Rejected, or EventLegacy when the event is
// unknown; ID is "<uuid>:<event>:<digest>", the digest covering every form
// field (decoded, in key order), so a redelivery has the same ID and two
// different callbacks for one document never share one; OccurredAt is zero
// (nothing is sent);
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
// created, data} of one of the realtime types EventTypes names (any other
// event decodes to an *UnknownEvent). Type is "<object>.<event>" (or event
// when it already contains a dot), spelled as the EventType constant; ID
// is the id field (webhook.BodyID of the body when it has none),
// OccurredAt is created.
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

// UnknownEvent is a delivery this package does not know, never an error:
//
//   - a form of no known shape (no data, no json_signed): Fields holds its
//     fields;
//   - a JSON object without object and event;
//   - a realtime delivery whose event is none of the realtime types
//     EventTypes names ("document.teleported"): Type is
//     "<object>.<event>" as sent, ID and OccurredAt are read as for a
//     RealtimeEvent.
//
// A JSON delivery's members are read as a RealtimeEvent's are (Version,
// Object, Event, EventID, Created, Data; what does not read is listed by
// DecodeIssues). Every UnknownEvent keeps the raw body (Raw); its
// Lifecycle is Other, and Type is EventUnknown unless a realtime event
// named one.
type UnknownEvent struct {
	webhook.Meta
	// Fields holds a form delivery's fields (nil for JSON).
	Fields map[string]string
	// Version, Object, Event, EventID, Created and Data are a JSON
	// delivery's members, as RealtimeEvent has them (zero for forms).
	Version string
	Object  string
	Event   string
	EventID string
	Created time.Time
	Data    json.RawMessage
}

// DecodeData decodes Data into v.
func (e *UnknownEvent) DecodeData(v any) error { return json.Unmarshal(e.Data, v) }

// decodeForm decodes a parsed form callback; body is its exact bytes (the
// event's Raw, not copied).
func decodeForm(body []byte, f *form, event string) (webhook.Event, error) {
	if data, ok := f.get(FieldData); ok {
		return parseBatch(body, data)
	}
	if js, ok := f.get(FieldJSONSigned); ok {
		return parseLegacy(body, f, js, event), nil
	}
	return &UnknownEvent{Meta: webhook.NewMeta(ProviderName, string(EventUnknown), "", time.Time{}, body, webhook.Other), Fields: f.strings()}, nil
}

func (f *form) strings() map[string]string {
	m := make(map[string]string, len(f.values))
	for k, v := range f.values {
		m[k] = string(v)
	}
	return m
}

// wireChange is one entry of a batch's data, read in place: each entry's
// members are picked by a byte scan (no second reading by encoding/json),
// its exact bytes kept as its Raw.
type wireChange struct {
	raw                                 []byte
	timestamp, name, value, resourceURI string
}

// read reads one entry; a member that is not a scalar is listed in issues
// (under the entry's path) and left empty. An entry that is not an object
// is an error.
func (w *wireChange) read(b []byte, at string, issues *tolerant.Collector) error {
	*w = wireChange{raw: b}
	return jsonscan.Members(b, func(k, v []byte) error {
		var dst *string
		switch string(k) {
		case "timestamp":
			dst = &w.timestamp
		case "name":
			dst = &w.name
		case "value":
			dst = &w.value
		case "resource_uri":
			dst = &w.resourceURI
		default:
			return nil
		}
		if len(v) > 0 && (v[0] == '{' || v[0] == '[') {
			issues.AddValue(at+"."+string(k), v, fmt.Errorf("%s is %s, not a value", k, jsonKind(v)))
			*dst = ""
			return nil
		}
		*dst = changeText(v)
		return nil
	})
}

// changeText reads a batch entry's value: a string, or any other JSON value
// as its text. The usual names and small numbers come from a table, so a
// batch costs an allocation only for what differs from entry to entry.
func changeText(v []byte) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		if s, ok := commonText[string(v[1:len(v)-1])]; ok {
			return s
		}
		if s, err := jsonscan.Unquote(v); err == nil {
			return strings.TrimSpace(s)
		}
	}
	s, _ := flexText(v)
	return strings.TrimSpace(s)
}

// commonText interns the texts every batch repeats (an immutable table).
var commonText = func() map[string]string {
	m := map[string]string{"status": "status"}
	for i := range 101 {
		s := strconv.Itoa(i)
		m[s] = s
	}
	return m
}()

// splitURI is ParseResourceURI for the shape every batch entry has,
// "/api/v1/<kind>/<id>/" (substrings, no allocation); anything else goes
// through ParseResourceURI.
func splitURI(uri string) (kind, id string, err error) {
	if rest, ok := strings.CutPrefix(uri, "/api/v1/"); ok && !strings.ContainsAny(rest, "%?#: ") {
		rest = strings.TrimSuffix(rest, "/")
		if k, i, ok := strings.Cut(rest, "/"); ok && k != "" && i != "" && !strings.Contains(i, "/") {
			return k, i, nil
		}
	}
	return ParseResourceURI(uri)
}

// parseBatch decodes the data of an "all" callback, tolerantly: an entry
// that is not an object, a member that is not a value, or a timestamp in an
// unknown shape is listed in the batch's issues (paths "data[3]",
// "data[3].timestamp") and the rest decodes (an entry that is not an object
// is skipped). data that is not a JSON list is an error.
func parseBatch(raw, data []byte) (*StatusBatch, error) {
	b, issues, err := decodeBatch(raw, data)
	if err != nil {
		return nil, err
	}
	b.SetDecodeIssues(issues)
	return b, nil
}

// decodeBatch is parseBatch, returning the issues.
func decodeBatch(raw, data []byte) (*StatusBatch, []webhook.DecodeIssue, error) {
	t := bytes.TrimSpace(data)
	if len(t) == 0 || t[0] != '[' || !json.Valid(t) {
		return nil, nil, fmt.Errorf("%w: data is not a JSON list of objects", webhook.ErrInvalidPayload)
	}
	var issues tolerant.Collector
	// Every entry that decodes is an object, with a '{' of its own: an
	// upper bound, so the changes never move while they are pointed at.
	n := bytes.Count(t, []byte{'{'})
	b := &StatusBatch{Data: string(data), Changes: make([]*StatusChange, 0, n)}
	all := make([]StatusChange, 0, n)
	var w wireChange
	var latest time.Time
	best := webhook.Other
	i := 0
	err := jsonscan.Elements(t, func(v []byte) error {
		defer func() { i++ }()
		at := "data[" + strconv.Itoa(i) + "]"
		if err := w.read(v, at, &issues); err != nil {
			issues.AddValue(at, v, fmt.Errorf("a change must be a JSON object {timestamp, name, value, resource_uri}, got %s", jsonKind(v)))
			return nil
		}
		all = append(all, StatusChange{})
		ch := &all[len(all)-1]
		if err := newChange(ch, &w); err != nil {
			issues.AddValue(at+".timestamp", nil, err)
		}
		if ch.Time.After(latest) {
			latest = ch.Time
		}
		if rank(ch.Lifecycle()) > rank(best) {
			best = ch.Lifecycle()
		}
		b.Changes = append(b.Changes, ch)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("%w: data is not a JSON list of objects: %v", webhook.ErrInvalidPayload, err)
	}
	sum := sha256.Sum256(data)
	b.Meta = webhook.NewMeta(ProviderName, string(EventStatusBatch), "batch:"+hex.EncodeToString(sum[:16]), latest, raw, best)
	return b, issues.Issues(), nil
}

// newChange fills ch from a batch entry; the error is a timestamp that
// does not parse (Time is then zero).
func newChange(ch *StatusChange, w *wireChange) error {
	*ch = StatusChange{Name: w.name, Value: w.value, ResourceURI: w.resourceURI}
	var terr error
	if w.timestamp != "" {
		if t, err := timeutil.Parse(w.timestamp); err == nil {
			ch.Time = t.UTC()
		} else {
			terr = err
		}
	}
	if kind, id, err := splitURI(ch.ResourceURI); err == nil {
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
	var typ string
	switch {
	case ch.Name == "status" && kind == ResourceDocument:
		typ = string(EventDocumentStatus)
	case ch.Name == "status" && kind == ResourceSigner:
		typ = string(EventSignerStatus)
	default:
		typ = kind + "." + ch.Name
	}
	var buf [128]byte
	id := append(buf[:0], kind...)
	id = append(append(id, ':'), ch.ResourceID...)
	id = append(append(id, ':'), ch.Name...)
	id = append(append(id, '='), ch.Value...)
	ch.Meta = webhook.NewMeta(ProviderName, typ, string(id), ch.Time, w.raw, lc)
	return terr
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

func parseLegacy(raw []byte, f *form, js []byte, event string) *LegacyCallback {
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
	var issues tolerant.Collector
	if signed == nil && len(bytes.TrimSpace(js)) > 0 {
		issues.AddValue(FieldJSONSigned, js, errors.New("json_signed is not a JSON object: its values are not read (the form fields are kept, unsigned)"))
	}
	c := &LegacyCallback{
		Name: fields["name"], ResourceURI: fields["resource_uri"], UUID: fields["uuid"], Group: fields["group"],
		Tag: fields["tag"], Tag1: fields["tag1"], Tag2: fields["tag2"], Fields: fields, Signed: signed, JSONSigned: string(js),
	}
	c.Event = strings.ToLower(strings.TrimSpace(event))
	if c.Event == "" {
		c.Event = strings.ToLower(strings.TrimSpace(signed["event"]))
	}
	typ, lc := EventLegacy, webhook.Other
	switch c.Event {
	case string(NotifySigned):
		typ, lc = EventLegacySigned, webhook.Completed
	case string(NotifySent):
		typ, lc = EventLegacySent, webhook.Sent
	case string(NotifyRejected):
		typ, lc = EventLegacyRejected, webhook.Declined
	}
	doc := c.DocumentID()
	if doc == "" {
		doc = "legacy"
	}
	c.Meta = webhook.NewMeta(ProviderName, string(typ), doc+":"+c.Event+":"+formDigest(f), time.Time{}, raw, lc)
	c.SetDecodeIssues(issues.Issues())
	return c
}

// wireRealtime is a realtime delivery, read once: its members are kept as
// references into the body and read leniently.
type wireRealtime struct {
	Version rawRef `json:"version"`
	Object  rawRef `json:"object"`
	Event   rawRef `json:"event"`
	ID      rawRef `json:"id"`
	Created rawRef `json:"created"`
	Data    rawRef `json:"data"`
}

// rawRef is a JSON value kept as a reference into the decoded input.
type rawRef []byte

func (r *rawRef) UnmarshalJSON(b []byte) error { *r = b; return nil }

// parseRealtime decodes a realtime delivery, tolerantly: a member that is
// not a value (version, object, event, id) or a created time in an unknown
// shape is left empty and listed; a body that is not a JSON object is an
// error.
func parseRealtime(raw []byte) (webhook.Event, error) {
	ev, issues, err := decodeRealtime(raw)
	if err != nil {
		return nil, err
	}
	switch e := ev.(type) {
	case *RealtimeEvent:
		e.SetDecodeIssues(issues)
	case *UnknownEvent:
		e.SetDecodeIssues(issues)
	}
	return ev, nil
}

// decodeRealtime is parseRealtime, returning the issues.
func decodeRealtime(raw []byte) (webhook.Event, []webhook.DecodeIssue, error) {
	var w wireRealtime
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", webhook.ErrInvalidPayload, err)
	}
	var issues tolerant.Collector
	text := func(key string, r rawRef) string {
		if len(r) > 0 && (r[0] == '{' || r[0] == '[') {
			issues.AddValue(key, r, fmt.Errorf("%s is %s, not a value", key, jsonKind(r)))
			return ""
		}
		s, _ := flexText(r)
		return strings.TrimSpace(s)
	}
	e := &RealtimeEvent{Version: text("version", w.Version), Object: text("object", w.Object), Event: text("event", w.Event),
		EventID: text("id", w.ID), Data: json.RawMessage(w.Data)}
	if len(w.Created) > 0 {
		var created timeutil.Time
		if err := created.UnmarshalJSON(w.Created); err == nil {
			e.Created = created.UTC()
		} else {
			issues.AddValue("created", w.Created, err)
		}
	}
	unknown := func(typ, id string) *UnknownEvent {
		return &UnknownEvent{Meta: webhook.NewMeta(ProviderName, typ, id, e.Created, raw, webhook.Other),
			Version: e.Version, Object: e.Object, Event: e.Event, EventID: e.EventID, Created: e.Created, Data: e.Data}
	}
	if e.Object == "" && e.Event == "" {
		return unknown(string(EventUnknown), e.EventID), issues.Issues(), nil
	}
	typ := e.Event
	if !strings.Contains(typ, ".") && e.Object != "" {
		typ = e.Object + "." + e.Event
	}
	id := e.EventID
	if id == "" {
		id = webhook.BodyID(raw)
	}
	known, ok := realtimeType(typ)
	if !ok {
		return unknown(typ, id), issues.Issues(), nil
	}
	e.Meta = webhook.NewMeta(ProviderName, string(known), id, e.Created, raw, realtimeLifecycle(known))
	return e, issues.Issues(), nil
}

func realtimeLifecycle(typ EventType) webhook.Lifecycle {
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
