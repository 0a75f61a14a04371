package legacyv1test

import (
	"bytes"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/webhook/webhooktest"
)

// Signer makes correctly signed Legalesign callbacks from a test key pair
// and posts them. Give Certificate or CertificatePEM to the receiver under
// test (legacyv1.ConstructEvent, legacyv1.WebhookProvider).
type Signer struct {
	// Key signs the callbacks.
	Key *rsa.PrivateKey
	// Certificate is the self-signed certificate of Key.
	Certificate *x509.Certificate
	// CertificatePEM is Certificate in PEM form.
	CertificatePEM []byte
	// HTTPClient posts the callbacks (http.DefaultClient when nil).
	HTTPClient *http.Client
}

// NewSigner generates a key pair and a self-signed certificate (2048-bit,
// X.509 v3 unless opts say otherwise; set opts.V1 for a v1 certificate as
// older signers use).
func NewSigner(opts webhooktest.CertOptions) (*Signer, error) {
	key, cert, pemBytes, err := webhooktest.NewRSACertificate(opts)
	if err != nil {
		return nil, err
	}
	return &Signer{Key: key, Certificate: cert, CertificatePEM: pemBytes}, nil
}

// Change is one entry of an "all" batch.
type Change struct {
	// Time is when the change happened; it is sent zone-less, in UTC, as
	// Legalesign does ("2018-03-20T07:09:52").
	Time time.Time
	// Name is the changed attribute, "status".
	Name string
	// Value is the new value, e.g. "40".
	Value string
	// ResourceURI is the changed resource, e.g. "/api/v1/signer/<id>/".
	ResourceURI string
}

// DocumentStatusChange is a document status change.
func DocumentStatusChange(id string, status legacyv1.DocumentStatus, at time.Time) Change {
	return Change{Time: at, Name: "status", Value: fmt.Sprint(int(status)), ResourceURI: legacyv1.DocumentURI(id)}
}

// SignerStatusChange is a signer status change.
func SignerStatusChange(id string, status legacyv1.SignerStatus, at time.Time) Change {
	return Change{Time: at, Name: "status", Value: fmt.Sprint(int(status)), ResourceURI: legacyv1.SignerURI(id)}
}

// TimestampLayout is how batch timestamps are written.
const TimestampLayout = "2006-01-02T15:04:05"

type wireChange struct {
	Timestamp   string `json:"timestamp"`
	Name        string `json:"name"`
	Value       string `json:"value"`
	ResourceURI string `json:"resource_uri"`
}

// BatchData renders changes as the JSON text of the data field.
func BatchData(changes []Change) string {
	list := make([]wireChange, len(changes))
	for i, c := range changes {
		list[i] = wireChange{Timestamp: c.Time.UTC().Format(TimestampLayout), Name: c.Name, Value: c.Value, ResourceURI: c.ResourceURI}
	}
	b, _ := json.Marshal(list)
	return string(b)
}

// SignBatch returns the body and headers of an "all" callback carrying
// changes: a form with data and signed.
func (s *Signer) SignBatch(changes []Change) ([]byte, http.Header, error) {
	return s.SignBatchData(BatchData(changes))
}

// SignBatchData is SignBatch for an exact data text.
func (s *Signer) SignBatchData(data string) ([]byte, http.Header, error) {
	sig, err := webhooktest.SignRSASHA1(s.Key, []byte(data))
	if err != nil {
		return nil, nil, err
	}
	body := url.Values{legacyv1.FieldData: {data}, legacyv1.FieldSigned: {sig}}.Encode()
	return []byte(body), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, nil
}

// LegacyDocument is the content of a per-event callback.
type LegacyDocument struct {
	Name        string `json:"name,omitempty"`
	ResourceURI string `json:"resource_uri,omitempty"`
	UUID        string `json:"uuid,omitempty"`
	Group       string `json:"group,omitempty"`
	Tag         string `json:"tag,omitempty"`
	Tag1        string `json:"tag1,omitempty"`
	Tag2        string `json:"tag2,omitempty"`
	// Event, when set, is written into json_signed only (an assumption: the
	// documentation does not say whether Legalesign names the event).
	Event string `json:"event,omitempty"`
}

// SignLegacy returns the body and headers of a per-event callback: the
// document fields and json_signed (the same fields as JSON) in a form, and
// the signature of json_signed in X-Signed.
func (s *Signer) SignLegacy(doc LegacyDocument) ([]byte, http.Header, error) {
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, nil, err
	}
	sig, err := webhooktest.SignRSASHA1(s.Key, js)
	if err != nil {
		return nil, nil, err
	}
	f := url.Values{}
	for k, v := range map[string]string{"name": doc.Name, "resource_uri": doc.ResourceURI, "uuid": doc.UUID, "group": doc.Group,
		"tag": doc.Tag, "tag1": doc.Tag1, "tag2": doc.Tag2} {
		if v != "" {
			f.Set(k, v)
		}
	}
	f.Set(legacyv1.FieldJSONSigned, string(js))
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}
	h.Set(legacyv1.HeaderSigned, sig)
	return []byte(f.Encode()), h, nil
}

// Post sends a callback body to url and fails on any non-2xx answer.
func (s *Signer) Post(ctx context.Context, url string, body []byte, header http.Header) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	for k, vs := range header {
		req.Header[k] = append([]string(nil), vs...)
	}
	req.Header.Set("User-Agent", "legacyv1test-callback")
	hc := s.HTTPClient
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("legacyv1test: callback to %s answered %d: %s", url, resp.StatusCode, bytes.TrimSpace(msg))
	}
	return nil
}

// PostBatch signs changes as an "all" batch and posts it to url.
func (s *Signer) PostBatch(ctx context.Context, url string, changes []Change) error {
	body, h, err := s.SignBatch(changes)
	if err != nil {
		return err
	}
	return s.Post(ctx, url, body, h)
}

// PostLegacy signs a per-event callback and posts it to url.
func (s *Signer) PostLegacy(ctx context.Context, url string, doc LegacyDocument) error {
	body, h, err := s.SignLegacy(doc)
	if err != nil {
		return err
	}
	return s.Post(ctx, url, body, h)
}
