package signeasytest

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/signeasy"
)

// ---- records (ids, times and parents are the items')

type original struct {
	name, contentType string
	content           []byte
}

type template struct {
	name, message string
	ordered       bool
	roles         []string // role ids are 1, 2, ...
}

type callback struct {
	url, token string
	events     []string
}

var (
	originals = &fs.Resource[original]{Name: "original", Path: "original", Param: "original_id", ID: fs.Counter("1%05d")}
	templates = &fs.Resource[template]{Name: "template", Path: "template", Param: "template_id", ID: fs.Counter("2%05d")}
	envelopes = &fs.Resource[envelope]{Name: "envelope", Path: "rs/envelope", Param: "pending_file_id", ID: fs.Counter("3%05d")}
	// recipients are children of their envelope, shown in it (no route).
	recipients = &fs.Resource[recipient]{Name: "recipient", Path: "rs/envelope/{pending_file_id}/recipients",
		Param: "recipient_id", Parent: envelopes, ID: fs.Counter("5%05d")}
	signedFiles = &fs.Resource[signedFile]{Name: "signed_file", Title: "Signed file", Path: "signed",
		Param: "signed_file_id", ID: fs.Counter("4%05d")}
	callbacks = &fs.Resource[callback]{Name: "callback", Path: CallbackPath}
)

// routes is the API table: every operation of the Signeasy endpoint table
// (v3 relative to /v3, the v2 callbacks absolute), each path with its
// trailing slash as the table gives it ("/?": both forms).
func routes() []fs.Route {
	get, post := http.MethodGet, http.MethodPost
	signedList := func(path string, withEnvelope bool, where func(env *fs.Item[envelope], it *fs.Item[signedFile]) bool) []fs.Route {
		return signedFiles.Routes(fs.Behaviour[signedFile]{Ops: fs.OpList, Render: renderSigned(withEnvelope), List: fs.CountFiles{},
			Where: func(c *fs.Call, it *fs.Item[signedFile]) bool { return where(envelopes.Get(c, it.V.envelope), it) },
			Paths: map[fs.Ops]string{fs.OpList: path}})
	}
	return fs.Routes(
		originals.Routes(fs.Behaviour[original]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpDelete, Render: renderOriginal,
			List: fs.CountFiles{}, Create: upload,
			Paths: map[fs.Ops]string{fs.OpList: "original/", fs.OpCreate: "original/", fs.OpGet: "original/{original_id}/"}}),
		[]fs.Route{originals.On(get, "original/{original_id}/download", func(c *fs.Call, it *fs.Item[original]) fs.Reply {
			return c.File(it.V.contentType, it.V.name, it.V.content)
		})},

		templates.Routes(fs.Behaviour[template]{Ops: fs.OpList | fs.OpGet | fs.OpDelete, Render: renderTemplate,
			Paths: map[fs.Ops]string{fs.OpList: "template/?"}}),
		[]fs.Route{
			templates.On(http.MethodPut, "template/{template_id}", updateTemplate),
			templates.On(post, "template/{template_id}/embed", func(c *fs.Call, it *fs.Item[template]) fs.Reply {
				return fs.JSON(http.StatusOK, map[string]string{"url": c.Server().Root() + "/embedded/template/" + it.ID})
			}),
		},

		envelopes.Routes(fs.Behaviour[envelope]{Ops: fs.OpList | fs.OpCreate | fs.OpGet, List: fs.CountFiles{}, Create: createEnvelope,
			Render: func(c *fs.Call, it *fs.Item[envelope]) any { return renderEnvelope(c, it) },
			Paths:  map[fs.Ops]string{fs.OpList: "rs/envelope/", fs.OpCreate: "rs/envelope/"}}),
		[]fs.Route{
			envelopes.On(post, "rs/envelope/{pending_file_id}/cancel", cancelRoute(false)),
			envelopes.On(post, "rs/{pending_file_id}/cancel", cancelRoute(false)), // rs_id: the fake's requests are its envelopes
			envelopes.On(post, "rs/embedded/{pending_file_id}/cancel/", cancelRoute(true)),
			envelopes.On(post, "rs/envelope/{pending_file_id}/signing/url/", signingURL),
			envelopes.On(get, "rs/envelope/signed/pending/{pending_file_id}", signedOf),
			{Method: post, Path: "rs/embedded/url/", Handle: sendingURL},
			signedFiles.On(get, "rs/envelope/signed/{signed_file_id}/{source_id}/download", downloadSource),
			signedFiles.On(get, "rs/envelope/signed/{signed_file_id}/certificate", func(c *fs.Call, it *fs.Item[signedFile]) fs.Reply {
				return c.File("application/pdf", it.V.name+" - certificate.pdf", signedPDF(c, it, true, "Audit certificate"))
			}),
			signedFiles.On(get, "signed/{signed_file_id}/download", downloadSigned),
		},
		signedList("rs/embedded/signed", true, func(env *fs.Item[envelope], _ *fs.Item[signedFile]) bool { return env != nil && env.V.embedded }),
		signedList("me/signed/", false, func(_ *fs.Item[envelope], it *fs.Item[signedFile]) bool { return it.V.envelope == "" }),
		[]fs.Route{{Method: get, Path: "me/?", Handle: me}},

		// v2 callbacks, at /v2/callback or /v2/callback/.
		[]fs.Route{
			{Method: post, Path: CallbackPath + "?", Handle: writeCallback},
			{Method: get, Path: CallbackPath + "?", Handle: func(c *fs.Call) fs.Reply { return callbackMap(c, http.StatusOK) }},
			{Method: http.MethodPut, Path: CallbackPath + "?", Handle: writeCallback},
			{Method: http.MethodDelete, Path: CallbackPath + "?", Handle: deleteCallback},
		},
	)
}

// num is an id as the API writes it: an integer.
func num(id string) int64 { n, _ := strconv.ParseInt(id, 10, 64); return n }

// ---- originals

func renderOriginal(c *fs.Call, it *fs.Item[original]) any {
	return map[string]any{"id": num(it.ID), "name": it.V.name, "created_time": c.Time(it.Created), "last_modified_time": c.Time(it.Updated)}
}

// maxUpload is Signeasy's limit on an original (40 MB).
const maxUpload = 40 << 20

// upload is POST original/: multipart "file", "name" (default: the file
// name, stripped of / : * < > |) and "rename_if_exists" (a taken name is
// refused with 409 unless it is set).
func upload(c *fs.Call, it *fs.Item[original]) *fs.Error {
	form, e := c.Form()
	doc, rename := form["file"], string(form["rename_if_exists"].Data)
	switch e = cmp.Or(e, fs.Enum("rename_if_exists", rename, "0", "1", "true", "false")); {
	case e != nil:
		return e
	case doc.FileName == "":
		return bad("file_missing", "file is required")
	case len(doc.Data) > maxUpload:
		return &fs.Error{Status: http.StatusRequestEntityTooLarge, Message: "the document is larger than 40 MB"}
	}
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/:*<>|`, r) {
			return -1
		}
		return r
	}, cmp.Or(strings.TrimSpace(string(form["name"].Data)), doc.FileName))
	taken := func(n string) bool {
		return fs.Pick(originals.All(c), func(o *fs.Item[original]) bool { return o.V.name == n }) != nil
	}
	if taken(name) && rename != "1" && rename != "true" {
		return &fs.Error{Status: http.StatusConflict, Code: "file_exists", Message: "A document named " + name + " already exists"}
	}
	for i, base := 1, name; taken(name); i++ {
		name = fmt.Sprintf("%s (%d)", base, i)
	}
	it.V = original{name: name, contentType: cmp.Or(doc.MediaType(), "application/pdf"), content: doc.Data}
	return nil
}

// ---- templates

// renderTemplate is the template object of Signeasy's recorded answers:
// boolean flags, the roles and fields in metadata.
func renderTemplate(c *fs.Call, it *fs.Item[template]) any {
	roles := []any{}
	for i, r := range it.V.roles {
		roles = append(roles, map[string]any{"id": i + 1, "name": r, "color": "(34, 139, 34, 0.35)", "fields": []int{}})
	}
	return map[string]any{"id": num(it.ID), "name": it.V.name, "message": it.V.message, "is_ordered": it.V.ordered,
		"is_owned": true, "is_shared": false, "is_public": false, "hash": nil, "dirty": false,
		"link": c.Server().Root() + "/t/" + it.ID, "created_time": c.Time(it.Created), "modified_time": c.Time(it.Updated),
		"metadata": map[string]any{"roles": roles, "fields": []any{}}}
}

// updateTemplate is PUT template/{id}: name, message and is_ordered change
// (other keys are ignored); the answer is 200 without a body.
func updateTemplate(c *fs.Call, it *fs.Item[template]) fs.Reply {
	var req struct {
		Name      *string `json:"name"`
		Message   *string `json:"message"`
		IsOrdered *bool   `json:"is_ordered"`
	}
	k := c.Read(&req)
	if e := k.Field(req.Name != nil && strings.TrimSpace(*req.Name) == "", "name", "name must not be empty").Err(); e != nil {
		return e.Reply()
	}
	fs.Assign(&it.V.name, req.Name)
	fs.Assign(&it.V.message, req.Message)
	fs.Assign(&it.V.ordered, req.IsOrdered)
	templates.Touch(c, it)
	return fs.Reply{Status: http.StatusOK}
}

// ---- the user

// me is the User Object of GET /me/ (https://docs.signeasy.com/reference/fetch-user-details).
func me(c *fs.Call) fs.Reply {
	created := int64(1577836800) // 2020-01-01
	return fs.JSON(http.StatusOK, map[string]any{"id": OwnerUserID, "email": OwnerEmail, "first_name": "Test", "last_name": "Owner",
		"company": "signeasytest", "company_size": nil, "account_type": 4, "is_paid": 1, "is_auto_renew": 0,
		"document_credits": 100, "imported_file_count": len(originals.All(c)), "signed_file_count": len(signedFiles.All(c)),
		"status": 1, "email_verified": 1, "created_time": created, "last_modified_time": created, "activation_time": created,
		"subscription_expiry_time": nil})
}

// ---- v2 callbacks

// callbackMap answers the whole callback map: {"callback_urls": [...],
// url: {"token"?, "events"}}, as every recorded v2 answer does.
func callbackMap(c *fs.Call, status int) fs.Reply {
	out, urls := map[string]any{}, []string{}
	for _, cb := range callbacks.All(c) {
		urls = append(urls, cb.V.url)
		entry := map[string]any{"events": cb.V.events}
		if cb.V.token != "" {
			entry["token"] = cb.V.token
		}
		out[cb.V.url] = entry
	}
	out["callback_urls"] = urls
	return fs.JSON(status, out)
}

// readCallback reads {url, events, token}: an absolute http(s) url, known
// events (writes), a token longer than 12 characters when given; and the
// callback registered with that url (nil when none is).
func readCallback(c *fs.Call, write bool) (callback, *fs.Item[callback], *fs.Error) {
	var req struct {
		URL    string   `json:"url"`
		Events []string `json:"events"`
		Token  *string  `json:"token"`
	}
	required := []string{"url"}
	if write {
		required = append(required, "events")
	}
	k := c.Read(&req, required...)
	u, err := url.Parse(req.URL)
	k.Add(badIf(err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https"), "invalid_url", "url must be an absolute http(s) URL"),
		badIf(req.Token != nil && len(*req.Token) <= 12, "invalid_token_length", "token must be longer than 12 characters"),
		badIf(write && len(req.Events) == 0, "invalid_events", "events must not be empty"))
	if write {
		for _, ev := range req.Events {
			k.Add(fs.Enum("events", signeasy.EventType(ev), append(signeasy.EventTypes(), signeasy.EventRemind)...))
		}
	}
	cb := callback{url: req.URL, events: req.Events}
	fs.Assign(&cb.token, req.Token)
	old := fs.Pick(callbacks.All(c), func(it *fs.Item[callback]) bool { return it.V.url == req.URL })
	return cb, old, k.Err()
}

// badIf is bad(code, msg) when cond holds, else nil.
func badIf(cond bool, code, msg string) *fs.Error {
	if cond {
		return bad(code, msg)
	}
	return nil
}

// writeCallback is POST (register a new URL; 409 when it is registered)
// and PUT (replace a registered URL's events and token; 404 otherwise);
// both answer 200 with the whole map.
func writeCallback(c *fs.Call) fs.Reply {
	cb, old, e := readCallback(c, true)
	switch {
	case e != nil:
		return e.Reply()
	case c.Req.Method == http.MethodPost && old != nil:
		return (&fs.Error{Status: http.StatusConflict, Code: "callback_exists", Message: "Callback URL already registered"}).Reply()
	case c.Req.Method == http.MethodPost:
		callbacks.Add(c, "", cb)
	case old == nil:
		return fs.Fail(http.StatusNotFound, "Callback URL not found")
	default:
		old.V = cb
		callbacks.Touch(c, old)
	}
	return callbackMap(c, http.StatusOK)
}

// deleteCallback is DELETE {url}: 202 ACCEPTED with the remaining map.
func deleteCallback(c *fs.Call) fs.Reply {
	_, old, e := readCallback(c, false)
	if e == nil && old == nil {
		e = fs.Errorf(http.StatusNotFound, "Callback URL not found")
	}
	if e != nil {
		return e.Reply()
	}
	callbacks.Remove(c, old.ID)
	return callbackMap(c, http.StatusAccepted)
}
