package blueink_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// During a rotation both the new and the old secret verify, through
// ConstructEvent and through a webhook.Handler; a third secret does not.
func TestWebhookSecretRotation(t *testing.T) {
	const newSecret, oldSecret = "whsec_new_7Yp2", "whsec_old_3Kd9"
	now := time.Date(2025, 4, 7, 15, 43, 8, 0, time.UTC)
	clock := webhook.WithClock(func() time.Time { return now })
	body := []byte(`{"event_id":"ev_1","event_type":"bundle_complete","event_date":"2025-04-07 15:43:08.646752+00:00","account_id":"acc_1","payload":{"bundle_id":"b_1"}}`)
	signed := func(secret string) http.Header {
		sig, ts := webhooktest.SlackHeaders(body, now, secret)
		return webhooktest.Header(blueink.SignatureHeader, sig, blueink.TimestampHeader, ts)
	}
	h := webhook.NewHandler(blueink.WebhookProvider(newSecret, clock, webhook.WithAdditionalSecrets(oldSecret)))
	for _, tc := range []struct {
		secret string
		ok     bool
	}{{newSecret, true}, {oldSecret, true}, {"whsec_other_0000", false}} {
		ev, err := blueink.ConstructEvent(body, signed(tc.secret), newSecret, clock, webhook.WithAdditionalSecrets(oldSecret))
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodPost, "/hooks/blueink", strings.NewReader(string(body)))
		req.Header = signed(tc.secret)
		h.ServeHTTP(rec, req)
		if tc.ok {
			require.NoError(t, err, tc.secret)
			assert.IsType(t, &blueink.BundleCompleteEvent{}, ev)
			assert.Equal(t, http.StatusOK, rec.Code, tc.secret)
		} else {
			assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
			assert.Equal(t, http.StatusUnauthorized, rec.Code)
		}
	}
	// Without the option the old secret is refused.
	_, err := blueink.ConstructEvent(body, signed(oldSecret), newSecret, clock)
	assert.ErrorIs(t, err, webhook.ErrSignatureMismatch)
}
