package blueink_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
)

// operation is one client method, callable with any id, and the request it
// must produce for the id "ID1".
type operation struct {
	name   string // Service.Method
	method string
	path   string // relative to /api/v2, for the id "ID1"
	hasID  bool
	call   func(ctx context.Context, c *blueink.Client, id string) error
}

func first[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		return err
	}
	return nil
}

func validFilesRequest() *blueink.BundleRequest {
	return &blueink.BundleRequest{
		Packets:   []blueink.PacketRequest{{Key: "signer-1", Name: "Peter", Email: "peter@example.com"}},
		Documents: []blueink.RequestDocument{&blueink.DocumentRequest{Key: "w9", FileIndex: wptr(0)}},
	}
}

// operations lists every method of the client (TestOperationsCoverEveryMethod
// keeps it complete).
func operations() []operation {
	bg := func(f func(ctx context.Context, c *blueink.Client, id string) error) func(context.Context, *blueink.Client, string) error {
		return f
	}
	envReq := func() *blueink.BundleRequest {
		return &blueink.BundleRequest{
			Packets:          []blueink.PacketRequest{{Key: "sgn-1", Name: "Jane", Email: "jane@example.com"}},
			EnvelopeTemplate: &blueink.EnvelopeTemplateRequest{TemplateID: "T-abc123def"},
		}
	}
	hdr := func() *blueink.WebhookExtraHeader {
		return &blueink.WebhookExtraHeader{Webhook: webhookID, Name: "X-Token", Value: "v"}
	}
	return []operation{
		{"Bundles.List", "GET", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.List(ctx, nil)
			return err
		})},
		{"Bundles.All", "GET", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Bundles.All(ctx, nil))
		})},
		{"Bundles.Create", "POST", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.Create(ctx, sampleRequest())
			return err
		})},
		{"Bundles.CreateWithFiles", "POST", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.CreateWithFiles(ctx, validFilesRequest(), blueink.FileFromBytes("fw9.pdf", "", []byte("%PDF-1.4")))
			return err
		})},
		{"Bundles.CreateFromEnvelopeTemplate", "POST", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.CreateFromEnvelopeTemplate(ctx, envReq())
			return err
		})},
		{"Bundles.CreatePreparationSession", "POST", "/bundles/preparation_session/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.CreatePreparationSession(ctx, &blueink.PreparationSessionRequest{})
			return err
		})},
		{"Bundles.Get", "GET", "/bundles/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Get(ctx, id)
			return err
		})},
		{"Bundles.Update", "PATCH", "/bundles/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Update(ctx, id, &blueink.BundleUpdate{Label: "x"})
			return err
		})},
		{"Bundles.Delete", "DELETE", "/bundles/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Bundles.Delete(ctx, id)
			return err
		})},
		{"Bundles.Cancel", "PUT", "/bundles/ID1/cancel/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Cancel(ctx, id)
			return err
		})},
		{"Bundles.Send", "POST", "/bundles/ID1/send/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Send(ctx, id)
			return err
		})},
		{"Bundles.Validate", "PUT", "/bundles/ID1/validate/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Validate(ctx, id)
			return err
		})},
		{"Bundles.Expire", "PUT", "/bundles/ID1/expire/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.Expire(ctx, id)
			return err
		})},
		{"Bundles.ListEvents", "GET", "/bundles/ID1/events/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.ListEvents(ctx, id)
			return err
		})},
		{"Bundles.ListFiles", "GET", "/bundles/ID1/files/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.ListFiles(ctx, id)
			return err
		})},
		{"Bundles.GenerateInterimFiles", "PUT", "/bundles/ID1/files/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Bundles.GenerateInterimFiles(ctx, id)
			return err
		})},
		{"Bundles.GetData", "GET", "/bundles/ID1/data/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.GetData(ctx, id)
			return err
		})},
		{"Bundles.AddTags", "PUT", "/bundles/ID1/add_tags/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.AddTags(ctx, id, "q4")
			return err
		})},
		{"Bundles.RemoveTags", "PUT", "/bundles/ID1/remove_tags/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Bundles.RemoveTags(ctx, id, "q4")
			return err
		})},

		{"Packets.Get", "GET", "/packets/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Packets.Get(ctx, id)
			return err
		})},
		{"Packets.Update", "PATCH", "/packets/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Packets.Update(ctx, id, &blueink.PacketUpdate{Name: "Peter"})
			return err
		})},
		{"Packets.EmbedURL", "POST", "/packets/ID1/embed_url/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Packets.EmbedURL(ctx, id)
			return err
		})},
		{"Packets.Remind", "PUT", "/packets/ID1/remind/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Packets.Remind(ctx, id)
			return err
		})},
		{"Packets.Certificate", "GET", "/packets/ID1/coe/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Packets.Certificate(ctx, id)
			return err
		})},

		{"Templates.List", "GET", "/templates/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Templates.List(ctx, nil)
			return err
		})},
		{"Templates.All", "GET", "/templates/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Templates.All(ctx, nil))
		})},
		{"Templates.Get", "GET", "/templates/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Templates.Get(ctx, id)
			return err
		})},
		{"Templates.Update", "PATCH", "/templates/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Templates.Update(ctx, id, &blueink.TemplateUpdate{Name: "x"})
			return err
		})},
		{"Templates.Delete", "DELETE", "/templates/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Templates.Delete(ctx, id)
			return err
		})},
		{"Templates.CreatePreparationSession", "POST", "/templates/preparation_session/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Templates.CreatePreparationSession(ctx, &blueink.TemplatePreparationSessionRequest{})
			return err
		})},
		{"EnvelopeTemplates.List", "GET", "/envelope-templates/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.EnvelopeTemplates.List(ctx, nil)
			return err
		})},
		{"EnvelopeTemplates.All", "GET", "/envelope-templates/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.EnvelopeTemplates.All(ctx, nil))
		})},
		{"EnvelopeTemplates.Get", "GET", "/envelope-templates/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.EnvelopeTemplates.Get(ctx, id)
			return err
		})},

		{"Persons.List", "GET", "/persons/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Persons.List(ctx, nil)
			return err
		})},
		{"Persons.All", "GET", "/persons/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Persons.All(ctx, &blueink.PersonListOptions{Search: "Tom"}))
		})},
		{"Persons.Create", "POST", "/persons/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Persons.Create(ctx, personRequest())
			return err
		})},
		{"Persons.Get", "GET", "/persons/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Persons.Get(ctx, id)
			return err
		})},
		{"Persons.Update", "PUT", "/persons/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Persons.Update(ctx, id, personRequest())
			return err
		})},
		{"Persons.Patch", "PATCH", "/persons/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Persons.Patch(ctx, id, &blueink.PersonRequest{Name: "Tom"})
			return err
		})},
		{"Persons.Delete", "DELETE", "/persons/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Persons.Delete(ctx, id)
			return err
		})},

		{"Webhooks.List", "GET", "/webhooks/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.List(ctx, nil)
			return err
		})},
		{"Webhooks.All", "GET", "/webhooks/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Webhooks.All(ctx, nil))
		})},
		{"Webhooks.Create", "POST", "/webhooks/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.Create(ctx, &blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/hook"})
			return err
		})},
		{"Webhooks.Get", "GET", "/webhooks/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.Get(ctx, id)
			return err
		})},
		{"Webhooks.Update", "PUT", "/webhooks/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.Update(ctx, id, &blueink.WebhookRequest{Name: "test hook", URL: "https://example.com/hook"})
			return err
		})},
		{"Webhooks.Patch", "PATCH", "/webhooks/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.Patch(ctx, id, &blueink.WebhookRequest{Enabled: wptr(false)})
			return err
		})},
		{"Webhooks.Delete", "DELETE", "/webhooks/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Webhooks.Delete(ctx, id)
			return err
		})},
		{"Webhooks.ListExtraHeaders", "GET", "/webhooks/headers/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.ListExtraHeaders(ctx, nil)
			return err
		})},
		{"Webhooks.CreateExtraHeader", "POST", "/webhooks/headers/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.CreateExtraHeader(ctx, hdr())
			return err
		})},
		{"Webhooks.GetExtraHeader", "GET", "/webhooks/headers/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.GetExtraHeader(ctx, id)
			return err
		})},
		{"Webhooks.UpdateExtraHeader", "PUT", "/webhooks/headers/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.UpdateExtraHeader(ctx, id, hdr())
			return err
		})},
		{"Webhooks.PatchExtraHeader", "PATCH", "/webhooks/headers/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.PatchExtraHeader(ctx, id, &blueink.WebhookExtraHeader{Value: "v2"})
			return err
		})},
		{"Webhooks.DeleteExtraHeader", "DELETE", "/webhooks/headers/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, err := c.Webhooks.DeleteExtraHeader(ctx, id)
			return err
		})},
		{"Webhooks.ListEvents", "GET", "/webhooks/events/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.ListEvents(ctx, nil)
			return err
		})},
		{"Webhooks.AllExtraHeaders", "GET", "/webhooks/headers/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Webhooks.AllExtraHeaders(ctx, nil))
		})},
		{"Webhooks.AllEvents", "GET", "/webhooks/events/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Webhooks.AllEvents(ctx, nil))
		})},
		{"Webhooks.EventsSince", "GET", "/webhooks/events/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Webhooks.EventsSince(ctx, time.Time{}, nil))
		})},
		{"Webhooks.AllDeliveries", "GET", "/webhooks/deliveries/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			return first(c.Webhooks.AllDeliveries(ctx, nil))
		})},
		{"Webhooks.GetEvent", "GET", "/webhooks/events/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.GetEvent(ctx, id)
			return err
		})},
		{"Webhooks.ListDeliveries", "GET", "/webhooks/deliveries/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.ListDeliveries(ctx, nil)
			return err
		})},
		{"Webhooks.GetDelivery", "GET", "/webhooks/deliveries/ID1/", true, bg(func(ctx context.Context, c *blueink.Client, id string) error {
			_, _, err := c.Webhooks.GetDelivery(ctx, id)
			return err
		})},
		{"Webhooks.GetSecret", "GET", "/webhooks/secret/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.GetSecret(ctx)
			return err
		})},
		{"Webhooks.RegenerateSecret", "GET", "/webhooks/secret/regenerate/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Webhooks.RegenerateSecret(ctx)
			return err
		})},

		{"Bundles.CreateOnce", "POST", "/bundles/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Bundles.CreateOnce(ctx, sampleRequest())
			return err
		})},
		{"Client.Verify", "POST", "/verify/", false, bg(func(ctx context.Context, c *blueink.Client, _ string) error {
			_, _, err := c.Verify(ctx, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
			return err
		})},
	}
}

// TestOperationsCoverEveryMethod fails when a service gains a method the
// operations table (and so the uniform tests below) does not exercise.
func TestOperationsCoverEveryMethod(t *testing.T) {
	c := newWire(t).c
	have := map[string]bool{}
	for _, op := range operations() {
		if have[op.name] {
			t.Errorf("duplicate operation %s", op.name)
		}
		have[op.name] = true
	}
	var missing []string
	cv := reflect.ValueOf(c).Elem()
	for i := 0; i < cv.NumField(); i++ {
		f := cv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		st := f.Type
		for m := 0; m < st.NumMethod(); m++ {
			if name := f.Name + "." + st.Method(m).Name; !have[name] {
				missing = append(missing, name)
			}
		}
	}
	// Client methods that call the API.
	for _, name := range []string{"Verify"} {
		if !have["Client."+name] {
			missing = append(missing, "Client."+name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("methods not in operations(): %v", missing)
	}
}

func TestEveryOperationRejectsEmptyIDBeforeIO(t *testing.T) {
	for _, op := range operations() {
		if !op.hasID {
			continue
		}
		t.Run(op.name, func(t *testing.T) {
			w := newWire(t)
			w.onAny(200, `{}`)
			for _, id := range []string{"", "  ", "..", "."} {
				err := op.call(context.Background(), w.c, id)
				var ve *blueink.ValidationError
				if !errors.As(err, &ve) || !errors.Is(err, blueink.ErrValidation) {
					t.Errorf("id %q: error %v (%T), want *ValidationError", id, err, err)
				}
			}
			chk{t}.eq(len(w.requests()), 0, "requests sent")
		})
	}
}

func TestEveryOperationSendsItsRequest(t *testing.T) {
	for _, op := range operations() {
		t.Run(op.name, func(t *testing.T) {
			w := newWire(t)
			w.onAny(200, `{}`)
			_ = op.call(context.Background(), w.c, "ID1") // `{}` may not decode into a list
			reqs := w.requests()
			if len(reqs) != 1 {
				t.Fatalf("sent %d requests", len(reqs))
			}
			chk{t}.eq(reqs[0].Method+" "+reqs[0].Path, op.method+" /api/v2"+op.path, "request")
			chk{t}.eq(reqs[0].Header.Get("Authorization"), "Token "+wireKey, "Authorization")
		})
	}
}

func TestEveryOperationMapsStatusToError(t *testing.T) {
	cases := []struct {
		status   int
		hdr      []string
		body     string
		sentinel error
	}{
		{404, nil, `{"code":"not_found","message":"Not found."}`, blueink.ErrNotFound},
		{409, nil, `{"code":"conflict","message":"Bundle is already complete."}`, blueink.ErrConflict},
		{429, []string{"Retry-After", "7"}, `{"code":"throttled","message":"Request was throttled. Expected available in 7 seconds."}`, blueink.ErrRateLimited},
	}
	for _, tc := range cases {
		for _, op := range operations() {
			t.Run(fmt.Sprintf("%d/%s", tc.status, op.name), func(t *testing.T) {
				w := newWire(t)
				w.onAny(tc.status, tc.body, tc.hdr...)
				err := op.call(context.Background(), w.c, "ID1")
				chk{t}.errIs(err, tc.sentinel)
				var apiErr *blueink.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("error %v (%T) is not an *APIError", err, err)
				}
				chk{t}.eq(apiErr.StatusCode, tc.status, "status")
				chk{t}.eq(apiErr.Method, op.method, "method")
				chk{t}.truef(apiErr.Message != "", "message decoded: %+v", apiErr)
				if tc.status == 429 {
					var rl *blueink.RateLimitError
					if !errors.As(err, &rl) {
						t.Fatalf("error %T is not a *RateLimitError", err)
					}
					chk{t}.eq(rl.RetryAfter, 7*time.Second, "RetryAfter")
					chk{t}.eq(apiErr.Code, "throttled", "code")
				}
				want := 1
				if op.name == "Bundles.CreateOnce" && tc.status == 409 {
					// A refusal may be BlueInk refusing a second bundle with
					// the custom_key: CreateOnce looks it up (here, the
					// lookup fails too, and the create's error is returned).
					want = 2
					chk{t}.eq(w.requests()[1].Method, "GET", "lookup")
				}
				chk{t}.eq(len(w.requests()), want, "requests (no retry with WithMaxRetries(0))")
			})
		}
	}
}

// BlueInk's three error body shapes (and the DRF field map) decode the
// same way for every operation.
func TestEveryOperationDecodesErrorShapes(t *testing.T) {
	shapes := []struct {
		name   string
		status int
		body   string
		want   blueink.APIError
	}{
		{"code-message-errors", 400,
			`{"code":"invalid","message":"Invalid data in request","errors":[{"field":"packets","message":"This list may not be empty."},{"field":"documents[0].fields[1].key","messsage":"This field is required."}]}`,
			blueink.APIError{Code: "invalid", Message: "Invalid data in request", Fields: []blueink.FieldError{
				{Field: "packets", Message: "This list may not be empty."},
				{Field: "documents[0].fields[1].key", Message: "This field is required."}}}},
		{"detail-code-errors", 401,
			`{"detail":"Authentication credentials were not provided.","code":"not_authenticated","errors":[]}`,
			blueink.APIError{Code: "not_authenticated", Detail: "Authentication credentials were not provided.", Fields: []blueink.FieldError{}}},
		{"errorCode-errorMessage-fieldErrors", 400,
			`{"errorCode":"invalid","errorMessage":"Bundle could not be created","fieldErrors":[{"field":"cc_emails","message":"Enter a valid email address."}]}`,
			blueink.APIError{Code: "invalid", Message: "Bundle could not be created", Fields: []blueink.FieldError{
				{Field: "cc_emails", Message: "Enter a valid email address."}}}},
		{"fieldErrors-map", 400,
			`{"errorCode":"invalid","errorMessage":"Invalid","fieldErrors":{"requester_email":["Enter a valid email address."],"packets":["Duplicate packet keys"]}}`,
			blueink.APIError{Code: "invalid", Message: "Invalid", Fields: []blueink.FieldError{
				{Field: "packets", Message: "Duplicate packet keys"},
				{Field: "requester_email", Message: "Enter a valid email address."}}}},
	}
	for _, sh := range shapes {
		for _, op := range operations() {
			t.Run(sh.name+"/"+op.name, func(t *testing.T) {
				w := newWire(t)
				w.onAny(sh.status, sh.body)
				err := op.call(context.Background(), w.c, "ID1")
				var apiErr *blueink.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("error %v (%T) is not an *APIError", err, err)
				}
				c := chk{t}
				c.eq(apiErr.StatusCode, sh.status, "status")
				c.eq(apiErr.Code, sh.want.Code, "code")
				c.eq(apiErr.Message, sh.want.Message, "message")
				c.eq(apiErr.Detail, sh.want.Detail, "detail")
				if len(sh.want.Fields) == 0 {
					c.eq(len(apiErr.Fields), 0, "fields")
				} else {
					c.eq(apiErr.Fields, sh.want.Fields, "fields")
				}
				c.eq(string(apiErr.Body), sh.body, "raw body")
				if sh.status == 401 {
					c.errIs(err, blueink.ErrUnauthorized)
				} else {
					c.errIs(err, blueink.ErrBadRequest)
				}
			})
		}
	}
}
