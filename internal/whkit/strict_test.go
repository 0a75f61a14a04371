package whkit_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

type pagesEvent struct {
	webhook.Meta
	Pages int `json:"pages"`
}

// issueKit decodes {"pages": n} tolerantly, as the contract in the webhook
// package documentation asks of every provider decoder.
func issueKit() *whkit.Kit[string] {
	return &whkit.Kit[string]{
		Name: "acme",
		Build: func(secret string, _ *whopt.Config, opts []webhook.Option) (whkit.Checks, error) {
			v, err := webhook.NewBodyHMAC("X-Acme-Signature", []string{secret}, opts...)
			return whkit.Checks{Verify: v}, err
		},
		Parse: func(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
			ev := &pagesEvent{Meta: webhook.NewMeta("acme", "ping", webhook.BodyID(body), now, body, webhook.Other)}
			issues, err := tolerant.Decode(body, ev, tolerant.Options{})
			if err != nil {
				return nil, errors.Join(webhook.ErrInvalidPayload, err)
			}
			ev.SetDecodeIssues(issues)
			return ev, nil
		},
	}
}

// WithStrictDecoding, read by the shared kit: every entry point refuses an
// event with issues (ErrInvalidPayload, the issues reachable by errors.As);
// without it the event comes with its issues.
func TestStrictDecodingEveryEntryPoint(t *testing.T) {
	kit := issueKit()
	body := []byte(`{"pages":"None"}`)
	h := webhooktestHeader("X-Acme-Signature", secret, body)
	strict := []webhook.Option{webhook.WithStrictDecoding()}

	ev, err := kit.ConstructEvent(body, h, secret, nil)
	if err != nil || len(ev.DecodeIssues()) != 1 || ev.DecodeIssues()[0].Path != "pages" {
		t.Fatalf("tolerant ConstructEvent: %v, %v", ev, err)
	}
	check := func(name string, ev webhook.Event, err error) {
		t.Helper()
		var is webhook.DecodeIssue
		if ev != nil || !errors.Is(err, webhook.ErrInvalidPayload) || !errors.As(err, &is) || is.Path != "pages" ||
			!strings.HasPrefix(err.Error(), "acme: ") {
			t.Fatalf("%s: %v, %v", name, ev, err)
		}
	}
	ev, err = kit.ConstructEvent(body, h, secret, strict)
	check("ConstructEvent", ev, err)
	ev, err = kit.ParseEvent(body, h, strict)
	check("ParseEvent", ev, err)
	p := kit.Provider(secret, strict)
	ev, err = p.Parse(h, body)
	check("Provider.Parse", ev, err)
	ev, err = p.(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	}).Construct(&http.Request{Header: h}, body)
	check("Provider.Construct", ev, err)

	// Through a Handler: the option given there reaches the provider.
	for name, hd := range map[string]*webhook.Handler{
		"handler option":  webhook.NewHandler(kit.Provider(secret, nil), webhook.WithStrictDecoding()),
		"provider option": webhook.NewHandler(kit.Provider(secret, strict)),
	} {
		r := httptest.NewRequest(http.MethodPost, "/hooks", strings.NewReader(string(body)))
		r.Header = h.Clone()
		w := httptest.NewRecorder()
		hd.ServeHTTP(w, r)
		if w.Code != http.StatusBadRequest {
			t.Fatalf("%s: status %d", name, w.Code)
		}
	}
	// A clean body passes in strict mode.
	clean := []byte(`{"pages":3}`)
	if ev, err := kit.ConstructEvent(clean, webhooktestHeader("X-Acme-Signature", secret, clean), secret, strict); err != nil || ev.(*pagesEvent).Pages != 3 {
		t.Fatalf("clean strict: %v, %v", ev, err)
	}
}
