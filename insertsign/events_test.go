package insertsign_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/webhook"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

var (
	sampleCreatedAt = time.Date(2024, 4, 28, 4, 33, 6, 277e6, time.UTC)
	sampleSentDate  = time.Date(2023, 10, 30, 4, 29, 12, 432e6, time.UTC) // 1698640152432
	sampleSender    = insertsign.Sender{ID: "1cnViVnv6W6Aqrkkm_x8", Name: "John Doe", Email: "john.doe@acme.com"}
)

const (
	johnID    = "-NeD5nNcbr-nViVjjp"
	janeID    = "-exampleJCDqrO1ZzuAPJCDW"
	requestID = "-N1hyGTaCNaIjJrkReq"
	accountID = "-Ne_JQph4vWOYBw03Co"
)

func parse[T webhook.Event](t *testing.T, body []byte) T {
	t.Helper()
	ev, err := insertsign.ParseEvent(body)
	require.NoError(t, err)
	typed, ok := ev.(T)
	require.True(t, ok, "got %T", ev)
	assert.Equal(t, "insertsign", typed.Provider())
	// InsertSign sends no event id: the ID is the body's SHA-256.
	sum := sha256.Sum256(body)
	assert.Equal(t, "sha256:"+hex.EncodeToString(sum[:]), typed.ID(), "body-derived event id")
	assert.Equal(t, sampleCreatedAt, typed.OccurredAt())
	assert.Equal(t, body, typed.Raw())
	return typed
}

func TestParseEventRequestSent(t *testing.T) {
	body := fixture(t, "request_sent.json")
	ev := parse[*insertsign.RequestSentEvent](t, body)
	assert.Equal(t, "request.sent", ev.Type())
	assert.Equal(t, webhook.Sent, ev.Lifecycle())
	assert.Equal(t, requestID, ev.RequestID)
	assert.Equal(t, accountID, ev.AccountID)

	r := ev.Request
	assert.Equal(t, requestID, r.ID)
	assert.Equal(t, accountID, r.AccountID)
	assert.Equal(t, "NDA for Acme", r.Title)
	assert.Equal(t, insertsign.RequestSent, r.Status)
	assert.Equal(t, insertsign.ProgressNone, r.Progress)
	assert.Equal(t, sampleSentDate, r.SentDate)
	assert.Equal(t, sampleSender, r.Sender)
	assert.Equal(t, []string{janeID, johnID}, r.SignerOrder)

	john := &insertsign.Signer{ID: johnID, Email: "example@gmail.com", Name: "John Doe", Label: "CEO"}
	jane := &insertsign.Signer{
		ID: janeID, Email: "jane.smith@gmail.com", Name: "Jane Smith", Company: "Acme LLC",
		CreatedAt: time.Date(2023, 7, 20, 22, 58, 44, 614e6, time.UTC), // 1689893924614
		Timestamp: -1689893923878,
	}
	assert.Equal(t, map[string]*insertsign.Signer{johnID: john, janeID: jane}, r.SignersByID)
	// signer_order puts Jane first although John's id sorts first.
	require.True(t, len(r.Signers) == 2, "signers: %d", len(r.Signers))
	assert.Equal(t, jane, r.Signers[0])
	assert.Equal(t, john, r.Signers[1])
	assert.Same(t, r.SignersByID[janeID], r.Signers[0], "slice and map share the signers")
	assert.Same(t, r.SignersByID[johnID], r.Signer(johnID))
	assert.Nil(t, r.Signer("nobody"))
}

func TestParseEventRequestCompleted(t *testing.T) {
	body := fixture(t, "request_completed.json")
	ev := parse[*insertsign.RequestCompletedEvent](t, body)
	assert.Equal(t, "request.completed", ev.Type())
	assert.Equal(t, webhook.Completed, ev.Lifecycle())
	assert.Equal(t, requestID, ev.RequestID)
	assert.Equal(t, accountID, ev.AccountID)
	want := insertsign.Request{
		ID: requestID, AccountID: accountID, Title: "NDA for Acme", Status: insertsign.RequestComplete,
		Progress: insertsign.ProgressComplete, SentDate: sampleSentDate, Sender: sampleSender,
	}
	john := &insertsign.Signer{ID: johnID, Email: "example@gmail.com", Name: "John Doe",
		Status: insertsign.SignerStatusSigned, Type: insertsign.SignerTypeRequestSigner}
	want.SignersByID = map[string]*insertsign.Signer{johnID: john}
	want.Signers = []*insertsign.Signer{john}
	assert.Equal(t, want, ev.Request)
}

func TestParseEventRequestArchived(t *testing.T) {
	body := fixture(t, "request_archived.json")
	ev := parse[*insertsign.RequestArchivedEvent](t, body)
	assert.Equal(t, "request.archived", ev.Type())
	assert.Equal(t, webhook.Other, ev.Lifecycle())
	assert.Equal(t, requestID, ev.RequestID)
	assert.Equal(t, accountID, ev.AccountID)
	john := &insertsign.Signer{ID: johnID, Email: "example@gmail.com", Name: "John Doe", Label: "CEO"}
	assert.Equal(t, insertsign.Request{
		ID: requestID, AccountID: accountID, Title: "NDA for Acme", Status: insertsign.RequestArchived, Progress: 100,
		SentDate: sampleSentDate, Sender: sampleSender,
		Signers: []*insertsign.Signer{john}, SignersByID: map[string]*insertsign.Signer{johnID: john},
	}, ev.Request)
}

func TestParseEventRequestDeleted(t *testing.T) {
	body := fixture(t, "request_deleted.json")
	ev := parse[*insertsign.RequestDeletedEvent](t, body)
	assert.Equal(t, "request.deleted", ev.Type())
	assert.Equal(t, webhook.Cancelled, ev.Lifecycle())
	assert.Equal(t, requestID, ev.RequestID)
	assert.Equal(t, accountID, ev.AccountID)
	// The request as it was before deletion: its last status was "archived".
	john := &insertsign.Signer{ID: johnID, Email: "example@gmail.com", Name: "John Doe"}
	assert.Equal(t, insertsign.Request{
		ID: requestID, AccountID: accountID, Title: "NDA for Acme", Status: insertsign.RequestArchived, Progress: 100,
		SentDate: sampleSentDate, Sender: sampleSender,
		Signers: []*insertsign.Signer{john}, SignersByID: map[string]*insertsign.Signer{johnID: john},
	}, ev.Request)
}

func TestParseEventContactCreated(t *testing.T) {
	body := fixture(t, "contact_created.json")
	ev := parse[*insertsign.ContactCreatedEvent](t, body)
	assert.Equal(t, "contact.created", ev.Type())
	assert.Equal(t, webhook.Other, ev.Lifecycle())
	assert.Equal(t, insertsign.Contact{
		ID: johnID, AccountID: accountID, Email: "example@gmail.com", Name: "John Doe",
		Label: "CEO", Company: "Acme",
		CreatedAt: time.Date(2024, 4, 8, 17, 6, 16, 304e6, time.UTC), // 1712595976304
	}, ev.Contact)
}

func TestParseEventSignerSigned(t *testing.T) {
	body := fixture(t, "signer_signed.json")
	ev := parse[*insertsign.SignerSignedEvent](t, body)
	assert.Equal(t, "signer.signed", ev.Type())
	assert.Equal(t, webhook.Signed, ev.Lifecycle())
	assert.Equal(t, insertsign.Signing{
		SignerID: johnID, RequestID: requestID, AccountID: accountID,
		Email: "example@gmail.com", Name: "John Doe", Type: insertsign.SignerTypeSigner,
		Device: insertsign.DeviceDesktop, IP: "127.0.0.1",
		SignedAt: time.Date(2024, 4, 8, 17, 6, 16, 304e6, time.UTC), // 1712595976304
	}, ev.Signing)
}

func TestParseEventEmails(t *testing.T) {
	const ndaSubject = "NDA for Acme - Signature requested by John Doe"
	tests := []struct {
		file, typ string
		lc        webhook.Lifecycle
		subject   string
		email     func(webhook.Event) (insertsign.Email, bool)
	}{
		{"email_delivered.json", "email.delivered", webhook.Other, ndaSubject, func(e webhook.Event) (insertsign.Email, bool) {
			ev, ok := e.(*insertsign.EmailDeliveredEvent)
			if !ok {
				return insertsign.Email{}, false
			}
			return ev.Email, true
		}},
		{"email_bounced.json", "email.bounced", webhook.Failed, "Overdue: information request for Approval Questionnaire", func(e webhook.Event) (insertsign.Email, bool) {
			ev, ok := e.(*insertsign.EmailBouncedEvent)
			if !ok {
				return insertsign.Email{}, false
			}
			return ev.Email, true
		}},
		{"email_spammed.json", "email.spammed", webhook.Failed, ndaSubject, func(e webhook.Event) (insertsign.Email, bool) {
			ev, ok := e.(*insertsign.EmailSpammedEvent)
			if !ok {
				return insertsign.Email{}, false
			}
			return ev.Email, true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.typ, func(t *testing.T) {
			body := fixture(t, tt.file)
			ev := parse[webhook.Event](t, body)
			assert.Equal(t, tt.typ, ev.Type())
			assert.Equal(t, tt.lc, ev.Lifecycle())
			got, ok := tt.email(ev)
			require.True(t, ok, "got %T", ev)
			assert.Equal(t, insertsign.Email{Subject: tt.subject, To: "example@gmail.com",
				RequestID: requestID, AccountID: accountID}, got)
		})
	}
}

func TestParseEventUnknown(t *testing.T) {
	body := []byte(`{"created_at":"2024-04-28T04:33:06.277Z","type":"request.viewed","data":{"request_id":"r1","n":[1,2]}}`)
	ev := parse[*insertsign.UnknownEvent](t, body)
	assert.Equal(t, "request.viewed", ev.Type())
	assert.Equal(t, webhook.Other, ev.Lifecycle())
	assert.JSONEq(t, `{"request_id":"r1","n":[1,2]}`, string(ev.Data))

	// No data, no created_at: still an UnknownEvent, not an error.
	got, err := insertsign.ParseEvent([]byte(`{"type":"future.thing"}`))
	require.NoError(t, err)
	u, ok := got.(*insertsign.UnknownEvent)
	require.True(t, ok)
	assert.Nil(t, u.Data)
	assert.True(t, u.OccurredAt().IsZero())

	// Types are case sensitive, as InsertSign documents them.
	got, err = insertsign.ParseEvent([]byte(`{"type":"Request.Sent","data":{}}`))
	require.NoError(t, err)
	_, ok = got.(*insertsign.UnknownEvent)
	assert.True(t, ok, "%T", got)
}

// The event keeps the body as its Raw bytes, not a copy (as every
// provider package does): a caller reusing its buffer copies first.
func TestParseEventRawIsTheBody(t *testing.T) {
	body := fixture(t, "email_delivered.json")
	ev, err := insertsign.ParseEvent(body)
	require.NoError(t, err)
	assert.Equal(t, &body[0], &ev.Raw()[0])
}

func TestSignerOrdering(t *testing.T) {
	signers := `{"c":{"id":"c","name":"C"},"a":{"id":"a","name":"A"},"b":{"name":"B"}}`
	decode := func(t *testing.T, request string) insertsign.Request {
		t.Helper()
		ev, err := insertsign.ParseEvent([]byte(`{"type":"request.completed","data":{"request_id":"r","request":` + request + `}}`))
		require.NoError(t, err)
		return ev.(*insertsign.RequestCompletedEvent).Request
	}
	ids := func(r insertsign.Request) []string {
		var out []string
		for _, s := range r.Signers {
			out = append(out, s.ID)
		}
		return out
	}
	t.Run("no signer_order: by id", func(t *testing.T) {
		r := decode(t, `{"signers":`+signers+`}`)
		assert.Equal(t, []string{"a", "b", "c"}, ids(r))
		assert.Equal(t, "b", r.SignersByID["b"].ID, "id filled from the key")
		assert.Nil(t, r.SignerOrder)
	})
	t.Run("partial order with unknown and repeated ids", func(t *testing.T) {
		r := decode(t, `{"signers":`+signers+`,"signer_order":["c","zzz","c","b"]}`)
		assert.Equal(t, []string{"c", "b", "a"}, ids(r))
		assert.Equal(t, []string{"c", "zzz", "c", "b"}, r.SignerOrder)
	})
	t.Run("signers as an array", func(t *testing.T) {
		r := decode(t, `{"signers":[{"id":"y"},{"id":"x"},null,{"name":"anon"}]}`)
		assert.Equal(t, []string{"3", "x", "y"}, ids(r))
	})
	t.Run("no signers", func(t *testing.T) {
		r := decode(t, `{"title":"T","signers":null}`)
		assert.Nil(t, r.Signers)
		assert.Nil(t, r.SignersByID)
		assert.Equal(t, "r", r.ID)
		r = decode(t, `{"signers":{"k":null}}`)
		assert.Equal(t, []string{"k"}, ids(r))
	})
	t.Run("no request object", func(t *testing.T) {
		ev, err := insertsign.ParseEvent([]byte(`{"type":"request.deleted","data":{"request_id":"r9"}}`))
		require.NoError(t, err)
		assert.Equal(t, insertsign.Request{ID: "r9"}, ev.(*insertsign.RequestDeletedEvent).Request)
		ev, err = insertsign.ParseEvent([]byte(`{"type":"request.deleted","data":{"request_id":"r9","account_id":"a1","request":null}}`))
		require.NoError(t, err)
		assert.Equal(t, insertsign.Request{ID: "r9", AccountID: "a1"}, ev.(*insertsign.RequestDeletedEvent).Request)
	})
}

func TestParseEventLenientValues(t *testing.T) {
	sent := func(t *testing.T, request string) insertsign.Request {
		t.Helper()
		ev, err := insertsign.ParseEvent([]byte(`{"type":"request.sent","data":{"request":` + request + `}}`))
		require.NoError(t, err)
		return ev.(*insertsign.RequestSentEvent).Request
	}
	assert.Equal(t, insertsign.Progress(50), sent(t, `{"progress":"50"}`).Progress)
	assert.Equal(t, insertsign.Progress(67), sent(t, `{"progress":66.6}`).Progress)
	assert.Equal(t, insertsign.Progress(0), sent(t, `{"progress":null}`).Progress)
	assert.Equal(t, sampleSentDate, sent(t, `{"sent_date":"1698640152432"}`).SentDate)
	assert.Equal(t, sampleSentDate, sent(t, `{"sent_date":1698640152432.0}`).SentDate)
	assert.Equal(t, sampleSentDate, sent(t, `{"sent_date":"2023-10-30T04:29:12.432Z"}`).SentDate)
	assert.True(t, sent(t, `{"sent_date":0}`).SentDate.IsZero())
	assert.True(t, sent(t, `{"sent_date":""}`).SentDate.IsZero())
	assert.True(t, sent(t, `{"sent_date":null}`).SentDate.IsZero())
	// Epoch milliseconds are milliseconds even when small (no seconds guess).
	assert.Equal(t, time.UnixMilli(86_400_000).UTC(), sent(t, `{"sent_date":86400000}`).SentDate)
	r := sent(t, `{"signers":{"s":{"timestamp":"-5","created_at":"1689893924614"}}}`)
	assert.Equal(t, int64(-5), r.Signers[0].Timestamp)
	assert.Equal(t, time.Date(2023, 7, 20, 22, 58, 44, 614e6, time.UTC), r.Signers[0].CreatedAt)

	// created_at in the envelope: ISO 8601 with any offset, normalized to UTC.
	ev, err := insertsign.ParseEvent([]byte(`{"created_at":"2024-04-28T06:33:06.277+02:00","type":"email.delivered","data":{}}`))
	require.NoError(t, err)
	assert.Equal(t, sampleCreatedAt, ev.OccurredAt())
	assert.Equal(t, time.UTC, ev.OccurredAt().Location())
}

func TestParseEventErrors(t *testing.T) {
	big := append([]byte(`{"type":"email.delivered","data":{"subject":"`),
		bytes.Repeat([]byte("a"), webhook.DefaultMaxBodyBytes)...)
	big = append(big, `"}}`...)
	_, err := insertsign.ParseEvent(big)
	require.Error(t, err)
	assert.ErrorIs(t, err, webhook.ErrBodyTooLarge)
	assert.ErrorIs(t, err, webhook.ErrInvalidPayload)

	bad := map[string]string{
		"empty":         ``,
		"spaces":        "  \n",
		"null":          `null`,
		"array":         `[{"type":"request.sent"}]`,
		"string":        `"request.sent"`,
		"not json":      `type=request.sent`,
		"truncated":     `{"type":"request.sent","data":{`,
		"trailing data": `{"type":"x"} {}`,
		"no type":       `{"data":{}}`,
		"empty type":    `{"type":"","data":{}}`,
		"null type":     `{"type":null,"data":{}}`,
		"numeric type":  `{"type":5,"data":{}}`,
	}
	for name, body := range bad {
		t.Run(name, func(t *testing.T) {
			ev, err := insertsign.ParseEvent([]byte(body))
			require.Error(t, err)
			assert.Nil(t, ev)
			assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
			assert.True(t, strings.HasPrefix(err.Error(), "insertsign: "), err.Error())
		})
	}
}

// One value that does not read never fails a delivery (InsertSign does not
// send it again): it keeps its zero value, the rest decodes, and the value
// is listed by the event's DecodeIssues (at the path given here).
func TestParseEventTolerates(t *testing.T) {
	drift := map[string]struct{ body, path string }{
		"bad created_at":     {`{"created_at":"yesterday","type":"email.bounced","data":{"to":"a@b.c"}}`, "created_at"},
		"created_at object":  {`{"created_at":{},"type":"email.bounced","data":{"to":"a@b.c"}}`, "created_at"},
		"signers string":     {`{"type":"request.sent","data":{"request_id":"r1","request":{"signers":"x"}}}`, "data.request.signers"},
		"signer string":      {`{"type":"request.sent","data":{"request_id":"r1","request":{"signers":{"a":"x","b":{"name":"B"}}}}}`, "data.request.signers.a"},
		"request string":     {`{"type":"request.sent","data":{"request_id":"r1","request":"x"}}`, "data.request"},
		"order not list":     {`{"type":"request.sent","data":{"request_id":"r1","request":{"signer_order":"a"}}}`, "data.request.signer_order"},
		"progress word":      {`{"type":"request.completed","data":{"request_id":"r1","request":{"progress":"half"}}}`, "data.request.progress"},
		"progress bool":      {`{"type":"request.completed","data":{"request_id":"r1","request":{"progress":true}}}`, "data.request.progress"},
		"progress huge":      {`{"type":"request.completed","data":{"request_id":"r1","request":{"progress":1e300}}}`, "data.request.progress"},
		"sent_date bool":     {`{"type":"request.archived","data":{"request_id":"r1","request":{"sent_date":true}}}`, "data.request.sent_date"},
		"sent_date word":     {`{"type":"request.archived","data":{"request_id":"r1","request":{"sent_date":"soon"}}}`, "data.request.sent_date"},
		"sent_date huge":     {`{"type":"request.archived","data":{"request_id":"r1","request":{"sent_date":1e20}}}`, "data.request.sent_date"},
		"signed_at object":   {`{"type":"signer.signed","data":{"request_id":"r1","signed_at":{}}}`, "data.signed_at"},
		"contact created_at": {`{"type":"contact.created","data":{"id":"c1","created_at":[1]}}`, "data.created_at"},
		"email to number":    {`{"type":"email.bounced","data":{"request_id":"r1","to":5}}`, "data.to"},
		"sender string":      {`{"type":"request.deleted","data":{"request_id":"r1","request":{"sender":"me"}}}`, "data.request.sender"},
		"timestamp word":     {`{"type":"request.sent","data":{"request_id":"r1","request":{"signers":{"a":{"name":"A","timestamp":"x"}}}}}`, "data.request.signers.a.timestamp"},
		"array signer bad":   {`{"type":"request.sent","data":{"request_id":"r1","request":{"signers":[{"id":"a","created_at":"soon"},{"id":"b"}]}}}`, "data.request.signers[0].created_at"},
		"unknown created_at": {`{"created_at":"yesterday","type":"request.viewed","data":{"x":1}}`, "created_at"},
	}
	for name, tc := range drift {
		t.Run(name, func(t *testing.T) {
			ev, err := insertsign.ParseEvent([]byte(tc.body))
			require.NoError(t, err)
			require.NotNil(t, ev)
			assert.Equal(t, string(jsonType(t, tc.body)), ev.Type())
			assert.Equal(t, webhook.BodyID([]byte(tc.body)), ev.ID())
			switch e := ev.(type) {
			case insertsign.RequestEvent:
				assert.Equal(t, "r1", e.SignatureRequest().ID, "the rest of data decodes")
			case *insertsign.SignerSignedEvent:
				assert.Equal(t, "r1", e.Signing.RequestID)
				assert.True(t, e.Signing.SignedAt.IsZero())
			case *insertsign.ContactCreatedEvent:
				assert.Equal(t, "c1", e.Contact.ID)
			case insertsign.EmailEvent:
				assert.True(t, e.EmailMessage().To == "a@b.c" || e.EmailMessage().RequestID == "r1")
			}
			require.Len(t, ev.DecodeIssues(), 1, "%v", ev.DecodeIssues())
			assert.Equal(t, tc.path, ev.DecodeIssues()[0].Path)
			_, err = insertsign.ParseEvent([]byte(tc.body), webhook.WithStrictDecoding())
			assert.ErrorIs(t, err, webhook.ErrInvalidPayload, "strict decoding refuses it")
		})
	}
	// The signers that read are kept.
	ev, err := insertsign.ParseEvent([]byte(drift["signer string"].body))
	require.NoError(t, err)
	req := ev.(insertsign.RequestEvent).SignatureRequest()
	require.NotNil(t, req.Signer("b"))
	assert.Equal(t, "B", req.Signer("b").Name)
	ev, err = insertsign.ParseEvent([]byte(drift["array signer bad"].body))
	require.NoError(t, err)
	req = ev.(insertsign.RequestEvent).SignatureRequest()
	require.Len(t, req.Signers, 2)
	assert.True(t, req.Signer("a").CreatedAt.IsZero())
}

func jsonType(t *testing.T, body string) string {
	t.Helper()
	var v struct {
		Type string `json:"type"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &v))
	return v.Type
}

func TestLifecycle(t *testing.T) {
	want := map[insertsign.EventType]webhook.Lifecycle{
		insertsign.EventRequestSent:      webhook.Sent,
		insertsign.EventSignerSigned:     webhook.Signed,
		insertsign.EventRequestCompleted: webhook.Completed,
		insertsign.EventRequestDeleted:   webhook.Cancelled,
		insertsign.EventRequestArchived:  webhook.Other,
		insertsign.EventContactCreated:   webhook.Other,
		insertsign.EventEmailDelivered:   webhook.Other,
		insertsign.EventEmailBounced:     webhook.Failed,
		insertsign.EventEmailSpammed:     webhook.Failed,
		"request.viewed":                 webhook.Other,
		"":                               webhook.Other,
	}
	for typ, lc := range want {
		assert.Equal(t, lc, typ.Lifecycle(), typ)
	}
	types := insertsign.EventTypes()
	assert.Len(t, types, 9)
	for _, typ := range types {
		assert.True(t, typ.Known(), typ)
		assert.Contains(t, want, typ)
	}
	types[0] = "mutated"
	assert.Equal(t, insertsign.EventRequestSent, insertsign.EventTypes()[0], "EventTypes returns a fresh slice")
}

// Every fixture in testdata decodes to a typed (not unknown) event whose
// Type and Lifecycle agree with Lifecycle, and the typed event re-encodes
// without losing the fields it decoded (a smoke test of the exported shape).
func TestFixturesAllTyped(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	require.NoError(t, err)
	assert.Equal(t, 9, len(files))
	seen := map[string]bool{}
	for _, f := range files {
		ev, err := insertsign.ParseEvent(fixture(t, filepath.Base(f)))
		require.NoError(t, err, f)
		_, unknown := ev.(*insertsign.UnknownEvent)
		assert.True(t, !unknown, f)
		assert.Equal(t, insertsign.EventType(ev.Type()).Lifecycle(), ev.Lifecycle())
		seen[ev.Type()] = true
		_, err = json.Marshal(ev)
		require.NoError(t, err)
	}
	assert.Equal(t, 9, len(seen))
}

func TestErrorsAreSentinels(t *testing.T) {
	_, err := insertsign.ParseEvent([]byte(`{`))
	var se *json.SyntaxError
	assert.True(t, errors.As(err, &se), "the JSON error stays reachable: %v", err)
}

func TestRequestAndEmailEventInterfaces(t *testing.T) {
	requests := map[string]string{
		"request_sent.json": "sent", "request_completed.json": "complete",
		"request_archived.json": "archived", "request_deleted.json": "archived",
	}
	for file, status := range requests {
		ev, err := insertsign.ParseEvent(fixture(t, file))
		require.NoError(t, err, file)
		re, ok := ev.(insertsign.RequestEvent)
		require.True(t, ok, "%s: %T is not a RequestEvent", file, ev)
		r := re.SignatureRequest()
		assert.Equal(t, requestID, r.ID, file)
		assert.Equal(t, insertsign.RequestStatus(status), r.Status, file)
		r.Title = "changed"
		assert.Equal(t, "changed", re.SignatureRequest().Title, "SignatureRequest returns the event's own Request")
		_, isEmail := ev.(insertsign.EmailEvent)
		assert.True(t, !isEmail, file)
	}
	for _, file := range []string{"email_delivered.json", "email_bounced.json", "email_spammed.json"} {
		ev, err := insertsign.ParseEvent(fixture(t, file))
		require.NoError(t, err, file)
		ee, ok := ev.(insertsign.EmailEvent)
		require.True(t, ok, "%s: %T is not an EmailEvent", file, ev)
		assert.Equal(t, "example@gmail.com", ee.EmailMessage().To, file)
		_, isRequest := ev.(insertsign.RequestEvent)
		assert.True(t, !isRequest, file)
	}
	for _, file := range []string{"contact_created.json", "signer_signed.json"} {
		ev, err := insertsign.ParseEvent(fixture(t, file))
		require.NoError(t, err, file)
		_, isRequest := ev.(insertsign.RequestEvent)
		_, isEmail := ev.(insertsign.EmailEvent)
		assert.True(t, !isRequest && !isEmail, file)
	}
}
