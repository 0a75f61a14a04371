package tolerant_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
	"github.com/esignkit/esign/webhook"
	"github.com/esignkit/esign/zigned"
)

// The providers' real types, fed what their specs and evidence show they
// send. (This external test package may import the provider packages even
// once they import tolerant.)

func paths(issues []webhook.DecodeIssue) []string {
	var out []string
	for _, is := range issues {
		out = append(out, is.Path)
	}
	return out
}

func wantPaths(t *testing.T, issues []webhook.DecodeIssue, want ...string) {
	t.Helper()
	got := paths(issues)
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Fatalf("issue paths:\n got %q\nwant %q\n%v", got, want, issues)
	}
}

// BlueInk's spec types completed_at, last_accessed_at and expires as plain
// strings, so a mock built from it answers "string"; the prose reference
// and real answers also show shapes drifting inside a list page.
func TestBlueInkPageKeepsEveryBundle(t *testing.T) {
	page := []byte(`[
	 {"id":"b0","created":"2024-10-01 15:43:08.646752+00:00","status":"co",
	  "packets":[{"id":"p0","completed_at":"string","last_accessed_at":"string","order":"None"},{"id":"p1","order":2}]},
	 {"id":"b1","tags":"needs-attention","packets":{"id":"p2"},"is_test":"false","label":"kept"},
	 {"id":"b2","created":"2024-10-01T15:43:08Z","tags":["q4"],"packets":[{"id":"p3","completed_at":1727795588}]}
	]`)
	var old []*blueink.Bundle
	if err := json.Unmarshal(page, &old); err == nil {
		t.Fatal("fixture decodes with encoding/json: it would not show the drift")
	}

	var list []*blueink.Bundle
	issues, err := tolerant.Decode(page, &list, tolerant.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, issues,
		"[0].packets[0].completed_at", "[0].packets[0].last_accessed_at", "[0].packets[0].order",
		"[1].tags", "[1].packets", "[1].is_test")
	if len(list) != 3 || list[0].ID != "b0" || list[1].Label != "kept" || list[2].Tags[0] != "q4" {
		t.Fatalf("page: %+v", list)
	}
	p0 := list[0].Packets[0]
	if p0.ID != "p0" || p0.CompletedAt.IsValid() || p0.CompletedAt.Raw() != "string" || !p0.CompletedAt.IsZero() || p0.Order != 0 {
		t.Fatalf("packet 0: %+v", p0)
	}
	if list[0].Packets[1].Order != 2 || list[0].Created.Year() != 2024 || list[2].Packets[0].CompletedAt.Year() != 2024 {
		t.Fatalf("clean values: %+v %+v", list[0], list[2])
	}
	if issues[0].Raw != `"string"` || !strings.Contains(issues[0].Err.Error(), `unrecognized timestamp "string"`) {
		t.Fatalf("issue 0: %+v", issues[0])
	}

	// Strict mode reports the same issues as an error.
	_, err = tolerant.Decode(page, new([]*blueink.Bundle), tolerant.Options{Strict: true})
	var is webhook.DecodeIssue
	if !errors.As(err, &is) || is.Path != "[0].packets[0].completed_at" {
		t.Fatalf("strict: %v", err)
	}

	// Not the expected top-level shape: Templates.List expects an array,
	// the prose reference answers one object.
	if _, err := tolerant.Decode([]byte(`{"id":"t1","name":"NDA"}`), new([]*blueink.Template), tolerant.Options{}); err == nil {
		t.Fatal("an object for a list decoded without error")
	}
}

// Zigned agreements: a bad timestamp and a wrong shape among typed fields.
func TestZignedAgreement(t *testing.T) {
	doc := []byte(`{"id":"agr_1","status":"draft","test_mode":"yes","expires_at":"next week",
	  "issuer":{"name":"Jane","email":["jane@example.com"]},"created_at":"2025-04-07T15:43:08.000Z"}`)
	var a zigned.Agreement
	issues, err := tolerant.Decode(doc, &a, tolerant.Options{})
	if err != nil {
		t.Fatal(err)
	}
	wantPaths(t, issues, "test_mode", "expires_at", "issuer.email")
	if a.ID != "agr_1" || a.Issuer.Name != "Jane" || a.CreatedAt.Year() != 2025 || a.ExpiresAt.Raw() != "next week" {
		t.Fatalf("%+v", a)
	}
}
