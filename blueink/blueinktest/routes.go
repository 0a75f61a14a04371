package blueinktest

import (
	"bytes"
	"cmp"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/esignkit/esign/blueink"
	fs "github.com/esignkit/esign/internal/fakeserver"
)

// routes is the API table: every operation of the blueink client (the 37
// of the 2.2.3 spec and 18 newer ones), paths relative to /api/v2/.
func routes() []fs.Route {
	return fs.Routes(
		// Bundles and their operations.
		bundles.Routes(fs.Behaviour[bundle]{Ops: fs.CRUD, Render: renderBundle, CreateStatus: http.StatusCreated,
			UpdateMethod: http.MethodPatch, Filters: bundleFilters, Order: orderBundles,
			Create: createBundle, Update: updateBundle, Delete: deleteBundle}),
		bundles.Routes(fs.Behaviour[bundle]{Ops: fs.OpCreate, Paths: map[fs.Ops]string{fs.OpCreate: "bundles/create_from_envelope_template"},
			Render: renderBundle, CreateStatus: http.StatusCreated, Create: createFromEnvelope}),
		[]fs.Route{
			{Method: http.MethodPost, Path: "bundles/preparation_session", Handle: preparationSession},
			bundles.On(http.MethodPut, "bundles/{bundle}/cancel", cancelBundle),
			bundles.On(http.MethodPost, "bundles/{bundle}/send", sendBundle),
			bundles.On(http.MethodPut, "bundles/{bundle}/validate", validateBundle),
			bundles.On(http.MethodPut, "bundles/{bundle}/expire", expireBundle),
			bundles.On(http.MethodGet, "bundles/{bundle}/events", bundleHistory),
			bundles.On(http.MethodGet, "bundles/{bundle}/files", bundleFiles),
			bundles.On(http.MethodPut, "bundles/{bundle}/files", interimFiles),
			bundles.On(http.MethodGet, "bundles/{bundle}/data", bundleData),
			bundles.On(http.MethodPut, "bundles/{bundle}/add_tags", addTags),
			bundles.On(http.MethodPut, "bundles/{bundle}/remove_tags", removeTags),
		},
		// Packets (signers), found in their bundles.
		[]fs.Route{
			{Method: http.MethodGet, Path: "packets/{packet}", Handle: onPacket(getPacket)},
			{Method: http.MethodPatch, Path: "packets/{packet}", Handle: onPacket(updatePacket)},
			{Method: http.MethodPost, Path: "packets/{packet}/embed_url", Handle: onPacket(embedURL)},
			{Method: http.MethodPut, Path: "packets/{packet}/remind", Handle: onPacket(remind)},
			{Method: http.MethodGet, Path: "packets/{packet}/coe", Handle: onPacket(certificate)},
		},
		// Templates (added with AddTemplate and AddEnvelopeTemplate).
		templates.Routes(fs.Behaviour[template]{Ops: fs.OpList | fs.OpGet | fs.OpUpdate | fs.OpDelete, Render: renderTemplate,
			UpdateMethod: http.MethodPatch, Update: updateTemplate, Delete: deleteTemplate}),
		[]fs.Route{{Method: http.MethodPost, Path: "templates/preparation_session", Handle: preparationSession}},
		envelopes.Routes(fs.Behaviour[envelope]{Ops: fs.OpList | fs.OpGet, Render: renderEnvelope}),
		// Persons: PUT replaces, PATCH merges.
		persons.Routes(fs.Behaviour[person]{Ops: fs.CRUD, Render: renderPerson, CreateStatus: http.StatusCreated,
			Filters: []fs.Filter[person]{search(personText)}, Create: putPerson, Update: putPerson, Delete: deletePerson}),
		persons.Routes(fs.Behaviour[person]{Ops: fs.OpUpdate, UpdateMethod: http.MethodPatch, Render: renderPerson, Update: patchPerson}),
		// Webhooks, their extra headers, event and delivery logs, the secret.
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.CRUD, Render: renderWebhook, CreateStatus: http.StatusCreated,
			Filters: append(eventTypeFilters[hook](), flag("enabled", func(it *fs.Item[hook]) bool { return it.V.Enabled })),
			Where:   subscribedTo(func(c *fs.Call, it *fs.Item[hook]) *fs.Item[hook] { return it }),
			Create:  putWebhook, Update: putWebhook, Delete: deleteWebhook}),
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.OpUpdate, UpdateMethod: http.MethodPatch, Render: renderWebhook, Update: patchWebhook}),
		headers.Routes(fs.Behaviour[header]{Ops: fs.CRUD, Render: renderHeader, CreateStatus: http.StatusCreated,
			Filters: append(eventTypeFilters[header](), choice("webhook", false, nil, func(it *fs.Item[header]) []string { return []string{it.V.Webhook} })),
			Where:   subscribedTo(func(c *fs.Call, it *fs.Item[header]) *fs.Item[hook] { return webhooks.Get(c, it.V.Webhook) }),
			Create:  putHeader, Update: putHeader}),
		headers.Routes(fs.Behaviour[header]{Ops: fs.OpUpdate, UpdateMethod: http.MethodPatch, Render: renderHeader, Update: patchHeader}),
		events.Routes(fs.Behaviour[event]{Ops: fs.OpList | fs.OpGet, Render: renderEvent, Filters: eventFilters}),
		deliveries.Routes(fs.Behaviour[delivery]{Ops: fs.OpList | fs.OpGet, Render: renderDelivery, Filters: deliveryFilters}),
		[]fs.Route{
			{Method: http.MethodGet, Path: "webhooks/secret", Handle: getSecret},
			{Method: http.MethodGet, Path: "webhooks/secret/regenerate", Handle: regenerateSecret},
			{Method: http.MethodPost, Path: "webhooks/secret/regenerate", Handle: regenerateSecret},
			{Method: http.MethodPost, Path: "verify", Handle: verify},
		},
	)
}

// ---- errors: {"code", "message", "errors": [{"field", "message"}]}

// Messages BlueInk (Django REST framework) uses.
const (
	msgInvalid  = "The request contained invalid input."
	msgRequired = "This field is required."
	msgBlank    = "This field may not be blank."
	msgBadEmail = "Enter a valid email address."
	msgBadURL   = "Enter a valid URL."
)

// statusCodes are BlueInk's code and message for an error status.
var statusCodes = map[int][2]string{
	400: {"invalid", msgInvalid},
	401: {"not_authenticated", "Authentication credentials were not provided."},
	403: {"permission_denied", "You do not have permission to perform this action."},
	404: {"not_found", "Not found."},
	405: {"method_not_allowed", "Method not allowed."},
	406: {"not_acceptable", "Could not satisfy the request Accept header."},
	409: {"conflict", "The server is in a conflicting state."},
	413: {"error", "Request body too large."},
	415: {"unsupported_media_type", "Unsupported media type in request."},
	429: {"throttled", "Request was throttled."},
	503: {"service_unavailable", "Service temporarily unavailable, try again later."},
}

// renderError is Config.Error: errors without a code (FailNext, unknown
// paths) take the status's code and message; validation errors carry
// their field errors.
func renderError(c *fs.Call, e *fs.Error) fs.Reply {
	code, msg := e.Code, e.Message
	switch code {
	case "":
		cm, ok := statusCodes[e.Status]
		if !ok {
			cm = [2]string{"error", "A server error occurred."}
		}
		code, msg = cm[0], cm[1]
		if e.Status == http.StatusMethodNotAllowed && c.Req != nil {
			msg = fmt.Sprintf("Method %q not allowed.", c.Req.Method)
		}
	case "invalid":
		msg = msgInvalid
	}
	type fieldError struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	}
	errs := []fieldError{}
	for _, f := range e.Fields {
		errs = append(errs, fieldError(f))
	}
	return fs.JSON(e.Status, map[string]any{"code": code, "message": msg, "errors": errs})
}

func notFound() *fs.Error {
	return &fs.Error{Status: http.StatusNotFound, Code: "not_found", Message: "Not found."}
}

func conflict(format string, args ...any) *fs.Error {
	return &fs.Error{Status: http.StatusConflict, Code: "conflict", Message: fmt.Sprintf(format, args...)}
}

// problems collects the field errors of one request.
type problems []fs.FieldError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, fs.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p problems) err() *fs.Error {
	if len(p) == 0 {
		return nil
	}
	return fs.Invalid(msgInvalid, p...)
}

// choice checks v against allowed ("" is refused when required).
func (p *problems) choice(field, v string, required bool, allowed ...string) {
	switch {
	case v == "" && required:
		p.add(field, msgRequired)
	case v != "" && !slices.Contains(allowed, v):
		p.add(field, "%q is not a valid choice.", v)
	}
}

// email checks an optional email address.
func (p *problems) email(field, v string) {
	if v != "" && !validEmail(v) {
		p.add(field, msgBadEmail)
	}
}

// list decodes a required, non-empty JSON list into v.
func (p *problems) list(field string, raw json.RawMessage, v any) {
	var items []json.RawMessage
	switch {
	case !isJSON(raw):
		p.add(field, msgRequired)
	case json.Unmarshal(raw, &items) != nil:
		p.add(field, "Expected a list of items but got %s.", jsonKind(raw))
	case len(items) == 0:
		p.add(field, "This list may not be empty.")
	default:
		if err := json.Unmarshal(raw, v); err != nil {
			p.add(field, "Invalid list: %v.", err)
		}
	}
}

func index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

func invalid(field, format string, args ...any) *fs.Error {
	var p problems
	p.add(field, format, args...)
	return p.err()
}

// tokenAuth accepts "Authorization: Token <key>" (the keyword is
// case-insensitive, as in Django REST framework).
func tokenAuth(key string) fs.Auth {
	return func(c *fs.Call) *fs.Error {
		f := strings.Fields(c.Req.Header.Get("Authorization"))
		e := &fs.Error{Status: http.StatusUnauthorized, Code: "authentication_failed"}
		switch {
		case len(f) == 0 || !strings.EqualFold(f[0], "Token"):
			e.Code, e.Message = "not_authenticated", "Authentication credentials were not provided."
		case len(f) == 1:
			e.Message = "Invalid token header. No credentials provided."
		case len(f) > 2:
			e.Message = "Invalid token header. Token string should not contain spaces."
		case subtle.ConstantTimeCompare([]byte(f[1]), []byte(key)) != 1:
			e.Message = "Invalid token."
		default:
			return nil
		}
		c.Header.Set("WWW-Authenticate", "Token")
		return e
	}
}

// ---- request bodies

// decode reads the JSON body into v (an empty body leaves v as it is): 415
// for another content type, parse_error for malformed JSON, invalid naming
// the field for a value of the wrong type.
func decode(c *fs.Call, v any) *fs.Error {
	body := bytes.TrimSpace(c.Body)
	if len(body) == 0 {
		return nil
	}
	if ct := c.Req.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return &fs.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Message: fmt.Sprintf("Unsupported media type %q in request.", ct)}
		}
	}
	return decodeJSON(body, v)
}

func decodeJSON(body []byte, v any) *fs.Error {
	err := json.Unmarshal(body, v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return invalid(cmp.Or(te.Field, "non_field_errors"), "Expected %s but got %s.", te.Type, te.Value)
	}
	return &fs.Error{Status: http.StatusBadRequest, Code: "parse_error", Message: "JSON parse error - " + err.Error()}
}

// given reports whether a JSON object has the top-level key.
func given(body []byte, key string) bool {
	var m map[string]json.RawMessage
	_ = json.Unmarshal(body, &m)
	_, ok := m[key]
	return ok
}

// isJSON reports whether raw holds a value other than null.
func isJSON(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// jsonKind names the JSON type of raw as Django REST framework does.
func jsonKind(raw json.RawMessage) string {
	kinds := map[byte]string{'{': "dict", '[': "list", '"': "str", 't': "bool", 'f': "bool", 'n': "NoneType"}
	if t := bytes.TrimSpace(raw); len(t) > 0 {
		return `type "` + cmp.Or(kinds[t[0]], "int") + `"`
	}
	return "nothing"
}

// object checks an optional metadata object.
func object(p *problems, field string, raw json.RawMessage) {
	var m map[string]any
	if isJSON(raw) && json.Unmarshal(raw, &m) != nil {
		p.add(field, "Expected a dictionary of items but got %s.", jsonKind(raw))
	}
}

var keyRE = regexp.MustCompile(`^[-A-Za-z0-9_]+$`)

// checkKey validates a packet, document, role or field key: 2..max
// characters of letters, digits, "_" and "-".
func checkKey(p *problems, field, key string, maxLen int) bool {
	switch {
	case key == "":
		p.add(field, msgRequired)
	case len(key) < 2:
		p.add(field, "Ensure this field has at least 2 characters.")
	case len(key) > maxLen:
		p.add(field, "Ensure this field has no more than %d characters.", maxLen)
	case !keyRE.MatchString(key):
		p.add(field, "Enter a valid key consisting of letters, numbers, underscores or hyphens.")
	default:
		return true
	}
	return false
}

// validEmail accepts a bare address whose domain has a dot.
func validEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	at := strings.LastIndexByte(s, '@')
	return err == nil && a.Address == s && at > 0 && strings.Contains(s[at+1:], ".")
}

var uuidRE = regexp.MustCompile(`^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$`)

// validURL accepts absolute http and https URLs with a host.
func validURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// splitList splits a comma-separated value, dropping empty items.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// ---- list filters (django-filter)

// choice filters on the values of an item (any one matching): the query
// value is one value, or a comma-separated list when list is set; valid
// (nil: anything) explains why a value is refused. values nil only
// validates (Behaviour.Where matches).
func choice[T any](param string, list bool, valid func(string) string, values func(*fs.Item[T]) []string) fs.Filter[T] {
	return fs.Filter[T]{Param: param, Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		want := []string{v}
		if list {
			want = splitList(v)
		}
		var p problems
		for _, w := range want {
			if valid != nil && valid(w) != "" {
				p.add(param, "%s", valid(w))
			}
		}
		return func(it *fs.Item[T]) bool {
			return values == nil || slices.ContainsFunc(values(it), func(x string) bool { return slices.Contains(want, x) })
		}, p.err()
	}}
}

// among refuses values that are not in allowed.
func among(allowed ...string) func(string) string {
	return func(v string) string {
		if slices.Contains(allowed, v) {
			return ""
		}
		return "Select a valid choice. " + v + " is not one of the available choices."
	}
}

// number refuses values that are not integers.
func number(v string) string {
	if _, err := strconv.Atoi(v); err != nil {
		return "Enter a number."
	}
	return ""
}

// flag filters on a boolean ("true"/"false"/"1"/"0").
func flag[T any](param string, field func(*fs.Item[T]) bool) fs.Filter[T] {
	return fs.Filter[T]{Param: param, Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		want, ok := map[string]bool{"true": true, "1": true, "false": false, "0": false}[strings.ToLower(v)]
		if !ok {
			return nil, invalid(param, "Select a valid choice. %s is not one of the available choices.", v)
		}
		return func(it *fs.Item[T]) bool { return field(it) == want }, nil
	}}
}

// search keeps items one of whose texts contains the query, ignoring case.
func search[T any](texts func(*fs.Item[T]) []string) fs.Filter[T] {
	return fs.Filter[T]{Param: "search", Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		q := strings.ToLower(strings.TrimSpace(v))
		return func(it *fs.Item[T]) bool {
			return slices.ContainsFunc(texts(it), func(s string) bool { return strings.Contains(strings.ToLower(s), q) })
		}, nil
	}}
}

// days are name_after and name_before: an inclusive range of whole days
// (DateFromToRangeFilter); a zero time (what has not happened) is in no
// range.
func days[T any](name string, field func(*fs.Item[T]) time.Time) []fs.Filter[T] {
	bound := func(param string, in func(t, day time.Time) bool) fs.Filter[T] {
		return fs.Filter[T]{Param: param, Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
			day, err := time.Parse(time.DateOnly, v)
			if err != nil {
				return nil, invalid(param, "Enter a valid date.")
			}
			return func(it *fs.Item[T]) bool { t := field(it); return !t.IsZero() && in(t.UTC(), day) }, nil
		}}
	}
	return []fs.Filter[T]{
		bound(name+"_after", func(t, day time.Time) bool { return !t.Before(day) }),
		bound(name+"_before", func(t, day time.Time) bool { return t.Before(day.AddDate(0, 0, 1)) }),
	}
}

// eventTypes are the event types a webhook subscribes to.
var eventTypes = func() (out []string) {
	for _, t := range blueink.EventTypes() {
		out = append(out, string(t))
	}
	return out
}()

func eventTypeFilters[T any]() []fs.Filter[T] {
	types := among(eventTypes...)
	return []fs.Filter[T]{choice[T]("event_type", false, types, nil), choice[T]("event_type__in", true, types, nil)}
}

// subscribedTo matches event_type and event_type__in against the event
// types of an item's webhook.
func subscribedTo[T any](hookOf func(*fs.Call, *fs.Item[T]) *fs.Item[hook]) func(*fs.Call, *fs.Item[T]) bool {
	return func(c *fs.Call, it *fs.Item[T]) bool {
		want := append(splitList(c.Query.Get("event_type__in")), splitList(c.Query.Get("event_type"))...)
		if len(want) == 0 {
			return true
		}
		h := hookOf(c, it)
		return h != nil && slices.ContainsFunc(h.V.EventTypes, func(t string) bool { return slices.Contains(want, t) })
	}
}
