package speccheck

import (
	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/legacyv1"
	"github.com/esignkit/esign/signeasy"
	"github.com/esignkit/esign/zigned"
)

// The option lists of every client these tests build, one per provider:
// against the spec mocks, the Signeasy table mock and the fakes alike.
// An option every test wants (no retries, strict decoding: an answer the
// SDK does not fully understand fails the test) is added here, once per
// provider. The clients of the spec-example drivers (runDrivers) decode
// tolerantly instead (xTolerant): the harness checks every value that did
// not decode against excusedDecode, and that the call succeeded anyway.

func biOptions(opts ...blueink.Option) []blueink.Option {
	return append([]blueink.Option{blueink.WithMaxRetries(0), blueink.WithStrictDecoding()}, opts...)
}

func biTolerant(opts ...blueink.Option) []blueink.Option {
	return append([]blueink.Option{blueink.WithMaxRetries(0)}, opts...)
}

func zOptions(opts ...zigned.Option) []zigned.Option {
	return append([]zigned.Option{zigned.WithMaxRetries(0), zigned.WithStrictDecoding()}, opts...)
}

func zTolerant(opts ...zigned.Option) []zigned.Option {
	return append([]zigned.Option{zigned.WithMaxRetries(0)}, opts...)
}

func lsOptions(opts ...legacyv1.Option) []legacyv1.Option {
	return append([]legacyv1.Option{legacyv1.WithMaxRetries(0), legacyv1.WithStrictDecoding()}, opts...)
}

func lsTolerant(opts ...legacyv1.Option) []legacyv1.Option {
	return append([]legacyv1.Option{legacyv1.WithMaxRetries(0)}, opts...)
}

func seOptions(opts ...signeasy.Option) []signeasy.Option {
	return append([]signeasy.Option{signeasy.WithMaxRetries(0), signeasy.WithStrictDecoding()}, opts...)
}
