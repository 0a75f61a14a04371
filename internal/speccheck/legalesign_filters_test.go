package speccheck

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/esignkit/esign/legacyv1"
)

// TestLegalesignListFilters calls each list with every option set and
// checks that every query parameter the operation declares was sent: every
// declared filter is reachable from the options (that nothing undeclared
// is sent, and every value's shape, is what TestLegalesignRequests checks).
func TestLegalesignListFilters(t *testing.T) {
	s := Load(t, "legalesign")
	m := NewMock(t, s)
	c, err := legacyv1.NewClient("apiuser", "apisecret", lsOptions(legacyv1.WithBaseURL(m.URL))...)
	if err != nil {
		t.Fatal(err)
	}
	page := legacyv1.ListOptions{Limit: 10, Offset: 20}
	group := &legacyv1.GroupListOptions{Group: "my-group", ListOptions: page}
	tmpl := &legacyv1.TemplateListOptions{Group: "my-group", Archive: legacyv1.Bool(false), ListOptions: page}
	ctx := context.Background()
	for op, call := range map[Op]func() error{
		"GET /document/": func() error {
			_, _, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "my-group", Archived: legacyv1.Bool(true),
				Status: legacyv1.DocumentSigned, Email: "a@example.com", CreatedAfter: time.Unix(1, 0), ModifiedAfter: time.Unix(2, 0),
				NoSigners: true, Cache: true, ListOptions: page})
			return err
		},
		"GET /status/": func() error {
			_, _, err := c.Status.List(ctx, &legacyv1.StatusListOptions{Filter: "true", ListOptions: page})
			return err
		},
		"GET /templatepdf/": func() error { _, _, err := c.TemplatePDFs.List(ctx, tmpl); return err },
		"GET /template/":    func() error { _, _, err := c.Templates.List(ctx, tmpl); return err },
		"GET /group/":       func() error { _, _, err := c.Groups.List(ctx, &page); return err },
		"GET /member/":      func() error { _, _, err := c.Members.List(ctx, group); return err },
		"GET /attachment/":  func() error { _, _, err := c.Attachments.List(ctx, group); return err },
		"GET /invited/":     func() error { _, _, err := c.Invited.List(ctx, group); return err },
	} {
		t.Run(string(op), func(t *testing.T) {
			m.Reset()
			if err := call(); err != nil {
				t.Fatal(err)
			}
			method, path, _ := strings.Cut(string(op), " ")
			item := s.Doc.Paths.Value(path)
			var declared []string
			for _, ps := range []openapi3.Parameters{item.Parameters, item.GetOperation(method).Parameters} {
				for _, p := range ps {
					if p.Value != nil && p.Value.In == "query" {
						declared = append(declared, p.Value.Name)
					}
				}
			}
			sort.Strings(declared)
			sent := map[string]bool{}
			for _, ex := range m.Exchanges() {
				if ex.Op != op {
					continue
				}
				for k := range ex.Query {
					sent[k] = true
				}
				for _, p := range ex.Request.Problems {
					t.Errorf("request refused: %s", p.Message)
				}
			}
			for _, k := range declared {
				if !sent[k] {
					t.Errorf("declared filter %q is not sent with every option set: no option reaches it", k)
				}
			}
		})
	}
}
