package blueinktest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/esignkit/esign/blueink"
)

// Limits from the API schema.
const (
	maxPacketKey   = 20
	maxDocumentKey = 12
)

type bundleRequest struct {
	Label            string           `json:"label"`
	InOrder          bool             `json:"in_order"`
	EmailSubject     string           `json:"email_subject"`
	EmailMessage     string           `json:"email_message"`
	SMSMessage       string           `json:"sms_message"`
	RequesterName    string           `json:"requester_name"`
	RequesterEmail   string           `json:"requester_email"`
	CCEmails         []string         `json:"cc_emails"`
	CustomKey        string           `json:"custom_key"`
	Team             string           `json:"team"`
	IsTest           bool             `json:"is_test"`
	Status           string           `json:"status"`
	Payment          json.RawMessage  `json:"payment"`
	Packets          json.RawMessage  `json:"packets"`
	Documents        json.RawMessage  `json:"documents"`
	EnvelopeTemplate *envelopeRequest `json:"envelope_template"`
}

type packetRequest struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Email      string `json:"email"`
	Phone      string `json:"phone"`
	AuthSMS    bool   `json:"auth_sms"`
	AuthSelfie bool   `json:"auth_selfie"`
	AuthID     bool   `json:"auth_id"`
	DeliverVia string `json:"deliver_via"`
	Order      *int   `json:"order"`
	PersonID   string `json:"person_id"`
}

// documentRequest covers both DocumentRequest and TemplateRequest; a
// template_id makes it a TemplateRequest.
type documentRequest struct {
	Key         string          `json:"key"`
	TemplateID  json.RawMessage `json:"template_id"`
	FileURL     string          `json:"file_url"`
	FileB64     string          `json:"file_b64"`
	FileIndex   *int            `json:"file_index"`
	ParseTags   bool            `json:"parse_tags"`
	Fields      []fieldRequest  `json:"fields"`
	Assignments []struct {
		Role   string `json:"role"`
		Signer string `json:"signer"`
	} `json:"assignments"`
	FieldValues []fieldValueRequest `json:"field_values"`
}

type fieldRequest struct {
	Kind             string          `json:"kind"`
	Key              string          `json:"key"`
	Label            string          `json:"label"`
	Page             *int            `json:"page"`
	X                float64         `json:"x"`
	Y                float64         `json:"y"`
	W                float64         `json:"w"`
	H                float64         `json:"h"`
	Required         bool            `json:"required"`
	VPattern         string          `json:"v_pattern"`
	VMin             float64         `json:"v_min"`
	VMax             float64         `json:"v_max"`
	VAttachmentTypes []string        `json:"v_attachment_types"`
	Editors          []string        `json:"editors"`
	InitialValue     json.RawMessage `json:"initial_value"`
}

type fieldValueRequest struct {
	Key          string          `json:"key"`
	InitialValue json.RawMessage `json:"initial_value"`
}

type envelopeRequest struct {
	TemplateID  json.RawMessage     `json:"template_id"`
	FieldValues []fieldValueRequest `json:"field_values"`
}

var (
	fieldKinds = []string{"att", "cbg", "cbx", "chk", "dat", "ini", "inp", "sdt", "sel", "sig", "snm", "stp", "txt"}
	vPatterns  = []string{"email", "bank_routing", "bank_account", "letters", "numbers", "phone", "ssn", "zip_code"}
	attTypes   = []string{"jpg", "jpeg", "png", "gif", "svg", "pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "rtf", "txt"}
)

// upload is one files[N] part of a multipart request.
type upload struct {
	name    string
	content []byte
}

// createBundle implements POST /bundles/: JSON, or multipart/form-data
// with the request as JSON in "bundle_request" and files in "files[N]".
func (c *call) createBundle() reply {
	mt, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	var (
		req     bundleRequest
		uploads map[int]upload
	)
	if mt == "multipart/form-data" {
		raw, ups, rep, good := c.readMultipart(params["boundary"])
		if !good {
			return rep
		}
		uploads = ups
		if rep, good := decodeJSON(c, raw, &req); !good {
			return rep
		}
	} else if rep, good := c.decode(&req); !good {
		return rep
	}
	var fe fieldErrors
	if req.EnvelopeTemplate != nil {
		fe.add("envelope_template", "Use /bundles/create_from_envelope_template/ to create a bundle from an envelope template.")
	}
	b := c.buildBundle(&req, &fe)
	docs, async := c.buildDocuments(req.Documents, uploads, b, &fe)
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	b.documents = docs
	c.s.finishCreate(&c.queue, b, req.Status, async)
	return created(b.view())
}

// readMultipart returns the bundle_request JSON and the uploaded files.
func (c *call) readMultipart(boundary string) ([]byte, map[int]upload, reply, bool) {
	if boundary == "" {
		return nil, nil, reply{http.StatusBadRequest, errorBody("parse_error", "Multipart form parse error - Invalid boundary in multipart: None", nil)}, false
	}
	mr := multipart.NewReader(bytes.NewReader(c.body), boundary)
	var raw []byte
	haveRequest := false
	uploads := map[int]upload{}
	next := 0
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, reply{http.StatusBadRequest, errorBody("parse_error", "Multipart form parse error - "+err.Error(), nil)}, false
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return nil, nil, reply{http.StatusBadRequest, errorBody("parse_error", "Multipart form parse error - "+err.Error(), nil)}, false
		}
		name := p.FormName()
		switch {
		case name == "bundle_request":
			raw, haveRequest = data, true
		case name == "files":
			uploads[next] = upload{name: p.FileName(), content: data}
			next++
		case strings.HasPrefix(name, "files[") && strings.HasSuffix(name, "]"):
			idx, err := strconv.Atoi(name[len("files[") : len(name)-1])
			if err != nil || idx < 0 {
				return nil, nil, c.invalidField(name, "Invalid file part name."), false
			}
			uploads[idx] = upload{name: p.FileName(), content: data}
			next = max(next, idx+1)
		}
	}
	if !haveRequest {
		return nil, nil, c.invalidField("bundle_request", msgRequired), false
	}
	return raw, uploads, reply{}, true
}

// buildBundle validates the bundle settings and packets and returns the
// new (unsaved) bundle.
func (c *call) buildBundle(req *bundleRequest, fe *fieldErrors) *bundle {
	s := c.s
	if req.RequesterEmail != "" && !validEmail(req.RequesterEmail) {
		fe.add("requester_email", msgBadEmail)
	}
	for i, e := range req.CCEmails {
		if !validEmail(e) {
			fe.addf("cc_emails", i, msgBadEmail)
		}
	}
	c.checkCustomKey(fe, req.CustomKey, nil)
	if req.Team != "" && !validUUID(req.Team) {
		fe.add("team", "Must be a valid UUID.")
	}
	if req.Status != "" && req.Status != stDraft {
		fe.add("status", "%q is not a valid choice.", req.Status)
	}
	b := &bundle{
		seq: s.nextSeq(), label: req.Label, inOrder: req.InOrder, emailSubject: req.EmailSubject,
		emailMessage: req.EmailMessage, smsMessage: req.SMSMessage, requesterName: req.RequesterName,
		requesterMail: req.RequesterEmail, ccEmails: slices.Clone(req.CCEmails), customKey: req.CustomKey,
		team: req.Team, isTest: req.IsTest, payment: req.Payment, created: s.now(),
	}
	before := len(*fe)
	b.packets = c.buildPackets(req.Packets, req.InOrder, b, fe)
	b.packetsOK = len(*fe) == before
	return b
}

func (c *call) buildPackets(raw json.RawMessage, inOrder bool, b *bundle, fe *fieldErrors) []*packet {
	if len(raw) == 0 || string(raw) == "null" {
		fe.add("packets", msgRequired)
		return nil
	}
	var reqs []packetRequest
	if err := json.Unmarshal(raw, &reqs); err != nil {
		fe.add("packets", "Expected a list of items but got %s.", jsonKind(raw))
		return nil
	}
	if len(reqs) == 0 {
		fe.add("packets", "This list may not be empty.")
		return nil
	}
	keys := map[string]bool{}
	orders := map[int]bool{}
	withOrder := 0
	var out []*packet
	for i, r := range reqs {
		f := fmt.Sprintf("packets[%d]", i)
		if checkKey(fe, f+".key", r.Key, maxPacketKey) {
			if keys[r.Key] {
				fe.add(f+".key", "Duplicate packet key %q.", r.Key)
			}
			keys[r.Key] = true
		}
		p := &packet{
			id: c.s.slug(), key: r.Key, name: r.Name, email: r.Email, phone: r.Phone,
			authSMS: r.AuthSMS, authSelfie: r.AuthSelfie, authID: r.AuthID,
			deliverVia: r.DeliverVia, personID: r.PersonID, status: stNew, bundle: b,
		}
		if p.deliverVia == "" {
			p.deliverVia = "email"
		}
		if r.PersonID != "" {
			per, found := c.s.persons[r.PersonID]
			if !found {
				fe.add(f+".person_id", "Invalid pk %q - object does not exist.", r.PersonID)
			} else {
				per.fill(p)
			}
		}
		if p.email != "" && !validEmail(p.email) {
			fe.add(f+".email", msgBadEmail)
		}
		switch p.deliverVia {
		case "email", "phone", "embed":
			if msg := deliverProblem(p.deliverVia, p.email, p.phone, p.authSMS); msg != "" {
				field := f + ".phone"
				if p.deliverVia == "email" && p.email == "" {
					field = f + ".email"
				}
				fe.add(field, "%s", msg)
			}
		default:
			fe.add(f+".deliver_via", "%q is not a valid choice.", r.DeliverVia)
		}
		if r.Order != nil {
			withOrder++
			switch {
			case *r.Order < 0:
				fe.add(f+".order", "Ensure this value is greater than or equal to 0.")
			case orders[*r.Order]:
				fe.add(f+".order", "Duplicate packet order %d.", *r.Order)
			}
			orders[*r.Order] = true
			p.order = *r.Order
		} else if inOrder {
			p.order = i + 1
		}
		out = append(out, p)
	}
	if withOrder > 0 && withOrder != len(reqs) {
		fe.add("packets", "Either every packet or no packet must have an order.")
	}
	return out
}

// deliverProblem explains why a signer cannot be reached ("" when it can).
func deliverProblem(via, email, phone string, authSMS bool) string {
	switch {
	case via == "email" && email == "":
		return "An email address is required to deliver by email."
	case via == "phone" && phone == "":
		return "A phone number is required to deliver by phone."
	case authSMS && phone == "":
		return "A phone number is required for SMS authentication."
	}
	return ""
}

// buildDocuments validates the documents of a bundle and creates them. It
// returns the asynchronous problems (content that is not a PDF, initial
// values that do not fit their field) that make the bundle fail after
// creation, as BlueInk's document processing does.
func (c *call) buildDocuments(raw json.RawMessage, uploads map[int]upload, b *bundle, fe *fieldErrors) ([]*document, []fieldError) {
	if len(raw) == 0 || string(raw) == "null" {
		fe.add("documents", msgRequired)
		return nil, nil
	}
	var reqs []json.RawMessage
	if err := json.Unmarshal(raw, &reqs); err != nil {
		fe.add("documents", "Expected a list of items but got %s.", jsonKind(raw))
		return nil, nil
	}
	if len(reqs) == 0 {
		fe.add("documents", "This list may not be empty.")
		return nil, nil
	}
	// References to packets are checked only when the packets are valid,
	// so one bad packet does not echo through every field.
	var packetKeys map[string]bool
	if b.packetsOK {
		packetKeys = map[string]bool{}
		for _, p := range b.packets {
			packetKeys[p.key] = true
		}
	}
	var (
		docs  []*document
		async []fieldError
	)
	docKeys := map[string]bool{}
	for i, rawDoc := range reqs {
		f := fmt.Sprintf("documents[%d]", i)
		var r documentRequest
		if err := json.Unmarshal(rawDoc, &r); err != nil {
			fe.add(f, "Invalid document: %v.", err)
			continue
		}
		d := &document{id: c.s.uuid(), key: r.Key}
		if d.key == "" {
			for n := i + 1; d.key == "" || docKeys[d.key]; n++ {
				d.key = fmt.Sprintf("doc-%02d", n)
			}
		} else if checkKey(fe, f+".key", r.Key, maxDocumentKey) && docKeys[r.Key] {
			fe.add(f+".key", "Duplicate document key %q.", r.Key)
		}
		docKeys[d.key] = true
		if tid := flexID(r.TemplateID); tid != "" {
			async = append(async, c.templateDocument(f, tid, &r, d, packetKeys, fe)...)
		} else {
			async = append(async, c.fileDocument(f, &r, uploads, d, packetKeys, fe)...)
		}
		docs = append(docs, d)
	}
	return docs, async
}

func (c *call) fileDocument(f string, r *documentRequest, uploads map[int]upload, d *document, packetKeys map[string]bool, fe *fieldErrors) []fieldError {
	var async []fieldError
	sources := 0
	for _, set := range []bool{r.FileURL != "", r.FileB64 != "", r.FileIndex != nil} {
		if set {
			sources++
		}
	}
	switch {
	case sources == 0:
		fe.add(f, "One of file_url, file_b64 or file_index is required.")
	case sources > 1:
		fe.add(f, "Only one of file_url, file_b64 or file_index may be given.")
	case r.FileURL != "":
		if !validURL(r.FileURL) {
			fe.add(f+".file_url", msgBadURL)
			break
		}
		d.fileURL = r.FileURL
		d.name = d.key + ".pdf"
		if u, err := url.Parse(r.FileURL); err == nil {
			if base := path.Base(u.Path); base != "/" && base != "." {
				d.name = base
			}
		}
	case r.FileB64 != "":
		data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(r.FileB64))
		if err != nil {
			fe.add(f+".file_b64", "Invalid base64 data.")
			break
		}
		d.content, d.name = data, d.key+".pdf"
	default:
		up, found := uploads[*r.FileIndex]
		switch {
		case uploads == nil:
			fe.add(f+".file_index", "file_index can only be used when uploading files with multipart/form-data.")
		case !found:
			fe.add(f+".file_index", "No file was uploaded as files[%d].", *r.FileIndex)
		default:
			d.content, d.name = up.content, up.name
			if d.name == "" {
				d.name = d.key + ".pdf"
			}
		}
	}
	if d.content != nil && !isPDF(d.content) {
		async = append(async, fieldError{Field: f, Message: "The document could not be processed: it is not a PDF file."})
	}
	fieldKeys := map[string]bool{}
	for j, fr := range r.Fields {
		ff := fmt.Sprintf("%s.fields[%d]", f, j)
		fd := &docField{kind: fr.Kind, key: fr.Key, label: fr.Label, page: 1, x: fr.X, y: fr.Y, w: fr.W, h: fr.H,
			required: fr.Required, editors: slices.Clone(fr.Editors)}
		if !slices.Contains(fieldKinds, fr.Kind) {
			if fr.Kind == "" {
				fe.add(ff+".kind", msgRequired)
			} else {
				fe.add(ff+".kind", "%q is not a valid choice.", fr.Kind)
			}
		}
		if fd.key == "" {
			for n := j + 1; fd.key == "" || fieldKeys[fd.key]; n++ {
				fd.key = fmt.Sprintf("fld-%02d", n)
			}
		} else if fieldKeys[fd.key] {
			fe.add(ff+".key", "Duplicate field key %q.", fd.key)
		}
		fieldKeys[fd.key] = true
		if fr.Page != nil {
			if *fr.Page < 1 {
				fe.add(ff+".page", "Ensure this value is greater than or equal to 1.")
			}
			fd.page = *fr.Page
		}
		if fr.X < 0 || fr.Y < 0 || fr.W < 0 || fr.H < 0 {
			fe.add(ff, "x, y, w and h must be greater than or equal to 0.")
		}
		if fr.VPattern != "" && !slices.Contains(vPatterns, fr.VPattern) {
			fe.add(ff+".v_pattern", "%q is not a valid choice.", fr.VPattern)
		}
		for k, t := range fr.VAttachmentTypes {
			if !slices.Contains(attTypes, t) {
				fe.add(fmt.Sprintf("%s.v_attachment_types[%d]", ff, k), "%q is not a valid choice.", t)
			}
		}
		for k, e := range fr.Editors {
			if packetKeys != nil && !packetKeys[e] {
				fe.add(fmt.Sprintf("%s.editors[%d]", ff, k), "Unknown packet key %q.", e)
			}
		}
		if len(fr.InitialValue) > 0 && string(fr.InitialValue) != "null" {
			v, msg := initialValue(fr.Kind, fr.InitialValue)
			if msg != "" {
				async = append(async, fieldError{Field: ff + ".initial_value", Message: msg})
			}
			fd.initial, fd.initialBy = v, blueink.FilledByInitial
		}
		d.fields = append(d.fields, fd)
	}
	return async
}

// initialValue checks an initial value against its field kind.
func initialValue(kind string, raw json.RawMessage) (any, string) {
	var v any
	_ = json.Unmarshal(raw, &v)
	switch kind {
	case "chk":
		if _, isBool := v.(bool); !isBool {
			return v, fmt.Sprintf("Invalid initial_value for a checkbox: %s (expected true or false).", raw)
		}
	case "cbx", "cbg":
		if _, isList := v.([]any); !isList {
			return v, fmt.Sprintf("Invalid initial_value for a checkbox group: %s (expected a list).", raw)
		}
	default:
		switch v.(type) {
		case string, float64:
		default:
			return v, fmt.Sprintf("Invalid initial_value: %s (expected a string or a number).", raw)
		}
	}
	return v, ""
}

func (c *call) templateDocument(f, tid string, r *documentRequest, d *document, packetKeys map[string]bool, fe *fieldErrors) []fieldError {
	t, found := c.s.templates[tid]
	if !found {
		fe.add(f+".template_id", "Invalid pk %q - object does not exist.", tid)
		return nil
	}
	d.templateID, d.name = t.id, t.name
	if len(r.Assignments) == 0 {
		fe.add(f+".assignments", msgRequired)
	}
	roleSigner := map[string]string{}
	for j, a := range r.Assignments {
		af := fmt.Sprintf("%s.assignments[%d]", f, j)
		if checkKey(fe, af+".role", a.Role, maxDocumentKey) && !t.hasRole(a.Role) {
			fe.add(af+".role", "%q is not a role of template %q.", a.Role, t.name)
		}
		if packetKeys != nil && !packetKeys[a.Signer] {
			fe.add(af+".signer", "Unknown packet key %q.", a.Signer)
		}
		roleSigner[a.Role] = a.Signer
	}
	if len(r.Assignments) > 0 {
		for _, role := range t.roles {
			if _, assigned := roleSigner[role.key]; !assigned {
				fe.add(f+".assignments", "Role %q of template %q is not assigned to a signer.", role.key, t.name)
			}
		}
	}
	values := map[string]any{}
	for j, fv := range r.FieldValues {
		vf := fmt.Sprintf("%s.field_values[%d]", f, j)
		if !t.hasField(fv.Key) {
			fe.add(vf+".key", "Template %q has no field %q.", t.name, fv.Key)
			continue
		}
		var v any
		_ = json.Unmarshal(fv.InitialValue, &v)
		values[fv.Key] = v
	}
	d.fields = t.instantiate(roleSigner, values)
	return nil
}

// finishCreate stores a validated bundle and sends it, keeps it as a draft,
// or fails it when asynchronous processing found problems.
func (s *Server) finishCreate(q *[]*pendingDelivery, b *bundle, status string, async []fieldError) {
	b.id = s.slug()
	for _, p := range b.packets {
		s.packets[p.id] = p
	}
	s.bundles[b.id] = b
	for _, d := range b.documents {
		for _, fd := range d.fields {
			if fd.initial != nil {
				b.values = append(b.values, &fieldValue{doc: d, field: fd, value: fd.initial, filledBy: fd.initialBy})
			}
		}
	}
	now := s.now()
	switch {
	case len(async) > 0:
		b.addHistory(stNew, "Bundle created", "", now)
		s.failLocked(q, b, "invalid", "The bundle could not be created: document processing failed.", async)
	case status == stDraft:
		b.status = stDraft
		b.addHistory(stDraft, "Draft bundle created", "", now)
	default:
		b.addHistory(stNew, "Bundle created", "", now)
		s.sendLocked(q, b)
	}
}

// createFromEnvelope implements POST /bundles/create_from_envelope_template/:
// packets plus envelope_template {template_id, field_values}. Each role of
// the envelope's document templates is assigned to the packet whose key is
// the role key.
func (c *call) createFromEnvelope() reply {
	var req bundleRequest
	if rep, good := c.decode(&req); !good {
		return rep
	}
	var fe fieldErrors
	b := c.buildBundle(&req, &fe)
	if len(req.Documents) > 0 && string(req.Documents) != "null" && string(req.Documents) != "[]" {
		fe.add("documents", "Must be empty when creating a bundle from an envelope template.")
	}
	var et *envelopeTemplate
	switch {
	case req.EnvelopeTemplate == nil:
		fe.add("envelope_template", msgRequired)
	case flexID(req.EnvelopeTemplate.TemplateID) == "":
		fe.add("envelope_template.template_id", msgRequired)
	default:
		tid := flexID(req.EnvelopeTemplate.TemplateID)
		var found bool
		if et, found = c.s.envelopes[tid]; !found {
			fe.add("envelope_template.template_id", "Invalid pk %q - object does not exist.", tid)
		}
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	packetKeys := map[string]bool{}
	for _, p := range b.packets {
		packetKeys[p.key] = true
	}
	values := map[string]any{}
	for j, fv := range req.EnvelopeTemplate.FieldValues {
		known := slices.ContainsFunc(et.templateIDs, func(id string) bool { return c.s.templates[id].hasField(fv.Key) })
		if !known {
			fe.add(fmt.Sprintf("envelope_template.field_values[%d].key", j), "The envelope template has no field %q.", fv.Key)
			continue
		}
		var v any
		_ = json.Unmarshal(fv.InitialValue, &v)
		values[fv.Key] = v
	}
	for _, id := range et.templateIDs {
		t := c.s.templates[id]
		roleSigner := map[string]string{}
		for _, role := range t.roles {
			if !packetKeys[role.key] {
				fe.add("packets", "Envelope template role %q has no packet with that key.", role.key)
			}
			roleSigner[role.key] = role.key
		}
		b.documents = append(b.documents, &document{
			id: c.s.uuid(), key: docKey(len(b.documents) + 1), name: t.name, templateID: t.id,
			fields: t.instantiate(roleSigner, values),
		})
	}
	if len(fe) > 0 {
		return c.invalid(fe...)
	}
	c.s.finishCreate(&c.queue, b, req.Status, nil)
	return created(b.view())
}

// flexID reads an id sent as a JSON string or number.
func flexID(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return string(raw)
}

// jsonKind names the JSON type of raw as Django REST framework does.
func jsonKind(raw json.RawMessage) string {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 {
		return "nothing"
	}
	switch t[0] {
	case '{':
		return `type "dict"`
	case '"':
		return `type "str"`
	case 't', 'f':
		return `type "bool"`
	case 'n':
		return `type "NoneType"`
	}
	return `type "int"`
}

// isPDF reports whether data starts with a PDF header.
func isPDF(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\x00"), []byte("%PDF-"))
}
