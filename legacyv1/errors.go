package legacyv1

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/esignkit/esign/internal/rest"
	"github.com/esignkit/esign/internal/timeutil"
)

//go:generate go run ../internal/rest/gen -pkg legacyv1 -name Legalesign

// Core types every esign provider shares.
type (
	// Pagination is a list answer's position.
	Pagination = rest.Pagination
	// Time decodes Legalesign timestamps leniently; zone-less values are UTC.
	Time = timeutil.Time
)

// Sentinel errors of Legalesign alone, matched with errors.Is.
var (
	// ErrNotReady matches *NotReadyError: the final PDF is being de-archived.
	// It is the value every esign package shares.
	ErrNotReady = rest.ErrNotReady
	// ErrDeletionRefused matches *DeletionRefusedError: a permanent deletion
	// answered 200 instead of 204 (the spec: "something went wrong, probably
	// you need to allow automated deletions").
	ErrDeletionRefused = errors.New("legacyv1: permanent deletion refused")
)

// NotReadyError is returned by PDF.Download when the API answers 201: the
// document is archived and is being restored ("available in 4 hours"). It
// matches ErrNotReady.
type NotReadyError struct {
	DocumentID string
	// Message is the answer body (trimmed, at most 1 KiB), if any.
	Message string
}

// Error implements error.
func (e *NotReadyError) Error() string {
	msg := "legacyv1: PDF of document " + e.DocumentID + " is being de-archived; try again later"
	if e.Message != "" {
		msg += " (" + e.Message + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrNotReady) true.
func (e *NotReadyError) Is(target error) bool { return target == ErrNotReady }

// DeletionRefusedError is returned by the permanent delete calls when the API
// answers 200 instead of 204. It matches ErrDeletionRefused.
type DeletionRefusedError struct {
	Resource string // "document" or "templatepdf"
	ID       string
	Message  string // the answer body, trimmed, at most 1 KiB
}

// Error implements error.
func (e *DeletionRefusedError) Error() string {
	msg := "legacyv1: permanent deletion of " + e.Resource + " " + e.ID + " refused (200; enable automated deletion for the group)"
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is makes errors.Is(err, ErrDeletionRefused) true.
func (e *DeletionRefusedError) Is(target error) bool { return target == ErrDeletionRefused }

// decodeErrorBody reads Legalesign's error bodies:
//
//	{"error": "message"}  {"error_message": "message"}
//	{"text": "Filename must be not more than 250 characters"}      (attachments)
//	{"document": {"name": ["This field is required."]}}             (Tastypie validation)
//	{"member": {"exists": "User is already a member of the group"}}
//	{"field": ["message", ...]}                                     (field map)
func decodeErrorBody(e *rest.APIError, _ *http.Response, body []byte) {
	m := rest.ErrorObject(body)
	errorShape.Fill(e, m)
	if e.Message != "" || e.Code != "" {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if k == "" {
			continue
		}
		var nested map[string]json.RawMessage
		if json.Unmarshal(m[k], &nested) != nil {
			e.Fields = append(e.Fields, rest.FieldMap(map[string]json.RawMessage{k: m[k]})...)
			continue
		}
		for _, f := range rest.FieldMap(nested) {
			if f.Field != "" {
				e.Fields = append(e.Fields, rest.FieldError{Field: k + "." + f.Field, Message: f.Message})
			}
		}
	}
}

// errorShape is where Legalesign's error objects keep each part.
var errorShape = rest.ErrorShape{
	Code:    []string{"error_code", "code"},
	Message: []string{"error_message", "error", "text", "detail"},
}

// bodyText reads a short answer body for error messages.
func bodyText(resp *Response) string {
	if resp == nil || resp.Body == nil {
		return ""
	}
	b := make([]byte, 1024)
	n, _ := io.ReadFull(resp.Body, b)
	return strings.TrimSpace(string(b[:n]))
}
