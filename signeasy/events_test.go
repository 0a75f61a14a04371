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

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
			require.NoError(t, err)
			assert.Equal(t, tc.goType, fmt.Sprintf("%T", ev), "Go type")
			assert.Equal(t, "signeasy", ev.Provider(), "provider")
			assert.Equal(t, tc.typ, ev.Type(), "type")
			assert.Equal(t, tc.lifecycle, ev.Lifecycle(), "lifecycle")
			assert.Equal(t, time.Unix(tc.recipModified, 0).UTC(), ev.OccurredAt(), "occurred at")
			assert.Equal(t, strings.Replace(string(body), `"myloooooooongtokenbiggerthan12chars"`, `"[REDACTED]"`, 1), string(ev.Raw()), "raw: the body, its token redacted")
			again, err := ParseEvent(ev.Raw())
			require.NoError(t, err, "a stored Raw parses")
			assert.Equal(t, ev.ID(), again.ID(), "a stored Raw keeps the delivery's ID")
			if !strings.HasPrefix(ev.ID(), tc.typ+":235649:") || len(ev.ID()) != len(tc.typ)+len(":235649:")+16 {
				t.Errorf("ID %q", ev.ID())
			}
			se := ev.(signeasyEvent)
			assert.Equal(t, tc.version, se.Version(), "version")
			assert.Equal(t, int64(235649), se.EnvelopeID(), "envelope id")
			d := delivery(t, ev)
			wantMeta := EventMetadata{EventType: EventType(tc.typ), EventUser: tc.eventUser, EventUserID: 1, ClientID: "6xkfd7cC9TEcXPOy1jxbHg9k8O8IpmQRAt7AWrTm"}
			if tc.version == 2 {
				wantMeta.Token = "myloooooooongtokenbiggerthan12chars"
				assert.Equal(t, []Source{{ID: 223221, Name: "Offer letter", Type: SourceOriginal}}, se.Sources(), "sources")
				assert.Equal(t, int64(0), se.FileID(), "v2 file id")
			} else {
				assert.Equal(t, []Source(nil), se.Sources(), "v1 sources")
				assert.Equal(t, int64(235649), se.FileID(), "v1 file id")
			}
			assert.Equal(t, wantMeta, d.Metadata, "metadata")
			assert.Equal(t, Envelope{
				ID: 235649, Name: "Offer letter - Prashanth.pdf", Status: tc.status, IsOrdered: true,
				Next: 377928, OwnerUserID: 3625900, OwnerEmail: "spatro@gmail.com", OwnerFirstName: "Sunil",
				OwnerLastName: "Patro EK", CreatedTime: ts(1557465368), LastModifiedTime: ts(1557465371),
				Recipients: []Recipient{{RecipientID: 377928, RecipientUserID: 3625901, Email: "prashanth.signeasy@gmail.com",
					FirstName: "Prashanth", LastName: "Raghu", OrderID: 1, Status: tc.recipient,
					CreatedTime: ts(1557465369), LastModifiedTime: ts(tc.recipModified)}},
				Sources: se.Sources(),
			}, d.Envelope, "envelope")
			var raw map[string]any
			require.NoError(t, json.Unmarshal(d.RawData, &raw))
			assert.Equal(t, "Offer letter - Prashanth.pdf", raw["name"], "raw data")
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
	require.NoError(t, err)
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
	assert.Equal(t, len(docFixtures), len(bodies), "bodies in the doc")
	for i, body := range bodies {
		ev, err := ParseEvent(body)
		require.NoError(t, err)
		tc := docFixtures[i]
		assert.Equal(t, tc.typ, ev.Type(), "doc body type")
		assert.Equal(t, tc.version, ev.(signeasyEvent).Version(), "doc body version (v1 first, then v2)")
		var fromDoc, fromFixture any
		require.NoError(t, json.Unmarshal(body, &fromDoc))
		require.NoError(t, json.Unmarshal(fixture(t, tc.file), &fromFixture))
		assert.Equal(t, fromDoc, fromFixture, "fixture "+tc.file+" matches the doc")
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
		require.NoError(t, err)
		assert.Equal(t, tc.goType, fmt.Sprintf("%T", ev), tc.typ)
		assert.Equal(t, tc.typ, ev.Type(), "type")
		assert.Equal(t, tc.lc, ev.Lifecycle(), tc.typ+" lifecycle")
		d := delivery(t, ev)
		assert.Equal(t, 2, d.Version(), "version")
		assert.Equal(t, int64(42), d.Metadata.EventUserID, "event_user_id as a string")
		assert.Equal(t, EnvelopeStatus(tc.status), d.Envelope.Status, "status")
		assert.Equal(t, RecipientStatus(tc.recipient), d.Envelope.Recipients[0].Status, "recipient status")
		assert.Equal(t, []Source{{ID: 11, Name: "Lease", Type: SourceOriginal}, {ID: 12, Name: "Annex", Type: SourceTemplate}}, d.Sources(), "sources")
		assert.Equal(t, time.Unix(1700000500, 0).UTC(), ev.OccurredAt(), "occurred at")
	}
	// Every declared type decodes to a typed event.
	for _, typ := range append(EventTypes(), EventRemind) {
		body := []byte(fmt.Sprintf(handMadeV2, "incomplete", "viewed", typ))
		ev, err := ParseEvent(body)
		require.NoError(t, err)
		if _, unknown := ev.(*UnknownEvent); unknown {
			t.Errorf("%s decoded as unknown", typ)
		}
	}
}

func TestUnknownEvent(t *testing.T) {
	body := []byte(`{"data": {"id": "not-a-number", "anything": [1, 2]},
	  "metadata": {"event_type": "rs.something_new", "event_user_id": 7, "client_id": "c", "token": "tok-unknown-123456"}}`)
	ev, err := ParseEvent(body)
	require.NoError(t, err)
	u, ok := ev.(*UnknownEvent)
	if !ok {
		t.Fatalf("got %T", ev)
	}
	assert.Equal(t, "rs.something_new", u.Type(), "type")
	assert.Equal(t, webhook.Other, u.Lifecycle(), "lifecycle")
	assert.Equal(t, 2, u.Version(), "version")
	assert.Equal(t, int64(7), u.Metadata.EventUserID, "metadata")
	assert.Equal(t, "tok-unknown-123456", u.Metadata.Token.Reveal(), "token")
	assert.JSONEq(t, `{"id": "not-a-number", "anything": [1, 2]}`, string(u.RawData))
	assert.Equal(t, strings.Replace(string(body), `"tok-unknown-123456"`, `"[REDACTED]"`, 1), string(u.Raw()), "raw: the body, its token redacted")
	if !strings.HasPrefix(u.ID(), "rs.something_new::") {
		t.Errorf("ID %q", u.ID())
	}
	if s := fmt.Sprintf("%v %+v %#v", u, u, u); strings.Contains(s, "tok-unknown-123456") {
		t.Errorf("token printed: %s", s)
	}
	v1, err := ParseEvent([]byte(`{"data": {}, "metadata": {"event_type": "x.y"}}`))
	require.NoError(t, err)
	assert.Equal(t, 1, v1.(*UnknownEvent).Version(), "v1 unknown")
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
		"data array":     `{"data": [{"id": 1}], "metadata": {"event_type": "rs.completed"}}`,
		"data string":    `{"data": "x", "metadata": {"event_type": "rs.completed"}}`,
		"data then null": `{"data": {"id": 1}, "data": null, "metadata": {"event_type": "rs.completed"}}`,
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
	require.ErrorIs(t, err, webhook.ErrInvalidPayload)
	require.ErrorIs(t, err, webhook.ErrBodyTooLarge)
	_, err = ConstructEvent(big, nil, "whatever-token-123")
	require.ErrorIs(t, err, webhook.ErrBodyTooLarge)
}

// A value that does not read never fails a delivery: it keeps its zero
// value, the rest decodes, and the event's DecodeIssues lists it (at the
// path given here); webhook.WithStrictDecoding refuses it instead.
func TestParseEventTolerates(t *testing.T) {
	v2 := string(fixture(t, "rs.completed.v2.json"))
	drift := map[string]struct{ old, new, path string }{
		"id string":         {`"id": 235649`, `"id": "abc"`, "data.id"},
		"id fraction":       {`"id": 235649`, `"id": 235649.5`, "data.id"},
		"flag word":         {`"is_ordered": 1`, `"is_ordered": "yes"`, "data.is_ordered"},
		"time word":         {`"created_time": 1557465368`, `"created_time": "None"`, "data.created_time"},
		"recipient time":    {`"last_modified_time": 1591780621`, `"last_modified_time": {}`, "data.recipients[0].last_modified_time"},
		"recipients object": {`"recipients": [`, `"recipients": {"x": 1}, "r": [`, "data.recipients"},
		"source id":         {`"id": 223221`, `"id": true`, "data.sources[0].id"},
		"order id huge":     {`"order_id": 1`, `"order_id": 1e30`, "data.recipients[0].order_id"},
		"event user id":     {`"event_user_id": 1`, `"event_user_id": "abc"`, "metadata.event_user_id"},
		"client id number":  {`"client_id": "6xkfd7cC9TEcXPOy1jxbHg9k8O8IpmQRAt7AWrTm"`, `"client_id": 5`, "metadata.client_id"},
	}
	for name, tc := range drift {
		t.Run(name, func(t *testing.T) {
			body := []byte(strings.Replace(v2, tc.old, tc.new, 1))
			require.NotEqual(t, v2, string(body), "fixture changed")
			ev, err := ConstructEvent(body, nil, docToken)
			require.NoError(t, err)
			e, ok := ev.(*CompletedEvent)
			require.True(t, ok, "%T", ev)
			require.Len(t, e.DecodeIssues(), 1, "%v", e.DecodeIssues())
			assert.Equal(t, tc.path, e.DecodeIssues()[0].Path)
			assert.Equal(t, "rs.completed", e.Type())
			assert.Equal(t, 2, e.Version())
			assert.Equal(t, "Offer letter - Prashanth.pdf", e.Envelope.Name, "the rest decodes")
			assert.Equal(t, "prashanth.signeasy@gmail.com", e.Metadata.EventUser, "the rest decodes")
			assert.Equal(t, strings.Replace(string(body), `"`+docToken+`"`, `"[REDACTED]"`, 1), string(e.Raw()))
			_, err = ConstructEvent(body, nil, docToken, webhook.WithStrictDecoding())
			require.ErrorIs(t, err, webhook.ErrInvalidPayload, "strict decoding refuses it")
			_, err = ParseEvent(body, webhook.WithStrictDecoding())
			require.ErrorIs(t, err, webhook.ErrInvalidPayload, "strict decoding refuses it")
		})
	}
	// An unknown type keeps data raw: what data holds is no issue.
	ev, err := ParseEvent([]byte(`{"data": {"id": "x", "created_time": "soon"}, "metadata": {"event_type": "rs.new", "event_user_id": []}}`))
	require.NoError(t, err)
	require.Len(t, ev.DecodeIssues(), 1, "%v", ev.DecodeIssues())
	assert.Equal(t, "metadata.event_user_id", ev.DecodeIssues()[0].Path)
}

// A token that is there but is no string is refused as missing, v1 allowed
// or not: the delivery cannot be checked.
func TestUnreadableTokenRefused(t *testing.T) {
	v2 := string(fixture(t, "rs.completed.v2.json"))
	v1 := string(fixture(t, "rs.completed.v1.json"))
	for name, body := range map[string]string{
		"token number":   strings.Replace(v2, `"token": "myloooooooongtokenbiggerthan12chars"`, `"token": 5`, 1),
		"token object":   strings.Replace(v2, `"token": "myloooooooongtokenbiggerthan12chars"`, `"token": {"t": "myloooooooongtokenbiggerthan12chars"}`, 1),
		"metadata list":  `{"data": {"id": 1}, "metadata": ["myloooooooongtokenbiggerthan12chars"]}`,
		"v1 token array": strings.Replace(v1, `"metadata": {`, `"metadata": {"token": [], `, 1),
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEqual(t, v2, body)
			for _, opts := range [][]webhook.Option{nil, {AllowV1()}} {
				_, err := ConstructEvent([]byte(body), nil, docToken, opts...)
				require.ErrorIs(t, err, webhook.ErrMissingToken)
				v, err := NewVerifier(docToken, opts...)
				require.NoError(t, err)
				require.ErrorIs(t, v.Verify(nil, []byte(body)), webhook.ErrMissingToken)
			}
		})
	}
}

const docToken = "myloooooooongtokenbiggerthan12chars"

func TestConstructEventTokenCheck(t *testing.T) {
	v2 := fixture(t, "rs.completed.v2.json")
	v1 := fixture(t, "rs.completed.v1.json")

	ev, err := ConstructEvent(v2, nil, docToken)
	require.NoError(t, err)
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
		require.ErrorIs(t, err, webhook.ErrTokenMismatch)
		_, err = ConstructEvent(v2, nil, wrong, AllowV1())
		require.ErrorIs(t, err, webhook.ErrTokenMismatch)
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
		require.ErrorIs(t, err, webhook.ErrMissingToken)
		_, err = ConstructEvent(body, nil, docToken, AllowV1())
		require.ErrorIs(t, err, webhook.ErrMissingToken)
	}

	// A tampered token is a mismatch; a tampered body is refused.
	_, err = ConstructEvent(bytes.Replace(v2, []byte("myloooooooong"), []byte("myloooooooonG"), 1), nil, docToken)
	require.ErrorIs(t, err, webhook.ErrTokenMismatch)
	_, err = ConstructEvent(bytes.Replace(v2, []byte(`"metadata"`), []byte(`"metadata`), 1), nil, docToken)
	require.ErrorIs(t, err, webhook.ErrInvalidPayload)

	// v1 bodies carry no token: refused unless v1 is allowed explicitly.
	_, err = ConstructEvent(v1, nil, docToken)
	require.ErrorIs(t, err, webhook.ErrMissingToken)
	if !strings.Contains(err.Error(), "AllowV1") {
		t.Errorf("error should point at AllowV1: %v", err)
	}
	ev, err = ConstructEvent(v1, nil, docToken, AllowV1())
	require.NoError(t, err)
	assert.Equal(t, 1, ev.(*CompletedEvent).Version(), "v1 accepted with AllowV1")
	assert.Equal(t, int64(235649), ev.(*CompletedEvent).FileID(), "v1 file id")

	// No token configured.
	_, err = ConstructEvent(v2, nil, "")
	require.ErrorIs(t, err, webhook.ErrNoSecret)
	_, err = ConstructEvent(v1, nil, "")
	require.ErrorIs(t, err, webhook.ErrNoSecret)
	_, err = ConstructEvent(v1, nil, "", AllowV1())
	require.NoError(t, err)
	_, err = ConstructEvent(v2, nil, "", AllowV1())
	require.ErrorIs(t, err, webhook.ErrNoSecret) // a token we cannot check

	// Rotation.
	_, err = ConstructEvent(v2, nil, "the-new-token-value", webhook.WithAdditionalSecrets(docToken))
	require.NoError(t, err)
	_, err = ConstructEvent(v2, nil, "the-new-token-value", webhook.WithAdditionalSecrets("another-old-token"))
	require.ErrorIs(t, err, webhook.ErrTokenMismatch)

	// The header is not consulted: a token in a header does not help.
	_, err = ConstructEvent(v1, http.Header{"Token": {docToken}}, docToken)
	require.ErrorIs(t, err, webhook.ErrMissingToken)
}

// NewVerifier checks the token alone; it never prints the token.
func TestNewVerifier(t *testing.T) {
	v, err := NewVerifier(docToken)
	require.NoError(t, err)
	assert.NoError(t, v.Verify(nil, fixture(t, "rs.viewed.v2.json")))
	assert.ErrorIs(t, v.Verify(nil, bytes.Replace(fixture(t, "rs.viewed.v2.json"), []byte("12chars"), []byte("12charz"), 1)), webhook.ErrTokenMismatch)
	assert.ErrorIs(t, v.Verify(nil, fixture(t, "rs.viewed.v1.json")), webhook.ErrMissingToken)
	assert.ErrorIs(t, v.Verify(nil, []byte("{")), webhook.ErrMissingToken)
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", v, v, v), "myloooo", "String hides the token")
	_, err = NewVerifier(" ")
	require.ErrorIs(t, err, webhook.ErrNoSecret)
	assert.True(t, strings.HasPrefix(err.Error(), "signeasy: "), err.Error())
	v, err = NewVerifier("", AllowV1(), nil)
	require.NoError(t, err, "v1-only verifier")
	assert.NoError(t, v.Verify(nil, fixture(t, "rs.viewed.v1.json")))
	assert.ErrorIs(t, v.Verify(nil, fixture(t, "rs.viewed.v2.json")), webhook.ErrNoSecret)
	v, err = NewVerifier("the-new-token-value", webhook.WithAdditionalSecrets(docToken))
	require.NoError(t, err)
	assert.NoError(t, v.Verify(nil, fixture(t, "rs.viewed.v2.json")), "rotation")
}

// The verifier and ConstructEvent read a repeated "data" alike: the last
// one counts, so sources dropped by a later "data": null make a v1 body.
func TestVerifierAgreesOnRepeatedData(t *testing.T) {
	body := []byte(`{"data": {"id": 1, "sources": [{"id": 2}]}, "data": null, "metadata": {"event_type": "rs.completed"}}`)
	v, err := NewVerifier(docToken, AllowV1())
	require.NoError(t, err)
	require.NoError(t, v.Verify(nil, body), "a token-less v1 body, allowed")
	_, err = ConstructEvent(body, nil, docToken, AllowV1())
	require.ErrorIs(t, err, webhook.ErrInvalidPayload, "accepted, then no data")
	assert.False(t, isRefusal(err), "not a refusal: %v", err)
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
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	assert.Equal(t, 200, post(fixture(t, "rs.completed.v2.json")), "v2 with token")
	assert.Equal(t, 401, post(fixture(t, "rs.completed.v1.json")), "v1 refused")
	assert.Equal(t, 401, post(bytes.Replace(fixture(t, "rs.completed.v2.json"), []byte("12chars"), []byte("12charz"), 1)), "wrong token")
	assert.Equal(t, 200, post(fixture(t, "rs.viewed.v2.json")), "other type, no typed handler")
	assert.Equal(t, 1, len(got), "typed handler calls")
	assert.Equal(t, EnvelopeComplete, got[0].(*CompletedEvent).Envelope.Status, "dispatched event")

	hv1 := webhook.NewHandler(WebhookProvider(docToken, AllowV1()))
	srv1 := httptest.NewServer(hv1)
	defer srv1.Close()
	resp, err := http.Post(srv1.URL, "application/json", bytes.NewReader(fixture(t, "rs.completed.v1.json")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode, "v1 allowed")

	// No token configured: the provider refuses everything, and NewHandler
	// panics naming the provider and what is missing.
	refuse := WebhookProvider("")
	body := fixture(t, "rs.completed.v1.json")
	assert.ErrorIs(t, refuse.VerifyRequest(httptest.NewRequest(http.MethodPost, "/", nil), body), webhook.ErrNoSecret)
	assert.Equal(t, "signeasy", refuse.Name(), "provider name")
	assert.PanicsWithValue(t, "webhook: NewHandler: signeasy: no callback token (empty or blank; pass signeasy.AllowV1() to accept token-less v1 deliveries): webhook: no secret configured",
		func() { webhook.NewHandler(WebhookProvider("")) })
}

// A retried delivery (same body) has the same ID, so webhook.WithDedupe
// drops it; a different event on the same envelope does not collide.
func TestEventIDsForDedupe(t *testing.T) {
	a1, err := ParseEvent(fixture(t, "rs.signed.v2.json"))
	require.NoError(t, err)
	a2, err := ParseEvent(append([]byte(nil), fixture(t, "rs.signed.v2.json")...))
	require.NoError(t, err)
	b, err := ParseEvent(fixture(t, "rs.viewed.v2.json"))
	require.NoError(t, err)
	assert.Equal(t, a2.ID(), a1.ID(), "retry has the same ID")
	if a1.ID() == b.ID() {
		t.Error("different events share an ID")
	}
}

// TestRawRedactsTheToken: Raw, which receivers store and log, never holds
// the callback token, wherever metadata.token is and however often; the
// rest of the body is kept byte for byte.
func TestRawRedactsTheToken(t *testing.T) {
	for name, tc := range map[string]struct{ body, raw string }{
		"v2": {
			`{"data": {"id": 1, "sources": []}, "metadata": {"event_type": "rs.completed", "token": "s3cret-token-value"}}`,
			`{"data": {"id": 1, "sources": []}, "metadata": {"event_type": "rs.completed", "token": "[REDACTED]"}}`,
		},
		"repeated": {
			`{"metadata": {"token": "s3cret-token-value", "event_type": "rs.x", "token":"s3cret-token-value"},"metadata":{"event_type":"rs.x","token" : "s3cret-token-value"}}`,
			`{"metadata": {"token": "[REDACTED]", "event_type": "rs.x", "token":"[REDACTED]"},"metadata":{"event_type":"rs.x","token" : "[REDACTED]"}}`,
		},
		"escaped key and value": {
			`{"metadata": {"event_type": "rs.x", "tok\u0065n": "s3cret-\u0074oken-value"}}`,
			`{"metadata": {"event_type": "rs.x", "tok\u0065n": "[REDACTED]"}}`,
		},
		"not a string": {
			`{"metadata": {"event_type": "rs.x", "token": 123456789}}`,
			`{"metadata": {"event_type": "rs.x", "token": "[REDACTED]"}}`,
		},
		"null": {
			`{"metadata": {"event_type": "rs.x", "token": null}}`,
			`{"metadata": {"event_type": "rs.x", "token": null}}`,
		},
		"token elsewhere is data": {
			`{"data": {"token": "kept"}, "metadata": {"event_type": "rs.x"}}`,
			`{"data": {"token": "kept"}, "metadata": {"event_type": "rs.x"}}`,
		},
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := ParseEvent([]byte(tc.body))
			require.NoError(t, err)
			assert.Equal(t, tc.raw, string(ev.Raw()))
			again, err := ParseEvent(ev.Raw())
			require.NoError(t, err)
			assert.Equal(t, ev.ID(), again.ID(), "ParseEvent of a stored Raw gives the delivery's ID")
		})
	}
	// A verified delivery too.
	body := []byte(`{"data": {"id": 1, "sources": []}, "metadata": {"event_type": "rs.completed", "token": "s3cret-token-value"}}`)
	ev, err := ConstructEvent(body, nil, "s3cret-token-value")
	require.NoError(t, err)
	assert.NotContains(t, string(ev.Raw()), "s3cret")
}
