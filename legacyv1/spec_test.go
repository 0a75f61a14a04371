package legacyv1

import (
	"bufio"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// specOperations lists the spec's operations with spectest.Operations and
// adds any it misses: three paths of this spec nest their method keys at six
// spaces instead of four (auditlog, document delete, templatepdf delete),
// which an earlier spectest reader skipped. The supplement reads method keys
// at the first indentation level under each path, whatever it is.
func specOperations(t *testing.T, file string) []spectest.Operation {
	t.Helper()
	ops, err := spectest.Operations(file)
	require.NoError(t, err)
	have := map[string]bool{}
	for _, op := range ops {
		have[op.String()] = true
	}
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	methods := map[string]bool{"get": true, "post": true, "put": true, "patch": true, "delete": true}
	sc := bufio.NewScanner(f)
	inPaths, cur, childIndent := false, "", 0
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case indent == 0:
			inPaths = line == "paths:"
		case !inPaths:
		case indent == 2:
			cur, childIndent = strings.Trim(strings.TrimSuffix(trimmed, ":"), `'"`), 0
		case cur != "":
			if childIndent == 0 {
				childIndent = indent
			}
			if m := strings.TrimSuffix(trimmed, ":"); indent == childIndent && methods[m] {
				op := spectest.Operation{Method: strings.ToUpper(m), Path: cur}
				if !have[op.String()] {
					have[op.String()] = true
					ops = append(ops, op)
				}
			}
		}
	}
	require.NoError(t, sc.Err())
	return ops
}

// TestSpecConformance asserts that every operation of the official spec is
// invoked by a client method (and that no method calls outside the spec).
func TestSpecConformance(t *testing.T) {
	file := spectest.Path(t, "legalesign-v1-openapi.yaml")
	ops := specOperations(t, file)
	assert.Len(t, ops, 52, "every operation, the six-space-indented ones included")

	var calls []spectest.Operation
	for _, tc := range wireCases() {
		c, m := newMockClient(t, tc.reply)
		_, err := tc.call(context.Background(), c)
		require.NoError(t, err, tc.name)
		for _, call := range m.Calls() {
			calls = append(calls, spectest.Operation{Method: call.Method, Path: call.Path})
		}
	}
	missing, extra := spectest.Uncovered(ops, calls, "/api/v1")
	assert.Empty(t, missing, "spec operations no client method calls")
	assert.Empty(t, extra, "client calls outside the spec")
}
