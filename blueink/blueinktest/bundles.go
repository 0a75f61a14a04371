package blueinktest

import (
	"cmp"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/blueink"
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

type bundle struct {
	seq                                      int
	id                                       string
	label, emailSubject, emailMessage        string
	smsMessage, requesterName, requesterMail string
	ccEmails                                 []string
	customKey, team, signingBrand            string
	isTest, inOrder                          bool
	packetsOK                                bool // creation: the packets validated
	status                                   string
	payment                                  json.RawMessage
	created, sent, completed                 time.Time
	docsReady                                bool
	errors                                   []bundleErr
	packets                                  []*packet
	documents                                []*document
	tags                                     []string
	values                                   []*fieldValue
	history                                  []historyEvent
	final                                    *storedFile // once complete
	interim                                  *storedFile // after PUT …/files/
}

// bundleErr is one entry of Bundle.errors.
type bundleErr struct {
	code, message string
	fields        []fieldError
}

type packet struct {
	id, key, name, email, phone  string
	personID, status, deliverVia string
	authSMS, authSelfie, authID  bool
	order                        int
	completedAt, lastAccessed    time.Time
	lastReminder                 time.Time
	bundle                       *bundle
	coe                          *storedFile
}

type document struct {
	id, key, name, templateID string
	fileURL                   string
	content                   []byte // uploaded or base64 content; nil for URLs and templates
	fields                    []*docField
}

type docField struct {
	kind, key, label string
	page             int
	x, y, w, h       float64
	required         bool
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

type historyEvent struct {
	kind, description, packetID string
	at                          time.Time
}

func live(status string) bool {
	switch status {
	case stDraft, stNew, stSent, stStarted, "pe":
		return true
	}
	return false
}

func (b *bundle) addHistory(kind, description, packetID string, at time.Time) {
	b.history = append(b.history, historyEvent{kind: kind, description: description, packetID: packetID, at: at})
}

// activePackets are the packets that still count (not reassigned away).
func (b *bundle) activePackets() []*packet {
	var out []*packet
	for _, p := range b.packets {
		if p.status != stReassigned {
			out = append(out, p)
		}
	}
	return out
}

// ---- JSON views ----

type bundleJSON struct {
	ID             string            `json:"id"`
	Label          string            `json:"label"`
	InOrder        bool              `json:"in_order"`
	EmailSubject   string            `json:"email_subject"`
	EmailMessage   string            `json:"email_message"`
	SMSMessage     string            `json:"sms_message"`
	RequesterName  string            `json:"requester_name"`
	RequesterEmail string            `json:"requester_email"`
	CCEmails       []string          `json:"cc_emails"`
	CustomKey      string            `json:"custom_key"`
	Team           any               `json:"team"`
	IsTest         bool              `json:"is_test"`
	Status         string            `json:"status"`
	Payment        json.RawMessage   `json:"payment"`
	Created        any               `json:"created"`
	DocsReady      bool              `json:"docs_ready"`
	Errors         []bundleErrJSON   `json:"errors"`
	Packets        []packetJSON      `json:"packets"`
	Documents      []documentJSON    `json:"documents"`
	Tags           []string          `json:"tags"`
	Data           []bundleValueJSON `json:"data"`
}

// bundleErrJSON follows the Bundle schema of the 2.2.3 spec, whose nested
// field errors spell the message key "messsage".
type bundleErrJSON struct {
	Code    string              `json:"code"`
	Message string              `json:"message"`
	Errors  []bundleFieldErrRaw `json:"errors"`
}

type bundleFieldErrRaw struct {
	Field    string `json:"field"`
	Messsage string `json:"messsage"`
}

type packetJSON struct {
	ID             string `json:"id"`
	Key            string `json:"key"`
	Name           string `json:"name"`
	Email          string `json:"email"`
	Phone          string `json:"phone"`
	AuthSMS        bool   `json:"auth_sms"`
	AuthSelfie     bool   `json:"auth_selfie"`
	AuthID         bool   `json:"auth_id"`
	PersonID       any    `json:"person_id"`
	Status         string `json:"status"`
	DeliverVia     string `json:"deliver_via"`
	CompletedAt    any    `json:"completed_at"`
	LastAccessedAt any    `json:"last_accessed_at"`
	Order          int    `json:"order"`
}

type documentJSON struct {
	ID         string `json:"id"`
	Key        string `json:"key"`
	Name       string `json:"name"`
	TemplateID any    `json:"template_id"`
}

type bundleValueJSON struct {
	DocumentID string `json:"document_id"`
	Key        string `json:"key"`
	Kind       string `json:"kind"`
	Label      string `json:"label"`
	PacketID   any    `json:"packet_id"`
	Value      any    `json:"value"`
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (b *bundle) view() bundleJSON {
	v := bundleJSON{
		ID: b.id, Label: b.label, InOrder: b.inOrder, EmailSubject: b.emailSubject,
		EmailMessage: b.emailMessage, SMSMessage: b.smsMessage, RequesterName: b.requesterName,
		RequesterEmail: b.requesterMail, CCEmails: slices.Clone(b.ccEmails), CustomKey: b.customKey,
		Team: nullable(b.team), IsTest: b.isTest, Status: b.status, Payment: b.payment,
		Created: apiTime(b.created), DocsReady: b.docsReady,
		Errors: []bundleErrJSON{}, Packets: []packetJSON{}, Documents: []documentJSON{},
		Tags: slices.Clone(b.tags), Data: []bundleValueJSON{},
	}
	if v.CCEmails == nil {
		v.CCEmails = []string{}
	}
	if v.Tags == nil {
		v.Tags = []string{}
	}
	if len(v.Payment) == 0 {
		v.Payment = json.RawMessage("null")
	}
	for _, e := range b.errors {
		je := bundleErrJSON{Code: e.code, Message: e.message, Errors: []bundleFieldErrRaw{}}
		for _, f := range e.fields {
			je.Errors = append(je.Errors, bundleFieldErrRaw{Field: f.Field, Messsage: f.Message})
		}
		v.Errors = append(v.Errors, je)
	}
	for _, p := range b.packets {
		v.Packets = append(v.Packets, p.view())
	}
	for _, d := range b.documents {
		v.Documents = append(v.Documents, documentJSON{ID: d.id, Key: d.key, Name: d.name, TemplateID: nullable(d.templateID)})
	}
	for _, fv := range b.values {
		v.Data = append(v.Data, bundleValueJSON{
			DocumentID: fv.doc.id, Key: fv.field.key, Kind: fv.field.kind, Label: fv.field.label,
			PacketID: nullable(fv.packetID), Value: fv.value,
		})
	}
	return v
}

func (p *packet) view() packetJSON {
	return packetJSON{
		ID: p.id, Key: p.key, Name: p.name, Email: p.email, Phone: p.phone,
		AuthSMS: p.authSMS, AuthSelfie: p.authSelfie, AuthID: p.authID,
		PersonID: nullable(p.personID), Status: p.status, DeliverVia: p.deliverVia,
		CompletedAt: apiTime(p.completedAt), LastAccessedAt: apiTime(p.lastAccessed), Order: p.order,
	}
}

// Bundle returns the bundle with the given slug as the API shows it, or nil.
func (s *Server) Bundle(slug string) *blueink.Bundle {
	s.mu.Lock()
	b, found := s.bundles[slug]
	var raw []byte
	if found {
		raw, _ = json.Marshal(b.view())
	}
	s.mu.Unlock()
	if !found {
		return nil
	}
	var out blueink.Bundle
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil // cannot happen: the view is the API's own encoding
	}
	return &out
}

// ---- handlers ----

func (c *call) bundleParam() (*bundle, reply, bool) {
	b, found := c.s.bundles[c.params[0]]
	if !found {
		return nil, c.notFound(), false
	}
	return b, reply{}, true
}

func (c *call) getBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	return ok(b.view())
}

// listBundles implements GET /bundles/ with BlueInk's filters: search,
// status, status__in, tag, tag__in, ordering, created/sent/completed
// _after/_before (inclusive days) and template.
func (c *call) listBundles() reply {
	q := c.query
	var fe fieldErrors
	status := q.Get("status")
	if status != "" && !validBundleStatus(status) {
		fe.add("status", "Select a valid choice. %s is not one of the available choices.", status)
	}
	var statusIn []string
	if v := q.Get("status__in"); v != "" {
		for _, st := range splitList(v) {
			if !validBundleStatus(st) {
				fe.add("status__in", "Select a valid choice. %s is not one of the available choices.", st)
				continue
			}
			statusIn = append(statusIn, st)
		}
	}
	ranges := map[string]dayRange{}
	for _, name := range []string{"created", "sent", "completed"} {
		r, errs := parseDayRange(q, name)
		fe = append(fe, errs...)
		ranges[name] = r
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	search := strings.ToLower(strings.TrimSpace(q.Get("search")))
	tag := q.Get("tag")
	tagIn := splitList(q.Get("tag__in"))
	tmpl := q.Get("template")

	var out []*bundle
	for _, b := range c.s.bundles {
		switch {
		case status != "" && b.status != status,
			len(statusIn) > 0 && !slices.Contains(statusIn, b.status),
			tag != "" && !slices.Contains(b.tags, tag),
			len(tagIn) > 0 && !slices.ContainsFunc(tagIn, func(t string) bool { return slices.Contains(b.tags, t) }),
			search != "" && !b.matches(search),
			tmpl != "" && !slices.ContainsFunc(b.documents, func(d *document) bool { return d.templateID == tmpl }),
			!ranges["created"].contains(b.created),
			!ranges["sent"].contains(b.sent),
			!ranges["completed"].contains(b.completed):
			continue
		}
		out = append(out, b)
	}
	sortBundles(out, q.Get("ordering"))
	page, rep, good := paginate(c, out)
	if !good {
		return rep
	}
	views := make([]bundleJSON, 0, len(page))
	for _, b := range page {
		views = append(views, b.view())
	}
	return ok(views)
}

func validBundleStatus(s string) bool {
	switch s {
	case stDraft, stSent, stStarted, stComplete, stCancelled, stExpired, stFailed, stNew, "pe":
		return true
	}
	return false
}

func (b *bundle) matches(search string) bool {
	hay := []string{b.id, b.label, b.customKey}
	for _, p := range b.packets {
		hay = append(hay, p.name, p.email, p.phone)
	}
	for _, h := range hay {
		if h != "" && strings.Contains(strings.ToLower(h), search) {
			return true
		}
	}
	return false
}

// sortBundles orders by "created", "sent" or "completed_at", "-" reversing;
// anything else (and the default) is "-created". Ties keep creation order
// (reversed with the field), so pages are stable under a fixed clock.
func sortBundles(bs []*bundle, ordering string) {
	field, desc := strings.CutPrefix(ordering, "-")
	key := func(b *bundle) time.Time { return b.created }
	switch field {
	case "created":
	case "sent":
		key = func(b *bundle) time.Time { return b.sent }
	case "completed_at":
		key = func(b *bundle) time.Time { return b.completed }
	default:
		desc = true
	}
	slices.SortFunc(bs, func(x, y *bundle) int {
		r := key(x).Compare(key(y))
		if r == 0 {
			r = cmp.Compare(x.seq, y.seq)
		}
		if desc {
			return -r
		}
		return r
	})
}

type bundleUpdate struct {
	Label          *string   `json:"label"`
	EmailSubject   *string   `json:"email_subject"`
	EmailMessage   *string   `json:"email_message"`
	SMSMessage     *string   `json:"sms_message"`
	RequesterName  *string   `json:"requester_name"`
	RequesterEmail *string   `json:"requester_email"`
	CCEmails       *[]string `json:"cc_emails"`
	CustomKey      *string   `json:"custom_key"`
	Team           *string   `json:"team"`
	SigningBrand   *string   `json:"signing_brand"`
	InOrder        *bool     `json:"in_order"`
	IsTest         *bool     `json:"is_test"`
}

// updateBundle implements PATCH /bundles/{slug}/ (bundles that are not
// finished; 409 otherwise).
func (c *call) updateBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	var u bundleUpdate
	if rep, good := c.decode(&u); !good {
		return rep
	}
	if !live(b.status) {
		return c.conflict("A bundle with status %q can no longer be changed.", b.status)
	}
	var fe fieldErrors
	if u.RequesterEmail != nil && *u.RequesterEmail != "" && !validEmail(*u.RequesterEmail) {
		fe.add("requester_email", msgBadEmail)
	}
	if u.CCEmails != nil {
		for i, e := range *u.CCEmails {
			if !validEmail(e) {
				fe.addf("cc_emails", i, msgBadEmail)
			}
		}
	}
	if u.CustomKey != nil {
		c.checkCustomKey(&fe, *u.CustomKey, b)
	}
	if u.Team != nil && *u.Team != "" && !validUUID(*u.Team) {
		fe.add("team", "Must be a valid UUID.")
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&b.label, u.Label)
	set(&b.emailSubject, u.EmailSubject)
	set(&b.emailMessage, u.EmailMessage)
	set(&b.smsMessage, u.SMSMessage)
	set(&b.requesterName, u.RequesterName)
	set(&b.requesterMail, u.RequesterEmail)
	set(&b.customKey, u.CustomKey)
	set(&b.team, u.Team)
	set(&b.signingBrand, u.SigningBrand)
	if u.CCEmails != nil {
		b.ccEmails = slices.Clone(*u.CCEmails)
	}
	if u.InOrder != nil {
		b.inOrder = *u.InOrder
	}
	if u.IsTest != nil {
		b.isTest = *u.IsTest
	}
	return ok(b.view())
}

func (c *call) checkCustomKey(fe *fieldErrors, key string, self *bundle) {
	if len(key) > 200 {
		fe.add("custom_key", "Ensure this field has no more than 200 characters.")
		return
	}
	if key == "" {
		return
	}
	for _, o := range c.s.bundles {
		if o != self && o.customKey == key {
			fe.add("custom_key", "A bundle with this custom key already exists.")
			return
		}
	}
}

// deleteBundle deletes a draft (204); other bundles must be cancelled (409).
func (c *call) deleteBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if b.status != stDraft {
		return c.conflict("Only draft bundles can be deleted; cancel a sent bundle instead.")
	}
	for _, p := range b.packets {
		delete(c.s.packets, p.id)
	}
	delete(c.s.bundles, b.id)
	return noContent()
}

func (c *call) cancelBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if err := c.s.cancelLocked(&c.queue, b, "Bundle cancelled"); err != nil {
		return c.conflict("Cannot cancel the bundle, probably because it is completed (status %q).", b.status)
	}
	return ok(b.view())
}

func (c *call) sendBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if b.status != stDraft {
		return c.conflict("Only draft bundles can be sent (status %q).", b.status)
	}
	if msg := sendProblem(b); msg != "" {
		return c.invalidField("non_field_errors", "%s", msg)
	}
	c.s.sendLocked(&c.queue, b)
	return ok(b.view())
}

// sendProblem explains why a draft cannot be sent ("" when it can).
func sendProblem(b *bundle) string {
	if len(b.documents) == 0 {
		return "The bundle has no documents."
	}
	if len(b.activePackets()) == 0 {
		return "The bundle has no signers."
	}
	for _, p := range b.activePackets() {
		if msg := deliverProblem(p.deliverVia, p.email, p.phone, p.authSMS); msg != "" {
			return "Signer " + p.key + ": " + msg
		}
	}
	return ""
}

type validationJSON struct {
	CanSend bool   `json:"can_send"`
	Msg     string `json:"msg"`
	NDocs   int    `json:"n_docs"`
}

func (c *call) validateBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	v := validationJSON{NDocs: len(b.documents)}
	switch {
	case b.status != stDraft:
		v.Msg = "Only draft bundles can be sent; this bundle's status is " + b.status + "."
	default:
		v.Msg = sendProblem(b)
		v.CanSend = v.Msg == ""
	}
	return ok(v)
}

func (c *call) expireBundle() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if err := c.s.expireLocked(b); err != nil {
		return c.conflict("Cannot expire a bundle with status %q.", b.status)
	}
	return ok(b.view())
}

type historyJSON struct {
	Kind        string `json:"kind"`
	Description string `json:"description"`
	PacketID    any    `json:"packet_id"`
	Timestamp   any    `json:"timestamp"`
}

func (c *call) bundleEvents() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	out := make([]historyJSON, 0, len(b.history))
	for _, h := range b.history {
		out = append(out, historyJSON{Kind: h.kind, Description: h.description, PacketID: nullable(h.packetID), Timestamp: apiTime(h.at)})
	}
	return ok(out)
}

// bundleFiles lists the final file of a complete bundle, or the interim
// file after PUT …/files/; 409 before that.
func (c *call) bundleFiles() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	f := b.final
	if f == nil {
		f = b.interim
	}
	if f == nil {
		return c.conflict("Files not ready.")
	}
	return ok([]fileLinkJSON{c.s.link(f)})
}

// interimFiles generates an interim file at once (202, no body); bundles
// with a terminal status answer 409.
func (c *call) interimFiles() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if !live(b.status) {
		return c.conflict("Cannot generate interim files for a bundle with status %q.", b.status)
	}
	b.interim = c.s.storeFile("interim-"+b.id+".pdf", PDF(
		"BlueInk (blueinktest) interim copy",
		"Bundle "+b.id+": "+b.label,
		"Generated "+b.status+" at "+c.s.now().UTC().Format(time.RFC3339),
	))
	return reply{status: http.StatusAccepted}
}

type fieldDataJSON struct {
	DocKey      string `json:"doc_key"`
	FieldKey    string `json:"field_key"`
	Kind        string `json:"kind"`
	Label       string `json:"label"`
	FilledBy    string `json:"filled_by"`
	PacketID    any    `json:"packet_id"`
	Value       any    `json:"value"`
	Attachments []any  `json:"attachments"`
}

func (c *call) bundleData() reply {
	b, rep, found := c.bundleParam()
	if !found {
		return rep
	}
	if b.status != stComplete {
		return c.conflict("Bundle data is not ready: the bundle is not complete.")
	}
	out := make([]fieldDataJSON, 0, len(b.values))
	for _, fv := range b.values {
		out = append(out, fieldDataJSON{
			DocKey: fv.doc.key, FieldKey: fv.field.key, Kind: fv.field.kind, Label: fv.field.label,
			FilledBy: fv.filledBy, PacketID: nullable(fv.packetID), Value: fv.value, Attachments: []any{},
		})
	}
	return ok(out)
}

type tagsBody struct {
	Tags *[]string `json:"tags"`
}

func (c *call) tagsParam() (*bundle, []string, reply, bool) {
	b, rep, found := c.bundleParam()
	if !found {
		return nil, nil, rep, false
	}
	var body tagsBody
	if rep, good := c.decode(&body); !good {
		return nil, nil, rep, false
	}
	if body.Tags == nil {
		return nil, nil, c.invalidField("tags", msgRequired), false
	}
	var fe fieldErrors
	for i, t := range *body.Tags {
		if strings.TrimSpace(t) == "" {
			fe.addf("tags", i, "This field may not be blank.")
		}
	}
	if len(fe) > 0 {
		return nil, nil, c.invalid(fe...), false
	}
	return b, *body.Tags, reply{}, true
}

func (c *call) addTags() reply {
	b, tags, rep, good := c.tagsParam()
	if !good {
		return rep
	}
	for _, t := range tags {
		if !slices.Contains(b.tags, t) {
			b.tags = append(b.tags, t)
		}
	}
	return ok(b.view())
}

func (c *call) removeTags() reply {
	b, tags, rep, good := c.tagsParam()
	if !good {
		return rep
	}
	b.tags = slices.DeleteFunc(b.tags, func(t string) bool { return slices.Contains(tags, t) })
	return ok(b.view())
}

type prepRequest struct {
	UploadPDF          *bool    `json:"upload_pdf"`
	AllowSearchSigners bool     `json:"allow_search_signers"`
	TemplateIDs        []string `json:"template_ids"`
	FolderIDs          []string `json:"folder_ids"`
	RedirectURL        string   `json:"redirect_url"`
	DraftBundle        string   `json:"draft_bundle"`
}

type urlJSON struct {
	URL     string `json:"url"`
	Expires any    `json:"expires"`
}

// preparationSession implements POST /bundles/preparation_session/ (201).
func (c *call) preparationSession() reply {
	var req prepRequest
	if rep, good := c.decode(&req); !good {
		return rep
	}
	var fe fieldErrors
	if req.UploadPDF != nil && !*req.UploadPDF && len(req.TemplateIDs) == 0 && len(req.FolderIDs) == 0 {
		fe.add("non_field_errors", "At least one document source is needed: upload_pdf, template_ids or folder_ids.")
	}
	for i, id := range req.TemplateIDs {
		if _, found := c.s.templates[id]; !found {
			fe.addf("template_ids", i, "Invalid pk %q - object does not exist.", id)
		}
	}
	if req.RedirectURL != "" && !validURL(req.RedirectURL) {
		fe.add("redirect_url", msgBadURL)
	}
	if req.DraftBundle != "" {
		b, found := c.s.bundles[req.DraftBundle]
		switch {
		case !found:
			fe.add("draft_bundle", "Invalid pk %q - object does not exist.", req.DraftBundle)
		case b.status != stDraft:
			fe.add("draft_bundle", "Bundle %s is not a draft.", b.id)
		}
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	return created(urlJSON{
		URL:     c.s.URL + "/embed/prepare/" + c.s.token(24) + "/",
		Expires: apiTime(c.s.now().Add(time.Hour)),
	})
}
