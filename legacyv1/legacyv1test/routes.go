package legacyv1test

import (
	"cmp"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	fs "github.com/esignkit/esign/internal/fakeserver"
	"github.com/esignkit/esign/legacyv1"
)

// Resources (ids are UUIDs made from counters, so examples can print them;
// groups are named by slug, users by username).
var (
	groups       = &fs.Resource[group]{Name: "group", Path: "group", Param: "groupId", ID: func(*fs.Call) string { return "" }}
	users        = &fs.Resource[user]{Name: "user", Path: "user", Param: "userId", ID: fs.Counter("05e40000000040008000%012x")}
	members      = &fs.Resource[member]{Name: "member", Path: "member", Param: "memberId", ID: fs.Counter("3e3be700-0000-4000-8000-%012x")}
	invitations  = &fs.Resource[invitation]{Name: "invited", Title: "Invitation", Path: "invited", Param: "invitedId", ID: fs.Counter("1471ed00-0000-4000-8000-%012x")}
	attachments  = &fs.Resource[attachment]{Name: "attachment", Path: "attachment", Param: "attachmentId", ID: fs.Counter("a77ac400-0000-4000-8000-%012x")}
	templates    = &fs.Resource[template]{Name: "template", Path: "template", Param: "templateId", ID: fs.Counter("7e3a0000-0000-4000-8000-%012x")}
	templatePDFs = &fs.Resource[templatePDF]{Name: "templatepdf", Title: "PDF template", Path: "templatepdf", Param: "pdfId", ID: fs.Counter("7e3fd000-0000-4000-8000-%012x")}
	documents    = &fs.Resource[document]{Name: "document", Path: "document", Param: "docId", ID: fs.Counter("d0c00000-0000-4000-8000-%012x")}
	// Signers are items of their document (Item.Parent), named by their id alone.
	signers = &fs.Resource[signer]{Name: "signer", Path: "signer", Param: "signerId", ID: fs.Counter("5163e700-0000-4000-8000-%012x")}
	// Callback subscriptions (listed at notifications) and one-use links (not routed).
	subscriptions = &fs.Resource[subscription]{Name: "subscription", Path: "notifications"}
	links         = &fs.Resource[string]{Name: "link", ID: fs.Slugs(32)}
)

// Methods, for the table.
const (
	get, post, patch, del = http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete
)

// routes is the API table: every operation of the Legalesign v1 spec.
func routes() []fs.Route {
	documentGroup := inGroup(func(d document) string { return d.group })
	documentGroup.Required = true // documents are listed one group at a time
	return fs.Routes(
		groups.Routes(fs.Behaviour[group]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpUpdate, UpdateMethod: patch,
			Render: renderGroup, Create: createGroup, Update: updateGroup}),
		members.Routes(fs.Behaviour[member]{Ops: fs.OpList | fs.OpGet | fs.OpDelete, Render: renderMember,
			Filters: []fs.Filter[member]{inGroup(func(m member) string { return m.group })}}),
		invitations.Routes(fs.Behaviour[invitation]{Ops: fs.OpList | fs.OpDelete, Render: renderInvitation,
			Filters: []fs.Filter[invitation]{inGroup(func(i invitation) string { return i.group })}}),
		users.Routes(fs.Behaviour[user]{Ops: fs.OpGet | fs.OpUpdate, UpdateMethod: patch, Render: renderUser, Update: updateUser}),
		attachments.Routes(fs.Behaviour[attachment]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpDelete, Render: renderAttachment,
			Filters: []fs.Filter[attachment]{inGroup(func(a attachment) string { return a.group })}, Create: createAttachment}),
		templates.Routes(fs.Behaviour[template]{Ops: fs.OpList | fs.OpCreate | fs.OpGet | fs.OpUpdate, UpdateMethod: patch,
			Render: renderTemplate, Create: createTemplate, Update: updateTemplate,
			Filters: []fs.Filter[template]{inGroup(func(t template) string { return t.group }),
				flag("archive", func(it *fs.Item[template]) bool { return it.V.archived })}}),
		templatePDFs.Routes(fs.Behaviour[templatePDF]{Ops: fs.OpList | fs.OpCreate | fs.OpGet, Render: renderTemplatePDF, Create: uploadPDF,
			Where: func(c *fs.Call, it *fs.Item[templatePDF]) bool { return c.Query.Has("archive") || !it.V.archived },
			Filters: []fs.Filter[templatePDF]{inGroup(func(t templatePDF) string { return t.group }),
				flag("archive", func(it *fs.Item[templatePDF]) bool { return it.V.archived })}}),
		documents.Routes(fs.Behaviour[document]{Ops: fs.OpList | fs.OpGet, Render: renderDocument,
			Where: func(c *fs.Call, it *fs.Item[document]) bool {
				return (c.Query.Has("archived") || !it.V.archived) && hasSigner(c, it.ID, c.Query.Get("email"))
			},
			Filters: []fs.Filter[document]{documentGroup,
				flag("archived", func(it *fs.Item[document]) bool { return it.V.archived }),
				fs.Equal("status", func(it *fs.Item[document]) string { return strconv.Itoa(int(it.V.status)) }, "10", "20", "30", "40", "50"),
				fs.After("created_gt", fs.CreatedAt[document], djangoTime),
				fs.After("modified_gt", func(it *fs.Item[document]) time.Time { return it.Updated }, djangoTime)}}),
		signers.Routes(fs.Behaviour[signer]{Ops: fs.OpGet, Render: renderSigner}),
		subscriptions.Routes(fs.Behaviour[subscription]{Ops: fs.OpList, List: fs.Bare{}, Render: renderSubscription}),
		[]fs.Route{
			{Method: post, Path: "member", Handle: createMember},
			{Method: post, Path: "user", Handle: createUser},
			templates.On(del, "template/{templateId}", archiveTemplate),
			templatePDFs.On(get, "templatepdf/{pdfId}/fields", pdfFields),
			templatePDFs.On(post, "templatepdf/{pdfId}/fields", replaceFields),
			templatePDFs.On(post, "templatepdf/{pdfId}/tags", convertTags),
			templatePDFs.On(get, "templatepdf/{pdfId}/edit-link", editLink),
			templatePDFs.On(post, "templatepdf/{pdfId}/archive", archivePDF),
			templatePDFs.On(del, "templatepdf/{pdfId}/delete", deletePDF),
			{Method: post, Path: "document", Handle: createDocument},
			{Method: post, Path: "document/preview", Handle: previewSigning},
			documents.On(del, "document/{docId}", archiveDocument),
			documents.On(del, "document/{docId}/delete", deleteDocument),
			documents.On(get, "document/{docId}/fields", documentFields),
			documents.On(get, "document/{docId}/auditlog", auditLog),
			{Method: get, Path: "status", Handle: listStatus},
			documents.On(get, "status/{docId}", getStatus),
			documents.On(get, "pdf/{docId}", getPDF),
			{Method: post, Path: "pdf/preview", Handle: previewPDF},
			signers.On(get, "signer/{signerId}/fields1", signerFields),
			signers.On(get, "signer/{signerId}/new-link", newLink),
			signers.On(post, "signer/{signerId}/reset", resetSigner),
			signers.On(post, "signer/{signerId}/send-reminder", remind),
			signers.On(get, "signer/{signerId}/rejection", rejection),
			{Method: post, Path: "subscribe", Handle: subscribe},
			{Method: post, Path: "unsubscribe", Handle: unsubscribe},
		},
	)
}

// tastypie is Legalesign's answer shape (Tastypie without
// always_return_data): a create answers 201 with the new object's URI in
// Location and no body, an update 202, a delete 204; lists are
// {meta, objects} pages.
type tastypie struct{ fs.MetaObjects }

// shape is the server's: pages of 20 by default, 1000 at most.
var shape = tastypie{fs.MetaObjects{Default: 20, Max: 1000}}

func (tastypie) One(c *fs.Call, status int, _ string, v any) fs.Reply {
	switch c.Req.Method {
	case post:
		return created(c, v.(map[string]any)["resource_uri"].(string))
	case patch:
		return fs.Reply{Status: http.StatusAccepted}
	}
	return fs.JSON(status, v)
}

func (tastypie) Deleted(*fs.Call, string, any) fs.Reply { return noContent }

// Answers without a body.
var (
	ok        = fs.Reply{Status: http.StatusOK}
	done      = fs.Reply{Status: http.StatusCreated} // a 201 without Location
	noContent = fs.Reply{Status: http.StatusNoContent}
)

// created answers 201 with Location: the URI, absolute unless
// WithRelativeLocation.
func created(c *fs.Call, uri string) fs.Reply {
	if s := serverOf(c); !s.cfg.relative {
		uri = s.Root() + uri
	}
	c.Header.Set("Location", uri)
	return fs.Reply{Status: http.StatusCreated}
}

// Error codes of renderError.
const codeText = "text" // {"text": message}, as the attachment endpoint answers

// renderError answers as Tastypie does: 401 and 404 without a body, field
// problems as {"<resource>": {"<field>": ["message"]}}, others as
// {"error_message": message} (or {"text": message} with codeText).
func renderError(c *fs.Call, e *fs.Error) fs.Reply {
	switch {
	case e.Status == http.StatusUnauthorized || e.Status == http.StatusNotFound:
		return fs.Reply{Status: e.Status}
	case e.Code == codeText:
		return fs.JSON(e.Status, map[string]string{"text": e.Message})
	case len(e.Fields) > 0:
		fields := map[string][]string{}
		for _, f := range e.Fields {
			fields[f.Field] = append(fields[f.Field], f.Message)
		}
		resource := "request"
		if c.Req != nil {
			resource, _, _ = strings.Cut(strings.TrimPrefix(c.Req.URL.Path, APIPath+"/"), "/")
		}
		return fs.JSON(e.Status, map[string]any{resource: fields})
	}
	return fs.JSON(e.Status, map[string]string{"error_message": e.Message})
}

const required = "This field is required."

// inGroup filters a list by ?group= (a slug or a group resource URI).
func inGroup[T any](of func(T) string) fs.Filter[T] {
	return fs.Filter[T]{Param: "group", Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		slug := legacyv1.IDFromURI(v)
		return func(it *fs.Item[T]) bool { return of(it.V) == slug }, nil
	}}
}

// flag filters a list by a boolean query parameter (true/false, 1/0).
func flag[T any](param string, of func(*fs.Item[T]) bool) fs.Filter[T] {
	return fs.Filter[T]{Param: param, Parse: func(v string) (func(*fs.Item[T]) bool, *fs.Error) {
		want, ok := parseFlag(v)
		if !ok {
			return nil, fs.Invalid(param+" must be true or false", fs.FieldError{Field: param, Message: "must be true or false"})
		}
		return func(it *fs.Item[T]) bool { return of(it) == want }, nil
	}}
}

func parseFlag(v string) (value, ok bool) {
	switch strings.ToLower(v) {
	case "true", "1":
		return true, true
	case "false", "0":
		return false, true
	}
	return false, false
}

// djangoTime reads a date-time as Django does: RFC 3339 (with any offset
// and fraction) or without an offset (UTC), or a bare date; a '+' turned
// into a space by an unescaped query is read back.
func djangoTime(v string) (time.Time, bool) {
	if i := strings.LastIndexByte(v, ' '); i > 10 {
		v = v[:i] + "+" + v[i+1:]
	}
	if t, ok := fs.ParseTime(v); ok {
		return t, true
	}
	t, err := time.Parse("2006-01-02T15:04:05.999999999", v)
	return t, err == nil
}

// uri is the resource URI of an object.
func uri(resource, id string) string { return legacyv1.ResourceURI(resource, id) }

// ref reads a resource URI of a request body ("/api/v1/group/my-group/")
// and returns the id, or "" when v is not a URI of resource.
func ref(resource, v string) string {
	m := refPattern.FindStringSubmatch(v)
	if m == nil || m[1] != resource {
		return ""
	}
	return m[2]
}

var refPattern = regexp.MustCompile(`^/api/v1/([a-z]+)/([-\w]{1,75})/$`)

// groupRef resolves a group reference of a request (a URI, or a slug when
// slugs is set), or reports it under field.
func groupRef(c *fs.Call, k *fs.Check, field, v string, slugs bool) string {
	if slugs && v != "" && !strings.Contains(v, "/") {
		v = legacyv1.GroupURI(v)
	}
	k.Field(strings.TrimSpace(v) == "", field, required)
	return exists(c, k, groups, field, v)
}

// owner is the user a request assigns an object to (the API user by
// default).
func owner(c *fs.Call, k *fs.Check, v string) string {
	return cmp.Or(exists(c, k, users, "user", v), serverOf(c).cfg.username)
}

// exists reports a reference of a request to an unknown object: v must be
// empty or the URI of an object of r.
func exists[T any](c *fs.Call, k *fs.Check, r *fs.Resource[T], field, v string) string {
	id := ref(r.Name, v)
	k.Field(v != "" && r.Get(c, id) == nil, field, "Could not find the provided "+r.Name+" object via resource URI '"+v+"'.")
	return id
}
