package fakeserver_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/esignkit/esign/internal/fakeserver"
)

type closer struct{ closed *bool }

func (c closer) Close() { *c.closed = true }

func TestCloseOnCleanup(t *testing.T) {
	closed := false
	t.Run("inner", func(t *testing.T) {
		c := fakeserver.CloseOnCleanup(t, closer{&closed})
		assert.NotNil(t, c.closed)
		assert.False(t, closed)
	})
	assert.True(t, closed)
}
