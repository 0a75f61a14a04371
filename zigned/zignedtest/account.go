package zignedtest

import (
	"cmp"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// ---- files

// fileTypes are the types Zigned stores (its own spelling of JPEG).
var fileTypes = []string{zigned.MimeTypePDF, zigned.MimeTypePNG, zigned.MimeTypeJPEG}

// uploadFile creates a file from POST /files: multipart "file" (PDF, PNG
// or JPEG) and "lookup_key".
func uploadFile(c *fs.Call, it *fs.Item[file]) *fs.Error {
	form, e := c.Form()
	f, ctype := form["file"], form["file"].MediaType()
	if ctype == "image/jpeg" {
		ctype = zigned.MimeTypeJPEG // Zigned's own spelling, as in GET /files?mime_type=
	}
	switch {
	case e != nil:
		return e
	case f.FileName == "":
		return fs.Invalid(`a "file" part with a filename is required`)
	case len(f.Data) == 0:
		return fs.Invalid("the file is empty")
	case !slices.Contains(fileTypes, ctype):
		return fs.Invalid("unsupported file type " + ctype + ": PDF, PNG or JPEG")
	}
	it.V = file{name: f.FileName, mime: ctype, lookup: string(form["lookup_key"].Data), content: f.Data, listed: true}
	return nil
}

// download serves a file's bytes at its url (a signed URL: no token).
func download(c *fs.Call) fs.Reply {
	f := files.Get(c, c.Param("file_id"))
	if f == nil {
		return fs.Reply{Status: http.StatusNotFound, Raw: []byte("file not found\n"), ContentType: "text/plain; charset=utf-8"}
	}
	return fs.Reply{Raw: f.V.content, ContentType: f.V.mime}
}

// revokeToken is DELETE /oauth/token/{token}.
func revokeToken(c *fs.Call) fs.Reply {
	if !c.Tokens().Revoke(c.Param("token")) {
		return fs.JSON(http.StatusBadRequest, map[string]string{"error": "invalid_request", "error_description": "unknown token"})
	}
	return fs.JSON(http.StatusCreated, map[string]string{"message": "token revoked"})
}

// ---- themes

// image is fileIn for a PNG or JPEG image.
func image(c *fs.Call, k *fs.Check, field, id string, need bool) *fs.Item[file] {
	f := fileIn(c, k, field, id, need)
	k.Add(refuseIf(f != nil && f.V.mime != zigned.MimeTypePNG && f.V.mime != zigned.MimeTypeJPEG, field+" must name a PNG or JPEG image"))
	return f
}

// writeTheme creates a theme (logo and icon required) or updates one.
func writeTheme(c *fs.Call, it *fs.Item[theme]) *fs.Error {
	create := creating(c)
	var req zigned.ThemeRequest
	var required []string
	if create {
		required = []string{"logo_file_id", "icon_file_id"}
	}
	k := c.Read(&req, required...)
	logo, icon := image(c, k, "logo_file_id", req.LogoFileID, create), image(c, k, "icon_file_id", req.IconFileID, create)
	if e := k.Err(); e != nil {
		return e
	}
	keepCopy(c, &it.V.logo, logo)
	keepCopy(c, &it.V.icon, icon)
	fs.Patch(&it.V.color, req.PrimaryColor)
	fs.Patch(&it.V.lookup, req.LookupKey)
	if create {
		it.V.color = cmp.Or(it.V.color, "#000000")
	}
	return nil
}

// deleteTheme disconnects the theme from the agreements that use it.
func deleteTheme(c *fs.Call, it *fs.Item[theme]) *fs.Error {
	for _, a := range agreements.All(c) {
		if a.V.theme == it.ID {
			a.V.theme = ""
		}
	}
	files.Remove(c, it.V.logo)
	files.Remove(c, it.V.icon)
	return nil
}

// ---- webhooks

// hookURL accepts https URLs, and http ones to this machine (a local
// receiver in a test); Zigned itself takes https only.
func hookURL(v string) bool {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" {
		return false
	}
	ip := net.ParseIP(u.Hostname())
	return u.Scheme == "https" || (u.Scheme == "http" && (u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback())))
}

// writeWebhook creates a webhook (inactive unless created active, as on
// Zigned) or updates one (subscriptions as {event, unsubscribe?}).
func writeWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	create := creating(c)
	var req zigned.WebhookUpdate
	var k *fs.Check
	if create {
		var r zigned.WebhookRequest
		k = c.Read(&r, "url")
		req = zigned.WebhookUpdate{URL: r.URL, Name: r.Name, Type: r.Type, Status: r.Status, Scope: r.Scope}
		for _, ev := range r.Subscriptions {
			req.Subscriptions = append(req.Subscriptions, zigned.Subscription{Event: ev})
		}
	} else {
		k = c.Read(&req)
	}
	k.Field((create || req.URL != "") && !hookURL(req.URL), "url", "url must be an https URL (or http to a loopback address)").
		Add(fs.Enum("status", req.Status, zigned.WebhookActive, zigned.WebhookInactive),
			fs.Enum("type", req.Type, zigned.WebhookProduction, zigned.WebhookDevelopment),
			fs.Enum("scope", req.Scope, zigned.WebhookScopeGlobal, zigned.WebhookScopeUser, zigned.WebhookScopeClient))
	for _, sub := range req.Subscriptions {
		k.Field(!sub.Event.Known(), "subscriptions", "unknown event "+string(sub.Event))
	}
	if e := k.Err(); e != nil {
		return e
	}
	h := &it.V
	if create {
		*h = hook{status: zigned.WebhookInactive, typ: zigned.WebhookProduction, scope: zigned.WebhookScopeClient,
			name: "Webhook " + it.ID, subs: []zigned.EventType{}, secret: srv(c).cfg.webhookSecret}
		if h.secret == "" {
			h.secret = "whsec_" + c.Token(32, "0123456789abcdef")
		}
	}
	fs.Patch(&h.url, req.URL)
	fs.Patch(&h.name, req.Name)
	fs.Patch(&h.typ, req.Type)
	fs.Patch(&h.status, req.Status)
	fs.Patch(&h.scope, req.Scope)
	for _, sub := range req.Subscriptions {
		if sub.Unsubscribe {
			h.subs = slices.DeleteFunc(h.subs, func(e zigned.EventType) bool { return e == sub.Event })
		} else if !slices.Contains(h.subs, sub.Event) {
			h.subs = append(h.subs, sub.Event)
		}
	}
	return nil
}

// ---- recipient messages

// upsertMessage is POST and PUT /agreements/{id}/recipient_messages: the
// agreement's recipient message gets exactly the given templates and
// variables.
func upsertMessage(c *fs.Call) fs.Reply {
	var req zigned.RecipientMessageRequest
	k := c.Read(&req, "message_templates")
	a, e := editableAgreement(c)
	k.Add(e)
	seen, names := map[zigned.Locale]bool{}, map[string]bool{}
	for _, t := range req.MessageTemplates {
		checkTemplate(k, t.Locale, t.TemplateString, true).
			Field(seen[t.Locale], "message_templates.locale", "one template per locale: "+string(t.Locale)+" is repeated")
		seen[t.Locale] = true
	}
	for _, v := range req.MessageTemplateVariables {
		const field = "message_template_variables.variable_name"
		k.Field(v.VariableName == "", field, field+" is required").
			Field(names[v.VariableName], field, "variable "+v.VariableName+" is repeated")
		names[v.VariableName] = true
	}
	if e := k.Err(); e != nil {
		return e.Reply()
	}
	m := messages.First(c, a.ID)
	if m == nil {
		m = messages.Add(c, a.ID, struct{}{})
	} else {
		messages.RemoveChildren(c, m.ID)
		messages.Touch(c, m)
	}
	for _, t := range req.MessageTemplates {
		templates.Add(c, m.ID, template{locale: t.Locale, text: t.TemplateString})
	}
	for _, v := range req.MessageTemplateVariables {
		variables.Add(c, m.ID, variable{name: v.VariableName, value: v.VariableValue})
	}
	changed(c, a, "", activity{})
	return envelope.One(c, http.StatusOK, messages.Name, renderMessage(c, m))
}

func checkTemplate(k *fs.Check, locale zigned.Locale, text string, create bool) *fs.Check {
	return k.Field(create && locale == "", "locale", "locale is required").
		Field(strings.TrimSpace(text) == "", "template_string", "template_string must not be empty").
		Add(fs.Enum("locale", locale, locales...))
}

// writeTemplate creates a template (one per locale) or changes its text.
func writeTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	create := creating(c)
	var req zigned.MessageTemplateRequest
	var k *fs.Check
	if create {
		k = c.Read(&req, "locale", "template_string")
	} else {
		var upd struct {
			TemplateString string `json:"template_string"`
		}
		k = c.Read(&upd, "template_string")
		req.TemplateString = upd.TemplateString
	}
	checkTemplate(k, req.Locale, req.TemplateString, create)
	for _, t := range templates.Children(c, it.Parent) {
		k.Field(create && t.V.locale == req.Locale, "locale", "the recipient message already has a template for "+string(req.Locale))
	}
	if e := k.Err(); e != nil {
		return e
	}
	if create {
		it.V.locale = req.Locale
	}
	it.V.text = req.TemplateString
	return nil
}

// writeVariable creates a variable (name and value) or changes either;
// names are unique in the recipient message.
func writeVariable(c *fs.Call, it *fs.Item[variable]) *fs.Error {
	create := creating(c)
	var req struct {
		VariableName  *string `json:"variable_name"`
		VariableValue *string `json:"variable_value"`
	}
	var required []string
	if create {
		required = []string{"variable_name", "variable_value"}
	}
	k := c.Read(&req, required...)
	if name := req.VariableName; name != nil {
		k.Field(strings.TrimSpace(*name) == "", "variable_name", "variable_name must not be empty")
		for _, v := range variables.Children(c, it.Parent) {
			k.Field(v.ID != it.ID && v.V.name == *name, "variable_name", "the recipient message already has a variable "+*name)
		}
	}
	if e := k.Err(); e != nil {
		return e
	}
	fs.Assign(&it.V.name, req.VariableName)
	fs.Assign(&it.V.value, req.VariableValue)
	return nil
}
