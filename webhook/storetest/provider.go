package storetest

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/esignkit/esign/webhook"
)

// A made-up provider whose deliveries are signed with HMAC-SHA256, so the
// Handlers under test verify and decode as they do for real providers.
const (
	providerName = "storetest"
	sigHeader    = "X-Storetest-Signature"
	eventType    = "document.completed"
)

type signer struct{ key []byte }

func newSigner() signer { return signer{key: []byte("whsec_" + randomHex(16))} }

func (s signer) sign(body []byte) string {
	m := hmac.New(sha256.New, s.key)
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// request builds a signed delivery of body to url.
func (s signer) request(url string, body []byte) *http.Request {
	r, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		panic(err) // url comes from httptest or the benchmark: always valid
	}
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set(sigHeader, s.sign(body))
	return r
}

// testEvent is the made-up provider's only event type.
type testEvent struct {
	webhook.Meta
	N int `json:"n"`
}

// provider implements webhook.Provider.
type provider struct{ signer }

func (provider) Name() string { return providerName }

func (p provider) VerifyRequest(r *http.Request, body []byte) error {
	got, err := hex.DecodeString(r.Header.Get(sigHeader))
	if err != nil || len(got) == 0 {
		return webhook.ErrMissingSignature
	}
	if !hmac.Equal(got, mustHex(p.sign(body))) {
		return webhook.ErrSignatureMismatch
	}
	return nil
}

func (provider) Parse(_ http.Header, body []byte) (webhook.Event, error) {
	var d struct {
		ID string `json:"id"`
		N  int    `json:"n"`
	}
	if err := json.Unmarshal(body, &d); err != nil || d.ID == "" {
		return nil, fmt.Errorf("%w: %v", webhook.ErrInvalidPayload, err)
	}
	return &testEvent{Meta: webhook.NewMeta(providerName, eventType, d.ID, time.Time{}, body, webhook.Completed), N: d.N}, nil
}

func deliveryBody(id string, n int) []byte {
	return []byte(fmt.Sprintf(`{"id":%q,"n":%d,"type":%q}`, id, n, eventType))
}

func mustHex(s string) []byte {
	b, _ := hex.DecodeString(s)
	return b
}
