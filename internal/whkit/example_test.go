package whkit_test

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/esignkit/esign/internal/whkit"
	"github.com/esignkit/esign/internal/whopt"
	"github.com/esignkit/esign/webhook"
)

// A provider package's webhook side is a Kit: how to build its checks from
// its secret (once per provider value) and how to decode a body. Its
// entry points are one-line calls into it.
func ExampleKit() {
	kit := &whkit.Kit[string]{
		Name: "acme",
		Build: func(secret string, _ *whopt.Config, opts []webhook.Option) (whkit.Checks, error) {
			v, err := webhook.NewBodyHMAC("X-Acme-Signature", []string{secret}, opts...)
			if err != nil {
				return whkit.Checks{}, fmt.Errorf("no webhook secret: %w", err)
			}
			return whkit.Checks{Verify: v}, nil
		},
		Parse: func(_ *whopt.Config, _ http.Header, body []byte) (webhook.Event, error) {
			return &struct{ webhook.Meta }{webhook.NewMeta("acme", "ping", webhook.BodyID(body), now, body, webhook.Other)}, nil
		},
	}
	body := []byte(`{"ping":true}`)
	h := webhooktestHeader("X-Acme-Signature", "s3cret", body)
	ev, err := kit.ConstructEvent(body, h, "s3cret", nil)
	fmt.Println(ev.Type(), err)
	_, err = kit.ConstructEvent(body, h, "", nil)
	fmt.Println(err, errors.Is(err, webhook.ErrNoSecret))
	// Output:
	// ping <nil>
	// acme: no webhook secret: webhook: no secret configured true
}
