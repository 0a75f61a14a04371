package zigned_test

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/spectest"
	"github.com/esignkit/esign/zigned"
)

const specFile = "zigned-rest-v3-openapi.yaml"

// TestSpecConformance invokes every client method of the wire table and
// checks that together they hit every operation of the spec, and nothing
// the spec does not have.
func TestSpecConformance(t *testing.T) {
	ops, err := spectest.Operations(spectest.Path(t, specFile))
	require.NoError(t, err)
	require.Len(t, ops, 62)

	mt, c := newMockClient(t, &tokenEndpoint{prefix: "tok"})
	var calls []spectest.Operation
	mt.RegisterNoResponder(func(r *http.Request) (*http.Response, error) {
		calls = append(calls, spectest.Operation{Method: r.Method, Path: r.URL.Path})
		return jsonResponder(200, `{"version":"1.0","result_type":"single","resource_type":"any","data":null}`)(r)
	})
	for _, tc := range wireCases() {
		_, _, err := tc.call(context.Background(), c)
		require.NoError(t, err, tc.name)
	}
	missing, extra := spectest.Uncovered(ops, calls, "/rest/v3")
	assert.Empty(t, missing, "spec operations no client method calls")
	assert.Empty(t, extra, "calls to paths the spec does not have")
}

// specEnums returns every enum of the spec as a sorted value list.
func specEnums(t *testing.T) [][]string {
	t.Helper()
	f, err := os.Open(spectest.Path(t, specFile))
	require.NoError(t, err)
	defer f.Close()
	var (
		out    [][]string
		cur    []string
		indent = -1
	)
	flush := func() {
		if cur != nil {
			slices.Sort(cur)
			out = append(out, cur)
		}
		cur, indent = nil, -1
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		ind := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case trimmed == "enum:":
			flush()
			indent = ind
			cur = []string{}
		case indent >= 0 && strings.HasPrefix(trimmed, "- ") && ind >= indent:
			cur = append(cur, strings.Trim(strings.TrimPrefix(trimmed, "- "), `"'`))
		case indent >= 0:
			flush()
		}
	}
	flush()
	require.NoError(t, sc.Err())
	return out
}

func sortedStrings[T ~string](vs ...T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	slices.Sort(out)
	return out
}

// TestSpecEnums checks that each typed constant set equals an enum of the
// spec, and that every event name of the spec has a constant.
func TestSpecEnums(t *testing.T) {
	enums := specEnums(t)
	has := func(want []string) bool {
		return slices.ContainsFunc(enums, func(e []string) bool { return slices.Equal(e, want) })
	}
	for name, set := range map[string][]string{
		"agreement status": sortedStrings(zigned.AgreementStatusDraft, zigned.AgreementStatusPending, zigned.AgreementStatusFulfilled,
			zigned.AgreementStatusCancelled, zigned.AgreementStatusGenerating, zigned.AgreementStatusFailedToGenerate,
			zigned.AgreementStatusOpen, zigned.AgreementStatusExpired),
		"participant status": sortedStrings(zigned.ParticipantStatusDraft, zigned.ParticipantStatusPending, zigned.ParticipantStatusInitiated,
			zigned.ParticipantStatusProcessing, zigned.ParticipantStatusFulfilled, zigned.ParticipantStatusRejected),
		"signing group status": sortedStrings(zigned.SigningGroupStatusDraft, zigned.SigningGroupStatusPending, zigned.SigningGroupStatusFulfilled),
		"identity enforcement": sortedStrings(zigned.IdentityEnforcementPending, zigned.IdentityEnforcementPassed, zigned.IdentityEnforcementFailed),
		"se_bid": sortedStrings(zigned.SEBankIDStatusComplete, zigned.SEBankIDStatusError, zigned.SEBankIDStatusFailed, zigned.SEBankIDStatusDraft,
			zigned.SEBankIDStatusPending, zigned.SEBankIDStatusInitializing, zigned.SEBankIDStatusCancelled),
		"verification_code": sortedStrings(zigned.VerificationCodeStatusConfirmed, zigned.VerificationCodeStatusDraft, zigned.VerificationCodeStatusPending,
			zigned.VerificationCodeStatusConfirmationFailed, zigned.VerificationCodeStatusUnableToSend, zigned.VerificationCodeStatusExpired,
			zigned.VerificationCodeStatusCancelled),
		"truid": sortedStrings(zigned.TruidStatusDraft, zigned.TruidStatusPending, zigned.TruidStatusFulfilled, zigned.TruidStatusFailed),
		"zealid": sortedStrings(zigned.ZealIDStatusDraft, zigned.ZealIDStatusAwaitingAuthentication, zigned.ZealIDStatusAwaitingSign,
			zigned.ZealIDStatusComplete, zigned.ZealIDStatusFailed),
		"trust level":        sortedStrings(zigned.TrustLevelSES, zigned.TrustLevelAES, zigned.TrustLevelQES),
		"locale":             sortedStrings(zigned.LocaleSwedish, zigned.LocaleEnglish),
		"role":               sortedStrings(zigned.RoleSigner, zigned.RoleApprover, zigned.RoleObserver),
		"observer scope":     sortedStrings(zigned.ObserverScopeCC, zigned.ObserverScopeViewer),
		"reminder intensity": sortedStrings(zigned.RemindersIntense, zigned.RemindersNormal),
		"cancellation types": sortedStrings(zigned.CancellationInvalidDocument, zigned.CancellationInvalidParticipant, zigned.CancellationInvalidEmail),
		"order":              sortedStrings(zigned.OrderAsc, zigned.OrderDesc),
		"mime types":         sortedStrings(zigned.MimeTypePDF, zigned.MimeTypePNG, zigned.MimeTypeJPEG),
		"webhook status":     sortedStrings(zigned.WebhookActive, zigned.WebhookInactive),
		"webhook type":       sortedStrings(zigned.WebhookProduction, zigned.WebhookDevelopment),
		"webhook scope":      sortedStrings(zigned.WebhookScopeGlobal, zigned.WebhookScopeUser, zigned.WebhookScopeClient),
		"custom":             sortedStrings(zigned.CancellationCustom),
		"swe_pno_crosscheck": sortedStrings(zigned.IdentityEnforcementSwePNOCrosscheck),
	} {
		assert.True(t, has(set), "%s %v is not an enum of the spec", name, set)
	}
	for _, m := range []zigned.SignatureMethod{zigned.SignatureMethodSEBankID, zigned.SignatureMethodVerificationCode,
		zigned.SignatureMethodTruid, zigned.SignatureMethodZealID} {
		assert.True(t, has([]string{string(m)}), "signature method %s", m)
	}
	for _, s := range []zigned.LifecycleStatus{zigned.LifecyclePending, zigned.LifecycleOpen, zigned.LifecycleCancelled} {
		assert.True(t, has([]string{string(s)}), "lifecycle %s", s)
	}
	for _, r := range []zigned.ResultType{zigned.ResultSingle, zigned.ResultList, zigned.ResultPaginatedList, zigned.ResultDeleted} {
		assert.True(t, has([]string{string(r)}), "result type %s", r)
	}
	assert.True(t, has([]string{zigned.EnvelopeVersion}), "envelope version")

	// Event names: the spec has 72; we add agreement.lifecycle.forwarded.
	var specEvents []string
	for _, e := range enums {
		if slices.Contains(e, "agreement.draft.created") {
			specEvents = e
			break
		}
	}
	require.Len(t, specEvents, 72)
	var ours []string
	for _, e := range zigned.EventTypes() {
		if e != zigned.EventAgreementLifecycleForwarded {
			ours = append(ours, string(e))
		}
	}
	slices.Sort(ours)
	assert.Equal(t, specEvents, ours)
	assert.False(t, slices.Contains(specEvents, string(zigned.EventAgreementLifecycleForwarded)))
}

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
