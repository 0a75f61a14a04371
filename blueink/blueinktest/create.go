package blueinktest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
)

type bundleRequest struct {
	settings
	Status           string          `json:"status"`
	Packets          json.RawMessage `json:"packets"`
	Documents        json.RawMessage `json:"documents"`
	EnvelopeTemplate *struct {
		TemplateID  json.RawMessage `json:"template_id"`
		FieldValues []preset        `json:"field_values"`
	} `json:"envelope_template"`
}

type packetRequest struct {
	signer
	Key      string `json:"key"`
	Order    *int   `json:"order"`
	PersonID string `json:"person_id"`
}

// documentRequest covers both DocumentRequest and TemplateRequest; a
// template_id makes it a TemplateRequest.
type documentRequest struct {
	Key         string          `json:"key"`
	TemplateID  json.RawMessage `json:"template_id"`
	FileURL     string          `json:"file_url"`
	FileB64     string          `json:"file_b64"`
	FileIndex   *int            `json:"file_index"`
	Fields      []fieldRequest  `json:"fields"`
	Assignments []struct{ Role, Signer string }
	FieldValues []preset `json:"field_values"`
}

// preset is a value given to a template's field at creation.
type preset struct {
	Key   string `json:"key"`
	Value any    `json:"initial_value"`
}

type fieldRequest struct {
	Kind, Key, Label string
	Page             *int
	X, Y, W, H       float64
	VPattern         string   `json:"v_pattern"`
	VAttachmentTypes []string `json:"v_attachment_types"`
	Editors          []string
	InitialValue     json.RawMessage `json:"initial_value"`
}

var (
	fieldKinds = []string{"att", "cbg", "cbx", "chk", "dat", "ini", "inp", "sdt", "sel", "sig", "snm", "stp", "txt"}
	vPatterns  = []string{"email", "bank_routing", "bank_account", "letters", "numbers", "phone", "ssn", "zip_code"}
	attTypes   = []string{"jpg", "jpeg", "png", "gif", "svg", "pdf", "doc", "docx", "ppt", "pptx", "xls", "xlsx", "rtf", "txt"}
)

// createBundle is POST /bundles/: a bundle from documents or from an
// envelope template; its problems are 400s, but for those BlueInk finds
// while processing the documents, which fail the bundle after creation.
func createBundle(c *fs.Call, it *fs.Item[bundle]) *fs.Error {
	var req bundleRequest
	uploads, e := bundleBody(c, &req)
	if e != nil {
		return e
	}
	k, async := new(fs.Check), new(fs.Check)
	packetsOK := newBundle(c, it, &req, k)
	if req.EnvelopeTemplate != nil {
		envelopeDocuments(c, &it.V, &req, packetsOK, k)
	} else {
		buildDocuments(c, &it.V, req.Documents, uploads, packetsOK, k, async)
	}
	if e := k.Err(); e != nil {
		return e
	}
	finishCreate(c, it, req.Status, async.Fields())
	return nil
}

// bundleBody reads POST /bundles/'s body: JSON, or multipart/form-data
// with the request as JSON in "bundle_request" and files in "files[N]"
// (or "files", indexed in order); uploads is nil for JSON.
func bundleBody(c *fs.Call, req *bundleRequest) (uploads map[int]*document, e *fs.Error) {
	if mt, _, _ := mime.ParseMediaType(c.Req.Header.Get("Content-Type")); mt != "multipart/form-data" {
		return nil, read(c, req).Err()
	}
	parts, e := c.Parts()
	if e != nil {
		return nil, &fs.Error{Status: http.StatusBadRequest, Code: "parse_error", Message: "Multipart form parse error - " + e.Message}
	}
	uploads = map[int]*document{}
	var raw []byte
	plain := 0 // "files" parts so far
	for _, pt := range parts {
		up := &document{name: pt.FileName, content: pt.Data}
		n, indexed := strings.CutPrefix(pt.Name, "files[")
		i, err := strconv.Atoi(strings.TrimSuffix(n, "]"))
		switch {
		case pt.Name == "bundle_request" && raw == nil:
			raw = pt.Data
		case pt.Name == "files":
			uploads[plain], plain = up, plain+1
		case indexed && (err != nil || i < 0):
			return nil, invalid(pt.Name, "Invalid file part name.")
		case indexed:
			uploads[i] = up
		}
	}
	if raw == nil {
		return nil, invalid("bundle_request", msgRequired)
	}
	return uploads, decodeJSON(raw, req)
}

// newBundle checks the bundle's settings and packets into it; it reports
// whether the packets are valid.
func newBundle(c *fs.Call, it *fs.Item[bundle], req *bundleRequest, k *fs.Check) bool {
	checkSettings(c, k, req.settings, "")
	oneOf(k, "status", req.Status, false, stDraft)
	it.V.settings = req.settings
	if !isJSON(it.V.Payment) {
		it.V.Payment = nil
	}
	before := len(k.Fields())
	var reqs []packetRequest
	list(k, "packets", req.Packets, &reqs)
	keys, orders := map[string]bool{}, map[int]bool{}
	withOrder := 0
	for i, r := range reqs {
		f := index("packets", i)
		k.Field(checkKey(k, f+".key", r.Key, 20) && keys[r.Key], f+".key", fmt.Sprintf("Duplicate packet key %q.", r.Key))
		keys[r.Key] = true
		pk := &packet{signer: r.signer, id: c.Token(10, ""), key: r.Key, personID: r.PersonID, status: stNew}
		pk.DeliverVia = cmp.Or(pk.DeliverVia, "email")
		per := persons.Get(c, r.PersonID)
		if per != nil {
			per.V.fill(pk)
		}
		k.Field(per == nil && r.PersonID != "", f+".person_id", noSuch(r.PersonID))
		email(k, f+".email", pk.Email)
		if field, msg := deliverProblem(pk.signer); slices.Contains(deliverVias, pk.DeliverVia) {
			k.Field(msg != "", f+"."+field, msg)
		} else {
			oneOf(k, f+".deliver_via", pk.DeliverVia, true, deliverVias...)
		}
		switch {
		case r.Order != nil && *r.Order < 0:
			k.Field(true, f+".order", "Ensure this value is greater than or equal to 0.")
		case r.Order != nil && orders[*r.Order]:
			k.Field(true, f+".order", fmt.Sprintf("Duplicate packet order %d.", *r.Order))
		case r.Order == nil && req.InOrder:
			pk.order = i + 1
		}
		if r.Order != nil {
			withOrder++
			orders[*r.Order], pk.order = true, *r.Order
		}
		it.V.packets = append(it.V.packets, pk)
	}
	k.Field(withOrder > 0 && withOrder != len(reqs), "packets", "Either every packet or no packet must have an order.")
	return len(k.Fields()) == before
}

var deliverVias = []string{"email", "phone", "embed"}

// buildDocuments checks the documents of a bundle into b. Problems
// BlueInk's document processing finds (content that is not a PDF, initial
// values that do not fit their field) go to async: they fail the bundle
// after creation. References to packets are checked only when the packets
// are valid, so one bad packet does not echo through every field.
func buildDocuments(c *fs.Call, b *bundle, raw json.RawMessage, uploads map[int]*document, packetsOK bool, k, async *fs.Check) {
	var reqs []json.RawMessage
	list(k, "documents", raw, &reqs)
	signer := func(key string) bool {
		return !packetsOK || slices.ContainsFunc(b.packets, func(pk *packet) bool { return pk.key == key })
	}
	docKeys := map[string]bool{}
	for i, rawDoc := range reqs {
		f := index("documents", i)
		var r documentRequest
		if err := json.Unmarshal(rawDoc, &r); err != nil {
			k.Field(true, f, fmt.Sprintf("Invalid document: %v.", err))
			continue
		}
		d := &document{id: c.UUID(), key: r.Key}
		if d.key == "" {
			d.key = freeKey("doc", i+1, docKeys)
		} else {
			k.Field(checkKey(k, f+".key", r.Key, 12) && docKeys[r.Key], f+".key", fmt.Sprintf("Duplicate document key %q.", r.Key))
		}
		docKeys[d.key] = true
		if tid := flexID(r.TemplateID); tid != "" {
			templateDocument(c, f, tid, &r, d, signer, k)
		} else {
			fileDocument(f, &r, uploads, d, signer, k, async)
		}
		b.documents = append(b.documents, d)
	}
}

// freeKey is the first "prefix-NN" from n that is not taken.
func freeKey(prefix string, n int, taken map[string]bool) string {
	for ; ; n++ {
		if k := fmt.Sprintf("%s-%02d", prefix, n); !taken[k] {
			return k
		}
	}
}

func fileDocument(f string, r *documentRequest, uploads map[int]*document, d *document, signer func(string) bool, k, async *fs.Check) {
	sources := 0
	for _, set := range []bool{r.FileURL != "", r.FileB64 != "", r.FileIndex != nil} {
		if set {
			sources++
		}
	}
	switch {
	case sources == 0:
		k.Field(true, f, "One of file_url, file_b64 or file_index is required.")
	case sources > 1:
		k.Field(true, f, "Only one of file_url, file_b64 or file_index may be given.")
	case r.FileURL != "":
		k.Field(!validURL(r.FileURL), f+".file_url", msgBadURL)
		d.name = d.key + ".pdf"
		if u, err := url.Parse(r.FileURL); err == nil && path.Base(u.Path) != "/" && path.Base(u.Path) != "." {
			d.name = path.Base(u.Path)
		}
	case r.FileB64 != "":
		data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(r.FileB64))
		k.Field(err != nil, f+".file_b64", "Invalid base64 data.")
		d.content, d.name = data, d.key+".pdf"
	case uploads == nil:
		k.Field(true, f+".file_index", "file_index can only be used when uploading files with multipart/form-data.")
	case uploads[*r.FileIndex] == nil:
		k.Field(true, f+".file_index", fmt.Sprintf("No file was uploaded as files[%d].", *r.FileIndex))
	default:
		up := uploads[*r.FileIndex]
		d.content, d.name = up.content, cmp.Or(up.name, d.key+".pdf")
	}
	async.Field(d.content != nil && !bytes.HasPrefix(bytes.TrimLeft(d.content, " \t\r\n\x00"), []byte("%PDF-")),
		f, "The document could not be processed: it is not a PDF file.")
	fieldKeys := map[string]bool{}
	for j, fr := range r.Fields {
		ff := fmt.Sprintf("%s.fields[%d]", f, j)
		fd := &docField{kind: fr.Kind, key: fr.Key, label: fr.Label, editors: slices.Clone(fr.Editors)}
		oneOf(k, ff+".kind", fr.Kind, true, fieldKinds...)
		if fd.key == "" {
			fd.key = freeKey("fld", j+1, fieldKeys)
		} else {
			k.Field(fieldKeys[fd.key], ff+".key", fmt.Sprintf("Duplicate field key %q.", fd.key))
		}
		fieldKeys[fd.key] = true
		k.Field(fr.Page != nil && *fr.Page < 1, ff+".page", "Ensure this value is greater than or equal to 1.")
		k.Field(fr.X < 0 || fr.Y < 0 || fr.W < 0 || fr.H < 0, ff, "x, y, w and h must be greater than or equal to 0.")
		oneOf(k, ff+".v_pattern", fr.VPattern, false, vPatterns...)
		for n, t := range fr.VAttachmentTypes {
			oneOf(k, index(ff+".v_attachment_types", n), t, true, attTypes...)
		}
		for n, e := range fr.Editors {
			k.Field(!signer(e), index(ff+".editors", n), fmt.Sprintf("Unknown packet key %q.", e))
		}
		if isJSON(fr.InitialValue) {
			_ = json.Unmarshal(fr.InitialValue, &fd.initial)
			fd.initialBy = blueink.FilledByInitial
			checkInitial(async, ff+".initial_value", fr.Kind, fr.InitialValue, fd.initial)
		}
		d.fields = append(d.fields, fd)
	}
}

// checkInitial checks that an initial value v (raw: its JSON) fits a
// field of kind: a boolean for a checkbox, a list for a checkbox group, a
// string or a number otherwise.
func checkInitial(k *fs.Check, field, kind string, raw json.RawMessage, v any) {
	_, isBool := v.(bool)
	_, isList := v.([]any)
	_, isString := v.(string)
	_, isNumber := v.(float64)
	switch kind {
	case "chk":
		k.Field(!isBool, field, fmt.Sprintf("Invalid initial_value for a checkbox: %s (expected true or false).", raw))
	case "cbx", "cbg":
		k.Field(!isList, field, fmt.Sprintf("Invalid initial_value for a checkbox group: %s (expected a list).", raw))
	default:
		k.Field(!isString && !isNumber, field, fmt.Sprintf("Invalid initial_value: %s (expected a string or a number).", raw))
	}
}

func templateDocument(c *fs.Call, f, tid string, r *documentRequest, d *document, signer func(string) bool, k *fs.Check) {
	t := templates.Get(c, tid)
	if t == nil {
		k.Field(true, f+".template_id", noSuch(tid))
		return
	}
	d.templateID, d.name = t.ID, t.V.Name
	k.Field(len(r.Assignments) == 0, f+".assignments", msgRequired)
	roleSigner := map[string]string{}
	for j, a := range r.Assignments {
		af := index(f+".assignments", j)
		known := slices.ContainsFunc(t.V.Roles, func(r blueink.TemplateRole) bool { return r.Key == a.Role })
		k.Field(checkKey(k, af+".role", a.Role, 12) && !known, af+".role", fmt.Sprintf("%q is not a role of template %q.", a.Role, t.V.Name))
		k.Field(!signer(a.Signer), af+".signer", fmt.Sprintf("Unknown packet key %q.", a.Signer))
		roleSigner[a.Role] = a.Signer
	}
	for _, role := range t.V.Roles {
		_, assigned := roleSigner[role.Key]
		k.Field(len(r.Assignments) > 0 && !assigned, f+".assignments",
			fmt.Sprintf("Role %q of template %q is not assigned to a signer.", role.Key, t.V.Name))
	}
	values := presets(k, f+".field_values", r.FieldValues, fmt.Sprintf("Template %q", t.V.Name),
		func(key string) bool { return hasField(t.V.Template, key) })
	d.fields = instantiate(t.V.Template, roleSigner, values)
}

// presets are the values given to template fields by key; a key has does
// not know is refused ("<owner> has no field ...").
func presets(k *fs.Check, field string, given []preset, owner string, has func(key string) bool) map[string]any {
	values := map[string]any{}
	for j, fv := range given {
		k.Field(!has(fv.Key), fmt.Sprintf("%s[%d].key", field, j), fmt.Sprintf("%s has no field %q.", owner, fv.Key))
		values[fv.Key] = fv.Value
	}
	return values
}

func hasField(t blueink.Template, key string) bool {
	return slices.ContainsFunc(t.Fields, func(f blueink.TemplateField) bool { return f.Key == key })
}

// instantiate creates a document's fields from a template: editors are the
// packets assigned to the field's roles, initial values come from values
// (by field key, filled_by "initial") or the template's default (filled_by
// "default").
func instantiate(t blueink.Template, roleSigner map[string]string, values map[string]any) []*docField {
	out := make([]*docField, 0, len(t.Fields))
	for _, f := range t.Fields {
		fd := &docField{kind: string(f.Kind), key: f.Key, label: f.Label}
		if f.DefaultValue != nil {
			fd.initial, fd.initialBy = f.DefaultValue, blueink.FilledByDefault
		}
		for _, role := range f.EditorRoles {
			if s, found := roleSigner[role]; found && !slices.Contains(fd.editors, s) {
				fd.editors = append(fd.editors, s)
			}
		}
		if v := values[f.Key]; v != nil {
			fd.initial, fd.initialBy = v, blueink.FilledByInitial
		}
		out = append(out, fd)
	}
	return out
}

// finishCreate records the pre-filled values of a valid bundle and sends
// it, keeps it as a draft, or fails it when processing found problems.
func finishCreate(c *fs.Call, it *fs.Item[bundle], status string, async []fs.FieldError) {
	b := &it.V
	for _, d := range b.documents {
		for _, f := range d.fields {
			if f.initial != nil {
				b.values = append(b.values, &fieldValue{doc: d, field: f, value: f.initial, filledBy: f.initialBy})
			}
		}
	}
	switch {
	case len(async) > 0:
		b.addHistory(c, stNew, "Bundle created", "")
		fail(c, it, "invalid", "The bundle could not be created: document processing failed.", async)
	case status == stDraft:
		b.status = stDraft
		b.addHistory(c, stDraft, "Draft bundle created", "")
	default:
		b.addHistory(c, stNew, "Bundle created", "")
		dispatch(c, it)
	}
}

// createFromEnvelope is POST /bundles/create_from_envelope_template/, the
// older official clients' route: POST /bundles/ (JSON) with
// envelope_template required.
func createFromEnvelope(c *fs.Call, it *fs.Item[bundle]) *fs.Error {
	k := read(c, &struct{}{})
	if e := k.Field(!given(c.Body, "envelope_template"), "envelope_template", msgRequired).Err(); e != nil {
		return e
	}
	return createBundle(c, it)
}

// envelopeDocuments checks envelope_template {template_id, field_values}
// (and no documents) into b: one document per template of the envelope,
// each role assigned to the packet whose key is the role key.
func envelopeDocuments(c *fs.Call, b *bundle, req *bundleRequest, packetsOK bool, k *fs.Check) {
	k.Field(isJSON(req.Documents) && string(req.Documents) != "[]", "documents",
		"Must be empty when creating a bundle from an envelope template.")
	const field = "envelope_template.template_id"
	tid := flexID(req.EnvelopeTemplate.TemplateID)
	et := envelopes.Get(c, tid)
	k.Field(tid == "", field, msgRequired)
	if k.Field(tid != "" && et == nil, field, noSuch(tid)); et == nil {
		return
	}
	var ts []*fs.Item[template]
	for _, id := range et.V.templateIDs {
		t := templates.Get(c, id)
		k.Field(t == nil, field, fmt.Sprintf("Document template %q of the envelope template was deleted.", id))
		if t != nil {
			ts = append(ts, t)
		}
	}
	values := presets(k, "envelope_template.field_values", req.EnvelopeTemplate.FieldValues, "The envelope template",
		func(key string) bool {
			return slices.ContainsFunc(ts, func(t *fs.Item[template]) bool { return hasField(t.V.Template, key) })
		})
	for _, t := range ts {
		roleSigner := map[string]string{}
		for _, role := range t.V.Roles {
			k.Field(packetsOK && b.signer(role.Key) == nil, "packets", fmt.Sprintf("Envelope template role %q has no packet with that key.", role.Key))
			roleSigner[role.Key] = role.Key
		}
		b.documents = append(b.documents, &document{id: c.UUID(), key: fmt.Sprintf("doc-%02d", len(b.documents)+1),
			name: t.V.Name, templateID: t.ID, fields: instantiate(t.V.Template, roleSigner, values)})
	}
}

// flexID reads an id sent as a JSON string or number.
func flexID(raw json.RawMessage) string {
	var s string
	if !isJSON(raw) || json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	return string(raw)
}
