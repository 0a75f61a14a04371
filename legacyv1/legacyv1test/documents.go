package legacyv1test

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook/webhooktest"
)

type (
	document struct {
		group, name, user, templatePDF, template, text string
		status                                         legacyv1.DocumentStatus
		archived                                       bool
		req                                            legacyv1.DocumentCreateRequest // the flags and texts as sent
		fields                                         []*docField
		signTime                                       time.Time
		pdfMode                                        *PDFMode
		audit                                          []string
	}
	// docField is a field of a sent document: the template's, with its
	// value and whether its signer saved it.
	docField struct {
		legacyv1.PDFField
		state bool
	}
	signer struct {
		first, last, email, sms, role string
		order                         int
		status                        legacyv1.SignerStatus
		reason                        string
		previous                      []string // emails before forwarding, oldest first
	}
)

// PDF returns the bytes GET /pdf/{documentID}/ serves (directly or at the
// download location).
func PDF(documentID string) string { return string(fs.PDF("legacyv1test document " + documentID)) }

func pdfReply(status int, pdf []byte) fs.Reply {
	return fs.Reply{Status: status, Raw: pdf, ContentType: "application/pdf"}
}

// ---- rendering

func renderDocument(c *fs.Call, it *fs.Item[document]) any {
	d, r := it.V, it.V.req
	detail := c.Param("docId") != ""
	m := map[string]any{"uuid": it.ID, "resource_uri": uri("document", it.ID), "name": d.name, "group": uri("group", d.group),
		"user": uri("user", d.user), "status": int(d.status), "archived": d.archived, "download_final": d.status == legacyv1.DocumentSigned,
		"created": c.Time(it.Created), "modified": c.Time(it.Updated), "auto_archive": r.AutoArchive == nil || *r.AutoArchive,
		"append_pdf": isSet(r.AppendPDF), "append_history": isSet(r.AppendHistory), "do_email": isSet(r.DoEmail),
		"cc_emails": r.CCEmails, "footer": r.Footer, "header": r.Header, "redirect": r.Redirect, "return_signer_links": r.ReturnSignerLinks,
		"signature_type": cmp.Or(r.SignatureType, 1), "tag": r.Tag, "tag1": r.Tag1, "tag2": r.Tag2, "text": d.text,
		"template": refURI("template", d.template), "templatepdf": refURI("templatepdf", d.templatePDF), "pdftext": "",
		"has_fields": len(d.fields) > 0, "hash_value": "", "signers_in_order": isSet(r.SignersInOrder)}
	if len(r.PDFText) > 0 {
		js, _ := json.Marshal(r.PDFText)
		m["pdftext"] = string(js)
	}
	for k, v := range map[string]*int{"footer_height": r.FooterHeight, "header_height": r.HeaderHeight} {
		if v != nil {
			m[k] = *v
		}
	}
	if r.PDFPasswordType != 0 {
		m["pdf_password_type"] = strconv.Itoa(r.PDFPasswordType)
	}
	if !d.signTime.IsZero() {
		m["sign_time"], m["hash_value"] = c.Time(d.signTime), hashOf(it.ID)
	}
	if !detail { // the list's types: signers_in_order 0/1, unset references null
		m["signers_in_order"] = map[bool]int{true: 1}[isSet(r.SignersInOrder)]
		for _, k := range []string{"template", "templatepdf"} {
			if m[k] == "" {
				m[k] = nil
			}
		}
	}
	if detail || c.Query.Get("nosigners") != "1" {
		rows, objects := []any{}, []any{}
		for _, sg := range signers.Children(c, it.ID) {
			s := sg.V
			// Every element is a string, as the spec types them.
			rows = append(rows, []string{uri("signer", sg.ID), s.first, s.last, s.email, s.sms,
				strconv.FormatBool(hasFields(it, sg)), strconv.Itoa(int(s.status)), strconv.Itoa(s.order)})
			objects = append(objects, map[string]any{"uuid": sg.ID, "resource_uri": uri("signer", sg.ID), "firstname": s.first,
				"lastname": s.last, "email": s.email, "order": s.order, "role": s.role, "tel": s.sms, "status": int(s.status)})
		}
		m["signers"], m["signer_objects"] = rows, objects
	}
	return m
}

func isSet(b *bool) bool { return b != nil && *b }

func refURI(resource, id string) string {
	if id == "" {
		return ""
	}
	return uri(resource, id)
}

func hashOf(documentID string) string {
	sum := sha256.Sum256([]byte(PDF(documentID)))
	return hex.EncodeToString(sum[:])
}

func renderSigner(c *fs.Call, it *fs.Item[signer]) any {
	d := documents.Get(c, it.Parent)
	return map[string]any{"resource_uri": uri("signer", it.ID), "document": uri("document", it.Parent), "email": it.V.email,
		"first_name": it.V.first, "last_name": it.V.last, "has_fields": hasFields(d, it), "order": it.V.order, "status": int(it.V.status)}
}

func renderStatus(_ *fs.Call, it *fs.Item[document]) any {
	r := it.V.req
	return map[string]any{"resource_uri": uri("status", it.ID), "status": int(it.V.status), "archived": it.V.archived,
		"download_final": it.V.status == legacyv1.DocumentSigned, "tag": r.Tag, "tag1": r.Tag1, "tag2": r.Tag2}
}

// number is the signer's number in the fields: 1-indexed, witnesses +100,
// approvers +200.
func number(sg *fs.Item[signer]) int {
	return sg.V.order + 1 + map[string]int{"witness": 100, "approver": 200}[sg.V.role]
}

func fieldsOf(d *fs.Item[document], sg *fs.Item[signer]) []*docField {
	var out []*docField
	for _, f := range d.V.fields {
		if f.Signer != nil && *f.Signer == number(sg) {
			out = append(out, f)
		}
	}
	return out
}

func hasFields(d *fs.Item[document], sg *fs.Item[signer]) bool {
	return d != nil && len(fieldsOf(d, sg)) > 0
}

func hasSigner(c *fs.Call, docID, email string) bool {
	return email == "" || slices.ContainsFunc(signers.Children(c, docID), func(sg *fs.Item[signer]) bool { return strings.EqualFold(sg.V.email, email) })
}

// ---- documents

var refTagPattern = regexp.MustCompile(`^[-\w\[\]:;/., ]{0,250}$`)

// createDocument sends a document: 201 with its URI in Location and, with
// return_signer_links, the signing links in the body.
func createDocument(c *fs.Call) fs.Reply {
	var r legacyv1.DocumentCreateRequest
	k := c.Read(&r)
	k.Field(strings.TrimSpace(r.Name) == "", "name", required)
	k.Field(len(r.Name) > 60, "name", "Ensure this value has at most 60 characters.")
	slug := groupRef(c, k, "group", r.Group, false)
	pdfID := exists(c, k, templatePDFs, "templatepdf", r.TemplatePDF)
	tmplID := exists(c, k, templates, "template", r.Template)
	k.Field(r.TemplatePDF == "" && r.Template == "" && r.Text == "", "templatepdf", "One of templatepdf, template or text is required.")
	k.Field(tmplID != "" && templates.Get(c, tmplID) != nil && templates.Get(c, tmplID).V.archived, "template", "The template is archived.")
	k.Field(len(r.Signers) == 0, "signers", required)
	active := 0
	for i, sr := range r.Signers {
		at := fmt.Sprintf("signers[%d]", i)
		switch {
		case sr == nil:
			k.Field(true, at, required)
		case sr.DecideLater:
			k.Field(i == 0, at, "The first signer cannot decide later.")
			active++
		case !sr.Skip:
			active++
			k.Field(strings.TrimSpace(sr.FirstName) == "" || strings.TrimSpace(sr.LastName) == "", at, "firstname and lastname are required.")
			k.Field(!emailPattern.MatchString(sr.Email), at+".email", badEmail)
			k.Field(sr.Role != "" && sr.Role != "witness" && sr.Role != "approver", at+".role", "Select a valid choice.")
			for _, a := range sr.Attachments {
				exists(c, k, attachments, at+".attachments", a)
			}
		}
	}
	for name, v := range map[string]string{"tag": r.Tag, "tag1": r.Tag1, "tag2": r.Tag2} {
		k.Field(!refTagPattern.MatchString(v), name, "Use at most 250 letters, digits, spaces and -[]:;/.,_")
	}
	k.Field(r.Redirect != "" && !strings.HasPrefix(r.Redirect, "https://"), "redirect", "The redirect must be an https:// URL.")
	k.Field(r.PDFPasswordType < 0 || r.PDFPasswordType > 2, "pdf_password_type", "Select a valid choice.")
	k.Field(r.Reminders != "" && r.Reminders != "default", "reminders", "Use 'default' or nothing.")
	doc := document{group: slug, name: r.Name, user: owner(c, k, r.User),
		templatePDF: pdfID, template: tmplID, text: r.Text, status: legacyv1.DocumentCreated, req: r}
	if tp := templatePDFs.Get(c, pdfID); tp != nil {
		need := tp.V.signerCount()
		k.Field(active < need, "signers", fmt.Sprintf("The PDF template needs %d signers.", need))
		doc.fields = copyFields(c, k, tp, r)
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	d := documents.Add(c, "", doc)
	audit(c, d, "Document created")
	inOrder, n, signerLinks := isSet(r.SignersInOrder), 0, map[string]string{}
	for _, sr := range r.Signers {
		if sr.Skip {
			continue
		}
		status := legacyv1.SignerSent
		if sr.DecideLater || (inOrder && n > 0) {
			status = legacyv1.SignerUnsent
		}
		sg := signers.Add(c, d.ID, signer{first: sr.FirstName, last: sr.LastName, email: sr.Email, sms: sr.SMS,
			role: cmp.Or(sr.Role, "signer"), order: n, status: status})
		n++
		signerLinks[fmt.Sprintf("signer_%d", n)] = serverOf(c).Root() + "/esign/" + sg.ID + "/"
		if status == legacyv1.SignerSent {
			change(c, d, "signer", sg.ID, int(status))
			audit(c, d, "Sent to "+sg.V.email)
		}
	}
	emitLegacy(c, d, legacyv1.NotifySent)
	emitRealtime(c, d, "document", "created", docData(d))
	rep := created(c, uri("document", d.ID))
	if r.ReturnSignerLinks {
		rep.Body = signerLinks
	}
	return rep
}

// copyFields gives a document the fields of its PDF template, sender
// fields filled from pdftext (by label or uuid); with strict_fields, a
// pdftext key that names no sender field is refused.
func copyFields(c *fs.Call, k *fs.Check, tp *fs.Item[templatePDF], r legacyv1.DocumentCreateRequest) []*docField {
	used := map[string]bool{}
	var out []*docField
	for _, f := range tp.V.fields {
		df := &docField{PDFField: *f}
		if f.ElementType == legacyv1.ElementAdmin {
			for _, k := range []string{f.Label, f.UUID} {
				if v, ok := r.PDFText[k]; ok && k != "" {
					df.Value, df.state, used[k] = legacyv1.FlexString(v), true, true
				}
			}
		}
		df.UUID = fieldID(c)
		out = append(out, df)
	}
	for key := range r.PDFText {
		k.Field(r.StrictFields && !used[key], "pdftext", "No sender field is labelled "+strconv.Quote(key)+".")
	}
	return out
}

// signerCount is the number of signers a PDF template's fields need.
func (t templatePDF) signerCount() int {
	n := 0
	for _, f := range t.fields {
		if f.Signer != nil && *f.Signer < 100 {
			n = max(n, *f.Signer)
		}
	}
	return n
}

// audit adds a line to a document's audit log (and marks it modified).
func audit(c *fs.Call, d *fs.Item[document], line string) {
	d.V.audit = append(d.V.audit, c.Time(c.Now()).(string)+" "+line)
	documents.Touch(c, d)
}

// setDocument and setSigner change a status and record it for the "all"
// callback.
func setDocument(c *fs.Call, d *fs.Item[document], st legacyv1.DocumentStatus) {
	d.V.status = st
	documents.Touch(c, d)
	change(c, d, "document", d.ID, int(st))
}

func setSigner(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], st legacyv1.SignerStatus) {
	sg.V.status = st
	signers.Touch(c, sg)
	documents.Touch(c, d)
	change(c, d, "signer", sg.ID, int(st))
}

func inProgress(d *fs.Item[document]) bool {
	return d.V.status == legacyv1.DocumentCreated || d.V.status == legacyv1.DocumentFieldsComplete
}

// void archives a document and, while it is in progress, removes it (40).
func void(c *fs.Call, d *fs.Item[document], notified bool) {
	d.V.archived = true
	if inProgress(d) {
		setDocument(c, d, legacyv1.DocumentRemoved)
	}
	audit(c, d, map[bool]string{true: "Voided; recipients notified", false: "Archived"}[notified])
}

// archiveDocument is DELETE /document/{id}/: void and archive (204).
func archiveDocument(c *fs.Call, d *fs.Item[document]) fs.Reply {
	notify, _ := parseFlag(c.Query.Get("email"))
	void(c, d, notify)
	return noContent
}

// deleteDocument deletes a document and its signers for good.
func deleteDocument(c *fs.Call, d *fs.Item[document]) fs.Reply {
	if r, refused := deletionRefused(c); refused {
		return r
	}
	for _, sg := range signers.Children(c, d.ID) {
		signers.Remove(c, sg.ID)
	}
	documents.Remove(c, d.ID)
	return noContent
}

func documentFields(c *fs.Call, d *fs.Item[document]) fs.Reply {
	out := []any{}
	for _, f := range d.V.fields {
		n := 0 // sender fields: the answer's signer is an integer
		if f.Signer != nil {
			n = *f.Signer
		}
		out = append(out, map[string]any{"element_type": f.ElementType, "fieldorder": f.FieldOrder, "label": f.Label,
			"label_extra": f.LabelExtra, "signer": n, "state": f.state, "validation": f.Validation, "value": string(f.Value)})
	}
	return fs.JSON(http.StatusOK, out)
}

func auditLog(c *fs.Call, d *fs.Item[document]) fs.Reply {
	return pdfReply(http.StatusOK, fs.PDF(append([]string{"Audit log of " + d.ID + " (" + d.V.name + ")"}, d.V.audit...)...))
}

// listStatus lists document statuses; ?filter= is the archived status
// (false by default).
func listStatus(c *fs.Call) fs.Reply {
	archived := false
	if v := c.Query.Get("filter"); v != "" {
		var ok bool
		if archived, ok = parseFlag(v); !ok {
			return fs.Invalid("filter must be true or false", fs.FieldError{Field: "filter", Message: "must be true or false"}).Reply()
		}
	}
	items := []any{}
	for _, d := range documents.All(c) {
		if d.V.archived == archived {
			items = append(items, renderStatus(c, d))
		}
	}
	return shape.List(c, "status", items)
}

func getStatus(c *fs.Call, d *fs.Item[document]) fs.Reply {
	return fs.JSON(http.StatusOK, renderStatus(c, d))
}

func getPDF(c *fs.Call, d *fs.Item[document]) fs.Reply {
	mode := serverOf(c).cfg.pdfMode
	if d.V.pdfMode != nil {
		mode = *d.V.pdfMode
	}
	switch mode {
	case PDFRedirect:
		c.Header.Set("Location", oneUse(c, "/download/", d.ID))
		return fs.Reply{Status: http.StatusFound}
	case PDFArchived:
		return fs.Reply{Status: http.StatusCreated, ContentType: "text/plain", Raw: []byte("Being de-archived, available in 4 hours")}
	}
	return pdfReply(http.StatusOK, []byte(PDF(d.ID)))
}

// download serves a one-use download location; like a presigned storage
// URL it refuses requests that carry credentials.
func download(c *fs.Call) fs.Reply {
	l := links.Get(c, c.Param("token"))
	docID, isPDF := strings.CutPrefix(cmp.Or(l, &fs.Item[string]{}).V, "/download/")
	if !isPDF {
		return links.NotFound(c).Reply()
	}
	if c.Req.Header.Get("Authorization") != "" {
		return fs.Fail(http.StatusBadRequest, "Only one auth mechanism allowed: do not send Legalesign credentials here")
	}
	links.Remove(c, l.ID)
	return pdfReply(http.StatusOK, []byte(PDF(docID)))
}

func previewPDF(c *fs.Call) fs.Reply {
	var r legacyv1.PDFPreviewRequest
	k := c.Read(&r)
	k.Field(strings.TrimSpace(r.Text) == "", "text", required)
	groupRef(c, k, "group", r.Group, false)
	k.Field(r.SigneeCount < 1, "signee_count", "Ensure this value is at least 1.")
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	return pdfReply(http.StatusOK, fs.PDF("Preview: "+r.Title, r.Header, r.Text, r.Footer))
}

// previewSigning answers 302 to a one-use preview of the signing page.
func previewSigning(c *fs.Call) fs.Reply {
	var r legacyv1.SigningPreviewRequest
	k := c.Read(&r)
	k.Field(strings.TrimSpace(r.Text) == "", "text", required)
	if r.Group != "" {
		groupRef(c, k, "group", r.Group, false)
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	c.Header.Set("Location", oneUse(c, "/preview/", r.Text))
	return fs.Reply{Status: http.StatusFound}
}

// previewPage serves a one-use signing page preview (where
// previewSigning redirects): an HTML page showing the previewed text.
func previewPage(c *fs.Call) fs.Reply {
	l := links.Get(c, c.Param("token"))
	text, isPreview := strings.CutPrefix(cmp.Or(l, &fs.Item[string]{}).V, "/preview/")
	if !isPreview {
		return links.NotFound(c).Reply()
	}
	links.Remove(c, l.ID)
	page := "<!DOCTYPE html>\n<html><head><title>Signing page preview</title></head><body>\n" + text + "\n</body></html>\n"
	return fs.Reply{Status: http.StatusOK, ContentType: "text/html; charset=utf-8", Raw: []byte(page)}
}

// ---- signers

func signerFields(c *fs.Call, sg *fs.Item[signer]) fs.Reply {
	out := []any{}
	for _, f := range fieldsOf(documents.Get(c, sg.Parent), sg) {
		out = append(out, map[string]any{"label": f.Label, "label_extra": f.LabelExtra, "state": f.state,
			"fieldorder": f.FieldOrder, "value": string(f.Value)})
	}
	return fs.JSON(http.StatusOK, out)
}

func pending(d *fs.Item[document], sg *fs.Item[signer]) bool {
	return inProgress(d) && sg.V.status >= legacyv1.SignerSent && sg.V.status < legacyv1.SignerSigned
}

// newLink answers 201 with a one-use signing link in Location.
func newLink(c *fs.Call, sg *fs.Item[signer]) fs.Reply {
	d := documents.Get(c, sg.Parent)
	if !pending(d, sg) {
		return fs.Fail(http.StatusBadRequest, "The signer cannot sign now: signer %s, document %s", sg.V.status, d.V.status)
	}
	c.Header.Set("Location", oneUse(c, "/esign/", sg.ID))
	return done
}

// resetSigner reverts a forwarded signing to an earlier signer's email.
func resetSigner(c *fs.Call, sg *fs.Item[signer]) fs.Reply {
	d := documents.Get(c, sg.Parent)
	var r legacyv1.SignerResetRequest
	k := c.Read(&r)
	k.Field(strings.TrimSpace(r.Email) == "", "email", required)
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	at := slices.IndexFunc(sg.V.previous, func(prev string) bool { return strings.EqualFold(prev, r.Email) })
	switch {
	case d.V.status == legacyv1.DocumentSigned:
		return fs.Fail(http.StatusBadRequest, "The document is already signed")
	case strings.EqualFold(r.Email, sg.V.email):
		return fs.Fail(http.StatusBadRequest, "The email is the same as the current signer's")
	case at < 0:
		return fs.Fail(http.StatusBadRequest, "Previous email not found")
	}
	audit(c, d, "Reset from "+sg.V.email+" to "+sg.V.previous[at])
	sg.V.email, sg.V.previous = sg.V.previous[at], sg.V.previous[:at]
	signers.Touch(c, sg)
	return ok
}

// remind emails a pending signer; as the spec says, a reminder that cannot
// be sent answers 401.
func remind(c *fs.Call, sg *fs.Item[signer]) fs.Reply {
	d := documents.Get(c, sg.Parent)
	var r struct {
		Text string `json:"text"`
	}
	k := c.Read(&r)
	k.Field(len(r.Text) > 10000, "text", "Ensure this value has at most 10000 characters.")
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	if !pending(d, sg) {
		return fs.Fail(http.StatusUnauthorized, "failed to send")
	}
	audit(c, d, "Reminder sent to "+sg.V.email)
	return ok
}

func rejection(c *fs.Call, sg *fs.Item[signer]) fs.Reply {
	return fs.JSON(http.StatusOK, map[string]any{"status": int(sg.V.status), "reason": sg.V.reason})
}

// ---- lifecycle steps

var steps = map[fs.Step]fs.StepFunc{
	fs.StepView: party(func(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], _ string) {
		if sg.V.status < legacyv1.SignerEmailOpened {
			setSigner(c, d, sg, legacyv1.SignerEmailOpened)
			emitRealtime(c, d, "recipient", "emailOpened", signerData(sg))
		}
		if sg.V.status < legacyv1.SignerVisited {
			setSigner(c, d, sg, legacyv1.SignerVisited)
		}
		audit(c, d, "Viewed by "+sg.V.email)
		emitRealtime(c, d, "recipient", "visiting", signerData(sg))
	}),
	fs.StepSign: party(func(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], _ string) { sign(c, d, sg) }),
	fs.StepDecline: party(func(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], reason string) {
		sg.V.reason = reason
		setSigner(c, d, sg, legacyv1.SignerRejected)
		emitRealtime(c, d, "recipient", "rejected", signerData(sg))
		setDocument(c, d, legacyv1.DocumentRejected)
		audit(c, d, "Rejected by "+sg.V.email+": "+reason)
		emitLegacy(c, d, legacyv1.NotifyRejected)
		emitRealtime(c, d, "document", "rejected", docData(d))
	}),
	fs.StepComplete: running(func(c *fs.Call, d *fs.Item[document]) {
		for _, sg := range signers.Children(c, d.ID) {
			if sg.V.status.HasSigned() {
				continue
			}
			if sg.V.status < legacyv1.SignerSent {
				setSigner(c, d, sg, legacyv1.SignerSent)
			}
			sign(c, d, sg)
		}
	}),
	fs.StepCancel: running(func(c *fs.Call, d *fs.Item[document]) { void(c, d, false) }),
	stepForward: party(func(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], email string) {
		audit(c, d, "Forwarded by "+sg.V.email+" to "+email)
		sg.V.previous, sg.V.email = append(sg.V.previous, sg.V.email), email
	}),
}

// stepForward is Legalesign's own step (Server.Forward): a signer forwards
// the document to the email in StepInput.Reason.
const stepForward fs.Step = "forward"

// running is a step on a document in progress.
func running(f func(c *fs.Call, d *fs.Item[document])) fs.StepFunc {
	return documents.Step(func(c *fs.Call, d *fs.Item[document], _ fs.StepInput) *fs.Error {
		if !inProgress(d) {
			return fs.Errorf(http.StatusConflict, "document %s is %s", d.ID, d.V.status)
		}
		f(c, d)
		return nil
	})
}

// party is a step of a signer (by id or email) of a document in progress
// who has the document and has not signed or rejected it.
func party(f func(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer], reason string)) fs.StepFunc {
	return fs.Party(documents, signers, func(s signer) string { return s.email },
		func(_ *fs.Call, d *fs.Item[document], sg *fs.Item[signer]) *fs.Error {
			if !pending(d, sg) {
				return fs.Errorf(http.StatusConflict, "signer %s is %s in document %s (%s)", sg.ID, sg.V.status, d.ID, d.V.status)
			}
			return nil
		}, f)
}

// sign makes sg sign: its fields are saved, the next signer waiting for
// their turn is sent the document, and when everyone has signed the
// document is signed and its final PDF made.
func sign(c *fs.Call, d *fs.Item[document], sg *fs.Item[signer]) {
	for _, f := range fieldsOf(d, sg) {
		f.state = true
	}
	setSigner(c, d, sg, legacyv1.SignerSigned)
	audit(c, d, "Signed by "+sg.V.email)
	emitRealtime(c, d, "recipient", "completed", signerData(sg))
	all := signers.Children(c, d.ID)
	signed := func(ss []*fs.Item[signer]) bool {
		return !slices.ContainsFunc(ss, func(sg *fs.Item[signer]) bool { return !sg.V.status.HasSigned() })
	}
	if i := slices.IndexFunc(all, func(sg *fs.Item[signer]) bool { return sg.V.status < legacyv1.SignerSent }); i >= 0 && signed(all[:i]) {
		setSigner(c, d, all[i], legacyv1.SignerSent)
		audit(c, d, "Sent to "+all[i].V.email)
	}
	if signed(all) {
		d.V.signTime = c.Now()
		setDocument(c, d, legacyv1.DocumentSigned)
		audit(c, d, "Final PDF created")
		emitLegacy(c, d, legacyv1.NotifySigned)
		emitRealtime(c, d, "document", "finalPdfCreated", docData(d))
	}
}

// ---- callbacks

// statusChange is an entry of the "all" batch, with the group of its
// document (a subscription to one group gets that group's changes).
type statusChange struct {
	Change
	group string
}

// change records a status change: each call that changes statuses posts
// one "all" batch of them (Legalesign batches every 6 minutes).
func change(c *fs.Call, d *fs.Item[document], resource, id string, status int) {
	ch := statusChange{Change{Time: c.Now(), Name: "status", Value: strconv.Itoa(status), ResourceURI: uri(resource, id)}, d.V.group}
	c.Collect("all", ch, postBatches)
}

func postBatches(c *fs.Call, items []any) {
	for _, sub := range subscribed(c, legacyv1.NotifyAll, "") {
		var chs []Change
		for _, it := range items {
			if ch := it.(statusChange); sub.V.group == "" || sub.V.group == ch.group {
				chs = append(chs, ch.Change)
			}
		}
		if sg := callbackSigner(c); sg != nil && len(chs) > 0 {
			if body, h, err := sg.SignBatch(chs); err == nil {
				c.Queue(fs.Outgoing{WebhookID: sub.ID, Event: "status_batch", URL: sub.V.url, Header: h, Body: body})
			}
		}
	}
}

// subscribed returns the subscriptions of a kind for a group ("" any).
func subscribed(c *fs.Call, notify legacyv1.Notify, group string) []*fs.Item[subscription] {
	var out []*fs.Item[subscription]
	for _, sub := range subscriptions.All(c) {
		if sub.V.notify == notify && (group == "" || sub.V.group == "" || sub.V.group == group) {
			out = append(out, sub)
		}
	}
	return out
}

func certificate(c *fs.Call) fs.Reply {
	sg := callbackSigner(c)
	if sg == nil {
		return fs.Fail(http.StatusInternalServerError, "no callback signer")
	}
	return fs.Reply{Raw: sg.CertificatePEM, ContentType: "application/x-pem-file"}
}

func callbackSigner(c *fs.Call) *Signer {
	sg, err := serverOf(c).Signer()
	if err != nil {
		return nil
	}
	return sg
}

// emitLegacy posts a per-event form callback ("sent", "signed",
// "rejected") to the subscriptions of that kind.
func emitLegacy(c *fs.Call, d *fs.Item[document], event legacyv1.Notify) {
	r := d.V.req
	for _, sub := range subscribed(c, event, d.V.group) {
		if sg := callbackSigner(c); sg != nil {
			body, h, err := sg.SignLegacy(LegacyDocument{Name: d.V.name, ResourceURI: uri("document", d.ID), UUID: d.ID,
				Group: uri("group", d.V.group), Tag: r.Tag, Tag1: r.Tag1, Tag2: r.Tag2, Event: string(event)})
			if err == nil {
				c.Queue(fs.Outgoing{WebhookID: sub.ID, Event: "legacy." + string(event), URL: sub.V.url, Header: h, Body: body})
			}
		}
	}
}

// emitRealtime posts a realtime JSON event {version, object, event, id,
// created, data} to the realtime subscriptions whose filter matches,
// signed with X-Hmac-Sha256 = hex(HMAC-SHA256(webhookHmacSecret, body)).
func emitRealtime(c *fs.Call, d *fs.Item[document], object, event string, data map[string]any) {
	typ := object + "." + event
	var body []byte
	id := ""
	for _, sub := range subscribed(c, legacyv1.NotifyRealtime, d.V.group) {
		if f := string(sub.V.filter); f != "" && f != typ && f != object+".*" {
			continue
		}
		if body == nil {
			id = c.UUID()
			body, _ = json.Marshal(map[string]any{"version": "1", "object": object, "event": event, "id": id,
				"created": c.Time(c.Now()), "data": data})
		}
		h := http.Header{"Content-Type": {"application/json"}}
		h.Set("X-Hmac-Sha256", webhooktest.HMACHex(serverOf(c).cfg.realtimeSecret, body))
		c.Queue(fs.Outgoing{WebhookID: sub.ID, EventID: id, Event: typ, URL: sub.V.url, Header: h, Body: body})
	}
}

func docData(d *fs.Item[document]) map[string]any {
	r := d.V.req
	return map[string]any{"uuid": d.ID, "resource_uri": uri("document", d.ID), "name": d.V.name, "group": uri("group", d.V.group),
		"status": int(d.V.status), "tag": r.Tag, "tag1": r.Tag1, "tag2": r.Tag2}
}

func signerData(sg *fs.Item[signer]) map[string]any {
	return map[string]any{"uuid": sg.ID, "resource_uri": uri("signer", sg.ID), "document": uri("document", sg.Parent),
		"email": sg.V.email, "firstname": sg.V.first, "lastname": sg.V.last, "status": int(sg.V.status)}
}
