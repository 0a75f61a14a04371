// The callback path beside the shortest correct hand-written Go that does
// the same work (url.ParseQuery, base64, crypto/sha1 + rsa.VerifyPKCS1v15
// with the certificate's key, json.Unmarshal of the changes into plain
// structs):
//
//	go test -run '^$' -bench 'Webhook' -benchmem -count 5 ./legacyv1

package legacyv1_test

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // what Legalesign signs with
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/webhook/webhooktest"
)

var (
	certOnce sync.Once
	certKey  *rsa.PrivateKey
	certX509 *x509.Certificate
	certErr  error
)

// signedBatch is an "all" callback (form fields data + signed, RSA-SHA1
// with a 2048-bit key) carrying 20 status changes.
func signedBatch(b *testing.B) (*x509.Certificate, []byte) {
	certOnce.Do(func() {
		certKey, certX509, _, certErr = webhooktest.NewRSACertificate(webhooktest.CertOptions{Bits: 2048})
	})
	if certErr != nil {
		b.Fatal(certErr)
	}
	entries := make([]string, 20)
	for i := range entries {
		entries[i] = fmt.Sprintf(`{"timestamp": "2018-03-20T07:%02d:52", "name": "status", "value": "40", "resource_uri": "/api/v1/signer/s%04d/"}`, i, i)
	}
	data := "[" + strings.Join(entries, ",") + "]"
	sig, err := webhooktest.SignRSASHA1(certKey, []byte(data))
	if err != nil {
		b.Fatal(err)
	}
	return certX509, []byte(url.Values{legacyv1.FieldData: {data}, legacyv1.FieldSigned: {sig}}.Encode())
}

var formHeader = http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}

func checkBatch(b *testing.B, ev webhook.Event) {
	if batch, ok := ev.(*legacyv1.StatusBatch); !ok || len(batch.Changes) != 20 || batch.Changes[19].SignerStatus != legacyv1.SignerSigned {
		b.Fatalf("got %T", ev)
	}
}

// BenchmarkWebhook verifies (RSA-SHA1 PKCS#1 v1.5 over the data field) and
// decodes one batch callback of 20 changes with ConstructEvent: the
// one-liner, here with a parsed certificate.
func BenchmarkWebhook(b *testing.B) {
	cert, body := signedBatch(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := legacyv1.ConstructEvent(body, formHeader, cert)
		if err != nil {
			b.Fatal(err)
		}
		checkBatch(b, ev)
	}
}

// BenchmarkWebhookProvider is the same with the provider built once, as a
// webhook.Handler uses it (Construct parses the form once, checks the
// signature on it and decodes from it).
func BenchmarkWebhookProvider(b *testing.B) {
	cert, body := signedBatch(b)
	p := legacyv1.WebhookProvider(cert).(interface {
		Construct(*http.Request, []byte) (webhook.Event, error)
	})
	r := &http.Request{Header: formHeader}
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		ev, err := p.Construct(r, body)
		if err != nil {
			b.Fatal(err)
		}
		checkBatch(b, ev)
	}
}

// plainChange is one change of the batch, in plain Go types.
type plainChange struct {
	Timestamp   string `json:"timestamp"`
	Name        string `json:"name"`
	Value       string `json:"value"`
	ResourceURI string `json:"resource_uri"`
}

// BenchmarkWebhookRaw is the hand-written baseline.
func BenchmarkWebhookRaw(b *testing.B) {
	cert, body := signedBatch(b)
	pub := cert.PublicKey.(*rsa.PublicKey)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	b.ResetTimer()
	defer benchtest.CPU(b)()
	for range b.N {
		f, err := url.ParseQuery(string(body))
		if err != nil {
			b.Fatal(err)
		}
		data := f.Get(legacyv1.FieldData)
		sig, err := base64.StdEncoding.DecodeString(f.Get(legacyv1.FieldSigned))
		if err != nil {
			b.Fatal(err)
		}
		sum := sha1.Sum([]byte(data)) //nolint:gosec
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA1, sum[:], sig); err != nil {
			b.Fatal(err)
		}
		var changes []plainChange
		if err := json.Unmarshal([]byte(data), &changes); err != nil || len(changes) != 20 {
			b.Fatal(err)
		}
	}
}
