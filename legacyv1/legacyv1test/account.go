package legacyv1test

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
)

type (
	group struct {
		pk                 int
		name, public, user string
		xframe             bool
	}
	user struct {
		email, first, last, timezone string
	}
	member struct {
		group, user string
		permission  legacyv1.Permission
	}
	invitation struct {
		group, email string
	}
	attachment struct {
		group, filename, description, user string
	}
	template struct {
		group, title, text, user string
		archived                 bool
	}
	templatePDF struct {
		group, title, user string
		pdf                []byte
		pages              int
		archived           bool
		fields             []*legacyv1.PDFField
	}
	subscription struct {
		url, group string
		notify     legacyv1.Notify
		filter     legacyv1.EventFilter
	}
)

// seed makes the account of a new server: the API user, administrator of
// DefaultGroup.
func seed(c *fs.Call, username string) {
	u := users.New(c, "")
	u.ID, u.V = username, user{email: username + "@example.com", first: "API", last: "User", timezone: "UTC"}
	users.Insert(c, u)
	g := groups.New(c, "")
	g.ID, g.V = DefaultGroup, group{pk: c.Counter("group"), name: "My group", public: "My group", user: username}
	groups.Insert(c, g)
	members.Add(c, "", member{group: g.ID, user: username, permission: legacyv1.PermissionAdmin})
}

// ---- groups

func renderGroup(c *fs.Call, it *fs.Item[group]) any {
	ms := []string{}
	for _, m := range members.All(c) {
		if m.V.group == it.ID {
			ms = append(ms, uri("user", m.V.user))
		}
	}
	return map[string]any{"resource_uri": uri("group", it.ID), "slug": it.ID, "name": it.V.name, "public_name": it.V.public,
		"user": uri("user", it.V.user), "members": ms, "is_active": true, "default_email": "", "default_extraemail": "",
		"footer": "", "header": "", "pagesize": 1, "xframe_allow": it.V.xframe, "xframe_allow_pdf_edit": false,
		"created": c.Time(it.Created), "modified": c.Time(it.Updated)}
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// createGroup names the group by a slug of its name (made unique) and
// makes the API user its administrator.
func createGroup(c *fs.Call, it *fs.Item[group]) *fs.Error {
	var req struct {
		Name        string `json:"name"`
		XFrameAllow bool   `json:"xframe_allow"`
	}
	k := c.Read(&req)
	k.Field(len(strings.TrimSpace(req.Name)) < 4 || len(req.Name) > 60, "name", "Ensure the name has 4 to 60 characters.")
	if e := k.Err(); e != nil {
		return e
	}
	slug := strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(req.Name), "-"), "-")
	for it.ID = slug; groups.Get(c, it.ID) != nil; {
		it.ID = slug + "-" + strconv.Itoa(c.Counter("slug-"+slug)+1)
	}
	api := serverOf(c).cfg.username
	it.V = group{pk: c.Counter("group"), name: req.Name, public: req.Name, user: api, xframe: req.XFrameAllow}
	members.Add(c, "", member{group: it.ID, user: api, permission: legacyv1.PermissionAdmin})
	return nil
}

func updateGroup(c *fs.Call, it *fs.Item[group]) *fs.Error {
	var req struct {
		PublicName string `json:"public_name"`
	}
	k := c.Read(&req)
	k.Field(len(req.PublicName) > 60, "public_name", "Ensure this value has at most 60 characters.")
	fs.Patch(&it.V.public, req.PublicName)
	return k.Err()
}

// ---- members and invitations

func renderMember(c *fs.Call, it *fs.Item[member]) any {
	return map[string]any{"resource_uri": uri("member", it.ID), "group": uri("group", it.V.group), "user": uri("user", it.V.user),
		"permission": int(it.V.permission), "created": c.Time(it.Created), "modified": c.Time(it.Updated)}
}

func renderInvitation(c *fs.Call, it *fs.Item[invitation]) any {
	return map[string]any{"resource_uri": uri("invited", it.ID), "email": it.V.email, "group": uri("group", it.V.group),
		"created": c.Time(it.Created)}
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

const badEmail = "Enter a valid email address."

// createMember adds a registered user to a group at once and invites
// anyone else (201 without Location).
func createMember(c *fs.Call) fs.Reply {
	var req struct {
		Group      string              `json:"group"`
		Email      string              `json:"email"`
		Permission legacyv1.Permission `json:"permission"`
	}
	k := c.Read(&req)
	slug := groupRef(c, k, "group", req.Group, false)
	k.Field(!emailPattern.MatchString(req.Email) || len(req.Email) > 75, "email", badEmail)
	k.Field(req.Permission < 0 || req.Permission > legacyv1.PermissionTeamReadOnly, "permission", "Select a valid choice.")
	u := userByEmail(c, req.Email)
	for _, m := range members.All(c) {
		k.Field(u != nil && m.V.group == slug && m.V.user == u.ID, "exists", "User is already a member of the group")
	}
	for _, i := range invitations.All(c) {
		k.Field(i.V.group == slug && strings.EqualFold(i.V.email, req.Email), "exists", "The person is invited and has not joined yet")
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	if u == nil {
		invitations.Add(c, "", invitation{group: slug, email: req.Email})
		return done
	}
	m := members.Add(c, "", member{group: slug, user: u.ID, permission: cmp.Or(req.Permission, legacyv1.PermissionTeamCreateSend)})
	return created(c, uri("member", m.ID))
}

func userByEmail(c *fs.Call, email string) *fs.Item[user] {
	return fs.Pick(users.All(c), func(u *fs.Item[user]) bool { return strings.EqualFold(u.V.email, email) })
}

// ---- users

func renderUser(c *fs.Call, it *fs.Item[user]) any {
	gs := []string{}
	for _, m := range members.All(c) {
		if m.V.user == it.ID {
			gs = append(gs, uri("group", m.V.group))
		}
	}
	return map[string]any{"resource_uri": uri("user", it.ID), "username": it.ID, "email": it.V.email,
		"first_name": it.V.first, "last_name": it.V.last, "groups": gs, "timezone": it.V.timezone,
		"date_joined": c.Time(it.Created)}
}

var (
	passwordSpecial = regexp.MustCompile(`[=+\-^$*.\[\]{}()?"!@#%&/\\,><':;|_~` + "`" + `]`)
	timezonePattern = regexp.MustCompile(`^(UTC|GMT|[A-Z][A-Za-z_]+(/[A-Za-z_+-]+){1,2})$`)
)

// createUser creates a user and adds it to the given groups; the answer
// names the user in Location only when a password was set (otherwise
// Legalesign emails a verification link).
func createUser(c *fs.Call) fs.Reply {
	var req struct {
		FirstName  string `json:"first_name"`
		LastName   string `json:"last_name"`
		Email      string `json:"email"`
		Timezone   string `json:"timezone"`
		Password   string `json:"password"`
		Groups     string `json:"groups"`
		Permission string `json:"permission"`
	}
	k := c.Read(&req)
	checkNames(k, &req.FirstName, &req.LastName, true)
	k.Field(!emailPattern.MatchString(req.Email) || len(req.Email) > 75, "email", badEmail)
	k.Field(userByEmail(c, req.Email) != nil, "email", "A user with that email address already exists.")
	pw := req.Password
	k.Field(pw != "" && len(pw) < 8, "password", "Ensure this value has at least 8 characters")
	k.Field(len(pw) >= 8 && (strings.ToLower(pw) == pw || strings.ToUpper(pw) == pw || !strings.ContainsAny(pw, "0123456789") ||
		!passwordSpecial.MatchString(pw) || strings.ContainsAny(pw, " \t\r\n")), "password",
		"Use upper and lower case letters, a number and a special character.")
	perm, err := strconv.Atoi(cmp.Or(req.Permission, "2"))
	k.Field(err != nil || perm < 1 || perm > 6, "permission", "Select a valid choice.")
	k.Field(req.Timezone != "" && !timezonePattern.MatchString(req.Timezone), "timezone", "Select a valid time zone.")
	var slugs []string
	for _, g := range strings.Split(req.Groups, ",") {
		if g = strings.TrimSpace(g); g != "" {
			slugs = append(slugs, groupRef(c, k, "groups", g, true))
		}
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	u := users.Add(c, "", user{email: req.Email, first: req.FirstName, last: req.LastName, timezone: cmp.Or(req.Timezone, "UTC")})
	for _, g := range slugs {
		members.Add(c, "", member{group: g, user: u.ID, permission: legacyv1.Permission(perm)})
	}
	if pw == "" {
		return done
	}
	return created(c, uri("user", u.ID))
}

// checkNames checks a user's names: 1 to 30 characters, when given (or
// always when required).
func checkNames(k *fs.Check, first, last *string, required bool) {
	for f, v := range map[string]*string{"first_name": first, "last_name": last} {
		k.Field((required || *v != "") && (strings.TrimSpace(*v) == "" || len(*v) > 30), f, "Ensure this value has 1 to 30 characters.")
	}
}

func updateUser(c *fs.Call, it *fs.Item[user]) *fs.Error {
	var req struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
	}
	k := c.Read(&req)
	checkNames(k, &req.FirstName, &req.LastName, false)
	fs.Patch(&it.V.first, req.FirstName)
	fs.Patch(&it.V.last, req.LastName)
	return k.Err()
}

// ---- attachments

func renderAttachment(c *fs.Call, it *fs.Item[attachment]) any {
	return map[string]any{"uuid": it.ID, "resource_uri": uri("attachment", it.ID), "filename": it.V.filename,
		"description": it.V.description, "group": uri("group", it.V.group), "user": uri("user", it.V.user), "created": c.Time(it.Created)}
}

var filenamePattern = regexp.MustCompile(`^[-\w]{1,246}\.pdf$`)

// createAttachment refuses as the attachment endpoint does: {"text": ...}.
func createAttachment(c *fs.Call, it *fs.Item[attachment]) *fs.Error {
	var req struct {
		Group       string `json:"group"`
		Filename    string `json:"filename"`
		Description string `json:"description"`
		User        string `json:"user"`
		PDF         string `json:"pdf_file"`
	}
	k := c.Read(&req)
	slug, user := groupRef(c, k, "group", req.Group, false), owner(c, k, req.User)
	_, pdfErr := decodePDF(req.PDF)
	first := ""
	if e := k.Err(); e != nil {
		first = e.Message
		if len(e.Fields) > 0 && e.Fields[0].Message == first { // a field problem
			first = e.Fields[0].Field + ": " + first
		}
	}
	for _, bad := range []struct {
		is  bool
		msg string
	}{
		{first != "", first},
		{len(req.Filename) > 250, "Filename must be not more than 250 characters"},
		{!filenamePattern.MatchString(req.Filename), "Use simple ascii letters and numbers for filename"},
		{len(req.Description) > 250, "Description must be not more than 250 characters"},
		{pdfErr != "", pdfErr},
	} {
		if bad.is {
			return &fs.Error{Status: http.StatusBadRequest, Code: codeText, Message: bad.msg}
		}
	}
	it.V = attachment{group: slug, filename: req.Filename, description: req.Description, user: user}
	return nil
}

// decodePDF reads a base64 PDF of a request; the problem is "" when valid.
func decodePDF(b64 string) ([]byte, string) {
	pdf, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, "pdf_file must be a base64 encoded PDF"
	}
	return pdf, ""
}

// ---- text templates

func renderTemplate(c *fs.Call, it *fs.Item[template]) any {
	n := 0
	for _, m := range signeePattern.FindAllStringSubmatch(it.V.text, -1) {
		k, _ := strconv.Atoi(m[1])
		n = max(n, k)
	}
	out := map[string]any{"uuid": it.ID, "resource_uri": uri("template", it.ID), "title": it.V.title, "group": uri("group", it.V.group),
		"user": uri("user", it.V.user), "archive": it.V.archived, "has_fields": n > 0, "signee_count": max(n, 1),
		"created": c.Time(it.Created), "modified": c.Time(it.Updated)}
	if c.Param("templateId") != "" {
		out["latest_text"] = it.V.text
	}
	return out
}

var (
	signeePattern = regexp.MustCompile(`data-signee="(\d+)"`)
	titlePattern  = regexp.MustCompile(`^[-\w ]{1,60}$`)
)

func createTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	var req struct {
		Title      string `json:"title"`
		Group      string `json:"group"`
		LatestText string `json:"latest_text"`
		User       string `json:"user"`
	}
	k := c.Read(&req)
	k.Field(!titlePattern.MatchString(req.Title), "title", "Use 1 to 60 letters, digits, spaces, '-' or '_'.")
	k.Field(req.LatestText == "", "latest_text", required)
	it.V = template{group: groupRef(c, k, "group", req.Group, false), title: req.Title, text: req.LatestText, user: owner(c, k, req.User)}
	return k.Err()
}

func updateTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	var req struct {
		Title      string `json:"title"`
		LatestText string `json:"latest_text"`
	}
	k := c.Read(&req)
	k.Field(req.Title != "" && !titlePattern.MatchString(req.Title), "title", "Use 1 to 60 letters, digits, spaces, '-' or '_'.")
	fs.Patch(&it.V.title, req.Title)
	fs.Patch(&it.V.text, req.LatestText)
	return k.Err()
}

// archiveTemplate archives (DELETE /template/{id}/ keeps it, recoverable).
func archiveTemplate(c *fs.Call, it *fs.Item[template]) fs.Reply {
	it.V.archived = true
	templates.Touch(c, it)
	return noContent
}

// ---- PDF templates

func renderTemplatePDF(c *fs.Call, it *fs.Item[templatePDF]) any {
	parties := []string{}
	for n := range it.V.signerCount() {
		parties = append(parties, fmt.Sprintf("Signer %d", n+1))
	}
	js, _ := json.Marshal(parties)
	return map[string]any{"uuid": it.ID, "resource_uri": uri("templatepdf", it.ID), "title": it.V.title, "group": uri("group", it.V.group),
		"user": uri("user", it.V.user), "page_count": it.V.pages, "signer_count": len(parties), "parties": string(js), "valid": true,
		"created": c.Time(it.Created), "modified": c.Time(it.Updated)}
}

var pagePattern = regexp.MustCompile(`/Type\s*/Page\b`)

func uploadPDF(c *fs.Call, it *fs.Item[templatePDF]) *fs.Error {
	var req struct {
		Group       string `json:"group"`
		PDF         string `json:"pdf_file"`
		Title       string `json:"title"`
		User        string `json:"user"`
		ProcessTags bool   `json:"process_tags"`
	}
	k := c.Read(&req)
	slug, user := groupRef(c, k, "group", req.Group, false), owner(c, k, req.User)
	pdf, bad := decodePDF(req.PDF)
	k.Field(bad != "", "pdf_file", bad)
	k.Field(len(req.Title) > 120, "title", "Ensure this value has at most 120 characters.")
	if e := k.Err(); e != nil {
		return e
	}
	it.V = templatePDF{group: slug, title: cmp.Or(req.Title, "Untitled"), user: user, pdf: pdf, pages: max(1, len(pagePattern.FindAll(pdf, -1)))}
	if req.ProcessTags {
		it.V.fields = tagFields(c, pdf)
	}
	return nil
}

// pdfFields lists the fields of a PDF template, all in one page.
func pdfFields(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	items := make([]any, len(it.V.fields))
	for i, f := range it.V.fields {
		items[i] = f
	}
	return fs.MetaObjects{Default: 1000, Max: 1000}.List(c, "", items)
}

var (
	labelPattern = regexp.MustCompile(`^[-\w ]{0,60}$`)
	elementTypes = []legacyv1.ElementType{legacyv1.ElementSignature, legacyv1.ElementInitials, legacyv1.ElementText, legacyv1.ElementAdmin}
	fontNames    = []string{"", "arial", "courier", "helvetica", "liberation", "verdana"}
)

// replaceFields replaces every field of a PDF template (201).
func replaceFields(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	var fields []*legacyv1.PDFField
	k := c.Read(&fields)
	for i, f := range fields {
		at := func(name string) string { return fmt.Sprintf("fields[%d].%s", i, name) }
		if f == nil {
			k.Field(true, at("element_type"), required)
			continue
		}
		k.Field(!slices.Contains(elementTypes, f.ElementType), at("element_type"), "Select a valid choice.")
		k.Field(f.Page < 1 || f.Page > it.V.pages, at("page"), fmt.Sprintf("The PDF has %d pages.", it.V.pages))
		k.Field(!(0 <= f.AX && f.AX < f.BX && f.BX <= 1 && 0 <= f.AY && f.AY < f.BY && f.BY <= 1), at("ax"),
			"Coordinates are fractions of the page with ax < bx and ay < by.")
		k.Field(!validSigner(f.Signer, f.ElementType == legacyv1.ElementAdmin), at("signer"),
			"1 to 99 (witness +100, approver +200); sender fields may leave it null.")
		k.Field(f.FontSize != 0 && (f.FontSize < 6 || f.FontSize > 20), at("font_size"), "Between 6 and 20.")
		k.Field(!slices.Contains(fontNames, f.FontName), at("font_name"), "Select a valid choice.")
		k.Field(!labelPattern.MatchString(f.Label), at("label"), "Use at most 60 letters, digits, spaces, '-' or '_'.")
		k.Field(outside(f.Align, 1, 3) || outside(f.LogicAction, 1, 3), at("align"), "Select a valid choice.")
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	for _, f := range fields {
		f.UUID = fieldID(c)
		if f.ElementType == legacyv1.ElementAdmin {
			f.Signer = nil // a sender field has no signer: it reads back null
		}
	}
	it.V.fields = fields
	templatePDFs.Touch(c, it)
	return done
}

// validSigner tells a field's signer number is valid: 1 to 99, witness
// +100, approver +200. The spec requires one on every field posted, sender
// fields included (whose number means nothing); a sender field may also
// leave it null, as it reads back.
func validSigner(n *int, admin bool) bool {
	if n == nil {
		return admin
	}
	return *n < 300 && *n%100 >= 1
}

func outside(n *int, lo, hi int) bool { return n != nil && (*n < lo || *n > hi) }

func fieldID(c *fs.Call) string {
	return fmt.Sprintf("f1e1d000-0000-4000-8000-%012x", c.Counter("field"))
}

// tagPattern is a text tag: <<t=signature;s=2>>, <<type=text;signer=1;label=Name>>
// or a shortcut (<<signature>>, <<initials3>>, <<Full Name2>>); PDF
// dictionaries (<< /Type /Page >>) are not tags.
var tagPattern = regexp.MustCompile(`<<([A-Za-z][^<>/]{0,199})>>`)

// tagFields turns the text tags of a PDF into fields, stacked down page 1.
func tagFields(c *fs.Call, pdf []byte) []*legacyv1.PDFField {
	var out []*legacyv1.PDFField
	for i, m := range tagPattern.FindAllSubmatch(pdf, 60) {
		tag := string(m[1])
		kind, label, n := "", "", 1
		if strings.Contains(tag, "=") {
			for _, attr := range strings.Split(tag, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(attr), "=")
				switch k {
				case "t", "type":
					kind = v
				case "s", "signer":
					n, _ = strconv.Atoi(v)
				case "l", "label":
					label = v
				}
			}
		} else {
			base := strings.TrimRight(tag, "0123456789")
			if d := tag[len(base):]; d != "" {
				n, _ = strconv.Atoi(d)
			}
			switch kind = strings.ToLower(strings.TrimSpace(base)); kind {
			case "signature", "initials":
			default:
				kind, label = "text", strings.TrimSpace(base)
			}
		}
		f := &legacyv1.PDFField{UUID: fieldID(c), ElementType: legacyv1.ElementType(kind), Page: 1, Label: label,
			AX: 0.1, BX: 0.5, AY: 0.05 + 0.015*float64(i), BY: 0.06 + 0.015*float64(i), Signer: legacyv1.Int(n)}
		if kind == string(legacyv1.ElementAdmin) {
			f.Signer = nil
		}
		if slices.Contains(elementTypes, f.ElementType) && validSigner(f.Signer, f.Signer == nil) {
			out = append(out, f)
		}
	}
	return out
}

// convertTags adds the fields of the PDF's text tags; a PDF without tags
// is refused.
func convertTags(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	fields := tagFields(c, it.V.pdf)
	if len(fields) == 0 {
		return fs.Fail(http.StatusBadRequest, "No text tags found in the PDF")
	}
	it.V.fields = append(it.V.fields, fields...)
	templatePDFs.Touch(c, it)
	return done
}

var colorPattern = regexp.MustCompile(`^([0-9a-fA-F]{3}){1,2}$`)

// editLink answers 201 with a one-use link to the field editor, in
// Location and as a JSON string.
func editLink(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	k := new(fs.Check)
	_, valid := parseFlag(c.Query.Get("hide_sender_fields"))
	k.Field(c.Query.Has("hide_sender_fields") && !valid, "hide_sender_fields", "must be true or false")
	color := c.Query.Get("css_body_backgroundcolor")
	k.Field(color != "" && !colorPattern.MatchString(color), "css_body_backgroundcolor", "a hex colour without '#'")
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	link := oneUse(c, "/pdf-edit/", it.ID)
	c.Header.Set("Location", link)
	return fs.JSON(http.StatusCreated, link)
}

// oneUse makes a one-use link under path for the object id.
func oneUse(c *fs.Call, path, id string) string {
	return serverOf(c).Root() + path + links.Add(c, "", path+id).ID + "/"
}

func archivePDF(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	it.V.archived = true
	templatePDFs.Touch(c, it)
	return done
}

func deletePDF(c *fs.Call, it *fs.Item[templatePDF]) fs.Reply {
	if r, refused := deletionRefused(c); refused {
		return r
	}
	templatePDFs.Remove(c, it.ID)
	return noContent
}

// deletionRefused is the 200 of a permanent deletion the group does not
// allow (WithoutAutomatedDeletion).
func deletionRefused(c *fs.Call) (fs.Reply, bool) {
	if !serverOf(c).cfg.noDeletion {
		return fs.Reply{}, false
	}
	return fs.Reply{Status: http.StatusOK, ContentType: "text/plain",
		Raw: []byte("Automated deletion is not enabled for this group")}, true
}

// ---- callback subscriptions

var notifyWhen = map[legacyv1.Notify]legacyv1.NotifyWhen{legacyv1.NotifyAll: legacyv1.NotifyWhenAll,
	legacyv1.NotifySigned: legacyv1.NotifyWhenSigned, legacyv1.NotifySent: legacyv1.NotifyWhenSent,
	legacyv1.NotifyRejected: legacyv1.NotifyWhenRejected, legacyv1.NotifyRealtime: legacyv1.NotifyWhenRealtime}

var (
	filters    = []string{"", "document.*", "document.created", "document.rejected", "document.finalPdfCreated", "recipient.*", "recipient.completed", "recipient.rejected", "recipient.emailOpened", "recipient.visiting", "recipient.bounced"}
	urlPattern = regexp.MustCompile(`^https?://[^\s/]+`)
)

func renderSubscription(c *fs.Call, it *fs.Item[subscription]) any {
	m := map[string]any{"url": it.V.url, "active": true, "notify_when": int(notifyWhen[it.V.notify]), "event_filter": string(it.V.filter)}
	if g := groups.Get(c, it.V.group); g != nil {
		m["group_id"] = g.V.pk
	}
	return m
}

// subscriptionRequest reads the body of /subscribe/ and /unsubscribe/: the
// group of a subscription is a slug or a group URI (CallbackCreatePost),
// that of an unsubscription the group's integer id as /notifications/
// lists it (CallbackDeletePost; a slug or URI is accepted too, as its
// description says).
func subscriptionRequest(c *fs.Call) (subscription, *fs.Check) {
	var req struct {
		URL         string          `json:"url"`
		Notify      string          `json:"notify"`
		EventFilter string          `json:"eventFilter"`
		Group       json.RawMessage `json:"group"`
	}
	k := c.Read(&req)
	k.Field(!urlPattern.MatchString(req.URL), "url", "not a valid url")
	k.Field(!slices.Contains(filters, req.EventFilter), "eventFilter", "Select a valid choice.")
	slug := ""
	var name string
	var pk int
	switch {
	case len(req.Group) == 0 || string(req.Group) == "null":
	case json.Unmarshal(req.Group, &pk) == nil:
		g := fs.Pick(groups.All(c), func(g *fs.Item[group]) bool { return g.V.pk == pk })
		k.Field(g == nil, "group", "Could not find the provided group object.")
		slug = cmp.Or(g, &fs.Item[group]{}).ID
	case json.Unmarshal(req.Group, &name) == nil:
		if name != "" {
			slug = groupRef(c, k, "group", name, true)
		}
	default:
		k.Field(true, "group", "Use a group id, slug or resource URI.")
	}
	return subscription{url: req.URL, notify: legacyv1.Notify(req.Notify), filter: legacyv1.EventFilter(req.EventFilter), group: slug}, k
}

// subscribe registers a callback (the same registration again replaces it).
func subscribe(c *fs.Call) fs.Reply {
	sub, k := subscriptionRequest(c)
	_, known := notifyWhen[sub.notify]
	k.Field(!known, "notify", "Use all, signed, sent, rejected or realtime.")
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	for _, it := range subscriptions.All(c) {
		if it.V == sub {
			subscriptions.Remove(c, it.ID)
		}
	}
	subscriptions.Add(c, "", sub)
	return done
}

// unsubscribe removes the callbacks of a URL (those of the given filter
// and group, when set); it answers 200 whether or not any was registered.
func unsubscribe(c *fs.Call) fs.Reply {
	sub, k := subscriptionRequest(c)
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	for _, it := range subscriptions.All(c) {
		if it.V.url == sub.url && (sub.filter == "" || it.V.filter == sub.filter) && (sub.group == "" || it.V.group == sub.group) {
			subscriptions.Remove(c, it.ID)
		}
	}
	return ok
}
