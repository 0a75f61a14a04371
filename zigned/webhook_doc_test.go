package zigned_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/zigned"
)

// TestWebhookDocEvents checks the event names of the "Create a Webhook"
// page: every one has a constant (forwarded included).
func TestWebhookDocEvents(t *testing.T) {
	data, err := os.ReadFile(spectest.Doc(t, "zigned-create-webhook.txt"))
	require.NoError(t, err)
	n := 0
	for _, line := range strings.Split(string(data), "\n") {
		name := strings.Trim(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), ",")), `"`)
		if strings.Count(name, ".") == 2 && !strings.ContainsAny(name, " /:") {
			assert.True(t, zigned.EventType(name).Known(), name)
			n++
		}
	}
	assert.True(t, n > 60, "doc lists %d names", n)
	assert.Contains(t, string(data), string(zigned.EventAgreementLifecycleForwarded))
}
