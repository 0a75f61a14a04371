package blueinktest

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/esignkit/esign/blueink"
)

// webhookEventTypes are the event types a webhook can subscribe to.
var webhookEventTypes = func() []string {
	var out []string
	for _, t := range blueink.EventTypes() {
		out = append(out, string(t))
	}
	return out
}()

type webhookSub struct {
	seq        int
	id, url    string
	enabled    bool
	json       bool
	eventTypes []string
}

type extraHeader struct {
	seq         int
	id, webhook string
	name, value string
	order       int
}

type webhookEvent struct {
	seq        int
	id         string
	webhook    string
	eventType  string
	payload    string
	status     int
	success    bool
	created    time.Time
	deliveries []*deliveryRecord
}

type deliveryRecord struct {
	seq       int
	id        string
	event     *webhookEvent
	status    int
	message   string
	timestamp time.Time
}

// ---- views ----

type webhookJSON struct {
	ID           string            `json:"id"`
	URL          string            `json:"url"`
	Enabled      bool              `json:"enabled"`
	JSON         bool              `json:"json"`
	EventTypes   []string          `json:"event_types"`
	ExtraHeaders []extraHeaderJSON `json:"extra_headers"`
}

type extraHeaderJSON struct {
	ID      string `json:"id"`
	Webhook string `json:"webhook"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Order   int    `json:"order"`
}

type webhookEventJSON struct {
	PK         string         `json:"pk"`
	Webhook    string         `json:"webhook"`
	EventType  string         `json:"event_type"`
	Payload    string         `json:"payload"`
	Status     int            `json:"status"`
	Success    bool           `json:"success"`
	Created    any            `json:"created"`
	Deliveries []deliveryJSON `json:"deliveries"`
}

type deliveryJSON struct {
	PK           string `json:"pk"`
	Webhook      string `json:"webhook"`
	WebhookEvent string `json:"webhook_event"`
	EventType    string `json:"event_type"`
	Status       int    `json:"status"`
	Message      string `json:"message"`
	Timestamp    any    `json:"timestamp"`
}

func (h *extraHeader) view() extraHeaderJSON {
	return extraHeaderJSON{ID: h.id, Webhook: h.webhook, Name: h.name, Value: h.value, Order: h.order}
}

// headersOf returns a webhook's extra headers by order, then creation.
func (s *Server) headersOf(webhookID string) []*extraHeader {
	var out []*extraHeader
	for _, h := range s.headers {
		if h.webhook == webhookID {
			out = append(out, h)
		}
	}
	slices.SortFunc(out, func(a, b *extraHeader) int {
		if r := cmp.Compare(a.order, b.order); r != 0 {
			return r
		}
		return cmp.Compare(a.seq, b.seq)
	})
	return out
}

func (s *Server) webhookView(w *webhookSub) webhookJSON {
	v := webhookJSON{ID: w.id, URL: w.url, Enabled: w.enabled, JSON: w.json,
		EventTypes: slices.Clone(w.eventTypes), ExtraHeaders: []extraHeaderJSON{}}
	if v.EventTypes == nil {
		v.EventTypes = []string{}
	}
	for _, h := range s.headersOf(w.id) {
		v.ExtraHeaders = append(v.ExtraHeaders, h.view())
	}
	return v
}

func (e *webhookEvent) view() webhookEventJSON {
	v := webhookEventJSON{PK: e.id, Webhook: e.webhook, EventType: e.eventType, Payload: e.payload,
		Status: e.status, Success: e.success, Created: apiTime(e.created), Deliveries: []deliveryJSON{}}
	for _, d := range e.deliveries {
		v.Deliveries = append(v.Deliveries, d.view())
	}
	return v
}

func (d *deliveryRecord) view() deliveryJSON {
	return deliveryJSON{PK: d.id, Webhook: d.event.webhook, WebhookEvent: d.event.id, EventType: d.event.eventType,
		Status: d.status, Message: d.message, Timestamp: apiTime(d.timestamp)}
}

// ---- webhooks ----

type headerRequest struct {
	ID      string  `json:"id"`
	Webhook *string `json:"webhook"`
	Name    *string `json:"name"`
	Value   *string `json:"value"`
	Order   *int    `json:"order"`
}

type webhookRequest struct {
	URL          *string          `json:"url"`
	Enabled      *bool            `json:"enabled"`
	JSON         *bool            `json:"json"`
	EventTypes   *[]string        `json:"event_types"`
	ExtraHeaders *[]headerRequest `json:"extra_headers"`
}

// check validates r; full requests (POST, PUT) need a URL.
func (r *webhookRequest) check(full bool) fieldErrors {
	var fe fieldErrors
	switch {
	case r.URL == nil || *r.URL == "":
		if full {
			fe.add("url", msgRequired)
		}
	case !validURL(*r.URL):
		fe.add("url", msgBadURL)
	}
	if r.EventTypes != nil {
		for i, t := range *r.EventTypes {
			if !slices.Contains(webhookEventTypes, t) {
				fe.addf("event_types", i, "%q is not a valid choice.", t)
			}
		}
	}
	if r.ExtraHeaders != nil {
		for i, h := range *r.ExtraHeaders {
			checkHeader(&fe, fmt.Sprintf("extra_headers[%d].", i), h.Name, h.Value, true)
		}
	}
	return fe
}

// checkHeader validates an extra header name (an RFC 7230 token of at most
// 80 characters) and value (at most 240 characters, no control characters).
func checkHeader(fe *fieldErrors, prefix string, name, value *string, full bool) {
	switch {
	case name == nil:
		if full {
			fe.add(prefix+"name", msgRequired)
		}
	case *name == "":
		fe.add(prefix+"name", "This field may not be blank.")
	default:
		if len(*name) > 80 {
			fe.add(prefix+"name", "Ensure this field has no more than 80 characters.")
		}
		for _, c := range *name {
			if c <= ' ' || c >= 0x7f || c == ':' || c == '(' || c == ')' || c == ',' || c == '/' || c == ';' ||
				c == '<' || c == '>' || c == '=' || c == '?' || c == '@' || c == '[' || c == ']' || c == '\\' ||
				c == '{' || c == '}' || c == '"' {
				fe.add(prefix+"name", "Header names must be RFC 7230 tokens.")
				break
			}
		}
	}
	if value != nil {
		if len(*value) > 240 {
			fe.add(prefix+"value", "Ensure this field has no more than 240 characters.")
		}
		for _, c := range *value {
			if (c < ' ' && c != '\t') || c == 0x7f {
				fe.add(prefix+"value", "Header values must not contain control characters.")
				break
			}
		}
	} else if full {
		fe.add(prefix+"value", msgRequired)
	}
}

func (c *call) listWebhooks() reply {
	q := c.query
	var fe fieldErrors
	var enabled *bool
	if v := q.Get("enabled"); v != "" {
		b, good := parseBool(v)
		if !good {
			fe.add("enabled", "Select a valid choice. %s is not one of the available choices.", v)
		}
		enabled = &b
	}
	types := c.eventTypeFilter(&fe)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	var out []*webhookSub
	for _, w := range sortedBySeq(c.s.webhooks, func(w *webhookSub) int { return w.seq }) {
		if enabled != nil && w.enabled != *enabled {
			continue
		}
		if types != nil && !slices.ContainsFunc(types, func(t string) bool { return slices.Contains(w.eventTypes, t) }) {
			continue
		}
		out = append(out, w)
	}
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]webhookJSON, 0, len(page))
	for _, w := range page {
		views = append(views, c.s.webhookView(w))
	}
	return ok(views)
}

// eventTypeFilter reads event_type and event_type__in (nil: no filter).
func (c *call) eventTypeFilter(fe *fieldErrors) []string {
	var types []string
	if v := c.query.Get("event_type"); v != "" {
		if !slices.Contains(webhookEventTypes, v) {
			fe.add("event_type", "Select a valid choice. %s is not one of the available choices.", v)
		}
		types = append(types, v)
	}
	if v := c.query.Get("event_type__in"); v != "" {
		for _, t := range splitList(v) {
			if !slices.Contains(webhookEventTypes, t) {
				fe.add("event_type__in", "Select a valid choice. %s is not one of the available choices.", t)
			}
			types = append(types, t)
		}
	}
	return types
}

func (c *call) createWebhook() reply {
	var r webhookRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	if fe := r.check(true); len(fe) > 0 {
		return c.invalid(fe...)
	}
	w := &webhookSub{seq: c.s.nextSeq(), id: c.s.uuid(), url: *r.URL, enabled: true, json: true}
	c.applyWebhook(w, &r)
	c.s.webhooks[w.id] = w
	return created(c.s.webhookView(w))
}

// applyWebhook sets the fields present in r; extra headers given replace
// the webhook's headers.
func (c *call) applyWebhook(w *webhookSub, r *webhookRequest) {
	if r.URL != nil && *r.URL != "" {
		w.url = *r.URL
	}
	if r.Enabled != nil {
		w.enabled = *r.Enabled
	}
	if r.JSON != nil {
		w.json = *r.JSON
	}
	if r.EventTypes != nil {
		w.eventTypes = nil
		for _, t := range *r.EventTypes {
			if !slices.Contains(w.eventTypes, t) {
				w.eventTypes = append(w.eventTypes, t)
			}
		}
	}
	if r.ExtraHeaders != nil {
		for _, h := range c.s.headersOf(w.id) {
			delete(c.s.headers, h.id)
		}
		for _, h := range *r.ExtraHeaders {
			eh := &extraHeader{seq: c.s.nextSeq(), id: c.s.uuid(), webhook: w.id, name: *h.Name, value: *h.Value, order: 1}
			if h.Order != nil {
				eh.order = *h.Order
			}
			c.s.headers[eh.id] = eh
		}
	}
}

func (c *call) webhookParam() (*webhookSub, reply, bool) {
	w, found := c.s.webhooks[c.params[0]]
	if !found {
		return nil, c.notFound(), false
	}
	return w, reply{}, true
}

func (c *call) getWebhook() reply {
	w, rep, found := c.webhookParam()
	if !found {
		return rep
	}
	return ok(c.s.webhookView(w))
}

// putWebhook replaces a webhook: omitted event types are unsubscribed and
// omitted enabled/json take their defaults (true).
func (c *call) putWebhook() reply {
	w, rep, found := c.webhookParam()
	if !found {
		return rep
	}
	var r webhookRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	if fe := r.check(true); len(fe) > 0 {
		return c.invalid(fe...)
	}
	w.enabled, w.json, w.eventTypes = true, true, nil
	c.applyWebhook(w, &r)
	return ok(c.s.webhookView(w))
}

func (c *call) patchWebhook() reply {
	w, rep, found := c.webhookParam()
	if !found {
		return rep
	}
	var r webhookRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	if fe := r.check(false); len(fe) > 0 {
		return c.invalid(fe...)
	}
	c.applyWebhook(w, &r)
	return ok(c.s.webhookView(w))
}

// deleteWebhook deletes a webhook and its extra headers (204); its event
// log stays.
func (c *call) deleteWebhook() reply {
	w, rep, found := c.webhookParam()
	if !found {
		return rep
	}
	for _, h := range c.s.headersOf(w.id) {
		delete(c.s.headers, h.id)
	}
	delete(c.s.webhooks, w.id)
	return noContent()
}

// ---- extra headers ----

func (c *call) listHeaders() reply {
	var fe fieldErrors
	types := c.eventTypeFilter(&fe)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	webhook := c.query.Get("webhook")
	var out []*extraHeader
	for _, h := range sortedBySeq(c.s.headers, func(h *extraHeader) int { return h.seq }) {
		if webhook != "" && h.webhook != webhook {
			continue
		}
		if types != nil {
			w := c.s.webhooks[h.webhook]
			if w == nil || !slices.ContainsFunc(types, func(t string) bool { return slices.Contains(w.eventTypes, t) }) {
				continue
			}
		}
		out = append(out, h)
	}
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]extraHeaderJSON, 0, len(page))
	for _, h := range page {
		views = append(views, h.view())
	}
	return ok(views)
}

func (c *call) createHeader() reply {
	var r headerRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	var fe fieldErrors
	switch {
	case r.Webhook == nil || *r.Webhook == "":
		fe.add("webhook", msgRequired)
	case c.s.webhooks[*r.Webhook] == nil:
		fe.add("webhook", "Invalid pk %q - object does not exist.", *r.Webhook)
	}
	checkHeader(&fe, "", r.Name, r.Value, true)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	h := &extraHeader{seq: c.s.nextSeq(), id: c.s.uuid(), webhook: *r.Webhook, name: *r.Name, value: *r.Value, order: 1}
	if r.Order != nil {
		h.order = *r.Order
	}
	c.s.headers[h.id] = h
	return created(h.view())
}

func (c *call) headerParam() (*extraHeader, reply, bool) {
	h, found := c.s.headers[c.params[0]]
	if !found {
		return nil, c.notFound(), false
	}
	return h, reply{}, true
}

func (c *call) getHeader() reply {
	h, rep, found := c.headerParam()
	if !found {
		return rep
	}
	return ok(h.view())
}

func (c *call) putHeader() reply   { return c.changeHeader(true) }
func (c *call) patchHeader() reply { return c.changeHeader(false) }

func (c *call) changeHeader(full bool) reply {
	h, rep, found := c.headerParam()
	if !found {
		return rep
	}
	var r headerRequest
	if rep, good := c.decode(&r); !good {
		return rep
	}
	var fe fieldErrors
	if r.Webhook != nil && *r.Webhook != "" && c.s.webhooks[*r.Webhook] == nil {
		fe.add("webhook", "Invalid pk %q - object does not exist.", *r.Webhook)
	}
	checkHeader(&fe, "", r.Name, r.Value, full)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	if r.Webhook != nil && *r.Webhook != "" {
		h.webhook = *r.Webhook
	}
	if r.Name != nil {
		h.name = *r.Name
	}
	if r.Value != nil {
		h.value = *r.Value
	}
	switch {
	case r.Order != nil:
		h.order = *r.Order
	case full:
		h.order = 1
	}
	return ok(h.view())
}

func (c *call) deleteHeader() reply {
	h, rep, found := c.headerParam()
	if !found {
		return rep
	}
	delete(c.s.headers, h.id)
	return noContent()
}

// ---- event and delivery logs ----

func (c *call) listWebhookEvents() reply {
	q := c.query
	var fe fieldErrors
	types := c.eventTypeFilter(&fe)
	statuses := c.statusFilter(&fe)
	var success *bool
	if v := q.Get("success"); v != "" {
		b, good := parseBool(v)
		if !good {
			fe.add("success", "Select a valid choice. %s is not one of the available choices.", v)
		}
		success = &b
	}
	dates, errs := parseDayRange(q, "date")
	fe = append(fe, errs...)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	webhook := q.Get("webhook")
	var out []*webhookEvent
	for _, e := range sortedBySeq(c.s.events, func(e *webhookEvent) int { return e.seq }) {
		switch {
		case webhook != "" && e.webhook != webhook,
			types != nil && !slices.Contains(types, e.eventType),
			statuses != nil && !slices.Contains(statuses, e.status),
			success != nil && e.success != *success,
			!dates.contains(e.created):
			continue
		}
		out = append(out, e)
	}
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]webhookEventJSON, 0, len(page))
	for _, e := range page {
		views = append(views, e.view())
	}
	return ok(views)
}

// statusFilter reads status and status__in (nil: no filter).
func (c *call) statusFilter(fe *fieldErrors) []int {
	var out []int
	if v := c.query.Get("status"); v != "" {
		n, good := parseInts(v)
		if !good || len(n) != 1 {
			fe.add("status", "Enter a number.")
		}
		out = append(out, n...)
	}
	if v := c.query.Get("status__in"); v != "" {
		n, good := parseInts(v)
		if !good {
			fe.add("status__in", "Enter a number.")
		}
		out = append(out, n...)
	}
	return out
}

func (c *call) getWebhookEvent() reply {
	e, found := c.s.events[c.params[0]]
	if !found {
		return c.notFound()
	}
	return ok(e.view())
}

func (c *call) listDeliveries() reply {
	q := c.query
	var fe fieldErrors
	types := c.eventTypeFilter(&fe)
	statuses := c.statusFilter(&fe)
	dates, errs := parseDayRange(q, "date")
	fe = append(fe, errs...)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	webhook, event := q.Get("webhook"), q.Get("webhook_event")
	var out []*deliveryRecord
	for _, d := range sortedBySeq(c.s.deliveryBy, func(d *deliveryRecord) int { return d.seq }) {
		switch {
		case webhook != "" && d.event.webhook != webhook,
			event != "" && d.event.id != event,
			types != nil && !slices.Contains(types, d.event.eventType),
			statuses != nil && !slices.Contains(statuses, d.status),
			!dates.contains(d.timestamp):
			continue
		}
		out = append(out, d)
	}
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]deliveryJSON, 0, len(page))
	for _, d := range page {
		views = append(views, d.view())
	}
	return ok(views)
}

func (c *call) getDelivery() reply {
	d, found := c.s.deliveryBy[c.params[0]]
	if !found {
		return c.notFound()
	}
	return ok(d.view())
}

// ---- shared secret ----

type secretJSON struct {
	Secret     string `json:"secret"`
	CreateDate any    `json:"create_date"`
}

// getSecret answers the shared secret, or 404 when none was generated.
func (c *call) getSecret() reply {
	if c.s.secret == "" {
		return reply{404, errorBody("not_found", "Shared secret has not been generated yet.", nil)}
	}
	return ok(secretJSON{Secret: c.s.secret, CreateDate: apiTime(c.s.secretAt)})
}

// regenerateSecret replaces the shared secret (GET as in the 2.2.3 spec,
// POST as BlueInk's official clients send it). Deliveries are signed with
// the new secret from now on.
func (c *call) regenerateSecret() reply {
	c.s.secret = c.s.token(32)
	c.s.secretAt = c.s.now()
	return ok(secretJSON{Secret: c.s.secret, CreateDate: apiTime(c.s.secretAt)})
}
