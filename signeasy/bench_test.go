package signeasy

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

func BenchmarkConstructEvent(b *testing.B) {
	body := fixture(b, "rs.completed.v2.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		if _, err := ConstructEvent(body, nil, docToken); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseEvent(b *testing.B) {
	body := fixture(b, "rs.completed.v2.json")
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		if _, err := ParseEvent(body); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeOriginalsList decodes a 100-item {"count","files"} answer.
func BenchmarkDecodeOriginalsList(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"count": 100, "files": [`)
	for i := range 100 {
		if i > 0 {
			sb.WriteString(",")
		}
		fmt.Fprintf(&sb, `{"id": %d, "name": "Document %d.pdf", "created_time": 1557465368, "last_modified_time": 1557465371}`, i+1, i)
	}
	sb.WriteString(`]}`)
	body := []byte(sb.String())
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		var l list[Original]
		if err := json.Unmarshal(body, &l); err != nil || len(l) != 100 {
			b.Fatal(err, len(l))
		}
	}
}

// BenchmarkDecodeCallbackList decodes a v2 GET /callback/ answer with 20 URLs.
func BenchmarkDecodeCallbackList(b *testing.B) {
	var urls, entries []string
	for i := range 20 {
		u := fmt.Sprintf("https://app%d.example/hooks/signeasy", i)
		urls = append(urls, fmt.Sprintf("%q", u))
		entries = append(entries, fmt.Sprintf(`%q: {"token": "token-number-%d-long-enough", "events": ["rs.completed", "rs.signed", "rs.voided"]}`, u, i))
	}
	body := []byte(`{"callback_urls": [` + strings.Join(urls, ",") + `], ` + strings.Join(entries, ",") + `}`)
	b.ReportAllocs()
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	for range b.N {
		var l callbackList
		if err := json.Unmarshal(body, &l); err != nil || len(l) != 20 {
			b.Fatal(err, len(l))
		}
	}
}
