// The webhook path beside the shortest correct hand-written Go that does
// the same work (header split, timestamp check, crypto/hmac over
// "<t>.<body>", json.Unmarshal into plain structs with the same fields, the
// same 11 timestamps parsed with time.Parse):
//
//	go test -run '^$' -bench 'Webhook' -benchmem -count 5 ./zigned

package zigned_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

var hookAt = time.Unix(1717243200, 0)

func hookBody() []byte {
	return []byte(`{"event":"agreement.lifecycle.finalized","data":` + benchAgreementJSON("c8itw4ybiyldtndi9qnexample") + `}`)
}

func hookHeader(body []byte) http.Header {
	h := http.Header{}
	h.Set(zigned.SignatureHeader, webhooktest.TimestampedHeader(body, hookAt, benchSecret))
	return h
}

func checkHook(b *testing.B, ev webhook.Event) {
	if e, ok := ev.(*zigned.AgreementEvent); !ok || e.Agreement == nil || len(e.Agreement.Participants.Data) != 2 {
		b.Fatalf("got %T", ev)
	}
}

// BenchmarkWebhook verifies (t=<unix>,v1=<HMAC-SHA256 hex>, tolerance) and
// decodes one agreement delivery with ConstructEvent: the one-liner, which
// builds its check on every call.
func BenchmarkWebhook(b *testing.B) {
	body := hookBody()
	h := hookHeader(body)
	clock := webhook.WithClock(func() time.Time { return hookAt })
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := zigned.ConstructEvent(body, h, benchSecret, clock)
		if err != nil {
			b.Fatal(err)
		}
		checkHook(b, ev)
	}
}

// BenchmarkWebhookProvider is the same with the provider built once, as a
// webhook.Handler uses it (Construct is its one-pass verify and decode).
func BenchmarkWebhookProvider(b *testing.B) {
	body := hookBody()
	p := zigned.WebhookProvider(benchSecret, webhook.WithClock(func() time.Time { return hookAt })).(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	})
	r := &http.Request{Header: hookHeader(body)}
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

// plainDelivery is the delivery with the same fields as the SDK decodes, in
// plain Go types: times as the strings Zigned sends (most are not RFC 3339,
// so a plain time.Time cannot hold them), parsed after decoding, as the SDK
// parses them (see parseTimes).
type plainDelivery struct {
	Event string `json:"event"`
	Data  struct {
		ID                 string `json:"id"`
		ResourceType       string `json:"resource_type"`
		TestMode           bool   `json:"test_mode"`
		Status             string `json:"status"`
		TrustLevel         string `json:"trust_level"`
		CancellationReason string `json:"cancellation_reason"`
		Theme              string `json:"theme"`
		Issuer             struct {
			Name, Email, Role string
			ParticipantID     string `json:"participant_id"`
			SigningRoomURL    string `json:"signing_room_url"`
			Locale            string `json:"locale"`
		} `json:"issuer"`
		Participants struct {
			Data []struct {
				ID             string   `json:"id"`
				ResourceType   string   `json:"resource_type"`
				Name           string   `json:"name"`
				Email          string   `json:"email"`
				Status         string   `json:"status"`
				Order          *float64 `json:"order"`
				SigningGroup   *string  `json:"signing_group"`
				Agreement      string   `json:"agreement"`
				SigningRoomURL string   `json:"signing_room_url"`
				Locale         string   `json:"locale"`
				Role           string   `json:"role"`
				SignedAt       string   `json:"signed_at"`
				CreatedAt      string   `json:"created_at"`
				UpdatedAt      string   `json:"updated_at"`
			} `json:"data"`
		} `json:"participants"`
		Observers     []string `json:"observers"`
		SigningGroups []string `json:"signing_groups"`
		Documents     struct {
			OriginalDocuments struct {
				Main struct {
					Data struct {
						ID           string `json:"id"`
						ResourceType string `json:"resource_type"`
						Filename     string `json:"filename"`
						MimeType     string `json:"mime_type"`
						URL          string `json:"url"`
						Metadata     struct {
							LookupKey string `json:"lookup_key"`
						} `json:"metadata"`
						CreatedAt string `json:"created_at"`
						UpdatedAt string `json:"updated_at"`
					} `json:"data"`
				} `json:"main"`
				Attachments []string `json:"attachments"`
			} `json:"original_documents"`
			SignedDocument *string `json:"signed_document"`
		} `json:"documents"`
		SigningOrder struct {
			Enabled, Grouped bool
		} `json:"signing_order"`
		Communication struct {
			SendEmails         bool   `json:"send_emails"`
			DefaultLocale      string `json:"default_locale"`
			AutomaticReminders struct {
				Enabled   bool   `json:"enabled"`
				Intensity string `json:"intensity"`
			} `json:"automatic_reminders"`
			RecipientMessages *string `json:"recipient_messages"`
		} `json:"communication"`
		Metadata struct {
			LookupKey          string `json:"lookup_key"`
			SuccessCallbackURL string `json:"success_callback_url"`
		} `json:"metadata"`
		ExpiresAt string `json:"expires_at"`
		UpdatedAt string `json:"updated_at"`
		CreatedAt string `json:"created_at"`
	} `json:"data"`
}

// BenchmarkWebhookRaw is the hand-written baseline: the same checks, and the
// same fields decoded, timestamps parsed.
func BenchmarkWebhookRaw(b *testing.B) {
	body := hookBody()
	h := hookHeader(body)
	now := hookAt
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		var ts, sig string
		for _, part := range strings.Split(h.Get(zigned.SignatureHeader), ",") {
			k, v, _ := strings.Cut(part, "=")
			switch k {
			case "t":
				ts = v
			case "v1":
				sig = v
			}
		}
		sec, err := strconv.ParseInt(ts, 10, 64)
		if err != nil || now.Sub(time.Unix(sec, 0)).Abs() > 5*time.Minute {
			b.Fatal("timestamp")
		}
		want, err := hex.DecodeString(sig)
		if err != nil {
			b.Fatal(err)
		}
		mac := hmac.New(sha256.New, []byte(benchSecret))
		mac.Write([]byte(ts + "."))
		mac.Write(body)
		if !hmac.Equal(mac.Sum(nil), want) {
			b.Fatal("signature")
		}
		var d plainDelivery
		if err := json.Unmarshal(body, &d); err != nil || len(d.Data.Participants.Data) != 2 {
			b.Fatal(err)
		}
		if d.parseTimes() != 11 {
			b.Fatal("timestamps")
		}
	}
}

// zignedTime is the layout of Zigned's timestamps ("2024-01-01
// 00:00:00+00:00"); the file's updated_at is RFC 3339.
const zignedTime = "2006-01-02 15:04:05Z07:00"

// parseTime parses a timestamp the way hand-written code that knows
// Zigned's two shapes would; it returns 1 when it parsed one.
func parseTime(s string) int {
	layout := zignedTime
	if len(s) > 10 && s[10] == 'T' {
		layout = time.RFC3339
	}
	if _, err := time.Parse(layout, s); err != nil {
		return 0
	}
	return 1
}

// parseTimes parses the 11 timestamps the SDK parses (the agreement's 3,
// each participant's 3, the file's 2) and counts them.
func (d *plainDelivery) parseTimes() int {
	a := &d.Data
	n := parseTime(a.ExpiresAt) + parseTime(a.UpdatedAt) + parseTime(a.CreatedAt)
	for _, p := range a.Participants.Data {
		n += parseTime(p.SignedAt) + parseTime(p.CreatedAt) + parseTime(p.UpdatedAt)
	}
	f := &a.Documents.OriginalDocuments.Main.Data
	return n + parseTime(f.CreatedAt) + parseTime(f.UpdatedAt)
}
