package blueink_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/esignkit/esign/blueink"
)

const webhookID = "a053644f-e371-4883-ac17-534445993346"
const headerID = "7d1e6f2a-3b4c-4d5e-8f90-a1b2c3d4e5f6"

func TestWebhooksList(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/", 200, listOf(t, "webhook.json"), "X-Blueink-Pagination", "1,1,50,1")
	hs, _, err := w.c.Webhooks.List(context.Background(), &blueink.WebhookListOptions{
		Enabled: wptr(true), EventType: blueink.WebhookEventBundleComplete,
		EventTypeIn: []blueink.WebhookEventType{blueink.WebhookEventBundleError, blueink.WebhookEventBundleCancelled},
	})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/", "enabled=true&event_type=bundle_complete&event_type__in=bundle_error%2Cbundle_cancelled")
	chk{t}.eq(len(hs), 1, "webhooks")
	checkWebhook(chk{t}, hs[0])
}

func TestWebhooksCreate(t *testing.T) {
	w := newWire(t)
	w.on("POST", "webhooks/", 201, fixture(t, "webhook.json"))
	h, _, err := w.c.Webhooks.Create(context.Background(), &blueink.WebhookRequest{
		Name:         "Signed documents",
		URL:          "https://example.com/hooks/blueink",
		EventTypes:   []blueink.WebhookEventType{blueink.WebhookEventBundleComplete, blueink.WebhookEventPacketDeclined},
		ExtraHeaders: []blueink.WebhookExtraHeader{{Name: "X-Receiver-Token", Value: "rcv-9f8e7d", Order: 1}},
	})
	chk{t}.noErr(err)
	r := w.only("POST", "/api/v2/webhooks/", "")
	chk{t}.jsonEq(r.Body, `{"name":"Signed documents","url":"https://example.com/hooks/blueink","event_types":["bundle_complete","packet_declined"],
		"extra_headers":[{"name":"X-Receiver-Token","value":"rcv-9f8e7d","order":1}]}`, "body")
	checkWebhook(chk{t}, h)
}

// BlueInk requires a webhook's name (its official clients): Create and
// Update (PUT replaces the webhook) refuse a request without one, or
// without a URL, before any I/O; Patch sends only what is set.
func TestWebhooksNameRequired(t *testing.T) {
	w := newWire(t)
	w.onAny(200, fixture(t, "webhook.json"))
	ctx := context.Background()
	for what, req := range map[string]*blueink.WebhookRequest{
		"no name":    {URL: "https://example.com/hooks/blueink"},
		"blank name": {Name: "  ", URL: "https://example.com/hooks/blueink"},
		"no url":     {Name: "Signed documents"},
	} {
		_, _, err := w.c.Webhooks.Create(ctx, req)
		var ve *blueink.ValidationError
		if assert.ErrorAs(t, err, &ve, "Create, %s", what) {
			assert.Contains(t, []string{"name", "url"}, ve.Field, what)
		}
		_, _, err = w.c.Webhooks.Update(ctx, webhookID, req)
		assert.ErrorIs(t, err, blueink.ErrValidation, "Update, %s", what)
	}
	assert.Empty(t, w.requests())

	_, _, err := w.c.Webhooks.Patch(ctx, webhookID, &blueink.WebhookRequest{Name: "Renamed"})
	chk{t}.noErr(err)
	r := w.only("PATCH", "/api/v2/webhooks/"+webhookID+"/", "")
	chk{t}.jsonEq(r.Body, `{"name":"Renamed"}`, "body")
}

func TestWebhooksGet(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/"+webhookID+"/", 200, fixture(t, "webhook.json"))
	h, _, err := w.c.Webhooks.Get(context.Background(), webhookID)
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/"+webhookID+"/", "")
	checkWebhook(chk{t}, h)
}

func TestWebhooksUpdateAndPatch(t *testing.T) {
	for _, method := range []string{"PUT", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			w := newWire(t)
			w.on(method, "webhooks/"+webhookID+"/", 200, fixture(t, "webhook.json"))
			req := &blueink.WebhookRequest{Name: "Signed documents", URL: "https://example.com/hooks/blueink", Enabled: wptr(false), JSON: wptr(true),
				EventTypes: []blueink.WebhookEventType{blueink.WebhookEventBundleComplete}}
			var h *blueink.Webhook
			var err error
			if method == "PUT" {
				h, _, err = w.c.Webhooks.Update(context.Background(), webhookID, req)
			} else {
				h, _, err = w.c.Webhooks.Patch(context.Background(), webhookID, req)
			}
			chk{t}.noErr(err)
			r := w.only(method, "/api/v2/webhooks/"+webhookID+"/", "")
			chk{t}.jsonEq(r.Body, `{"name":"Signed documents","url":"https://example.com/hooks/blueink","enabled":false,"json":true,"event_types":["bundle_complete"]}`, "body")
			checkWebhook(chk{t}, h)
		})
	}
}

func TestWebhooksDelete(t *testing.T) {
	w := newWire(t)
	w.on("DELETE", "webhooks/"+webhookID+"/", 204, "")
	_, err := w.c.Webhooks.Delete(context.Background(), webhookID)
	chk{t}.noErr(err)
	w.only("DELETE", "/api/v2/webhooks/"+webhookID+"/", "")
}

func TestWebhooksListExtraHeaders(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/headers/", 200, listOf(t, "webhook_extra_header.json"))
	hs, _, err := w.c.Webhooks.ListExtraHeaders(context.Background(), &blueink.WebhookExtraHeaderListOptions{
		Webhook: webhookID, EventType: blueink.WebhookEventBundleSent})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/headers/", "event_type=bundle_sent&webhook="+webhookID)
	chk{t}.eq(len(hs), 1, "headers")
	checkExtraHeader(chk{t}, hs[0])
}

func TestWebhooksCreateExtraHeader(t *testing.T) {
	w := newWire(t)
	w.on("POST", "webhooks/headers/", 201, fixture(t, "webhook_extra_header.json"))
	h, _, err := w.c.Webhooks.CreateExtraHeader(context.Background(), &blueink.WebhookExtraHeader{
		Webhook: webhookID, Name: "X-Receiver-Token", Value: "rcv-9f8e7d", Order: 2})
	chk{t}.noErr(err)
	r := w.only("POST", "/api/v2/webhooks/headers/", "")
	chk{t}.jsonEq(r.Body, `{"webhook":"`+webhookID+`","name":"X-Receiver-Token","value":"rcv-9f8e7d","order":2}`, "body")
	checkExtraHeader(chk{t}, h)

	for _, bad := range []*blueink.WebhookExtraHeader{
		nil,
		{Name: "X-Token", Value: "v"}, // no webhook
		{Webhook: webhookID, Name: "Bad Name", Value: "v"},
		{Webhook: webhookID, Name: "X-Token", Value: "a\r\nInjected: 1"},
		{Webhook: webhookID, Name: strings.Repeat("X", 81), Value: "v"},
		{Webhook: webhookID, Name: "X-Token", Value: strings.Repeat("v", 241)},
	} {
		_, _, err = w.c.Webhooks.CreateExtraHeader(context.Background(), bad)
		chk{t}.errIs(err, blueink.ErrValidation)
	}
	chk{t}.eq(len(w.requests()), 1, "requests after invalid calls")
}

func TestWebhooksExtraHeaderByID(t *testing.T) {
	cases := []struct {
		method, body string
		call         func(c *blueink.Client) (*blueink.WebhookExtraHeader, error)
	}{
		{"GET", "", func(c *blueink.Client) (*blueink.WebhookExtraHeader, error) {
			h, _, err := c.Webhooks.GetExtraHeader(context.Background(), headerID)
			return h, err
		}},
		{"PUT", `{"webhook":"` + webhookID + `","name":"X-Receiver-Token","value":"rcv-9f8e7d","order":2}`, func(c *blueink.Client) (*blueink.WebhookExtraHeader, error) {
			h, _, err := c.Webhooks.UpdateExtraHeader(context.Background(), headerID, &blueink.WebhookExtraHeader{
				Webhook: webhookID, Name: "X-Receiver-Token", Value: "rcv-9f8e7d", Order: 2})
			return h, err
		}},
		{"PATCH", `{"value":"rcv-9f8e7d"}`, func(c *blueink.Client) (*blueink.WebhookExtraHeader, error) {
			h, _, err := c.Webhooks.PatchExtraHeader(context.Background(), headerID, &blueink.WebhookExtraHeader{Value: "rcv-9f8e7d"})
			return h, err
		}},
	}
	for _, tc := range cases {
		t.Run(tc.method, func(t *testing.T) {
			w := newWire(t)
			w.on(tc.method, "webhooks/headers/"+headerID+"/", 200, fixture(t, "webhook_extra_header.json"))
			h, err := tc.call(w.c)
			chk{t}.noErr(err)
			r := w.only(tc.method, "/api/v2/webhooks/headers/"+headerID+"/", "")
			if tc.body != "" {
				chk{t}.jsonEq(r.Body, tc.body, "body")
			}
			checkExtraHeader(chk{t}, h)
		})
	}
}

func TestWebhooksDeleteExtraHeader(t *testing.T) {
	w := newWire(t)
	w.on("DELETE", "webhooks/headers/"+headerID+"/", 204, "")
	_, err := w.c.Webhooks.DeleteExtraHeader(context.Background(), headerID)
	chk{t}.noErr(err)
	w.only("DELETE", "/api/v2/webhooks/headers/"+headerID+"/", "")
}

func TestWebhooksListEvents(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/events/", 200, listOf(t, "webhook_event.json"), "X-Blueink-Pagination", "1,3,1,3")
	evs, resp, err := w.c.Webhooks.ListEvents(context.Background(), &blueink.WebhookEventListOptions{
		ListOptions: blueink.ListOptions{PerPage: 1},
		Webhook:     webhookID, EventTypeIn: []blueink.WebhookEventType{blueink.WebhookEventBundleError, blueink.WebhookEventBundleCancelled},
		Status: wptr(1), StatusIn: []int{0, 1, 2}, Success: wptr(true),
		DateAfter: blueink.Date{Year: 2022, Month: 10, Day: 1}, DateBefore: blueink.Date{Year: 2022, Month: 10, Day: 31},
	})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/events/",
		"date_after=2022-10-01&date_before=2022-10-31&event_type__in=bundle_error%2Cbundle_cancelled&per_page=1"+
			"&status=1&status__in=0%2C1%2C2&success=true&webhook="+webhookID)
	chk{t}.eq(len(evs), 1, "events")
	checkWebhookEvent(chk{t}, evs[0])
	chk{t}.eq(resp.Pagination.TotalPages, 3, "total pages")
}

func TestWebhooksGetEvent(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/events/c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b/", 200, fixture(t, "webhook_event.json"))
	ev, _, err := w.c.Webhooks.GetEvent(context.Background(), "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/events/c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b/", "")
	checkWebhookEvent(chk{t}, ev)
}

func TestWebhooksListDeliveries(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/deliveries/", 200, listOf(t, "webhook_delivery_log.json"))
	ds, _, err := w.c.Webhooks.ListDeliveries(context.Background(), &blueink.WebhookDeliveryListOptions{
		Webhook: webhookID, WebhookEvent: "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b", EventType: blueink.WebhookEventBundleComplete,
		Status: wptr(0), DateAfter: blueink.Date{Year: 2022, Month: 10, Day: 1},
	})
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/deliveries/",
		"date_after=2022-10-01&event_type=bundle_complete&status=0&webhook="+webhookID+"&webhook_event=c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b")
	chk{t}.eq(len(ds), 1, "deliveries")
	checkDelivery(chk{t}, ds[0])
	// A log entry names its webhook, event and event type.
	chk{t}.eq(ds[0].Webhook, webhookID, "webhook")
	chk{t}.eq(ds[0].WebhookEvent, "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b", "webhook_event")
	chk{t}.eq(ds[0].EventType, blueink.WebhookEventBundleComplete, "event_type")
}

func TestWebhooksGetDelivery(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/deliveries/e5f60718-293a-44b5-c6d7-e8f90a1b2c3d/", 200, fixture(t, "webhook_delivery.json"))
	d, _, err := w.c.Webhooks.GetDelivery(context.Background(), "e5f60718-293a-44b5-c6d7-e8f90a1b2c3d")
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/deliveries/e5f60718-293a-44b5-c6d7-e8f90a1b2c3d/", "")
	checkDelivery(chk{t}, d)
}

func TestWebhooksGetSecret(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/secret/", 200, fixture(t, "webhook_secret.json"))
	s, _, err := w.c.Webhooks.GetSecret(context.Background())
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/secret/", "")
	checkSecret(chk{t}, s)

	const secret = "6QGWnZ3cPVnLyAyvqkE2ZTB9R8BUzHjs"
	for _, out := range []string{fmt.Sprintf("%v %+v %#v %s", s, s, s, s), fmt.Sprintf("%v %+v %#v", *s, *s, *s), fmt.Sprint([]any{*s})} {
		chk{t}.truef(!strings.Contains(out, secret), "secret printed: %s", out)
		chk{t}.truef(strings.Contains(out, "REDACTED"), "no redaction marker: %s", out)
	}
	out, err := json.Marshal(s)
	chk{t}.noErr(err)
	chk{t}.truef(!strings.Contains(string(out), secret), "secret encoded: %s", out)
	chk{t}.eq(s.Secret.Reveal(), secret, "Reveal")
}

// TestWebhooksRegenerateSecretSpecGET: one GET, the 2.2.3 spec's method; a
// refusal is returned as is, never retried with another method.
func TestWebhooksRegenerateSecretSpecGET(t *testing.T) {
	w := newWire(t)
	w.on("GET", "webhooks/secret/regenerate/", 200, fixture(t, "webhook_secret.json"))
	s, _, err := w.c.Webhooks.RegenerateSecret(context.Background())
	chk{t}.noErr(err)
	w.only("GET", "/api/v2/webhooks/secret/regenerate/", "")
	checkSecret(chk{t}, s)
}

func TestWebhooksRegenerateSecretNoMethodProbe(t *testing.T) {
	for _, status := range []int{403, 405} {
		w := newWire(t)
		w.on("GET", "webhooks/secret/regenerate/", status, `{"code":"refused","message":"no"}`)
		w.on("POST", "webhooks/secret/regenerate/", 200, fixture(t, "webhook_secret.json"))
		_, _, err := w.c.Webhooks.RegenerateSecret(context.Background())
		chk{t}.truef(err != nil, "status %d: no error", status)
		chk{t}.eq(len(w.requests()), 1, "requests")
	}
}

// Extra headers inside a webhook request are checked like CreateExtraHeader
// checks them, before any I/O, for Create, Update and Patch.
func TestWebhooksRequestValidatesExtraHeaders(t *testing.T) {
	w := newWire(t)
	w.onAny(200, fixture(t, "webhook.json"))
	calls := map[string]func(*blueink.WebhookRequest) error{
		"Create": func(r *blueink.WebhookRequest) error {
			_, _, err := w.c.Webhooks.Create(context.Background(), r)
			return err
		},
		"Update": func(r *blueink.WebhookRequest) error {
			_, _, err := w.c.Webhooks.Update(context.Background(), webhookID, r)
			return err
		},
		"Patch": func(r *blueink.WebhookRequest) error {
			_, _, err := w.c.Webhooks.Patch(context.Background(), webhookID, r)
			return err
		},
	}
	bad := []blueink.WebhookExtraHeader{
		{Name: "", Value: "v"},
		{Name: "Bad Name", Value: "v"},
		{Name: "X-Token", Value: "a\r\nInjected: 1"},
		{Name: strings.Repeat("X", 81), Value: "v"},
		{Name: "X-Token", Value: strings.Repeat("v", 241)},
	}
	for name, call := range calls {
		for _, h := range bad {
			err := call(&blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/h", ExtraHeaders: []blueink.WebhookExtraHeader{{Name: "X-Ok", Value: "1"}, h}})
			assert.ErrorIs(t, err, blueink.ErrValidation, "%s %+v", name, h)
			var ve *blueink.ValidationError
			assert.ErrorAs(t, err, &ve)
			assert.ErrorContains(t, err, "extra_headers[1]")
		}
		assert.ErrorIs(t, call(nil), blueink.ErrValidation, name)
	}
	assert.Empty(t, w.requests())
}

// A secret the API returns is redacted from every later error: an answer
// that echoes it (here a 400 on another call) never shows it.
func TestWebhookSecretRedactedFromLaterErrors(t *testing.T) {
	const secret = "6QGWnZ3cPVnLyAyvqkE2ZTB9R8BUzHjs"
	w := newWire(t)
	w.on("GET", "webhooks/secret/", 200, fixture(t, "webhook_secret.json"))
	w.on("POST", "webhooks/", 400, `{"code":"invalid","message":"secret `+secret+` does not match","errors":[{"field":"x","message":"`+secret+`"}]}`)
	_, _, err := w.c.Webhooks.GetSecret(context.Background())
	chk{t}.noErr(err)
	_, _, err = w.c.Webhooks.Create(context.Background(), &blueink.WebhookRequest{Name: "test hook", URL: "https://app.example/hook"})
	var apiErr *blueink.APIError
	chk{t}.truef(errors.As(err, &apiErr), "error %v", err)
	for _, s := range []string{err.Error(), apiErr.Message, apiErr.Fields[0].Message, string(apiErr.Body)} {
		chk{t}.truef(!strings.Contains(s, secret), "the webhook secret leaks: %s", s)
	}
}

// A bad extra header is reported as the package's own ValidationError,
// named after its position, and the text starts with "blueink: ".
func TestWebhookExtraHeaderValidationNamesTheField(t *testing.T) {
	w := newWire(t)
	_, _, err := w.c.Webhooks.Create(context.Background(), &blueink.WebhookRequest{Name: "test hook", URL: "https://app.example/hook",
		ExtraHeaders: []blueink.WebhookExtraHeader{{Name: "X-Ok", Value: "v"}, {Name: "Bad Name", Value: "v"}}})
	var ve *blueink.ValidationError
	chk{t}.truef(errors.As(err, &ve), "error %v (%T)", err, err)
	chk{t}.eq(ve.Field, "extra_headers[1].name", "field")
	chk{t}.truef(strings.HasPrefix(err.Error(), "blueink: invalid extra_headers[1].name: "), "error %q", err)
	chk{t}.eq(len(w.requests()), 0, "requests sent")
}
