package webhooktest_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Build a valid, a tampered and an expired delivery for a scheme.
func Example() {
	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	v, _ := webhook.NewTimestampedHMAC("x-zigned-request-signature", []string{"whsec_test"},
		webhook.WithClock(func() time.Time { return now }))
	body := []byte(`{"event":"agreement.lifecycle.fulfilled"}`)

	valid := webhooktest.Header("x-zigned-request-signature", webhooktest.TimestampedHeader(body, now, "whsec_test"))
	expired := webhooktest.Header("x-zigned-request-signature", webhooktest.TimestampedHeader(body, now.Add(-time.Hour), "whsec_test"))

	fmt.Println(v.Verify(valid, body))
	fmt.Println(errors.Is(v.Verify(valid, webhooktest.Tamper(body)), webhook.ErrSignatureMismatch))
	fmt.Println(errors.Is(v.Verify(expired, body), webhook.ErrTimestampTooOld))
	// Output:
	// <nil>
	// true
	// true
}

func ExampleHMACHex() {
	fmt.Println(webhooktest.HMACHex("Jefe", []byte("what do ya want for nothing?")))
	// Output: 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843
}

func ExampleTimestampedHeader() {
	at := time.Unix(1744027200, 0)
	fmt.Println(webhooktest.TimestampedHeader([]byte(`{}`), at, "k")[:13])
	// Output: t=1744027200,
}

// Deliveries for the schemes that carry a shared secret instead of a
// signature: a token in the body, in the URL query, or in basic auth.
func Example_sharedSecrets() {
	body, _ := webhooktest.SetToken([]byte(`{"event":"rs.completed"}`), "metadata.token", "cb-token")
	fmt.Println(string(body))

	u, _ := webhooktest.QueryTokenURL("https://app.example/hooks/insertsign", "token", "s3cret")
	fmt.Println(u)

	fmt.Println(webhooktest.BasicAuthHeader("insertsign", "pw").Get("Authorization"))

	now := time.Date(2025, 4, 7, 12, 0, 0, 0, time.UTC)
	fmt.Println(webhooktest.TooOld(now).Format(time.TimeOnly), webhooktest.TooNew(now).Format(time.TimeOnly))
	// Output:
	// {"event":"rs.completed","metadata":{"token":"cb-token"}}
	// https://app.example/hooks/insertsign?token=s3cret
	// Basic aW5zZXJ0c2lnbjpwdw==
	// 11:54:00 12:06:00
}
