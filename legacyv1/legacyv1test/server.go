package legacyv1test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Default credentials accepted by the fake server.
const (
	DefaultUsername = "legacyv1test-user"
	DefaultSecret   = "legacyv1test-secret-key"
)

// PDFMode is how GET /pdf/{id}/ answers.
type PDFMode int

// PDF answers.
const (
	// PDFReady answers 200 with the PDF.
	PDFReady PDFMode = iota
	// PDFRedirect answers 302 to a short-lived download location on a second
	// server (another host), which checks that no credentials arrive.
	PDFRedirect
	// PDFArchived answers 201: the document is being de-archived.
	PDFArchived
)

// Request is one request the fake servers received.
type Request struct {
	Method string
	Host   string
	Path   string
	Query  url.Values
	Header http.Header
	Body   []byte
}

// Subscription is a callback registered with POST /subscribe/.
type Subscription struct {
	URL         string
	Notify      legacyv1.Notify
	EventFilter legacyv1.EventFilter
	Group       string
}

// ServerOption configures a Server.
type ServerOption func(*Server)

// WithCredentials sets the username and secret the server accepts.
func WithCredentials(username, secret string) ServerOption {
	return func(s *Server) { s.Username, s.Secret = username, secret }
}

// WithPDFMode sets how PDFs are served by default (PDFReady).
func WithPDFMode(m PDFMode) ServerOption { return func(s *Server) { s.pdfMode = m } }

// WithRelativeLocation makes create answers carry a path-only Location
// ("/api/v1/document/<id>/") instead of an absolute URL.
func WithRelativeLocation() ServerOption { return func(s *Server) { s.relativeLocation = true } }

// WithSigner sets the callback signer (by default a 2048-bit key is
// generated the first time callbacks are delivered).
func WithSigner(sg *Signer) ServerOption { return func(s *Server) { s.signer = sg } }

// WithClock sets the clock used for timestamps (time.Now by default).
func WithClock(now func() time.Time) ServerOption { return func(s *Server) { s.now = now } }

// Server is a stateful in-memory fake of the Legalesign API v1 for the
// document flow: create (201 + Location), get, status, list with Tastypie
// pagination, archive, delete, signers, the three PDF answers, and callback
// subscriptions with signed deliveries.
type Server struct {
	tb testing.TB // set by NewServer: Client reports invalid options to it

	// URL is the API base URL, ending in /api/v1.
	URL string
	// Username and Secret are the credentials the server accepts.
	Username, Secret string

	api, storage     *httptest.Server
	pdfMode          PDFMode
	relativeLocation bool
	now              func() time.Time

	mu      sync.Mutex
	seq     int
	docs    map[string]*doc
	order   []string
	signers map[string]*signer
	subs    []Subscription
	pending []Change
	events  []LegacyDocument // per-event callbacks not delivered yet
	signer  *Signer

	requests fakeserver.Log[Request]
	faults   fakeserver.Faults
}

type doc struct {
	id, name, group, templatePDF, text, tag, tag1, tag2 string
	status                                              legacyv1.DocumentStatus
	archived                                            bool
	created, modified                                   time.Time
	signers                                             []string
	pdfMode                                             *PDFMode
}

type signer struct {
	id, docID, first, last, email string
	order                         int
	status                        legacyv1.SignerStatus
}

// NewServer starts a fake server closed by tb.Cleanup.
func NewServer(tb testing.TB, opts ...ServerOption) *Server {
	tb.Helper()
	s := Start(opts...)
	s.tb = tb
	return fakeserver.CloseOnCleanup(tb, s)
}

// Start starts a fake server; the caller closes it.
func Start(opts ...ServerOption) *Server {
	s := &Server{Username: DefaultUsername, Secret: DefaultSecret, now: time.Now,
		docs: map[string]*doc{}, signers: map[string]*signer{}}
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	s.storage = httptest.NewServer(http.HandlerFunc(s.serveStorage))
	s.api = httptest.NewServer(http.HandlerFunc(s.serveAPI))
	s.URL = s.api.URL + "/api/v1"
	return s
}

// Close stops both servers.
func (s *Server) Close() {
	s.api.Close()
	s.storage.Close()
}

// Client returns a real client pointed at the server, with fast retries.
func (s *Server) Client(opts ...legacyv1.Option) *legacyv1.Client {
	all := append([]legacyv1.Option{legacyv1.WithBaseURL(s.URL), legacyv1.WithRetryWait(time.Millisecond, 10*time.Millisecond)}, opts...)
	c, err := legacyv1.NewClient(s.Username, s.Secret, all...)
	return fakeserver.ClientOrFail(s.tb, "legacyv1test", c, err)
}

// FailNext makes the next API request answer status (with a Retry-After
// header, rounded up to seconds, when retryAfter > 0). Calls queue.
func (s *Server) FailNext(status int, retryAfter time.Duration) {
	s.faults.FailNext(status, retryAfter)
}

// Requests returns every request received so far, download host included.
func (s *Server) Requests() []Request { return s.requests.All() }

// DocumentIDs returns the ids of the documents, oldest first.
func (s *Server) DocumentIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.order...)
}

// SignerIDs returns the ids of a document's signers, in order.
func (s *Server) SignerIDs(documentID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d, ok := s.docs[documentID]; ok {
		return append([]string(nil), d.signers...)
	}
	return nil
}

// Subscriptions returns the registered callbacks.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Subscription(nil), s.subs...)
}

var errUnknown = errors.New("legacyv1test: unknown id")

// SetPDFMode sets how one document's PDF is served.
func (s *Server) SetPDFMode(documentID string, m PDFMode) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[documentID]
	if !ok {
		return fmt.Errorf("%w: document %q", errUnknown, documentID)
	}
	d.pdfMode = &m
	return nil
}

// SetDocumentStatus changes a document's status and queues the change for
// the next batch callback (30 and 50 also queue "signed"/"rejected"
// per-event callbacks).
func (s *Server) SetDocumentStatus(documentID string, status legacyv1.DocumentStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[documentID]
	if !ok {
		return fmt.Errorf("%w: document %q", errUnknown, documentID)
	}
	s.setDocStatus(d, status)
	return nil
}

func (s *Server) setDocStatus(d *doc, status legacyv1.DocumentStatus) {
	at := s.now().UTC()
	d.status, d.modified = status, at
	s.pending = append(s.pending, DocumentStatusChange(d.id, status, at))
	switch status {
	case legacyv1.DocumentSigned:
		s.events = append(s.events, s.legacyDoc(d, string(legacyv1.NotifySigned)))
	case legacyv1.DocumentRejected:
		s.events = append(s.events, s.legacyDoc(d, string(legacyv1.NotifyRejected)))
	}
}

func (s *Server) legacyDoc(d *doc, event string) LegacyDocument {
	return LegacyDocument{Name: d.name, ResourceURI: legacyv1.DocumentURI(d.id), UUID: d.id, Group: d.group, Tag: d.tag, Tag1: d.tag1, Tag2: d.tag2, Event: event}
}

// SetSignerStatus changes a signer's status and queues the change. When
// every signer of the document has signed, the document becomes signed (30);
// a rejection (60) rejects the document (50).
func (s *Server) SetSignerStatus(signerID string, status legacyv1.SignerStatus) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	sg, ok := s.signers[signerID]
	if !ok {
		return fmt.Errorf("%w: signer %q", errUnknown, signerID)
	}
	sg.status = status
	s.pending = append(s.pending, SignerStatusChange(sg.id, status, s.now().UTC()))
	d := s.docs[sg.docID]
	if d == nil {
		return nil
	}
	if status == legacyv1.SignerRejected {
		s.setDocStatus(d, legacyv1.DocumentRejected)
		return nil
	}
	for _, id := range d.signers {
		if !s.signers[id].status.HasSigned() {
			return nil
		}
	}
	if d.status != legacyv1.DocumentSigned {
		s.setDocStatus(d, legacyv1.DocumentSigned)
	}
	return nil
}

// SignAll marks every signer of a document as signed, which signs the
// document.
func (s *Server) SignAll(documentID string) error {
	for _, id := range s.SignerIDs(documentID) {
		if err := s.SetSignerStatus(id, legacyv1.SignerSigned); err != nil {
			return err
		}
	}
	if len(s.SignerIDs(documentID)) == 0 {
		return fmt.Errorf("%w: document %q", errUnknown, documentID)
	}
	return nil
}

// PendingChanges returns the status changes not delivered yet.
func (s *Server) PendingChanges() []Change {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Change(nil), s.pending...)
}

// Signer returns the callback signer, generating a 2048-bit key pair the
// first time. Configure receivers with its Certificate or CertificatePEM.
func (s *Server) Signer() (*Signer, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.signer == nil {
		sg, err := NewSigner(webhooktest.CertOptions{})
		if err != nil {
			return nil, err
		}
		s.signer = sg
	}
	return s.signer, nil
}

// DeliverCallbacks posts what happened since the last delivery to the
// registered callbacks, signed: one "all" batch of the pending status
// changes to each "all" subscription, and a per-event callback to each
// "signed", "sent" or "rejected" subscription for each matching event.
// Realtime subscriptions get nothing: their signature is undocumented. The
// queue is emptied only when every post succeeded.
func (s *Server) DeliverCallbacks(ctx context.Context) error {
	sg, err := s.Signer()
	if err != nil {
		return err
	}
	s.mu.Lock()
	changes := append([]Change(nil), s.pending...)
	events := append([]LegacyDocument(nil), s.events...)
	subs := append([]Subscription(nil), s.subs...)
	s.mu.Unlock()
	var errs []error
	for _, sub := range subs {
		switch sub.Notify {
		case legacyv1.NotifyAll:
			if len(changes) > 0 {
				errs = append(errs, sg.PostBatch(ctx, sub.URL, changes))
			}
		case legacyv1.NotifySigned, legacyv1.NotifySent, legacyv1.NotifyRejected:
			for _, ev := range events {
				if ev.Event == string(sub.Notify) {
					errs = append(errs, sg.PostLegacy(ctx, sub.URL, ev))
				}
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.mu.Lock()
	s.pending = s.pending[len(changes):]
	s.events = s.events[len(events):]
	s.mu.Unlock()
	return nil
}

// ---- HTTP

func (s *Server) record(r *http.Request) []byte {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	s.requests.Append(Request{Method: r.Method, Host: r.Host, Path: r.URL.EscapedPath(), Query: r.URL.Query(), Header: r.Header.Clone(), Body: body})
	return body
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

var routes = []struct {
	method string
	re     *regexp.Regexp
	h      func(s *Server, w http.ResponseWriter, r *http.Request, body []byte, m []string)
}{
	{"GET", regexp.MustCompile(`^document/$`), (*Server).listDocuments},
	{"POST", regexp.MustCompile(`^document/$`), (*Server).createDocument},
	{"GET", regexp.MustCompile(`^document/([^/]+)/$`), (*Server).getDocument},
	{"DELETE", regexp.MustCompile(`^document/([^/]+)/$`), (*Server).archiveDocument},
	{"DELETE", regexp.MustCompile(`^document/([^/]+)/delete/$`), (*Server).deleteDocument},
	{"GET", regexp.MustCompile(`^status/$`), (*Server).listStatus},
	{"GET", regexp.MustCompile(`^status/([^/]+)/$`), (*Server).getStatus},
	{"GET", regexp.MustCompile(`^signer/([^/]+)/$`), (*Server).getSigner},
	{"GET", regexp.MustCompile(`^pdf/([^/]+)/$`), (*Server).getPDF},
	{"POST", regexp.MustCompile(`^subscribe/$`), (*Server).subscribe},
	{"POST", regexp.MustCompile(`^unsubscribe/$`), (*Server).unsubscribe},
	{"GET", regexp.MustCompile(`^notifications/$`), (*Server).notifications},
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	body := s.record(r)
	if status, retryAfter, ok := s.faults.Take(); ok {
		fakeserver.SetRetryAfter(w.Header(), retryAfter)
		writeJSON(w, status, map[string]string{"error_message": "legacyv1test: injected failure"})
		return
	}
	if r.Header.Get("Authorization") != "ApiKey "+s.Username+":"+s.Secret {
		w.WriteHeader(http.StatusUnauthorized) // Tastypie answers 401 with an empty body
		return
	}
	rel, ok := strings.CutPrefix(r.URL.Path, "/api/v1/")
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	for _, rt := range routes {
		if m := rt.re.FindStringSubmatch(rel); m != nil && rt.method == r.Method {
			rt.h(s, w, r, body, m)
			return
		}
	}
	writeJSON(w, http.StatusNotImplemented, map[string]string{"error_message": "legacyv1test: " + r.Method + " " + r.URL.Path + " is not implemented by the fake"})
}

func (s *Server) serveStorage(w http.ResponseWriter, r *http.Request) {
	s.record(r)
	id, ok := strings.CutPrefix(r.URL.Path, "/download/")
	id = strings.TrimSuffix(id, ".pdf")
	if !ok || r.URL.Query().Get("token") == "" {
		w.WriteHeader(http.StatusForbidden)
		return
	}
	if r.Header.Get("Authorization") != "" {
		http.Error(w, "credentials must not reach the download host", http.StatusBadRequest)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	_, _ = io.WriteString(w, PDF(id))
}

// PDF is the content the fake serves for a document.
func PDF(documentID string) string {
	return "%PDF-1.4\n% legacyv1test document " + documentID + "\n%%EOF\n"
}

var groupURI = regexp.MustCompile(`^/api/v1/group/[-\w]{1,50}/$`)

type createBody struct {
	Group       string `json:"group"`
	Name        string `json:"name"`
	TemplatePDF string `json:"templatepdf"`
	Template    string `json:"template"`
	Text        string `json:"text"`
	Signers     []struct {
		FirstName string `json:"firstname"`
		LastName  string `json:"lastname"`
		Email     string `json:"email"`
	} `json:"signers"`
	Tag               string `json:"tag"`
	Tag1              string `json:"tag1"`
	Tag2              string `json:"tag2"`
	ReturnSignerLinks bool   `json:"return_signer_links"`
}

func fieldErrors(resource string, fields map[string]string) map[string]any {
	m := map[string][]string{}
	for k, v := range fields {
		m[k] = []string{v}
	}
	return map[string]any{resource: m}
}

func (s *Server) createDocument(w http.ResponseWriter, r *http.Request, body []byte, _ []string) {
	var req createBody
	if err := json.Unmarshal(body, &req); err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error_message": "unparseable JSON"})
		return
	}
	problems := map[string]string{}
	if strings.TrimSpace(req.Name) == "" {
		problems["name"] = "This field is required."
	}
	if !groupURI.MatchString(req.Group) {
		problems["group"] = "This field is required and must be a group resource URI."
	}
	if len(req.Signers) == 0 {
		problems["signers"] = "This field is required."
	}
	if req.TemplatePDF == "" && req.Template == "" && req.Text == "" {
		problems["templatepdf"] = "One of templatepdf, template or text is required."
	}
	if len(problems) > 0 {
		writeJSON(w, http.StatusBadRequest, fieldErrors("document", problems))
		return
	}
	s.mu.Lock()
	s.seq++
	at := s.now().UTC()
	d := &doc{id: fmt.Sprintf("d0c00000-0000-4000-8000-%012x", s.seq), name: req.Name, group: req.Group, templatePDF: req.TemplatePDF,
		text: req.Text, tag: req.Tag, tag1: req.Tag1, tag2: req.Tag2, status: legacyv1.DocumentCreated, created: at, modified: at}
	links := map[string]string{}
	for i, sr := range req.Signers {
		s.seq++
		sg := &signer{id: fmt.Sprintf("5163e700-0000-4000-8000-%012x", s.seq), docID: d.id, first: sr.FirstName, last: sr.LastName,
			email: sr.Email, order: i, status: legacyv1.SignerSent}
		s.signers[sg.id] = sg
		d.signers = append(d.signers, sg.id)
		s.pending = append(s.pending, SignerStatusChange(sg.id, legacyv1.SignerSent, at))
		links[fmt.Sprintf("signer_%d", i+1)] = s.api.URL + "/esign/" + sg.id + "/"
	}
	s.docs[d.id] = d
	s.order = append(s.order, d.id)
	s.events = append(s.events, s.legacyDoc(d, string(legacyv1.NotifySent)))
	s.mu.Unlock()

	loc := legacyv1.DocumentURI(d.id)
	if !s.relativeLocation {
		loc = s.api.URL + loc
	}
	w.Header().Set("Location", loc)
	if req.ReturnSignerLinks {
		writeJSON(w, http.StatusCreated, links)
		return
	}
	w.WriteHeader(http.StatusCreated)
}

func stamp(t time.Time) string { return t.UTC().Format(TimestampLayout) }

// documentJSON renders a document as the API does. Caller holds s.mu.
func (s *Server) documentJSON(d *doc, withSigners bool) map[string]any {
	m := map[string]any{
		"uuid": d.id, "resource_uri": legacyv1.DocumentURI(d.id), "name": d.name, "group": d.group,
		"status": int(d.status), "archived": d.archived, "created": stamp(d.created), "modified": stamp(d.modified),
		"download_final": d.status == legacyv1.DocumentSigned, "tag": d.tag, "tag1": d.tag1, "tag2": d.tag2,
		"templatepdf": nullable(d.templatePDF), "template": nil, "text": d.text, "user": legacyv1.UserURI(s.Username),
		"auto_archive": true, "do_email": false, "signature_type": 4,
	}
	if withSigners {
		arrays := []any{}
		objects := []any{}
		for _, id := range d.signers {
			sg := s.signers[id]
			arrays = append(arrays, []any{legacyv1.SignerURI(sg.id), sg.first, sg.last, sg.email, "", true, int(sg.status), sg.order})
			objects = append(objects, map[string]any{"uuid": sg.id, "resource_uri": legacyv1.SignerURI(sg.id), "firstname": sg.first,
				"lastname": sg.last, "email": sg.email, "order": sg.order, "role": "signer", "tel": "", "status": int(sg.status)})
		}
		m["signers"], m["signer_objects"] = arrays, objects
	}
	return m
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func (s *Server) getDocument(w http.ResponseWriter, _ *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[m[1]]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, s.documentJSON(d, true))
}

func (s *Server) archiveDocument(w http.ResponseWriter, _ *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[m[1]]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	d.archived = true
	if d.status != legacyv1.DocumentSigned && d.status != legacyv1.DocumentRemoved {
		s.setDocStatus(d, legacyv1.DocumentRemoved)
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) deleteDocument(w http.ResponseWriter, _ *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[m[1]]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	for _, id := range d.signers {
		delete(s.signers, id)
	}
	delete(s.docs, d.id)
	for i, id := range s.order {
		if id == d.id {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

// page writes a Tastypie page of objects.
func page(w http.ResponseWriter, r *http.Request, objects []any) {
	q := r.URL.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 {
		limit = 20
	}
	limit = min(limit, 1000)
	offset, err := strconv.Atoi(q.Get("offset"))
	if err != nil || offset < 0 {
		offset = 0
	}
	link := func(off int) any {
		nq := url.Values{}
		for k, vs := range q {
			nq[k] = vs
		}
		nq.Set("limit", strconv.Itoa(limit))
		nq.Set("offset", strconv.Itoa(off))
		return r.URL.Path + "?" + nq.Encode()
	}
	var next, prev any
	if offset+limit < len(objects) {
		next = link(offset + limit)
	}
	if offset > 0 {
		prev = link(max(offset-limit, 0))
	}
	lo, hi := min(offset, len(objects)), min(offset+limit, len(objects))
	writeJSON(w, http.StatusOK, map[string]any{
		"meta":    map[string]any{"limit": limit, "next": next, "offset": offset, "previous": prev, "total_count": len(objects)},
		"objects": append([]any{}, objects[lo:hi]...),
	})
}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request, _ []byte, _ []string) {
	q := r.URL.Query()
	group := q.Get("group")
	if group == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error_message": "group filter is required"})
		return
	}
	archived := q.Get("archived") == "true" || q.Get("archived") == "1"
	status, _ := strconv.Atoi(q.Get("status"))
	email := q.Get("email")
	withSigners := q.Get("nosigners") != "1"
	var after [2]time.Time // created_gt, modified_gt
	for i, k := range []string{"created_gt", "modified_gt"} {
		if v := q.Get(k); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				writeJSON(w, http.StatusBadRequest, map[string]string{"error_message": k + " is not a date-time"})
				return
			}
			after[i] = t
		}
	}
	s.mu.Lock()
	var objs []any
	for _, id := range s.order {
		d := s.docs[id]
		if d.group != group && d.group != legacyv1.GroupURI(group) {
			continue
		}
		if d.archived != archived || (status != 0 && int(d.status) != status) {
			continue
		}
		if !after[0].IsZero() && !d.created.After(after[0]) || !after[1].IsZero() && !d.modified.After(after[1]) {
			continue
		}
		if email != "" && !s.hasSignerEmail(d, email) {
			continue
		}
		objs = append(objs, s.documentJSON(d, withSigners))
	}
	s.mu.Unlock()
	page(w, r, objs)
}

func (s *Server) hasSignerEmail(d *doc, email string) bool {
	for _, id := range d.signers {
		if strings.EqualFold(s.signers[id].email, email) {
			return true
		}
	}
	return false
}

func (s *Server) statusJSON(d *doc) map[string]any {
	return map[string]any{"resource_uri": "/api/v1/status/" + d.id + "/", "status": int(d.status), "archived": d.archived,
		"download_final": d.status == legacyv1.DocumentSigned, "tag": d.tag, "tag1": d.tag1, "tag2": d.tag2}
}

func (s *Server) listStatus(w http.ResponseWriter, r *http.Request, _ []byte, _ []string) {
	s.mu.Lock()
	objs := make([]any, 0, len(s.order))
	for _, id := range s.order {
		objs = append(objs, s.statusJSON(s.docs[id]))
	}
	s.mu.Unlock()
	page(w, r, objs)
}

func (s *Server) getStatus(w http.ResponseWriter, _ *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.docs[m[1]]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, s.statusJSON(d))
}

func (s *Server) getSigner(w http.ResponseWriter, _ *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sg, ok := s.signers[m[1]]
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resource_uri": legacyv1.SignerURI(sg.id), "document": legacyv1.DocumentURI(sg.docID),
		"email": sg.email, "first_name": sg.first, "last_name": sg.last, "has_fields": true, "order": sg.order, "status": int(sg.status)})
}

func (s *Server) getPDF(w http.ResponseWriter, r *http.Request, _ []byte, m []string) {
	s.mu.Lock()
	d, ok := s.docs[m[1]]
	mode := s.pdfMode
	if ok && d.pdfMode != nil {
		mode = *d.pdfMode
	}
	s.mu.Unlock()
	if !ok {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	switch mode {
	case PDFRedirect:
		http.Redirect(w, r, s.storage.URL+"/download/"+d.id+".pdf?token=one-use-"+strconv.FormatInt(s.now().UnixNano(), 36), http.StatusFound)
	case PDFArchived:
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(http.StatusCreated)
		_, _ = io.WriteString(w, "Being de-archived, available in 4 hours")
	default:
		w.Header().Set("Content-Type", "application/pdf")
		_, _ = io.WriteString(w, PDF(d.id))
	}
}

type subscribeBody struct {
	URL         string `json:"url"`
	Notify      string `json:"notify"`
	EventFilter string `json:"eventFilter"`
	Group       string `json:"group"`
}

var notifyWhen = map[legacyv1.Notify]int{legacyv1.NotifyAll: 1, legacyv1.NotifySigned: 2, legacyv1.NotifySent: 3, legacyv1.NotifyRejected: 4, legacyv1.NotifyRealtime: 10}

func (s *Server) subscribe(w http.ResponseWriter, _ *http.Request, body []byte, _ []string) {
	var req subscribeBody
	if json.Unmarshal(body, &req) != nil || !(strings.HasPrefix(req.URL, "http://") || strings.HasPrefix(req.URL, "https://")) {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error_message": "not json data or not a valid url"})
		return
	}
	if _, ok := notifyWhen[legacyv1.Notify(req.Notify)]; !ok {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error_message": "notify must be all, signed, sent, rejected or realtime"})
		return
	}
	s.mu.Lock()
	s.subs = append(s.subs, Subscription{URL: req.URL, Notify: legacyv1.Notify(req.Notify), EventFilter: legacyv1.EventFilter(req.EventFilter), Group: req.Group})
	s.mu.Unlock()
	w.WriteHeader(http.StatusCreated)
}

func (s *Server) unsubscribe(w http.ResponseWriter, _ *http.Request, body []byte, _ []string) {
	var req subscribeBody
	if json.Unmarshal(body, &req) != nil || req.URL == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error_message": "not json data or not a valid url"})
		return
	}
	s.mu.Lock()
	kept := s.subs[:0]
	for _, sub := range s.subs {
		if sub.URL != req.URL {
			kept = append(kept, sub)
		}
	}
	s.subs = kept
	s.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (s *Server) notifications(w http.ResponseWriter, _ *http.Request, _ []byte, _ []string) {
	s.mu.Lock()
	out := make([]map[string]any, 0, len(s.subs))
	for _, sub := range s.subs {
		out = append(out, map[string]any{"active": true, "notify_when": notifyWhen[sub.Notify], "url": sub.URL, "group_id": nil, "event_filter": string(sub.EventFilter)})
	}
	s.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool { return out[i]["url"].(string) < out[j]["url"].(string) })
	writeJSON(w, http.StatusOK, out)
}
