package signeasytest

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"slices"
	"strconv"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/signeasy"
)

type envelope struct {
	name, message              string
	status                     signeasy.EnvelopeStatus
	ordered, embedded, markers bool
	sources                    []source
	cc                         []map[string]string
	signed                     string   // its signed file, once complete
	trail                      []string // the audit trail the certificate shows
}

type source struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	SourceID int    `json:"source_id"`
}

type recipient struct {
	email, first, last string
	status             signeasy.RecipientStatus
	order              int
	declined           string // decline_message
}

type signedFile struct {
	envelope, name, publicID string // envelope: "" for a self-signed document
	content                  []byte // a self-signed document's
}

// expired is the status the fake gives an envelope past its expiry
// (Signeasy documents rs.expired, not the status).
const expired signeasy.EnvelopeStatus = "expired"

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// renderEnvelope is "The envelope object" (0/1 flags, epoch seconds), also
// the data of webhook deliveries.
func renderEnvelope(c *fs.Call, it *fs.Item[envelope]) map[string]any {
	rs := []any{}
	for _, r := range recipients.Children(c, it.ID) {
		m := map[string]any{"recipient_id": num(r.ID), "recipient_user_id": nil, "email": r.V.email, "first_name": r.V.first,
			"last_name": r.V.last, "order_id": r.V.order, "status": r.V.status, "created_time": c.Time(r.Created),
			"last_modified_time": c.Time(r.Updated)}
		if r.V.declined != "" {
			m["decline_message"] = r.V.declined
		}
		rs = append(rs, m)
	}
	var next any
	if n := nextRecipient(c, it); n != nil {
		next = num(n.ID)
	}
	return map[string]any{"id": num(it.ID), "name": it.V.name, "status": it.V.status, "is_ordered": b01(it.V.ordered),
		"is_in_person": 0, "has_markers": b01(it.V.markers), "aadhaar_enabled": nil, "next": next, "logo": nil,
		"owner_user_id": OwnerUserID, "owner_email": OwnerEmail, "owner_first_name": "Test", "owner_last_name": "Owner",
		"owner_company": nil, "created_time": c.Time(it.Created), "last_modified_time": c.Time(it.Updated),
		"recipients": rs, "sources": it.V.sources, "cc": it.V.cc, "is_envelope": 1,
		"is_embedded_signing": b01(it.V.embedded), "message": it.V.message, "subject": "", "expiry_time": nil,
		"request_info": map[string]any{}, "signer_verification": nil}
}

// nextRecipient is the first recipient, in order, still to act on a
// pending envelope.
func nextRecipient(c *fs.Call, env *fs.Item[envelope]) *fs.Item[recipient] {
	if env.V.status != signeasy.EnvelopeIncomplete {
		return nil
	}
	return fs.Pick(recipients.Children(c, env.ID), func(r *fs.Item[recipient]) bool { return !done(r) })
}

// event delivers name for env as it is now, by r (nil: the owner), once
// line (when set) is added to env's audit trail.
func event(c *fs.Call, env *fs.Item[envelope], name signeasy.EventType, r *fs.Item[recipient], line string, args ...any) {
	if line != "" {
		env.V.trail = append(env.V.trail, c.Now().UTC().Format("2006-01-02 15:04:05 UTC")+"  "+fmt.Sprintf(line, args...))
	}
	user, userID := OwnerEmail, int64(OwnerUserID)
	if r != nil {
		user, userID = r.V.email, num(r.ID)
	}
	c.Emit(string(name), delivery{data: renderEnvelope(c, env), user: user, userID: userID})
}

// setRecipient changes a recipient's status (and so its envelope).
func setRecipient(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient], status signeasy.RecipientStatus) {
	r.V.status = status
	recipients.Touch(c, r)
	envelopes.Touch(c, env)
}

// ---- create

type createBody struct {
	Sources    []source `json:"sources"`
	Recipients []struct {
		RecipientID int64  `json:"recipient_id"`
		FirstName   string `json:"first_name"`
		LastName    string `json:"last_name"`
		Email       string `json:"email"`
	} `json:"recipients"`
	CC                   []map[string]string `json:"cc"`
	RecipientRoleMapping []struct {
		SourceID    int   `json:"source_id"`
		RoleID      int64 `json:"role_id"`
		RecipientID int64 `json:"recipient_id"`
	} `json:"recipient_role_mapping"`
	MergeFields []struct {
		SourceID int    `json:"source_id"`
		Label    string `json:"label"`
	} `json:"merge_fields"`
	FieldsPayload       []fieldBody   `json:"fields_payload"`
	EmbeddedSigning     signeasy.Bool `json:"embedded_signing"`
	IsOrdered           signeasy.Bool `json:"is_ordered"`
	Message             string        `json:"message"`
	Name                string        `json:"name"`
	SignaturePanelTypes []string      `json:"signature_panel_types"`
	InitialPanelTypes   []string      `json:"initial_panel_types"`
}

// fieldBody is one fields_payload item as Signeasy documents it.
type fieldBody struct {
	RecipientID    int64                      `json:"recipient_id"`
	SourceID       int                        `json:"source_id"`
	Type           string                     `json:"type"`
	PageNumber     *string                    `json:"page_number"`
	Position       map[string]json.RawMessage `json:"position"`
	AdditionalInfo map[string]any             `json:"additional_info"`
}

// createEnvelope is POST rs/envelope/: the body checked as Signeasy
// documents it (up to 20 sources and 45 recipients), then rs.initiated
// and, unless the envelope is embedded (no emails), rs.link_sent.
func createEnvelope(c *fs.Call, it *fs.Item[envelope]) *fs.Error {
	var req createBody
	k := c.Read(&req, "sources", "recipients")
	k.Add(badIf(len(req.Sources) == 0 || len(req.Sources) > 20, "invalid_sources", "an envelope has 1 to 20 sources"),
		badIf(len(req.Recipients) == 0 || len(req.Recipients) > 45, "invalid_recipients", "an envelope has 1 to 45 recipients"))
	kinds, roles := map[int]string{}, map[int]int{}
	for i := range req.Sources {
		src := &req.Sources[i]
		k.Add(badIf(src.SourceID <= 0, "invalid_sources", fmt.Sprintf("sources[%d].source_id is required", i)),
			badIf(kinds[src.SourceID] != "", "invalid_sources", fmt.Sprintf("source_id %d is used twice", src.SourceID)))
		var e *fs.Error
		switch id := strconv.FormatInt(src.ID, 10); src.Type {
		case "original":
			if o := originals.Get(c, id); o != nil {
				src.Name = cmp.Or(src.Name, o.V.name)
			} else {
				e = originals.NotFound(c)
			}
		case "template":
			if t := templates.Get(c, id); t != nil {
				src.Name, roles[src.SourceID] = cmp.Or(src.Name, t.V.name), len(t.V.roles)
			} else {
				e = templates.NotFound(c)
			}
		default:
			e = bad("invalid_sources", fmt.Sprintf("sources[%d].type must be original or template, not %q", i, src.Type))
		}
		k.Add(e)
		kinds[src.SourceID] = src.Type
	}
	known := map[int64]bool{}
	for i, r := range req.Recipients {
		k.Add(badIf(!strings.Contains(r.Email, "@") || known[r.RecipientID], "invalid_recipients",
			fmt.Sprintf("recipients[%d] needs an email and a recipient_id of its own", i)))
		known[r.RecipientID] = true
	}
	for i, cc := range req.CC {
		k.Add(badIf(!strings.Contains(cc["email"], "@"), "invalid_cc", fmt.Sprintf("cc[%d].email is not an email address", i)))
	}
	for _, m := range req.RecipientRoleMapping {
		k.Add(badIf(!known[m.RecipientID] || kinds[m.SourceID] != "template" || m.RoleID < 1 || m.RoleID > int64(roles[m.SourceID]),
			"invalid_role_mapping", fmt.Sprintf("role %d of source %d for recipient %d: no such template role or recipient", m.RoleID, m.SourceID, m.RecipientID)))
	}
	for _, m := range req.MergeFields {
		k.Add(badIf(kinds[m.SourceID] != "template" || m.Label == "", "invalid_merge_fields",
			fmt.Sprintf("merge field %q on source %d: a label on a template source is required", m.Label, m.SourceID)))
	}
	for _, f := range req.FieldsPayload {
		msg := checkField(f, kinds, known)
		k.Add(badIf(msg != "", "invalid_fields_payload", msg))
	}
	for _, p := range slices.Concat(req.SignaturePanelTypes, req.InitialPanelTypes) {
		k.Add(fs.Enum("panel types", p, signeasy.PanelDraw, signeasy.PanelType, signeasy.PanelUpload))
	}
	if e := k.Err(); e != nil {
		return e
	}
	it.V = envelope{name: cmp.Or(req.Name, req.Sources[0].Name), message: req.Message, status: signeasy.EnvelopeIncomplete,
		ordered: bool(req.IsOrdered), embedded: bool(req.EmbeddedSigning), markers: len(req.FieldsPayload) > 0,
		sources: req.Sources, cc: req.CC}
	if it.V.cc == nil {
		it.V.cc = []map[string]string{}
	}
	for i, r := range req.Recipients {
		recipients.Add(c, it.ID, recipient{email: r.Email, first: r.FirstName, last: r.LastName, status: signeasy.RecipientNotViewed, order: i + 1})
	}
	event(c, it, signeasy.EventInitiated, nil, "Created and sent by %s to %d recipient(s)", OwnerEmail, len(req.Recipients))
	if !it.V.embedded {
		event(c, it, signeasy.EventLinkSent, nil, "")
	}
	return nil
}

// checkField checks a fields_payload item like Signeasy would: a known
// source and recipient, a type, a string page_number, additional_info (an
// object, {} for most types) and a position in one of the two modes. It
// returns the problem, or "".
func checkField(f fieldBody, sources map[int]string, recipients map[int64]bool) string {
	switch {
	case sources[f.SourceID] == "":
		return fmt.Sprintf("source_id %d is not in sources", f.SourceID)
	case !recipients[f.RecipientID]:
		return fmt.Sprintf("recipient_id %d is not in recipients", f.RecipientID)
	case f.Type == "":
		return "field type is required"
	case f.PageNumber == nil:
		return `page_number is required (a string: "1", "1:8", "all")`
	case f.AdditionalInfo == nil:
		return "additional_info is required ({} for non-date fields)"
	}
	var mode string
	_ = json.Unmarshal(f.Position["mode"], &mode)
	need := map[string][]string{"fixed": {"x", "y"}, "referenceText": {"text"}}[mode]
	if need == nil {
		return fmt.Sprintf("position mode %q is not fixed or referenceText", mode)
	}
	for _, k := range need {
		if _, ok := f.Position[k]; !ok {
			return fmt.Sprintf("position %s needs %s", mode, k)
		}
	}
	return ""
}

// ---- requests

// cancel voids a pending envelope (rs.voided); Signeasy refuses other
// cancels with 401 unauthorized_resource.
func cancel(c *fs.Call, env *fs.Item[envelope], _ fs.StepInput) *fs.Error {
	if env.V.status != signeasy.EnvelopeIncomplete {
		return refused("envelope " + env.ID + " is " + string(env.V.status))
	}
	env.V.status = signeasy.EnvelopeCanceled
	envelopes.Touch(c, env)
	event(c, env, signeasy.EventVoided, nil, "Canceled by %s", OwnerEmail)
	return nil
}

// cancelRoute answers a cancel (of an embedded envelope only, with
// embedded): 200 without a body.
func cancelRoute(embedded bool) func(c *fs.Call, it *fs.Item[envelope]) fs.Reply {
	return func(c *fs.Call, it *fs.Item[envelope]) fs.Reply {
		e := refused("envelope " + it.ID + " is not an embedded request")
		if !embedded || it.V.embedded {
			e = cancel(c, it, fs.StepInput{})
		}
		if e != nil {
			return e.Reply()
		}
		return fs.Reply{Status: http.StatusOK}
	}
}

// signingURL is POST rs/envelope/{id}/signing/url/: for a recipient of a
// pending embedded envelope who has not signed.
func signingURL(c *fs.Call, env *fs.Item[envelope]) fs.Reply {
	var req struct {
		RecipientEmail string        `json:"recipient_email"`
		RedirectURL    string        `json:"redirect_url"`
		AllowDecline   signeasy.Bool `json:"allow_decline"`
	}
	e := c.Decode(&req, "recipient_email")
	r := fs.Pick(recipients.Children(c, env.ID), func(r *fs.Item[recipient]) bool { return strings.EqualFold(r.V.email, req.RecipientEmail) })
	switch {
	case e != nil:
	case !env.V.embedded:
		e = refused("envelope " + env.ID + " was not created with embedded_signing")
	case env.V.status != signeasy.EnvelopeIncomplete:
		e = refused("envelope " + env.ID + " is " + string(env.V.status))
	case r == nil:
		e = bad("invalid_recipient", req.RecipientEmail+" is not a recipient of envelope "+env.ID)
	case done(r):
		e = refused(r.V.email + " is " + string(r.V.status))
	default:
		return fs.JSON(http.StatusOK, map[string]string{"url": c.Server().Root() + "/sign/" + env.ID + "/" + r.ID})
	}
	return e.Reply()
}

// done reports whether r has finished: signed or declined.
func done(r *fs.Item[recipient]) bool {
	return r.V.status == signeasy.RecipientFinalized || r.V.status == signeasy.RecipientDeclined
}

// signingPage is what a signing URL shows: a page naming the envelope and
// the recipient (opening it changes nothing; View plays the recipient).
func signingPage(c *fs.Call, r *fs.Item[recipient]) fs.Reply {
	env := envelopes.Get(c, r.Parent)
	page := fmt.Sprintf("<!doctype html><title>Signeasy (signeasytest)</title><h1>%s</h1><p>%s, please sign envelope %s.</p>\n",
		html.EscapeString(env.V.name), html.EscapeString(r.V.email), env.ID)
	return fs.Reply{Status: http.StatusOK, Raw: []byte(page), ContentType: "text/html; charset=utf-8"}
}

// sendingURL is POST rs/embedded/url/: file_id (an original; string or
// integer) and recipients with first_name, email and role_id.
func sendingURL(c *fs.Call) fs.Reply {
	var req struct {
		FileID     json.RawMessage `json:"file_id"`
		Recipients []struct {
			FirstName string `json:"first_name"`
			Email     string `json:"email"`
			RoleID    int64  `json:"role_id"`
		} `json:"recipients"`
		CC []map[string]string `json:"cc"`
	}
	k := c.Read(&req, "file_id")
	id := strings.Trim(string(req.FileID), `"`)
	_, err := strconv.ParseInt(id, 10, 64)
	if k.Field(err != nil, "file_id", "file_id must be an integer").Err() == nil && originals.Get(c, id) == nil {
		k.Add(originals.NotFound(c))
	}
	for i, r := range req.Recipients {
		k.Add(badIf(r.FirstName == "" || !strings.Contains(r.Email, "@") || r.RoleID < 1, "invalid_recipients",
			fmt.Sprintf("recipients[%d] needs first_name, email and role_id", i)))
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	return fs.JSON(http.StatusOK, map[string]string{"url": fmt.Sprintf("%s/embedded/send/%d", c.Server().Root(), c.Counter("embedded"))})
}

// ---- signed files

func newSigned(c *fs.Call, envelopeID, name string, content []byte) *fs.Item[signedFile] {
	return signedFiles.Add(c, "", signedFile{envelope: envelopeID, name: name, publicID: c.Token(12, ""), content: content})
}

// signedOf is GET rs/envelope/signed/pending/{id}: the signed file of a
// complete envelope (404 before).
func signedOf(c *fs.Call, env *fs.Item[envelope]) fs.Reply {
	if env.V.signed == "" {
		return fs.Fail(http.StatusNotFound, "Envelope %s is %s: it has no signed file", env.ID, env.V.status)
	}
	return fs.JSON(http.StatusOK, map[string]any{"id": num(env.V.signed), "name": env.V.name, "pending_file_id": num(env.ID)})
}

// renderSigned renders a signed file, with its envelope (pending_file)
// when withEnvelope.
func renderSigned(withEnvelope bool) func(c *fs.Call, it *fs.Item[signedFile]) any {
	return func(c *fs.Call, it *fs.Item[signedFile]) any {
		sum := sha256.Sum256(signedPDF(c, it, false))
		m := map[string]any{"id": num(it.ID), "name": it.V.name, "checksum": hex.EncodeToString(sum[:]),
			"public_identifier": it.V.publicID, "created_time": c.Time(it.Created), "last_modified_time": c.Time(it.Updated)}
		if env := envelopes.Get(c, it.V.envelope); withEnvelope && env != nil {
			m["pending_file"] = renderEnvelope(c, env)
		}
		return m
	}
}

// signedPDF is a signed file as a PDF: its documents and signers, with
// the audit trail when certificate is set (a self-signed document without
// it: the document itself).
func signedPDF(c *fs.Call, f *fs.Item[signedFile], certificate bool, extra ...string) []byte {
	env := envelopes.Get(c, f.V.envelope)
	if env == nil && !certificate {
		return f.V.content
	}
	lines := append([]string{"Signed with signeasytest: " + f.V.name + " (signed file " + f.ID + ")"}, extra...)
	trail := []string{"Self-signed by " + OwnerEmail}
	if env != nil {
		for _, s := range env.V.sources {
			lines = append(lines, fmt.Sprintf("Document %d: %s (%s %d)", s.SourceID, s.Name, s.Type, s.ID))
		}
		for _, r := range recipients.Children(c, env.ID) {
			lines = append(lines, fmt.Sprintf("Recipient %d: %s %s <%s>, %s", r.V.order, r.V.first, r.V.last, r.V.email, r.V.status))
		}
		trail = env.V.trail
	}
	if certificate {
		lines = append(append(lines, "", "Audit trail"), trail...)
	}
	return fs.PDF(lines...)
}

// downloadSigned is GET signed/{id}/download?type=merged|split
// &include_certificate=true|false (defaults merged, false). Both types
// answer one PDF here.
func downloadSigned(c *fs.Call, f *fs.Item[signedFile]) fs.Reply {
	typ, cert := cmp.Or(c.Query.Get("type"), "merged"), cmp.Or(c.Query.Get("include_certificate"), "false")
	if e := cmp.Or(fs.Enum("type", typ, "merged", "split"), fs.Enum("include_certificate", cert, "true", "false")); e != nil {
		return e.Reply()
	}
	if typ == "merged" && cert == "false" {
		return c.File("application/pdf", f.V.name+".pdf", signedPDF(c, f, false))
	}
	return c.File("application/pdf", f.V.name+".pdf", signedPDF(c, f, cert == "true", "Type: "+typ))
}

// downloadSource is GET rs/envelope/signed/{id}/{source}/download: one
// document of a signed envelope, named by its source_id or (as one working
// app does) by its document id.
func downloadSource(c *fs.Call, f *fs.Item[signedFile]) fs.Reply {
	want := c.Param("source_id")
	if env := envelopes.Get(c, f.V.envelope); env != nil {
		for _, s := range env.V.sources {
			if strconv.Itoa(s.SourceID) == want || strconv.FormatInt(s.ID, 10) == want {
				return c.File("application/pdf", s.Name+".pdf", fs.PDF("Signed with signeasytest: "+s.Name,
					fmt.Sprintf("Document %d of signed file %s", s.SourceID, f.ID)))
			}
		}
	}
	return fs.Fail(http.StatusNotFound, "Source %s not found in signed file %s", want, f.ID)
}

// ---- lifecycle steps

var steps = map[fs.Step]fs.StepFunc{
	fs.StepView: party(func(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient], _ string) {
		if r.V.status == signeasy.RecipientNotViewed {
			setRecipient(c, env, r, signeasy.RecipientViewed)
		}
		event(c, env, signeasy.EventViewed, r, "Viewed by %s", r.V.email)
	}),
	fs.StepSign: party(sign),
	fs.StepDecline: party(func(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient], reason string) {
		r.V.declined = cmp.Or(reason, "Declined")
		setRecipient(c, env, r, signeasy.RecipientDeclined)
		env.V.status = signeasy.EnvelopeRecipientDeclined
		event(c, env, signeasy.EventDeclined, r, "Declined by %s: %s", r.V.email, r.V.declined)
	}),
	fs.StepComplete: pending(func(c *fs.Call, env *fs.Item[envelope]) {
		for r := nextRecipient(c, env); r != nil; r = nextRecipient(c, env) {
			sign(c, env, r, "")
		}
	}),
	fs.StepExpire: pending(func(c *fs.Call, env *fs.Item[envelope]) {
		env.V.status = expired
		envelopes.Touch(c, env)
		event(c, env, signeasy.EventExpired, nil, "Expired")
	}),
	fs.StepCancel: envelopes.Step(cancel),
}

// pending is a step on a pending envelope.
func pending(f func(c *fs.Call, env *fs.Item[envelope])) fs.StepFunc {
	return envelopes.Step(func(c *fs.Call, env *fs.Item[envelope], _ fs.StepInput) *fs.Error {
		if env.V.status != signeasy.EnvelopeIncomplete {
			return fs.Errorf(http.StatusConflict, "envelope %s is %s", env.ID, env.V.status)
		}
		f(c, env)
		return nil
	})
}

// party is a step of a recipient (by id or email) of a pending envelope,
// who must still have to act and, in an ordered envelope, be next.
func party(f func(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient], reason string)) fs.StepFunc {
	return fs.Party(envelopes, recipients, func(r recipient) string { return r.email },
		func(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient]) *fs.Error {
			switch {
			case env.V.status != signeasy.EnvelopeIncomplete:
				return fs.Errorf(http.StatusConflict, "envelope %s is %s", env.ID, env.V.status)
			case done(r):
				return fs.Errorf(http.StatusConflict, "recipient %s is %s", r.V.email, r.V.status)
			case env.V.ordered && nextRecipient(c, env) != r:
				return fs.Errorf(http.StatusConflict, "envelope %s is ordered: it is not %s's turn", env.ID, r.V.email)
			}
			return nil
		}, f)
}

// sign finalizes r; the last signature completes the envelope.
func sign(c *fs.Call, env *fs.Item[envelope], r *fs.Item[recipient], _ string) {
	setRecipient(c, env, r, signeasy.RecipientFinalized)
	event(c, env, signeasy.EventSigned, r, "Signed by %s", r.V.email)
	if next := nextRecipient(c, env); next != nil {
		if env.V.ordered && !env.V.embedded {
			event(c, env, signeasy.EventLinkSent, nil, "Signing link sent to %s", next.V.email)
		}
		return
	}
	env.V.status = signeasy.EnvelopeComplete
	env.V.signed = newSigned(c, env.ID, env.V.name, nil).ID
	event(c, env, signeasy.EventCompleted, r, "Completed: signed file %s", env.V.signed)
}
