package speccheck

import "testing"

// TestSpecExamples validates every example of every spec against its
// schema; bad examples are excused by name in excuses.go.
func TestSpecExamples(t *testing.T) {
	for _, name := range []string{"blueink", "zigned", "zigned-oauth", "legalesign"} {
		t.Run(name, func(t *testing.T) {
			s := Load(t, name)
			n, bad := 0, 0
			for _, e := range s.Examples() {
				n++
				probs, _ := s.CheckExample(e)
				for _, p := range probs {
					bad++
					t.Errorf("%s: %s", e.At, p)
				}
			}
			t.Logf("%d examples", n)
		})
	}
}
