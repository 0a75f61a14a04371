package blueinktest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// LinkLifetime is how long a file link (file_url of bundle files, COEs and
// templates) stays valid.
const LinkLifetime = 10 * time.Minute

// storedFile is a file the server can serve.
type storedFile struct {
	name        string
	content     []byte
	sha256      string
	externalURL string // set for files that live elsewhere (never served)
}

// fileLink is a pre-signed link to a stored file.
type fileLink struct {
	file    *storedFile
	expires time.Time
}

type fileLinkJSON struct {
	FileURL string `json:"file_url"`
	Expires any    `json:"expires"`
}

// storeFile keeps content for download (s.mu held).
func (s *Server) storeFile(name string, content []byte) *storedFile {
	sum := sha256.Sum256(content)
	return &storedFile{name: name, content: content, sha256: hex.EncodeToString(sum[:])}
}

// link issues a pre-signed link to f, valid for LinkLifetime (s.mu held).
func (s *Server) link(f *storedFile) fileLinkJSON {
	expires := s.now().Add(LinkLifetime)
	if f.externalURL != "" {
		return fileLinkJSON{FileURL: f.externalURL, Expires: apiTime(expires)}
	}
	tok := s.token(32)
	s.links[tok] = &fileLink{file: f, expires: expires}
	return fileLinkJSON{
		FileURL: s.URL + "/files/" + tok + "/" + f.name + "?X-Amz-Expires=" + strconv.Itoa(int(LinkLifetime/time.Second)),
		Expires: apiTime(expires),
	}
}

// serveFile answers GET /files/<token>/<name>: no Authorization is needed
// (the link is pre-signed); an unknown token is 404 and an expired link 403,
// with S3-style XML bodies.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	tok, _, _ := strings.Cut(rest, "/")
	s.mu.Lock()
	l, found := s.links[tok]
	now := s.now()
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml")
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		w.WriteHeader(http.StatusMethodNotAllowed)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>MethodNotAllowed</Code><Message>The specified method is not allowed against this resource.</Message></Error>`)
		return
	case !found:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>`)
		return
	case now.After(l.expires):
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>`)
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Length", strconv.Itoa(len(l.file.content)))
	w.Header().Set("Content-Disposition", `attachment; filename="`+l.file.name+`"`)
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		_, _ = w.Write(l.file.content)
	}
}

// PDF returns a minimal valid one-page PDF (US Letter, Helvetica) showing
// lines of text: a small, real document to upload in tests. Characters
// outside printable ASCII are replaced with '?'. The fake also generates
// its final files and certificates with it.
func PDF(lines ...string) []byte {
	var content bytes.Buffer
	content.WriteString("BT\n/F1 12 Tf\n16 TL\n72 720 Td\n")
	for _, l := range lines {
		content.WriteString("(" + pdfEscape(l) + ") Tj T*\n")
	}
	content.WriteString("ET\n")
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

func pdfEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '(' || r == ')' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r > 0x7e:
			b.WriteByte('?')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// finalFile generates the signed file of a complete bundle (s.mu held).
func (s *Server) finalFile(b *bundle) *storedFile {
	lines := []string{
		"BlueInk (blueinktest) signed bundle " + b.id,
		"Label: " + b.label,
	}
	for _, d := range b.documents {
		lines = append(lines, "Document "+d.key+": "+d.name)
	}
	for _, p := range b.activePackets() {
		lines = append(lines, "Signed by "+p.name+" <"+p.email+"> at "+p.completedAt.UTC().Format(time.RFC3339))
	}
	return s.storeFile(b.id+".pdf", PDF(lines...))
}

// coeFile generates a packet's Certificate of Evidence (s.mu held).
func (s *Server) coeFile(p *packet) *storedFile {
	return s.storeFile("coe-"+p.id+".pdf", PDF(
		"BlueInk (blueinktest) Certificate of Evidence",
		"Bundle "+p.bundle.id+": "+p.bundle.label,
		"Packet "+p.id+" ("+p.key+"): "+p.name+" <"+p.email+">",
		"Completed at "+p.completedAt.UTC().Format(time.RFC3339),
	))
}

// verify implements POST /verify/ {"hash": sha256}: it answers whether the
// hash is the SHA-256 of the final file of a complete bundle on this server
// ({"verified": true, "bundle_id", "completed_at"} or {"verified": false}).
// BlueInk does not publish the answer's schema; this one is the fake's.
func (c *call) verify() reply {
	var req struct {
		Hash string `json:"hash"`
	}
	if rep, good := c.decode(&req); !good {
		return rep
	}
	h := strings.ToLower(strings.TrimSpace(req.Hash))
	if b, err := hex.DecodeString(h); err != nil || len(b) != sha256.Size {
		return c.invalidField("hash", "Enter a SHA-256 digest of 64 hexadecimal characters.")
	}
	for _, b := range c.s.bundles {
		if b.final != nil && b.final.sha256 == h {
			return ok(map[string]any{"verified": true, "bundle_id": b.id, "completed_at": apiTime(b.completed)})
		}
	}
	return ok(map[string]any{"verified": false})
}
