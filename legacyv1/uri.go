package legacyv1

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// URIPrefix starts every Legalesign resource URI ("/api/v1/group/my-group/").
// Resource URIs are paths on the API host whatever the base URL is.
const URIPrefix = "/api/v1/"

// Resource names used in resource URIs.
const (
	ResourceDocument    = "document"
	ResourceSigner      = "signer"
	ResourceGroup       = "group"
	ResourceTemplatePDF = "templatepdf"
	ResourceTemplate    = "template"
	ResourceUser        = "user"
	ResourceMember      = "member"
	ResourceAttachment  = "attachment"
	ResourceInvited     = "invited"
	ResourceStatus      = "status"
)

// ResourceURI builds "/api/v1/<resource>/<id>/", escaping id.
func ResourceURI(resource, id string) string {
	return URIPrefix + resource + "/" + url.PathEscape(id) + "/"
}

// GroupURI returns "/api/v1/group/<slug>/".
func GroupURI(slug string) string { return ResourceURI(ResourceGroup, slug) }

// DocumentURI returns "/api/v1/document/<id>/".
func DocumentURI(id string) string { return ResourceURI(ResourceDocument, id) }

// SignerURI returns "/api/v1/signer/<id>/".
func SignerURI(id string) string { return ResourceURI(ResourceSigner, id) }

// TemplatePDFURI returns "/api/v1/templatepdf/<id>/".
func TemplatePDFURI(id string) string { return ResourceURI(ResourceTemplatePDF, id) }

// TemplateURI returns "/api/v1/template/<id>/".
func TemplateURI(id string) string { return ResourceURI(ResourceTemplate, id) }

// UserURI returns "/api/v1/user/<id>/".
func UserURI(id string) string { return ResourceURI(ResourceUser, id) }

// AttachmentURI returns "/api/v1/attachment/<id>/".
func AttachmentURI(id string) string { return ResourceURI(ResourceAttachment, id) }

// ErrInvalidURI is wrapped by ParseResourceURI failures.
var ErrInvalidURI = errors.New("legacyv1: not a resource URI")

// ParseResourceURI splits a resource URI into its resource name and id. It
// accepts the path form ("/api/v1/document/<id>/"), an absolute URL (a
// Location header: "https://eu-api.legalesign.com/api/v1/document/<id>/"),
// a path without the leading slash ("api/v1/templatepdf/<id>/", as some
// answers carry) or without the /api/v1 prefix ("document/<id>/"), with or
// without the trailing slash. The id is path-unescaped.
func ParseResourceURI(uri string) (resource, id string, err error) {
	s := strings.TrimSpace(uri)
	if s == "" {
		return "", "", fmt.Errorf("%w: empty", ErrInvalidURI)
	}
	if len(s) > 2048 {
		return "", "", fmt.Errorf("%w: too long", ErrInvalidURI)
	}
	u, perr := url.Parse(s)
	if perr != nil {
		return "", "", fmt.Errorf("%w: %q", ErrInvalidURI, s)
	}
	segs := make([]string, 0, 4)
	for _, p := range strings.Split(u.EscapedPath(), "/") {
		if p != "" {
			segs = append(segs, p)
		}
	}
	// Drop everything up to and including "api/v1" (a base path may precede it).
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "api" && segs[i+1] == "v1" {
			segs = segs[i+2:]
			break
		}
	}
	if len(segs) != 2 {
		return "", "", fmt.Errorf("%w: %q", ErrInvalidURI, s)
	}
	id, uerr := url.PathUnescape(segs[1])
	if uerr != nil || strings.TrimSpace(id) == "" {
		return "", "", fmt.Errorf("%w: %q", ErrInvalidURI, s)
	}
	return segs[0], id, nil
}

// IDFromURI returns the id of a resource URI, or s itself (trimmed) when s is
// not a resource URI (a bare id or slug).
func IDFromURI(s string) string {
	if _, id, err := ParseResourceURI(s); err == nil {
		return id
	}
	return strings.TrimSpace(s)
}

// ref turns a bare id or slug into the resource URI the API expects in
// request bodies; values that already look like URIs are sent unchanged.
func ref(resource, s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.Contains(s, "/") {
		return s
	}
	return ResourceURI(resource, s)
}

// refs applies ref to every element.
func refs(resource string, in []string) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, s := range in {
		out[i] = ref(resource, s)
	}
	return out
}
