package zigned

import (
	"reflect"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
)

// Answers and deliveries are decoded in one pass over their bytes: the
// envelope, every resource and every relation read their members with one
// tolerant.Reader, which also checks the JSON as it goes. A member of the
// wrong kind keeps its zero value and is listed (see tolerant.Reader); no
// value is decoded twice. The decoders below follow the json tags of the
// types they fill (TestReadersFillEveryField keeps them in step).

// object is implemented by this package's resource types and their parts:
// they read one member of their JSON object (and ignore unknown keys).
type object interface {
	readMember(r *tolerant.Reader, key []byte)
}

// resource is a resource type: a relation reads its id and resource_type
// from it once decoded.
type resource interface {
	object
	relationID() string
	resourceType() string
}

// readObject reads an object into v, member by member; null leaves v as
// it is. It reports whether it read an object.
func readObject(r *tolerant.Reader, v object) bool {
	return r.Object(func(k []byte) { v.readMember(r, k) })
}

// readNew reads an object into a new T, nil for null and for a value of
// another kind (listed).
func readNew[T any, P interface {
	*T
	object
}](r *tolerant.Reader) *T {
	switch r.Kind() {
	case '{':
		v := P(new(T))
		if !readObject(r, v) {
			return nil
		}
		return (*T)(v)
	case 'n':
		r.Skip()
	case 0:
	default:
		r.SkipMisfit(reflect.TypeFor[T]())
	}
	return nil
}

// readTime reads a timestamp (see Time: one it cannot parse is kept and
// listed).
func readTime(r *tolerant.Reader, t *Time) { r.Unmarshal(t) }

// readStrings reads a list of strings; null leaves it nil.
func readStrings[S ~string](r *tolerant.Reader) []S {
	var out []S
	if r.Kind() == '[' {
		out = []S{}
	}
	r.Array(func(int) { out = append(out, S(r.String())) })
	return out
}

// decodeTolerant decodes data in one pass with read, for
// UnmarshalJSONTolerant methods: the issues, or the error of a document
// that is not JSON or not the expected kind (which the tolerant decoder
// lists as the cause of an issue, so it carries no prefix).
func decodeTolerant(data []byte, opts tolerant.Options, read func(r *tolerant.Reader)) ([]webhook.DecodeIssue, error) {
	r := tolerant.NewReader(data, opts)
	read(r)
	return r.Finish()
}

// decodeStrict is decodeTolerant for an UnmarshalJSON method: issues make
// it fail with a *tolerant.StrictError listing them (the value keeps what
// decoded); its errors read "zigned: …".
func decodeStrict(data []byte, read func(r *tolerant.Reader)) error {
	issues, err := decodeTolerant(data, tolerant.Options{}, read)
	if err == nil && len(issues) > 0 {
		err = &tolerant.StrictError{Issues: issues}
	}
	return prefixed(err)
}

// prefixed makes err read "zigned: …" unless it already does.
func prefixed(err error) error {
	if err == nil || len(err.Error()) >= len(errPrefix) && err.Error()[:len(errPrefix)] == errPrefix {
		return err
	}
	return &prefixedError{err}
}

type prefixedError struct{ err error }

func (e *prefixedError) Error() string { return errPrefix + e.err.Error() }
func (e *prefixedError) Unwrap() error { return e.err }

func (a *Agreement) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		a.ID = r.String()
	case "resource_type":
		a.ResourceType = r.String()
	case "test_mode":
		a.TestMode = r.Bool()
	case "status":
		a.Status = AgreementStatus(r.String())
	case "trust_level":
		a.TrustLevel = TrustLevel(r.String())
	case "cancellation_reason":
		a.CancellationReason = r.String()
	case "theme":
		a.Theme.read(r)
	case "issuer":
		readObject(r, &a.Issuer)
	case "participants":
		a.Participants.read(r)
	case "observers":
		a.Observers.read(r)
	case "signing_groups":
		a.SigningGroups.read(r)
	case "documents":
		readObject(r, &a.Documents)
	case "signing_order":
		readObject(r, &a.SigningOrder)
	case "communication":
		readObject(r, &a.Communication)
	case "metadata":
		readObject(r, &a.Metadata)
	case "expires_at":
		readTime(r, &a.ExpiresAt)
	case "updated_at":
		readTime(r, &a.UpdatedAt)
	case "created_at":
		readTime(r, &a.CreatedAt)
	}
}

func (i *Issuer) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "name":
		i.Name = r.String()
	case "email":
		i.Email = r.String()
	case "role":
		i.Role = Role(r.String())
	case "participant_id":
		i.ParticipantID = r.String()
	case "signing_room_url":
		i.SigningRoomURL = r.String()
	case "locale":
		i.Locale = Locale(r.String())
	}
}

func (d *AgreementDocuments) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "original_documents":
		readObject(r, &d.OriginalDocuments)
	case "signed_document":
		d.SignedDocument.read(r)
	}
}

func (d *OriginalDocuments) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "main":
		d.Main.read(r)
	case "attachments":
		d.Attachments.read(r)
	}
}

func (s *SigningOrder) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "enabled":
		s.Enabled = r.Bool()
	case "grouped":
		s.Grouped = r.Bool()
	}
}

func (c *Communication) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "send_emails":
		c.SendEmails = r.Bool()
	case "default_locale":
		c.DefaultLocale = Locale(r.String())
	case "automatic_reminders":
		readObject(r, &c.AutomaticReminders)
	case "recipient_messages":
		c.RecipientMessages.read(r)
	}
}

func (a *AutomaticReminders) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "enabled":
		a.Enabled = r.Bool()
	case "intensity":
		a.Intensity = ReminderIntensity(r.String())
	}
}

func (m *AgreementMetadata) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "lookup_key":
		m.LookupKey = r.String()
	case "success_callback_url":
		m.SuccessCallbackURL = r.String()
	}
}

func (a *AgreementActivity) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		a.ID = r.String()
	case "resource_type":
		a.ResourceType = r.String()
	case "agreement":
		a.Agreement = r.String()
	case "title":
		a.Title = r.String()
	case "description":
		a.Description = r.String()
	case "created_at":
		readTime(r, &a.CreatedAt)
	case "updated_at":
		readTime(r, &a.UpdatedAt)
	}
}

func (m *Reminder) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "status":
		m.Status = r.String()
	case "participant":
		m.Participant.read(r)
	}
}

func (a *Attachment) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		a.ID = r.String()
	case "resource_type":
		a.ResourceType = r.String()
	case "agreement":
		a.Agreement = r.String()
	case "order":
		a.Order = r.Int()
	case "file":
		a.File.read(r)
	case "created_at":
		readTime(r, &a.CreatedAt)
	case "updated_at":
		readTime(r, &a.UpdatedAt)
	}
}

func (f *File) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		f.ID = r.String()
	case "resource_type":
		f.ResourceType = r.String()
	case "filename":
		f.Filename = r.String()
	case "mime_type":
		f.MimeType = r.String()
	case "url":
		f.URL = r.String()
	case "metadata":
		readObject(r, &f.Metadata)
	case "created_at":
		readTime(r, &f.CreatedAt)
	case "updated_at":
		readTime(r, &f.UpdatedAt)
	}
}

func (m *FileMetadata) readMember(r *tolerant.Reader, k []byte) {
	if string(k) == "lookup_key" {
		m.LookupKey = r.String()
	}
}

func (o *Observer) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		o.ID = r.String()
	case "resource_type":
		o.ResourceType = r.String()
	case "name":
		o.Name = r.String()
	case "email":
		o.Email = r.String()
	case "locale":
		o.Locale = Locale(r.String())
	case "observer_scope":
		o.ObserverScope = ObserverScope(r.String())
	case "agreement":
		o.Agreement = r.String()
	case "signing_room_url":
		o.SigningRoomURL = r.String()
	case "created_at":
		readTime(r, &o.CreatedAt)
	case "updated_at":
		readTime(r, &o.UpdatedAt)
	}
}

func (p *Participant) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		p.ID = r.String()
	case "resource_type":
		p.ResourceType = r.String()
	case "name":
		p.Name = r.String()
	case "email":
		p.Email = r.String()
	case "status":
		p.Status = ParticipantStatus(r.String())
	case "order":
		p.Order = nil
		if f, ok := r.Float64OK(); ok {
			p.Order = &f
		}
	case "signing_group":
		p.SigningGroup.read(r)
	case "agreement":
		p.Agreement = r.String()
	case "signing_room_url":
		p.SigningRoomURL = r.String()
	case "locale":
		p.Locale = Locale(r.String())
	case "created_at":
		readTime(r, &p.CreatedAt)
	case "updated_at":
		readTime(r, &p.UpdatedAt)
	case "role":
		p.Role = Role(r.String())
	case "decision_made_at":
		readTime(r, &p.DecisionMadeAt)
	case "signed_at":
		readTime(r, &p.SignedAt)
	case "signature":
		p.Signature = readNew[Signature](r)
	case "identity_enforcement":
		p.IdentityEnforcement = readNew[IdentityEnforcement](r)
	}
}

func (s *Signature) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		s.ID = r.String()
	case "method":
		s.Method = SignatureMethod(r.String())
	case "data":
		readObject(r, &s.Data)
	case "created_at":
		readTime(r, &s.CreatedAt)
	case "updated_at":
		readTime(r, &s.UpdatedAt)
	}
}

func (d *SignatureData) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "status":
		d.Status = SignatureStatus(r.String())
	case "document_hash":
		d.DocumentHash = r.String()
	case "user_message":
		d.UserMessage = r.String()
	case "name":
		d.Name = r.String()
	case "email":
		d.Email = r.String()
	case "given_name":
		d.GivenName = r.String()
	case "family_name":
		d.FamilyName = r.String()
	case "legal_name":
		d.LegalName = r.String()
	case "givenname":
		d.ZealGivenName = r.String()
	case "surname":
		d.Surname = r.String()
	case "country":
		d.Country = r.String()
	case "identifier":
		d.Identifier = r.String()
	case "signing_certificate":
		d.SigningCertificate = r.String()
	}
}

func (e *IdentityEnforcement) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "enabled":
		e.Enabled = r.Bool()
	case "status":
		e.Status = IdentityEnforcementStatus(r.String())
	case "enforcement_method":
		e.Method = IdentityEnforcementMethod(r.String())
	}
}

func (e *SignEvent) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		e.ID = r.String()
	case "resource_type":
		e.ResourceType = r.String()
	case "title":
		e.Title = r.String()
	case "description":
		e.Description = r.String()
	case "user_agent":
		e.UserAgent = r.String()
	case "ip_address":
		e.IPAddress = r.String()
	case "participant":
		e.Participant.read(r)
	case "created_at":
		readTime(r, &e.CreatedAt)
	case "updated_at":
		readTime(r, &e.UpdatedAt)
	}
}

func (f *Forward) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "status":
		f.Status = r.String()
	case "previous_email":
		f.PreviousEmail = r.String()
	case "forwarded_to_email":
		f.ForwardedToEmail = r.String()
	case "participant":
		f.Participant.read(r)
	}
}

func (m *RecipientMessage) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		m.ID = r.String()
	case "resource_type":
		m.ResourceType = r.String()
	case "message_templates":
		m.MessageTemplates.read(r)
	case "message_template_variables":
		m.MessageTemplateVariables.read(r)
	case "created_at":
		readTime(r, &m.CreatedAt)
	case "updated_at":
		readTime(r, &m.UpdatedAt)
	}
}

func (m *MessageTemplate) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		m.ID = r.String()
	case "resource_type":
		m.ResourceType = r.String()
	case "template_string":
		m.TemplateString = r.String()
	case "locale":
		m.Locale = Locale(r.String())
	case "created_at":
		readTime(r, &m.CreatedAt)
	case "updated_at":
		readTime(r, &m.UpdatedAt)
	}
}

func (v *MessageTemplateVariable) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		v.ID = r.String()
	case "resource_type":
		v.ResourceType = r.String()
	case "variable_name":
		v.VariableName = r.String()
	case "variable_value":
		v.VariableValue = r.String()
	case "created_at":
		readTime(r, &v.CreatedAt)
	case "updated_at":
		readTime(r, &v.UpdatedAt)
	}
}

func (g *SigningGroup) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		g.ID = r.String()
	case "resource_type":
		g.ResourceType = r.String()
	case "name":
		g.Name = r.String()
	case "status":
		g.Status = SigningGroupStatus(r.String())
	case "order":
		g.Order = r.Float64()
	case "participants":
		g.Participants.read(r)
	case "agreement":
		g.Agreement = r.String()
	case "created_at":
		readTime(r, &g.CreatedAt)
	case "updated_at":
		readTime(r, &g.UpdatedAt)
	}
}

func (t *Theme) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		t.ID = r.String()
	case "resource_type":
		t.ResourceType = r.String()
	case "logo":
		t.Logo.read(r)
	case "icon":
		t.Icon.read(r)
	case "primary_color":
		t.PrimaryColor = r.String()
	case "metadata":
		readObject(r, &t.Metadata)
	case "created_at":
		readTime(r, &t.CreatedAt)
	case "updated_at":
		readTime(r, &t.UpdatedAt)
	}
}

func (w *Webhook) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "id":
		w.ID = r.String()
	case "name":
		w.Name = r.String()
	case "resource_type":
		w.ResourceType = r.String()
	case "url":
		w.URL = r.String()
	case "secret":
		w.Secret = webhook.Secret(r.String())
	case "type":
		w.Type = WebhookType(r.String())
	case "scope":
		w.Scope.read(r)
	case "status":
		w.Status = WebhookStatus(r.String())
	case "subscriptions":
		w.Subscriptions = readStrings[EventType](r)
	case "created_at":
		readTime(r, &w.CreatedAt)
	case "updated_at":
		readTime(r, &w.UpdatedAt)
	}
}

// read reads the object form, a bare scope name, or null.
func (s *WebhookScope) read(r *tolerant.Reader) {
	*s = WebhookScope{}
	if r.Kind() == '"' {
		s.Type = WebhookScopeType(r.String())
		return
	}
	readObject(r, s)
}

func (s *WebhookScope) readMember(r *tolerant.Reader, k []byte) {
	switch string(k) {
	case "type":
		s.Type = WebhookScopeType(r.String())
	case "user_id":
		s.UserID = r.String()
	}
}

func (a *Agreement) relationID() string               { return a.ID }
func (p *Participant) relationID() string             { return p.ID }
func (o *Observer) relationID() string                { return o.ID }
func (g *SigningGroup) relationID() string            { return g.ID }
func (a *Attachment) relationID() string              { return a.ID }
func (f *File) relationID() string                    { return f.ID }
func (t *Theme) relationID() string                   { return t.ID }
func (m *RecipientMessage) relationID() string        { return m.ID }
func (m *MessageTemplate) relationID() string         { return m.ID }
func (v *MessageTemplateVariable) relationID() string { return v.ID }
func (w *Webhook) relationID() string                 { return w.ID }
func (e *SignEvent) relationID() string               { return e.ID }
func (a *AgreementActivity) relationID() string       { return a.ID }

func (a *Agreement) resourceType() string               { return a.ResourceType }
func (p *Participant) resourceType() string             { return p.ResourceType }
func (o *Observer) resourceType() string                { return o.ResourceType }
func (g *SigningGroup) resourceType() string            { return g.ResourceType }
func (a *Attachment) resourceType() string              { return a.ResourceType }
func (f *File) resourceType() string                    { return f.ResourceType }
func (t *Theme) resourceType() string                   { return t.ResourceType }
func (m *RecipientMessage) resourceType() string        { return m.ResourceType }
func (m *MessageTemplate) resourceType() string         { return m.ResourceType }
func (v *MessageTemplateVariable) resourceType() string { return v.ResourceType }
func (w *Webhook) resourceType() string                 { return w.ResourceType }
func (e *SignEvent) resourceType() string               { return e.ResourceType }
func (a *AgreementActivity) resourceType() string       { return a.ResourceType }
