package zignedtest

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
)

type fileRec struct {
	file    zigned.File
	content []byte
}

type agreementRec struct {
	base         zigned.Agreement // scalar fields; relations are rendered
	mainFile     string
	signedFile   string
	participants []string
	activity     []*zigned.AgreementActivity
}

// ---- rendering (s.mu held)

func (s *Server) renderFile(id string) *zigned.File {
	f := s.files[id].file
	return &f
}

func (s *Server) renderParticipant(id string) *zigned.Participant {
	p := *s.participants[id]
	if p.Order != nil {
		o := *p.Order
		p.Order = &o
	}
	if p.Signature != nil {
		sig := *p.Signature
		p.Signature = &sig
	}
	if p.IdentityEnforcement != nil {
		ie := *p.IdentityEnforcement
		p.IdentityEnforcement = &ie
	}
	return &p
}

func (s *Server) renderAgreement(rec *agreementRec) *zigned.Agreement {
	a := rec.base
	ps := make([]*zigned.Participant, 0, len(rec.participants))
	for _, id := range rec.participants {
		ps = append(ps, s.renderParticipant(id))
	}
	a.Participants = zigned.RelationList[zigned.Participant]{IDs: slices.Clone(rec.participants), Data: ps, ResourceType: "participant"}
	if a.Participants.IDs == nil {
		a.Participants.IDs = []string{}
	}
	a.Observers = zigned.RelationList[zigned.Observer]{IDs: []string{}}
	a.SigningGroups = zigned.RelationList[zigned.SigningGroup]{IDs: []string{}}
	a.Documents.OriginalDocuments.Attachments = zigned.RelationList[zigned.Attachment]{IDs: []string{}}
	if rec.mainFile != "" {
		a.Documents.OriginalDocuments.Main = zigned.Relation[zigned.File]{ID: rec.mainFile, Data: s.renderFile(rec.mainFile), ResourceType: "file"}
	}
	if rec.signedFile != "" {
		a.Documents.SignedDocument = zigned.Relation[zigned.File]{ID: rec.signedFile, Data: s.renderFile(rec.signedFile), ResourceType: "file"}
	}
	return &a
}

func (s *Server) activity(rec *agreementRec, title, desc string) {
	now := zigned.Time{Time: s.now()}
	rec.activity = append(rec.activity, &zigned.AgreementActivity{
		ID: s.nextID("evt"), ResourceType: "agreement_event", Agreement: rec.base.ID,
		Title: title, Description: desc, CreatedAt: now, UpdatedAt: now,
	})
}

func (s *Server) touch(rec *agreementRec) { rec.base.UpdatedAt = zigned.Time{Time: s.now()} }

// agreement looks up the path's agreement (s.mu held) or writes a 404.
func (s *Server) agreement(w http.ResponseWriter, r *http.Request) *agreementRec {
	rec, ok := s.agreements[r.PathValue("agreement_id")]
	if !ok {
		writeError(w, http.StatusNotFound, "Agreement not found")
		return nil
	}
	return rec
}

func editable(rec *agreementRec) bool {
	return rec.base.Status == zigned.AgreementStatusDraft || rec.base.Status == zigned.AgreementStatusOpen
}

// ---- files

func (s *Server) uploadFile(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		writeError(w, http.StatusBadRequest, "expected multipart/form-data: "+err.Error())
		return
	}
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
			writeError(w, http.StatusBadRequest, "malformed multipart body: "+err.Error())
			return
		}
		data, err := io.ReadAll(p)
		if err != nil {
			writeError(w, http.StatusBadRequest, "reading part: "+err.Error())
			return
		}
		switch p.FormName() {
		case "file":
			gotFile, name, content = true, p.FileName(), data
			ctype = p.Header.Get("Content-Type")
		case "lookup_key":
			lookup = string(data)
		}
	}
	if !gotFile || name == "" {
		writeError(w, http.StatusBadRequest, `a "file" part with a filename is required`)
		return
	}
	if len(content) == 0 {
		writeError(w, http.StatusBadRequest, "the file is empty")
		return
	}
	if ctype == "" || ctype == "application/octet-stream" {
		if t := mime.TypeByExtension(strings.ToLower(filepath.Ext(name))); t != "" {
			ctype = t
		}
	}
	if mt, _, err := mime.ParseMediaType(ctype); err == nil {
		ctype = mt
	}
	if ctype == "image/jpeg" {
		ctype = zigned.MimeTypeJPEG // Zigned's own spelling, as in GET /files?mime_type=
	}
	s.mu.Lock()
	f := s.addFile(name, ctype, lookup, content, true)
	s.mu.Unlock()
	writeResult(w, "single", "file", f)
}

// addFile stores a file (s.mu held); listed files appear in GET /files.
func (s *Server) addFile(name, ctype, lookup string, content []byte, listed bool) *zigned.File {
	id := s.nextID("fil")
	now := zigned.Time{Time: s.now()}
	s.files[id] = &fileRec{content: content, file: zigned.File{
		ID: id, ResourceType: "file", Filename: name, MimeType: ctype,
		URL:      s.URL + "/download/" + id,
		Metadata: zigned.FileMetadata{LookupKey: lookup}, CreatedAt: now, UpdatedAt: now,
	}}
	if listed {
		s.fileOrder = append(s.fileOrder, id)
	}
	return s.renderFile(id)
}

func (s *Server) listFiles(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, err := dateFilter(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, id := range s.fileOrder {
		f := s.files[id].file
		if (q.Get("mime_type") == "" || f.MimeType == q.Get("mime_type")) &&
			(q.Get("lookup_key") == "" || f.Metadata.LookupKey == q.Get("lookup_key")) &&
			inRange(f.CreatedAt.Time, from, to) {
			ids = append(ids, id)
		}
	}
	writePage(w, r, "file", ids, func(id string) any { return s.renderFile(id) })
}

func (s *Server) getFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.files[r.PathValue("file_id")]; !ok {
		writeError(w, http.StatusNotFound, "File not found")
		return
	}
	writeResult(w, "single", "file", s.renderFile(r.PathValue("file_id")))
}

func (s *Server) deleteFile(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := r.PathValue("file_id")
	if _, ok := s.files[id]; !ok || !slices.Contains(s.fileOrder, id) {
		writeError(w, http.StatusNotFound, "File not found")
		return
	}
	f := s.renderFile(id)
	delete(s.files, id)
	s.fileOrder = slices.DeleteFunc(s.fileOrder, func(x string) bool { return x == id })
	writeResult(w, "deleted", "file", f)
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	f, ok := s.files[r.PathValue("file_id")]
	var content []byte
	var ctype string
	if ok {
		content, ctype = f.content, f.file.MimeType
	}
	s.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", ctype)
	_, _ = w.Write(content)
}

// ---- agreements

func (s *Server) createAgreement(w http.ResponseWriter, r *http.Request) {
	var req zigned.AgreementRequest
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	id := s.nextID("agr")
	now := zigned.Time{Time: s.now()}
	a := zigned.Agreement{
		ID: id, ResourceType: "agreement", TestMode: true, Status: zigned.AgreementStatusDraft,
		TrustLevel:    zigned.TrustLevelSES,
		Issuer:        zigned.Issuer{Name: "zignedtest client", Role: zigned.RoleObserver, Locale: zigned.LocaleSwedish},
		Communication: zigned.Communication{SendEmails: true, DefaultLocale: zigned.LocaleSwedish},
		CreatedAt:     now, UpdatedAt: now,
	}
	if req.Issuer != nil {
		a.Issuer = zigned.Issuer{Name: req.Issuer.Name, Email: req.Issuer.Email, Role: req.Issuer.Role, Locale: req.Issuer.Locale}
		if a.Issuer.Role == "" {
			a.Issuer.Role = zigned.RoleObserver
		}
	}
	if req.SendEmails != nil {
		a.Communication.SendEmails = *req.SendEmails
	}
	if req.AutomaticReminders != "" {
		a.Communication.AutomaticReminders = zigned.AutomaticReminders{Enabled: true, Intensity: req.AutomaticReminders}
	}
	if req.TrustLevel != "" {
		a.TrustLevel = req.TrustLevel
	}
	if req.SigningOrder != nil {
		a.SigningOrder.Enabled = *req.SigningOrder
	}
	if req.ThemeID != "" {
		a.Theme = zigned.RelationTo[zigned.Theme](req.ThemeID)
	}
	if req.DefaultLocale != "" {
		a.Communication.DefaultLocale = req.DefaultLocale
	}
	a.Metadata = zigned.AgreementMetadata{LookupKey: req.LookupKey, SuccessCallbackURL: req.SuccessCallbackURL}
	if req.ExpiresAt != nil {
		a.ExpiresAt = zigned.Time{Time: req.ExpiresAt.UTC()}
	}
	rec := &agreementRec{base: a}
	s.agreements[id] = rec
	s.agrOrder = append(s.agrOrder, id)
	s.activity(rec, "Agreement created", "The agreement was created as a draft")
	out := s.renderAgreement(rec)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), pending{zigned.EventAgreementDraftCreated, out})
	writeResult(w, "single", "agreement", out)
}

func (s *Server) listAgreements(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, to, err := dateFilter(q)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for _, id := range s.agrOrder {
		a := s.agreements[id].base
		if (q.Get("status") == "" || string(a.Status) == q.Get("status")) &&
			(q.Get("lookup_key") == "" || a.Metadata.LookupKey == q.Get("lookup_key")) &&
			inRange(a.CreatedAt.Time, from, to) {
			ids = append(ids, id)
		}
	}
	writePage(w, r, "agreement", ids, func(id string) any { return s.renderAgreement(s.agreements[id]) })
}

func (s *Server) getAgreement(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.agreement(w, r); rec != nil {
		writeResult(w, "single", "agreement", s.renderAgreement(rec))
	}
}

func (s *Server) updateAgreement(w http.ResponseWriter, r *http.Request) {
	var req zigned.AgreementUpdate
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	rec := s.agreement(w, r)
	if rec == nil {
		s.mu.Unlock()
		return
	}
	if !editable(rec) {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "The agreement must be in draft or open status")
		return
	}
	a := &rec.base
	if req.Issuer != nil {
		a.Issuer = zigned.Issuer{Name: req.Issuer.Name, Email: req.Issuer.Email, Role: req.Issuer.Role, Locale: req.Issuer.Locale}
	}
	if req.SendEmails != nil {
		a.Communication.SendEmails = *req.SendEmails
	}
	if req.TrustLevel != "" {
		a.TrustLevel = req.TrustLevel
	}
	if req.SigningOrder != nil {
		a.SigningOrder.Enabled = *req.SigningOrder
	}
	if req.Theme != nil {
		a.Theme = zigned.Relation[zigned.Theme]{}
		if !req.Theme.Disconnect {
			a.Theme = zigned.RelationTo[zigned.Theme](req.Theme.ID)
		}
	}
	if req.DefaultLocale != "" {
		a.Communication.DefaultLocale = req.DefaultLocale
	}
	if req.SuccessCallbackURL != nil {
		a.Metadata.SuccessCallbackURL, _ = req.SuccessCallbackURL.Value()
	}
	if req.LookupKey != nil {
		a.Metadata.LookupKey, _ = req.LookupKey.Value()
	}
	if req.AutomaticReminders != nil {
		v, set := req.AutomaticReminders.Value()
		a.Communication.AutomaticReminders = zigned.AutomaticReminders{Enabled: set, Intensity: v}
	}
	if req.ExpiresAt != nil {
		v, _ := req.ExpiresAt.Value()
		a.ExpiresAt = zigned.Time{Time: v.UTC()}
	}
	s.touch(rec)
	out := s.renderAgreement(rec)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), pending{zigned.EventAgreementDraftUpdated, out})
	writeResult(w, "single", "agreement", out)
}

func (s *Server) deleteAgreement(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.agreement(w, r)
	if rec == nil {
		return
	}
	if rec.base.Status != zigned.AgreementStatusDraft {
		writeError(w, http.StatusBadRequest, "The agreement must be in draft status to be deleted")
		return
	}
	out := s.renderAgreement(rec)
	for _, pid := range rec.participants {
		delete(s.participants, pid)
	}
	delete(s.agreements, rec.base.ID)
	s.agrOrder = slices.DeleteFunc(s.agrOrder, func(x string) bool { return x == rec.base.ID })
	writeResult(w, "deleted", "agreement", out)
}

func (s *Server) agreementEvents(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.agreement(w, r); rec != nil {
		out := make([]*zigned.AgreementActivity, len(rec.activity))
		for i, e := range rec.activity {
			c := *e
			out[i] = &c
		}
		writeResult(w, "list", "agreement_event", out)
	}
}

func (s *Server) setMain(w http.ResponseWriter, r *http.Request) {
	var req struct {
		FileID string `json:"file_id"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	rec := s.agreement(w, r)
	if rec == nil {
		s.mu.Unlock()
		return
	}
	src, ok := s.files[req.FileID]
	switch {
	case !ok:
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "file_id does not name an uploaded file")
		return
	case !editable(rec):
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "The agreement must be in draft or open status")
		return
	case src.file.MimeType != "application/pdf":
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "The main document must be a PDF")
		return
	}
	// Zigned clones the file: later changes to the archive do not matter.
	clone := s.addFile(src.file.Filename, src.file.MimeType, src.file.Metadata.LookupKey, src.content, false)
	rec.mainFile = clone.ID
	s.touch(rec)
	s.activity(rec, "Main document attached", src.file.Filename+" was attached as the document to sign")
	out := s.renderAgreement(rec)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), pending{zigned.EventAgreementDraftUpdated, out})
	writeResult(w, "single", "agreement", out)
}

func (s *Server) removeMain(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	rec := s.agreement(w, r)
	if rec == nil {
		s.mu.Unlock()
		return
	}
	if !editable(rec) || rec.mainFile == "" {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "No main document to remove, or the agreement is not editable")
		return
	}
	delete(s.files, rec.mainFile)
	rec.mainFile = ""
	s.touch(rec)
	out := s.renderAgreement(rec)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), pending{zigned.EventAgreementDraftUpdated, out})
	writeResult(w, "single", "agreement", out)
}

func (s *Server) lifecycle(w http.ResponseWriter, r *http.Request) {
	var req struct {
		LifecycleState zigned.LifecycleState `json:"lifecycle_state"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	st := req.LifecycleState
	s.mu.Lock()
	rec := s.agreement(w, r)
	if rec == nil {
		s.mu.Unlock()
		return
	}
	a := &rec.base
	var evs []pending
	fail := func(msg string) {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, msg)
	}
	switch st.Status {
	case zigned.LifecyclePending:
		if !editable(rec) {
			fail("Only draft or open agreements can be sent")
			return
		}
		if rec.mainFile == "" {
			fail("A main document is required")
			return
		}
		if len(rec.participants) == 0 {
			fail("At least one participant is required")
			return
		}
		a.Status = zigned.AgreementStatusPending
		for _, pid := range rec.participants {
			p := s.participants[pid]
			p.Status = zigned.ParticipantStatusPending
			p.SigningRoomURL = s.URL + "/sign/" + a.ID + "/" + pid
			p.UpdatedAt = zigned.Time{Time: s.now()}
		}
		s.touch(rec)
		s.activity(rec, "Agreement sent", "The agreement was sent for signing")
		evs = append(evs, pending{zigned.EventAgreementLifecyclePending, s.renderAgreement(rec)})
		for _, pid := range rec.participants {
			evs = append(evs, pending{zigned.EventParticipantLifecycleReceivedInvitation, s.renderParticipant(pid)})
		}
	case zigned.LifecycleOpen:
		if a.Status != zigned.AgreementStatusPending {
			fail("Only pending agreements can be opened")
			return
		}
		a.Status = zigned.AgreementStatusOpen
		for _, pid := range rec.participants {
			if p := s.participants[pid]; p.Status == zigned.ParticipantStatusPending {
				p.Status = zigned.ParticipantStatusDraft
			}
		}
		s.touch(rec)
		s.activity(rec, "Agreement opened", "The signing process was paused for changes")
		evs = append(evs, pending{zigned.EventAgreementLifecycleOpened, s.renderAgreement(rec)})
	case zigned.LifecycleCancelled:
		if !editable(rec) && a.Status != zigned.AgreementStatusPending {
			fail("The agreement cannot be cancelled in status " + string(a.Status))
			return
		}
		in := st.Input
		if in == nil {
			fail("lifecycle_state.input is required to cancel")
			return
		}
		switch in.Type {
		case zigned.CancellationInvalidDocument, zigned.CancellationInvalidParticipant, zigned.CancellationInvalidEmail:
			a.CancellationReason = string(in.Type)
		case zigned.CancellationCustom:
			if strings.TrimSpace(in.Reason) == "" {
				fail("A custom cancellation needs a reason")
				return
			}
			a.CancellationReason = in.Reason
		default:
			fail("Unknown cancellation_type " + string(in.Type))
			return
		}
		a.Status = zigned.AgreementStatusCancelled
		s.touch(rec)
		s.activity(rec, "Agreement cancelled", a.CancellationReason)
		evs = append(evs, pending{zigned.EventAgreementLifecycleCancelled, s.renderAgreement(rec)})
	default:
		fail("lifecycle_state.status must be pending, open or cancelled")
		return
	}
	out := s.renderAgreement(rec)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), evs...)
	writeResult(w, "single", "agreement", out)
}

func (s *Server) remind(w http.ResponseWriter, r *http.Request) {
	var req struct {
		ParticipantID string `json:"participant_id"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec := s.agreement(w, r)
	if rec == nil {
		return
	}
	if rec.base.Status != zigned.AgreementStatusPending {
		writeError(w, http.StatusBadRequest, "Reminders can only be sent for pending agreements")
		return
	}
	if req.ParticipantID != "" && !slices.Contains(rec.participants, req.ParticipantID) {
		writeError(w, http.StatusNotFound, "Participant not found")
		return
	}
	out := []*zigned.Reminder{}
	for _, pid := range rec.participants {
		if (req.ParticipantID == "" || pid == req.ParticipantID) && s.participants[pid].Status == zigned.ParticipantStatusPending {
			p := s.renderParticipant(pid)
			out = append(out, &zigned.Reminder{Status: "sent",
				Participant: zigned.Relation[zigned.Participant]{ID: pid, Data: p, ResourceType: "participant"}})
		}
	}
	s.activity(rec, "Reminders sent", "Reminders were sent to participants yet to sign")
	writeResult(w, "list", "reminder", out)
}

// ---- participants

func (s *Server) newParticipant(rec *agreementRec, req *zigned.ParticipantRequest) (*zigned.Participant, string) {
	if req == nil || (strings.TrimSpace(req.Name) == "" && strings.TrimSpace(req.Email) == "") {
		return nil, "A participant needs a name or an email"
	}
	role := req.Role
	switch role {
	case "":
		role = zigned.RoleSigner
	case zigned.RoleSigner, zigned.RoleApprover:
	default:
		return nil, "role must be signer or approver"
	}
	now := zigned.Time{Time: s.now()}
	p := &zigned.Participant{
		ID: s.nextID("par"), ResourceType: "participant", Name: req.Name, Email: req.Email,
		Status: zigned.ParticipantStatusDraft, Agreement: rec.base.ID, Locale: req.Locale, Role: role,
		CreatedAt: now, UpdatedAt: now,
	}
	if p.Locale == "" {
		p.Locale = rec.base.Communication.DefaultLocale
	}
	if req.Order != nil {
		o := float64(*req.Order)
		p.Order = &o
	}
	if role == zigned.RoleSigner {
		p.Signature = &zigned.Signature{}
		p.IdentityEnforcement = &zigned.IdentityEnforcement{}
		if req.PersonalNumber != "" {
			p.IdentityEnforcement = &zigned.IdentityEnforcement{Enabled: true, Status: zigned.IdentityEnforcementPending,
				Method: zigned.IdentityEnforcementSwePNOCrosscheck}
		}
	}
	return p, ""
}

func (s *Server) addParticipants(w http.ResponseWriter, r *http.Request, reqs []*zigned.ParticipantRequest, batch bool) {
	s.mu.Lock()
	rec := s.agreement(w, r)
	if rec == nil {
		s.mu.Unlock()
		return
	}
	if !editable(rec) {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "The agreement must be in draft or open status")
		return
	}
	var created []*zigned.Participant
	for _, req := range reqs {
		p, msg := s.newParticipant(rec, req)
		if msg != "" {
			s.mu.Unlock()
			writeError(w, http.StatusBadRequest, msg)
			return
		}
		created = append(created, p)
	}
	var evs []pending
	for _, p := range created {
		s.participants[p.ID] = p
		rec.participants = append(rec.participants, p.ID)
		s.activity(rec, "Participant added", p.Name+" <"+p.Email+"> was added")
		evs = append(evs, pending{zigned.EventParticipantDraftCreated, s.renderParticipant(p.ID)})
	}
	s.touch(rec)
	out := make([]*zigned.Participant, len(created))
	for i, p := range created {
		out[i] = s.renderParticipant(p.ID)
	}
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), evs...)
	if batch {
		writeResult(w, "list", "participant", out)
	} else {
		writeResult(w, "single", "participant", out[0])
	}
}

func (s *Server) createParticipant(w http.ResponseWriter, r *http.Request) {
	var req zigned.ParticipantRequest
	if decodeBody(w, r, &req) {
		s.addParticipants(w, r, []*zigned.ParticipantRequest{&req}, false)
	}
}

func (s *Server) batchParticipants(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Participants []*zigned.ParticipantRequest `json:"participants"`
	}
	if !decodeBody(w, r, &req) {
		return
	}
	if len(req.Participants) == 0 {
		writeError(w, http.StatusBadRequest, "participants must not be empty")
		return
	}
	s.addParticipants(w, r, req.Participants, true)
}

func (s *Server) listParticipants(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec := s.agreement(w, r); rec != nil {
		out := make([]*zigned.Participant, 0, len(rec.participants))
		for _, id := range rec.participants {
			out = append(out, s.renderParticipant(id))
		}
		writeResult(w, "list", "participant", out)
	}
}

// participant looks up the path's participant of the path's agreement.
func (s *Server) participant(w http.ResponseWriter, r *http.Request) (*agreementRec, *zigned.Participant) {
	rec := s.agreement(w, r)
	if rec == nil {
		return nil, nil
	}
	id := r.PathValue("participant_id")
	if !slices.Contains(rec.participants, id) {
		writeError(w, http.StatusNotFound, "Participant not found")
		return nil, nil
	}
	return rec, s.participants[id]
}

func (s *Server) getParticipant(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, p := s.participant(w, r); p != nil {
		writeResult(w, "single", "participant", s.renderParticipant(p.ID))
	}
}

func (s *Server) updateParticipant(w http.ResponseWriter, r *http.Request) {
	var req zigned.ParticipantUpdate
	if !decodeBody(w, r, &req) {
		return
	}
	s.mu.Lock()
	rec, p := s.participant(w, r)
	if p == nil {
		s.mu.Unlock()
		return
	}
	if rec.base.Status != zigned.AgreementStatusDraft {
		s.mu.Unlock()
		writeError(w, http.StatusBadRequest, "Participants can only be updated while the agreement is a draft")
		return
	}
	if req.Email != "" {
		p.Email = req.Email
	}
	if req.Name != "" {
		p.Name = req.Name
	}
	if req.Role == zigned.RoleSigner || req.Role == zigned.RoleApprover {
		p.Role = req.Role
	}
	if req.Locale != "" {
		p.Locale = req.Locale
	}
	if req.Order != nil {
		o := float64(*req.Order)
		p.Order = &o
	}
	if ie := req.IdentityEnforcement; ie != nil {
		if ie.Disable {
			p.IdentityEnforcement = &zigned.IdentityEnforcement{}
		} else if ie.PersonalNumber != "" {
			p.IdentityEnforcement = &zigned.IdentityEnforcement{Enabled: true, Status: zigned.IdentityEnforcementPending,
				Method: zigned.IdentityEnforcementSwePNOCrosscheck}
		}
	}
	p.UpdatedAt = zigned.Time{Time: s.now()}
	out := s.renderParticipant(p.ID)
	s.mu.Unlock()
	s.deliver(context.WithoutCancel(r.Context()), pending{zigned.EventParticipantDraftUpdated, out})
	writeResult(w, "single", "participant", out)
}

func (s *Server) deleteParticipant(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, p := s.participant(w, r)
	if p == nil {
		return
	}
	if p.Status != zigned.ParticipantStatusDraft || !editable(rec) {
		writeError(w, http.StatusBadRequest, "Only draft participants can be deleted")
		return
	}
	out := s.renderParticipant(p.ID)
	delete(s.participants, p.ID)
	rec.participants = slices.DeleteFunc(rec.participants, func(x string) bool { return x == p.ID })
	s.touch(rec)
	writeResult(w, "deleted", "participant", out)
}

// ---- webhooks

func validHookURL(u string) bool {
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != ""
}

// webhookJSON is a webhook as the API answers it, secret included
// (zigned.Webhook encodes its Secret redacted).
type webhookJSON struct {
	*zigned.Webhook
	Secret string `json:"secret"`
}

func (s *Server) renderWebhook(id string) webhookJSON {
	h := *s.webhooks[id]
	h.Subscriptions = slices.Clone(h.Subscriptions)
	return webhookJSON{&h, h.Secret.Reveal()}
}

func (s *Server) createWebhook(w http.ResponseWriter, r *http.Request) {
	var req zigned.WebhookRequest
	if !decodeBody(w, r, &req) {
		return
	}
	if !validHookURL(req.URL) {
		writeError(w, http.StatusBadRequest, "url must be an absolute http(s) URL")
		return
	}
	subs := []zigned.EventType{}
	for _, e := range req.Subscriptions {
		if !e.Known() {
			writeError(w, http.StatusBadRequest, "unknown event "+string(e))
			return
		}
		if !slices.Contains(subs, e) {
			subs = append(subs, e)
		}
	}
	h := zigned.Webhook{
		ResourceType: "webhook", URL: req.URL, Name: req.Name, Status: req.Status, Type: req.Type,
		Subscriptions: subs,
	}
	if h.Status == "" {
		h.Status = zigned.WebhookInactive
	}
	if h.Type == "" {
		h.Type = zigned.WebhookProduction
	}
	scope := req.Scope
	if scope == "" {
		scope = zigned.WebhookScopeClient
	}
	s.mu.Lock()
	h.ID = s.nextID("whk")
	if h.Name == "" {
		h.Name = "Webhook " + h.ID
	}
	h.Scope = zigned.WebhookScope{Type: scope}
	if scope == zigned.WebhookScopeUser {
		h.Scope.UserID = "cuser000001zt"
	}
	h.Secret = webhook.Secret(s.cfg.webhookSecret)
	if h.Secret == "" {
		h.Secret = webhook.Secret("whsec_" + randomHex(24))
	}
	now := zigned.Time{Time: s.now()}
	h.CreatedAt, h.UpdatedAt = now, now
	s.webhooks[h.ID] = &h
	s.hookOrder = append(s.hookOrder, h.ID)
	out := s.renderWebhook(h.ID)
	s.mu.Unlock()
	writeResult(w, "single", "webhook", out)
}

func (s *Server) listWebhooks(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]webhookJSON, 0, len(s.hookOrder))
	for _, id := range s.hookOrder {
		out = append(out, s.renderWebhook(id))
	}
	writeResult(w, "list", "webhook", out)
}

func (s *Server) webhook(w http.ResponseWriter, r *http.Request) *zigned.Webhook {
	h, ok := s.webhooks[r.PathValue("webhook_id")]
	if !ok {
		writeError(w, http.StatusNotFound, "Webhook not found")
		return nil
	}
	return h
}

func (s *Server) getWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.webhook(w, r); h != nil {
		writeResult(w, "single", "webhook", s.renderWebhook(h.ID))
	}
}

func (s *Server) updateWebhook(w http.ResponseWriter, r *http.Request) {
	var req zigned.WebhookUpdate
	if !decodeBody(w, r, &req) {
		return
	}
	if req.URL != "" && !validHookURL(req.URL) {
		writeError(w, http.StatusBadRequest, "url must be an absolute http(s) URL")
		return
	}
	for _, sub := range req.Subscriptions {
		if !sub.Event.Known() {
			writeError(w, http.StatusBadRequest, "unknown event "+string(sub.Event))
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.webhook(w, r)
	if h == nil {
		return
	}
	if req.URL != "" {
		h.URL = req.URL
	}
	if req.Name != "" {
		h.Name = req.Name
	}
	if req.Type != "" {
		h.Type = req.Type
	}
	if req.Status != "" {
		h.Status = req.Status
	}
	if req.Scope != "" {
		h.Scope = zigned.WebhookScope{Type: req.Scope}
	}
	for _, sub := range req.Subscriptions {
		if sub.Unsubscribe {
			h.Subscriptions = slices.DeleteFunc(h.Subscriptions, func(e zigned.EventType) bool { return e == sub.Event })
		} else if !slices.Contains(h.Subscriptions, sub.Event) {
			h.Subscriptions = append(h.Subscriptions, sub.Event)
		}
	}
	h.UpdatedAt = zigned.Time{Time: s.now()}
	writeResult(w, "single", "webhook", s.renderWebhook(h.ID))
}

func (s *Server) deleteWebhook(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.webhook(w, r)
	if h == nil {
		return
	}
	out := s.renderWebhook(h.ID)
	delete(s.webhooks, h.ID)
	s.hookOrder = slices.DeleteFunc(s.hookOrder, func(x string) bool { return x == h.ID })
	writeResult(w, "deleted", "webhook", out)
}
