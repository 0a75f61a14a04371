package legacyv1_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/legacyv1/legacyv1test"
)

// steppingClock returns a clock that advances by step on every reading.
func steppingClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	now := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		now = now.Add(step)
		return now
	}
}

func createDocument(t *testing.T, c *legacyv1.Client, name string) *legacyv1.Document {
	t.Helper()
	ctx := context.Background()
	cr, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: name, Text: "<p>Terms</p>",
		Signers: []*legacyv1.SignerRequest{{FirstName: "Joe", LastName: "Bloggs", Email: "joe@example.com"}}})
	require.NoError(t, err)
	d, _, err := c.Documents.Get(ctx, cr.ID)
	require.NoError(t, err)
	return d
}

// A created (or modified) value read from an answer, passed back as
// created_gt (modified_gt), excludes that document: the filter is sent to
// the microsecond, as Legalesign answers times, not cut to the second.
func TestTimeFiltersRoundTrip(t *testing.T) {
	srv := legacyv1test.NewServer(t, legacyv1test.WithClock(steppingClock(time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), time.Millisecond+time.Microsecond)))
	c := srv.Client()
	ctx := context.Background()
	first := createDocument(t, c, "First")
	second := createDocument(t, c, "Second")
	require.Equal(t, first.Created.Truncate(time.Second), second.Created.Truncate(time.Second), "both within one second")
	require.NotZero(t, first.Created.Nanosecond(), "the server answers fractions of a second")

	names := func(opts *legacyv1.DocumentListOptions) []string {
		var out []string
		for d, err := range c.Documents.All(ctx, opts) {
			require.NoError(t, err)
			out = append(out, d.Name)
		}
		return out
	}
	assert.Equal(t, []string{"Second"}, names(&legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup, CreatedAfter: first.Created.Time}))
	assert.Empty(t, names(&legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup, CreatedAfter: second.Created.Time}))
	assert.Equal(t, []string{"Second"}, names(&legacyv1.DocumentListOptions{Group: legacyv1test.DefaultGroup, ModifiedAfter: first.Modified.Time}))
}

// The package documentation's Testing section, as written there.
func TestDocTestingSection(t *testing.T) {
	ctx := context.Background()
	srv := legacyv1test.NewServer(t) // closed when the test ends
	c := srv.Client()                // a real *legacyv1.Client pointed at it
	d, _, err := c.Documents.Create(ctx, &legacyv1.DocumentCreateRequest{Group: legacyv1test.DefaultGroup, Name: "NDA",
		Text: "<p>Terms</p>", Signers: []*legacyv1.SignerRequest{{FirstName: "Jane", LastName: "Doe", Email: "jane@example.com"}}})
	require.NoError(t, err)
	err = srv.Complete(ctx, d.ID) // every signer signs: status 30, callbacks posted to your subscriptions
	require.NoError(t, err)
	st, _, err := c.Status.Get(ctx, d.ID)
	require.NoError(t, err)
	assert.Equal(t, legacyv1.DocumentSigned, st.Status)
}

// A sender field given no signer number is sent with one (PdfFieldsPost
// requires it; Legalesign's SDK sends it too), reads back as a sender field
// with no signer, and the caller's field is left as it was.
func TestReplaceFieldsSenderField(t *testing.T) {
	ctx := context.Background()
	srv := legacyv1test.NewServer(t)
	c := srv.Client()
	pdf, _, err := c.TemplatePDFs.Upload(ctx, &legacyv1.TemplatePDFUpload{Group: legacyv1test.DefaultGroup, Title: "Form",
		PDF: strings.NewReader(legacyv1test.PDF("Form"))})
	require.NoError(t, err)
	admin := &legacyv1.PDFField{ElementType: legacyv1.ElementAdmin, Page: 1, AX: 0.1, AY: 0.1, BX: 0.5, BY: 0.15, Label: "Company"}
	_, err = c.TemplatePDFs.ReplaceFields(ctx, pdf.ID, []*legacyv1.PDFField{admin})
	require.NoError(t, err)
	assert.Nil(t, admin.Signer, "the caller's field is not changed")
	reqs := srv.Requests()
	last := reqs[len(reqs)-1]
	assert.JSONEq(t, `[{"element_type":"admin","page":1,"ax":0.1,"ay":0.1,"bx":0.5,"by":0.15,"signer":1,"label":"Company"}]`, string(last.Body))
	fields, _, err := c.TemplatePDFs.Fields(ctx, pdf.ID)
	require.NoError(t, err)
	require.Len(t, fields, 1)
	assert.Equal(t, legacyv1.ElementAdmin, fields[0].ElementType)
	assert.Nil(t, fields[0].Signer, "a sender field reads back with no signer")
}
