package readme

import (
	"fmt"
	"slices"
)

// The body TestREADME compiles for a README block starting at line 40:
// the block's code on the same lines, with `_ = x` for each variable and
// a check of each err the block does not look at.
func Example_prepare() {
	code := "c, err := blueink.NewClient(apiKey) // apiKey: from the prelude\n" +
		"_, _, err = c.Bundles.Get(ctx, slug)\n" +
		"fmt.Println(errors.Is(err, blueink.ErrNotFound))\n"
	g, err := prepare(snippet{Line: 40, Code: code}, map[string]bool{"apiKey": true, "ctx": true, "slug": true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(g.Body)
	var imports []string
	for name := range g.Imports {
		imports = append(imports, g.Imports[name].path)
	}
	slices.Sort(imports)
	fmt.Println(g.Provider, imports)
	// Output:
	// c, err := blueink.NewClient(apiKey); _ = c; _ = err; if err != nil { return readmeErr(40, err) } // apiKey: from the prelude
	// _, _, err = c.Bundles.Get(ctx, slug)
	// fmt.Println(errors.Is(err, blueink.ErrNotFound))
	// blueink [errors fmt github.com/esignkit/esign/blueink]
}
