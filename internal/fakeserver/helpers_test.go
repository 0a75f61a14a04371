package fakeserver_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// Pick finds the first matching item; Named matches an id or an email
// (case-insensitively, never an empty one); Assign sets only given fields.
func TestPickNamedAssign(t *testing.T) {
	items := []*fs.Item[string]{{ID: "a", V: "x"}, {ID: "b", V: "y"}, {ID: "c", V: "y"}}
	assert.Equal(t, "b", fs.Pick(items, func(it *fs.Item[string]) bool { return it.V == "y" }).ID)
	assert.Nil(t, fs.Pick(items, func(it *fs.Item[string]) bool { return it.V == "z" }))

	assert.True(t, fs.Named("p1", "p1", "jane@example.com"))
	assert.True(t, fs.Named("JANE@example.com", "p1", "jane@example.com"))
	assert.False(t, fs.Named("", "p1", ""), "an empty email names no one")
	assert.False(t, fs.Named("joe@example.com", "p1", "jane@example.com"))

	name, v := "old", "new"
	fs.Assign(&name, nil)
	assert.Equal(t, "old", name)
	fs.Assign(&name, &v)
	assert.Equal(t, "new", name)
}

// Form reads a multipart body by part name (the last part of a name wins);
// MediaType drops parameters and falls back on the file name's extension.
func TestFormAndMediaType(t *testing.T) {
	var form map[string]fs.Part
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Auth = nil
		cfg.Routes = []fs.Route{{Method: http.MethodPost, Path: "form", Handle: func(c *fs.Call) fs.Reply {
			f, e := c.Form()
			if e != nil {
				return e.Reply()
			}
			form = f
			return fs.Reply{Status: http.StatusNoContent}
		}}}
	})
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, err := mw.CreateFormFile("file", "scan.PNG")
	require.NoError(t, err)
	_, _ = fw.Write([]byte("png"))
	require.NoError(t, mw.WriteField("name", "first"))
	require.NoError(t, mw.WriteField("name", "second"))
	require.NoError(t, mw.Close())
	resp, err := s.HTTPClient().Post(s.APIURL()+"/form", mw.FormDataContentType(), &body)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusNoContent, resp.StatusCode)
	assert.Equal(t, "second", string(form["name"].Data))
	assert.Equal(t, "image/png", form["file"].MediaType(), "octet-stream: the extension's type")
	assert.Empty(t, form["missing"].Data)

	assert.Equal(t, "application/pdf", fs.Part{ContentType: "application/pdf; charset=binary"}.MediaType())
	assert.Equal(t, "", fs.Part{FileName: "noext"}.MediaType())

	resp, err = s.HTTPClient().Post(s.APIURL()+"/form", "application/json", bytes.NewReader([]byte("{}")))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
}

// RemoveChildren empties an item of its children and leaves the item.
func TestRemoveChildren(t *testing.T) {
	s := toy(t, "")
	s.Lock(func(c *fs.Call) {
		b := boxes.Add(c, "", box{Label: "a"})
		other := boxes.Add(c, "", box{Label: "b"})
		widgets.Add(c, b.ID, widget{Name: "x"})
		widgets.Add(c, b.ID, widget{Name: "y"})
		kept := widgets.Add(c, other.ID, widget{Name: "z"})
		boxes.RemoveChildren(c, b.ID)
		assert.Empty(t, widgets.Children(c, b.ID))
		assert.NotNil(t, boxes.Get(c, b.ID))
		assert.Equal(t, []*fs.Item[widget]{kept}, widgets.All(c))
	})
}

// A Required filter refuses a list without its parameter.
func TestRequiredFilter(t *testing.T) {
	s := toy(t, "", func(cfg *fs.Config) {
		status := fs.Equal("status", func(it *fs.Item[box]) string { return it.V.Status })
		status.Required = true
		cfg.Routes = boxes.Routes(fs.Behaviour[box]{Ops: fs.OpList, Render: renderBox, Filters: []fs.Filter[box]{status}})
	})
	s.Lock(func(c *fs.Call) { boxes.Add(c, "", box{Label: "a", Status: "draft"}) })
	c := newClient(t, s)
	status, _, b := c.do("GET", "/boxes", "")
	assert.Equal(t, http.StatusBadRequest, status)
	assert.Equal(t, "the status filter is required", b["error"])
	status, _, _ = c.do("GET", "/boxes?status=draft", "")
	assert.Equal(t, http.StatusOK, status)
}

// An item of a resource without Parent may name a parent item that its
// path does not carry: the path's id alone finds it.
func TestFindWithoutParentInPath(t *testing.T) {
	s := toy(t, "")
	s.Lock(func(c *fs.Call) {
		b := boxes.Add(c, "", box{Label: "outer"})
		inner := boxes.Add(c, b.ID, box{Label: "inner"})
		assert.Equal(t, []*fs.Item[box]{inner}, boxes.Children(c, b.ID))
	})
	status, _, b := newClient(t, s).do("GET", "/boxes/box_2", "")
	assert.Equal(t, http.StatusOK, status)
	assert.Equal(t, "inner", b["label"])
}

// Party finds the envelope's party by id or email (404 otherwise), lets
// ready refuse it, then plays f with the reason.
func TestParty(t *testing.T) {
	var played []string
	step := fs.Party(boxes, widgets, func(w widget) string { return w.Name },
		func(_ *fs.Call, b *fs.Item[box], w *fs.Item[widget]) *fs.Error {
			if b.V.Status == "shipped" {
				return fs.Errorf(http.StatusConflict, "box %s is shipped", b.ID)
			}
			return nil
		},
		func(_ *fs.Call, b *fs.Item[box], w *fs.Item[widget], reason string) {
			played = append(played, b.ID+"/"+w.ID+":"+reason)
		})
	s := toy(t, "", func(cfg *fs.Config) { cfg.Steps = map[fs.Step]fs.StepFunc{fs.StepSign: step} })
	s.Lock(func(c *fs.Call) {
		b := boxes.Add(c, "", box{Label: "a"})
		widgets.Add(c, b.ID, widget{Name: "bolt@example.com"})
		widgets.Add(c, boxes.Add(c, "", box{Label: "b", Status: "shipped"}).ID, widget{Name: "nut@example.com"})
	})
	ctx := context.Background()
	require.NoError(t, s.Step(ctx, fs.StepSign, fs.StepInput{Envelope: "box_1", Signer: "BOLT@example.com", Reason: "ok"}))
	require.NoError(t, s.Step(ctx, fs.StepSign, fs.StepInput{Envelope: "box_1", Signer: "w001"}))
	assert.Equal(t, []string{"box_1/w001:ok", "box_1/w001:"}, played)
	err := s.Step(ctx, fs.StepSign, fs.StepInput{Envelope: "box_1", Signer: "nut@example.com"})
	assert.ErrorIs(t, err, fs.ErrNotFound, "a party of another envelope")
	assert.EqualError(t, err, `toytest: sign: widget "nut@example.com" not found in box box_1`)
	assert.ErrorIs(t, s.Step(ctx, fs.StepSign, fs.StepInput{Envelope: "box_2", Signer: "nut@example.com"}), fs.ErrState)
	assert.Len(t, played, 2)
}
