package zigned

import (
	"net/http"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

//go:generate go run ../internal/rest/gen -pkg zigned -name Zigned -oauth

// Core types every esign provider shares.
type (
	// Pagination is a list page's position.
	Pagination = rest.Pagination
	// Time decodes Zigned's ISO timestamps leniently; the zero value is null.
	Time = timeutil.Time
)

// decodeErrorBody reads Zigned's error body,
// {"status":"error","error":{"code","message","request_id","errors":[...]}},
// also found at the top level, and the OAuth2 {"error","error_description"}
// of the token endpoint.
func decodeErrorBody(e *rest.APIError, _ *http.Response, body []byte) {
	m := rest.ErrorObject(body)
	if m == nil {
		return
	}
	errorShape.Fill(e, rest.ErrorObject(m["error"]))
	errorShape.Fill(e, m)
	if e.Message == "" {
		e.Message = rest.JSONString(m["error"]) // {"error": "invalid_client"}
	}
}

// errorShape is where Zigned's error objects keep each part.
var errorShape = rest.ErrorShape{
	Code:         []string{"code"},
	Message:      []string{"message", "error_description"},
	RequestID:    []string{"request_id"},
	Fields:       []string{"errors"},
	FieldMessage: []string{"message", "msg"},
}
