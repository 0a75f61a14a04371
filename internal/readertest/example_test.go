package readertest_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/esignkit/esign/internal/readertest"
)

// A decoder that forgets a field leaves it zero in a filled value it read
// back.
func Example() {
	type Doc struct {
		ID      string
		Created time.Time
		Tags    []string
		Pages   int
	}
	var in Doc
	readertest.Fill(reflect.ValueOf(&in).Elem())
	body, _ := json.Marshal(in)
	fmt.Println(string(body))

	var out Doc
	var all map[string]json.RawMessage
	_ = json.Unmarshal(body, &all)
	_ = json.Unmarshal(all["ID"], &out.ID) // a decoder that reads only ID
	_ = json.Unmarshal(all["Created"], &out.Created)
	fmt.Println(readertest.Unset(reflect.ValueOf(out), "Doc"))
	// Output:
	// {"ID":"x","Created":"2020-09-13T12:26:40Z","Tags":["x"],"Pages":1}
	// [Doc.Tags Doc.Pages]
}
