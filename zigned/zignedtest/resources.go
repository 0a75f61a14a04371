package zignedtest

import (
	"net/http"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// The store: every Zigned resource, its place in the API and its ids
// (deterministic, cuid-like: "c" + kind + a 16-digit counter + "zt", matching the spec's cuid pattern ^c[a-z0-9]{20,32}$).
var (
	files      = &fs.Resource[file]{Name: "file", Path: "files", Param: "file_id", ID: fs.Counter("cfil%016dzt")}
	themes     = &fs.Resource[theme]{Name: "theme", Path: "themes", Param: "theme_id", ID: fs.Counter("cthm%016dzt")}
	webhooks   = &fs.Resource[hook]{Name: "webhook", Path: "webhooks", Param: "webhook_id", ID: fs.Counter("cwhk%016dzt")}
	agreements = &fs.Resource[agreement]{Name: "agreement", Path: "agreements", Param: "agreement_id",
		ID: fs.Counter("cagr%016dzt")}
	activities = &fs.Resource[activity]{Name: "agreement_event", Path: "agreements/{agreement_id}/events",
		Parent: agreements, ID: fs.Counter("cevt%016dzt")}
	participants = &fs.Resource[participant]{Name: "participant", Path: "agreements/{agreement_id}/participants",
		Param: "participant_id", Parent: agreements, ID: fs.Counter("cpar%016dzt")}
	signEvents = &fs.Resource[activity]{Name: "sign_event",
		Path:   "agreements/{agreement_id}/participants/{participant_id}/sign_events",
		Parent: participants, ID: fs.Counter("csev%016dzt")}
	observers = &fs.Resource[observer]{Name: "observer", Path: "agreements/{agreement_id}/observers",
		Param: "observer_id", Parent: agreements, ID: fs.Counter("cobs%016dzt")}
	groups = &fs.Resource[group]{Name: "signing_group", Title: "Signing group",
		Path: "agreements/{agreement_id}/signing_groups", Param: "signing_group_id", Parent: agreements,
		ID: fs.Counter("csgr%016dzt")}
	attachments = &fs.Resource[attachment]{Name: "attachment", Path: "agreements/{agreement_id}/documents/attachments",
		Param: "attachment_id", Parent: agreements, ID: fs.Counter("catt%016dzt")}
	messages = &fs.Resource[struct{}]{Name: "recipient_message", Title: "Recipient message",
		Path: "agreements/{agreement_id}/recipient_messages", Parent: agreements, ID: fs.Counter("crcm%016dzt")}
	templates = &fs.Resource[template]{Name: "recipient_message_template", Title: "Message template",
		Path:  "agreements/{agreement_id}/recipient_messages/message_templates",
		Param: "message_template_id", Parent: messages, ID: fs.Counter("cmtp%016dzt")}
	variables = &fs.Resource[variable]{Name: "recipient_message_template_variable", Title: "Message template variable",
		Path:  "agreements/{agreement_id}/recipient_messages/message_template_variables",
		Param: "message_template_variable_id", Parent: messages, ID: fs.Counter("cmtv%016dzt")}
)

// Records.
type (
	file struct {
		name, mime, lookup string
		content            []byte
		listed             bool // uploaded: in GET /files; documents, theme images and signed PDFs are copies that are not
	}
	theme struct {
		logo, icon, color, lookup string // logo and icon are copies of the uploaded files
	}
	hook struct {
		url, name, secret string
		status            zigned.WebhookStatus
		typ               zigned.WebhookType
		scope             zigned.WebhookScopeType
		subs              []zigned.EventType
	}
	agreement struct {
		status            zigned.AgreementStatus
		trust             zigned.TrustLevel
		cancelReason      string
		theme             string
		issuer            zigned.IssuerRequest
		sendEmails        bool
		reminders         zigned.ReminderIntensity // "": disabled
		signingOrder      bool
		locale            zigned.Locale
		lookup, callback  string
		expires           time.Time
		mainFile, signedF string
	}
	participant struct {
		name, email         string
		role                zigned.Role
		status              zigned.ParticipantStatus
		order               *float64
		group               string
		locale              zigned.Locale
		room                string
		personalNumber      string
		identity            zigned.IdentityEnforcementStatus // "" when not enforced
		signedAt, decidedAt time.Time
		signature           *signature
	}
	signature struct {
		id, hash string
		at       time.Time
	}
	observer struct {
		name, email string
		scope       zigned.ObserverScope
		locale      zigned.Locale
		room        string
	}
	group struct {
		name  string
		order int
	}
	attachment struct {
		file  string
		order int
	}
	template struct {
		locale zigned.Locale
		text   string
	}
	variable struct{ name, value string }
	// activity is an agreement event (GET .../events) or a participant's
	// sign event.
	activity struct{ title, description string }
)

// ---- answers

// envelope is Zigned's answer shape.
var envelope = fs.Envelope{Version: zigned.EnvelopeVersion}

// pages is the paginated list of /agreements, /files and /themes.
var pages = fs.EnvelopePages{Envelope: envelope, Default: 50, Max: zigned.MaxPageSize}

// isoTime renders times like JavaScript's toISOString, as Zigned does.
func isoTime(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// renderError answers Zigned's error shape,
// {"status":"error","error":{"code","message","request_id"}}, with the
// request id in X-Request-Id too.
func renderError(c *fs.Call, e *fs.Error) fs.Reply {
	id := c.UUID()
	c.Header.Set("X-Request-Id", id)
	msg := e.Message
	if e.Status == http.StatusUnauthorized && c.Req != nil {
		c.Header.Set("WWW-Authenticate", `Bearer realm="zigned"`)
	}
	return fs.JSON(e.Status, map[string]any{
		"status": "error",
		"error":  map[string]any{"code": e.Status, "message": msg, "request_id": id},
	})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func srv(c *fs.Call) *Server { return c.State().(*Server) }

func renderFile(c *fs.Call, it *fs.Item[file]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "file", "filename": it.V.name, "mime_type": it.V.mime,
		"url": c.Server().Root() + "/download/" + it.ID, "metadata": map[string]any{"lookup_key": it.V.lookup},
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

// fileRelation is an expanded file relation, or null.
func fileRelation(c *fs.Call, id string) any {
	if it := files.Get(c, id); it != nil {
		return envelope.Wrap("single", "file", renderFile(c, it))
	}
	return nil
}

func renderTheme(c *fs.Call, it *fs.Item[theme]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "theme", "logo": fileRelation(c, it.V.logo), "icon": fileRelation(c, it.V.icon),
		"primary_color": it.V.color, "metadata": map[string]any{"lookup_key": it.V.lookup},
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderWebhook(c *fs.Call, it *fs.Item[hook]) any {
	h := it.V
	scope := map[string]any{"type": h.scope}
	if h.scope == zigned.WebhookScopeUser {
		scope["user_id"] = userID
	}
	subs := append([]zigned.EventType{}, h.subs...)
	return map[string]any{
		"id": it.ID, "name": h.name, "resource_type": "webhook", "url": h.url, "secret": h.secret,
		"type": h.typ, "scope": scope, "status": h.status, "subscriptions": subs,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

// userID is the user of user-scoped webhooks: the fake's one user.
const userID = "cusr0000000000000001zt"

func renderAgreement(c *fs.Call, it *fs.Item[agreement]) any {
	a := it.V
	var theme any
	if t := themes.Get(c, a.theme); t != nil {
		theme = envelope.Wrap("single", "theme", renderTheme(c, t))
	}
	var msg any
	if m := messages.First(c, it.ID); m != nil {
		msg = envelope.Wrap("single", "recipient_message", renderMessage(c, m))
	}
	issuer := map[string]any{"name": nullable(a.issuer.Name), "email": nullable(a.issuer.Email),
		"role": a.issuer.Role, "signing_room_url": nil, "locale": nullable(string(a.issuer.Locale))}
	grouped := len(groups.Children(c, it.ID)) > 0
	return map[string]any{
		"id": it.ID, "resource_type": "agreement", "test_mode": true, "status": a.status, "trust_level": a.trust,
		"cancellation_reason": nullable(a.cancelReason), "theme": theme, "issuer": issuer,
		"participants":   listOf(c, "participant", participantsOf(c, it.ID), renderParticipant),
		"observers":      listOf(c, "observer", observers.Children(c, it.ID), renderObserver),
		"signing_groups": listOf(c, "signing_group", groupsOf(c, it.ID), renderGroup),
		"documents": map[string]any{
			"original_documents": map[string]any{
				"main":        fileRelation(c, a.mainFile),
				"attachments": listOf(c, "attachment", attachmentsOf(c, it.ID), renderAttachment),
			},
			"signed_document": fileRelation(c, a.signedF),
		},
		"signing_order": map[string]any{"enabled": a.signingOrder, "grouped": grouped},
		"communication": map[string]any{
			"send_emails": a.sendEmails, "default_locale": a.locale,
			"automatic_reminders": map[string]any{"enabled": a.reminders != "", "intensity": nullable(string(a.reminders))},
			"recipient_messages":  msg,
		},
		"metadata":   metadata(a),
		"expires_at": c.Time(a.expires), "created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func metadata(a agreement) map[string]any {
	m := map[string]any{}
	if a.lookup != "" {
		m["lookup_key"] = a.lookup
	}
	if a.callback != "" {
		m["success_callback_url"] = a.callback
	}
	return m
}

// listOf is an expanded relation list: a "list" envelope.
func listOf[T any](c *fs.Call, resource string, items []*fs.Item[T], render func(*fs.Call, *fs.Item[T]) any) any {
	data := make([]any, len(items))
	for i, it := range items {
		data[i] = render(c, it)
	}
	return envelope.Wrap("list", resource, data)
}

func renderParticipant(c *fs.Call, it *fs.Item[participant]) any {
	p := it.V
	var grp any
	if g := groups.Get(c, p.group); g != nil {
		grp = envelope.Wrap("single", "signing_group", renderGroup(c, g))
	}
	var order any
	if p.order != nil {
		order = *p.order
	}
	m := map[string]any{
		"id": it.ID, "resource_type": "participant", "name": nullable(p.name), "email": nullable(p.email),
		"status": p.status, "order": order, "signing_group": grp, "agreement": it.Parent,
		"signing_room_url": nullable(p.room), "locale": nullable(string(p.locale)), "role": p.role,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
	if p.role == zigned.RoleApprover {
		m["decision_made_at"] = c.Time(p.decidedAt)
		return m
	}
	m["signed_at"] = c.Time(p.signedAt)
	m["signature"] = map[string]any{"method": nil, "data": nil}
	if sg := p.signature; sg != nil {
		m["signature"] = map[string]any{
			"id": sg.id, "method": zigned.SignatureMethodVerificationCode,
			"created_at": c.Time(sg.at), "updated_at": c.Time(sg.at),
			"data": map[string]any{"name": nullable(p.name), "email": nullable(p.email),
				"user_message": "I have read and wish to sign the document.", "document_hash": sg.hash,
				"status": zigned.VerificationCodeStatusConfirmed},
		}
	}
	m["identity_enforcement"] = map[string]any{"enabled": false, "status": nil, "enforcement_method": nil}
	if p.identity != "" {
		m["identity_enforcement"] = map[string]any{"enabled": true, "status": p.identity,
			"enforcement_method": zigned.IdentityEnforcementSwePNOCrosscheck}
	}
	return m
}

func renderObserver(c *fs.Call, it *fs.Item[observer]) any {
	o := it.V
	return map[string]any{
		"id": it.ID, "resource_type": "observer", "name": nullable(o.name), "email": nullable(o.email),
		"locale": nullable(string(o.locale)), "observer_scope": o.scope, "agreement": it.Parent,
		"signing_room_url": nullable(o.room), "created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderGroup(c *fs.Call, it *fs.Item[group]) any {
	ids := []string{}
	status := zigned.SigningGroupStatusDraft
	members := membersOf(c, it)
	if len(members) > 0 {
		status = zigned.SigningGroupStatusFulfilled
	}
	for _, p := range members {
		ids = append(ids, p.ID)
		switch p.V.status {
		case zigned.ParticipantStatusDraft:
			status = zigned.SigningGroupStatusDraft
		case zigned.ParticipantStatusFulfilled:
		default:
			if status != zigned.SigningGroupStatusDraft {
				status = zigned.SigningGroupStatusPending
			}
		}
	}
	return map[string]any{
		"id": it.ID, "resource_type": "signing_group", "name": it.V.name, "status": status,
		"order": float64(it.V.order), "participants": ids, "agreement": it.Parent,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderAttachment(c *fs.Call, it *fs.Item[attachment]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "attachment", "agreement": it.Parent, "order": it.V.order,
		"file": fileRelation(c, it.V.file), "created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderMessage(c *fs.Call, it *fs.Item[struct{}]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "recipient_message",
		"message_templates":          listOf(c, templates.Name, templates.Children(c, it.ID), renderTemplate),
		"message_template_variables": listOf(c, variables.Name, variables.Children(c, it.ID), renderVariable),
		"created_at":                 c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderTemplate(c *fs.Call, it *fs.Item[template]) any {
	return map[string]any{
		"id": it.ID, "resource_type": templates.Name, "template_string": it.V.text, "locale": it.V.locale,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderVariable(c *fs.Call, it *fs.Item[variable]) any {
	return map[string]any{
		"id": it.ID, "resource_type": variables.Name, "variable_name": it.V.name, "variable_value": it.V.value,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderActivity(c *fs.Call, it *fs.Item[activity]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "agreement_event", "agreement": it.Parent,
		"title": it.V.title, "description": it.V.description,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}

func renderSignEvent(c *fs.Call, it *fs.Item[activity]) any {
	return map[string]any{
		"id": it.ID, "resource_type": "sign_event", "title": it.V.title, "description": it.V.description,
		"user_agent": "Mozilla/5.0 (zignedtest)", "ip_address": "127.0.0.1", "participant": it.Parent,
		"created_at": c.Time(it.Created), "updated_at": c.Time(it.Updated),
	}
}
