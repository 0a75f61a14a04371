// Benchmarks of Decode against encoding/json on a page of 100 BlueInk
// bundles (two packets and two documents each):
//
//	go test -run '^$' -bench . -benchmem ./internal/tolerant
//
// Page100/json and Page100/clean must match (issue 17: a body that parses
// costs what json.Unmarshal costs); one-bad and all-bad measure the second
// pass; Adversarial is 1 MiB of items that all fail.

package tolerant_test

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/internal/tolerant"
)

// page100 encodes 100 bundles built in Go.
func page100(tb testing.TB) []byte {
	at := time.Date(2024, 10, 1, 15, 43, 8, 646752000, time.UTC)
	list := make([]*blueink.Bundle, 100)
	for i := range list {
		b := &blueink.Bundle{
			ID: "bndl" + strings.Repeat("0", 4) + string(rune('a'+i%26)), Label: "TPS report", InOrder: true,
			EmailSubject: "eSignature Request", EmailMessage: "Here are the TPS reports that need your signature.",
			RequesterName: "Bill Lumbergh", RequesterEmail: "tps.reports@example.com", CCEmails: []string{"tom@example.com"},
			CustomKey: "tps", Team: "95527efb-6695-4aae-916e-c9869b1fb2bd", Status: blueink.BundleComplete,
			Created: blueink.Time{Time: at}, DocsReady: true, Tags: []string{"needs-attention", "q4"},
			Documents: []blueink.BundleDocument{{Key: "w9", Name: "fw9.pdf"}, {Key: "doc-02", Name: "Services Agreement"}},
		}
		for j := range 2 {
			b.Packets = append(b.Packets, &blueink.Packet{
				ID: "pkt" + string(rune('a'+j)), Key: "signer", Name: "Peter Gibbons", Email: "peter@example.com",
				Phone: "505 555 1234", AuthSMS: true, PersonID: "087e858e-473c-4f50-b5b0-c1df6c021550",
				Status: blueink.PacketComplete, DeliverVia: blueink.DeliverViaEmail, Order: j + 1,
				CompletedAt: blueink.Time{Time: at}, LastAccessedAt: blueink.Time{Time: at},
			})
		}
		list[i] = b
	}
	out, err := json.Marshal(list)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// spoil replaces the first n occurrences of old (all when n < 0).
func spoil(page []byte, old, new string, n int) []byte {
	return bytes.Replace(page, []byte(old), []byte(new), n)
}

func BenchmarkPage100(b *testing.B) {
	clean := page100(b)
	// one-bad: the last packet's order is "None", a type error at the very
	// end, so the first pass runs to the end before the second starts (the
	// worst case for one bad value). all-bad: every bundle's created is
	// "None" (its UnmarshalJSON fails, which stops the first pass at once).
	order := []byte(`"order":2`)
	last := bytes.LastIndex(clean, order)
	oneBad := append(append(append([]byte(nil), clean[:last]...), `"order":"None"`...), clean[last+len(order):]...)
	allBad := spoil(clean, `"created":"2024-10-01T15:43:08.646752Z"`, `"created":"None"`, -1)
	if last < 0 || bytes.Count(allBad, []byte(`"None"`)) != 100 {
		b.Fatal("fixture does not contain the field to spoil")
	}
	run := func(name string, data []byte, wantIssues int, decode func([]byte, *[]*blueink.Bundle) int) {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for range b.N {
				var list []*blueink.Bundle
				if n := decode(data, &list); n != wantIssues || len(list) != 100 {
					b.Fatalf("%d issues, %d bundles", n, len(list))
				}
			}
		})
	}
	plain := func(data []byte, v *[]*blueink.Bundle) int {
		if err := json.Unmarshal(data, v); err != nil {
			b.Fatal(err)
		}
		return 0
	}
	tol := func(data []byte, v *[]*blueink.Bundle) int {
		issues, err := tolerant.Decode(data, v, tolerant.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return len(issues)
	}
	run("json", clean, 0, plain)
	run("clean", clean, 0, tol)
	run("one-bad", oneBad, 1, tol)
	run("all-bad", allBad, 100, tol)
}

// BenchmarkAdversarial decodes 1 MiB of list items that all fail: the work
// stays linear and the issue list capped.
func BenchmarkAdversarial(b *testing.B) {
	item := `{"a":"x","b":[1,{"c":true}],"d":"e"},`
	data := []byte("[" + strings.Repeat(item, (1<<20)/len(item)) + `{}]`)
	type row struct {
		A int      `json:"a"`
		B []string `json:"b"`
		D string   `json:"d"`
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for range b.N {
		var rows []row
		issues, err := tolerant.Decode(data, &rows, tolerant.Options{})
		if err != nil || len(issues) != tolerant.DefaultMaxIssues+1 || rows[0].D != "e" {
			b.Fatalf("%d issues, %v", len(issues), err)
		}
	}
}

// BenchmarkBody compares, for the lead's wiring of rest.Client.Do, today's
// streamed json.NewDecoder(LimitedReader).Decode with reading the body into
// memory (sized from Content-Length when known) and calling Decode.
func BenchmarkBody(b *testing.B) {
	page := page100(b)
	const limit = 64 << 20
	b.Run("stream-decoder", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var list []*blueink.Bundle
			lr := &io.LimitedReader{R: bytes.NewReader(page), N: limit + 1}
			if err := json.NewDecoder(lr).Decode(&list); err != nil || len(list) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("readall-decode", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var list []*blueink.Bundle
			body, err := io.ReadAll(io.LimitReader(bytes.NewReader(page), limit+1))
			if err != nil {
				b.Fatal(err)
			}
			if _, err := tolerant.Decode(body, &list, tolerant.Options{}); err != nil || len(list) != 100 {
				b.Fatal(err)
			}
		}
	})
	b.Run("sized-read-decode", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var list []*blueink.Bundle
			buf := bytes.NewBuffer(make([]byte, 0, len(page)+bytes.MinRead)) // Content-Length + room to see EOF
			if _, err := buf.ReadFrom(io.LimitReader(bytes.NewReader(page), limit+1)); err != nil {
				b.Fatal(err)
			}
			if _, err := tolerant.Decode(buf.Bytes(), &list, tolerant.Options{}); err != nil || len(list) != 100 {
				b.Fatal(err)
			}
		}
	})
}
