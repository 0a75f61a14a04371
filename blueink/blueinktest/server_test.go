package blueinktest_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/blueink"
	"github.com/esignkit/esign/blueink/blueinktest"
)

// Printing a server, however it is formatted, shows its URL and never its
// API key or webhook secret.
func TestServerNeverPrintsItsSecrets(t *testing.T) {
	srv := blueinktest.NewServer(t, blueinktest.WithAPIKey("k3y-never-printed"), blueinktest.WithWebhookSecret("s3cret-never-printed"))
	for _, out := range []string{
		fmt.Sprintf("%v|%+v|%#v|%s|%q", srv, srv, srv, srv, srv),
		fmt.Sprint(srv), srv.String(),
		fmt.Sprintf("%v", []any{srv}),
	} {
		assert.Contains(t, out, srv.URL())
		assert.NotContains(t, out, "k3y-never-printed")
		assert.NotContains(t, out, "s3cret-never-printed")
	}
	var nilSrv *blueinktest.Server
	assert.Equal(t, "blueinktest.Server(nil)", fmt.Sprint(nilSrv))
}

// fatalTB records Fatalf (and stops the goroutine, as testing does) and
// runs cleanups on demand; every other method of testing.TB is unused.
type fatalTB struct {
	testing.TB
	fatal    string
	cleanups []func()
}

func (f *fatalTB) Helper()           {}
func (f *fatalTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.fatal = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// Client with invalid options fails the test of a NewServer server instead
// of panicking.
func TestClientWithInvalidOptionsFailsTheTest(t *testing.T) {
	tb := &fatalTB{}
	done := make(chan *blueink.Client)
	go func() {
		var c *blueink.Client
		defer func() { done <- c }()
		srv := blueinktest.NewServer(tb)
		c = srv.Client(blueink.WithMaxRetries(-1))
	}()
	c := <-done
	for _, fn := range tb.cleanups {
		fn()
	}
	assert.Nil(t, c)
	require.NotEmpty(t, tb.fatal)
	assert.True(t, strings.HasPrefix(tb.fatal, "blueinktest: Client: "), tb.fatal)
	assert.Contains(t, tb.fatal, "max retries")
}
