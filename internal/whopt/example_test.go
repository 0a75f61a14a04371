package whopt_test

import (
	"fmt"

	"github.com/esignkit/esign/internal/whopt"
)

// A provider package defines its own option by writing to its slot; Apply
// reads a list of them (webhook.Option values pass as they are).
func ExampleApply() {
	allowV1 := func(c *whopt.Config) { c.Signeasy.AllowV1 = true }
	limit := func(c *whopt.Config) { c.MaxBodyBytes = 4 << 20 }
	cfg := whopt.Apply([]func(*whopt.Config){allowV1, nil, limit})
	fmt.Println(cfg.Signeasy.AllowV1, cfg.MaxBody(), cfg.Window(), cfg.ProviderOnly())
	fmt.Println(whopt.Apply[func(*whopt.Config)](nil).MaxBody())
	// Output:
	// true 4194304 5m0s a signeasy option
	// 1048576
}
