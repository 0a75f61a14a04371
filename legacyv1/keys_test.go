package legacyv1

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"

	"github.com/esignkit/esign/webhook/webhooktest"
	"github.com/stretchr/testify/require"
)

// testCert is a generated signing key with its self-signed certificate.
type testCert struct {
	name string
	key  *rsa.PrivateKey
	cert *x509.Certificate
	pem  []byte
}

var (
	defaultCertOnce sync.Once
	defaultCert     *testCert
	defaultCertErr  error

	matrixOnce sync.Once
	matrix     []*testCert
	matrixErr  error
)

func genCert(bits int, v1 bool) (*testCert, error) {
	key, cert, pemBytes, err := webhooktest.NewRSACertificate(webhooktest.CertOptions{Bits: bits, V1: v1})
	if err != nil {
		return nil, err
	}
	version := 3
	if v1 {
		version = 1
	}
	if cert.Version != version {
		return nil, fmt.Errorf("generated certificate is v%d, want v%d", cert.Version, version)
	}
	return &testCert{name: fmt.Sprintf("%d-bit v%d", bits, version), key: key, cert: cert, pem: pemBytes}, nil
}

// signingCert returns a 2048-bit v3 test certificate, generated once.
func signingCert(tb testing.TB) *testCert {
	tb.Helper()
	defaultCertOnce.Do(func() { defaultCert, defaultCertErr = genCert(2048, false) })
	require.NoError(tb, defaultCertErr)
	return defaultCert
}

// certMatrix returns 2048- and 4096-bit keys with v1 and v3 certificates,
// generated once per test binary, in parallel (4096-bit generation is slow).
func certMatrix(tb testing.TB) []*testCert {
	tb.Helper()
	matrixOnce.Do(func() {
		specs := []struct {
			bits int
			v1   bool
		}{{2048, false}, {2048, true}, {4096, false}, {4096, true}}
		matrix = make([]*testCert, len(specs))
		errs := make([]error, len(specs))
		var wg sync.WaitGroup
		for i, s := range specs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				matrix[i], errs[i] = genCert(s.bits, s.v1)
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				matrixErr = err
			}
		}
	})
	require.NoError(tb, matrixErr)
	return matrix
}

func sign(tb testing.TB, c *testCert, msg []byte) string {
	tb.Helper()
	s, err := webhooktest.SignRSASHA1(c.key, msg)
	require.NoError(tb, err)
	return s
}

// batchForm builds an "all" callback body signing data with c.
func batchForm(tb testing.TB, c *testCert, data string) []byte {
	tb.Helper()
	return []byte(url.Values{FieldData: {data}, FieldSigned: {sign(tb, c, []byte(data))}}.Encode())
}

// legacyForm builds a per-event callback: the form fields plus json_signed,
// and the X-Signed header.
func legacyForm(tb testing.TB, c *testCert, fields url.Values, jsonSigned string) ([]byte, http.Header) {
	tb.Helper()
	f := url.Values{}
	for k, vs := range fields {
		f[k] = append([]string(nil), vs...)
	}
	f.Set(FieldJSONSigned, jsonSigned)
	h := http.Header{"Content-Type": {formType}}
	h.Set(HeaderSigned, sign(tb, c, []byte(jsonSigned)))
	return []byte(f.Encode()), h
}

const formType = "application/x-www-form-urlencoded"

func formHeader() http.Header { return http.Header{"Content-Type": {formType}} }

// tamperSignature flips one bit of the decoded signature.
func tamperSignature(sig string) string {
	b, _ := base64.StdEncoding.DecodeString(sig)
	b[len(b)/2] ^= 0x01
	return base64.StdEncoding.EncodeToString(b)
}
