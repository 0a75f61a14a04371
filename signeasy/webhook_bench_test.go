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
// flags as ints, unix times as int64).
type plainDelivery struct {
	Data struct {
		ID               int64  `json:"id"`
		Name             string `json:"name"`
		Status           string `json:"status"`
		IsOrdered        int    `json:"is_ordered"`
		IsInPerson       int    `json:"is_in_person"`
		HasMarkers       int    `json:"has_markers"`
		AadhaarEnabled   *int   `json:"aadhaar_enabled"`
		Next             int64  `json:"next"`
		Logo             *string
		OwnerUserID      int64  `json:"owner_user_id"`
		OwnerEmail       string `json:"owner_email"`
		OwnerFirstName   string `json:"owner_first_name"`
		OwnerLastName    string `json:"owner_last_name"`
		OwnerCompany     string `json:"owner_company"`
		CreatedTime      int64  `json:"created_time"`
		LastModifiedTime int64  `json:"last_modified_time"`
		Recipients       []struct {
			RecipientID      int64  `json:"recipient_id"`
			RecipientUserID  int64  `json:"recipient_user_id"`
			Email            string `json:"email"`
			FirstName        string `json:"first_name"`
			LastName         string `json:"last_name"`
			OrderID          int    `json:"order_id"`
			Status           string `json:"status"`
			CreatedTime      int64  `json:"created_time"`
			LastModifiedTime int64  `json:"last_modified_time"`
		} `json:"recipients"`
		Sources []struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
			Name string `json:"name"`
		} `json:"sources"`
	} `json:"data"`
	Metadata struct {
		EventType   string `json:"event_type"`
		EventUser   string `json:"event_user"`
		EventUserID int64  `json:"event_user_id"`
		ClientID    string `json:"client_id"`
		Token       string `json:"token"`
	} `json:"metadata"`
}

// BenchmarkWebhookRaw is the hand-written baseline.
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
	}
}
