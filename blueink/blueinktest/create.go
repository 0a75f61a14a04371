package blueinktest

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
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

// createBundle is POST /bundles/: JSON, or multipart/form-data with the
// request as JSON in "bundle_request" and files in "files[N]" (or "files").
func createBundle(c *fs.Call, it *fs.Item[bundle]) *fs.Error {
	var req bundleRequest
	var uploads map[int]*document // name and content of the uploaded files
	if mt, _, _ := mime.ParseMediaType(c.Req.Header.Get("Content-Type")); mt != "multipart/form-data" {
		if e := decode(c, &req); e != nil {
			return e
		}
	} else if err := c.Req.ParseMultipartForm(fs.DefaultMaxBody); err != nil {
		return &fs.Error{Status: http.StatusBadRequest, Code: "parse_error", Message: "Multipart form parse error - " + err.Error()}
	} else {
		defer func() { _ = c.Req.MultipartForm.RemoveAll() }()
		parts := map[string][]*document{} // by part name, files with or without a file name
		for name, fhs := range c.Req.MultipartForm.File {
			for _, fh := range fhs {
				f, _ := fh.Open()
				content, _ := io.ReadAll(f)
				parts[name] = append(parts[name], &document{name: fh.Filename, content: content})
			}
		}
		for name, vs := range c.Req.MultipartForm.Value {
			for _, v := range vs {
				parts[name] = append(parts[name], &document{content: []byte(v)})
			}
		}
		uploads = map[int]*document{}
		for name, files := range parts {
			for n, up := range files {
				i, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "files["), "]"))
				switch {
				case name == "files":
					i = n
				case !strings.HasPrefix(name, "files["):
					continue
				case err != nil || i < 0:
					return invalid(name, "Invalid file part name.")
				}
				uploads[i] = up
			}
		}
		raw := c.Req.MultipartForm.Value["bundle_request"]
		if len(raw) == 0 {
			return invalid("bundle_request", msgRequired)
		}
		if e := decodeJSON([]byte(raw[0]), &req); e != nil {
			return e
		}
	}
	var p problems
	packetsOK := newBundle(c, it, &req, &p)
	var async problems
	if req.EnvelopeTemplate != nil {
		envelopeDocuments(c, &it.V, &req, packetsOK, &p)
	} else {
		async = buildDocuments(c, &it.V, req.Documents, uploads, packetsOK, &p)
	}
	if e := p.err(); e != nil {
		return e
	}
	finishCreate(c, it, req.Status, async)
	return nil
}

// newBundle validates the bundle's settings and packets into it; it
// reports whether the packets are valid.
func newBundle(c *fs.Call, it *fs.Item[bundle], req *bundleRequest, p *problems) bool {
	checkSettings(c, p, req.settings, "")
	p.choice("status", req.Status, false, stDraft)
	it.V.settings = req.settings
	if !isJSON(it.V.Payment) {
		it.V.Payment = nil
	}
	before := len(*p)
	var reqs []packetRequest
	p.list("packets", req.Packets, &reqs)
	keys, orders := map[string]bool{}, map[int]bool{}
	withOrder := 0
	for i, r := range reqs {
		f := index("packets", i)
		if checkKey(p, f+".key", r.Key, 20) && keys[r.Key] {
			p.add(f+".key", "Duplicate packet key %q.", r.Key)
		}
		keys[r.Key] = true
		pk := &packet{signer: r.signer, id: c.Token(10, ""), key: r.Key, personID: r.PersonID, status: stNew}
		pk.DeliverVia = cmp.Or(pk.DeliverVia, "email")
		if per := persons.Get(c, r.PersonID); per != nil {
			per.V.fill(pk)
		} else if r.PersonID != "" {
			p.add(f+".person_id", "Invalid pk %q - object does not exist.", r.PersonID)
		}
		p.email(f+".email", pk.Email)
		if !slices.Contains([]string{"email", "phone", "embed"}, pk.DeliverVia) {
			p.add(f+".deliver_via", "%q is not a valid choice.", pk.DeliverVia)
		} else if msg := deliverProblem(pk.signer); msg != "" && pk.DeliverVia == "email" && pk.Email == "" {
			p.add(f+".email", "%s", msg)
		} else if msg != "" {
			p.add(f+".phone", "%s", msg)
		}
		switch {
		case r.Order != nil && *r.Order < 0:
			p.add(f+".order", "Ensure this value is greater than or equal to 0.")
		case r.Order != nil && orders[*r.Order]:
			p.add(f+".order", "Duplicate packet order %d.", *r.Order)
		case r.Order == nil && req.InOrder:
			pk.order = i + 1
		}
		if r.Order != nil {
			withOrder++
			orders[*r.Order], pk.order = true, *r.Order
		}
		it.V.packets = append(it.V.packets, pk)
	}
	if withOrder > 0 && withOrder != len(reqs) {
		p.add("packets", "Either every packet or no packet must have an order.")
	}
	return len(*p) == before
}

// buildDocuments validates the documents of a bundle into b. It returns
// the asynchronous problems (content that is not a PDF, initial values that
// do not fit their field) that make the bundle fail after creation, as
// BlueInk's document processing does. References to packets are checked
// only when the packets are valid, so one bad packet does not echo through
// every field.
func buildDocuments(c *fs.Call, b *bundle, raw json.RawMessage, uploads map[int]*document, packetsOK bool, p *problems) (async problems) {
	var reqs []json.RawMessage
	p.list("documents", raw, &reqs)
	signers := func(string) bool { return true }
	if packetsOK {
		signers = func(key string) bool {
			return slices.ContainsFunc(b.packets, func(pk *packet) bool { return pk.key == key })
		}
	}
	docKeys := map[string]bool{}
	for i, rawDoc := range reqs {
		f := index("documents", i)
		var r documentRequest
		if err := json.Unmarshal(rawDoc, &r); err != nil {
			p.add(f, "Invalid document: %v.", err)
			continue
		}
		d := &document{id: c.UUID(), key: r.Key}
		if d.key == "" {
			d.key = freeKey("doc", i+1, docKeys)
		} else if checkKey(p, f+".key", r.Key, 12) && docKeys[r.Key] {
			p.add(f+".key", "Duplicate document key %q.", r.Key)
		}
		docKeys[d.key] = true
		if tid := flexID(r.TemplateID); tid != "" {
			templateDocument(c, f, tid, &r, d, signers, p)
		} else {
			async = append(async, fileDocument(f, &r, uploads, d, signers, p)...)
		}
		b.documents = append(b.documents, d)
	}
	return async
}

// freeKey is the first "prefix-NN" from n that is not taken.
func freeKey(prefix string, n int, taken map[string]bool) string {
	for ; ; n++ {
		if k := fmt.Sprintf("%s-%02d", prefix, n); !taken[k] {
			return k
		}
	}
}

func fileDocument(f string, r *documentRequest, uploads map[int]*document, d *document, signers func(string) bool, p *problems) (async problems) {
	sources := 0
	for _, set := range []bool{r.FileURL != "", r.FileB64 != "", r.FileIndex != nil} {
		if set {
			sources++
		}
	}
	switch {
	case sources == 0:
		p.add(f, "One of file_url, file_b64 or file_index is required.")
	case sources > 1:
		p.add(f, "Only one of file_url, file_b64 or file_index may be given.")
	case r.FileURL != "":
		u, err := url.Parse(r.FileURL)
		if !validURL(r.FileURL) || err != nil {
			p.add(f+".file_url", msgBadURL)
		} else if d.name = path.Base(u.Path); d.name == "/" || d.name == "." {
			d.name = d.key + ".pdf"
		}
	case r.FileB64 != "":
		data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(r.FileB64))
		if err != nil {
			p.add(f+".file_b64", "Invalid base64 data.")
		}
		d.content, d.name = data, d.key+".pdf"
	case uploads == nil:
		p.add(f+".file_index", "file_index can only be used when uploading files with multipart/form-data.")
	case uploads[*r.FileIndex] == nil:
		p.add(f+".file_index", "No file was uploaded as files[%d].", *r.FileIndex)
	default:
		up := uploads[*r.FileIndex]
		d.content, d.name = up.content, cmp.Or(up.name, d.key+".pdf")
	}
	if d.content != nil && !bytes.HasPrefix(bytes.TrimLeft(d.content, " \t\r\n\x00"), []byte("%PDF-")) {
		async.add(f, "The document could not be processed: it is not a PDF file.")
	}
	fieldKeys := map[string]bool{}
	for j, fr := range r.Fields {
		ff := fmt.Sprintf("%s.fields[%d]", f, j)
		fd := &docField{kind: fr.Kind, key: fr.Key, label: fr.Label, editors: slices.Clone(fr.Editors)}
		p.choice(ff+".kind", fr.Kind, true, fieldKinds...)
		if fd.key == "" {
			fd.key = freeKey("fld", j+1, fieldKeys)
		} else if fieldKeys[fd.key] {
			p.add(ff+".key", "Duplicate field key %q.", fd.key)
		}
		fieldKeys[fd.key] = true
		if fr.Page != nil && *fr.Page < 1 {
			p.add(ff+".page", "Ensure this value is greater than or equal to 1.")
		}
		if fr.X < 0 || fr.Y < 0 || fr.W < 0 || fr.H < 0 {
			p.add(ff, "x, y, w and h must be greater than or equal to 0.")
		}
		p.choice(ff+".v_pattern", fr.VPattern, false, vPatterns...)
		for k, t := range fr.VAttachmentTypes {
			p.choice(index(ff+".v_attachment_types", k), t, true, attTypes...)
		}
		for k, e := range fr.Editors {
			if !signers(e) {
				p.add(index(ff+".editors", k), "Unknown packet key %q.", e)
			}
		}
		if isJSON(fr.InitialValue) {
			_ = json.Unmarshal(fr.InitialValue, &fd.initial)
			fd.initialBy = blueink.FilledByInitial
			_, isBool := fd.initial.(bool)
			_, isList := fd.initial.([]any)
			_, isString := fd.initial.(string)
			_, isNumber := fd.initial.(float64)
			switch {
			case fr.Kind == "chk" && !isBool:
				async.add(ff+".initial_value", "Invalid initial_value for a checkbox: %s (expected true or false).", fr.InitialValue)
			case (fr.Kind == "cbx" || fr.Kind == "cbg") && !isList:
				async.add(ff+".initial_value", "Invalid initial_value for a checkbox group: %s (expected a list).", fr.InitialValue)
			case fr.Kind != "chk" && fr.Kind != "cbx" && fr.Kind != "cbg" && !isString && !isNumber:
				async.add(ff+".initial_value", "Invalid initial_value: %s (expected a string or a number).", fr.InitialValue)
			}
		}
		d.fields = append(d.fields, fd)
	}
	return async
}

func templateDocument(c *fs.Call, f, tid string, r *documentRequest, d *document, signers func(string) bool, p *problems) {
	t := templates.Get(c, tid)
	if t == nil {
		p.add(f+".template_id", "Invalid pk %q - object does not exist.", tid)
		return
	}
	d.templateID, d.name = t.ID, t.V.Name
	if len(r.Assignments) == 0 {
		p.add(f+".assignments", msgRequired)
	}
	roleSigner := map[string]string{}
	for j, a := range r.Assignments {
		af := index(f+".assignments", j)
		if checkKey(p, af+".role", a.Role, 12) && !slices.ContainsFunc(t.V.Roles, func(r blueink.TemplateRole) bool { return r.Key == a.Role }) {
			p.add(af+".role", "%q is not a role of template %q.", a.Role, t.V.Name)
		}
		if !signers(a.Signer) {
			p.add(af+".signer", "Unknown packet key %q.", a.Signer)
		}
		roleSigner[a.Role] = a.Signer
	}
	for _, role := range t.V.Roles {
		if _, assigned := roleSigner[role.Key]; len(r.Assignments) > 0 && !assigned {
			p.add(f+".assignments", "Role %q of template %q is not assigned to a signer.", role.Key, t.V.Name)
		}
	}
	d.fields = instantiate(t.V.Template, roleSigner, presets(p, fmt.Sprintf("%s.field_values", f), r.FieldValues,
		func(key string) string {
			if hasField(t.V.Template, key) {
				return ""
			}
			return fmt.Sprintf("Template %q has no field %q.", t.V.Name, key)
		}))
}

// presets are the values given to template fields by key; unknown explains
// why a key is refused.
func presets(p *problems, field string, given []preset, unknown func(key string) string) map[string]any {
	values := map[string]any{}
	for j, fv := range given {
		if msg := unknown(fv.Key); msg != "" {
			p.add(fmt.Sprintf("%s[%d].key", field, j), "%s", msg)
		} else {
			values[fv.Key] = fv.Value
		}
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

// finishCreate records the pre-filled values of a validated bundle and
// sends it, keeps it as a draft, or fails it when asynchronous processing
// found problems.
func finishCreate(c *fs.Call, it *fs.Item[bundle], status string, async problems) {
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
		send(c, it)
	}
}

// createFromEnvelope is POST /bundles/create_from_envelope_template/, the
// older official clients' route: POST /bundles/ (JSON) with
// envelope_template required.
func createFromEnvelope(c *fs.Call, it *fs.Item[bundle]) *fs.Error {
	if e := decode(c, &struct{}{}); e != nil {
		return e
	}
	if !given(c.Body, "envelope_template") {
		return invalid("envelope_template", msgRequired)
	}
	return createBundle(c, it)
}

// envelopeDocuments validates envelope_template {template_id,
// field_values} (and no documents) into b: one document per template of
// the envelope, each role assigned to the packet whose key is the role key.
func envelopeDocuments(c *fs.Call, b *bundle, req *bundleRequest, packetsOK bool, p *problems) {
	if isJSON(req.Documents) && string(req.Documents) != "[]" {
		p.add("documents", "Must be empty when creating a bundle from an envelope template.")
	}
	tid := flexID(req.EnvelopeTemplate.TemplateID)
	et := envelopes.Get(c, tid)
	switch {
	case tid == "":
		p.add("envelope_template.template_id", msgRequired)
	case et == nil:
		p.add("envelope_template.template_id", "Invalid pk %q - object does not exist.", tid)
	}
	if et == nil {
		return
	}
	var ts []*fs.Item[template]
	for _, id := range et.V.templateIDs {
		if t := templates.Get(c, id); t != nil {
			ts = append(ts, t)
		} else {
			p.add("envelope_template.template_id", "Document template %q of the envelope template was deleted.", id)
		}
	}
	values := presets(p, "envelope_template.field_values", req.EnvelopeTemplate.FieldValues, func(key string) string {
		if slices.ContainsFunc(ts, func(t *fs.Item[template]) bool { return hasField(t.V.Template, key) }) {
			return ""
		}
		return fmt.Sprintf("The envelope template has no field %q.", key)
	})
	for _, t := range ts {
		roleSigner := map[string]string{}
		for _, role := range t.V.Roles {
			if packetsOK && b.signer(role.Key) == nil {
				p.add("packets", "Envelope template role %q has no packet with that key.", role.Key)
			}
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
