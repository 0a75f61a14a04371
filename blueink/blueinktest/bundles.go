package blueinktest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// The store: every BlueInk resource, its place in the API and its ids
// (bundle slugs and packet ids: 10 alphanumeric characters; the rest
// UUIDs). Packets, documents and field values live in their bundle.
var (
	bundles   = &fs.Resource[bundle]{Name: "bundle", Path: "bundles", Param: "bundle", ID: fs.Slugs(10)}
	templates = &fs.Resource[template]{Name: "template", Path: "templates", Param: "template", ID: fs.UUIDs}
	envelopes = &fs.Resource[envelope]{Name: "envelope_template", Path: "envelope-templates", Param: "envelope_template",
		ID: fs.UUIDs}
	persons    = &fs.Resource[person]{Name: "person", Path: "persons", Param: "person", ID: fs.UUIDs}
	webhooks   = &fs.Resource[hook]{Name: "webhook", Path: "webhooks", Param: "webhook", ID: fs.UUIDs}
	headers    = &fs.Resource[header]{Name: "webhook_extra_header", Path: "webhooks/headers", Param: "header", ID: fs.UUIDs}
	events     = &fs.Resource[event]{Name: "webhook_event", Path: "webhooks/events", Param: "event", ID: fs.UUIDs}
	deliveries = &fs.Resource[delivery]{Name: "webhook_delivery", Path: "webhooks/deliveries", Param: "delivery",
		ID: fs.UUIDs}
	links = &fs.Resource[*storedFile]{Name: "file_link", ID: fs.Slugs(32)} // pre-signed file links, valid from Created (not in the API)
)

// Bundle and packet statuses (the wire values of blueink.BundleStatus and
// blueink.PacketStatus).
const (
	stDraft      = "dr"
	stNew        = "ne"
	stSent       = "se"
	stStarted    = "st"
	stComplete   = "co"
	stCancelled  = "ca"
	stExpired    = "ex"
	stFailed     = "fa"
	stReassigned = "ra"
)

// settings are a bundle's fields that its request sets and PATCH changes.
type settings struct {
	Label          string          `json:"label"`
	InOrder        bool            `json:"in_order"`
	EmailSubject   string          `json:"email_subject"`
	EmailMessage   string          `json:"email_message"`
	SMSMessage     string          `json:"sms_message"`
	RequesterName  string          `json:"requester_name"`
	RequesterEmail string          `json:"requester_email,omitempty"`
	CCEmails       []string        `json:"cc_emails"`
	CustomKey      string          `json:"custom_key"`
	Team           string          `json:"team,omitempty"`
	IsTest         bool            `json:"is_test"`
	SigningBrand   string          `json:"signing_brand,omitempty"`
	Payment        json.RawMessage `json:"payment,omitempty"`
}

type bundle struct {
	settings
	status          string
	sent, completed time.Time
	errors          []any // Bundle.errors as the API shows them
	packets         []*packet
	documents       []*document
	tags            []string
	values          []*fieldValue
	history         []map[string]any // the events as GET /bundles/{slug}/events/ shows them
	final, interim  *storedFile
}

// signer is what a packet's request sets and PATCH changes.
type signer struct {
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	Phone      string `json:"phone,omitempty"`
	AuthSMS    bool   `json:"auth_sms"`
	AuthSelfie bool   `json:"auth_selfie"`
	AuthID     bool   `json:"auth_id"`
	DeliverVia string `json:"deliver_via"`
}

type packet struct {
	signer
	id, key, personID, status string
	order                     int
	completedAt, lastAccessed time.Time
	lastReminder              time.Time
	coe                       *storedFile
}

type document struct {
	id, key, name, templateID string
	content                   []byte // uploaded or base64 content; nil for URLs and templates
	fields                    []*docField
}

type docField struct {
	kind, key, label string
	editors          []string // packet keys; empty: any signer
	initial          any
	initialBy        string // filled_by of the initial value: "initial" or "default"
}

// fieldValue is a value entered by a signer (or pre-filled).
type fieldValue struct {
	doc      *document
	field    *docField
	packetID string // the signer's packet; "" for pre-filled values
	filledBy string // the signer's packet key, or "initial" or "default"
	value    any
}

func live(status string) bool {
	return slices.Contains([]string{stDraft, stNew, stSent, stStarted, "pe"}, status)
}

func (b *bundle) addHistory(c *fs.Call, kind, description, packetID string) {
	ev := map[string]any{"kind": kind, "description": description, "timestamp": c.Time(c.Now())}
	if packetID != "" {
		ev["packet_id"] = packetID
	}
	b.history = append(b.history, ev)
}

// active are the packets that still count (not reassigned away), by
// signing order.
func (b *bundle) active() []*packet {
	out := slices.DeleteFunc(slices.Clone(b.packets), func(p *packet) bool { return p.status == stReassigned })
	slices.SortStableFunc(out, func(x, y *packet) int { return cmp.Compare(x.order, y.order) })
	return out
}

// signer finds a packet by id, or an active packet by key or email.
func (b *bundle) signer(who string) *packet {
	for _, p := range b.packets {
		if p.id == who {
			return p
		}
	}
	for _, p := range b.active() {
		if p.key == who || p.Email != "" && strings.EqualFold(p.Email, who) {
			return p
		}
	}
	return nil
}

// ---- answers

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func renderBundle(c *fs.Call, it *fs.Item[bundle]) any {
	b := it.V
	out := struct {
		ID string `json:"id"`
		settings
		Status    string   `json:"status"`
		Created   any      `json:"created"`
		DocsReady bool     `json:"docs_ready"`
		Errors    []any    `json:"errors"`
		Packets   []any    `json:"packets"`
		Documents []any    `json:"documents"`
		Tags      []string `json:"tags"`
		Data      []any    `json:"data"`
	}{ID: it.ID, settings: b.settings, Status: b.status, Created: c.Time(it.Created), DocsReady: b.final != nil,
		Errors: append([]any{}, b.errors...), Packets: []any{}, Documents: []any{}, Tags: append([]string{}, b.tags...), Data: []any{}}
	out.CCEmails = append([]string{}, b.CCEmails...)
	for _, p := range b.packets {
		out.Packets = append(out.Packets, renderPacket(c, p))
	}
	for _, d := range b.documents {
		doc := map[string]any{"id": d.id, "key": d.key, "name": d.name}
		if d.templateID != "" {
			doc["template_id"] = d.templateID
		}
		out.Documents = append(out.Documents, doc)
	}
	for _, v := range b.values {
		fv := map[string]any{"document_id": v.doc.id, "key": v.field.key, "kind": v.field.kind, "label": v.field.label, "value": v.value}
		if v.packetID != "" {
			fv["packet_id"] = v.packetID
		}
		out.Data = append(out.Data, fv)
	}
	return out
}

func renderPacket(c *fs.Call, p *packet) any {
	return struct {
		ID  string `json:"id"`
		Key string `json:"key"`
		signer
		PersonID       string `json:"person_id,omitempty"`
		Status         string `json:"status"`
		CompletedAt    any    `json:"completed_at,omitempty"`
		LastAccessedAt any    `json:"last_accessed_at,omitempty"`
		Order          int    `json:"order"`
	}{p.id, p.key, p.signer, p.personID, p.status, c.Time(p.completedAt), c.Time(p.lastAccessed), p.order}
}

// ---- bundle operations

var bundleStatuses = []string{stDraft, stSent, stStarted, stComplete, stCancelled, stExpired, stFailed, stNew, "pe"}

// bundleFilters are GET /bundles/'s: status, status__in, tag, tag__in,
// template, search and created/sent/completed _after/_before.
var bundleFilters = slices.Concat(
	matchIn("status", among(bundleStatuses...), func(it *fs.Item[bundle]) []string { return []string{it.V.status} }),
	matchIn("tag", nil, func(it *fs.Item[bundle]) []string { return it.V.tags }),
	[]fs.Filter[bundle]{match("template", nil, func(it *fs.Item[bundle]) (ids []string) {
		for _, d := range it.V.documents {
			ids = append(ids, d.templateID)
		}
		return ids
	}), search(func(it *fs.Item[bundle]) []string {
		out := []string{it.ID, it.V.Label, it.V.CustomKey}
		for _, p := range it.V.packets {
			out = append(out, p.Name, p.Email, p.Phone)
		}
		return slices.DeleteFunc(out, func(s string) bool { return s == "" })
	})},
	days("created", fs.CreatedAt[bundle]), days("sent", sentAt), days("completed", completedAt))

func sentAt(it *fs.Item[bundle]) time.Time      { return it.V.sent }
func completedAt(it *fs.Item[bundle]) time.Time { return it.V.completed }

// orderBundles orders by "created", "sent" or "completed_at", "-"
// reversing; anything else (and the default) is "-created". Ties keep
// creation order (reversed with the field), so pages are stable under a
// fixed clock.
func orderBundles(c *fs.Call, items []*fs.Item[bundle]) ([]*fs.Item[bundle], *fs.Error) {
	field, desc := strings.CutPrefix(c.Query.Get("ordering"), "-")
	key, ok := map[string]func(*fs.Item[bundle]) time.Time{"created": fs.CreatedAt[bundle], "sent": sentAt, "completed_at": completedAt}[field]
	if !ok {
		key, desc = fs.CreatedAt[bundle], true
	}
	items = slices.Clone(items)
	slices.SortFunc(items, func(x, y *fs.Item[bundle]) int {
		r := cmp.Or(key(x).Compare(key(y)), cmp.Compare(x.Seq, y.Seq))
		if desc {
			return -r
		}
		return r
	})
	return items, nil
}

// checkSettings validates a bundle's settings (self: the bundle changed).
func checkSettings(c *fs.Call, k *fs.Check, s settings, self string) {
	email(k, "requester_email", s.RequesterEmail)
	for i, e := range s.CCEmails {
		email(k, index("cc_emails", i), cmp.Or(e, "-"))
	}
	k.Field(len(s.CustomKey) > 200, "custom_key", "Ensure this field has no more than 200 characters.")
	k.Field(s.CustomKey != "" && slices.ContainsFunc(bundles.All(c), func(o *fs.Item[bundle]) bool {
		return o.ID != self && o.V.CustomKey == s.CustomKey
	}), "custom_key", "A bundle with this custom key already exists.")
	k.Field(s.Team != "" && !uuidRE.MatchString(s.Team), "team", "Must be a valid UUID.")
}

// updateBundle is PATCH /bundles/{slug}/ (bundles that are not finished;
// 409 otherwise).
func updateBundle(c *fs.Call, it *fs.Item[bundle]) *fs.Error {
	s := it.V.settings
	s.CCEmails, s.Payment = slices.Clone(s.CCEmails), slices.Clone(s.Payment) // decoding leaves the bundle alone
	k := read(c, &s)
	if !live(it.V.status) {
		k.Add(conflict("A bundle with status %q can no longer be changed.", it.V.status))
	}
	checkSettings(c, k, s, it.ID)
	if e := k.Err(); e != nil {
		return e
	}
	it.V.settings = s
	return nil
}

// deleteBundle deletes a draft; other bundles must be cancelled (409).
func deleteBundle(_ *fs.Call, it *fs.Item[bundle]) *fs.Error {
	if it.V.status != stDraft {
		return conflict("Only draft bundles can be deleted; cancel a sent bundle instead.")
	}
	return nil
}

func validateBundle(_ *fs.Call, b *fs.Item[bundle]) fs.Reply {
	msg := "" // see send
	if b.V.status != stDraft {
		msg = "Only draft bundles can be sent; this bundle's status is " + b.V.status + "."
	}
	return fs.JSON(http.StatusOK, map[string]any{"can_send": msg == "", "msg": msg, "n_docs": len(b.V.documents)})
}

func bundleHistory(c *fs.Call, b *fs.Item[bundle]) fs.Reply {
	return fs.JSON(http.StatusOK, append([]map[string]any{}, b.V.history...))
}

// bundleFiles lists the final file of a complete bundle, or the interim
// file after PUT …/files/; 409 before that.
func bundleFiles(c *fs.Call, b *fs.Item[bundle]) fs.Reply {
	f := cmp.Or(b.V.final, b.V.interim)
	if f == nil {
		return conflict("Files not ready.").Reply()
	}
	return fs.JSON(http.StatusOK, []any{linkTo(c, f)})
}

// interimFiles generates an interim file at once (202, no body); bundles
// with a terminal status answer 409.
func interimFiles(c *fs.Call, b *fs.Item[bundle]) fs.Reply {
	if !live(b.V.status) {
		return conflict("Cannot generate interim files for a bundle with status %q.", b.V.status).Reply()
	}
	b.V.interim = storeFile("interim-"+b.ID+".pdf", PDF("BlueInk (blueinktest) interim copy", "Bundle "+b.ID+": "+b.V.Label,
		"Generated "+b.V.status+" at "+c.Now().UTC().Format(time.RFC3339)))
	return fs.Reply{Status: http.StatusAccepted}
}

func bundleData(_ *fs.Call, b *fs.Item[bundle]) fs.Reply {
	if b.V.status != stComplete {
		return conflict("Bundle data is not ready: the bundle is not complete.").Reply()
	}
	out := []any{}
	for _, v := range b.V.values {
		out = append(out, map[string]any{"doc_key": v.doc.key, "field_key": v.field.key, "kind": v.field.kind,
			"label": v.field.label, "filled_by": v.filledBy, "packet_id": nullable(v.packetID), "value": v.value,
			"attachments": []any{}})
	}
	return fs.JSON(http.StatusOK, out)
}

// tags is PUT /bundles/{slug}/add_tags/ (add) and remove_tags/.
func tags(add bool) func(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
	return func(c *fs.Call, b *fs.Item[bundle]) *fs.Error {
		var body struct {
			Tags []string `json:"tags"` // nil when missing or null
		}
		k := read(c, &body)
		k.Field(body.Tags == nil, "tags", msgRequired)
		for i, t := range body.Tags {
			k.Field(strings.TrimSpace(t) == "", index("tags", i), msgBlank)
		}
		if e := k.Err(); e != nil {
			return e
		}
		for _, t := range body.Tags {
			if add && !slices.Contains(b.V.tags, t) {
				b.V.tags = append(b.V.tags, t)
			}
		}
		if !add {
			b.V.tags = slices.DeleteFunc(b.V.tags, func(t string) bool { return slices.Contains(body.Tags, t) })
		}
		return nil
	}
}

// preparationSession is POST /bundles/preparation_session/ and POST
// /templates/preparation_session/ (201 {url, expires}, valid for an hour).
// The fields BlueInk's official clients send to either are checked
// wherever they come: a bundle session's upload_pdf, template_ids,
// folder_ids and draft_bundle, a template session's template_id (none
// authors a new template), team, library, metadata and
// allowed_data_flow_tags, and both's redirect_url.
func preparationSession(c *fs.Call) fs.Reply {
	var req struct {
		UploadPDF          *bool           `json:"upload_pdf"`
		AllowSearchSigners bool            `json:"allow_search_signers"`
		TemplateIDs        []string        `json:"template_ids"`
		FolderIDs          []string        `json:"folder_ids"`
		RedirectURL        string          `json:"redirect_url"`
		DraftBundle        string          `json:"draft_bundle"`
		TemplateID         string          `json:"template_id"`
		Team               string          `json:"team"`
		Library            string          `json:"library"`
		Metadata           json.RawMessage `json:"metadata"`
		Tags               []string        `json:"allowed_data_flow_tags"`
	}
	k := read(c, &req)
	k.Field(req.UploadPDF != nil && !*req.UploadPDF && len(req.TemplateIDs) == 0 && len(req.FolderIDs) == 0,
		"non_field_errors", "At least one document source is needed: upload_pdf, template_ids or folder_ids.")
	for i, id := range req.TemplateIDs {
		k.Field(templates.Get(c, id) == nil, index("template_ids", i), noSuch(id))
	}
	k.Field(req.TemplateID != "" && templates.Get(c, req.TemplateID) == nil, "template_id", noSuch(req.TemplateID))
	k.Field(req.RedirectURL != "" && !validURL(req.RedirectURL), "redirect_url", msgBadURL)
	if b := bundles.Get(c, req.DraftBundle); req.DraftBundle != "" {
		k.Field(b == nil, "draft_bundle", noSuch(req.DraftBundle))
		k.Field(b != nil && b.V.status != stDraft, "draft_bundle", "Bundle "+req.DraftBundle+" is not a draft.")
	}
	k.Field(req.Team != "" && !uuidRE.MatchString(req.Team), "team", "Must be a valid UUID.")
	if object(k, "metadata", req.Metadata); k.Err() != nil {
		return k.Err().Reply()
	}
	return fs.JSON(http.StatusCreated, map[string]any{"url": c.Server().Root() + "/embed/prepare/" + c.Token(24, "") + "/",
		"expires": c.Time(c.Now().Add(time.Hour))})
}
