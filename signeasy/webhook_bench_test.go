// The webhook path beside the shortest correct hand-written Go that does
// the same work (json.Unmarshal into plain structs with the same fields,
// then a constant-time token comparison):
//
//	go test -run '^$' -bench 'Webhook' -benchmem -count 5 ./signeasy

package signeasy_test

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/webhook"
)

// hookToken is metadata.token in testdata/webhooks/rs.completed.v2.json.
const hookToken = "myloooooooongtokenbiggerthan12chars"

func hookBody(b *testing.B) []byte {
	return benchtest.ReadTestdata(b, "webhooks", "rs.completed.v2.json")
}

func checkHook(b *testing.B, ev webhook.Event) {
	if e, ok := ev.(*signeasy.CompletedEvent); !ok || e.Envelope.ID != 235649 || len(e.Envelope.Recipients) != 1 {
		b.Fatalf("got %T", ev)
	}
}

// BenchmarkWebhook checks the callback token (metadata.token, constant
// time) and decodes one v2 rs.completed delivery with ConstructEvent, in
// one reading of the body. Signeasy signs nothing: the token is the whole
// verification.
func BenchmarkWebhook(b *testing.B) {
	body := hookBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := signeasy.ConstructEvent(body, nil, hookToken)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// BenchmarkWebhookProvider is the same with the provider built once, as a
// webhook.Handler uses it (Construct is its one-pass verify and decode).
func BenchmarkWebhookProvider(b *testing.B) {
	body := hookBody(b)
	p := signeasy.WebhookProvider(hookToken).(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	})
	r := &http.Request{Header: http.Header{}}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := p.Construct(r, body)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// plainDelivery has the fields the SDK decodes, in plain Go types (0/1
// flags as ints, unix times as int64; the envelope is plainEnvelope).
type plainDelivery struct {
	Data     plainEnvelope `json:"data"`
	Metadata struct {
		EventType   string `json:"event_type"`
		EventUser   string `json:"event_user"`
		EventUserID int64  `json:"event_user_id"`
		ClientID    string `json:"client_id"`
		Token       string `json:"token"`
	} `json:"metadata"`
}

// BenchmarkWebhookRaw is the hand-written baseline: the token compared in
// constant time, the same fields decoded, and the timestamps the SDK
// parses (the envelope's and each recipient's created_time and
// last_modified_time, unix seconds) converted to time.Time, keeping the
// latest (the SDK's OccurredAt).
func BenchmarkWebhookRaw(b *testing.B) {
	body := hookBody(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var d plainDelivery
		if err := json.Unmarshal(body, &d); err != nil {
			b.Fatal(err)
		}
		if subtle.ConstantTimeCompare([]byte(d.Metadata.Token), []byte(hookToken)) != 1 {
			b.Fatal("token mismatch")
		}
		if d.Metadata.EventType != "rs.completed" || d.Data.ID != 235649 {
			b.Fatal("bad decode")
		}
		if latestTime(&d.Data).Unix() != 1591780621 {
			b.Fatal("bad times")
		}
	}
}

// latestTime converts the envelope's timestamps and returns the latest.
func latestTime(e *plainEnvelope) time.Time {
	at := time.Unix(e.CreatedTime, 0)
	for _, sec := range [...]int64{e.LastModifiedTime} {
		if t := time.Unix(sec, 0); t.After(at) {
			at = t
		}
	}
	for i := range e.Recipients {
		for _, sec := range [...]int64{e.Recipients[i].CreatedTime, e.Recipients[i].LastModifiedTime} {
			if t := time.Unix(sec, 0); t.After(at) {
				at = t
			}
		}
	}
	return at
}
