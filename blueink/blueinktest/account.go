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

// decodePerson reads and checks a person's request; channel ids must be
// the person's (when it exists).
func decodePerson(c *fs.Call, it *fs.Item[person]) (person, *fs.Error) {
	var r person
	if e := decode(c, &r); e != nil {
		return r, e
	}
	var p problems
	object(&p, "metadata", r.Metadata)
	for i, ch := range r.Channels {
		f := index("channels", i)
		p.choice(f+".kind", ch.Kind, true, "em", "mp")
		if ch.Kind == "em" && (ch.Email == "" || !validEmail(ch.Email)) {
			p.add(f+".email", msgBadEmail)
		} else if ch.Kind == "mp" && strings.TrimSpace(ch.Phone) == "" {
			p.add(f+".phone", "A phone number is required for a mobile phone channel.")
		}
		if persons.Get(c, it.ID) != nil && ch.ID != "" && it.V.channel(ch.ID) == nil {
			p.add(f+".id", "Invalid pk %q - object does not exist.", ch.ID)
		}
	}
	if !isJSON(r.Metadata) {
		r.Metadata = nil
	}
	return r, p.err()
}

// putPerson creates or replaces a person: channels omitted from the
// request are deleted; a channel with a known id keeps it.
func putPerson(c *fs.Call, it *fs.Item[person]) *fs.Error {
	r, e := decodePerson(c, it)
	if e != nil {
		return e
	}
	for i, ch := range r.Channels {
		if ch.ID == "" || persons.Get(c, it.ID) == nil {
			r.Channels[i].ID = c.UUID()
		}
	}
	it.V = r
	return nil
}

// patchPerson updates the given fields: a channel with an id updates that
// channel (and the live packets linked to the person that were sending to
// its old email or phone), one without is added unless its email or phone
// exists.
func patchPerson(c *fs.Call, it *fs.Item[person]) *fs.Error {
	r, e := decodePerson(c, it)
	if e != nil {
		return e
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
	s.do(func(c *fs.Call) {
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
	if e := decode(c, &u); e != nil {
		return e
	}
	var p problems
	object(&p, "metadata", u.Metadata)
	if u.Name != nil && *u.Name == "" {
		p.add("name", msgBlank)
	}
	if e := p.err(); e != nil {
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

// putWebhook creates or replaces a webhook (name and url required):
// omitted event types are unsubscribed and omitted enabled and json take
// their defaults (true).
func putWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	return changeWebhook(c, it, hook{Enabled: true, JSON: true}, true)
}

func patchWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	h := it.V
	h.EventTypes = slices.Clone(h.EventTypes)
	return changeWebhook(c, it, h, false)
}

// changeWebhook applies a request to h: extra headers given replace the
// webhook's headers.
func changeWebhook(c *fs.Call, it *fs.Item[hook], h hook, full bool) *fs.Error {
	req := struct {
		*hook
		ExtraHeaders *[]json.RawMessage `json:"extra_headers"`
	}{hook: &h}
	if e := decode(c, &req); e != nil {
		return e
	}
	var p problems
	switch {
	case full && !given(c.Body, "name"):
		p.add("name", msgRequired)
	case strings.TrimSpace(h.Name) == "" && given(c.Body, "name"):
		p.add("name", msgBlank)
	}
	switch {
	case h.URL == "" && (full || given(c.Body, "url")):
		p.add("url", msgRequired)
	case h.URL != "" && !validURL(h.URL):
		p.add("url", msgBadURL)
	}
	var types []string // without duplicates
	for i, t := range h.EventTypes {
		if p.choice(index("event_types", i), t, true, eventTypes...); !slices.Contains(types, t) {
			types = append(types, t)
		}
	}
	var extra []header
	for i, raw := range *cmp.Or(req.ExtraHeaders, &[]json.RawMessage{}) {
		x := header{Webhook: it.ID, Order: 1}
		if e := decodeJSON(raw, &x); e != nil {
			return e
		}
		checkHeader(&p, fmt.Sprintf("extra_headers[%d].", i), x, raw, true)
		extra = append(extra, x)
	}
	if e := p.err(); e != nil {
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

// deleteWebhook deletes a webhook's extra headers (with it); its event log
// stays.
func deleteWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	for _, h := range headersOf(c, it.ID) {
		headers.Remove(c, h.ID)
	}
	return nil
}

// checkHeader validates an extra header (raw: its JSON): the name an RFC
// 7230 token of at most 80 characters, the value at most 240 characters
// without control characters; full requests (POST, PUT) need both.
func checkHeader(p *problems, prefix string, h header, raw []byte, full bool) {
	notToken := func(c rune) bool { return c <= ' ' || c >= 0x7f || strings.ContainsRune(`:(),/;<>=?@[]\{}"`, c) }
	switch {
	case !given(raw, "name"):
		if full {
			p.add(prefix+"name", msgRequired)
		}
	case h.Name == "":
		p.add(prefix+"name", msgBlank)
	case len(h.Name) > 80:
		p.add(prefix+"name", "Ensure this field has no more than 80 characters.")
	case strings.ContainsFunc(h.Name, notToken):
		p.add(prefix+"name", "Header names must be RFC 7230 tokens.")
	}
	switch {
	case !given(raw, "value"):
		if full {
			p.add(prefix+"value", msgRequired)
		}
	case len(h.Value) > 240:
		p.add(prefix+"value", "Ensure this field has no more than 240 characters.")
	case strings.ContainsFunc(h.Value, func(c rune) bool { return c != '\t' && unicode.IsControl(c) }):
		p.add(prefix+"value", "Header values must not contain control characters.")
	}
}

func putHeader(c *fs.Call, it *fs.Item[header]) *fs.Error {
	return changeHeader(c, it, header{Webhook: it.V.Webhook, Order: 1}, true)
}

func patchHeader(c *fs.Call, it *fs.Item[header]) *fs.Error { return changeHeader(c, it, it.V, false) }

// changeHeader creates (webhook required) or changes an extra header.
func changeHeader(c *fs.Call, it *fs.Item[header], h header, full bool) *fs.Error {
	if e := decode(c, &h); e != nil {
		return e
	}
	var p problems
	if h.Webhook == "" {
		p.add("webhook", msgRequired)
	} else if webhooks.Get(c, h.Webhook) == nil {
		p.add("webhook", "Invalid pk %q - object does not exist.", h.Webhook)
	}
	checkHeader(&p, "", h, c.Body, full)
	if e := p.err(); e != nil {
		return e
	}
	it.V = h
	return nil
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
		sign(c, h, body)
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

// sign sets the signature headers of body: "v0=" + hex HMAC-SHA256 of
// "v0:<timestamp>:<body>" with the current secret (none without one).
func sign(c *fs.Call, h http.Header, body []byte) {
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
func logFilters[T any](entry func(*fs.Item[T]) logEntry) []fs.Filter[T] {
	one := func(f func(logEntry) string) func(*fs.Item[T]) []string {
		return func(it *fs.Item[T]) []string { return []string{f(entry(it))} }
	}
	typ, status := one(func(l logEntry) string { return l.Type }), one(func(l logEntry) string { return strconv.Itoa(l.Status) })
	types := among(eventTypes...)
	return slices.Concat([]fs.Filter[T]{
		choice("webhook", false, nil, one(func(l logEntry) string { return l.Webhook })),
		choice("event_type", false, types, typ), choice("event_type__in", true, types, typ),
		choice("status", false, number, status), choice("status__in", true, number, status),
	}, days("date", fs.CreatedAt[T]))
}

var (
	eventFilters = append(logFilters(func(it *fs.Item[event]) logEntry { return it.V.logEntry }),
		flag("success", func(it *fs.Item[event]) bool { return it.V.Success }))
	deliveryFilters = append(logFilters(func(it *fs.Item[delivery]) logEntry { return it.V.logEntry }),
		choice("webhook_event", false, nil, func(it *fs.Item[delivery]) []string { return []string{it.V.Event} }))
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
	if e := decode(c, &req); e != nil {
		return e.Reply()
	}
	h := strings.ToLower(strings.TrimSpace(req.Hash))
	if b, err := hex.DecodeString(h); err != nil || len(b) != sha256.Size {
		return invalid("hash", "Enter a SHA-256 digest of 64 hexadecimal characters.").Reply()
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

// link is a pre-signed link to a stored file.
type link struct {
	file    *storedFile
	expires time.Time
}

func storeFile(name string, content []byte) *storedFile {
	sum := sha256.Sum256(content)
	return &storedFile{name: name, content: content, sha256: hex.EncodeToString(sum[:])}
}

// linkTo issues a pre-signed link to f, valid for LinkLifetime: the
// File object {"file_url", "expires"}.
func linkTo(c *fs.Call, f *storedFile) map[string]any {
	expires := c.Now().Add(LinkLifetime)
	u := f.external
	if u == "" {
		l := links.Add(c, "", link{f, expires})
		u = c.Server().Root() + "/files/" + l.ID + "/" + f.name + "?X-Amz-Expires=" + strconv.Itoa(int(LinkLifetime/time.Second))
	}
	return map[string]any{"file_url": u, "expires": c.Time(expires)}
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
	case c.Now().After(l.V.expires):
		return s3(http.StatusForbidden, "AccessDenied", "Request has expired")
	}
	c.Header.Set("Content-Length", strconv.Itoa(len(l.V.file.content)))
	c.Header.Set("Content-Disposition", `attachment; filename="`+l.V.file.name+`"`)
	return fs.Reply{Status: http.StatusOK, ContentType: "application/pdf", Raw: l.V.file.content}
}

// PDF returns a minimal valid one-page PDF (US Letter, Helvetica) showing
// lines of text: a small, real document to upload in tests. Characters
// outside printable ASCII are replaced with '?'. The fake also generates
// its signed files and certificates with it.
func PDF(lines ...string) []byte { return fs.PDF(lines...) }
