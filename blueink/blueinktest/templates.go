package blueinktest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/esignkit/esign/blueink"
)

type template struct {
	seq      int
	id, name string
	isShared bool
	file     *storedFile
	roles    []templateRole
	fields   []templateField
	metadata json.RawMessage
}

type templateRole struct{ key, label string }

type templateField struct {
	Kind             string   `json:"kind"`
	Key              string   `json:"key"`
	Label            string   `json:"label"`
	Page             int      `json:"page"`
	X                float64  `json:"x"`
	Y                float64  `json:"y"`
	W                float64  `json:"w"`
	H                float64  `json:"h"`
	Required         bool     `json:"required"`
	VPattern         string   `json:"v_pattern,omitempty"`
	VMin             float64  `json:"v_min,omitempty"`
	VMax             float64  `json:"v_max,omitempty"`
	VAttachmentTypes []string `json:"v_attachment_types,omitempty"`
	DefaultValue     any      `json:"default_value,omitempty"`
	EditorRoles      []string `json:"editor_roles"`
}

type envelopeTemplate struct {
	seq                   int
	id, name, description string
	templateIDs           []string
}

func (t *template) hasRole(key string) bool {
	return slices.ContainsFunc(t.roles, func(r templateRole) bool { return r.key == key })
}

func (t *template) hasField(key string) bool {
	if t == nil {
		return false
	}
	return slices.ContainsFunc(t.fields, func(f templateField) bool { return f.Key == key })
}

// docKey is the key of the n-th document created from an envelope template.
func docKey(n int) string { return fmt.Sprintf("doc-%02d", n) }

// instantiate creates a document's fields from the template: editors are
// the packets assigned to the field's roles, initial values come from
// values (by field key, filled_by "initial") or the template's default
// (filled_by "default").
func (t *template) instantiate(roleSigner map[string]string, values map[string]any) []*docField {
	out := make([]*docField, 0, len(t.fields))
	for _, f := range t.fields {
		fd := &docField{kind: f.Kind, key: f.Key, label: f.Label, page: max(f.Page, 1),
			x: f.X, y: f.Y, w: f.W, h: f.H, required: f.Required}
		if f.DefaultValue != nil {
			fd.initial, fd.initialBy = f.DefaultValue, blueink.FilledByDefault
		}
		for _, role := range f.EditorRoles {
			if s, found := roleSigner[role]; found && !slices.Contains(fd.editors, s) {
				fd.editors = append(fd.editors, s)
			}
		}
		if v, found := values[f.Key]; found && v != nil {
			fd.initial, fd.initialBy = v, blueink.FilledByInitial
		}
		out = append(out, fd)
	}
	return out
}

// AddTemplate stores a document template (as if prepared in BlueInk's UI)
// and returns its id: t.ID, or a new UUID when empty. Its file_url serves a
// generated PDF unless t.FileURL is set. Roles and fields are used when
// bundles are created from the template.
func (s *Server) AddTemplate(t blueink.Template) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	tp := &template{seq: s.nextSeq(), id: t.ID, name: t.Name, isShared: t.IsShared}
	if tp.id == "" {
		tp.id = s.uuid()
	}
	if t.FileURL == "" {
		tp.file = s.storeFile(tp.id+".pdf", PDF("BlueInk (blueinktest) document template", tp.name))
	} else {
		tp.file = &storedFile{externalURL: t.FileURL}
	}
	for _, r := range t.Roles {
		tp.roles = append(tp.roles, templateRole{key: r.Key, label: r.Label})
	}
	for _, f := range t.Fields {
		tf := templateField{
			Kind: string(f.Kind), Key: f.Key, Label: f.Label, Page: f.Page, X: f.X, Y: f.Y, W: f.W, H: f.H,
			Required: f.Required, VPattern: string(f.VPattern), VMin: f.VMin, VMax: f.VMax,
			DefaultValue: f.DefaultValue, EditorRoles: slices.Clone(f.EditorRoles),
		}
		for _, a := range f.VAttachmentTypes {
			tf.VAttachmentTypes = append(tf.VAttachmentTypes, string(a))
		}
		if tf.EditorRoles == nil {
			tf.EditorRoles = []string{}
		}
		tp.fields = append(tp.fields, tf)
	}
	if t.Metadata != nil {
		tp.metadata, _ = json.Marshal(t.Metadata)
	}
	s.templates[tp.id] = tp
	return tp.id
}

// AddEnvelopeTemplate stores an envelope template made of the given
// document templates (added with AddTemplate) and returns its id: et.ID, or
// a new UUID when empty. Bundles created from it get one document per
// template, each role assigned to the packet whose key is the role key.
func (s *Server) AddEnvelopeTemplate(et blueink.EnvelopeTemplate, templateIDs ...string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(templateIDs) == 0 {
		return "", fmt.Errorf("blueinktest: an envelope template needs at least one document template")
	}
	for _, id := range templateIDs {
		if _, found := s.templates[id]; !found {
			return "", fmt.Errorf("blueinktest: %w: document template %q", ErrNotFound, id)
		}
	}
	e := &envelopeTemplate{seq: s.nextSeq(), id: et.ID, name: et.Name, description: et.Description, templateIDs: slices.Clone(templateIDs)}
	if e.id == "" {
		e.id = s.uuid()
	}
	s.envelopes[e.id] = e
	return e.id, nil
}

type templateJSON struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	IsShared bool            `json:"is_shared"`
	FileURL  string          `json:"file_url"`
	Roles    []roleJSON      `json:"roles"`
	Fields   []templateField `json:"fields"`
	Metadata json.RawMessage `json:"metadata"`
}

type roleJSON struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

func (s *Server) templateView(t *template) templateJSON {
	v := templateJSON{ID: t.id, Name: t.name, IsShared: t.isShared, FileURL: s.link(t.file).FileURL,
		Roles: []roleJSON{}, Fields: slices.Clone(t.fields), Metadata: t.metadata}
	if v.Fields == nil {
		v.Fields = []templateField{}
	}
	if len(v.Metadata) == 0 {
		v.Metadata = json.RawMessage("{}")
	}
	for _, r := range t.roles {
		v.Roles = append(v.Roles, roleJSON{Key: r.key, Label: r.label})
	}
	return v
}

func sortedBySeq[T any](m map[string]*T, seq func(*T) int) []*T {
	out := make([]*T, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b *T) int { return cmp.Compare(seq(a), seq(b)) })
	return out
}

func (c *call) listTemplates() reply {
	all := sortedBySeq(c.s.templates, func(t *template) int { return t.seq })
	page, rep, good := paginate(c, all)
	if !good {
		return rep
	}
	out := make([]templateJSON, 0, len(page))
	for _, t := range page {
		out = append(out, c.s.templateView(t))
	}
	return ok(out)
}

func (c *call) getTemplate() reply {
	t, found := c.s.templates[c.params[0]]
	if !found {
		return c.notFound()
	}
	return ok(c.s.templateView(t))
}

// updateTemplate implements PATCH /templates/{id}/ (name, metadata).
func (c *call) updateTemplate() reply {
	t, found := c.s.templates[c.params[0]]
	if !found {
		return c.notFound()
	}
	var u struct {
		Name     *string         `json:"name"`
		Metadata json.RawMessage `json:"metadata"`
	}
	if rep, good := c.decode(&u); !good {
		return rep
	}
	if len(u.Metadata) > 0 && string(u.Metadata) != "null" {
		var m map[string]any
		if json.Unmarshal(u.Metadata, &m) != nil {
			return c.invalidField("metadata", "Expected a dictionary of items but got %s.", jsonKind(u.Metadata))
		}
		t.metadata = u.Metadata
	}
	if u.Name != nil {
		if *u.Name == "" {
			return c.invalidField("name", "This field may not be blank.")
		}
		t.name = *u.Name
	}
	return ok(c.s.templateView(t))
}

type envelopeJSON struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

func (c *call) listEnvelopeTemplates() reply {
	all := sortedBySeq(c.s.envelopes, func(e *envelopeTemplate) int { return e.seq })
	page, rep, good := paginate(c, all)
	if !good {
		return rep
	}
	out := make([]envelopeJSON, 0, len(page))
	for _, e := range page {
		out = append(out, envelopeJSON{ID: e.id, Name: e.name, Description: e.description})
	}
	return ok(out)
}

func (c *call) getEnvelopeTemplate() reply {
	e, found := c.s.envelopes[c.params[0]]
	if !found {
		return c.notFound()
	}
	return ok(envelopeJSON{ID: e.id, Name: e.name, Description: e.description})
}
