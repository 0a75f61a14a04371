package webhook

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// issueProvider decodes like parseTestEvent, then reports the given issues
// on the event, as a provider's tolerant decoder does.
func issueProvider(t testing.TB, issues []DecodeIssue, opts ...Option) Provider {
	return NewProvider("test", testVerifier(t), func(h http.Header, body []byte) (Event, error) {
		ev, err := parseTestEvent(h, body)
		if err != nil {
			return nil, err
		}
		ev.(interface{ SetDecodeIssues([]DecodeIssue) }).SetDecodeIssues(issues)
		return ev, nil
	}, opts...)
}

// summary stands for issues a capped list did not keep.
type summary struct{ n int }

func (s summary) Error() string   { return fmt.Sprintf("%d more", s.n) }
func (s summary) Unwrap() error   { return ErrTooManyDecodeIssues }
func (s summary) Unlisted() int   { return s.n }
func (s summary) Is(e error) bool { return e == ErrTooManyDecodeIssues }

var someIssues = []DecodeIssue{
	{Path: "data.created", Raw: `"20/05/2020 jane.doe@example.com"`, Err: errors.New("unrecognized timestamp")},
	{Path: "data.pages", Raw: `"None"`, Err: errors.New("not a number")},
	{Path: "data.a", Raw: `1`}, {Path: "data.b", Raw: `2`}, {Path: "data.c", Raw: `3`}, {Path: "data.d", Raw: `4`},
	{Err: summary{n: 10}},
}

// An event with values that did not decode is dispatched, with its issues,
// after one warning that names paths but no value.
func TestHandlerDispatchesEventsWithIssues(t *testing.T) {
	logger, logs := logBuffer()
	h := NewHandler(issueProvider(t, someIssues), WithLogger(logger))
	var got []Event
	On(h, func(_ context.Context, ev *createdEvent) error { got = append(got, ev); return nil })
	w := serve(h, signedRequest(createdBody))
	equal(t, "status", w.Code, http.StatusOK)
	if len(got) != 1 || got[0].(*createdEvent).DocumentID != "doc_9" || len(got[0].DecodeIssues()) != len(someIssues) {
		t.Fatalf("dispatched %v", got)
	}
	out := logs.String()
	if n := strings.Count(out, "level=WARN"); n != 1 {
		t.Fatalf("want one warning, got %d:\n%s", n, out)
	}
	for _, want := range []string{"type=document.created", "id=evt_1", "count=16", `paths="data.created, data.pages, data.a, data.b, data.c"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the warning lacks %s:\n%s", want, out)
		}
	}
	for _, leak := range []string{"jane.doe", "None", "20/05/2020"} {
		if strings.Contains(out, leak) {
			t.Errorf("the warning holds a value (%s):\n%s", leak, out)
		}
	}

	// A clean event: no warning.
	logs.Reset()
	h2 := NewHandler(issueProvider(t, nil), WithLogger(logger))
	equal(t, "clean status", serve(h2, signedRequest(createdBody)).Code, http.StatusOK)
	if strings.Contains(logs.String(), "WARN") {
		t.Fatalf("a clean event was warned about: %s", logs)
	}
}

// Strict decoding: the delivery is refused (400) and nothing runs.
func TestHandlerStrictDecoding(t *testing.T) {
	logger, logs := logBuffer()
	h := NewHandler(issueProvider(t, someIssues[:1]), WithLogger(logger), WithStrictDecoding())
	ran := false
	h.OnAny(func(context.Context, Event) error { ran = true; return nil })
	equal(t, "status", serve(h, signedRequest(createdBody)).Code, http.StatusBadRequest)
	if ran || !strings.Contains(logs.String(), "strict decoding") || strings.Contains(logs.String(), "jane.doe") {
		t.Fatalf("ran=%v, log %s", ran, logs)
	}
	// The option configures decoding, not a provider's checks: a Provider
	// that takes no options accepts it on the Handler.
	logs.Reset()
	h = NewHandler(plainProvider{issueProvider(t, someIssues[:1])}, WithLogger(logger), WithStrictDecoding())
	equal(t, "plain provider status", serve(h, signedRequest(createdBody)).Code, http.StatusBadRequest)
}

// plainProvider hides NewProvider's extra methods.
type plainProvider struct{ Provider }

func TestMetaDecodeIssues(t *testing.T) {
	m := NewMeta("p", "t", "id", fixedNow, nil, Other)
	if m.DecodeIssues() != nil {
		t.Fatal("a new Meta has no issues")
	}
	m.SetDecodeIssues(someIssues[:2])
	var ev Event = &struct{ Meta }{m}
	if got := ev.DecodeIssues(); len(got) != 2 || got[0].Path != "data.created" {
		t.Fatalf("DecodeIssues = %v", got)
	}
	equal(t, "count", countIssues(someIssues), 16)
	equal(t, "paths", issuePaths(someIssues[:2]), "data.created, data.pages")
}
