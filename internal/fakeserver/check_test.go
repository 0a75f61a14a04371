package fakeserver_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// A Check answers its first problem: the body's decoding error, an added
// error, or a field problem, which then lists every field problem.
func TestCheck(t *testing.T) {
	assert.Nil(t, new(fs.Check).Field(false, "a", "bad a").Add(nil).Err())

	e := new(fs.Check).Field(true, "a", "a is bad").Add(fs.Errorf(http.StatusConflict, "later")).Field(true, "b", "b is bad").Err()
	require.NotNil(t, e)
	assert.Equal(t, http.StatusBadRequest, e.Status)
	assert.Equal(t, "a is bad", e.Message)
	assert.Equal(t, []fs.FieldError{{Field: "a", Message: "a is bad"}, {Field: "b", Message: "b is bad"}}, e.Fields)

	e = new(fs.Check).Add(fs.Errorf(http.StatusConflict, "first")).Field(true, "a", "a is bad").Err()
	assert.Equal(t, http.StatusConflict, e.Status, "an added error before any field problem wins, as it is")
	assert.Empty(t, e.Fields)

	var got []string
	s := toy(t, "", func(cfg *fs.Config) {
		cfg.Auth = nil
		cfg.Routes = []fs.Route{{Method: http.MethodPost, Path: "check", Handle: func(c *fs.Call) fs.Reply {
			var body struct {
				N *int `json:"n"`
			}
			k := c.Read(&body, "n")
			if e := k.Field(body.N != nil && *body.N < 0, "n", "n must not be negative").Err(); e != nil {
				got = append(got, e.Message)
				return e.Reply()
			}
			return fs.JSON(http.StatusOK, body)
		}}}
	})
	for _, body := range []string{`{"n":1}`, `{"n":-1}`, `{}`, `{"n":"x"}`} {
		resp, err := s.HTTPClient().Post(s.APIURL()+"/check", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		resp.Body.Close()
	}
	assert.Equal(t, []string{"n must not be negative", "n is required", "n must be a number, not string"}, got)
}

// Guard refuses a create, update or delete before its hook (a refused
// create gives its id back); Resource.Step finds the step's item or
// answers 404; Lock reads the store.
func TestGuardStepAndLock(t *testing.T) {
	locked := false
	s := toy(t, "http://127.0.0.1:1/unreachable", func(cfg *fs.Config) {
		cfg.Routes = fs.Routes(
			boxes.Routes(fs.Behaviour[box]{Ops: fs.OpCreate | fs.OpGet | fs.OpUpdate | fs.OpDelete, Render: renderBox,
				Create: func(c *fs.Call, it *fs.Item[box]) *fs.Error { return c.Decode(&it.V, "label") },
				Update: func(c *fs.Call, it *fs.Item[box]) *fs.Error { return c.Decode(&it.V) },
				Guard: func(c *fs.Call) *fs.Error {
					if locked {
						return fs.Errorf(http.StatusConflict, "locked")
					}
					return nil
				}}),
		)
		cfg.Steps = map[fs.Step]fs.StepFunc{fs.StepSend: boxes.Step(func(c *fs.Call, it *fs.Item[box], in fs.StepInput) *fs.Error {
			it.V.Status = "sent by " + in.Signer
			return nil
		})}
	})
	c := newClient(t, s)
	status, _, _ := c.do("POST", "/boxes", `{"label":"a"}`)
	require.Equal(t, http.StatusOK, status)
	locked = true
	for _, r := range [][2]string{{"POST", "/boxes"}, {"PUT", "/boxes/box_1"}, {"DELETE", "/boxes/box_1"}} {
		status, _, b := c.do(r[0], r[1], `{"label":"b"}`)
		assert.Equal(t, http.StatusConflict, status, r)
		assert.Equal(t, "locked", b["error"], r)
	}
	status, _, b := c.do("GET", "/boxes/box_1", "")
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, "a", b["label"], "nothing changed")
	locked = false
	_, _, b = c.do("POST", "/boxes", `{"label":"c"}`)
	assert.Equal(t, "box_2", b["id"], "the refused create gave its id back")

	ctx := context.Background()
	require.NoError(t, s.Step(ctx, fs.StepSend, fs.StepInput{Envelope: "box_1", Signer: "ann"}))
	err := s.Step(ctx, fs.StepSend, fs.StepInput{Envelope: "nope"})
	assert.ErrorIs(t, err, fs.ErrNotFound)
	assert.EqualError(t, err, `toytest: send: box "nope" not found`)
	s.Lock(func(c *fs.Call) {
		assert.Equal(t, "sent by ann", boxes.Get(c, "box_1").V.Status)
		c.Emit("box.locked", nil)
	})
	assert.Empty(t, s.Deliveries(), "Lock delivers nothing")
}
