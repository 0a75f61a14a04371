package signeasytest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/esignkit/esign/signeasy"
)

func b01(b bool) int {
	if b {
		return 1
	}
	return 0
}

// envelopeJSON renders an envelope as Signeasy does in API answers and
// webhook data (0/1 flags, unix times) (s.mu held).
func (s *Server) envelopeJSON(e *envelope) map[string]any {
	var next int64
	recipients := []map[string]any{}
	for _, r := range e.recipients {
		if next == 0 && r.status != "finalized" {
			next = r.id
		}
		recipients = append(recipients, map[string]any{
			"created_time": r.created, "email": r.email, "first_name": r.first, "last_name": r.last,
			"last_modified_time": r.modified, "order_id": r.order, "recipient_id": r.id,
			"recipient_user_id": 0, "status": r.status,
		})
	}
	return map[string]any{
		"aadhaar_enabled": nil, "created_time": e.created, "has_markers": b01(e.hasFields), "id": e.id,
		"is_in_person": 0, "is_ordered": b01(e.ordered), "last_modified_time": e.modified, "logo": nil,
		"name": e.name, "next": next, "owner_company": "", "owner_email": OwnerEmail,
		"owner_first_name": "Test", "owner_last_name": "Owner", "owner_user_id": OwnerUserID,
		"sources": e.sources, "recipients": recipients, "status": e.status,
		"is_envelope": 1, "is_embedded_signing": b01(e.embedded), "message": e.message, "subject": "",
	}
}

type createEnvelopeBody struct {
	Sources    []source `json:"sources"`
	Recipients []struct {
		RecipientID int64  `json:"recipient_id"`
		FirstName   string `json:"first_name"`
		LastName    string `json:"last_name"`
		Email       string `json:"email"`
	} `json:"recipients"`
	RecipientRoleMapping []struct {
		SourceID    int   `json:"source_id"`
		RoleID      int64 `json:"role_id"`
		RecipientID int64 `json:"recipient_id"`
	} `json:"recipient_role_mapping"`
	MergeFields []struct {
		SourceID int    `json:"source_id"`
		Label    string `json:"label"`
	} `json:"merge_fields"`
	FieldsPayload   []fieldBody `json:"fields_payload"`
	EmbeddedSigning bool        `json:"embedded_signing"`
	IsOrdered       bool        `json:"is_ordered"`
	Message         string      `json:"message"`
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

// checkField validates a fields_payload item like Signeasy would: known
// source and recipient, a string page_number, additional_info present (an
// object, {} for most types) and a position in one of the two modes.
func checkField(f fieldBody, sources map[int]string, recipients map[int64]bool) (string, bool) {
	if _, ok := sources[f.SourceID]; !ok {
		return fmt.Sprintf("source_id %d is not in sources", f.SourceID), false
	}
	if !recipients[f.RecipientID] {
		return fmt.Sprintf("recipient_id %d is not in recipients", f.RecipientID), false
	}
	if f.Type == "" {
		return "field type is required", false
	}
	if f.PageNumber == nil {
		return "page_number is required (a string: \"1\", \"1:8\", \"all\")", false
	}
	if f.AdditionalInfo == nil {
		return "additional_info is required ({} for non-date fields)", false
	}
	var mode string
	_ = json.Unmarshal(f.Position["mode"], &mode)
	need := map[string][]string{"fixed": {"x", "y"}, "referenceText": {"text"}}[mode]
	if need == nil {
		return fmt.Sprintf("position mode %q is not fixed or referenceText", mode), false
	}
	for _, k := range need {
		if _, ok := f.Position[k]; !ok {
			return fmt.Sprintf("position %s needs %s", mode, k), false
		}
	}
	return "", true
}

// checkSources validates sources against the stored documents (s.mu held).
func (s *Server) checkSources(sources []source) (string, bool) {
	if len(sources) == 0 {
		return "sources is required", false
	}
	for _, src := range sources {
		switch src.Type {
		case "original":
			if _, ok := s.originals[src.ID]; !ok {
				return fmt.Sprintf("original %d not found", src.ID), false
			}
		case "template":
			if _, ok := s.templates[src.ID]; !ok {
				return fmt.Sprintf("template %d not found", src.ID), false
			}
		default:
			return fmt.Sprintf("invalid source type %q", src.Type), false
		}
	}
	return "", true
}

func (s *Server) createEnvelope(w http.ResponseWriter, r *http.Request, body []byte) {
	var req createEnvelopeBody
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return
	}
	s.mu.Lock()
	if msg, ok := s.checkSources(req.Sources); !ok {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "invalid_sources", msg)
		return
	}
	if len(req.Recipients) == 0 {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "invalid_recipients", "recipients is required")
		return
	}
	now := s.unix()
	e := &envelope{id: s.newID("envelope"), status: "incomplete", message: req.Message, ordered: req.IsOrdered,
		embedded: req.EmbeddedSigning, hasFields: len(req.FieldsPayload) > 0, created: now, modified: now}
	for i, src := range req.Sources {
		if src.SourceID == 0 {
			src.SourceID = i + 1
		}
		if src.Name == "" {
			if src.Type == "original" {
				src.Name = s.originals[src.ID].name
			} else {
				src.Name = s.templates[src.ID].name
			}
		}
		e.sources = append(e.sources, src)
	}
	e.name = e.sources[0].Name
	seen := map[int64]bool{}
	for i, rc := range req.Recipients {
		if !strings.Contains(rc.Email, "@") || seen[rc.RecipientID] {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "invalid_recipients", fmt.Sprintf("recipient %d is invalid", i))
			return
		}
		seen[rc.RecipientID] = true
		e.recipients = append(e.recipients, &recipient{localID: rc.RecipientID, id: s.newID("recipient"), email: rc.Email,
			first: rc.FirstName, last: rc.LastName, status: "not_viewed", order: i + 1, created: now, modified: now})
	}
	types := map[int]string{}
	for _, src := range e.sources {
		types[src.SourceID] = src.Type
	}
	for _, m := range req.RecipientRoleMapping {
		if !seen[m.RecipientID] || types[m.SourceID] != "template" {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "invalid_role_mapping", fmt.Sprintf("mapping of recipient %d to source %d is invalid", m.RecipientID, m.SourceID))
			return
		}
	}
	for _, m := range req.MergeFields {
		if types[m.SourceID] != "template" || m.Label == "" {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "invalid_merge_fields", fmt.Sprintf("merge field %q on source %d is invalid", m.Label, m.SourceID))
			return
		}
	}
	for _, f := range req.FieldsPayload {
		if msg, ok := checkField(f, types, seen); !ok {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, "invalid_fields_payload", msg)
			return
		}
	}
	s.envelopes[e.id] = e
	out := s.envelopeJSON(e)
	pending := s.prepare(string(signeasy.EventInitiated), e, OwnerEmail, OwnerUserID)
	s.mu.Unlock()
	_ = s.deliver(context.WithoutCancel(r.Context()), pending) // outcomes are in Deliveries
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) lookupEnvelope(w http.ResponseWriter, r *http.Request) (*envelope, bool) {
	id, ok := pathID(w, r, "id")
	if !ok {
		return nil, false
	}
	e, ok := s.envelopes[id]
	if !ok {
		writeError(w, http.StatusNotFound, "not_found", "Envelope not found")
	}
	return e, ok
}

func (s *Server) getEnvelope(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.lookupEnvelope(w, r); ok {
		writeJSON(w, http.StatusOK, s.envelopeJSON(e))
	}
}

func (s *Server) cancelEnvelope(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	e, ok := s.lookupEnvelope(w, r)
	if !ok {
		s.mu.Unlock()
		return
	}
	if e.status != "incomplete" {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "invalid_state", "Envelope is "+e.status+" and cannot be canceled")
		return
	}
	e.status, e.modified = "canceled", s.unix()
	pending := s.prepare(string(signeasy.EventVoided), e, OwnerEmail, OwnerUserID)
	s.mu.Unlock()
	_ = s.deliver(context.WithoutCancel(r.Context()), pending) // outcomes are in Deliveries
	writeJSON(w, http.StatusOK, map[string]string{"message": "Signature request canceled"})
}

func (s *Server) signedFromPending(w http.ResponseWriter, r *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.lookupEnvelope(w, r)
	if !ok {
		return
	}
	if e.signedID == 0 {
		writeError(w, http.StatusNotFound, "not_signed", "Envelope is not complete")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": e.signedID, "name": e.name, "pending_file_id": e.id})
}

func (s *Server) downloadSigned(w http.ResponseWriter, r *http.Request, _ []byte) {
	sid, ok := pathID(w, r, "sid")
	if !ok {
		return
	}
	src, ok := pathID(w, r, "src")
	if !ok {
		return
	}
	s.mu.Lock()
	e, ok := s.envelopes[s.signed[sid]]
	var doc *original
	if ok {
		for _, x := range e.sources {
			if int64(x.SourceID) == src {
				if x.Type == "original" {
					doc = s.originals[x.ID]
				} else if t := s.templates[x.ID]; t != nil {
					doc = &original{name: t.name, contentType: "application/pdf", content: []byte("%PDF-1.4 template " + t.name)}
				}
			}
		}
	}
	s.mu.Unlock()
	if doc == nil {
		writeError(w, http.StatusNotFound, "not_found", "Signed document not found")
		return
	}
	signedDoc := *doc
	signedDoc.contentType = "application/pdf"
	writeFile(w, &signedDoc)
}

func (s *Server) signingURL(w http.ResponseWriter, r *http.Request, body []byte) {
	var req struct {
		RecipientEmail string `json:"recipient_email"`
		AllowDecline   bool   `json:"allow_decline"`
		RedirectURL    string `json:"redirect_url"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.lookupEnvelope(w, r)
	if !ok {
		return
	}
	if !e.embedded {
		writeError(w, http.StatusBadRequest, "not_embedded", "Envelope was not created with embedded_signing")
		return
	}
	for _, rc := range e.recipients {
		if strings.EqualFold(rc.email, req.RecipientEmail) {
			writeJSON(w, http.StatusOK, map[string]string{"url": fmt.Sprintf("%s/sign/%d/%d", s.URL, e.id, rc.id)})
			return
		}
	}
	writeError(w, http.StatusNotFound, "not_found", "Recipient not found")
}

func (s *Server) sendingURL(w http.ResponseWriter, _ *http.Request, body []byte) {
	var req struct {
		FileID  int64    `json:"file_id"`
		Sources []source `json:"sources"`
	}
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if req.FileID > 0 {
		req.Sources = append(req.Sources, source{ID: req.FileID, Type: "original"})
	}
	if msg, ok := s.checkSources(req.Sources); !ok {
		writeError(w, http.StatusBadRequest, "invalid_sources", msg)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"url": fmt.Sprintf("%s/embedded/send/%d", s.URL, s.newID("embedded"))})
}

func (s *Server) me(w http.ResponseWriter, _ *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// The User Object of https://docs.signeasy.com/reference/fetch-user-details.
	created := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	writeJSON(w, http.StatusOK, map[string]any{"id": OwnerUserID, "email": OwnerEmail, "first_name": "Test", "last_name": "Owner",
		"company": "signeasytest", "company_size": "1-10", "account_type": 4, "is_paid": 1, "is_auto_renew": 0,
		"document_credits": 100, "imported_file_count": len(s.originals), "signed_file_count": len(s.signed),
		"status": 1, "email_verified": 1, "created_time": created, "last_modified_time": created, "activation_time": created,
		"subscription_expiry_time": nil})
}

// ---- v2 callbacks ----

type callbackBody struct {
	URL    string   `json:"url"`
	Events []string `json:"events"`
	Token  string   `json:"token"`
}

func parseCallback(w http.ResponseWriter, body []byte, needEvents bool) (*callbackBody, bool) {
	var req callbackBody
	if err := json.Unmarshal(body, &req); err != nil {
		writeError(w, http.StatusBadRequest, "invalid_request", "malformed JSON body")
		return nil, false
	}
	if u, err := url.Parse(req.URL); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		writeError(w, http.StatusBadRequest, "invalid_url", "url must be an absolute http(s) URL")
		return nil, false
	}
	if needEvents && len(req.Events) == 0 {
		writeError(w, http.StatusBadRequest, "invalid_events", "events is required")
		return nil, false
	}
	if req.Token != "" && len(req.Token) <= 12 {
		writeError(w, http.StatusBadRequest, "invalid_token", "token must be longer than 12 characters")
		return nil, false
	}
	return &req, true
}

func (s *Server) callbackIndex(u string) int {
	return slices.IndexFunc(s.callbacks, func(c *callback) bool { return c.url == u })
}

func (s *Server) createCallback(w http.ResponseWriter, _ *http.Request, body []byte) {
	req, ok := parseCallback(w, body, true)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.callbackIndex(req.URL) >= 0 {
		writeError(w, http.StatusConflict, "callback_exists", "Callback URL already registered")
		return
	}
	s.callbacks = append(s.callbacks, &callback{url: req.URL, events: slices.Clone(req.Events), token: req.Token})
	writeJSON(w, http.StatusCreated, map[string]string{"message": "Callback URL registered"})
}

func (s *Server) updateCallback(w http.ResponseWriter, _ *http.Request, body []byte) {
	req, ok := parseCallback(w, body, true)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.callbackIndex(req.URL)
	if i < 0 {
		writeError(w, http.StatusNotFound, "not_found", "Callback URL not registered")
		return
	}
	s.callbacks[i] = &callback{url: req.URL, events: slices.Clone(req.Events), token: req.Token}
	writeJSON(w, http.StatusOK, map[string]string{"message": "Callback URL updated"})
}

func (s *Server) deleteCallback(w http.ResponseWriter, _ *http.Request, body []byte) {
	req, ok := parseCallback(w, body, false)
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.callbackIndex(req.URL)
	if i < 0 {
		writeError(w, http.StatusNotFound, "not_found", "Callback URL not registered")
		return
	}
	s.callbacks = slices.Delete(s.callbacks, i, i+1)
	writeJSON(w, http.StatusOK, map[string]string{"message": "Callback URL deleted"})
}

func (s *Server) listCallbacks(w http.ResponseWriter, _ *http.Request, _ []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{}
	urls := []string{}
	for _, c := range s.callbacks {
		urls = append(urls, c.url)
		out[c.url] = map[string]any{"token": c.token, "events": c.events}
	}
	out["callback_urls"] = urls
	writeJSON(w, http.StatusOK, out)
}
