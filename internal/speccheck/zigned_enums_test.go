package speccheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/esignkit/esign/zigned"
)

// specEnums returns every enum of a spec (components, parameters, bodies,
// answers) as a sorted list of its values' string forms.
func specEnums(s *Spec) [][]string {
	var out [][]string
	walkSchemas(s.Doc, func(_ string, sc *openapi3.Schema) {
		if len(sc.Enum) == 0 {
			return
		}
		vals := make([]string, len(sc.Enum))
		for i, v := range sc.Enum {
			vals[i] = fmt.Sprint(v)
		}
		slices.Sort(vals)
		out = append(out, vals)
	})
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

// TestZignedEnums checks that each typed constant set of the zigned package
// equals an enum of the spec, and that every event name of the spec has a
// constant.
func TestZignedEnums(t *testing.T) {
	enums := specEnums(Load(t, "zigned"))
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
		if !has(set) {
			t.Errorf("%s %v is not an enum of the spec", name, set)
		}
	}
	for _, m := range []zigned.SignatureMethod{zigned.SignatureMethodSEBankID, zigned.SignatureMethodVerificationCode,
		zigned.SignatureMethodTruid, zigned.SignatureMethodZealID} {
		if !has([]string{string(m)}) {
			t.Errorf("signature method %s is not an enum of the spec", m)
		}
	}
	for _, s := range []zigned.LifecycleStatus{zigned.LifecyclePending, zigned.LifecycleOpen, zigned.LifecycleCancelled} {
		if !has([]string{string(s)}) {
			t.Errorf("lifecycle %s is not an enum of the spec", s)
		}
	}
	for _, r := range []zigned.ResultType{zigned.ResultSingle, zigned.ResultList, zigned.ResultPaginatedList, zigned.ResultDeleted} {
		if !has([]string{string(r)}) {
			t.Errorf("result type %s is not an enum of the spec", r)
		}
	}
	if !has([]string{zigned.EnvelopeVersion}) {
		t.Errorf("envelope version %s is not an enum of the spec", zigned.EnvelopeVersion)
	}

	// Event names: the spec has 72; the package adds agreement.lifecycle.forwarded.
	var specEvents []string
	for _, e := range enums {
		if slices.Contains(e, "agreement.draft.created") {
			specEvents = e
			break
		}
	}
	if len(specEvents) != 72 {
		t.Fatalf("the spec's event enum has %d names, want 72", len(specEvents))
	}
	var ours []string
	for _, e := range zigned.EventTypes() {
		if e != zigned.EventAgreementLifecycleForwarded {
			ours = append(ours, string(e))
		}
	}
	slices.Sort(ours)
	if !slices.Equal(specEvents, ours) {
		t.Errorf("event types differ from the spec's:\n spec %v\n ours %v", specEvents, ours)
	}
	if slices.Contains(specEvents, string(zigned.EventAgreementLifecycleForwarded)) {
		t.Errorf("%s is in the spec now: count it", zigned.EventAgreementLifecycleForwarded)
	}
}

// zignedErrorBodies are error answers in the shape the zigned package's
// error tests decode (a 401 and a 404; the spec's request_id is a UUID).
var zignedErrorBodies = []string{
	`{"status":"error","error":{"code":401,"message":"Invalid or expired access token","request_id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}}`,
	`{"status":"error","error":{"code":404,"message":"nope","request_id":"0b9d3f5e-1c2a-4b7e-9f00-5d6c7b8a9e10"}}`,
}

// TestZignedErrorShape checks that every operation documents its errors with
// one schema, that the error bodies the zigned package's tests decode are
// that schema, and that the client reads the spec's own error answer into an
// *zigned.APIError with its message.
func TestZignedErrorShape(t *testing.T) {
	s := Load(t, "zigned")
	n := 0
	var schema *openapi3.SchemaRef
	for _, op := range s.Operations() {
		method, path, _ := cutOp(op)
		resp := s.Doc.Paths.Value(path).GetOperation(method).Responses.Value("400")
		if resp == nil || resp.Value == nil || resp.Value.Content.Get("application/json") == nil {
			t.Errorf("%s documents no JSON 400 answer", op)
			continue
		}
		sc := resp.Value.Content.Get("application/json").Schema
		for _, body := range zignedErrorBodies {
			var v any
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			if err := sc.Value.VisitJSON(v, schemaOptions()...); err != nil {
				t.Errorf("%s: %s does not validate: %v", op, body, oneLine(err.Error()))
			}
		}
		schema = sc
		n++
	}
	if n != 62 {
		t.Errorf("%d operations document a 400 answer, want 62", n)
	}
	if schema == nil {
		return
	}
	m := NewMock(t, s)
	errBody := mustJSON(Sample(schema))
	m.Override("GET /agreements/{agreement_id}", func(_ *http.Request, a *Answer) {
		a.Status, a.Body = http.StatusBadRequest, []byte(errBody)
	})
	c, err := zigned.NewClientWithToken("tok_test", zOptions(zigned.WithBaseURL(m.URL))...)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Agreements.Get(context.Background(), agreementID)
	var apiErr *zigned.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, zigned.ErrBadRequest) {
		t.Fatalf("the spec's error answer %s: got %v, want an *APIError matching ErrBadRequest", errBody, err)
	}
	if apiErr.Message == "" {
		t.Errorf("the spec's error answer %s: the message was not read (%+v)", errBody, apiErr)
	}
	for _, ex := range m.Exchanges() {
		for _, p := range ex.Response.Problems {
			t.Errorf("the mock's error answer does not validate: %s", p)
		}
	}
}
