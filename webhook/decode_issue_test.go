package webhook

import (
	"errors"
	"io"
	"testing"
)

func TestDecodeIssueError(t *testing.T) {
	cases := []struct {
		in   DecodeIssue
		want string
	}{
		{DecodeIssue{Path: "a[1].b", Raw: `"x"`, Err: io.EOF}, `a[1].b: EOF (got "x")`},
		{DecodeIssue{Path: "a"}, "a: did not decode"},
		{DecodeIssue{Err: ErrTooManyDecodeIssues}, "too many values did not decode"},
	}
	for _, c := range cases {
		if got := c.in.Error(); got != c.want {
			t.Errorf("%#v.Error() = %q, want %q", c.in, got, c.want)
		}
	}
	var err error = DecodeIssue{Path: "x", Err: io.EOF}
	if !errors.Is(err, io.EOF) {
		t.Fatal("Unwrap")
	}
}
