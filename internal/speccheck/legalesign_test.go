package speccheck

import (
	"net/http"
	"testing"

	"github.com/esignkit/esign/legacyv1"
)

// legalesignAnswers adjusts the mock's answers where the spec's first
// success answer is not the one a client sees on success.
func legalesignAnswers(m *Mock) {
	// Creates answer 201 with the new object's URI in Location.
	for op, res := range map[Op]string{
		"POST /document/": "document", "POST /templatepdf/": "templatepdf", "POST /template/": "template",
		"POST /group/": "group", "POST /attachment/": "attachment", "POST /member/": "member", "POST /user/": "user",
	} {
		m.Override(op, func(_ *http.Request, a *Answer) {
			if a.Header.Get("Location") != "" || res == "document" || res == "templatepdf" || res == "template" || res == "group" {
				a.Header.Set("Location", m.Server.URL+"/api/v1/"+res+"/3f2504e0-4f89-41d3-9a0c-0305e82c3301/")
			}
		})
	}
	m.Override("POST /document/preview/", func(_ *http.Request, a *Answer) {
		a.Header.Set("Location", "https://app.legalesign.com/preview/3f2504e0/")
	})
	// Permanent deletions: 204 is the success; the spec's 200 documents a
	// refusal ("probably may need to allow automated deletions").
	for _, op := range []Op{"DELETE /document/{docId}/delete/", "DELETE /templatepdf/{pdfId}/delete/"} {
		m.Override(op, func(_ *http.Request, a *Answer) {
			a.Status, a.Body = http.StatusNoContent, nil
			a.Header.Del("Content-Type")
		})
	}
}

// TestLegalesignRequests drives every operation of the Legalesign v1 spec
// through the client against the spec-driven mock.
func TestLegalesignRequests(t *testing.T) {
	s := Load(t, "legalesign")
	m := NewMock(t, s)
	legalesignAnswers(m)
	c, err := legacyv1.NewClient("apiuser", "apisecret", lsTolerant(legacyv1.WithBaseURL(m.URL))...)
	if err != nil {
		t.Fatal(err)
	}
	n := runDrivers(t, m, c, legalesignDrivers(), nil)
	t.Logf("legalesign: %s", n)
}
