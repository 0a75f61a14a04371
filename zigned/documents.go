package zigned

import (
	"context"
	"iter"
	"net/http"
)

// DocumentsService manages an agreement's documents: the main document to
// sign (/agreements/{id}/documents/main) and attachments
// (/agreements/{id}/documents/attachments). Files are uploaded first with
// Files.Upload.
type DocumentsService service

// Attachment is a supplemental document of an agreement.
type Attachment struct {
	ID           string         `json:"id"`
	ResourceType string         `json:"resource_type"`
	Agreement    string         `json:"agreement"`
	Order        int            `json:"order"`
	File         Relation[File] `json:"file"`
	CreatedAt    Time           `json:"created_at"`
	UpdatedAt    Time           `json:"updated_at"`
}

// AttachmentRequest is the body of POST /agreements/{id}/documents/attachments.
type AttachmentRequest struct {
	FileID string `json:"file_id"`
	Order  *int   `json:"order,omitempty"`
}

var attachmentIDs = []string{"agreement ID", "attachment ID"}

type fileIDBody struct {
	FileID string `json:"file_id"`
}

// SetMain attaches an uploaded file as the document to sign; Zigned clones
// it, so later changes to the file do not affect the agreement.
func (s *DocumentsService) SetMain(ctx context.Context, agreementID, fileID string) (*Agreement, *Response, error) {
	p, err := agreementPath(agreementID, "/documents/main")
	if err != nil {
		return nil, nil, err
	}
	if err := requireID("file ID", fileID); err != nil {
		return nil, nil, err
	}
	return do[*Agreement](ctx, s.client, http.MethodPost, p, nil, fileIDBody{fileID})
}

// RemoveMain detaches the main document (the archived file is kept).
func (s *DocumentsService) RemoveMain(ctx context.Context, agreementID string) (*Agreement, *Response, error) {
	p, err := agreementPath(agreementID, "/documents/main")
	if err != nil {
		return nil, nil, err
	}
	return do[*Agreement](ctx, s.client, http.MethodDelete, p, nil, nil)
}

// AddAttachment attaches an uploaded file as a supplemental document.
func (s *DocumentsService) AddAttachment(ctx context.Context, agreementID string, req *AttachmentRequest) (*Attachment, *Response, error) {
	p, err := agreementPath(agreementID, "/documents/attachments")
	if err != nil {
		return nil, nil, err
	}
	if req == nil {
		return nil, nil, invalidArg("attachment", "must not be nil")
	}
	if err := requireID("file ID", req.FileID); err != nil {
		return nil, nil, err
	}
	return do[*Attachment](ctx, s.client, http.MethodPost, p, nil, req)
}

// ListAttachments lists an agreement's attachments.
func (s *DocumentsService) ListAttachments(ctx context.Context, agreementID string) ([]*Attachment, *Response, error) {
	p, err := agreementPath(agreementID, "/documents/attachments")
	if err != nil {
		return nil, nil, err
	}
	return do[items[Attachment]](ctx, s.client, http.MethodGet, p, nil, nil)
}

// AllAttachments iterates over an agreement's attachments, in order (one
// request: the API answers the list whole).
func (s *DocumentsService) AllAttachments(ctx context.Context, agreementID string) iter.Seq2[*Attachment, error] {
	return all(ctx, s.client, func(ctx context.Context) ([]*Attachment, *Response, error) {
		return s.ListAttachments(ctx, agreementID)
	})
}

// GetAttachment returns one attachment.
func (s *DocumentsService) GetAttachment(ctx context.Context, agreementID, attachmentID string) (*Attachment, *Response, error) {
	p, err := pathOf("agreements/%s/documents/attachments/%s", attachmentIDs, agreementID, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Attachment](ctx, s.client, http.MethodGet, p, nil, nil)
}

// UpdateAttachment moves an attachment to another position.
func (s *DocumentsService) UpdateAttachment(ctx context.Context, agreementID, attachmentID string, order int) (*Attachment, *Response, error) {
	p, err := pathOf("agreements/%s/documents/attachments/%s", attachmentIDs, agreementID, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	body := struct {
		Order int `json:"order"`
	}{order}
	return do[*Attachment](ctx, s.client, http.MethodPut, p, nil, body)
}

// DeleteAttachment detaches and deletes an attachment; the others are
// renumbered.
func (s *DocumentsService) DeleteAttachment(ctx context.Context, agreementID, attachmentID string) (*Attachment, *Response, error) {
	p, err := pathOf("agreements/%s/documents/attachments/%s", attachmentIDs, agreementID, attachmentID)
	if err != nil {
		return nil, nil, err
	}
	return do[*Attachment](ctx, s.client, http.MethodDelete, p, nil, nil)
}
