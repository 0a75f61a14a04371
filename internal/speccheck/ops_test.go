package speccheck

import (
	"os"
	"testing"
)

func TestPrintOps(t *testing.T) {
	if os.Getenv("PRINT_OPS") == "" {
		t.Skip()
	}
	s := Load(t, os.Getenv("PRINT_OPS"))
	for _, op := range s.Operations() {
		t.Log(op)
	}
}
