package conformance_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/benchtest"
	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
)

// lister is one provider's list method and iterator, through its own
// client, on a transport answering every request with one page.
type lister struct {
	name string
	// page is a page of three items: the second has a timestamp in an
	// unknown shape, the third "None" for a number and an object where a
	// list is expected (where the provider's items have such fields).
	page string
	// issues are the paths the page's issues must have, in order.
	issues []string
	// ids reads the items' ids (a nil item gives "").
	list func(ctx context.Context, tr http.RoundTripper, strict bool, logger *slog.Logger) (ids []string, resp *rest.Response, err error)
	all  func(ctx context.Context, tr http.RoundTripper, strict bool, logger *slog.Logger) (ids []string, err error)
	// notAList are well-formed answers whose top-level shape is wrong (on
	// top of every provider's empty body and null).
	notAList []string
}

func listers() []lister {
	return []lister{
		{
			name: "blueink (bare array, X-Blueink-Pagination)",
			page: `[{"id":"b0","created":"2024-10-01 15:43:08.646752+00:00"},` +
				`{"id":"b1","created":"20/05/2020 15:10","packets":[{"id":"p1","completed_at":"2024-10-02T09:12:44Z"}]},` +
				`{"id":"b2","packets":[{"id":"p2","order":"None"}],"tags":{"q4":true}}]`,
			issues:   []string{"[1].created", "[2].packets[0].order", "[2].tags"},
			notAList: []string{`{"detail":"Not found."}`},
			list: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, *rest.Response, error) {
				c, err := blueink.NewClient("bk-key-123", biOpts(tr, strict, l)...)
				if err != nil {
					return nil, nil, err
				}
				items, resp, err := c.Bundles.List(ctx, nil)
				return ids(items, func(b *blueink.Bundle) string { return b.ID }), resp, err
			},
			all: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, error) {
				c, err := blueink.NewClient("bk-key-123", biOpts(tr, strict, l)...)
				if err != nil {
					return nil, err
				}
				return collect(c.Bundles.All(ctx, nil), func(b *blueink.Bundle) string { return b.ID })
			},
		},
		{
			name: "zigned (v3 envelope)",
			page: `{"version":"1.0","result_type":"paginated_list","resource_type":"agreement","data":[` +
				`{"id":"a0","created_at":"2024-01-01 00:00:00+00:00"},{"id":"a1","expires_at":"next friday"},` +
				`{"id":"a2","test_mode":"None","issuer":[]}],` +
				`"pagination":{"limit":3,"total_pages":1,"page":1,"total_results":"None"}}`,
			issues: []string{"data[1].expires_at", "data[2].test_mode", "data[2].issuer", "pagination.total_results"},
			notAList: []string{`[{"id":"a0"}]`, `{}`, `{"version":"1.0","result_type":"list"}`,
				`{"version":"1.0","data":null}`, `{"version":"1.0","data":{"id":"a0"}}`, `{"data":"a0"}`},
			list: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, *rest.Response, error) {
				c, err := zigned.NewClientWithToken("zg-token-123", zOpts(tr, strict, l)...)
				if err != nil {
					return nil, nil, err
				}
				items, resp, err := c.Agreements.List(ctx, nil)
				return ids(items, func(a *zigned.Agreement) string { return a.ID }), resp, err
			},
			all: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, error) {
				c, err := zigned.NewClientWithToken("zg-token-123", zOpts(tr, strict, l)...)
				if err != nil {
					return nil, err
				}
				return collect(c.Agreements.All(ctx, nil), func(a *zigned.Agreement) string { return a.ID })
			},
		},
		{
			name: "legacyv1 (Tastypie meta/objects)",
			page: `{"meta":{"limit":3,"next":null,"offset":0,"previous":null,"total_count":3},"objects":[` +
				`{"uuid":"d0","created":"2020-05-20T15:10:00"},{"uuid":"d1","created":"2020-05-20T:15:10"},` +
				`{"uuid":"d2","signature_type":"None","signer_objects":{"firstname":"Joe"}}]}`,
			issues:   []string{"objects[1].created", "objects[2].signature_type", "objects[2].signer_objects"},
			notAList: []string{`[]`, `{}`, `{"meta":{"limit":3,"next":null,"offset":0,"previous":null,"total_count":3}}`},
			list: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, *rest.Response, error) {
				c, err := legacyv1.NewClient("user", "lg-secret-123", lsOpts(tr, strict, l)...)
				if err != nil {
					return nil, nil, err
				}
				items, resp, err := c.Documents.List(ctx, &legacyv1.DocumentListOptions{Group: "g"})
				return ids(items, func(d *legacyv1.Document) string { return d.UUID }), resp, err
			},
			all: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, error) {
				c, err := legacyv1.NewClient("user", "lg-secret-123", lsOpts(tr, strict, l)...)
				if err != nil {
					return nil, err
				}
				return collect(c.Documents.All(ctx, &legacyv1.DocumentListOptions{Group: "g"}), func(d *legacyv1.Document) string { return d.UUID })
			},
		},
		{
			name: "signeasy ({count, files})",
			page: `{"count":3,"files":[{"id":10,"created_time":1557465368},{"id":11,"created_time":"yesterday"},` +
				`{"id":"None","name":"x.pdf","last_modified_time":{"unix":1}}]}`,
			issues:   []string{"files[1].created_time", "files[2].id", "files[2].last_modified_time"},
			notAList: []string{`"ok"`, `{}`, `{"count":3}`},
			list: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, *rest.Response, error) {
				c, err := signeasy.NewClientWithToken("se-token-123", seOpts(tr, strict, l)...)
				if err != nil {
					return nil, nil, err
				}
				items, resp, err := c.Originals.List(ctx)
				return ids(items, func(o *signeasy.Original) string { return o.Name + "#" + strconv.FormatInt(o.ID, 10) }), resp, err
			},
			all: func(ctx context.Context, tr http.RoundTripper, strict bool, l *slog.Logger) ([]string, error) {
				c, err := signeasy.NewClientWithToken("se-token-123", seOpts(tr, strict, l)...)
				if err != nil {
					return nil, err
				}
				return collect(c.Originals.All(ctx), func(o *signeasy.Original) string { return o.Name + "#" + strconv.FormatInt(o.ID, 10) })
			},
		},
	}
}

func biOpts(tr http.RoundTripper, strict bool, l *slog.Logger) []blueink.Option {
	o := []blueink.Option{blueink.WithHTTPClient(&http.Client{Transport: tr}), blueink.WithMaxRetries(0), blueink.WithLogger(l)}
	if strict {
		o = append(o, blueink.WithStrictDecoding())
	}
	return o
}

func zOpts(tr http.RoundTripper, strict bool, l *slog.Logger) []zigned.Option {
	o := []zigned.Option{zigned.WithHTTPClient(&http.Client{Transport: tr}), zigned.WithMaxRetries(0), zigned.WithLogger(l)}
	if strict {
		o = append(o, zigned.WithStrictDecoding())
	}
	return o
}

func lsOpts(tr http.RoundTripper, strict bool, l *slog.Logger) []legacyv1.Option {
	o := []legacyv1.Option{legacyv1.WithHTTPClient(&http.Client{Transport: tr}), legacyv1.WithMaxRetries(0), legacyv1.WithLogger(l)}
	if strict {
		o = append(o, legacyv1.WithStrictDecoding())
	}
	return o
}

func seOpts(tr http.RoundTripper, strict bool, l *slog.Logger) []signeasy.Option {
	o := []signeasy.Option{signeasy.WithHTTPClient(&http.Client{Transport: tr}), signeasy.WithMaxRetries(0), signeasy.WithLogger(l)}
	if strict {
		o = append(o, signeasy.WithStrictDecoding())
	}
	return o
}

func ids[T any](items []*T, id func(*T) string) []string {
	var out []string
	for _, it := range items {
		if it == nil {
			out = append(out, "")
			continue
		}
		out = append(out, id(it))
	}
	return out
}

func collect[T any](seq func(func(*T, error) bool), id func(*T) string) ([]string, error) {
	var out []string
	for it, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, ids([]*T{it}, id)...)
	}
	return out, nil
}

func pathsOf(issues []webhook.DecodeIssue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path)
	}
	return out
}

// staticPage answers every request 200 with body (and, for BlueInk, one
// page of pagination).
func staticPage(body string) http.RoundTripper {
	return &benchtest.StaticTransport{Body: []byte(body), Header: http.Header{"X-Blueink-Pagination": {"1,1,3,3"}}}
}

// Every list style keeps every item of a page in which values do not
// decode, lists each value on the Response with its path in the page, and
// logs one warning; All iterates every item; strict decoding fails the call
// (and the iterator) with a *DecodeError naming the first issue.
func TestListPagesDecodeTolerantly(t *testing.T) {
	ctx := context.Background()
	for _, l := range listers() {
		t.Run(l.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelWarn}))
			got, resp, err := l.list(ctx, staticPage(l.page), false, logger)
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			if len(got) != 3 || slices.Contains(got, "") {
				t.Fatalf("List kept %q, want three items", got)
			}
			if p := pathsOf(resp.DecodeIssues); !slices.Equal(p, l.issues) {
				t.Fatalf("DecodeIssues %q, want %q", p, l.issues)
			}
			if n := strings.Count(logs.String(), "level=WARN"); n != 1 || strings.Contains(logs.String(), "None") {
				t.Fatalf("want one warning without values, got:\n%s", logs.String())
			}
			all, err := l.all(ctx, staticPage(l.page), false, logger)
			if err != nil || !slices.Equal(all, got) {
				t.Fatalf("All = %q, %v; List = %q", all, err, got)
			}

			// Strict: the list and the iterator fail.
			_, resp, err = l.list(ctx, staticPage(l.page), true, logger)
			var first webhook.DecodeIssue
			if !decodeError(err) || !errors.As(err, &first) || first.Path != l.issues[0] || resp == nil || len(resp.DecodeIssues) != len(l.issues) {
				t.Fatalf("strict List: %v (first issue %q)", err, first.Path)
			}
			if all, err := l.all(ctx, staticPage(l.page), true, logger); !decodeError(err) || len(all) != 0 {
				t.Fatalf("strict All: %q, %v", all, err)
			}

			// Not JSON, or the wrong shape at the top: an error either way.
			// An empty body or null says nothing about the list: not an
			// empty list. The call was made: not an unknown outcome.
			for _, body := range append([]string{"<html>Bad Gateway</html>", `[{"id":`, ``, "null", " null\n"}, l.notAList...) {
				if got, _, err := l.list(ctx, staticPage(body), false, logger); !decodeError(err) || len(got) != 0 ||
					errors.Is(err, rest.ErrOutcomeUnknown) || !strings.HasPrefix(err.Error(), strings.Fields(l.name)[0]+": ") {
					t.Errorf("List of %q: %v, want a *DecodeError", body, err)
				}
				if got, err := l.all(ctx, staticPage(body), false, logger); !decodeError(err) || len(got) != 0 {
					t.Errorf("All of %q: %q, %v, want a *DecodeError", body, got, err)
				}
			}
			// A clean page: no issue.
			clean := l.page
			for _, bad := range []string{`"20/05/2020 15:10"`, `"next friday"`, `"2020-05-20T:15:10"`, `"yesterday"`, `"None"`,
				`{"q4":true}`, `{"firstname":"Joe"}`, `{"unix":1}`, `"issuer":[]`} {
				repl := "null"
				if bad == `"issuer":[]` {
					repl = `"issuer":{}`
				}
				clean = strings.ReplaceAll(clean, bad, repl)
			}
			if _, resp, err := l.list(ctx, staticPage(clean), true, logger); err != nil || resp.DecodeIssues != nil {
				t.Fatalf("clean page %s: %v, %v", clean, err, resp)
			}
		})
	}
}

// decodeError reports whether err is its provider's *DecodeError.
func decodeError(err error) bool {
	var b *blueink.DecodeError
	var z *zigned.DecodeError
	var l *legacyv1.DecodeError
	var s *signeasy.DecodeError
	return errors.As(err, &b) || errors.As(err, &z) || errors.As(err, &l) || errors.As(err, &s)
}

// Signeasy's list answers an object where the list is expected: an empty
// list, listed, not an error.
func TestObjectWhereListExpected(t *testing.T) {
	c, err := signeasy.NewClientWithToken("se-token-123", seOpts(staticPage(`{"count":1,"files":{"id":1}}`), false, nil)...)
	if err != nil {
		t.Fatal(err)
	}
	items, resp, err := c.Originals.List(context.Background())
	if err != nil || len(items) != 0 || !slices.Equal(pathsOf(resp.DecodeIssues), []string{"files"}) {
		t.Fatalf("%v, %v, %v", items, resp, err)
	}
}

// A single-object call answered 200 with an empty body or null fails with
// its provider's *DecodeError (a decode failure, not an unknown outcome),
// never a zero or nil resource without an error; a well-formed object
// missing fields is drift, tolerated. Zigned's envelope must hold an
// object under data.
func TestEmptyAnswerIsDecodeError(t *testing.T) {
	ctx := context.Background()
	type getter struct {
		name string
		get  func(tr http.RoundTripper) (found bool, err error)
		bad  []string // on top of the empty body and null
		good []string
	}
	getters := []getter{
		{name: "blueink", good: []string{`{}`}, get: func(tr http.RoundTripper) (bool, error) {
			c, _ := blueink.NewClient("bk-key-123", biOpts(tr, false, nil)...)
			b, _, err := c.Bundles.Get(ctx, "b1")
			return b != nil, err
		}},
		{name: "zigned", good: []string{`{"version":"1.0","result_type":"single","data":{}}`, `{"data":{"id":"a1"}}`},
			bad: []string{`{}`, `{"data":null}`, `{"version":"1.0","result_type":"single"}`, `{"version":"1.0","data":[]}`,
				`{"version":"1.0","data":[{"id":"a1"}]}`, `{"data":"a1"}`, `[]`},
			get: func(tr http.RoundTripper) (bool, error) {
				c, _ := zigned.NewClientWithToken("zg-token-123", zOpts(tr, false, nil)...)
				a, _, err := c.Agreements.Get(ctx, "a1")
				return a != nil, err
			}},
		{name: "legacyv1", good: []string{`{}`}, get: func(tr http.RoundTripper) (bool, error) {
			c, _ := legacyv1.NewClient("user", "lg-secret-123", lsOpts(tr, false, nil)...)
			d, _, err := c.Documents.Get(ctx, "d1")
			return d != nil, err
		}},
		{name: "signeasy", good: []string{`{}`}, get: func(tr http.RoundTripper) (bool, error) {
			c, _ := signeasy.NewClientWithToken("se-token-123", seOpts(tr, false, nil)...)
			o, _, err := c.Originals.Get(ctx, 7)
			return o != nil, err
		}},
	}
	for _, g := range getters {
		t.Run(g.name, func(t *testing.T) {
			for _, body := range append([]string{``, "\r\n", `null`, " null "}, g.bad...) {
				found, err := g.get(&benchtest.StaticTransport{Body: []byte(body)})
				if !decodeError(err) || found || errors.Is(err, rest.ErrOutcomeUnknown) || !strings.HasPrefix(err.Error(), g.name+": ") {
					t.Errorf("Get answered %q: found %v, %v; want a *DecodeError", body, found, err)
				}
			}
			for _, body := range g.good {
				if found, err := g.get(&benchtest.StaticTransport{Body: []byte(body)}); err != nil || !found {
					t.Errorf("Get answered %q: found %v, %v; want the resource", body, found, err)
				}
			}
		})
	}
}
