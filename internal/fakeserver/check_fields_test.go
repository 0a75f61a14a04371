package fakeserver_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	fs "github.com/esignkit/esign/internal/fakeserver"
)

// Fields lists the field problems recorded so far, whatever error the
// Check answers, and is a copy.
func TestCheckFields(t *testing.T) {
	k := new(fs.Check)
	assert.Empty(t, k.Fields())
	k.Add(fs.Errorf(http.StatusConflict, "first")).Field(false, "a", "fine").Field(true, "b", "b is bad")
	got := k.Fields()
	assert.Equal(t, []fs.FieldError{{Field: "b", Message: "b is bad"}}, got)
	got[0].Message = "changed"
	k.Field(true, "c", "c is bad")
	assert.Equal(t, []fs.FieldError{{Field: "b", Message: "b is bad"}, {Field: "c", Message: "c is bad"}}, k.Fields())
	assert.Equal(t, http.StatusConflict, k.Err().Status, "the added error still answers")
}
