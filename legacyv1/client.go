package legacyv1

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/webhook"
)

// Base URLs and names.
const (
	// DefaultBaseURL is the Legalesign API v1 base URL (EU host).
	DefaultBaseURL = "https://eu-api.legalesign.com/api/v1"
	// LegacyBaseURL is the older API host, still used by some accounts; pass
	// it with WithBaseURL.
	LegacyBaseURL = "https://api.legalesign.com/api/v1"
	// ProviderName is the name reported by webhook events and providers.
	ProviderName = "legacyv1"
)

// Environment variables read by NewClientFromEnv.
const (
	EnvUsername = "LEGALESIGN_API_USERNAME" // the API username
	EnvSecret   = "LEGALESIGN_API_SECRET"   // the API key (secret)
	EnvBaseURL  = "LEGALESIGN_API_URL"      // optional base URL
)

// Client is a Legalesign API v1 client. It is safe for concurrent use.
// Services hang off it: c.Documents.Get(ctx, id).
type Client struct {
	rc       *rest.Client
	username string
	logger   *slog.Logger
	common   service

	Documents     *DocumentsService     // signing documents
	Signers       *SignersService       // document signers
	Status        *StatusService        // short document status queries
	PDF           *PDFService           // final PDF download and HTML→PDF preview
	TemplatePDFs  *TemplatePDFsService  // uploaded PDF templates
	Templates     *TemplatesService     // text/HTML templates
	Groups        *GroupsService        // groups (teams)
	Members       *MembersService       // group members
	Invited       *InvitedService       // pending group invitations
	Users         *UsersService         // users
	Attachments   *AttachmentsService   // static email attachments
	Subscriptions *SubscriptionsService // callback (webhook) subscriptions
}

type service struct{ client *Client }

// NewClient returns a client authenticating with `Authorization: ApiKey
// <username>:<secret>`, Legalesign's one way to authenticate. It validates its arguments and performs no I/O. The
// secret is kept out of every printable value, error and log line.
func NewClient(username, secret string, opts ...Option) (*Client, error) {
	username = strings.TrimSpace(username)
	if username == "" {
		return nil, invalidArg("username", "must not be empty")
	}
	if strings.ContainsAny(username, ": \t\r\n") {
		return nil, invalidArg("username", "must not contain ':' or whitespace")
	}
	if strings.TrimSpace(secret) == "" {
		return nil, invalidArg("secret", "must not be empty")
	}
	if strings.ContainsAny(secret, "\r\n") {
		return nil, invalidArg("secret", "must not contain line breaks")
	}
	cfg := newConfig(opts)
	hc := &http.Client{}
	if cfg.HTTPClient != nil {
		copied := *cfg.HTTPClient
		hc = &copied
	}
	hc.CheckRedirect = noFollowRedirect(hc.CheckRedirect)
	cfg.HTTPClient = hc

	credential := "ApiKey " + username + ":" + secret
	rcfg := coreConfig(cfg.Settings)
	rcfg.Auth = func(req *http.Request) error { req.Header.Set("Authorization", credential); return nil }
	rcfg.Secrets = []string{secret, username + ":" + secret}
	rc, err := rest.New(rcfg)
	if err != nil {
		return nil, err
	}
	c := &Client{rc: rc, username: username, logger: cfg.Logger}
	c.common.client = c
	c.Documents = (*DocumentsService)(&c.common)
	c.Signers = (*SignersService)(&c.common)
	c.Status = (*StatusService)(&c.common)
	c.PDF = (*PDFService)(&c.common)
	c.TemplatePDFs = (*TemplatePDFsService)(&c.common)
	c.Templates = (*TemplatesService)(&c.common)
	c.Groups = (*GroupsService)(&c.common)
	c.Members = (*MembersService)(&c.common)
	c.Invited = (*InvitedService)(&c.common)
	c.Users = (*UsersService)(&c.common)
	c.Attachments = (*AttachmentsService)(&c.common)
	c.Subscriptions = (*SubscriptionsService)(&c.common)
	return c, nil
}

// NewClientFromEnv reads LEGALESIGN_API_USERNAME, LEGALESIGN_API_SECRET and
// the optional LEGALESIGN_API_URL; opts are applied after them.
func NewClientFromEnv(opts ...Option) (*Client, error) {
	var all []Option
	if u := strings.TrimSpace(os.Getenv(EnvBaseURL)); u != "" {
		all = append(all, WithBaseURL(u))
	}
	return NewClient(os.Getenv(EnvUsername), os.Getenv(EnvSecret), append(all, opts...)...)
}

// BaseURL returns the API base URL the client calls.
func (c *Client) BaseURL() string { return strings.TrimSuffix(c.rc.BaseURL().String(), "/") }

// String describes the client without its secret.
func (c *Client) String() string {
	return "legacyv1.Client{BaseURL: " + c.BaseURL() + ", Username: " + c.username + "}"
}

// GoString implements fmt.GoStringer (for %#v) without the secret.
func (c *Client) GoString() string { return "&" + c.String() }

// ListOptions are the Tastypie paging parameters shared by list endpoints.
// Zero values are not sent (the API then uses its default limit, 20).
type ListOptions struct {
	// Limit is the page size.
	Limit int
	// Offset is the index of the first object to return.
	Offset int
}

func (o ListOptions) apply(q url.Values) {
	if o.Limit > 0 {
		q.Set("limit", strconv.Itoa(o.Limit))
	}
	if o.Offset > 0 {
		q.Set("offset", strconv.Itoa(o.Offset))
	}
}

// listMeta is Tastypie's list envelope metadata.
type listMeta struct {
	Limit      int     `json:"limit"`
	Next       *string `json:"next"`
	Offset     *int    `json:"offset"`
	Previous   *string `json:"previous"`
	TotalCount int     `json:"total_count"`
}

type listEnvelope[T any] struct {
	Meta    *listMeta `json:"meta"`
	Objects []T       `json:"objects"`
}

// errNoObjects is the error of a list answer without its "objects" member:
// not a Tastypie list page (its top-level shape is wrong), so not an empty
// one either.
var errNoObjects = errors.New(`the list answer has no "objects" member`)

// DecodeItems decodes a Tastypie list page from the answer stream, its
// objects item by item, at most max of them (rest.ItemsDecoder). An answer
// without "objects" is an error: not a list page (null objects, which
// Tastypie never sends, is an empty page).
func (e *listEnvelope[T]) DecodeItems(dec *rest.Decoder, max int) error {
	objects := false
	err := rest.DecodeObject(dec, func(key string) error {
		switch strings.ToLower(key) { // encoding/json matches keys case-insensitively
		case "meta":
			return dec.Decode(&e.Meta)
		case "objects":
			objects = true
			items, err := rest.DecodeArray[T](dec, max)
			e.Objects = items
			return err
		}
		return rest.SkipValue(dec)
	})
	if err == nil && !objects {
		err = errNoObjects
	}
	return err
}

// getList fetches one Tastypie page and maps its meta to Response.Pagination.
func getList[T any](ctx context.Context, c *Client, path string, q url.Values) ([]T, *Response, error) {
	env, resp, err := do[*listEnvelope[T]](ctx, c, http.MethodGet, path, q, nil)
	if err != nil {
		return nil, resp, err
	}
	if env.Meta != nil && resp != nil {
		resp.Pagination = paginationOf(env.Meta, q)
	}
	return env.Objects, resp, nil
}

func paginationOf(m *listMeta, q url.Values) *rest.Pagination {
	p := &rest.Pagination{Limit: m.Limit, TotalResults: m.TotalCount}
	if m.Offset != nil {
		p.Offset = *m.Offset
	} else if off, err := strconv.Atoi(q.Get("offset")); err == nil {
		p.Offset = off
	}
	if m.Next != nil {
		p.Next = strings.TrimSpace(*m.Next)
		if p.Next == "None" || p.Next == "null" { // Python's str(None), as in the spec's examples
			p.Next = ""
		}
	}
	return p
}

// iterate is the pager helper: it pages through a list with limit/offset.
// The next offset is the previous page's offset plus its limit (or its item
// count when the answer carries no limit). It stops when meta.next is null
// (Tastypie's last page), when the answer has no meta, on an empty page, or
// when the offset does not advance (rest.Iterate's guards). A null next
// while the same meta says more objects follow (limit set, offset + limit
// < total_count) is what Tastypie never sends (its paginator computes next
// from that very sum): the iterator yields the page's items, then an error
// matching ErrPaginationStalled, rather than end quietly with items
// missing.
func iterate[T any](ctx context.Context, c *Client, start int, fetch func(ctx context.Context, offset int) ([]T, *Response, error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		lastCount := 0
		var stalled error // set by the last page, yielded after its items
		pages := rest.Iterate(ctx, c.rc, func(ctx context.Context, prev *rest.Pagination) ([]T, *rest.Response, error) {
			off := start
			if prev != nil {
				step := prev.Limit
				if step <= 0 {
					step = lastCount
				}
				off = prev.Offset + step
			}
			items, resp, err := fetch(ctx, off)
			lastCount = len(items)
			if err == nil && resp != nil && resp.Pagination != nil && resp.Pagination.Next == "" {
				// rest.Iterate would fall back to offset+limit < total_count;
				// for Tastypie a null next ends the list, and says so
				// when the count disagrees. The copy is private to the
				// iterator (All yields items only).
				if p := resp.Pagination; p.Limit > 0 && p.Offset+p.Limit < p.TotalResults {
					stalled = c.rc.PaginationStalled(fmt.Sprintf("meta.next is null at offset %d (limit %d) although total_count is %d",
						p.Offset, p.Limit, p.TotalResults))
				}
				last := *resp
				last.Pagination = nil
				resp = &last
			}
			return items, resp, err
		})
		for it, err := range pages {
			if !yield(it, err) {
				return
			}
			if err != nil {
				return
			}
		}
		if stalled != nil {
			yield(*new(T), stalled)
		}
	}
}

// Created is what a create call returns: the new resource's id and URI,
// read from the Location header of the 201 answer. When the answer has no
// usable Location, they come from a resource_uri (or uuid) in its body, or
// else from the object found by what was sent (then Response.Recovered is
// set); when nothing names the object, ID is "" and, unless the create may
// answer without naming one, Response.DecodeIssues lists "Location".
type Created struct {
	// ID is the last segment of the resource URI (a UUID, or a slug for
	// groups); "" when the answer did not say which object was created and
	// it could not be found by what was sent.
	ID string
	// ResourceURI is the path form, e.g. "/api/v1/document/<id>/".
	ResourceURI string
	// Resource is the resource name in the URI ("document", "group", ...).
	Resource string
	// Location is the header exactly as received (often an absolute URL);
	// "" when the answer carried none.
	Location string
}

// createdFromURI is the Created a resource URI (a Location, a
// resource_uri) names, or nil when it names none.
func createdFromURI(uri string) *Created {
	resource, id, err := ParseResourceURI(uri)
	if err != nil {
		return nil
	}
	return &Created{ID: id, ResourceURI: ResourceURI(resource, id), Resource: resource}
}

// CreateLookupSkew is how much earlier than the create was sent, by this
// machine's clock, an object found by what a create sent may say it was
// created, by Legalesign's clock. A create answered 2xx without naming its
// object looks it up by what was sent (Documents.Create: name, tags and
// first signer; Groups.Create: name; ...) among the objects created from
// CreateLookupSkew before the request was sent: an older object with the
// same content (last year's NDA to the same signer) is never taken for the
// new one. It absorbs a difference of up to two minutes between the two
// clocks; a larger one makes the lookup find nothing (Created.ID is "",
// see Client.created), never a wrong object.
const CreateLookupSkew = 2 * time.Minute

// finder finds the object a create made by what the request sent, for a
// 2xx answer that does not say which object it made, among the objects
// created at or after since: the one object that matches, or an error
// saying why there is none (errNotFound, errAmbiguous, or the lookup's own
// failure).
type finder func(ctx context.Context, since time.Time) (*Created, error)

// created reads what a 2xx create answer made, the one way every create
// does it, and never turns the 2xx into an error (a success reported as a
// failure invites a duplicate create):
//
//  1. the Location header, when it holds a resource URI;
//  2. otherwise a resource_uri (or uuid) in a JSON body;
//  3. otherwise, when the create has a finder, the one object created at
//     or after the request was sent (less CreateLookupSkew) that matches
//     what was sent: it is returned and resp.Recovered is set, as for an
//     exactly-once create whose answer was lost;
//  4. otherwise an empty Created (ID ""), keeping an unparsable Location
//     as received; unless the create may answer without naming an object
//     (find is nil: a member invited, a user created without a password),
//     resp.Recovered is false, resp.DecodeIssues lists the missing
//     Location (Path "Location", Raw the header as received, Err saying
//     why nothing was recovered: no object matches, several do, or the
//     lookup failed, with its error, which errors.Is and errors.As
//     reach) and the client's logger gets a warning.
//
// body is the answer's body (at most 1 MiB, read by the caller); sent is
// when the request was sent.
func (c *Client) created(ctx context.Context, resp *Response, resource string, body []byte, sent time.Time, find finder) *Created {
	loc := strings.TrimSpace(resp.Header.Get("Location"))
	if cr := createdFromURI(loc); cr != nil {
		cr.Location = loc
		return cr
	}
	if cr := createdFromBody(body, resource); cr != nil {
		cr.Location = loc
		return cr
	}
	if find == nil {
		return &Created{Location: loc}
	}
	why := ctx.Err()
	if why == nil {
		cr, err := find(ctx, sent.Add(-CreateLookupSkew))
		if err == nil && cr != nil {
			cr.Location = loc
			resp.Recovered = true
			return cr
		}
		why = cmp.Or(err, errNotFound)
	}
	issue := fmt.Errorf("%w: %w", errNoCreated, why)
	resp.DecodeIssues = append(resp.DecodeIssues, webhook.DecodeIssue{Path: "Location", Raw: loc, Err: issue})
	if c.logger != nil {
		c.logger.WarnContext(ctx, "legacyv1: a create answered "+strconv.Itoa(resp.StatusCode)+
			" without saying which object it created (no usable Location header); Created.ID is empty",
			slog.String("resource", resource), slog.String("location", loc), slog.String("reason", why.Error()))
	}
	return &Created{Location: loc}
}

// errNoCreated is the DecodeIssue of a create whose 2xx answer names no
// object that could be found; the issue's error wraps it and the reason.
var errNoCreated = errors.New("the answer names no created object (no usable Location header, no resource_uri in its body) " +
	"and it was not recovered by what was sent, so Created.ID is empty")

// The reasons a finder finds nothing.
var (
	errNotFound  = errors.New("no object created since the request was sent matches what was sent")
	errAmbiguous = errors.New("several objects created since the request was sent match what was sent; none is returned, as it may be another create's")
	errNoTitle   = errors.New("nothing sent identifies it (a PDF template is looked up by its title, and none was sent)")
)

// createdFromBody reads a resource_uri (or a uuid) from a JSON object body.
func createdFromBody(body []byte, resource string) *Created {
	var obj struct {
		ResourceURI string `json:"resource_uri"`
		UUID        string `json:"uuid"`
	}
	if len(body) == 0 || json.Unmarshal(body, &obj) != nil {
		return nil
	}
	if cr := createdFromURI(obj.ResourceURI); cr != nil && cr.Resource == resource {
		return cr
	}
	if id := strings.TrimSpace(obj.UUID); id != "" && !strings.Contains(id, "/") {
		return &Created{ID: id, ResourceURI: ResourceURI(resource, id), Resource: resource}
	}
	return nil
}

// findPageSize is the page size of the lists a finder pages through.
const findPageSize = 100

// findCreated is the finder of every create that looks its object up by
// what it sent: the one object of all that matches and was created at or
// after since (an object without a created time is not taken: nothing
// says it is new), named by its resource URI. None: errNotFound; two or
// more (two identical creates at once): errAmbiguous; the list failing:
// its error.
func findCreated[T any](since time.Time, all iter.Seq2[T, error], match func(T) bool, created func(T) time.Time, uri func(T) string) (*Created, error) {
	var found *Created
	for it, err := range all {
		if err != nil {
			return nil, fmt.Errorf("looking it up failed: %w", err)
		}
		if at := created(it); !match(it) || at.IsZero() || at.Before(since) {
			continue
		}
		cr := createdFromURI(uri(it))
		switch {
		case cr == nil || (found != nil && found.ResourceURI == cr.ResourceURI):
			continue // unnamed, or listed twice (a page boundary moved)
		case found != nil:
			return nil, errAmbiguous
		}
		found = cr
	}
	if found == nil {
		return nil, errNotFound
	}
	return found, nil
}

// create posts body and returns what it created (see Client.created).
func (c *Client) create(ctx context.Context, path, resource string, body any, find finder) (*Created, *Response, error) {
	return c.createRequest(ctx, &rest.Request{Method: http.MethodPost, Path: path, Body: body}, resource, find)
}

// createRequest performs r and returns what it created (see Client.created).
func (c *Client) createRequest(ctx context.Context, r *rest.Request, resource string, find finder) (*Created, *Response, error) {
	cr, _, resp, err := c.createWithBody(ctx, r, resource, find)
	return cr, resp, err
}

// createWithBody is createRequest that also returns the answer's body.
func (c *Client) createWithBody(ctx context.Context, r *rest.Request, resource string, find finder) (*Created, []byte, *Response, error) {
	sent := time.Now()
	resp, err := c.rc.Send(ctx, r)
	if err != nil {
		return nil, nil, resp, err
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxCreatedBody))
	drain(resp)
	return c.created(ctx, resp, resource, body, sent, find), body, resp, nil
}

// maxCreatedBody bounds the body of a create's answer that is read.
const maxCreatedBody = 1 << 20

func decodeErr(resp *Response, err error) error {
	method, u := "", ""
	if resp != nil && resp.Response != nil && resp.Request != nil {
		method = resp.Request.Method
		u = (&rest.Redactor{}).URL(resp.Request.URL)
	}
	return fromCore(&rest.DecodeError{Method: method, URL: u, Err: err})
}

// do is the call helper of every service: one JSON call, its answer
// decoded into a new T (rest.NoBody discards it).
func do[T any](ctx context.Context, c *Client, method, path string, query, body any) (T, *Response, error) {
	return rest.Do[T](ctx, c.rc, method, path, query, body)
}

func drain(resp *Response) {
	if resp == nil || resp.Body == nil {
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, rest.MaxErrorBodyBytes))
	_ = resp.Body.Close()
}

type (
	noFollowKey      struct{}
	noCredentialsKey struct{}
)

// noFollowRedirect makes requests whose context carries noFollowKey stop at
// the first redirect, so the Location of a one-use link is returned instead
// of being consumed, and strips the Authorization header from every
// redirected request whose context carries noCredentialsKey (PDF download
// locations: "do not use Legalesign authentication", even on the API host).
// Other requests keep the caller's policy.
func noFollowRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if v, _ := req.Context().Value(noFollowKey{}).(bool); v {
			return http.ErrUseLastResponse
		}
		if v, _ := req.Context().Value(noCredentialsKey{}).(bool); v {
			req.Header.Del("Authorization")
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
}

// location performs r without following redirects and returns the Location
// header of a 2xx or 3xx answer (one-use links: signer links, edit links,
// signing page previews). A 2xx answer without the header may carry the link
// as a JSON string body.
func (c *Client) location(ctx context.Context, r *rest.Request) (string, *Response, error) {
	r.AllowForeignRedirect = true // our CheckRedirect stops before any request is made
	resp, err := c.rc.Send(context.WithValue(ctx, noFollowKey{}, true), r)
	if err != nil {
		var apiErr *APIError
		if resp != nil && resp.StatusCode >= 300 && resp.StatusCode < 400 && errors.As(err, &apiErr) {
			if loc := resp.Header.Get("Location"); loc != "" {
				return loc, resp, nil
			}
		}
		return "", resp, err
	}
	defer drain(resp)
	if loc := resp.Header.Get("Location"); loc != "" {
		return loc, resp, nil
	}
	var s string
	if body, rerr := io.ReadAll(io.LimitReader(resp.Body, 64<<10)); rerr == nil && json.Unmarshal(body, &s) == nil && s != "" {
		return s, resp, nil
	}
	return "", resp, decodeErr(resp, errors.New("the answer carries no Location header"))
}

// stream performs a download with Accept set to the given media type.
func (c *Client) stream(ctx context.Context, method, path, accept string, body any, followForeign bool) (io.ReadCloser, *Response, error) {
	r := &rest.Request{Method: method, Path: path, Body: body, AllowForeignRedirect: followForeign}
	if accept != "" {
		r.Header = http.Header{"Accept": {accept}}
	}
	return c.rc.Stream(ctx, r)
}

// pathOf is the path helper: it builds an escaped path, rejecting empty
// ids before any I/O.
func pathOf(format string, ids ...string) (string, error) {
	for i, id := range ids {
		ids[i] = strings.TrimSpace(id)
	}
	p, err := rest.Path(format, ids...)
	return p, fromCore(err)
}

// Bool returns a pointer to v, for optional boolean fields.
func Bool(v bool) *bool { return &v }

// Int returns a pointer to v, for optional integer fields.
func Int(v int) *int { return &v }
