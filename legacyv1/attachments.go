package legacyv1

import (
	"cmp"
	"context"
	"io"
	"iter"
	"net/http"
	"strings"
	"time"

	"github.com/esignkit/esign/internal/rest"
)

// AttachmentsService manages static PDF email attachments (/attachment/).
type AttachmentsService service

// Attachment is a static email attachment (AttachmentResponse).
type Attachment struct {
	UUID        string `json:"uuid"`
	ResourceURI string `json:"resource_uri"`
	Filename    string `json:"filename"`
	Description string `json:"description"`
	Group       string `json:"group"`
	User        string `json:"user"`
	Created     Time   `json:"created"`
}

// List returns one page of attachments. GET /attachment/
func (s *AttachmentsService) List(ctx context.Context, opts *GroupListOptions) ([]*Attachment, *Response, error) {
	return getList[*Attachment](ctx, s.client, "attachment/", opts.values())
}

// All iterates over every attachment; opts is never modified.
func (s *AttachmentsService) All(ctx context.Context, opts *GroupListOptions) iter.Seq2[*Attachment, error] {
	return allByGroup(ctx, s.client, opts, s.List)
}

// AttachmentUpload is the body of POST /attachment/ (AttachmentPost). Give
// the PDF either as PDFBase64 or as PDF (a reader, streamed).
type AttachmentUpload struct {
	Group string `json:"group"` // slug or resource URI
	// Filename is simple ASCII letters and digits ending in .pdf.
	Filename    string    `json:"filename"`
	Description string    `json:"description,omitempty"`
	User        string    `json:"user,omitempty"` // id or resource URI
	PDFBase64   string    `json:"-"`
	PDF         io.Reader `json:"-"`
}

// Upload uploads a PDF attachment and returns its id, from the Location
// header. The spec declares no Location for this answer: when it has none,
// the one attachment of the group with the same filename and description
// created since the request was sent (less CreateLookupSkew) is looked up
// and returned with resp.Recovered set (a 2xx is never reported as an
// error, which would invite a duplicate upload; found none or several,
// Created.ID is "" and resp.DecodeIssues says why).
// POST /attachment/
func (s *AttachmentsService) Upload(ctx context.Context, up *AttachmentUpload) (*Created, *Response, error) {
	switch {
	case up == nil || strings.TrimSpace(up.Group) == "":
		return nil, nil, invalidArg("group", "must not be empty")
	case strings.TrimSpace(up.Filename) == "":
		return nil, nil, invalidArg("filename", "must not be empty")
	}
	fields := *up
	fields.Group = ref(ResourceGroup, up.Group)
	fields.User = ref(ResourceUser, up.User)
	r, err := fileJSONBody(&fields, "pdf_file", up.PDFBase64, up.PDF)
	if err != nil {
		return nil, nil, err
	}
	r.Method, r.Path = http.MethodPost, "attachment/"
	group, file, desc := IDFromURI(fields.Group), strings.TrimSpace(up.Filename), strings.TrimSpace(up.Description)
	return s.client.createRequest(ctx, r, ResourceAttachment, func(ctx context.Context, since time.Time) (*Created, error) {
		return findCreated(since, s.All(ctx, &GroupListOptions{Group: group, ListOptions: ListOptions{Limit: findPageSize}}),
			func(a *Attachment) bool {
				return strings.TrimSpace(a.Filename) == file && strings.TrimSpace(a.Description) == desc
			},
			func(a *Attachment) time.Time { return a.Created.Time },
			func(a *Attachment) string { return cmp.Or(a.ResourceURI, AttachmentURI(a.UUID)) })
	})
}

// Get returns an attachment. GET /attachment/{id}/
func (s *AttachmentsService) Get(ctx context.Context, id string) (*Attachment, *Response, error) {
	p, err := pathOf("attachment/%s/", id)
	if err != nil {
		return nil, nil, err
	}
	return do[*Attachment](ctx, s.client, http.MethodGet, p, nil, nil)
}

// Delete deletes an attachment. DELETE /attachment/{id}/
func (s *AttachmentsService) Delete(ctx context.Context, id string) (*Response, error) {
	p, err := pathOf("attachment/%s/", id)
	if err != nil {
		return nil, err
	}
	_, resp, err := do[rest.NoBody](ctx, s.client, http.MethodDelete, p, nil, nil)
	return resp, err
}
