package zignedtest

import (
	"net/http"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/zigned"
)

// The store: every Zigned resource, its place in the API and its ids
// (deterministic, cuid-like: "c" + kind + a 16-digit counter + "zt",
// matching the spec's cuid pattern ^c[a-z0-9]{20,32}$).
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
		order               *int
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

var (
	envelope = fs.Envelope{Version: zigned.EnvelopeVersion}
	// pages is the paginated list of /agreements, /files and /themes.
	pages = fs.EnvelopePages{Envelope: envelope, Default: 50, Max: zigned.MaxPageSize}
)

// isoTime renders times like JavaScript's toISOString, as Zigned does.
func isoTime(t time.Time) any { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

// renderError answers {"status":"error","error":{"code","message",
// "request_id"}}, with the request id in X-Request-Id too.
func renderError(c *fs.Call, e *fs.Error) fs.Reply {
	id := c.UUID()
	c.Header.Set("X-Request-Id", id)
	if e.Status == http.StatusUnauthorized && c.Req != nil {
		c.Header.Set("WWW-Authenticate", `Bearer realm="zigned"`)
	}
	return fs.JSON(e.Status, map[string]any{
		"status": "error", "error": map[string]any{"code": e.Status, "message": e.Message, "request_id": id}})
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func srv(c *fs.Call) *Server { return c.State().(*Server) }

// obj is a resource's object: m with its id, resource_type and times.
func obj[T any](c *fs.Call, it *fs.Item[T], typ string, m map[string]any) map[string]any {
	m["id"], m["resource_type"], m["created_at"], m["updated_at"] = it.ID, typ, c.Time(it.Created), c.Time(it.Updated)
	return m
}

// one is an expanded relation: a "single" envelope, or null.
func one[T any](c *fs.Call, r *fs.Resource[T], id string, render func(*fs.Call, *fs.Item[T]) any) any {
	if it := r.Get(c, id); it != nil {
		return envelope.Wrap("single", r.Name, render(c, it))
	}
	return nil
}

// listOf is an expanded relation list: a "list" envelope.
func listOf[T any](c *fs.Call, resource string, items []*fs.Item[T], render func(*fs.Call, *fs.Item[T]) any) any {
	data := make([]any, len(items))
	for i, it := range items {
		data[i] = render(c, it)
	}
	return envelope.Wrap("list", resource, data)
}

func renderFile(c *fs.Call, it *fs.Item[file]) any {
	return obj(c, it, "file", map[string]any{"filename": it.V.name, "mime_type": it.V.mime,
		"url": c.Server().Root() + "/download/" + it.ID, "metadata": map[string]any{"lookup_key": it.V.lookup}})
}

func renderTheme(c *fs.Call, it *fs.Item[theme]) any {
	return obj(c, it, "theme", map[string]any{"logo": one(c, files, it.V.logo, renderFile), "icon": one(c, files, it.V.icon, renderFile),
		"primary_color": it.V.color, "metadata": map[string]any{"lookup_key": it.V.lookup}})
}

// userID is the user of user-scoped webhooks: the fake's one user.
const userID = "cusr0000000000000001zt"

func renderWebhook(c *fs.Call, it *fs.Item[hook]) any {
	h := it.V
	scope := map[string]any{"type": h.scope}
	if h.scope == zigned.WebhookScopeUser {
		scope["user_id"] = userID
	}
	return obj(c, it, "webhook", map[string]any{"name": h.name, "url": h.url, "secret": h.secret, "type": h.typ,
		"scope": scope, "status": h.status, "subscriptions": append([]zigned.EventType{}, h.subs...)})
}

func renderAgreement(c *fs.Call, it *fs.Item[agreement]) any {
	a := it.V
	var msg any
	if m := messages.First(c, it.ID); m != nil {
		msg = envelope.Wrap("single", "recipient_message", renderMessage(c, m))
	}
	metadata := map[string]any{}
	if a.lookup != "" {
		metadata["lookup_key"] = a.lookup
	}
	if a.callback != "" {
		metadata["success_callback_url"] = a.callback
	}
	return obj(c, it, "agreement", map[string]any{
		"test_mode": true, "status": a.status, "trust_level": a.trust,
		"cancellation_reason": nullable(a.cancelReason), "theme": one(c, themes, a.theme, renderTheme),
		"issuer": map[string]any{"name": nullable(a.issuer.Name), "email": nullable(a.issuer.Email),
			"role": a.issuer.Role, "signing_room_url": nil, "locale": nullable(string(a.issuer.Locale))},
		"participants":   listOf(c, "participant", participantsOf(c, it.ID), renderParticipant),
		"observers":      listOf(c, "observer", observers.Children(c, it.ID), renderObserver),
		"signing_groups": listOf(c, "signing_group", groupsOf(c, it.ID), renderGroup),
		"documents": map[string]any{
			"original_documents": map[string]any{"main": one(c, files, a.mainFile, renderFile),
				"attachments": listOf(c, "attachment", attachmentsOf(c, it.ID), renderAttachment)},
			"signed_document": one(c, files, a.signedF, renderFile),
		},
		"signing_order": map[string]any{"enabled": a.signingOrder, "grouped": len(groups.Children(c, it.ID)) > 0},
		"communication": map[string]any{
			"send_emails": a.sendEmails, "default_locale": a.locale,
			"automatic_reminders": map[string]any{"enabled": a.reminders != "", "intensity": nullable(string(a.reminders))},
			"recipient_messages":  msg,
		},
		"metadata": metadata, "expires_at": c.Time(a.expires),
	})
}

func renderParticipant(c *fs.Call, it *fs.Item[participant]) any {
	p := it.V
	m := obj(c, it, "participant", map[string]any{"name": nullable(p.name), "email": nullable(p.email),
		"status": p.status, "order": p.order, "signing_group": one(c, groups, p.group, renderGroup), "agreement": it.Parent,
		"signing_room_url": nullable(p.room), "locale": nullable(string(p.locale)), "role": p.role})
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
	return obj(c, it, "observer", map[string]any{"name": nullable(o.name), "email": nullable(o.email),
		"locale": nullable(string(o.locale)), "observer_scope": o.scope, "agreement": it.Parent, "signing_room_url": nullable(o.room)})
}

// renderGroup: a group is draft while a member is, fulfilled when every
// member (at least one) is, pending otherwise.
func renderGroup(c *fs.Call, it *fs.Item[group]) any {
	ids, status := []string{}, zigned.SigningGroupStatusDraft
	members := membersOf(c, it)
	if len(members) > 0 {
		status = zigned.SigningGroupStatusFulfilled
	}
	for _, p := range members {
		ids = append(ids, p.ID)
		switch {
		case p.V.status == zigned.ParticipantStatusDraft:
			status = zigned.SigningGroupStatusDraft
		case p.V.status != zigned.ParticipantStatusFulfilled && status != zigned.SigningGroupStatusDraft:
			status = zigned.SigningGroupStatusPending
		}
	}
	return obj(c, it, "signing_group", map[string]any{"name": it.V.name, "status": status,
		"order": float64(it.V.order), "participants": ids, "agreement": it.Parent})
}

func renderAttachment(c *fs.Call, it *fs.Item[attachment]) any {
	return obj(c, it, "attachment", map[string]any{"agreement": it.Parent, "order": it.V.order,
		"file": one(c, files, it.V.file, renderFile)})
}

func renderMessage(c *fs.Call, it *fs.Item[struct{}]) any {
	return obj(c, it, "recipient_message", map[string]any{
		"message_templates":          listOf(c, templates.Name, templates.Children(c, it.ID), renderTemplate),
		"message_template_variables": listOf(c, variables.Name, variables.Children(c, it.ID), renderVariable)})
}

func renderTemplate(c *fs.Call, it *fs.Item[template]) any {
	return obj(c, it, templates.Name, map[string]any{"template_string": it.V.text, "locale": it.V.locale})
}

func renderVariable(c *fs.Call, it *fs.Item[variable]) any {
	return obj(c, it, variables.Name, map[string]any{"variable_name": it.V.name, "variable_value": it.V.value})
}

func renderActivity(c *fs.Call, it *fs.Item[activity]) any {
	return obj(c, it, "agreement_event", map[string]any{"agreement": it.Parent, "title": it.V.title, "description": it.V.description})
}

func renderSignEvent(c *fs.Call, it *fs.Item[activity]) any {
	return obj(c, it, "sign_event", map[string]any{"title": it.V.title, "description": it.V.description,
		"user_agent": "Mozilla/5.0 (zignedtest)", "ip_address": "127.0.0.1", "participant": it.Parent})
}
