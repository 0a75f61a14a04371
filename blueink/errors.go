package blueink

import (
	"bytes"
	"net/http"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

//go:generate go run ../internal/rest/gen -pkg blueink -name BlueInk

// Core types every esign provider shares.
type (
	// Pagination is what a list answer's X-Blueink-Pagination and x-next
	// headers say.
	Pagination = rest.Pagination
	// Time is a timestamp that decodes leniently: RFC 3339, Python's
	// str(datetime) ("2025-04-07 15:43:08.646752+00:00"), zone-less values
	// (UTC) and unix seconds or milliseconds. It encodes as RFC 3339.
	Time = timeutil.Time
	// Date is a calendar date sent as YYYY-MM-DD in list filters.
	Date = timeutil.Date
)

// decodeErrorBody reads BlueInk's error bodies, which come in three shapes
// plus Django REST framework's:
//
//	{"code", "message", "errors": [{"field", "message"|"messsage"}]}
//	{"detail", "code", "errors"}
//	{"errorCode", "errorMessage", "fieldErrors": [...] | {field: [msgs]}}
//	{"field": ["msg", ...], ...}   ["msg", ...]
func decodeErrorBody(e *rest.APIError, _ *http.Response, body []byte) {
	body = bytes.TrimSpace(body)
	if len(body) > 0 && body[0] == '[' {
		e.Fields = rest.ErrorFields(body)
		return
	}
	m := rest.ErrorObject(body)
	if m == nil {
		return
	}
	errorShape.Fill(e, m)
	if e.Message == "" && e.Detail == "" && e.Code == "" && len(e.Fields) == 0 {
		e.Fields = rest.FieldMap(m)
	}
}

// errorShape is where BlueInk's error objects keep each part.
var errorShape = rest.ErrorShape{
	Code:         []string{"code", "errorCode"},
	Message:      []string{"message", "errorMessage"},
	Detail:       []string{"detail"},
	Fields:       []string{"errors", "fieldErrors"},
	FieldMessage: []string{"message", "messsage", "errorMessage", "error", "msg"},
}
