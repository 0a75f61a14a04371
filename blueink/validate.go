package blueink

import (
	"errors"
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// keyPattern is BlueInk's pattern for packet, document and role keys.
var keyPattern = regexp.MustCompile(`^[-\w]+$`)

// Key length limits from the API schema.
const (
	minKeyLen         = 2
	maxPacketKeyLen   = 20
	maxDocumentKeyLen = 12
	maxCustomKeyLen   = 200
)

func checkKey(field, key string, maxLen int) error {
	if n := len(key); n < minKeyLen || n > maxLen {
		return invalidArg(field, "key %q must be %d-%d characters", key, minKeyLen, maxLen)
	}
	if !keyPattern.MatchString(key) {
		return invalidArg(field, "key %q may only contain letters, digits, '_' and '-'", key)
	}
	return nil
}

func checkEmail(field, addr string) error {
	a, err := mail.ParseAddress(addr)
	if err != nil || a.Address != addr {
		return invalidArg(field, "%q is not an email address", addr)
	}
	return nil
}

// Validate checks a request the way BlueInk would, before any I/O, and
// returns every problem found (joined; each is a *ValidationError, so
// errors.Is(err, ErrValidation) holds):
//   - at least one packet and one document (or an envelope template);
//   - packet keys 2-20 characters of [-\w], unique; document keys 2-12,
//     unique; template roles 2-12;
//   - exactly one file source per document (file_url, file_b64 or
//     file_index);
//   - field editors and template assignments name existing packets; field
//     keys present and unique per document; pages not negative;
//   - packet orders set on all packets or none, without duplicates;
//     delivery by phone and SMS authentication need a phone (or a Person);
//   - email addresses well formed, custom key at most 200 characters.
//
// A request with an EnvelopeTemplate is checked as Create checks it:
// packets, envelope_template.template_id, field value keys, and no
// Documents. Requests using file_index are only valid with CreateWithFiles.
func (r *BundleRequest) Validate() error {
	if r != nil && r.EnvelopeTemplate != nil {
		return r.validateEnvelope()
	}
	return r.validateFor(-1)
}

// validateCreate validates a request for Create (nFiles 0) or
// CreateWithFiles: one with an envelope template (and no files) is checked
// as such.
func (r *BundleRequest) validateCreate(nFiles int) error {
	if r != nil && r.EnvelopeTemplate != nil && nFiles == 0 {
		return r.validateEnvelope()
	}
	return r.validateFor(nFiles)
}

// validateFor validates for a call uploading nFiles files: 0 for JSON
// creation, -1 when unknown (file indexes are not checked against a count).
func (r *BundleRequest) validateFor(nFiles int) error {
	if r == nil {
		return invalidArg("bundle request", "must not be nil")
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	packets := r.validateCommon(add)
	if r.EnvelopeTemplate != nil {
		add(invalidArg("envelope_template", "cannot be combined with uploaded files"))
	}
	if len(r.Documents) == 0 {
		add(invalidArg("documents", "at least one document is required"))
	}
	docKeys := map[string]bool{}
	usedFiles := map[int]bool{}
	for i, d := range r.Documents {
		field := fmt.Sprintf("documents[%d]", i)
		switch doc := d.(type) {
		case nil:
			add(invalidArg(field, "must not be nil"))
		case *DocumentRequest:
			if doc == nil {
				add(invalidArg(field, "must not be nil"))
				continue
			}
			checkDocKey(add, field, doc.Key, docKeys)
			sources := 0
			for _, set := range []bool{doc.FileURL != "", doc.FileB64 != "", doc.FileIndex != nil} {
				if set {
					sources++
				}
			}
			if sources != 1 {
				add(invalidArg(field, "needs exactly one of file_url, file_b64 or file_index (has %d)", sources))
			}
			if doc.FileIndex != nil {
				idx := *doc.FileIndex
				switch {
				case nFiles == 0:
					add(invalidArg(field, "file_index %d needs CreateWithFiles", idx))
				case idx < 0 || (nFiles > 0 && idx >= nFiles):
					add(invalidArg(field, "file_index %d does not name an uploaded file", idx))
				default:
					usedFiles[idx] = true
				}
			}
			fieldKeys := map[string]bool{}
			for j, f := range doc.Fields {
				ff := fmt.Sprintf("%s.fields[%d]", field, j)
				if f.Kind == "" {
					add(invalidArg(ff, "kind is required"))
				}
				switch {
				case f.Key == "":
					add(invalidArg(ff, "key is required"))
				case fieldKeys[f.Key]:
					add(invalidArg(ff, "duplicate field key %q", f.Key))
				}
				fieldKeys[f.Key] = true
				if f.Page < 0 {
					add(invalidArg(ff, "page %d is negative", f.Page))
				}
				if f.W < 0 || f.H < 0 || f.X < 0 || f.Y < 0 {
					add(invalidArg(ff, "x, y, w and h must not be negative"))
				}
				for _, e := range f.Editors {
					if !packets[e] {
						add(invalidArg(ff, "editor %q is not a packet key", e))
					}
				}
			}
		case *TemplateRequest:
			if doc == nil {
				add(invalidArg(field, "must not be nil"))
				continue
			}
			checkDocKey(add, field, doc.Key, docKeys)
			if strings.TrimSpace(doc.TemplateID) == "" {
				add(invalidArg(field, "template_id is required"))
			}
			if len(doc.Assignments) == 0 {
				add(invalidArg(field, "at least one assignment is required"))
			}
			for j, a := range doc.Assignments {
				af := fmt.Sprintf("%s.assignments[%d]", field, j)
				add(checkKey(af, a.Role, maxDocumentKeyLen))
				if !packets[a.Signer] {
					add(invalidArg(af, "signer %q is not a packet key", a.Signer))
				}
			}
			checkFieldValues(add, field, doc.FieldValues)
		default:
			add(invalidArg(field, "unsupported document type %T", d))
		}
	}
	for i := 0; i < nFiles; i++ {
		if !usedFiles[i] {
			add(invalidArg(fmt.Sprintf("files[%d]", i), "is not referenced by any document's file_index"))
		}
	}
	return errors.Join(errs...)
}

// validateEnvelope validates a request creating a bundle from an envelope
// template.
func (r *BundleRequest) validateEnvelope() error {
	if r == nil {
		return invalidArg("bundle request", "must not be nil")
	}
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	r.validateCommon(add)
	switch {
	case r.EnvelopeTemplate == nil:
		add(invalidArg("envelope_template", "is required"))
	case strings.TrimSpace(r.EnvelopeTemplate.TemplateID) == "":
		add(invalidArg("envelope_template.template_id", "is required"))
	default:
		checkFieldValues(add, "envelope_template", r.EnvelopeTemplate.FieldValues)
	}
	if len(r.Documents) > 0 {
		add(invalidArg("documents", "must be empty with an envelope template"))
	}
	return errors.Join(errs...)
}

// validateCommon checks the bundle settings and packets and returns the set
// of packet keys.
func (r *BundleRequest) validateCommon(add func(error)) map[string]bool {
	if r.RequesterEmail != "" {
		add(checkEmail("requester_email", r.RequesterEmail))
	}
	for i, cc := range r.CCEmails {
		add(checkEmail(fmt.Sprintf("cc_emails[%d]", i), cc))
	}
	if len(r.CustomKey) > maxCustomKeyLen {
		add(invalidArg("custom_key", "is %d characters, at most %d", len(r.CustomKey), maxCustomKeyLen))
	}
	if r.Status != "" && r.Status != BundleDraft {
		add(invalidArg("status", "%q: only \"\" (send) or %q (draft) are accepted", r.Status, BundleDraft))
	}
	if len(r.Packets) == 0 {
		add(invalidArg("packets", "at least one packet is required"))
	}
	keys := map[string]bool{}
	orders := map[int]bool{}
	withOrder := 0
	for i, p := range r.Packets {
		field := fmt.Sprintf("packets[%d]", i)
		if err := checkKey(field, p.Key, maxPacketKeyLen); err != nil {
			add(err)
		} else if keys[p.Key] {
			add(invalidArg(field, "duplicate packet key %q", p.Key))
		}
		keys[p.Key] = true
		if p.Email != "" {
			add(checkEmail(field+".email", p.Email))
		}
		switch p.DeliverVia {
		case "", DeliverViaEmail, DeliverViaPhone, DeliverViaEmbed:
		default:
			add(invalidArg(field+".deliver_via", "unknown delivery %q", p.DeliverVia))
		}
		if p.PersonID == "" && p.Phone == "" {
			if p.DeliverVia == DeliverViaPhone {
				add(invalidArg(field, "delivery by phone needs a phone number"))
			}
			if p.AuthSMS {
				add(invalidArg(field, "SMS authentication needs a phone number"))
			}
		}
		if p.PersonID == "" && p.Email == "" && (p.DeliverVia == "" || p.DeliverVia == DeliverViaEmail) {
			add(invalidArg(field, "delivery by email needs an email address"))
		}
		if p.Order != 0 {
			withOrder++
			if p.Order < 0 {
				add(invalidArg(field+".order", "%d is negative", p.Order))
			} else if orders[p.Order] {
				add(invalidArg(field+".order", "duplicate order %d", p.Order))
			}
			orders[p.Order] = true
		}
	}
	if withOrder > 0 && withOrder != len(r.Packets) {
		add(invalidArg("packets", "order must be set on every packet or on none"))
	}
	return keys
}

func checkDocKey(add func(error), field, key string, seen map[string]bool) {
	if key == "" {
		return
	}
	if err := checkKey(field, key, maxDocumentKeyLen); err != nil {
		add(err)
		return
	}
	if seen[key] {
		add(invalidArg(field, "duplicate document key %q", key))
	}
	seen[key] = true
}

func checkFieldValues(add func(error), field string, values []TemplateFieldValue) {
	for j, v := range values {
		if v.Key == "" {
			add(invalidArg(fmt.Sprintf("%s.field_values[%d]", field, j), "key is required"))
		}
	}
}
