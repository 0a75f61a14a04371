package timeutil_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/esignkit/esign/internal/timeutil"
	"github.com/google/go-querystring/query"
)

// Provider timestamps come in many shapes; all decode to the same instant.
func ExampleTime() {
	var v struct {
		A timeutil.Time `json:"a"`
		B timeutil.Time `json:"b"`
		C timeutil.Time `json:"c"`
		D timeutil.Time `json:"d"`
	}
	_ = json.Unmarshal([]byte(`{"a":"2025-04-07 15:43:08+00:00","b":"2025-04-07T15:43:08Z","c":1744040588,"d":null}`), &v)
	fmt.Println(v.A.Format(time.RFC3339), v.A.Equal(v.B.Time), v.B.Equal(v.C.Time), v.D.IsZero())
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
	// Output:
	// 2025-04-07T15:43:08Z true true true
	// {"a":"2025-04-07T15:43:08Z","b":"2025-04-07T15:43:08Z","c":"2025-04-07T15:43:08Z","d":null}
}

func ExampleParse() {
	for _, s := range []string{"2025-04-07T15:43:08", "1744040588646", "2025-04-07"} {
		t, err := timeutil.Parse(s)
		fmt.Println(t.Format(time.RFC3339Nano), err)
	}
	// Output:
	// 2025-04-07T15:43:08Z <nil>
	// 2025-04-07T15:43:08.646Z <nil>
	// 2025-04-07T00:00:00Z <nil>
}

// Date encodes as YYYY-MM-DD in query strings and is omitted when zero.
func ExampleDate() {
	type ListOptions struct {
		CreatedAfter  timeutil.Date `url:"created_after,omitempty"`
		CreatedBefore timeutil.Date `url:"created_before,omitempty"`
	}
	v, _ := query.Values(ListOptions{CreatedAfter: timeutil.DateOf(time.Date(2025, 4, 7, 9, 0, 0, 0, time.UTC))})
	fmt.Println(v.Encode())
	// Output: created_after=2025-04-07
}

// A timestamp in a shape no layout matches is kept, not lost: the Time is
// zero, IsValid reports false, Raw returns the text and MarshalJSON writes
// it back. UnmarshalJSON still returns an error, which the SDK's tolerant
// decoder turns into a DecodeIssue on the response.
func ExampleTime_Raw() {
	var v struct {
		Created timeutil.Time `json:"created"`
	}
	err := json.Unmarshal([]byte(`{"created":"2020-05-20T:15:10"}`), &v)
	fmt.Println(err)
	fmt.Println(v.Created.IsValid(), v.Created.IsZero(), v.Created.Raw())
	out, _ := json.Marshal(v)
	fmt.Println(string(out))
	// Output:
	// unrecognized timestamp "2020-05-20T:15:10"
	// false true 2020-05-20T:15:10
	// {"created":"2020-05-20T:15:10"}
}
