package webhook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Typed events of a made-up provider, shaped like the real ones.
type createdEvent struct {
	Meta
	DocumentID string `json:"document_id"`
}

type completedEvent struct {
	Meta
	DocumentID string `json:"document_id"`
	Signers    int    `json:"signers"`
}

type unknownEvent struct{ Meta }

// delivery is the made-up wire format.
type delivery struct {
	ID   string          `json:"id"`
	Type string          `json:"type"`
	At   int64           `json:"at"`
	Data json.RawMessage `json:"data"`
}

func parseTestEvent(_ http.Header, body []byte) (Event, error) {
	var d delivery
	if err := json.Unmarshal(body, &d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidPayload, err)
	}
	if d.Type == "" {
		return nil, fmt.Errorf("%w: no type", ErrInvalidPayload)
	}
	at := time.Unix(d.At, 0).UTC()
	switch d.Type {
	case "document.created":
		ev := &createdEvent{Meta: NewMeta("test", d.Type, d.ID, at, body, Created)}
		if len(d.Data) > 0 {
			if err := json.Unmarshal(d.Data, ev); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalidPayload, err)
			}
		}
		return ev, nil
	case "document.completed":
		ev := &completedEvent{Meta: NewMeta("test", d.Type, d.ID, at, body, Completed)}
		if len(d.Data) > 0 {
			if err := json.Unmarshal(d.Data, ev); err != nil {
				return nil, fmt.Errorf("%w: %v", ErrInvalidPayload, err)
			}
		}
		return ev, nil
	}
	return &unknownEvent{Meta: NewMeta("test", d.Type, d.ID, at, body, "")}, nil
}

const testSecret = "whsec_test_handler"
const testSigHeader = "X-Test-Signature"

func testProvider(t testing.TB) Provider {
	return NewProvider("test", testVerifier(t), parseTestEvent)
}

func testVerifier(t testing.TB) Verifier {
	v, err := NewTimestampedHMAC(testSigHeader, []string{testSecret}, clock())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func signedRequest(body string) *http.Request {
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	r := httptest.NewRequest(http.MethodPost, "/hooks/test", strings.NewReader(body))
	r.Header.Set(testSigHeader, "t="+ts+",v1="+macHex(testSecret, ts+"."+body))
	r.Header.Set("Content-Type", "application/json")
	return r
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func logBuffer() (*slog.Logger, *bytes.Buffer) {
	var b bytes.Buffer
	return slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})), &b
}

const createdBody = `{"id":"evt_1","type":"document.created","at":1744027200,"data":{"document_id":"doc_9"}}`

func TestHandlerStatusCodes(t *testing.T) {
	logger, logs := logBuffer()
	h := NewHandler(testProvider(t), WithLogger(logger), WithMaxBodyBytes(512))
	var created []*createdEvent
	var any []Event
	On(h, func(_ context.Context, ev *createdEvent) error { created = append(created, ev); return nil })
	On(h, func(_ context.Context, ev *completedEvent) error {
		if ev.Signers < 0 {
			return errors.New("cannot store completion")
		}
		if ev.Signers == 99 {
			panic("handler bug")
		}
		return nil
	})
	h.OnAny(func(_ context.Context, ev Event) error { any = append(any, ev); return nil })

	// 405 for anything but POST, with Allow.
	for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodHead, http.MethodDelete} {
		w := serve(h, httptest.NewRequest(m, "/hooks/test", nil))
		equal(t, m+" status", w.Code, http.StatusMethodNotAllowed)
		equal(t, m+" Allow", w.Header().Get("Allow"), http.MethodPost)
	}

	// 413 over the bound (checked before verification).
	big := `{"id":"x","type":"document.created","pad":"` + strings.Repeat("a", 600) + `"}`
	equal(t, "too large", serve(h, signedRequest(big)).Code, http.StatusRequestEntityTooLarge)

	// 401 with a generic body; the reason only in the log.
	for name, r := range map[string]*http.Request{
		"tampered": func() *http.Request {
			r := signedRequest(createdBody)
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(createdBody, "doc_9", "doc_8", 1)))
			return r
		}(),
		"wrong secret": func() *http.Request {
			r := signedRequest(createdBody)
			ts := strconv.FormatInt(fixedNow.Unix(), 10)
			r.Header.Set(testSigHeader, "t="+ts+",v1="+macHex("whsec_other", ts+"."+createdBody))
			return r
		}(),
		"too old": func() *http.Request {
			r := signedRequest(createdBody)
			ts := strconv.FormatInt(fixedNow.Add(-time.Hour).Unix(), 10)
			r.Header.Set(testSigHeader, "t="+ts+",v1="+macHex(testSecret, ts+"."+createdBody))
			return r
		}(),
		"unsigned":  httptest.NewRequest(http.MethodPost, "/hooks/test", strings.NewReader(createdBody)),
		"malformed": func() *http.Request { r := signedRequest(createdBody); r.Header.Set(testSigHeader, "t=1"); return r }(),
	} {
		logs.Reset()
		w := serve(h, r)
		equal(t, name+" status", w.Code, http.StatusUnauthorized)
		equal(t, name+" body", w.Body.String(), "unauthorized\n")
		if !strings.Contains(logs.String(), "verification failed") || !strings.Contains(logs.String(), "webhook: ") {
			t.Fatalf("%s: reason not logged: %s", name, logs.String())
		}
	}
	logs.Reset()
	serve(h, httptest.NewRequest(http.MethodPost, "/hooks/test", strings.NewReader(createdBody)))
	if !strings.Contains(logs.String(), ErrMissingSignature.Error()) {
		t.Fatalf("precise reason missing from log: %s", logs.String())
	}

	// 400 on decode failure of a correctly signed body.
	for _, body := range []string{`not json`, `{"id":"x"}`, `{"type":"document.created","data":{"document_id":7}}`} {
		equal(t, "decode failure "+body, serve(h, signedRequest(body)).Code, http.StatusBadRequest)
	}

	// 200: typed handler then catch-all.
	w := serve(h, signedRequest(createdBody))
	equal(t, "success status", w.Code, http.StatusOK)
	equal(t, "typed calls", len(created), 1)
	equal(t, "document id", created[0].DocumentID, "doc_9")
	equal(t, "event id", created[0].ID(), "evt_1")
	equal(t, "lifecycle", created[0].Lifecycle(), Created)
	equal(t, "raw", string(created[0].Raw()), createdBody)
	equal(t, "catch-all calls", len(any), 1)

	// Unknown types reach only the catch-all; still 200.
	equal(t, "unknown type", serve(h, signedRequest(`{"id":"evt_2","type":"document.viewed"}`)).Code, http.StatusOK)
	equal(t, "catch-all calls", len(any), 2)
	equal(t, "unknown lifecycle", any[1].Lifecycle(), Other)
	equal(t, "typed calls after unknown", len(created), 1)

	// 500 when the user's handler fails or panics; the catch-all is skipped.
	logs.Reset()
	equal(t, "handler error", serve(h, signedRequest(`{"id":"e3","type":"document.completed","data":{"signers":-1}}`)).Code, http.StatusInternalServerError)
	if !strings.Contains(logs.String(), "cannot store completion") {
		t.Fatalf("handler error not logged: %s", logs.String())
	}
	equal(t, "handler panic", serve(h, signedRequest(`{"id":"e4","type":"document.completed","data":{"signers":99}}`)).Code, http.StatusInternalServerError)
	equal(t, "catch-all calls after failures", len(any), 2)
	equal(t, "completed ok", serve(h, signedRequest(`{"id":"e5","type":"document.completed","data":{"signers":2}}`)).Code, http.StatusOK)
}

func TestHandlerDefaultsAndNoLogger(t *testing.T) {
	h := NewHandler(testProvider(t), nil, WithMaxBodyBytes(0), WithLogger(nil))
	equal(t, "default bound", h.maxBody, int64(DefaultMaxBodyBytes))
	body := `{"id":"x","type":"t","pad":"` + strings.Repeat("a", DefaultMaxBodyBytes) + `"}`
	equal(t, "over 1 MiB", serve(h, signedRequest(body)).Code, http.StatusRequestEntityTooLarge)
	equal(t, "unsigned without logger", serve(h, httptest.NewRequest("POST", "/", strings.NewReader("{}"))).Code, http.StatusUnauthorized)
	equal(t, "no handlers registered", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
}

// badProvider decodes to nothing or panics.
type badProvider struct{ mode string }

func (badProvider) Name() string                              { return "bad" }
func (badProvider) VerifyRequest(*http.Request, []byte) error { return nil }
func (p badProvider) Parse(http.Header, []byte) (Event, error) {
	if p.mode == "panic" {
		panic("decoder bug")
	}
	return nil, nil
}

func TestHandlerSurvivesBadDecoders(t *testing.T) {
	for _, mode := range []string{"nil", "panic"} {
		logger, logs := logBuffer()
		h := NewHandler(badProvider{mode}, WithLogger(logger))
		w := serve(h, httptest.NewRequest("POST", "/", strings.NewReader("{}")))
		equal(t, mode+" status", w.Code, http.StatusBadRequest)
		if !strings.Contains(logs.String(), "invalid payload") {
			t.Fatalf("%s: not logged: %s", mode, logs.String())
		}
	}
	if err := NewHandler(badProvider{}).Dispatch(context.Background(), nil); !errors.Is(err, ErrInvalidPayload) {
		t.Fatalf("Dispatch(nil) = %v", err)
	}
}

// lifecycler is an interface some typed events implement.
type documentEvent interface {
	Event
	Document() string
}

func (e *createdEvent) Document() string   { return e.DocumentID }
func (e *completedEvent) Document() string { return e.DocumentID }

func TestOnInterfaceTypeAndOrder(t *testing.T) {
	h := NewHandler(testProvider(t))
	var order []string
	On(h, func(_ context.Context, ev documentEvent) error {
		order = append(order, "doc:"+ev.Document())
		return nil
	})
	On(h, func(_ context.Context, ev *completedEvent) error { order = append(order, "completed"); return nil })
	On(h, func(_ context.Context, ev *createdEvent) error { order = append(order, "created"); return nil })
	h.OnAny(func(_ context.Context, ev Event) error { order = append(order, "any:"+ev.Type()); return nil })
	On(h, func(_ context.Context, ev Event) error { order = append(order, "on-event"); return nil })

	ctx := context.Background()
	if err := h.Dispatch(ctx, &completedEvent{Meta: NewMeta("test", "document.completed", "1", fixedNow, nil, Completed), DocumentID: "d1"}); err != nil {
		t.Fatal(err)
	}
	if err := h.Dispatch(ctx, &unknownEvent{Meta: NewMeta("test", "x", "2", fixedNow, nil, Other)}); err != nil {
		t.Fatal(err)
	}
	equal(t, "order", strings.Join(order, ","), "doc:d1,completed,on-event,any:document.completed,on-event,any:x")
}

// The zero Handler (no Provider) refuses every delivery instead of
// crashing or accepting it; NewHandler(nil) panics (config_test.go).
func TestHandlerWithoutProviderFailsClosed(t *testing.T) {
	logger, logs := logBuffer()
	for name, h := range map[string]*Handler{
		"zero Handler": {logger: logger},
	} {
		var calls int
		h.OnAny(func(context.Context, Event) error { calls++; return nil })
		logs.Reset()
		w := serve(h, signedRequest(createdBody))
		equal(t, name+" status", w.Code, http.StatusUnauthorized)
		equal(t, name+" handler calls", calls, 0)
		if !strings.Contains(logs.String(), ErrNoSecret.Error()) {
			t.Fatalf("%s: reason not logged: %s", name, logs.String())
		}
		equal(t, name+" GET", serve(h, httptest.NewRequest(http.MethodGet, "/", nil)).Code, http.StatusMethodNotAllowed)
	}
}

// Concurrent copies of one delivery are dispatched once: each copy gets
// 200 (handled, or a duplicate of a handled event) or 409 (arrived while the
// first was being handled: the provider retries it later), never a second
// dispatch.
func TestHandlerConcurrentDuplicates(t *testing.T) {
	h := NewHandler(testProvider(t), WithDedupe(nil, time.Hour))
	var calls atomic.Int32
	h.OnAny(func(context.Context, Event) error { calls.Add(1); return nil })
	var wg sync.WaitGroup
	var ok200 atomic.Int32
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			switch code := serve(h, signedRequest(createdBody)).Code; code {
			case http.StatusOK:
				ok200.Add(1)
			case http.StatusConflict:
			default:
				t.Errorf("status %d", code)
			}
		}()
	}
	wg.Wait()
	equal(t, "dispatched", calls.Load(), int32(1))
	if ok200.Load() < 1 {
		t.Fatal("no copy was answered 200")
	}
	equal(t, "a later copy", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "still dispatched once", calls.Load(), int32(1))
}

func TestMetaDefaults(t *testing.T) {
	m := NewMeta("p", "t", "id", fixedNow, []byte("raw"), "")
	equal(t, "empty lifecycle is Other", m.Lifecycle(), Other)
	equal(t, "provider", m.Provider(), "p")
	equal(t, "type", m.Type(), "t")
	equal(t, "at", m.OccurredAt(), fixedNow)
	// Meta's fields are not touched by JSON decoding of the embedding struct.
	ev := &createdEvent{Meta: m}
	if err := json.Unmarshal([]byte(`{"document_id":"d","provider":"x","id":"y"}`), ev); err != nil {
		t.Fatal(err)
	}
	equal(t, "id kept", ev.ID(), "id")
	equal(t, "provider kept", ev.Provider(), "p")
}

// Registering a nil handler func is refused at once, not at every delivery.
func TestOnNilPanics(t *testing.T) {
	h := NewHandler(testProvider(t))
	want := "webhook: On[webhook.Event]: nil Handler or handler func"
	assertPanics(t, want, func() { On[Event](h, nil) })
	assertPanics(t, want, func() { On(nil, func(context.Context, Event) error { return nil }) })
	assertPanics(t, "webhook: OnAny: nil handler func", func() { h.OnAny(nil) })
}

func assertPanics(t *testing.T, want string, f func()) {
	t.Helper()
	defer func() {
		if got := recover(); got != want {
			t.Errorf("panic %v, want %q", got, want)
		}
	}()
	f()
}
