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
	get, post, put, patch := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch
	return fs.Routes(
		// Bundles and their operations.
		bundles.Routes(fs.Behaviour[bundle]{Ops: fs.CRUD, Render: renderBundle, CreateStatus: http.StatusCreated,
			UpdateMethod: patch, Filters: bundleFilters, Order: orderBundles,
			Create: createBundle, Update: updateBundle, Delete: deleteBundle}),
		bundles.Routes(fs.Behaviour[bundle]{Ops: fs.OpCreate, Paths: map[fs.Ops]string{fs.OpCreate: "bundles/create_from_envelope_template"},
			Render: renderBundle, CreateStatus: http.StatusCreated, Create: createFromEnvelope}),
		[]fs.Route{
			{Method: post, Path: "bundles/preparation_session", Handle: preparationSession},
			bundles.On(put, "bundles/{bundle}/cancel", answer(cancel)),
			bundles.On(post, "bundles/{bundle}/send", answer(send)),
			bundles.On(put, "bundles/{bundle}/validate", validateBundle),
			bundles.On(put, "bundles/{bundle}/expire", answer(expire)),
			bundles.On(get, "bundles/{bundle}/events", bundleHistory),
			bundles.On(get, "bundles/{bundle}/files", bundleFiles),
			bundles.On(put, "bundles/{bundle}/files", interimFiles),
			bundles.On(get, "bundles/{bundle}/data", bundleData),
			bundles.On(put, "bundles/{bundle}/add_tags", answer(tags(true))),
			bundles.On(put, "bundles/{bundle}/remove_tags", answer(tags(false))),
			// Packets (signers), found in their bundles.
			onPacket(get, "packets/{packet}", func(c *fs.Call, _ *fs.Item[bundle], p *packet) fs.Reply {
				return fs.JSON(http.StatusOK, renderPacket(c, p))
			}),
			onPacket(patch, "packets/{packet}", updatePacket),
			onPacket(post, "packets/{packet}/embed_url", embedURL),
			onPacket(put, "packets/{packet}/remind", remind),
			onPacket(get, "packets/{packet}/coe", certificate),
		},
		// Templates (added with AddTemplate and AddEnvelopeTemplate).
		templates.Routes(fs.Behaviour[template]{Ops: fs.OpList | fs.OpGet | fs.OpUpdate | fs.OpDelete, Render: renderTemplate,
			UpdateMethod: patch, Update: updateTemplate, Delete: deleteTemplate}),
		[]fs.Route{{Method: post, Path: "templates/preparation_session", Handle: preparationSession}},
		envelopes.Routes(fs.Behaviour[envelope]{Ops: fs.OpList | fs.OpGet, Render: renderEnvelope}),
		// Persons: PUT replaces, PATCH merges.
		persons.Routes(fs.Behaviour[person]{Ops: fs.CRUD, Render: renderPerson, CreateStatus: http.StatusCreated,
			Filters: []fs.Filter[person]{search(personText)}, Create: writePerson(true), Update: writePerson(true), Delete: deletePerson}),
		persons.Routes(fs.Behaviour[person]{Ops: fs.OpUpdate, UpdateMethod: patch, Render: renderPerson, Update: writePerson(false)}),
		// Webhooks, their extra headers, event and delivery logs, the secret.
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.CRUD, Render: renderWebhook, CreateStatus: http.StatusCreated,
			Filters: webhookFilters, Where: subscribedTo(func(_ *fs.Call, it *fs.Item[hook]) *fs.Item[hook] { return it }),
			Create: writeWebhook(true), Update: writeWebhook(true), Delete: deleteWebhook}),
		webhooks.Routes(fs.Behaviour[hook]{Ops: fs.OpUpdate, UpdateMethod: patch, Render: renderWebhook, Update: writeWebhook(false)}),
		headers.Routes(fs.Behaviour[header]{Ops: fs.CRUD, Render: renderHeader, CreateStatus: http.StatusCreated,
			Filters: headerFilters, Where: subscribedTo(func(c *fs.Call, it *fs.Item[header]) *fs.Item[hook] { return webhooks.Get(c, it.V.Webhook) }),
			Create: writeHeader(true), Update: writeHeader(true)}),
		headers.Routes(fs.Behaviour[header]{Ops: fs.OpUpdate, UpdateMethod: patch, Render: renderHeader, Update: writeHeader(false)}),
		events.Routes(fs.Behaviour[event]{Ops: fs.OpList | fs.OpGet, Render: renderEvent, Filters: eventFilters}),
		deliveries.Routes(fs.Behaviour[delivery]{Ops: fs.OpList | fs.OpGet, Render: renderDelivery, Filters: deliveryFilters}),
		[]fs.Route{
			{Method: get, Path: "webhooks/secret", Handle: getSecret},
			{Method: get, Path: "webhooks/secret/regenerate", Handle: regenerateSecret},
			{Method: post, Path: "webhooks/secret/regenerate", Handle: regenerateSecret},
			{Method: post, Path: "verify", Handle: verify},
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
	errs := []map[string]string{}
	for _, f := range e.Fields {
		errs = append(errs, map[string]string{"field": f.Field, "message": f.Message})
	}
	return fs.JSON(e.Status, map[string]any{"code": code, "message": msg, "errors": errs})
}

func notFound() *fs.Error {
	return &fs.Error{Status: http.StatusNotFound, Code: "not_found", Message: "Not found."}
}

func conflict(format string, args ...any) *fs.Error {
	return &fs.Error{Status: http.StatusConflict, Code: "conflict", Message: fmt.Sprintf(format, args...)}
}

// invalid is a 400 with one field problem.
func invalid(field, msg string) *fs.Error { return new(fs.Check).Field(true, field, msg).Err() }

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

// ---- request bodies and their checks (a fs.Check gathers the field
// problems of one request; Django REST framework's messages)

// read decodes the JSON body into v (an empty body leaves v as it is) and
// starts the request's check: 415 for another content type, parse_error
// for malformed JSON, invalid naming the field for a value of the wrong
// type.
func read(c *fs.Call, v any) *fs.Check {
	k := new(fs.Check)
	body := bytes.TrimSpace(c.Body)
	if len(body) == 0 {
		return k
	}
	if ct := c.Req.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return k.Add(&fs.Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type",
				Message: fmt.Sprintf("Unsupported media type %q in request.", ct)})
		}
	}
	return k.Add(decodeJSON(body, v))
}

func decodeJSON(body []byte, v any) *fs.Error {
	err := json.Unmarshal(body, v)
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &te):
		return invalid(cmp.Or(te.Field, "non_field_errors"), fmt.Sprintf("Expected %s but got %s.", te.Type, te.Value))
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

func index(field string, i int) string { return fmt.Sprintf("%s[%d]", field, i) }

// noSuch is the problem of an unknown id.
func noSuch(id string) string { return fmt.Sprintf("Invalid pk %q - object does not exist.", id) }

// oneOf checks v against allowed ("" is refused when required).
func oneOf(k *fs.Check, field, v string, required bool, allowed ...string) {
	k.Field(v == "" && required, field, msgRequired)
	k.Field(v != "" && !slices.Contains(allowed, v), field, fmt.Sprintf("%q is not a valid choice.", v))
}

// email checks an optional email address.
func email(k *fs.Check, field, v string) { k.Field(v != "" && !validEmail(v), field, msgBadEmail) }

// object checks an optional metadata object.
func object(k *fs.Check, field string, raw json.RawMessage) {
	var m map[string]any
	k.Field(isJSON(raw) && json.Unmarshal(raw, &m) != nil, field, "Expected a dictionary of items but got "+jsonKind(raw)+".")
}

// list decodes a required, non-empty JSON list into v.
func list(k *fs.Check, field string, raw json.RawMessage, v any) {
	var items []json.RawMessage
	switch {
	case !isJSON(raw):
		k.Field(true, field, msgRequired)
	case json.Unmarshal(raw, &items) != nil:
		k.Field(true, field, "Expected a list of items but got "+jsonKind(raw)+".")
	case len(items) == 0:
		k.Field(true, field, "This list may not be empty.")
	default:
		err := json.Unmarshal(raw, v)
		k.Field(err != nil, field, fmt.Sprintf("Invalid list: %v.", err))
	}
}

var keyRE = regexp.MustCompile(`^[-A-Za-z0-9_]+$`)

// checkKey validates a packet, document, role or field key: 2..max
// characters of letters, digits, "_" and "-".
func checkKey(k *fs.Check, field, key string, maxLen int) bool {
	var msg string
	switch {
	case key == "":
		msg = msgRequired
	case len(key) < 2:
		msg = "Ensure this field has at least 2 characters."
	case len(key) > maxLen:
		msg = fmt.Sprintf("Ensure this field has no more than %d characters.", maxLen)
	case !keyRE.MatchString(key):
		msg = "Enter a valid key consisting of letters, numbers, underscores or hyphens."
	}
	k.Field(msg != "", field, msg)
	return msg == ""
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

// ---- list filters (django-filter)

// match filters on the values of an item, any one matching the query
// value, or one of a comma-separated list for a parameter ending in
// "__in". valid (nil: anything) explains why a value is refused; values
// nil only validates (Behaviour.Where matches).
func match[T any](param string, valid func(string) string, values func(*fs.Item[T]) []string) fs.Filter[T] {
	return fs.Filter[T]{Param: param, Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		want := []string{v}
		if strings.HasSuffix(param, "__in") {
			want = splitList(v)
		}
		k := new(fs.Check)
		for _, w := range want {
			if valid != nil {
				k.Field(valid(w) != "", param, valid(w))
			}
		}
		return func(it *fs.Item[T]) bool {
			return values == nil || slices.ContainsFunc(values(it), func(x string) bool { return slices.Contains(want, x) })
		}, k.Err()
	}}
}

// matchIn is match on param and on param__in.
func matchIn[T any](param string, valid func(string) string, values func(*fs.Item[T]) []string) []fs.Filter[T] {
	return []fs.Filter[T]{match(param, valid, values), match(param+"__in", valid, values)}
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

// among refuses values that are not in allowed.
func among(allowed ...string) func(string) string {
	return func(v string) string {
		if slices.Contains(allowed, v) {
			return ""
		}
		return notAChoice(v)
	}
}

func notAChoice(v string) string {
	return "Select a valid choice. " + v + " is not one of the available choices."
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
			return nil, invalid(param, notAChoice(v))
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

// subscribedTo matches event_type and event_type__in (checked by
// matchIn with no values) against the event types of an item's webhook,
// either one matching.
func subscribedTo[T any](hookOf func(*fs.Call, *fs.Item[T]) *fs.Item[hook]) func(*fs.Call, *fs.Item[T]) bool {
	return func(c *fs.Call, it *fs.Item[T]) bool {
		want := splitList(c.Query.Get("event_type__in") + "," + c.Query.Get("event_type"))
		if len(want) == 0 {
			return true
		}
		h := hookOf(c, it)
		return h != nil && slices.ContainsFunc(h.V.EventTypes, func(t string) bool { return slices.Contains(want, t) })
	}
}
