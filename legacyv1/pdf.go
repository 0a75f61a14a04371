package legacyv1

import (
	"context"
	"io"
	"net/http"
	"strings"
)

// PDFService downloads final PDFs and renders HTML previews (/pdf/).
type PDFService service

// Download streams the final PDF of a document; the caller closes it.
//
// The API answers 200 with the PDF, or 302 to a short-lived download location
// (the redirect is followed without the Authorization header, as the spec
// asks, whatever host it names), or 201 while an archived document is being restored
// ("available in 4 hours"), which is returned as a *NotReadyError
// (errors.Is(err, ErrNotReady)). GET /pdf/{id}/
func (s *PDFService) Download(ctx context.Context, documentID string) (io.ReadCloser, *Response, error) {
	p, err := pathOf("pdf/%s/", documentID)
	if err != nil {
		return nil, nil, err
	}
	ctx = context.WithValue(ctx, noCredentialsKey{}, true)
	body, resp, err := s.client.stream(ctx, http.MethodGet, p, "application/pdf", nil, true)
	if err != nil {
		return nil, resp, err
	}
	if resp.StatusCode == http.StatusCreated {
		msg := bodyText(resp)
		drain(resp)
		return nil, resp, &NotReadyError{DocumentID: strings.TrimSpace(documentID), Message: msg}
	}
	return body, resp, nil
}

// PDFPreviewRequest is the body of POST /pdf/preview/ (DocumentPdfPreview).
type PDFPreviewRequest struct {
	Text               string `json:"text"` // raw HTML
	SigneeCount        int    `json:"signee_count"`
	SignatureType      int    `json:"signature_type"`
	IsSignaturePerPage int    `json:"is_signature_per_page"`
	Group              string `json:"group"` // slug or resource URI
	Title              string `json:"title,omitempty"`
	Header             string `json:"header,omitempty"`
	Footer             string `json:"footer,omitempty"`
	HeaderHeight       *int   `json:"header_height,omitempty"`
	FooterHeight       *int   `json:"footer_height,omitempty"`
	// PDFHeader uses the group's default header when true.
	PDFHeader *bool `json:"pdfheader,omitempty"`
}

// Preview renders an HTML document as a PDF and streams it; the caller
// closes it. POST /pdf/preview/
func (s *PDFService) Preview(ctx context.Context, req *PDFPreviewRequest) (io.ReadCloser, *Response, error) {
	if req == nil || strings.TrimSpace(req.Text) == "" {
		return nil, nil, invalidArg("text", "must not be empty")
	}
	if strings.TrimSpace(req.Group) == "" {
		return nil, nil, invalidArg("group", "must not be empty")
	}
	body := *req
	body.Group = ref(ResourceGroup, req.Group)
	return s.client.stream(ctx, http.MethodPost, "pdf/preview/", "application/pdf", &body, false)
}
