package signeasy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/webhook"
)

// docFixtures lists the bodies of Signeasy's "Migrating Webhooks" page
// (testdata/webhooks, v1 then v2 form of each event) with what each decodes
// to. The bodies differ in places (status, event_user, recipient times), so
// every field is checked per body.
var docFixtures = []struct {
	file          string
	typ           string
	goType        string
	lifecycle     webhook.Lifecycle
	version       int
	status        EnvelopeStatus
	recipient     RecipientStatus
	eventUser     string
	recipModified int64
}{
	{"rs.initiated.v1.json", "rs.initiated", "*signeasy.InitiatedEvent", webhook.Created, 1, EnvelopeIncomplete, RecipientViewed, "spatro@gmail.com", 1591780421},
	{"rs.initiated.v2.json", "rs.initiated", "*signeasy.InitiatedEvent", webhook.Created, 2, EnvelopeIncomplete, RecipientViewed, "spatro@gmail.com", 1591780421},
	{"rs.link_sent.v1.json", "rs.link_sent", "*signeasy.LinkSentEvent", webhook.Sent, 1, EnvelopeIncomplete, RecipientViewed, "spatro@gmail.com", 1591780421},
	{"rs.link_sent.v2.json", "rs.link_sent", "*signeasy.LinkSentEvent", webhook.Sent, 2, EnvelopeIncomplete, RecipientViewed, "spatro@gmail.com", 1591780421},
	{"rs.viewed.v1.json", "rs.viewed", "*signeasy.ViewedEvent", webhook.Viewed, 1, EnvelopeIncomplete, RecipientViewed, "spatro@gmail.com", 1591780421},
	{"rs.viewed.v2.json", "rs.viewed", "*signeasy.ViewedEvent", webhook.Viewed, 2, EnvelopeIncomplete, RecipientViewed, "prashanth.signeasy@gmail.com", 1591780421},
	{"rs.signed.v1.json", "rs.signed", "*signeasy.SignedEvent", webhook.Signed, 1, EnvelopeComplete, RecipientComplete, "spatro@gmail.com", 1591780421},
	{"rs.signed.v2.json", "rs.signed", "*signeasy.SignedEvent", webhook.Signed, 2, EnvelopeIncomplete, RecipientViewed, "prashanth.signeasy@gmail.com", 1591780421},
	{"rs.declined.v1.json", "rs.declined", "*signeasy.DeclinedEvent", webhook.Declined, 1, EnvelopeComplete, RecipientDeclined, "prashanth.signeasy@gmail.com", 1591780421},
	{"rs.declined.v2.json", "rs.declined", "*signeasy.DeclinedEvent", webhook.Declined, 2, EnvelopeComplete, RecipientDeclined, "prashanth.signeasy@gmail.com", 1591780421},
	{"rs.voided.v1.json", "rs.voided", "*signeasy.VoidedEvent", webhook.Cancelled, 1, EnvelopeCanceled, RecipientDeclined, "spatro@gmail.com", 1591780421},
	{"rs.voided.v2.json", "rs.voided", "*signeasy.VoidedEvent", webhook.Cancelled, 2, EnvelopeCanceled, RecipientDeclined, "spatro@gmail.com", 1591780421},
	{"rs.remind.v1.json", "rs.remind", "*signeasy.RemindedEvent", webhook.Other, 1, EnvelopeIncomplete, RecipientNotViewed, "spatro@gmail.com", 1591780421},
	{"rs.remind.v2.json", "rs.remind", "*signeasy.RemindedEvent", webhook.Other, 2, EnvelopeIncomplete, RecipientNotViewed, "spatro@gmail.com", 1591780421},
	{"rs.completed.v1.json", "rs.completed", "*signeasy.CompletedEvent", webhook.Completed, 1, EnvelopeComplete, RecipientFinalized, "prashanth.signeasy@gmail.com", 1591780621},
	{"rs.completed.v2.json", "rs.completed", "*signeasy.CompletedEvent", webhook.Completed, 2, EnvelopeComplete, RecipientFinalized, "prashanth.signeasy@gmail.com", 1591780621},
}

// signeasyEvent is what every typed event offers beyond webhook.Event.
type signeasyEvent interface {
	webhook.Event
	Version() int
	Sources() []Source
	FileID() int64
	EnvelopeID() int64
}

func delivery(t testing.TB, ev webhook.Event) *Delivery {
	t.Helper()
	v := reflect.ValueOf(ev).Elem().FieldByName("Delivery")
	if !v.IsValid() {
		t.Fatalf("%T embeds no Delivery", ev)
	}
	return v.Addr().Interface().(*Delivery)
}

func TestDocFixturesDecode(t *testing.T) {
	for _, tc := range docFixtures {
		t.Run(tc.file, func(t *testing.T) {
			body := fixture(t, tc.file)
			ev, err := ParseEvent(body)
			must(t, err)
			equal(t, fmt.Sprintf("%T", ev), tc.goType, "Go type")
			equal(t, ev.Provider(), "signeasy", "provider")
			equal(t, ev.Type(), tc.typ, "type")
			equal(t, ev.Lifecycle(), tc.lifecycle, "lifecycle")
			equal(t, ev.OccurredAt(), time.Unix(tc.recipModified, 0).UTC(), "occurred at")
			equal(t, string(ev.Raw()), string(body), "raw")
			if !strings.HasPrefix(ev.ID(), tc.typ+":235649:") || len(ev.ID()) != len(tc.typ)+len(":235649:")+16 {
				t.Errorf("ID %q", ev.ID())
			}
			se := ev.(signeasyEvent)
			equal(t, se.Version(), tc.version, "version")
			equal(t, se.EnvelopeID(), int64(235649), "envelope id")
			d := delivery(t, ev)
			wantMeta := EventMetadata{EventType: tc.typ, EventUser: tc.eventUser, EventUserID: 1, ClientID: "6xkfd7cC9TEcXPOy1jxbHg9k8O8IpmQRAt7AWrTm"}
			if tc.version == 2 {
				wantMeta.Token = "myloooooooongtokenbiggerthan12chars"
				equal(t, se.Sources(), []Source{{ID: 223221, Name: "Offer letter", Type: SourceOriginal}}, "sources")
				equal(t, se.FileID(), int64(0), "v2 file id")
			} else {
				equal(t, se.Sources(), []Source(nil), "v1 sources")
				equal(t, se.FileID(), int64(235649), "v1 file id")
			}
			equal(t, d.Metadata, wantMeta, "metadata")
			equal(t, d.Envelope, Envelope{
				ID: 235649, Name: "Offer letter - Prashanth.pdf", Status: tc.status, IsOrdered: true,
				Next: 377928, OwnerUserID: 3625900, OwnerEmail: "spatro@gmail.com", OwnerFirstName: "Sunil",
				OwnerLastName: "Patro EK", CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371),
				Recipients: []Recipient{{RecipientID: 377928, RecipientUserID: 3625901, Email: "prashanth.signeasy@gmail.com",
					FirstName: "Prashanth", LastName: "Raghu", OrderID: 1, Status: tc.recipient,
					CreatedTime: ts(1557465369), LastModifiedTime: ts(tc.recipModified)}},
				Sources: se.Sources(),
			}, "envelope")
			var raw map[string]any
			must(t, json.Unmarshal(d.RawData, &raw))
			equal(t, raw["name"], any("Offer letter - Prashanth.pdf"), "raw data")
			// The token never prints.
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				if s := fmt.Sprintf(verb, ev); strings.Contains(s, "myloooooooongtoken") {
					t.Errorf("%s prints the token", verb)
				}
			}
			if s := fmt.Sprintf("%+v", ev); !strings.Contains(s, "Name:Offer letter - Prashanth.pdf") || !strings.Contains(s, tc.eventUser) {
				t.Errorf("%%+v lost the content: %s", s)
			}
		})
	}
}

// TestProviderDocBodies decodes every body of the provider document itself
// (not the fixtures) and checks that the fixtures are faithful to it.
func TestProviderDocBodies(t *testing.T) {
	doc, err := os.ReadFile(spectest.Doc(t, "signeasy-webhooks-v1-v2.txt"))
	must(t, err)
	var bodies [][]byte
	for rest := doc; ; {
		i := bytes.Index(rest, []byte("\n{"))
		if i < 0 {
			break
		}
		dec := json.NewDecoder(bytes.NewReader(rest[i+1:]))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			t.Fatalf("doc body at %d is not JSON: %v", len(doc)-len(rest)+i, err)
		}
		bodies = append(bodies, raw)
		rest = rest[i+1+int(dec.InputOffset()):]
	}
	equal(t, len(bodies), len(docFixtures), "bodies in the doc")
	for i, body := range bodies {
		ev, err := ParseEvent(body)
		must(t, err)
		tc := docFixtures[i]
		equal(t, ev.Type(), tc.typ, "doc body type")
		equal(t, ev.(signeasyEvent).Version(), tc.version, "doc body version (v1 first, then v2)")
		var fromDoc, fromFixture any
		must(t, json.Unmarshal(body, &fromDoc))
		must(t, json.Unmarshal(fixture(t, tc.file), &fromFixture))
		equal(t, fromFixture, fromDoc, "fixture "+tc.file+" matches the doc")
	}
}

// Hand-made bodies for the event types Signeasy shows no sample for.
const handMadeV2 = `{"data": {"id": 900, "name": "Lease.pdf", "status": "%s", "is_ordered": 0,
  "created_time": 1700000000, "last_modified_time": 1700000500,
  "sources": [{"id": 11, "name": "Lease", "type": "original"}, {"id": 12, "name": "Annex", "type": "template"}],
  "recipients": [{"recipient_id": 5, "email": "a@example.com", "status": "%s", "last_modified_time": 1700000400}]},
 "metadata": {"event_type": "%s", "event_user_id": "42", "client_id": "cid", "event_user": "a@example.com", "token": "token-for-hand-made-bodies"}}`

func TestOtherEventTypes(t *testing.T) {
	cases := []struct {
		typ, status, recipient, goType string
		lc                             webhook.Lifecycle
	}{
		{"rs.expired", "incomplete", "not_viewed", "*signeasy.ExpiredEvent", webhook.Expired},
		{"rs.bulksign_completed", "complete", "finalized", "*signeasy.BulkSignCompletedEvent", webhook.Completed},
		{"rs.bulksign_declined", "recipient_declined", "declined", "*signeasy.BulkSignDeclinedEvent", webhook.Declined},
		{"rs.reminded", "incomplete", "not_viewed", "*signeasy.RemindedEvent", webhook.Other},
		{"document.signed", "complete", "finalized", "*signeasy.DocumentSignedEvent", webhook.Completed},
	}
	for _, tc := range cases {
		body := []byte(fmt.Sprintf(handMadeV2, tc.status, tc.recipient, tc.typ))
		ev, err := ConstructEvent(body, nil, "token-for-hand-made-bodies")
		must(t, err)
		equal(t, fmt.Sprintf("%T", ev), tc.goType, tc.typ)
		equal(t, ev.Type(), tc.typ, "type")
		equal(t, ev.Lifecycle(), tc.lc, tc.typ+" lifecycle")
		d := delivery(t, ev)
		equal(t, d.Version(), 2, "version")
		equal(t, d.Metadata.EventUserID, int64(42), "event_user_id as a string")
		equal(t, d.Envelope.Status, EnvelopeStatus(tc.status), "status")
		equal(t, d.Envelope.Recipients[0].Status, RecipientStatus(tc.recipient), "recipient status")
		equal(t, d.Sources(), []Source{{ID: 11, Name: "Lease", Type: SourceOriginal}, {ID: 12, Name: "Annex", Type: SourceTemplate}}, "sources")
		equal(t, ev.OccurredAt(), time.Unix(1700000500, 0).UTC(), "occurred at")
	}
	// Every declared type decodes to a typed event.
	for _, typ := range append(EventTypes, EventRemind) {
		body := []byte(fmt.Sprintf(handMadeV2, "incomplete", "viewed", typ))
		ev, err := ParseEvent(body)
		must(t, err)
		if _, unknown := ev.(*UnknownEvent); unknown {
			t.Errorf("%s decoded as unknown", typ)
		}
	}
}

func TestUnknownEvent(t *testing.T) {
	body := []byte(`{"data": {"id": "not-a-number", "anything": [1, 2]},
	  "metadata": {"event_type": "rs.something_new", "event_user_id": 7, "client_id": "c", "token": "tok-unknown-123456"}}`)
	ev, err := ParseEvent(body)
	must(t, err)
	u, ok := ev.(*UnknownEvent)
	if !ok {
		t.Fatalf("got %T", ev)
	}
	equal(t, u.Type(), "rs.something_new", "type")
	equal(t, u.Lifecycle(), webhook.Other, "lifecycle")
	equal(t, u.Version(), 2, "version")
	equal(t, u.Metadata.EventUserID, int64(7), "metadata")
	equal(t, u.Metadata.Token.Reveal(), "tok-unknown-123456", "token")
	jsonEqual(t, u.RawData, `{"id": "not-a-number", "anything": [1, 2]}`)
	equal(t, string(u.Raw()), string(body), "raw")
	if !strings.HasPrefix(u.ID(), "rs.something_new::") {
		t.Errorf("ID %q", u.ID())
	}
	if s := fmt.Sprintf("%v %+v %#v", u, u, u); strings.Contains(s, "tok-unknown-123456") {
		t.Errorf("token printed: %s", s)
	}
	v1, err := ParseEvent([]byte(`{"data": {}, "metadata": {"event_type": "x.y"}}`))
	must(t, err)
	equal(t, v1.(*UnknownEvent).Version(), 1, "v1 unknown")
}

func TestParseEventInvalid(t *testing.T) {
	for name, body := range map[string]string{
		"empty":          ``,
		"not json":       `hello`,
		"array":          `[1]`,
		"null":           `null`,
		"no metadata":    `{"data": {}}`,
		"no event type":  `{"data": {}, "metadata": {"event_user": "x"}}`,
		"no data":        `{"metadata": {"event_type": "rs.completed"}}`,
		"null data":      `{"data": null, "metadata": {"event_type": "rs.completed"}}`,
		"bad data":       `{"data": {"id": "abc"}, "metadata": {"event_type": "rs.completed"}}`,
		"bad user id":    `{"data": {}, "metadata": {"event_type": "rs.completed", "event_user_id": "abc"}}`,
		"metadata array": `{"data": {}, "metadata": []}`,
		"truncated":      `{"data": {"id": 1}, "metadata": {"event_type": "rs.completed"`,
	} {
		_, err := ParseEvent([]byte(body))
		if !errors.Is(err, webhook.ErrInvalidPayload) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	big := bytes.Repeat([]byte(" "), webhook.DefaultMaxBodyBytes+1)
	_, err := ParseEvent(big)
	isErr(t, err, webhook.ErrInvalidPayload)
	isErr(t, err, webhook.ErrBodyTooLarge)
	_, err = ConstructEvent(big, nil, "whatever-token-123")
	isErr(t, err, webhook.ErrBodyTooLarge)
}

const docToken = "myloooooooongtokenbiggerthan12chars"

func TestConstructEventTokenCheck(t *testing.T) {
	v2 := fixture(t, "rs.completed.v2.json")
	v1 := fixture(t, "rs.completed.v1.json")

	ev, err := ConstructEvent(v2, nil, docToken)
	must(t, err)
	if _, ok := ev.(*CompletedEvent); !ok {
		t.Fatalf("got %T", ev)
	}

	// Wrong tokens of every kind are refused the same way.
	for _, wrong := range []string{
		"Myloooooooongtokenbiggerthan12chars",   // first byte
		"myloooooooongtokenbiggerthan12charS",   // last byte
		"myloooooooongtokenbiggerthan12char",    // prefix
		"myloooooooongtokenbiggerthan12chars\n", // longer
		"an entirely different token value",
	} {
		_, err := ConstructEvent(v2, nil, wrong)
		isErr(t, err, webhook.ErrTokenMismatch)
		_, err = ConstructEvent(v2, nil, wrong, AllowV1())
		isErr(t, err, webhook.ErrTokenMismatch)
	}

	// A v2 body whose token was removed or emptied is refused, even with AllowV1.
	for _, body := range [][]byte{
		bytes.Replace(v2, []byte(`"token": "myloooooooongtokenbiggerthan12chars",`), nil, 1),
		bytes.Replace(v2, []byte(`"token": "myloooooooongtokenbiggerthan12chars"`), []byte(`"token": ""`), 1),
	} {
		if bytes.Contains(body, []byte(docToken)) {
			t.Fatal("token not removed from the fixture")
		}
		_, err := ConstructEvent(body, nil, docToken)
		isErr(t, err, webhook.ErrMissingToken)
		_, err = ConstructEvent(body, nil, docToken, AllowV1())
		isErr(t, err, webhook.ErrMissingToken)
	}

	// A tampered token is a mismatch; a tampered body is refused.
	_, err = ConstructEvent(bytes.Replace(v2, []byte("myloooooooong"), []byte("myloooooooonG"), 1), nil, docToken)
	isErr(t, err, webhook.ErrTokenMismatch)
	_, err = ConstructEvent(bytes.Replace(v2, []byte(`"metadata"`), []byte(`"metadata`), 1), nil, docToken)
	isErr(t, err, webhook.ErrInvalidPayload)

	// v1 bodies carry no token: refused unless v1 is allowed explicitly.
	_, err = ConstructEvent(v1, nil, docToken)
	isErr(t, err, webhook.ErrMissingToken)
	if !strings.Contains(err.Error(), "AllowV1") {
		t.Errorf("error should point at AllowV1: %v", err)
	}
	ev, err = ConstructEvent(v1, nil, docToken, AllowV1())
	must(t, err)
	equal(t, ev.(*CompletedEvent).Version(), 1, "v1 accepted with AllowV1")
	equal(t, ev.(*CompletedEvent).FileID(), int64(235649), "v1 file id")

	// No token configured.
	_, err = ConstructEvent(v2, nil, "")
	isErr(t, err, webhook.ErrNoSecret)
	_, err = ConstructEvent(v1, nil, "")
	isErr(t, err, webhook.ErrNoSecret)
	_, err = ConstructEvent(v1, nil, "", AllowV1())
	must(t, err)
	_, err = ConstructEvent(v2, nil, "", AllowV1())
	isErr(t, err, webhook.ErrNoSecret) // a token we cannot check

	// Rotation.
	_, err = ConstructEvent(v2, nil, "the-new-token-value", WithAdditionalTokens(docToken))
	must(t, err)
	_, err = ConstructEvent(v2, nil, "the-new-token-value", WithAdditionalTokens("another-old-token"))
	isErr(t, err, webhook.ErrTokenMismatch)

	// The header is not consulted: a token in a header does not help.
	_, err = ConstructEvent(v1, http.Header{"Token": {docToken}}, docToken)
	isErr(t, err, webhook.ErrMissingToken)
}

// The check runs through webhook.SharedToken, which compares SHA-256
// digests with crypto/subtle (constant time, independent of length).
func TestVerifierUsesConstantTimeSharedToken(t *testing.T) {
	v, err := newVerifier(docToken, nil)
	must(t, err)
	if reflect.TypeOf(v.st) != reflect.TypeOf(&webhook.SharedToken{}) || v.st == nil {
		t.Fatalf("verifier does not use webhook.SharedToken: %T", v.st)
	}
	equal(t, fmt.Sprint(v), "signeasy token verifier", "String hides the token")
	_, err = newVerifier("", nil)
	isErr(t, err, webhook.ErrNoSecret)
	v, err = newVerifier("", []WebhookOption{AllowV1(), nil})
	must(t, err)
	equal(t, v.st == nil && v.allowV1, true, "v1-only verifier")
	tok, err := extractToken(nil, fixture(t, "rs.viewed.v2.json"))
	must(t, err)
	equal(t, tok, docToken, "metadata.token extracted")
}

func TestWebhookProviderWithHandler(t *testing.T) {
	h := webhook.NewHandler(WebhookProvider(docToken))
	var got []webhook.Event
	webhook.On(h, func(_ context.Context, ev *CompletedEvent) error {
		got = append(got, ev)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()
	post := func(body []byte) int {
		resp, err := http.Post(srv.URL, "application/json", bytes.NewReader(body))
		must(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	equal(t, post(fixture(t, "rs.completed.v2.json")), 200, "v2 with token")
	equal(t, post(fixture(t, "rs.completed.v1.json")), 401, "v1 refused")
	equal(t, post(bytes.Replace(fixture(t, "rs.completed.v2.json"), []byte("12chars"), []byte("12charz"), 1)), 401, "wrong token")
	equal(t, post(fixture(t, "rs.viewed.v2.json")), 200, "other type, no typed handler")
	equal(t, len(got), 1, "typed handler calls")
	equal(t, got[0].(*CompletedEvent).Envelope.Status, EnvelopeComplete, "dispatched event")

	hv1 := webhook.NewHandler(WebhookProvider(docToken, AllowV1()))
	srv1 := httptest.NewServer(hv1)
	defer srv1.Close()
	resp, err := http.Post(srv1.URL, "application/json", bytes.NewReader(fixture(t, "rs.completed.v1.json")))
	must(t, err)
	resp.Body.Close()
	equal(t, resp.StatusCode, 200, "v1 allowed")

	refuse := webhook.NewHandler(WebhookProvider(""))
	srv2 := httptest.NewServer(refuse)
	defer srv2.Close()
	resp, err = http.Post(srv2.URL, "application/json", bytes.NewReader(fixture(t, "rs.completed.v1.json")))
	must(t, err)
	resp.Body.Close()
	equal(t, resp.StatusCode, 401, "no token configured refuses everything")
	equal(t, WebhookProvider("").Name(), "signeasy", "provider name")
}

// A retried delivery (same body) has the same ID, so webhook.WithDedupe
// drops it; a different event on the same envelope does not collide.
func TestEventIDsForDedupe(t *testing.T) {
	a1, err := ParseEvent(fixture(t, "rs.signed.v2.json"))
	must(t, err)
	a2, err := ParseEvent(append([]byte(nil), fixture(t, "rs.signed.v2.json")...))
	must(t, err)
	b, err := ParseEvent(fixture(t, "rs.viewed.v2.json"))
	must(t, err)
	equal(t, a1.ID(), a2.ID(), "retry has the same ID")
	if a1.ID() == b.ID() {
		t.Error("different events share an ID")
	}
}
