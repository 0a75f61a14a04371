package insertsigntest_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/insertsign"
	"github.com/esignkit/esign/insertsign/insertsigntest"
	"github.com/esignkit/esign/webhook"
)

// Without options every builder reproduces the documentation's sample: the
// JSON fixtures of package insertsign (themselves checked against the doc).
func TestDefaultsAreTheDocSamples(t *testing.T) {
	builders := map[string]func(...insertsigntest.Option) []byte{
		"request_sent.json":      insertsigntest.RequestSent,
		"request_completed.json": insertsigntest.RequestCompleted,
		"request_archived.json":  insertsigntest.RequestArchived,
		"request_deleted.json":   insertsigntest.RequestDeleted,
		"contact_created.json":   insertsigntest.ContactCreated,
		"signer_signed.json":     insertsigntest.SignerSigned,
		"email_delivered.json":   insertsigntest.EmailDelivered,
		"email_bounced.json":     insertsigntest.EmailBounced,
		"email_spammed.json":     insertsigntest.EmailSpammed,
	}
	for file, build := range builders {
		want, err := os.ReadFile(filepath.Join("..", "testdata", file))
		require.NoError(t, err)
		assert.JSONEq(t, string(want), string(build()))
	}
}

func TestAllCoversEveryTypeAndDecodes(t *testing.T) {
	all := insertsigntest.All()
	var types []string
	for _, d := range all {
		types = append(types, d.Type)
		ev, err := insertsign.ParseEvent(d.Body)
		require.NoError(t, err, d.Type)
		assert.Equal(t, d.Type, ev.Type())
		_, unknown := ev.(*insertsign.UnknownEvent)
		assert.True(t, !unknown, d.Type)
		assert.Equal(t, insertsigntest.DefaultCreatedAt, ev.OccurredAt(), d.Type)
	}
	assert.Equal(t, []string{"request.sent", "request.completed", "request.archived", "request.deleted",
		"contact.created", "signer.signed", "email.delivered", "email.bounced", "email.spammed"}, types)
}

func TestOptions(t *testing.T) {
	at := time.Date(2025, 1, 2, 3, 4, 5, 678e6, time.UTC)
	signedAt := time.Date(2025, 1, 2, 3, 0, 0, 123e6, time.UTC)
	ann := insertsigntest.Signer{ID: "s-ann", Email: "ann@example.com", Name: "Ann", Label: "CFO", Company: "Initech",
		CreatedAt: time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)}
	bob := insertsigntest.Signer{ID: "s-bob", Email: "bob@example.com", Name: "Bob"}
	sender := insertsign.Sender{ID: "u-1", Name: "Sam Sender", Email: "sam@example.com"}
	opts := []insertsigntest.Option{
		insertsigntest.WithCreatedAt(at.In(time.FixedZone("X", 3600))),
		insertsigntest.WithRequestID("req-42"),
		insertsigntest.WithAccountID("acct-7"),
		insertsigntest.WithTitle("Lease"),
		insertsigntest.WithSender(sender),
		insertsigntest.WithSigners(bob, ann),
		insertsigntest.WithSigner(ann),
		insertsigntest.WithSignedAt(signedAt),
	}
	decode := func(body []byte) webhook.Event {
		t.Helper()
		ev, err := insertsign.ParseEvent(body)
		require.NoError(t, err)
		assert.Equal(t, at, ev.OccurredAt(), "created_at")
		return ev
	}
	ids := func(r insertsign.Request) (out []string) {
		for _, s := range r.Signers {
			out = append(out, s.ID)
		}
		return out
	}

	sent := decode(insertsigntest.RequestSent(opts...)).(*insertsign.RequestSentEvent)
	assert.Equal(t, "req-42", sent.RequestID)
	assert.Equal(t, "acct-7", sent.AccountID)
	assert.Equal(t, "Lease", sent.Request.Title)
	assert.Equal(t, insertsign.RequestSent, sent.Request.Status)
	assert.Equal(t, sender, sent.Request.Sender)
	assert.Equal(t, []string{"s-bob", "s-ann"}, sent.Request.SignerOrder)
	assert.Equal(t, []string{"s-bob", "s-ann"}, ids(sent.Request), "signer_order follows WithSigners")
	assert.Equal(t, &insertsign.Signer{ID: "s-ann", Email: "ann@example.com", Name: "Ann", Label: "CFO", Company: "Initech",
		CreatedAt: ann.CreatedAt}, sent.Request.Signer("s-ann"))

	done := decode(insertsigntest.RequestCompleted(opts...)).(*insertsign.RequestCompletedEvent)
	assert.Equal(t, []string{"s-ann", "s-bob"}, ids(done.Request), "no signer_order: by id")
	assert.Nil(t, done.Request.SignerOrder)
	for _, s := range done.Request.Signers {
		assert.Equal(t, insertsign.SignerStatusSigned, s.Status)
		assert.Equal(t, insertsign.SignerTypeRequestSigner, s.Type)
	}
	assert.Equal(t, insertsign.ProgressComplete, done.Request.Progress)

	del := decode(insertsigntest.RequestDeleted(append(opts, insertsigntest.WithStatus(insertsign.RequestSent))...)).(*insertsign.RequestDeletedEvent)
	assert.Equal(t, insertsign.RequestSent, del.Request.Status)
	assert.Equal(t, "req-42", del.Request.ID)

	arch := decode(insertsigntest.RequestArchived(insertsigntest.WithCreatedAt(at), insertsigntest.WithSigners())).(*insertsign.RequestArchivedEvent)
	assert.Nil(t, arch.Request.Signers)
	assert.Equal(t, 0, len(arch.Request.SignersByID))

	contact := decode(insertsigntest.ContactCreated(opts...)).(*insertsign.ContactCreatedEvent)
	assert.Equal(t, insertsign.Contact{ID: "s-ann", AccountID: "acct-7", Email: "ann@example.com", Name: "Ann",
		Label: "CFO", Company: "Initech", CreatedAt: ann.CreatedAt}, contact.Contact)

	signed := decode(insertsigntest.SignerSigned(opts...)).(*insertsign.SignerSignedEvent)
	assert.Equal(t, insertsign.Signing{SignerID: "s-ann", RequestID: "req-42", AccountID: "acct-7", Email: "ann@example.com",
		Name: "Ann", Type: insertsign.SignerTypeSigner, Device: insertsign.DeviceDesktop, IP: "127.0.0.1",
		SignedAt: signedAt}, signed.Signing)

	for _, body := range [][]byte{insertsigntest.EmailDelivered(opts...), insertsigntest.EmailBounced(opts...), insertsigntest.EmailSpammed(opts...)} {
		ev := decode(body).(insertsign.EmailEvent)
		assert.Equal(t, insertsign.Email{Subject: "Lease - Signature requested by Sam Sender", To: "ann@example.com",
			RequestID: "req-42", AccountID: "acct-7"}, *ev.EmailMessage(), ev.Type())
	}
	bounced := decode(insertsigntest.EmailBounced(append(opts, insertsigntest.WithSubject("Reminder"))...)).(*insertsign.EmailBouncedEvent)
	assert.Equal(t, "Reminder", bounced.Email.Subject)
}

func TestBody(t *testing.T) {
	b, err := insertsigntest.Body("request.viewed", time.Time{}, map[string]any{"request_id": "r1"})
	require.NoError(t, err)
	assert.JSONEq(t, `{"created_at":"2024-04-28T04:33:06.277Z","data":{"request_id":"r1"},"type":"request.viewed"}`, string(b))
	ev, err := insertsign.ParseEvent(b)
	require.NoError(t, err)
	u, ok := ev.(*insertsign.UnknownEvent)
	require.True(t, ok, "%T", ev)
	assert.JSONEq(t, `{"request_id":"r1"}`, string(u.Data))

	// created_at always has milliseconds and Z, like JavaScript's toISOString.
	var env struct {
		CreatedAt string `json:"created_at"`
	}
	b, err = insertsigntest.Body("x", time.Date(2025, 6, 1, 12, 0, 0, 0, time.FixedZone("Y", -7200)), nil)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &env))
	assert.Equal(t, "2025-06-01T14:00:00.000Z", env.CreatedAt)

	// Data that cannot be encoded is an error, not a panic.
	b, err = insertsigntest.Body("x", time.Time{}, func() {})
	require.Error(t, err)
	assert.Nil(t, b)
	assert.Contains(t, err.Error(), "insertsigntest: encoding x delivery")
}
