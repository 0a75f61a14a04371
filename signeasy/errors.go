package signeasy

import (
	"net/http"

	"github.com/esignkit/esign/internal/rest"
)

//go:generate go run ../internal/rest/gen -pkg signeasy -name Signeasy -oauth

// Core types every esign provider shares.
type (
	// Pagination is unused by Signeasy (its lists are not paginated) and is
	// kept for symmetry with the other providers.
	Pagination = rest.Pagination
)

// decodeErrorBody reads Signeasy's error bodies: {"message", "error_code"},
// {"error": "message"} and {"error_message"}.
func decodeErrorBody(e *rest.APIError, _ *http.Response, body []byte) {
	errorShape.Fill(e, rest.ErrorObject(body))
}

// errorShape is where Signeasy's error objects keep each part.
var errorShape = rest.ErrorShape{
	Code:         []string{"error_code", "code"},
	Message:      []string{"message", "error_message", "error", "error_description"},
	Fields:       []string{"errors"},
	FieldMessage: []string{"message", "error"},
}
