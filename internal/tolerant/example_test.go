package tolerant_test

import (
	"fmt"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/esignkit/esign/internal/tolerant"
)

// One bad value inside a page: the page decodes, the value keeps its zero
// value (a Time keeps its text), and the issue says where.
func ExampleDecode() {
	type Doc struct {
		ID      string        `json:"id"`
		Created timeutil.Time `json:"created"`
		Pages   int           `json:"pages"`
		Signers []string      `json:"signers"`
	}
	body := []byte(`{"objects":[
		{"id":"a","created":"2025-04-07T15:43:08Z","pages":3,"signers":["x"]},
		{"id":"b","created":"2020-05-20T:15:10","pages":"None","signers":"x, y"}]}`)
	var page struct {
		Objects []Doc `json:"objects"`
	}
	issues, err := tolerant.Decode(body, &page, tolerant.Options{})
	fmt.Println(len(page.Objects), err)
	for _, is := range issues {
		fmt.Println(is.Path, is.Raw)
	}
	b := page.Objects[1]
	fmt.Println(b.ID, b.Created.IsValid(), b.Created.Raw(), b.Pages, b.Signers == nil)

	// Not the expected top-level shape: an error.
	_, err = tolerant.Decode([]byte(`[]`), &page, tolerant.Options{})
	fmt.Println(err)
	// Output:
	// 2 <nil>
	// objects[1].created "2020-05-20T:15:10"
	// objects[1].pages "None"
	// objects[1].signers "x, y"
	// b false 2020-05-20T:15:10 0 true
	// json: cannot unmarshal array into Go value of type struct { Objects []tolerant_test.Doc "json:\"objects\"" }
}
