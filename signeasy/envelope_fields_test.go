package signeasy

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Positions go on the wire in the shape of their mode, as in Signeasy's
// sample request: x and y are sent even when 0 (the bottom left corner is
// 0,0), the reference text travels as "text".
func TestFieldPositionJSON(t *testing.T) {
	for name, tc := range map[string]struct {
		pos  FieldPosition
		want string
	}{
		"fixed at the origin": {FieldPosition{Mode: PositionFixed, Width: 100, Height: 30},
			`{"mode": "fixed", "x": 0, "y": 0, "width": 100, "height": 30}`},
		"fixed by default": {FieldPosition{X: 400, Y: 200, Width: 100, Height: 100},
			`{"mode": "fixed", "x": 400, "y": 200, "width": 100, "height": 100}`},
		"reference text by default": {FieldPosition{ReferenceText: "John", Width: 40, Height: 20},
			`{"mode": "referenceText", "text": "John", "xOffset": 0, "yOffset": 0, "width": 40, "height": 20}`},
		"reference text with offsets": {FieldPosition{Mode: PositionReferenceText, ReferenceText: "Sign here", XOffset: 12.5, YOffset: -4, X: 99},
			`{"mode": "referenceText", "text": "Sign here", "xOffset": 12.5, "yOffset": -4}`},
		"unknown mode passes set values": {FieldPosition{Mode: "anchor", X: 1, ReferenceText: "t"},
			`{"mode": "anchor", "x": 1, "text": "t"}`},
	} {
		t.Run(name, func(t *testing.T) {
			b, err := json.Marshal(tc.pos)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(b))
		})
	}
}

func TestFieldJSONAdditionalInfo(t *testing.T) {
	b, err := json.Marshal(Field{RecipientID: 2, SourceID: 1, Type: FieldText, PageNumber: "3", Position: FieldPosition{X: 10, Y: 20}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"recipient_id": 2, "source_id": 1, "type": "text", "required": false, "page_number": "3",
	  "position": {"mode": "fixed", "x": 10, "y": 20}, "additional_info": {}}`, string(b), "nil additional_info is {}")

	b, err = json.Marshal(&Field{RecipientID: 2, SourceID: 1, Type: FieldDate, Required: true, AdditionalInfo: map[string]any{"format": "MM/DD/YYYY"}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"recipient_id": 2, "source_id": 1, "type": "date", "required": true,
	  "position": {"mode": "fixed", "x": 0, "y": 0}, "additional_info": {"format": "MM/DD/YYYY"}}`, string(b), "pointer, date format kept")
}

// Sources without a SourceID are numbered 1, 2, ... on the wire; the
// caller's request is left as it was.
func TestCreateEnvelopeNumbersSources(t *testing.T) {
	m := newMockAPI(t)
	m.on("POST", api+"rs/envelope/", ok(`{"id": 7}`))
	req := &CreateEnvelopeRequest{
		Sources:     []Source{{ID: 11, Type: SourceOriginal}, {ID: 12, Type: SourceTemplate}},
		Recipients:  []EnvelopeRecipient{{RecipientID: 1, Email: "a@example.com"}},
		MergeFields: []MergeField{{SourceID: 2, Label: "name", Value: "Ada"}},
	}
	env, _, err := m.client().Envelopes.Create(context.Background(), req)
	require.NoError(t, err)
	assert.Equal(t, int64(7), env.ID)
	checkJSONRequest(t, m.last(), `{"sources": [{"id": 11, "type": "original", "name": "", "source_id": 1},
	  {"id": 12, "type": "template", "name": "", "source_id": 2}],
	  "recipients": [{"recipient_id": 1, "first_name": "", "last_name": "", "email": "a@example.com"}],
	  "merge_fields": [{"source_id": 2, "label": "name", "value": "Ada"}],
	  "embedded_signing": false, "is_ordered": false}`)
	assert.Equal(t, []Source{{ID: 11, Type: SourceOriginal}, {ID: 12, Type: SourceTemplate}}, req.Sources, "request unchanged")
}

// References between sources, recipients, role mappings, merge fields and
// fields are checked before any I/O.
func TestCreateEnvelopeReferencesValidated(t *testing.T) {
	m := newMockAPI(t)
	c := m.client()
	src := []Source{{ID: 1, Type: SourceOriginal, SourceID: 1}, {ID: 2, Type: SourceTemplate, SourceID: 2}}
	rcp := []EnvelopeRecipient{{RecipientID: 1, Email: "a@example.com"}}
	field := func(f Field) []Field {
		if f.Type == "" {
			f.Type = FieldSignature
		}
		return []Field{f}
	}
	for name, r := range map[string]*CreateEnvelopeRequest{
		"mixed numbering":      {Sources: []Source{{ID: 1, Type: SourceOriginal, SourceID: 1}, {ID: 2, Type: SourceOriginal}}, Recipients: rcp},
		"duplicate source_id":  {Sources: []Source{{ID: 1, Type: SourceOriginal, SourceID: 1}, {ID: 2, Type: SourceOriginal, SourceID: 1}}, Recipients: rcp},
		"role on an original":  {Sources: src, Recipients: rcp, RecipientRoleMapping: []RoleMapping{{SourceID: 1, RoleID: 1, RecipientID: 1}}},
		"role for a stranger":  {Sources: src, Recipients: rcp, RecipientRoleMapping: []RoleMapping{{SourceID: 2, RoleID: 1, RecipientID: 9}}},
		"merge on an original": {Sources: src, Recipients: rcp, MergeFields: []MergeField{{SourceID: 1, Label: "x"}}},
		"field on no source":   {Sources: src, Recipients: rcp, FieldsPayload: field(Field{SourceID: 3, RecipientID: 1})},
		"field for a stranger": {Sources: src, Recipients: rcp, FieldsPayload: field(Field{SourceID: 1, RecipientID: 2})},
		"field without type":   {Sources: src, Recipients: rcp, FieldsPayload: []Field{{SourceID: 1, RecipientID: 1}}},
		// page_number is required (endpoint table; Signeasy's sample request).
		"field without page":     {Sources: src, Recipients: rcp, FieldsPayload: []Field{{SourceID: 1, RecipientID: 1, Type: FieldSignature}}},
		"reference without text": {Sources: src, Recipients: rcp, FieldsPayload: field(Field{SourceID: 1, RecipientID: 1, Position: FieldPosition{Mode: PositionReferenceText}})},
	} {
		_, _, err := c.Envelopes.Create(context.Background(), r)
		var ve *ValidationError
		if !errors.As(err, &ve) || !errors.Is(err, ErrValidation) {
			t.Errorf("%s: got %v", name, err)
		}
	}
	assert.Equal(t, 0, m.mt.GetTotalCallCount(), "no I/O")
}

// The v3 envelope object, as "The envelope object"
// (https://docs.signeasy.com/reference/the-pending-file-object) shows it
// (emails made up: the page's are obfuscated), decodes with every field this
// SDK models; fields it does not model are ignored.
func TestEnvelopeObjectV3Decode(t *testing.T) {
	const body = `{
	  "id": 6232978, "owner_user_id": 9978630, "status": "incomplete",
	  "created_time": 1688619773, "last_modified_time": 1688619776,
	  "owner_email": "karthikeyan@example.com", "owner_first_name": "Karthikeyan", "owner_last_name": "KC",
	  "owner_company": null, "next": 10164762, "is_ordered": 1, "is_envelope": 1, "has_markers": 1,
	  "aadhaar_enabled": 0, "expiry_time": 1693803774, "signer_verification": null,
	  "recipients": [
	    {"recipient_id": 10164762, "recipient_user_id": 9960172, "first_name": "Mario", "last_name": "A",
	     "email": "mario@example.com", "status": "not_viewed", "order_id": 1, "last_modified_time": 1688619775,
	     "phone_number": "", "country_code": "", "2fa_enable": false, "otp_type": null, "verification_time": null,
	     "verification_status": 0, "created_time": 1688619775},
	    {"recipient_id": 10164763, "recipient_user_id": 9960173, "first_name": "Luigi", "last_name": "B",
	     "email": "luigi@example.com", "status": "not_viewed", "order_id": 2, "last_modified_time": 1688619775,
	     "phone_number": "", "country_code": "", "2fa_enable": false, "otp_type": null, "verification_time": null,
	     "verification_status": 0, "created_time": 1688619775}],
	  "request_info": {"key1": "value1", "key2": "value2"},
	  "message": "This is a sample request.", "subject": "", "is_readonly": 0, "is_in_person": 0,
	  "public_link": "0", "is_embedded_signing": 0, "envelope_size": 2, "has_radio_buttons": 0, "cc": [],
	  "is_need_your_action": 0, "is_waiting_for_others": 1,
	  "sources": [{"id": 59925063, "name": "agreement", "type": "original"}, {"id": 4263523, "name": "nda", "type": "template"}]
	}`
	m := newMockAPI(t)
	m.on("GET", api+"rs/envelope/6232978", ok(body))
	got, _, err := m.client().Envelopes.Get(context.Background(), 6232978)
	require.NoError(t, err)
	checkCommon(t, m.last(), "GET", api+"rs/envelope/6232978")
	recipient := func(id, user int64, first, last, email string, order int) Recipient {
		return Recipient{RecipientID: id, RecipientUserID: user, FirstName: first, LastName: last, Email: email,
			Status: RecipientNotViewed, OrderID: order, CreatedTime: ts(1688619775), LastModifiedTime: ts(1688619775)}
	}
	assert.Equal(t, &Envelope{
		ID: 6232978, OwnerUserID: 9978630, Status: EnvelopeIncomplete, CreatedTime: ts(1688619773), LastModifiedTime: ts(1688619776),
		OwnerEmail: "karthikeyan@example.com", OwnerFirstName: "Karthikeyan", OwnerLastName: "KC", Next: 10164762,
		IsOrdered: true, IsEnvelope: true, HasMarkers: true, ExpiryTime: ts(1693803774),
		Recipients: []Recipient{
			recipient(10164762, 9960172, "Mario", "A", "mario@example.com", 1),
			recipient(10164763, 9960173, "Luigi", "B", "luigi@example.com", 2),
		},
		RequestInfo: RequestInfo{"key1": "value1", "key2": "value2"},
		Message:     "This is a sample request.",
		Sources:     []Source{{ID: 59925063, Name: "agreement", Type: SourceOriginal}, {ID: 4263523, Name: "nda", Type: SourceTemplate}},
	}, got)

	// request_info that is not an object does not fail the envelope.
	for _, v := range []string{`null`, `""`, `"x"`, `[1]`, `7`} {
		var e Envelope
		require.NoError(t, json.Unmarshal([]byte(`{"id": 1, "request_info": `+v+`}`), &e), v)
		assert.Nil(t, e.RequestInfo, v)
		assert.Equal(t, int64(1), e.ID, v)
	}
}

// lazyBody is a large response body produced as it is read (its bytes are
// whatever the reader's buffer holds), counting the bytes handed out.
type lazyBody struct {
	left, read atomic.Int64
}

func newLazyBody(n int64) *lazyBody {
	b := &lazyBody{}
	b.left.Store(n)
	return b
}

func (b *lazyBody) Read(p []byte) (int, error) {
	left := b.left.Load()
	if left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > left {
		n = left
	}
	b.left.Add(-n)
	b.read.Add(n)
	return int(n), nil
}

func (b *lazyBody) Close() error { return nil }

// Downloads hand the open body to the caller: nothing is buffered before
// the call returns, so a large PDF never sits in memory.
func TestDownloadsStream(t *testing.T) {
	const size = 256 << 20 // larger than any decode limit; never allocated
	for name, call := range map[string]func(*Client) (io.ReadCloser, *Response, error){
		"original": func(c *Client) (io.ReadCloser, *Response, error) {
			return c.Originals.Download(context.Background(), 5)
		},
		"signed": func(c *Client) (io.ReadCloser, *Response, error) {
			return c.Envelopes.DownloadSigned(context.Background(), 998, 2)
		},
	} {
		t.Run(name, func(t *testing.T) {
			m := newMockAPI(t)
			body := newLazyBody(size)
			respond := func(req *http.Request) (*http.Response, error) {
				m.record(req)
				return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/pdf"}},
					Body: body, ContentLength: size, Request: req}, nil
			}
			m.mt.RegisterResponder("GET", api+"original/5/download", respond)
			m.mt.RegisterResponder("GET", api+"rs/envelope/signed/998/2/download", respond)
			rc, resp, err := call(m.client())
			require.NoError(t, err)
			assert.Equal(t, "application/pdf", resp.Header.Get("Content-Type"))
			assert.Equal(t, int64(0), body.read.Load(), "nothing read before the caller reads")
			n, err := io.Copy(io.Discard, rc)
			require.NoError(t, err)
			require.NoError(t, rc.Close())
			assert.Equal(t, int64(size), n, "whole body delivered")
		})
	}
}

// Signed documents may be served from storage on another host: the
// download follows the redirect without the bearer token.
func TestSignedDownloadRedirectDropsCredentials(t *testing.T) {
	m := newMockAPI(t)
	const storage = "https://storage.example/signed/998-1.pdf?sig=abc"
	m.mt.RegisterResponder("GET", api+"rs/envelope/signed/998/1/download", func(req *http.Request) (*http.Response, error) {
		m.record(req)
		r := jsonResponse(req, http.StatusFound, ``)
		r.Header.Set("Location", storage)
		return r, nil
	})
	m.mt.RegisterResponder("GET", storage, func(req *http.Request) (*http.Response, error) {
		m.record(req)
		r := jsonResponse(req, 200, "%PDF-1.7 from storage")
		r.Header.Set("Content-Type", "application/pdf")
		return r, nil
	})
	rc, _, err := m.client().Envelopes.DownloadSigned(context.Background(), 998, 1)
	require.NoError(t, err)
	b, err := io.ReadAll(rc)
	require.NoError(t, err)
	require.NoError(t, rc.Close())
	assert.Equal(t, "%PDF-1.7 from storage", string(b))
	calls := m.all()
	require.Len(t, calls, 2)
	checkCommon(t, calls[0], "GET", api+"rs/envelope/signed/998/1/download")
	assert.Equal(t, storage, calls[1].URL, "redirect followed")
	assert.Empty(t, calls[1].Header.Get("Authorization"), "no bearer token sent to storage")
}

// The client waits for neither a token nor an answer once ctx is done.
func TestCallsHonourCanceledContext(t *testing.T) {
	m := newMockAPI(t)
	m.on("GET", api+"me/", ok(`{"id": 1}`))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := m.client().Users.Me(ctx)
	require.ErrorIs(t, err, context.Canceled)
}

// "The signed file object" says rs.completed notifies the signed_file_id;
// when the delivery's data carries it, the event exposes it.
func TestCompletedEventSignedFileID(t *testing.T) {
	body := []byte(`{"data": {"id": 235649, "status": "complete", "signed_file_id": 998,
	  "sources": [{"id": 223221, "name": "Offer letter", "type": "original"}], "recipients": []},
	  "metadata": {"event_type": "rs.completed", "event_user_id": 1, "client_id": "c", "event_user": "a@example.com",
	  "token": "` + docToken + `"}}`)
	ev, err := ConstructEvent(body, nil, docToken)
	require.NoError(t, err)
	done, isCompleted := ev.(*CompletedEvent)
	require.True(t, isCompleted, "%T", ev)
	assert.Equal(t, int64(998), done.Envelope.SignedFileID)
	assert.Equal(t, EnvelopeComplete, done.Envelope.Status)

	ev, err = ParseEvent(fixture(t, "rs.completed.v2.json"))
	require.NoError(t, err)
	assert.Equal(t, int64(0), ev.(*CompletedEvent).Envelope.SignedFileID, "absent in the doc's sample")
}
