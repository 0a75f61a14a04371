package fakeserver_test

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/fakeserver"
)

// TestPDF checks the generated PDF's structure: every xref offset points
// at its object, startxref at the table, and the stream length is exact.
func TestPDF(t *testing.T) {
	pdf := fakeserver.PDF("Hello (world) \\ ünïcode", "line 2")
	assert.True(t, bytes.HasPrefix(pdf, []byte("%PDF-1.4\n")))
	assert.True(t, bytes.HasSuffix(pdf, []byte("%%EOF\n")))
	assert.Contains(t, string(pdf), "(Hello \\(world\\) \\\\ ?n?code) Tj T*\n(line 2) Tj")
	m := regexp.MustCompile(`startxref\n(\d+)\n`).FindSubmatch(pdf)
	require.NotNil(t, m)
	xref, _ := strconv.Atoi(string(m[1]))
	require.True(t, bytes.HasPrefix(pdf[xref:], []byte("xref\n0 6\n")))
	entries := regexp.MustCompile(`(\d{10}) 00000 n `).FindAllSubmatch(pdf[xref:], -1)
	require.Len(t, entries, 5)
	for i, e := range entries {
		off, _ := strconv.Atoi(string(e[1]))
		assert.True(t, bytes.HasPrefix(pdf[off:], []byte(fmt.Sprintf("%d 0 obj\n", i+1))), "object %d", i+1)
	}
	stream := regexp.MustCompile(`<< /Length (\d+) >>\nstream\n`).FindSubmatchIndex(pdf)
	require.NotNil(t, stream)
	n, _ := strconv.Atoi(string(pdf[stream[2]:stream[3]]))
	assert.True(t, bytes.HasPrefix(pdf[stream[1]+n:], []byte("endstream")), "the stream length is exact")
	assert.Equal(t, pdf, fakeserver.PDF("Hello (world) \\ ünïcode", "line 2"), "deterministic")
}
