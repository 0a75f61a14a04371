package blueinktest

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Records of the account's resources.
type (
	person struct {
		Name     string          `json:"name"`
		Metadata json.RawMessage `json:"metadata"`
		Channels []channel       `json:"channels"`
	}
	channel struct {
		ID    string `json:"id"`
		Kind  string `json:"kind"`
		Email string `json:"email,omitempty"`
		Phone string `json:"phone,omitempty"`
	}
	template struct {
		blueink.Template
		file *storedFile
	}
	envelope struct {
		name, description string
		templateIDs       []string
	}
	hook struct {
		Name       string   `json:"name"`
		URL        string   `json:"url"`
		Enabled    bool     `json:"enabled"`
		JSON       bool     `json:"json"`
		EventTypes []string `json:"event_types"`
	}
	header struct {
		Webhook string `json:"webhook"`
		Name    string `json:"name"`
		Value   string `json:"value"`
		Order   int    `json:"order"`
	}
	// logEntry is what the event and delivery logs share.
	logEntry struct {
		Webhook, Type string
		Status        int
	}
	// event is a webhook event record (one per webhook the event went to).
	event struct {
		logEntry
		Payload string
		Success bool
	}
	delivery struct {
		logEntry
		Event, Message string
	}
)

// ---- persons

func renderPerson(_ *fs.Call, it *fs.Item[person]) any {
	md := it.V.Metadata
	if md == nil {
		md = json.RawMessage("{}")
	}
	return map[string]any{"id": it.ID, "name": it.V.Name, "metadata": md, "is_user": false, "channels": append([]channel{}, it.V.Channels...)}
}

func personText(it *fs.Item[person]) []string {
	out := []string{it.V.Name}
	for _, ch := range it.V.Channels {
		out = append(out, ch.Email, ch.Phone)
	}
	return slices.DeleteFunc(out, func(s string) bool { return s == "" })
}

// writePerson creates or replaces (full: POST, PUT; channels omitted are
// deleted, a channel with a known id keeps it) or updates (PATCH: the
// fields given; a channel with an id updates that channel and the live
// packets linked to the person that were sending to its old email or
// phone, one without is added unless its email or phone exists) a person.
// Channel ids must be the person's.
func writePerson(full bool) func(*fs.Call, *fs.Item[person]) *fs.Error {
	return func(c *fs.Call, it *fs.Item[person]) *fs.Error {
		var r person
		k := read(c, &r)
		object(k, "metadata", r.Metadata)
		exists := persons.Get(c, it.ID) != nil
		for i, ch := range r.Channels {
			f := index("channels", i)
			oneOf(k, f+".kind", ch.Kind, true, "em", "mp")
			k.Field(ch.Kind == "em" && !validEmail(ch.Email), f+".email", msgBadEmail)
			k.Field(ch.Kind == "mp" && strings.TrimSpace(ch.Phone) == "", f+".phone", "A phone number is required for a mobile phone channel.")
			k.Field(exists && ch.ID != "" && it.V.channel(ch.ID) == nil, f+".id", noSuch(ch.ID))
		}
		if e := k.Err(); e != nil {
			return e
		}
		if !isJSON(r.Metadata) {
			r.Metadata = nil
		}
		if full {
			for i, ch := range r.Channels {
				if ch.ID == "" || !exists {
					r.Channels[i].ID = c.UUID()
				}
			}
			it.V = r
			return nil
		}
		if given(c.Body, "name") {
			it.V.Name = r.Name
		}
		if r.Metadata != nil {
			it.V.Metadata = r.Metadata
		}
		for _, ch := range r.Channels {
			if old := it.V.channel(ch.ID); old != nil {
				retarget(c, it.ID, *old, ch)
				*old = ch
			} else if !it.V.has(ch.Kind, ch.Email+ch.Phone) {
				ch.ID = c.UUID()
				it.V.Channels = append(it.V.Channels, ch)
			}
		}
		return nil
	}
}

// retarget moves the live packets linked to a person that send to old's
// email or phone to the channel's new value.
func retarget(c *fs.Call, personID string, old, updated channel) {
	for _, b := range bundles.All(c) {
		for _, pk := range b.V.packets {
			if pk.personID != personID || !open(&b.V, pk) || old.Kind != updated.Kind {
				continue
			}
			if old.Kind == "em" && old.Email != "" && pk.Email == old.Email {
				pk.Email = updated.Email
			}
			if old.Kind == "mp" && old.Phone != "" && pk.Phone == old.Phone {
				pk.Phone = updated.Phone
			}
		}
	}
}

func (p *person) channel(id string) *channel {
	i := slices.IndexFunc(p.Channels, func(ch channel) bool { return id != "" && ch.ID == id })
	if i < 0 {
		return nil
	}
	return &p.Channels[i]
}

func (p *person) has(kind, value string) bool {
	return slices.ContainsFunc(p.Channels, func(ch channel) bool { return ch.Kind == kind && ch.Email+ch.Phone == value })
}

// fill completes a packet's missing name, email and phone from the person.
func (p *person) fill(pk *packet) {
	pk.Name = cmp.Or(pk.Name, p.Name)
	for _, ch := range p.Channels {
		if ch.Kind == "em" {
			pk.Email = cmp.Or(pk.Email, ch.Email)
		} else {
			pk.Phone = cmp.Or(pk.Phone, ch.Phone)
		}
	}
}

// absorb takes a packet's name and adds its email and phone as channels.
func (p *person) absorb(c *fs.Call, pk *packet) {
	p.Name = cmp.Or(pk.Name, p.Name)
	if pk.Email != "" && !p.has("em", pk.Email) {
		p.Channels = append(p.Channels, channel{ID: c.UUID(), Kind: "em", Email: pk.Email})
	}
	if pk.Phone != "" && !p.has("mp", pk.Phone) {
		p.Channels = append(p.Channels, channel{ID: c.UUID(), Kind: "mp", Phone: pk.Phone})
	}
}

// deletePerson refuses while a live bundle has a packet linked to the
// person (409).
func deletePerson(c *fs.Call, it *fs.Item[person]) *fs.Error {
	for _, b := range bundles.All(c) {
		if live(b.V.status) && slices.ContainsFunc(b.V.packets, func(p *packet) bool { return p.personID == it.ID }) {
			return conflict("Cannot delete the Person, because it is associated with live bundle %s.", b.ID)
		}
	}
	return nil
}

// ---- templates

// AddTemplate stores a document template (as if prepared in BlueInk's UI)
// and returns its id: t.ID, or a new UUID when empty. Its file_url serves a
// generated PDF unless t.FileURL is set. Roles and fields are used when
// bundles are created from the template.
func (s *Server) AddTemplate(t blueink.Template) (id string) {
	s.e.Lock(func(c *fs.Call) {
		it := templates.New(c, "")
		it.ID, it.V = cmp.Or(t.ID, it.ID), template{t, &storedFile{external: t.FileURL}}
		if t.FileURL == "" {
			it.V.file = storeFile(it.ID+".pdf", PDF("BlueInk (blueinktest) document template", t.Name))
		}
		id = templates.Insert(c, it).ID
	})
	return id
}

// AddEnvelopeTemplate stores an envelope template made of the given
// document templates (added with AddTemplate) and returns its id: et.ID, or
// a new UUID when empty. Bundles created from it get one document per
// template, each role assigned to the packet whose key is the role key.
func (s *Server) AddEnvelopeTemplate(et blueink.EnvelopeTemplate, templateIDs ...string) (id string, err error) {
	err = s.e.Do(context.Background(), func(c *fs.Call) error {
		if len(templateIDs) == 0 {
			return fmt.Errorf("blueinktest: an envelope template needs at least one document template")
		}
		for _, t := range templateIDs {
			if templates.Get(c, t) == nil {
				return fmt.Errorf("blueinktest: document template %q: %w", t, ErrNotFound)
			}
		}
		it := envelopes.New(c, "")
		it.ID, it.V = cmp.Or(et.ID, it.ID), envelope{et.Name, et.Description, slices.Clone(templateIDs)}
		id = envelopes.Insert(c, it).ID
		return nil
	})
	return id, err
}

func renderTemplate(c *fs.Call, it *fs.Item[template]) any {
	md := it.V.Metadata
	if md == nil {
		md = map[string]any{}
	}
	return map[string]any{"id": it.ID, "name": it.V.Name, "is_shared": it.V.IsShared, "file_url": linkTo(c, it.V.file)["file_url"],
		"roles": append([]blueink.TemplateRole{}, it.V.Roles...), "fields": append([]blueink.TemplateField{}, it.V.Fields...),
		"metadata": md}
}

// updateTemplate is PATCH /templates/{id}/ (name, metadata).
func updateTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	var u struct {
		Name     *string         `json:"name"`
		Metadata json.RawMessage `json:"metadata"`
	}
	k := read(c, &u)
	object(k, "metadata", u.Metadata)
	if e := k.Field(u.Name != nil && *u.Name == "", "name", msgBlank).Err(); e != nil {
		return e
	}
	if u.Name != nil {
		it.V.Name = *u.Name
	}
	if isJSON(u.Metadata) {
		it.V.Metadata = nil // replaced, not merged
		_ = json.Unmarshal(u.Metadata, &it.V.Metadata)
	}
	return nil
}

// deleteTemplate is DELETE /templates/{id}/: a shared template cannot be
// deleted (403).
func deleteTemplate(_ *fs.Call, it *fs.Item[template]) *fs.Error {
	if it.V.IsShared {
		return &fs.Error{Status: http.StatusForbidden}
	}
	return nil
}

func renderEnvelope(_ *fs.Call, it *fs.Item[envelope]) any {
	return map[string]any{"id": it.ID, "name": it.V.name, "description": it.V.description}
}

// ---- webhooks and their extra headers

func renderWebhook(c *fs.Call, it *fs.Item[hook]) any {
	hs := []any{}
	for _, h := range headersOf(c, it.ID) {
		hs = append(hs, renderHeader(c, h))
	}
	return map[string]any{"id": it.ID, "name": it.V.Name, "url": it.V.URL, "enabled": it.V.Enabled, "json": it.V.JSON,
		"event_types": append([]string{}, it.V.EventTypes...), "extra_headers": hs}
}

func renderHeader(_ *fs.Call, it *fs.Item[header]) any {
	return struct {
		ID string `json:"id"`
		header
	}{it.ID, it.V}
}

// headersOf returns a webhook's extra headers by order, then creation.
func headersOf(c *fs.Call, webhookID string) []*fs.Item[header] {
	out := slices.DeleteFunc(headers.All(c), func(h *fs.Item[header]) bool { return h.V.Webhook != webhookID })
	slices.SortStableFunc(out, func(a, b *fs.Item[header]) int { return cmp.Compare(a.V.Order, b.V.Order) })
	return out
}

// writeWebhook creates or replaces (full: POST, PUT; name and url
// required, omitted event types unsubscribed, omitted enabled and json
// true) or updates (PATCH) a webhook; extra headers given replace the
// webhook's headers.
func writeWebhook(full bool) func(*fs.Call, *fs.Item[hook]) *fs.Error {
	return func(c *fs.Call, it *fs.Item[hook]) *fs.Error {
		h := hook{Enabled: true, JSON: true}
		if !full {
			h = it.V
			h.EventTypes = slices.Clone(h.EventTypes)
		}
		req := struct {
			*hook
			ExtraHeaders *[]json.RawMessage `json:"extra_headers"`
		}{hook: &h}
		k := read(c, &req)
		named := given(c.Body, "name")
		k.Field(full && !named, "name", msgRequired)
		k.Field(named && strings.TrimSpace(h.Name) == "", "name", msgBlank)
		k.Field(h.URL == "" && (full || given(c.Body, "url")), "url", msgRequired)
		k.Field(h.URL != "" && !validURL(h.URL), "url", msgBadURL)
		var types []string // without duplicates
		for i, t := range h.EventTypes {
			if oneOf(k, index("event_types", i), t, true, eventTypes...); !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
		var extra []header
		for i, raw := range *cmp.Or(req.ExtraHeaders, &[]json.RawMessage{}) {
			x := header{Webhook: it.ID, Order: 1}
			if e := decodeJSON(raw, &x); e != nil {
				return k.Add(e).Err()
			}
			checkHeader(k, fmt.Sprintf("extra_headers[%d].", i), x, raw, true)
			extra = append(extra, x)
		}
		if e := k.Err(); e != nil {
			return e
		}
		it.V, it.V.EventTypes = h, types
		if req.ExtraHeaders != nil {
			deleteWebhook(c, it)
			for _, x := range extra {
				headers.Add(c, "", x)
			}
		}
		return nil
	}
}

// deleteWebhook deletes a webhook's extra headers (with it); its event log
// stays.
func deleteWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	for _, h := range headersOf(c, it.ID) {
		headers.Remove(c, h.ID)
	}
	return nil
}

// checkHeader checks an extra header (raw: its JSON): the name an RFC
// 7230 token of at most 80 characters, the value at most 240 characters
// without control characters; full requests (POST, PUT) need both.
func checkHeader(k *fs.Check, prefix string, h header, raw []byte, full bool) {
	notToken := func(c rune) bool { return c <= ' ' || c >= 0x7f || strings.ContainsRune(`:(),/;<>=?@[]\{}"`, c) }
	switch {
	case !given(raw, "name"):
		k.Field(full, prefix+"name", msgRequired)
	case h.Name == "":
		k.Field(true, prefix+"name", msgBlank)
	case len(h.Name) > 80:
		k.Field(true, prefix+"name", "Ensure this field has no more than 80 characters.")
	default:
		k.Field(strings.ContainsFunc(h.Name, notToken), prefix+"name", "Header names must be RFC 7230 tokens.")
	}
	switch {
	case !given(raw, "value"):
		k.Field(full, prefix+"value", msgRequired)
	case len(h.Value) > 240:
		k.Field(true, prefix+"value", "Ensure this field has no more than 240 characters.")
	default:
		k.Field(strings.ContainsFunc(h.Value, func(c rune) bool { return c != '\t' && unicode.IsControl(c) }),
			prefix+"value", "Header values must not contain control characters.")
	}
}

// writeHeader creates or replaces (full; webhook required) or updates an
// extra header.
func writeHeader(full bool) func(*fs.Call, *fs.Item[header]) *fs.Error {
	return func(c *fs.Call, it *fs.Item[header]) *fs.Error {
		h := header{Webhook: it.V.Webhook, Order: 1}
		if !full {
			h = it.V
		}
		k := read(c, &h)
		k.Field(h.Webhook == "", "webhook", msgRequired)
		k.Field(h.Webhook != "" && webhooks.Get(c, h.Webhook) == nil, "webhook", noSuch(h.Webhook))
		checkHeader(k, "", h, c.Body, full)
		if e := k.Err(); e != nil {
			return e
		}
		it.V = h
		return nil
	}
}

// ---- webhook deliveries, their event and delivery logs, the secret

const deliveryAgent = "BlueInk-Webhooks (blueinktest)"

// prepareDeliveries records an event for every enabled webhook subscribed
// to typ (or, when only is set, for that webhook whatever its
// subscriptions) and prepares the signed deliveries; each attempt is
// logged in the API's delivery log.
func prepareDeliveries(c *fs.Call, typ string, payload blueink.EventPayload, only string) []fs.Outgoing {
	var out []fs.Outgoing
	for _, w := range webhooks.All(c) {
		if only != "" && w.ID != only || only == "" && (!w.V.Enabled || !slices.Contains(w.V.EventTypes, typ)) {
			continue
		}
		ev := events.Add(c, "", event{logEntry: logEntry{Webhook: w.ID, Type: typ}})
		date := ev.Created.UTC().Format("2006-01-02 15:04:05.000000-07:00")
		raw, _ := json.Marshal(payload)
		js, _ := json.Marshal(struct {
			EventID   string          `json:"event_id"`
			EventType string          `json:"event_type"`
			EventDate string          `json:"event_date"`
			AccountID string          `json:"account_id"`
			Payload   json.RawMessage `json:"payload"`
		}{ev.ID, typ, date, AccountID, raw})
		ev.V.Payload = string(js)
		body, h := js, http.Header{"Content-Type": {"application/json"}, "User-Agent": {deliveryAgent}}
		if !w.V.JSON {
			body = []byte(url.Values{"event_id": {ev.ID}, "event_type": {typ}, "event_date": {date},
				"account_id": {AccountID}, "payload": {string(raw)}}.Encode())
			h.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		for _, x := range headersOf(c, w.ID) {
			h.Add(x.V.Name, x.V.Value)
		}
		signBody(c, h, body)
		out = append(out, fs.Outgoing{WebhookID: w.ID, EventID: ev.ID, Event: typ, URL: w.V.URL, Header: h, Body: body,
			Done: func(c *fs.Call, d fs.Delivery[string]) {
				msg := "HTTP " + strconv.Itoa(d.Status)
				if d.Err != nil {
					msg = d.Err.Error()
				}
				rec := deliveries.Add(c, "", delivery{logEntry{w.ID, typ, d.Status}, ev.ID, msg})
				rec.Created = ev.Created // when the attempt started
				ev.V.Status, ev.V.Success = d.Status, d.OK()
			}})
	}
	return out
}

// signBody sets the signature headers of body: "v0=" + hex HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the current secret (none without one).
func signBody(c *fs.Call, h http.Header, body []byte) {
	if secret := srv(c).secret; secret != "" {
		sig, ts := webhooktest.SlackHeaders(body, c.Now(), secret)
		h.Set("X-Blueink-Signature", sig)
		h.Set("X-Blueink-Request-Timestamp", ts)
	}
}

func renderEvent(c *fs.Call, it *fs.Item[event]) any {
	ds := []any{}
	for _, d := range deliveries.All(c) {
		if d.V.Event == it.ID {
			ds = append(ds, renderDelivery(c, d))
		}
	}
	return map[string]any{"pk": it.ID, "webhook": it.V.Webhook, "event_type": it.V.Type, "payload": it.V.Payload,
		"status": it.V.Status, "success": it.V.Success, "created": c.Time(it.Created), "deliveries": ds}
}

func renderDelivery(c *fs.Call, it *fs.Item[delivery]) any {
	return map[string]any{"pk": it.ID, "webhook": it.V.Webhook, "webhook_event": it.V.Event, "event_type": it.V.Type,
		"status": it.V.Status, "message": it.V.Message, "timestamp": c.Time(it.Created)}
}

// logFilters are the filters of the event and delivery logs: webhook,
// event_type(__in), status(__in) and date_after/_before.
func logFilters[T interface{ entry() logEntry }]() []fs.Filter[T] {
	one := func(f func(logEntry) string) func(*fs.Item[T]) []string {
		return func(it *fs.Item[T]) []string { return []string{f(it.V.entry())} }
	}
	return slices.Concat([]fs.Filter[T]{match("webhook", nil, one(func(l logEntry) string { return l.Webhook }))},
		matchIn("event_type", among(eventTypes...), one(func(l logEntry) string { return l.Type })),
		matchIn("status", number, one(func(l logEntry) string { return strconv.Itoa(l.Status) })),
		days("date", fs.CreatedAt[T]))
}

func (l logEntry) entry() logEntry { return l }

var (
	// event_type and event_type__in match the webhook's subscriptions
	// (subscribedTo): the filters only check the values.
	webhookFilters = append(matchIn[hook]("event_type", among(eventTypes...), nil),
		flag("enabled", func(it *fs.Item[hook]) bool { return it.V.Enabled }))
	headerFilters = append(matchIn[header]("event_type", among(eventTypes...), nil),
		match("webhook", nil, func(it *fs.Item[header]) []string { return []string{it.V.Webhook} }))
	eventFilters    = append(logFilters[event](), flag("success", func(it *fs.Item[event]) bool { return it.V.Success }))
	deliveryFilters = append(logFilters[delivery](),
		match("webhook_event", nil, func(it *fs.Item[delivery]) []string { return []string{it.V.Event} }))
)

// base58 is the alphabet of webhook secrets (the spec's `format: b58`).
const base58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

func newSecret(c *fs.Call) string { return c.Token(32, base58) }

// getSecret answers the shared secret, or 404 when none was generated.
func getSecret(c *fs.Call) fs.Reply {
	s := srv(c)
	if s.secret == "" {
		return fs.Reply{Err: &fs.Error{Status: http.StatusNotFound, Code: "not_found", Message: "Shared secret has not been generated yet."}}
	}
	return fs.JSON(http.StatusOK, map[string]any{"secret": s.secret, "create_date": c.Time(s.secretAt)})
}

// regenerateSecret replaces the shared secret (GET as in the 2.2.3 spec,
// POST as BlueInk's official clients send it). Deliveries are signed with
// the new secret from now on.
func regenerateSecret(c *fs.Call) fs.Reply {
	s := srv(c)
	s.secret, s.secretAt = newSecret(c), c.Now()
	return getSecret(c)
}

// verify is POST /verify/ {"hash": sha256}: whether the hash is the
// SHA-256 of the final file of a complete bundle on this server
// ({"verified": true, "bundle_id", "completed_at"} or {"verified": false}).
// BlueInk does not publish the answer's schema; this one is the fake's.
func verify(c *fs.Call) fs.Reply {
	var req struct {
		Hash string `json:"hash"`
	}
	k := read(c, &req)
	h := strings.ToLower(strings.TrimSpace(req.Hash))
	sum, err := hex.DecodeString(h)
	if e := k.Field(err != nil || len(sum) != sha256.Size, "hash", "Enter a SHA-256 digest of 64 hexadecimal characters.").Err(); e != nil {
		return e.Reply()
	}
	for _, b := range bundles.All(c) {
		if b.V.final != nil && b.V.final.sha256 == h {
			return fs.JSON(http.StatusOK, map[string]any{"verified": true, "bundle_id": b.ID, "completed_at": c.Time(b.V.completed)})
		}
	}
	return fs.JSON(http.StatusOK, map[string]any{"verified": false})
}

// ---- files

// LinkLifetime is how long a file link (file_url of bundle files, COEs and
// templates) stays valid.
const LinkLifetime = 10 * time.Minute

// storedFile is a file the server serves, or one that lives elsewhere.
type storedFile struct {
	name, sha256, external string
	content                []byte
}

func storeFile(name string, content []byte) *storedFile {
	sum := sha256.Sum256(content)
	return &storedFile{name: name, content: content, sha256: hex.EncodeToString(sum[:])}
}

// linkTo issues a pre-signed link to f, valid for LinkLifetime: the
// File object {"file_url", "expires"}.
func linkTo(c *fs.Call, f *storedFile) map[string]any {
	u := f.external
	if u == "" {
		l := links.Add(c, "", f)
		u = c.Server().Root() + "/files/" + l.ID + "/" + f.name + "?X-Amz-Expires=" + strconv.Itoa(int(LinkLifetime/time.Second))
	}
	return map[string]any{"file_url": u, "expires": c.Time(c.Now().Add(LinkLifetime))}
}

// serveFile answers GET /files/<token>/<name>: no Authorization is needed
// (the link is pre-signed); an unknown token is 404 and an expired link
// 403, with S3-style XML bodies.
func serveFile(c *fs.Call) fs.Reply {
	l := links.Get(c, c.Param("token"))
	s3 := func(status int, code, msg string) fs.Reply {
		return fs.Reply{Status: status, ContentType: "application/xml",
			Raw: []byte(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>` + code + `</Code><Message>` + msg + `</Message></Error>`)}
	}
	switch {
	case l == nil:
		return s3(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
	case c.Now().After(l.Created.Add(LinkLifetime)):
		return s3(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	c.Header.Set("Content-Length", strconv.Itoa(len(l.V.content)))
	c.Header.Set("Content-Disposition", `attachment; filename="`+l.V.name+`"`)
	return fs.Reply{Status: http.StatusOK, ContentType: "application/pdf", Raw: l.V.content}
}

// PDF returns a minimal valid one-page PDF (US Letter, Helvetica) showing
// lines of text: a small, real document to upload in tests. Characters
// outside printable ASCII are replaced with '?'. The fake also generates
// its signed files and certificates with it.
func PDF(lines ...string) []byte { return fs.PDF(lines...) }
