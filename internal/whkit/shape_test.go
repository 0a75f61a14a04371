package whkit_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

// The same rules hold for every provider package; this file checks them
// once, through each package's public entry points.

var now = time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)

func clock() webhook.Option { return webhook.WithClock(func() time.Time { return now }) }

const secret = "whsec-shape-test-0123456789"

var (
	certOnce sync.Once
	certSig  *rsaSigner
)

type rsaSigner struct {
	sign func([]byte) string
	pem  []byte
}

func signer(t testing.TB) *rsaSigner {
	certOnce.Do(func() {
		key, _, pemBytes, err := webhooktest.NewRSACertificate(webhooktest.CertOptions{})
		if err != nil {
			panic(err)
		}
		certSig = &rsaSigner{pem: pemBytes, sign: func(b []byte) string {
			s, err := webhooktest.SignRSASHA1(key, b)
			if err != nil {
				panic(err)
			}
			return s
		}}
	})
	return certSig
}

// provider is one package's webhook side, seen through its public API.
type provider struct {
	name string
	// deliver returns a correctly signed delivery whose body carries pad
	// (so its size can be chosen).
	deliver func(t testing.TB, pad string) (*http.Request, []byte)
	// webhookProvider builds P.WebhookProvider with its secret (or guard).
	webhookProvider func(opts ...webhook.Option) webhook.Provider
	// misconfigured builds P.WebhookProvider without its secret.
	misconfigured func() webhook.Provider
	// construct is P.ConstructEvent (nil for insertsign, which has none).
	construct func(body []byte, h http.Header, opts ...webhook.Option) (webhook.Event, error)
	// constructEmpty is P.ConstructEvent with an empty secret.
	constructEmpty func(body []byte, h http.Header) error
	// parse is P.ParseEvent.
	parse func(body []byte, opts ...webhook.Option) (webhook.Event, error)
	// missing is what the misconfiguration panic names.
	missing string
}

func request(body []byte, h http.Header, query string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/hooks"+query, bytes.NewReader(body))
	for k, vs := range h {
		r.Header[k] = vs
	}
	return r
}

func providers(t testing.TB) []provider {
	rs := signer(t)
	return []provider{{
		name: "blueink",
		deliver: func(t testing.TB, pad string) (*http.Request, []byte) {
			body := []byte(`{"event_id":"e1","event_type":"bundle_complete","payload":{"bundle_id":"B1","pad":"` + pad + `"}}`)
			sig, ts := webhooktest.SlackHeaders(body, now, secret)
			return request(body, webhooktest.Header(blueink.SignatureHeader, sig, blueink.TimestampHeader, ts), ""), body
		},
		webhookProvider: func(opts ...webhook.Option) webhook.Provider { return blueink.WebhookProvider(secret, opts...) },
		misconfigured:   func() webhook.Provider { return blueink.WebhookProvider(" ") },
		construct: func(body []byte, h http.Header, opts ...webhook.Option) (webhook.Event, error) {
			return blueink.ConstructEvent(body, h, secret, opts...)
		},
		constructEmpty: func(body []byte, h http.Header) error { _, err := blueink.ConstructEvent(body, h, ""); return err },
		parse:          blueink.ParseEvent,
		missing:        "no webhook secret",
	}, {
		name: "zigned",
		deliver: func(t testing.TB, pad string) (*http.Request, []byte) {
			body := []byte(`{"event":"agreement.lifecycle.finalized","data":{"id":"a1","resource_type":"agreement","pad":"` + pad + `"}}`)
			return request(body, webhooktest.Header(zigned.SignatureHeader, webhooktest.TimestampedHeader(body, now, secret)), ""), body
		},
		webhookProvider: func(opts ...webhook.Option) webhook.Provider { return zigned.WebhookProvider(secret, opts...) },
		misconfigured:   func() webhook.Provider { return zigned.WebhookProvider("") },
		construct: func(body []byte, h http.Header, opts ...webhook.Option) (webhook.Event, error) {
			return zigned.ConstructEvent(body, h, secret, opts...)
		},
		constructEmpty: func(body []byte, h http.Header) error { _, err := zigned.ConstructEvent(body, h, ""); return err },
		parse:          zigned.ParseEvent,
		missing:        "no webhook secret",
	}, {
		name: "signeasy",
		deliver: func(t testing.TB, pad string) (*http.Request, []byte) {
			body := []byte(`{"data":{"id":1,"status":"complete","sources":[{"id":2,"type":"original"}],"pad":"` + pad +
				`"},"metadata":{"event_type":"rs.completed","token":"` + secret + `"}}`)
			return request(body, webhooktest.Header("Content-Type", "application/json"), ""), body
		},
		webhookProvider: func(opts ...webhook.Option) webhook.Provider { return signeasy.WebhookProvider(secret, opts...) },
		misconfigured:   func() webhook.Provider { return signeasy.WebhookProvider("") },
		construct: func(body []byte, h http.Header, opts ...webhook.Option) (webhook.Event, error) {
			return signeasy.ConstructEvent(body, h, secret, opts...)
		},
		constructEmpty: func(body []byte, h http.Header) error { _, err := signeasy.ConstructEvent(body, h, ""); return err },
		parse:          signeasy.ParseEvent,
		missing:        "no callback token",
	}, {
		name: "legacyv1",
		deliver: func(t testing.TB, pad string) (*http.Request, []byte) {
			data := `[{"timestamp":"2025-04-07T12:00:00","name":"status","value":"30","resource_uri":"/api/v1/document/d1/","pad":"` + pad + `"}]`
			body := []byte(url.Values{legacyv1.FieldData: {data}, legacyv1.FieldSigned: {rs.sign([]byte(data))}}.Encode())
			return request(body, webhooktest.Header("Content-Type", "application/x-www-form-urlencoded"), ""), body
		},
		webhookProvider: func(opts ...webhook.Option) webhook.Provider { return legacyv1.WebhookProvider(rs.pem, opts...) },
		misconfigured:   func() webhook.Provider { return legacyv1.WebhookProvider([]byte(nil)) },
		construct: func(body []byte, h http.Header, opts ...webhook.Option) (webhook.Event, error) {
			return legacyv1.ConstructEvent(body, h, rs.pem, opts...)
		},
		constructEmpty: func(body []byte, h http.Header) error { _, err := legacyv1.ConstructEvent(body, h, ""); return err },
		parse:          legacyv1.ParseEvent,
		missing:        "no callback certificate",
	}, {
		name: "insertsign",
		deliver: func(t testing.TB, pad string) (*http.Request, []byte) {
			body := []byte(`{"created_at":"2025-04-07T12:00:00Z","type":"contact.created","data":{"id":"c1","email":"a@example.com","pad":"` + pad + `"}}`)
			return request(body, webhooktest.Header("Content-Type", "application/json"), "?token="+secret), body
		},
		webhookProvider: func(opts ...webhook.Option) webhook.Provider {
			return insertsign.WebhookProvider(insertsign.QueryToken("token", secret), opts...)
		},
		misconfigured: func() webhook.Provider { return insertsign.WebhookProvider(insertsign.QueryToken("token", "")) },
		parse:         insertsign.ParseEvent,
		missing:       "needs a non-empty token",
	}}
}

func serve(h http.Handler, r *http.Request) int {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Code
}

// A 2 MiB delivery is accepted once WithMaxBodyBytes(4<<20) is set — on
// the Handler or on the provider — end to end, and through ConstructEvent
// and ParseEvent with the option; without it, it is refused everywhere.
func TestMaxBodyBytesEveryProvider(t *testing.T) {
	pad := strings.Repeat("p", 2<<20)
	big := webhook.WithMaxBodyBytes(4 << 20)
	for _, p := range providers(t) {
		t.Run(p.name, func(t *testing.T) {
			for name, h := range map[string]*webhook.Handler{
				"handler option":  webhook.NewHandler(p.webhookProvider(clock()), big),
				"provider option": webhook.NewHandler(p.webhookProvider(clock(), big)),
			} {
				r, _ := p.deliver(t, pad)
				assert.Equal(t, http.StatusOK, serve(h, r), name)
			}
			r, body := p.deliver(t, pad)
			assert.Equal(t, http.StatusRequestEntityTooLarge, serve(webhook.NewHandler(p.webhookProvider(clock())), r), "default limit")

			_, err := p.parse(body, big)
			assert.NoError(t, err, "ParseEvent with the option")
			_, err = p.parse(body)
			assert.ErrorIs(t, err, webhook.ErrBodyTooLarge, "ParseEvent, default limit")
			if p.construct != nil {
				_, err = p.construct(body, r.Header, clock(), big)
				assert.NoError(t, err, "ConstructEvent with the option")
				_, err = p.construct(body, r.Header, clock())
				assert.ErrorIs(t, err, webhook.ErrBodyTooLarge, "ConstructEvent, default limit")
			}
			// The provider's own methods honour its limit too.
			prov := p.webhookProvider(clock())
			assert.ErrorIs(t, prov.VerifyRequest(r, body), webhook.ErrBodyTooLarge, "VerifyRequest")
			_, err = prov.Parse(r.Header, body)
			assert.ErrorIs(t, err, webhook.ErrBodyTooLarge, "Parse")
			prov = p.webhookProvider(clock(), big)
			assert.NoError(t, prov.VerifyRequest(r, body), "VerifyRequest with the option")
		})
	}
}

// A provider built without its secret makes NewHandler panic, naming the
// provider and what is missing; ConstructEvent with an empty secret is an
// error; every error starts with the package name.
func TestMisconfigurationIsLoudEveryProvider(t *testing.T) {
	for _, p := range providers(t) {
		t.Run(p.name, func(t *testing.T) {
			func() {
				defer func() {
					msg := fmt.Sprint(recover())
					assert.True(t, strings.HasPrefix(msg, "webhook: NewHandler: "+p.name+": "), msg)
					assert.Contains(t, msg, p.missing)
				}()
				webhook.NewHandler(p.misconfigured())
			}()
			r, body := p.deliver(t, "")
			err := p.misconfigured().VerifyRequest(r, body)
			assert.ErrorIs(t, err, webhook.ErrNoSecret)
			if p.constructEmpty != nil {
				err := p.constructEmpty(body, r.Header)
				assert.ErrorIs(t, err, webhook.ErrNoSecret)
				assert.True(t, strings.HasPrefix(err.Error(), p.name+": "), err.Error())
			}
			_, err = p.parse([]byte(`{"`))
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), p.name+": "), err.Error())
			assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
		})
	}
}

// A Handler without a logger reports its refusals on slog.Default(); the
// secret never reaches the log.
func TestRefusalsLoggedEveryProvider(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	defer slog.SetDefault(old)
	for _, p := range providers(t) {
		logs.Reset()
		r, body := p.deliver(t, "")
		r.Body = httptestBody(webhooktest.Tamper(body))
		if p.name == "insertsign" { // the guard checks the URL, not the body
			r.URL.RawQuery = "token=wrong-token"
		}
		assert.Equal(t, http.StatusUnauthorized, serve(webhook.NewHandler(p.webhookProvider(clock())), r), p.name)
		assert.Contains(t, logs.String(), "provider="+p.name, p.name)
		assert.NotContains(t, logs.String(), secret, p.name)
	}
}

func httptestBody(b []byte) *readCloser { return &readCloser{bytes.NewReader(b)} }

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

// Options given to NewHandler reach the provider's checks: a clock given
// to the Handler is the verifier's clock.
func TestHandlerOptionsReachTheProvider(t *testing.T) {
	for _, p := range providers(t) {
		if p.name == "insertsign" || p.name == "signeasy" || p.name == "legacyv1" {
			continue // no timestamp to check
		}
		r, _ := p.deliver(t, "")
		assert.Equal(t, http.StatusUnauthorized, serve(webhook.NewHandler(p.webhookProvider()), r), "%s: real clock, stale delivery", p.name)
		r, _ = p.deliver(t, "")
		assert.Equal(t, http.StatusOK, serve(webhook.NewHandler(p.webhookProvider(), clock()), r), "%s: the Handler's clock", p.name)
	}
}

// EventTypes returns a fresh slice of typed constants in every package.
func TestEventTypesEveryProvider(t *testing.T) {
	lists := map[string][]string{
		"blueink":    names(blueink.EventTypes()),
		"zigned":     names(zigned.EventTypes()),
		"signeasy":   names(signeasy.EventTypes()),
		"legacyv1":   names(legacyv1.EventTypes()),
		"insertsign": names(insertsign.EventTypes()),
	}
	for name, list := range lists {
		assert.NotEmpty(t, list, name)
	}
	s := signeasy.EventTypes()
	s[0] = "mutated"
	assert.Equal(t, signeasy.EventInitiated, signeasy.EventTypes()[0])
	l := legacyv1.EventTypes()
	l[0] = "mutated"
	assert.Equal(t, legacyv1.EventStatusBatch, legacyv1.EventTypes()[0])
}

func names[T ~string](types []T) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = string(t)
	}
	return out
}

// Unknown event types decode to an unknown event, never an error.
func TestUnknownTypesEveryProvider(t *testing.T) {
	for name, body := range map[string]string{
		"blueink":    `{"event_type":"bundle_teleported","payload":{"bundle_id":"B"}}`,
		"zigned":     `{"event":"agreement.lifecycle.teleported","data":{"id":"a"}}`,
		"signeasy":   `{"data":{"x":1},"metadata":{"event_type":"rs.teleported"}}`,
		"legacyv1":   `{"object":"document","event":"teleported","id":"e"}`,
		"insertsign": `{"type":"request.teleported","data":{}}`,
	} {
		var parse func([]byte, ...webhook.Option) (webhook.Event, error)
		for _, p := range providers(t) {
			if p.name == name {
				parse = p.parse
			}
		}
		ev, err := parse([]byte(body))
		require.NoError(t, err, name)
		assert.Equal(t, webhook.Other, ev.Lifecycle(), name)
		assert.Contains(t, fmt.Sprintf("%T", ev), "Event", name)
		var v any
		require.NoError(t, json.Unmarshal(ev.Raw(), &v))
	}
}

func webhooktestHeader(name, secret string, body []byte) http.Header {
	return webhooktest.Header(name, webhooktest.HMACHex(secret, body))
}
