package webhook_test

import (
	"errors"
	"fmt"

	"github.com/esignkit/esign/webhook"
)

// A response's DecodeIssues say which values did not decode; the last
// entry of a list cut short says how many more there were.
func ExampleDecodeIssue() {
	issues := []webhook.DecodeIssue{
		{Path: "objects[3].created", Raw: `"2020-05-20T:15:10"`, Err: errors.New(`unrecognized timestamp "2020-05-20T:15:10"`)},
		{Err: fmt.Errorf("%w: 7 more not listed", webhook.ErrTooManyDecodeIssues)},
	}
	for _, is := range issues {
		if errors.Is(is.Err, webhook.ErrTooManyDecodeIssues) {
			fmt.Println("…", is.Err)
			continue
		}
		fmt.Println(is.Path, "=", is.Raw)
		fmt.Println(is)
	}
	// Output:
	// objects[3].created = "2020-05-20T:15:10"
	// objects[3].created: unrecognized timestamp "2020-05-20T:15:10" (got "2020-05-20T:15:10")
	// … too many values did not decode: 7 more not listed
}
