package zigned_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/esignkit/esign/zigned"
)

const (
	vectorSecret = "whsec_zigned_test_secret"
	vectorBody   = `{"event":"agreement.lifecycle.pending","data":{"id":"c8itw4ybiyldtndi9qnexample","resource_type":"agreement","status":"pending","updated_at":"2024-06-01T12:00:00.000Z"}}`
	// Computed outside Go (Python's hmac module) over t + "." + body.
	vectorSigSeconds = "bf17caa3c24fa60876f61a5d99fbdb835728b9d40757f559650d1c2305eddc59"
	vectorSigMillis  = "9aa7e27c940d17290596cb854583bf261d9cdc28f6f643b2718c6737391ceb70"
)

var vectorTime = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC) // unix 1717243200

func clockAt(t time.Time) webhook.Option { return webhook.WithClock(func() time.Time { return t }) }

func sigHeader(v string) http.Header { return http.Header{"X-Zigned-Request-Signature": {v}} }

func TestSignatureVector(t *testing.T) {
	// The vector is recomputed here with crypto/hmac, independently of the
	// webhook package.
	for ts, want := range map[string]string{"1717243200": vectorSigSeconds, "1717243200000": vectorSigMillis} {
		m := hmac.New(sha256.New, []byte(vectorSecret))
		m.Write([]byte(ts + "." + vectorBody))
		require.Equal(t, want, hex.EncodeToString(m.Sum(nil)))

		ev, err := zigned.ConstructEvent([]byte(vectorBody), sigHeader("t="+ts+",v1="+want), vectorSecret,
			clockAt(vectorTime.Add(30*time.Second)))
		require.NoError(t, err, ts)
		a := as[*zigned.AgreementEvent](t, ev)
		assert.Equal(t, zigned.EventAgreementLifecyclePending, a.Name)
		assert.Equal(t, zigned.AgreementStatusPending, a.Agreement.Status)
		assert.Equal(t, webhook.Sent, ev.Lifecycle())
		assert.Equal(t, "zigned", ev.Provider())
		assert.True(t, ev.OccurredAt().Equal(vectorTime))
	}
	// webhooktest signs the same way.
	assert.Equal(t, "t=1717243200,v1="+vectorSigSeconds, webhooktest.TimestampedHeader([]byte(vectorBody), vectorTime, vectorSecret))
	assert.Equal(t, "t=1717243200000,v1="+vectorSigMillis, webhooktest.TimestampedHeaderMillis([]byte(vectorBody), vectorTime, vectorSecret))
}

func TestSignatureFailures(t *testing.T) {
	body := []byte(vectorBody)
	good := "t=1717243200,v1=" + vectorSigSeconds
	now := clockAt(vectorTime)
	for _, tc := range []struct {
		name   string
		body   []byte
		header http.Header
		secret string
		want   error
	}{
		{"tampered body", webhooktest.Tamper(body), sigHeader(good), vectorSecret, webhook.ErrSignatureMismatch},
		{"wrong secret", body, sigHeader(good), "another-secret", webhook.ErrSignatureMismatch},
		{"tampered timestamp", body, sigHeader("t=1717243201,v1=" + vectorSigSeconds), vectorSecret, webhook.ErrSignatureMismatch},
		{"missing header", body, http.Header{}, vectorSecret, webhook.ErrMissingSignature},
		{"no v1", body, sigHeader("t=1717243200"), vectorSecret, webhook.ErrMalformedSignature},
		{"no t", body, sigHeader("v1=" + vectorSigSeconds), vectorSecret, webhook.ErrMalformedSignature},
		{"not hex", body, sigHeader("t=1717243200,v1=zz"), vectorSecret, webhook.ErrMalformedSignature},
		{"empty secret", body, sigHeader(good), "", webhook.ErrNoSecret},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev, err := zigned.ConstructEvent(tc.body, tc.header, tc.secret, now)
			assert.ErrorIs(t, err, tc.want)
			assert.Nil(t, ev)
		})
	}
}

func TestSignatureTolerance(t *testing.T) {
	body := []byte(vectorBody)
	for _, tc := range []struct {
		name   string
		header string
		now    time.Time
		opts   []webhook.Option
		want   error
	}{
		{"within 5 min (old)", "t=1717243200,v1=" + vectorSigSeconds, vectorTime.Add(299 * time.Second), nil, nil},
		{"within 5 min (new)", "t=1717243200,v1=" + vectorSigSeconds, vectorTime.Add(-299 * time.Second), nil, nil},
		{"too old", "t=1717243200,v1=" + vectorSigSeconds, vectorTime.Add(301 * time.Second), nil, webhook.ErrTimestampTooOld},
		{"too new", "t=1717243200,v1=" + vectorSigSeconds, vectorTime.Add(-301 * time.Second), nil, webhook.ErrTimestampTooNew},
		{"ms too old", "t=1717243200000,v1=" + vectorSigMillis, vectorTime.Add(301 * time.Second), nil, webhook.ErrTimestampTooOld},
		{"ms too new", "t=1717243200000,v1=" + vectorSigMillis, vectorTime.Add(-301 * time.Second), nil, webhook.ErrTimestampTooNew},
		{"wider tolerance", "t=1717243200,v1=" + vectorSigSeconds, vectorTime.Add(time.Hour),
			[]webhook.Option{webhook.WithTolerance(2 * time.Hour)}, nil},
		{"narrower tolerance", "t=1717243200000,v1=" + vectorSigMillis, vectorTime.Add(11 * time.Second),
			[]webhook.Option{webhook.WithTolerance(10 * time.Second)}, webhook.ErrTimestampTooOld},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := zigned.ConstructEvent(body, sigHeader(tc.header), vectorSecret, append(tc.opts, clockAt(tc.now))...)
			if tc.want == nil {
				assert.NoError(t, err)
			} else {
				assert.ErrorIs(t, err, tc.want)
			}
		})
	}
}

func TestSignatureRotation(t *testing.T) {
	body := []byte(vectorBody)
	now := time.Now()
	const oldSecret, newSecret = "whsec-old-1111", "whsec-new-2222"
	// The receiver accepts the old and the new secret during a rotation.
	for _, signer := range []string{oldSecret, newSecret} {
		h := sigHeader(webhooktest.TimestampedHeader(body, now, signer))
		_, err := zigned.ConstructEvent(body, h, newSecret, webhook.WithAdditionalSecrets(oldSecret))
		assert.NoError(t, err, signer)
		_, err = zigned.ConstructEvent(body, h, newSecret)
		if signer == oldSecret {
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch, "a retired secret is refused")
		} else {
			assert.NoError(t, err)
		}
	}
	h := sigHeader(webhooktest.TimestampedHeader(body, now, "whsec-unknown-3333"))
	_, err := zigned.ConstructEvent(body, h, newSecret, webhook.WithAdditionalSecrets(oldSecret))
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)

	// A sender signing with both secrets (several v1 values) verifies with either.
	both := sigHeader(webhooktest.TimestampedHeader(body, now, oldSecret, newSecret))
	for _, s := range []string{oldSecret, newSecret} {
		_, err := zigned.ConstructEvent(body, both, s)
		assert.NoError(t, err, s)
	}
	_, err = zigned.ConstructEvent(body, both, "", webhook.WithAdditionalSecrets(""))
	assert.ErrorIs(t, err, webhook.ErrNoSecret)
}

func delivery(event, data string) []byte {
	return []byte(`{"event":"` + event + `","data":` + data + `}`)
}

func TestParseEventTyped(t *testing.T) {
	t.Run("agreement", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("agreement.lifecycle.finalized", agreementJSON))
		require.NoError(t, err)
		a := as[*zigned.AgreementEvent](t, ev)
		checkAgreement(t, a.Agreement)
		assert.Equal(t, "agreement", a.ResourceType)
		assert.Equal(t, webhook.Completed, ev.Lifecycle())
		assert.Equal(t, "agreement.lifecycle.finalized", ev.Type())
		assert.True(t, ev.OccurredAt().Equal(time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)), "data.updated_at")
		assert.JSONEq(t, agreementJSON, string(a.Data))
	})
	t.Run("participant", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("participant.lifecycle.fulfilled", signerJSON))
		require.NoError(t, err)
		p := as[*zigned.ParticipantEvent](t, ev)
		checkSigner(t, p.Participant)
		assert.Equal(t, webhook.Signed, ev.Lifecycle())
	})
	t.Run("observer", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("observer.draft.created", observerJSON))
		require.NoError(t, err)
		o := as[*zigned.ObserverEvent](t, ev)
		checkObserver(t, o.Observer)
		assert.Equal(t, webhook.Other, ev.Lifecycle())
	})
	t.Run("sign event", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("sign_event.signing_room.entered", signEventJSON))
		require.NoError(t, err)
		s := as[*zigned.SigningEvent](t, ev)
		require.NotNil(t, s.SignEvent)
		assert.Equal(t, "Entered signing room", s.SignEvent.Title)
		assert.Equal(t, participantID, s.SignEvent.Participant.ID)
		assert.Equal(t, webhook.Viewed, ev.Lifecycle())
	})
	t.Run("email event with participant data", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("email_event.agreement_invitation.delivery_failed", signerJSON))
		require.NoError(t, err)
		e := as[*zigned.EmailEvent](t, ev)
		assert.Equal(t, "participant", e.ResourceType)
		checkSigner(t, e.Participant)
		assert.Nil(t, e.Agreement)
		assert.Equal(t, webhook.Failed, ev.Lifecycle())
	})
	t.Run("email event with unknown data", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("email_event.agreement_reminder.delivered", `{"recipient":"jane.doe@example.com"}`))
		require.NoError(t, err)
		e := as[*zigned.EmailEvent](t, ev)
		assert.Empty(t, e.ResourceType)
		assert.Nil(t, e.Agreement)
		assert.Nil(t, e.Participant)
		assert.JSONEq(t, `{"recipient":"jane.doe@example.com"}`, string(e.Data))
	})
	t.Run("event_type instead of event", func(t *testing.T) {
		ev, err := zigned.ParseEvent([]byte(`{"event_type":"agreement.lifecycle.cancelled","data":` + agreementJSON + `}`))
		require.NoError(t, err)
		a := as[*zigned.AgreementEvent](t, ev)
		assert.Equal(t, zigned.EventAgreementLifecycleCancelled, a.Name)
		assert.Equal(t, agreementID, a.Agreement.ID)
		assert.Equal(t, webhook.Cancelled, ev.Lifecycle())
	})
	t.Run("data in a v3 envelope", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("agreement.lifecycle.fulfilled", single("agreement", agreementJSON)))
		require.NoError(t, err)
		a := as[*zigned.AgreementEvent](t, ev)
		checkAgreement(t, a.Agreement)
		assert.Equal(t, webhook.Signed, ev.Lifecycle())
	})
	t.Run("data of another resource type", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("participant.lifecycle.received_invitation", agreementJSON))
		require.NoError(t, err)
		p := as[*zigned.ParticipantEvent](t, ev)
		assert.Nil(t, p.Participant, "an agreement is not decoded as a participant")
		assert.Equal(t, "agreement", p.ResourceType)
		assert.NotEmpty(t, p.Data)
	})
	t.Run("data without resource_type", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("agreement.draft.created", `{"id":"a1","status":"draft"}`))
		require.NoError(t, err)
		a := as[*zigned.AgreementEvent](t, ev)
		require.NotNil(t, a.Agreement)
		assert.Equal(t, "a1", a.Agreement.ID)
		assert.Equal(t, webhook.Created, ev.Lifecycle())
	})
	t.Run("no data", func(t *testing.T) {
		ev, err := zigned.ParseEvent([]byte(`{"event":"agreement.lifecycle.expired","data":null}`))
		require.NoError(t, err)
		a := as[*zigned.AgreementEvent](t, ev)
		assert.Nil(t, a.Agreement)
		assert.Nil(t, a.Data)
		assert.Equal(t, webhook.Expired, ev.Lifecycle())
	})
	t.Run("forwarded (docs only)", func(t *testing.T) {
		ev, err := zigned.ParseEvent(delivery("agreement.lifecycle.forwarded", agreementJSON))
		require.NoError(t, err)
		assert.Equal(t, zigned.EventAgreementLifecycleForwarded, as[*zigned.AgreementEvent](t, ev).Name)
		assert.Equal(t, webhook.Other, ev.Lifecycle())
	})
	t.Run("unknown", func(t *testing.T) {
		body := delivery("invoice.paid", `{"id":"inv_1"}`)
		ev, err := zigned.ParseEvent(body)
		require.NoError(t, err)
		u := as[*zigned.UnknownEvent](t, ev)
		assert.Equal(t, zigned.EventType("invoice.paid"), u.Name)
		assert.Equal(t, body, ev.Raw())
		assert.Equal(t, webhook.Other, ev.Lifecycle())
		assert.False(t, u.Name.Known())
	})
}

func TestParseEventIDAndTime(t *testing.T) {
	ev, err := zigned.ParseEvent([]byte(`{"id":"evt_1","created_at":"2024-05-05T05:05:05Z","event":"agreement.draft.updated","data":{"id":"a"}}`))
	require.NoError(t, err)
	assert.Equal(t, "evt_1", ev.ID())
	assert.True(t, ev.OccurredAt().Equal(time.Date(2024, 5, 5, 5, 5, 5, 0, time.UTC)))

	ev, err = zigned.ParseEvent([]byte(`{"event_id":"evt_2","timestamp":1714885505,"event":"agreement.draft.updated","data":{"id":"a"}}`))
	require.NoError(t, err)
	assert.Equal(t, "evt_2", ev.ID())
	assert.True(t, ev.OccurredAt().Equal(time.Unix(1714885505, 0)))

	a, _ := zigned.ParseEvent([]byte(vectorBody))
	b, _ := zigned.ParseEvent([]byte(vectorBody))
	c, _ := zigned.ParseEvent(bytes.Replace([]byte(vectorBody), []byte("12:00:00"), []byte("12:00:01"), 1))
	assert.True(t, strings.HasPrefix(a.ID(), "sha256:"))
	assert.Equal(t, a.ID(), b.ID(), "a redelivered body has the same id")
	assert.NotEqual(t, a.ID(), c.ID())
}

func TestParseEventInvalid(t *testing.T) {
	for name, body := range map[string]string{
		"not json":        `event=agreement.lifecycle.pending`,
		"no name":         `{"data":{}}`,
		"empty name":      `{"event":"","data":{}}`,
		"name not string": `{"event":{"type":"agreement.lifecycle.pending"}}`,
		"array":           `[1,2]`,
		"data cut short":  `{"event":"agreement.lifecycle.pending","data":{"id":"a"`,
		"bad literal":     `{"event":"agreement.lifecycle.pending","data":{"id":"a","test_mode":tru}}`,
	} {
		t.Run(name, func(t *testing.T) {
			ev, err := zigned.ParseEvent([]byte(body))
			assert.ErrorIs(t, err, webhook.ErrInvalidPayload)
			assert.Nil(t, ev)
		})
	}
	big := append([]byte(`{"event":"agreement.draft.created","data":{"pad":"`), bytes.Repeat([]byte("x"), webhook.DefaultMaxBodyBytes)...)
	_, err := zigned.ParseEvent(append(big, `"}}`...))
	assert.ErrorIs(t, err, webhook.ErrBodyTooLarge)
}

func TestEventTypes(t *testing.T) {
	all := zigned.EventTypes()
	assert.Len(t, all, 73)
	seen := map[zigned.EventType]bool{}
	for _, e := range all {
		assert.False(t, seen[e], "duplicate %s", e)
		seen[e] = true
		assert.True(t, e.Known())
		assert.Contains(t, []string{"agreement", "participant", "observer", "sign_event", "email_event"}, e.Resource())
	}
	all[0] = "mutated"
	assert.Equal(t, zigned.EventAgreementDraftCreated, zigned.EventTypes()[0], "EventTypes returns a copy")

	want := map[zigned.EventType]webhook.Lifecycle{
		zigned.EventAgreementDraftCreated:                               webhook.Created,
		zigned.EventAgreementLifecyclePending:                           webhook.Sent,
		zigned.EventParticipantLifecycleReceivedInvitation:              webhook.Sent,
		zigned.EventSignEventSigningRoomEntered:                         webhook.Viewed,
		zigned.EventParticipantLifecycleFulfilled:                       webhook.Signed,
		zigned.EventAgreementLifecycleFulfilled:                         webhook.Signed,
		zigned.EventAgreementLifecycleFinalized:                         webhook.Completed,
		zigned.EventSignEventApprovalDisapproved:                        webhook.Declined,
		zigned.EventAgreementLifecycleCancelled:                         webhook.Cancelled,
		zigned.EventAgreementLifecycleExpired:                           webhook.Expired,
		zigned.EventAgreementValidationFailed:                           webhook.Failed,
		zigned.EventAgreementGenerationFailed:                           webhook.Failed,
		zigned.EventAgreementAuditTrailVerificationFailed:               webhook.Failed,
		zigned.EventAgreementPDFVerificationFailed:                      webhook.Failed,
		zigned.EventParticipantIdentityEnforcementFailed:                webhook.Failed,
		zigned.EventEmailEventAgreementInvitationDeliveryFailed:         webhook.Failed,
		zigned.EventEmailEventAgreementPausedDeliveryFailed:             webhook.Failed,
		zigned.EventEmailEventAgreementObserverInvitationDeliveryFailed: webhook.Failed,
		zigned.EventEmailEventAgreementReminderDeliveryFailed:           webhook.Failed,
		zigned.EventEmailEventAgreementForwardedDeliveryFailed:          webhook.Failed,
		zigned.EventEmailEventAgreementFinalizedDeliveryFailed:          webhook.Failed,
		zigned.EventEmailEventAgreementCancelledDeliveryFailed:          webhook.Failed,
		zigned.EventEmailEventAgreementObserverInvitationDelivered:      webhook.Other,
	}
	for _, e := range zigned.EventTypes() {
		lc, ok := want[e]
		if !ok {
			lc = webhook.Other
		}
		assert.Equal(t, lc, e.Lifecycle(), string(e))
	}
	assert.Equal(t, webhook.Other, zigned.EventType("custom.thing.failed").Lifecycle(), "unknown names are Other")
}

// TestWebhookHandler runs a signed delivery through webhook.Handler.
func TestWebhookHandler(t *testing.T) {
	h := webhook.NewHandler(zigned.WebhookProvider(webhookSecret))
	var got []*zigned.AgreementEvent
	webhook.On(h, func(_ context.Context, ev *zigned.AgreementEvent) error {
		got = append(got, ev)
		return nil
	})
	srv := httptest.NewServer(h)
	defer srv.Close()

	post := func(body []byte, sig string) int {
		req, err := http.NewRequest(http.MethodPost, srv.URL, bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		if sig != "" {
			req.Header.Set(zigned.SignatureHeader, sig)
		}
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp.StatusCode
	}
	body := delivery("agreement.lifecycle.pending", agreementJSON)
	assert.Equal(t, 200, post(body, webhooktest.TimestampedHeaderMillis(body, time.Now(), webhookSecret)))
	assert.Equal(t, 401, post(body, webhooktest.TimestampedHeader(body, time.Now(), "wrong-secret")))
	assert.Equal(t, 401, post(body, ""))
	assert.Equal(t, 401, post(body, webhooktest.TimestampedHeader(body, time.Now().Add(-time.Hour), webhookSecret)))
	bad := []byte(`{"data":{}}`)
	assert.Equal(t, 400, post(bad, webhooktest.TimestampedHeader(bad, time.Now(), webhookSecret)))
	require.Len(t, got, 1)
	assert.Equal(t, agreementID, got[0].Agreement.ID)

	// An empty secret: the provider refuses everything, and NewHandler
	// panics naming the provider and what is missing.
	refuse := zigned.WebhookProvider("")
	assert.ErrorIs(t, refuse.VerifyRequest(httptest.NewRequest(http.MethodPost, "/", nil), body), webhook.ErrNoSecret)
	assert.PanicsWithValue(t, "webhook: NewHandler: zigned: no webhook secret (empty or blank; the webhook resource's secret): webhook: no secret configured",
		func() { webhook.NewHandler(zigned.WebhookProvider(" ")) })

	p := zigned.WebhookProvider(webhookSecret, webhook.WithAdditionalSecrets("old-secret-1"))
	assert.Equal(t, "zigned", p.Name())
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set(zigned.SignatureHeader, webhooktest.TimestampedHeader(body, time.Now(), "old-secret-1"))
	assert.NoError(t, p.VerifyRequest(req, body))
}

func TestVerifier(t *testing.T) {
	v, err := zigned.NewVerifier("")
	assert.ErrorIs(t, err, webhook.ErrNoSecret)
	assert.Nil(t, v)
	v, err = zigned.NewVerifier(vectorSecret, clockAt(vectorTime))
	require.NoError(t, err)
	assert.NoError(t, v.Verify(sigHeader("t=1717243200,v1="+vectorSigSeconds), []byte(vectorBody)))
}

// TestEveryEventTypeDecodes sends a delivery of each of the 73 names with
// the resource Zigned sends for it, and checks the Go type, the decoded
// resource and the lifecycle.
func TestEveryEventTypeDecodes(t *testing.T) {
	require.Len(t, zigned.EventTypes(), 73)
	for _, name := range zigned.EventTypes() {
		t.Run(string(name), func(t *testing.T) {
			prefix, _, _ := strings.Cut(string(name), ".")
			data := map[string]string{
				"agreement": agreementJSON, "participant": signerJSON, "observer": observerJSON,
				"sign_event": signEventJSON, "email_event": signerJSON,
			}[prefix]
			require.NotEmpty(t, data, "unexpected prefix %q", prefix)
			ev, err := zigned.ParseEvent(delivery(string(name), data))
			require.NoError(t, err)
			assert.Equal(t, string(name), ev.Type())
			assert.Equal(t, name.Lifecycle(), ev.Lifecycle())
			switch prefix {
			case "agreement":
				e := as[*zigned.AgreementEvent](t, ev)
				assert.Equal(t, name, e.Name)
				require.NotNil(t, e.Agreement)
				assert.Equal(t, agreementID, e.Agreement.ID)
			case "participant":
				e := as[*zigned.ParticipantEvent](t, ev)
				assert.Equal(t, name, e.Name)
				require.NotNil(t, e.Participant)
				assert.Equal(t, participantID, e.Participant.ID)
			case "observer":
				e := as[*zigned.ObserverEvent](t, ev)
				assert.Equal(t, name, e.Name)
				require.NotNil(t, e.Observer)
				assert.Equal(t, observerID, e.Observer.ID)
			case "sign_event":
				e := as[*zigned.SigningEvent](t, ev)
				assert.Equal(t, name, e.Name)
				require.NotNil(t, e.SignEvent)
				assert.Equal(t, "cse00000000000000000example", e.SignEvent.ID)
			case "email_event":
				e := as[*zigned.EmailEvent](t, ev)
				assert.Equal(t, name, e.Name)
				require.NotNil(t, e.Participant)
				assert.Equal(t, participantID, e.Participant.ID)
			}
		})
	}
}

// Names outside the 73 give *UnknownEvent even under a known prefix; data
// that names its resource_type is still decoded.
func TestUnknownNameWithKnownPrefix(t *testing.T) {
	ev, err := zigned.ParseEvent(delivery("agreement.lifecycle.archived", agreementJSON))
	require.NoError(t, err)
	u := as[*zigned.UnknownEvent](t, ev)
	assert.Equal(t, zigned.EventType("agreement.lifecycle.archived"), u.Name)
	assert.Equal(t, webhook.Other, ev.Lifecycle())
	assert.Equal(t, "agreement", u.ResourceType)
	require.NotNil(t, u.Agreement)
	assert.Equal(t, agreementID, u.Agreement.ID)
	assert.Nil(t, u.Participant)

	// A value that does not decode is zero; the rest is kept, and Data
	// keeps the JSON.
	ev, err = zigned.ParseEvent(delivery("agreement.lifecycle.archived", `{"resource_type":"agreement","id":42,"status":"pending"}`))
	require.NoError(t, err)
	u = as[*zigned.UnknownEvent](t, ev)
	require.NotNil(t, u.Agreement)
	assert.Empty(t, u.Agreement.ID)
	assert.Equal(t, zigned.AgreementStatusPending, u.Agreement.Status)
	assert.JSONEq(t, `{"resource_type":"agreement","id":42,"status":"pending"}`, string(u.Data))

	// Without a resource_type nothing is guessed from the unknown name.
	ev, err = zigned.ParseEvent(delivery("participant.lifecycle.paused", `{"id":"p1","status":"pending"}`))
	require.NoError(t, err)
	u = as[*zigned.UnknownEvent](t, ev)
	assert.Empty(t, u.ResourceType)
	assert.Nil(t, u.Participant)
	assert.JSONEq(t, `{"id":"p1","status":"pending"}`, string(u.Data))
}

// The signed string comes from a production receiver, not Zigned's docs:
// a delivery signed another plausible way is refused with an error naming
// the construction and the option that selects it.
func TestUnconfirmedSchemeIsDiagnosable(t *testing.T) {
	body := []byte(vectorBody)
	m := hmac.New(sha256.New, []byte(vectorSecret))
	m.Write([]byte("1717243200:"))
	m.Write(body)
	h := sigHeader("t=1717243200,v1=" + hex.EncodeToString(m.Sum(nil)))
	_, err := zigned.ConstructEvent(body, h, vectorSecret, clockAt(vectorTime))
	require.ErrorIs(t, err, webhook.ErrSignatureMismatch)
	assert.Contains(t, err.Error(), "webhook.WithSignedPayload(webhook.SignedTimestampColon)")
	_, err = zigned.ConstructEvent(body, h, vectorSecret, clockAt(vectorTime), webhook.WithSignedPayload(webhook.SignedTimestampColon))
	assert.NoError(t, err)
}
