package zignedtest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// ---- files

// fileTypes are the types Zigned stores (its own spelling of JPEG).
var fileTypes = []string{zigned.MimeTypePDF, zigned.MimeTypePNG, zigned.MimeTypeJPEG}

func uploadFile(c *fs.Call) fs.Reply {
	_, params, err := mime.ParseMediaType(c.Req.Header.Get("Content-Type"))
	if err != nil || params["boundary"] == "" {
		return fs.Invalid("expected a multipart/form-data body").Reply()
	}
	mr := multipart.NewReader(bytes.NewReader(c.Body), params["boundary"])
	var (
		name, ctype, lookup string
		content             []byte
		gotFile             bool
	)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fs.Invalid("malformed multipart body: " + err.Error()).Reply()
		}
		data, err := io.ReadAll(p)
		if err != nil {
			return fs.Invalid("malformed multipart body: " + err.Error()).Reply()
		}
		switch p.FormName() {
		case "file":
			gotFile, name, content, ctype = true, p.FileName(), data, p.Header.Get("Content-Type")
		case "lookup_key":
			lookup = string(data)
		}
	}
	switch {
	case !gotFile || name == "":
		return fs.Invalid(`a "file" part with a filename is required`, fs.FieldError{Field: "file", Message: "required"}).Reply()
	case len(content) == 0:
		return fs.Invalid("the file is empty", fs.FieldError{Field: "file", Message: "empty"}).Reply()
	}
	if ctype == "" || ctype == "application/octet-stream" {
		ctype = mime.TypeByExtension(strings.ToLower(filepath.Ext(name)))
	}
	if mt, _, err := mime.ParseMediaType(ctype); err == nil {
		ctype = mt
	}
	if ctype == "image/jpeg" {
		ctype = zigned.MimeTypeJPEG // Zigned's own spelling, as in GET /files?mime_type=
	}
	if !slices.Contains(fileTypes, ctype) {
		return fs.Invalid("unsupported file type "+ctype+": PDF, PNG or JPEG", fs.FieldError{Field: "file", Message: "unsupported type"}).Reply()
	}
	f := files.Add(c, "", file{name: name, mime: ctype, lookup: lookup, content: content, listed: true})
	return envelope.One(c, http.StatusOK, "file", renderFile(c, f))
}

// deleteFile deletes uploaded files only; the copies an agreement or a
// theme uses are not in the archive.
func deleteFile(c *fs.Call, it *fs.Item[file]) *fs.Error {
	if !it.V.listed {
		return files.NotFound(c)
	}
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

// imageIn returns the uploaded PNG or JPEG named by field.
func imageIn(c *fs.Call, field, id string) (*fs.Item[file], *fs.Error) {
	f, e := fileIn(c, field, id)
	if e != nil {
		return nil, e
	}
	if f.V.mime != zigned.MimeTypePNG && f.V.mime != zigned.MimeTypeJPEG {
		return nil, fs.Invalid(field+" must name a PNG or JPEG image", fs.FieldError{Field: field, Message: "not an image"})
	}
	return f, nil
}

func createTheme(c *fs.Call, it *fs.Item[theme]) *fs.Error {
	var req zigned.ThemeRequest
	if e := c.Decode(&req, "logo_file_id", "icon_file_id"); e != nil {
		return e
	}
	logo, e := imageIn(c, "logo_file_id", req.LogoFileID)
	if e != nil {
		return e
	}
	icon, e := imageIn(c, "icon_file_id", req.IconFileID)
	if e != nil {
		return e
	}
	it.V = theme{logo: copyFile(c, logo), icon: copyFile(c, icon), color: req.PrimaryColor, lookup: req.LookupKey}
	if it.V.color == "" {
		it.V.color = "#000000"
	}
	return nil
}

func updateTheme(c *fs.Call, it *fs.Item[theme]) *fs.Error {
	var req zigned.ThemeRequest
	if e := c.Decode(&req); e != nil {
		return e
	}
	var logo, icon *fs.Item[file]
	var e *fs.Error
	if req.LogoFileID != "" {
		if logo, e = imageIn(c, "logo_file_id", req.LogoFileID); e != nil {
			return e
		}
	}
	if req.IconFileID != "" {
		if icon, e = imageIn(c, "icon_file_id", req.IconFileID); e != nil {
			return e
		}
	}
	if logo != nil {
		files.Remove(c, it.V.logo)
		it.V.logo = copyFile(c, logo)
	}
	if icon != nil {
		files.Remove(c, it.V.icon)
		it.V.icon = copyFile(c, icon)
	}
	fs.Patch(&it.V.color, req.PrimaryColor)
	fs.Patch(&it.V.lookup, req.LookupKey)
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

// checkHookURL accepts https URLs, and http ones to this machine (a local
// receiver in a test); Zigned itself takes https only.
func checkHookURL(v string) *fs.Error {
	u, err := url.Parse(v)
	ok := err == nil && u.Host != "" && (u.Scheme == "https" || (u.Scheme == "http" && loopback(u.Hostname())))
	if !ok {
		return fs.Invalid("url must be an https URL (or http to a loopback address)", fs.FieldError{Field: "url", Message: "not an https URL"})
	}
	return nil
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func checkEvent(e zigned.EventType) *fs.Error {
	if !e.Known() {
		return fs.Invalid("unknown event "+string(e), fs.FieldError{Field: "subscriptions", Message: "unknown event"})
	}
	return nil
}

func createWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	var req zigned.WebhookRequest
	if e := c.Decode(&req, "url"); e != nil {
		return e
	}
	e := fs.FirstError(checkHookURL(req.URL),
		fs.Enum("status", req.Status, zigned.WebhookActive, zigned.WebhookInactive),
		fs.Enum("type", req.Type, zigned.WebhookProduction, zigned.WebhookDevelopment),
		fs.Enum("scope", req.Scope, zigned.WebhookScopeGlobal, zigned.WebhookScopeUser, zigned.WebhookScopeClient))
	if e != nil {
		return e
	}
	h := hook{url: req.URL, name: req.Name, status: req.Status, typ: req.Type, scope: req.Scope, subs: []zigned.EventType{}}
	for _, ev := range req.Subscriptions {
		if e := checkEvent(ev); e != nil {
			return e
		}
		if !slices.Contains(h.subs, ev) {
			h.subs = append(h.subs, ev)
		}
	}
	if h.status == "" {
		h.status = zigned.WebhookInactive // as on Zigned: say so, it surprises
	}
	if h.typ == "" {
		h.typ = zigned.WebhookProduction
	}
	if h.scope == "" {
		h.scope = zigned.WebhookScopeClient
	}
	if h.name == "" {
		h.name = "Webhook " + it.ID
	}
	h.secret = srv(c).cfg.webhookSecret
	if h.secret == "" {
		h.secret = "whsec_" + c.Token(32, "0123456789abcdef")
	}
	it.V = h
	return nil
}

func updateWebhook(c *fs.Call, it *fs.Item[hook]) *fs.Error {
	var req zigned.WebhookUpdate
	if e := c.Decode(&req); e != nil {
		return e
	}
	if req.URL != "" {
		if e := checkHookURL(req.URL); e != nil {
			return e
		}
	}
	e := fs.FirstError(fs.Enum("status", req.Status, zigned.WebhookActive, zigned.WebhookInactive),
		fs.Enum("type", req.Type, zigned.WebhookProduction, zigned.WebhookDevelopment),
		fs.Enum("scope", req.Scope, zigned.WebhookScopeGlobal, zigned.WebhookScopeUser, zigned.WebhookScopeClient))
	if e != nil {
		return e
	}
	for _, sub := range req.Subscriptions {
		if e := checkEvent(sub.Event); e != nil {
			return e
		}
	}
	h := &it.V
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

// messageAgreement is the path's agreement when its messages may change.
func messageAgreement(c *fs.Call) (*fs.Item[agreement], *fs.Error) { return editableAgreement(c) }

// upsertMessage is POST and PUT /agreements/{id}/recipient_messages: the
// agreement's recipient message gets exactly the given templates and
// variables.
func upsertMessage(c *fs.Call) fs.Reply {
	var req zigned.RecipientMessageRequest
	if e := c.Decode(&req, "message_templates"); e != nil {
		return e.Reply()
	}
	a, e := messageAgreement(c)
	if e != nil {
		return e.Reply()
	}
	var seen []zigned.Locale
	for _, t := range req.MessageTemplates {
		if e := checkTemplate(t.Locale, t.TemplateString, true); e != nil {
			return e.Reply()
		}
		if slices.Contains(seen, t.Locale) {
			return fs.Invalid("one template per locale: "+string(t.Locale)+" is repeated",
				fs.FieldError{Field: "message_templates.locale", Message: "duplicate"}).Reply()
		}
		seen = append(seen, t.Locale)
	}
	var names []string
	for _, v := range req.MessageTemplateVariables {
		if v.VariableName == "" {
			return fs.Invalid("message_template_variables.variable_name is required",
				fs.FieldError{Field: "message_template_variables.variable_name", Message: "required"}).Reply()
		}
		if slices.Contains(names, v.VariableName) {
			return fs.Invalid("variable "+v.VariableName+" is repeated",
				fs.FieldError{Field: "message_template_variables.variable_name", Message: "duplicate"}).Reply()
		}
		names = append(names, v.VariableName)
	}
	m := messages.First(c, a.ID)
	if m == nil {
		m = messages.Add(c, a.ID, struct{}{})
	} else {
		for _, t := range templates.Children(c, m.ID) {
			templates.Remove(c, t.ID)
		}
		for _, v := range variables.Children(c, m.ID) {
			variables.Remove(c, v.ID)
		}
		messages.Touch(c, m)
	}
	for _, t := range req.MessageTemplates {
		templates.Add(c, m.ID, template{locale: t.Locale, text: t.TemplateString})
	}
	for _, v := range req.MessageTemplateVariables {
		variables.Add(c, m.ID, variable{name: v.VariableName, value: v.VariableValue})
	}
	touchAgreement(c, a)
	return envelope.One(c, http.StatusOK, messages.Name, renderMessage(c, m))
}

func checkTemplate(locale zigned.Locale, text string, create bool) *fs.Error {
	if create && locale == "" {
		return fs.Invalid("locale is required", fs.FieldError{Field: "locale", Message: "required"})
	}
	if strings.TrimSpace(text) == "" {
		return fs.Invalid("template_string must not be empty", fs.FieldError{Field: "template_string", Message: "required"})
	}
	return fs.Enum("locale", locale, locales...)
}

func createTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	var req zigned.MessageTemplateRequest
	if e := c.Decode(&req, "locale", "template_string"); e != nil {
		return e
	}
	if _, e := messageAgreement(c); e != nil {
		return e
	}
	if e := checkTemplate(req.Locale, req.TemplateString, true); e != nil {
		return e
	}
	for _, t := range templates.Children(c, it.Parent) {
		if t.V.locale == req.Locale {
			return fs.Invalid("the recipient message already has a template for "+string(req.Locale),
				fs.FieldError{Field: "locale", Message: "duplicate"})
		}
	}
	it.V = template{locale: req.Locale, text: req.TemplateString}
	return nil
}

func updateTemplate(c *fs.Call, it *fs.Item[template]) *fs.Error {
	var req struct {
		TemplateString string `json:"template_string"`
	}
	if e := c.Decode(&req, "template_string"); e != nil {
		return e
	}
	if _, e := messageAgreement(c); e != nil {
		return e
	}
	if e := checkTemplate("", req.TemplateString, false); e != nil {
		return e
	}
	it.V.text = req.TemplateString
	return nil
}

func createVariable(c *fs.Call, it *fs.Item[variable]) *fs.Error {
	var req zigned.MessageTemplateVariableRequest
	if e := c.Decode(&req, "variable_name", "variable_value"); e != nil {
		return e
	}
	if _, e := messageAgreement(c); e != nil {
		return e
	}
	if e := checkVariableName(c, it, req.VariableName); e != nil {
		return e
	}
	it.V = variable{name: req.VariableName, value: req.VariableValue}
	return nil
}

func checkVariableName(c *fs.Call, it *fs.Item[variable], name string) *fs.Error {
	if strings.TrimSpace(name) == "" {
		return fs.Invalid("variable_name must not be empty", fs.FieldError{Field: "variable_name", Message: "required"})
	}
	for _, v := range variables.Children(c, it.Parent) {
		if v.ID != it.ID && v.V.name == name {
			return fs.Invalid("the recipient message already has a variable "+name, fs.FieldError{Field: "variable_name", Message: "duplicate"})
		}
	}
	return nil
}

func updateVariable(c *fs.Call, it *fs.Item[variable]) *fs.Error {
	var req struct {
		VariableName  *string `json:"variable_name"`
		VariableValue *string `json:"variable_value"`
	}
	if e := c.Decode(&req); e != nil {
		return e
	}
	if _, e := messageAgreement(c); e != nil {
		return e
	}
	if req.VariableName != nil {
		if e := checkVariableName(c, it, *req.VariableName); e != nil {
			return e
		}
		it.V.name = *req.VariableName
	}
	if req.VariableValue != nil {
		it.V.value = *req.VariableValue
	}
	return nil
}
