package fakeserver_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/esignkit/esign/internal/fakeserver"
)

type things struct{}

func (*things) Get()  {}
func (*things) List() {}

type sdkClient struct {
	Things *things
	Value  things // not a pointer: not a service
	Name   string
}

func (*sdkClient) Verify()        {}
func (*sdkClient) String() string { return "" }

func TestClientMethods(t *testing.T) {
	assert.Equal(t, []string{"Client.Verify", "Things.Get", "Things.List"}, fakeserver.ClientMethods(&sdkClient{}, "Client.String"))
}

func TestUnrequested(t *testing.T) {
	ops := []string{"GET webhooks", "GET webhooks/{id}", "GET webhooks/headers", "DELETE webhooks/{id}"}
	req := func(method, path string) fakeserver.Request { return fakeserver.Request{Method: method, Path: path} }
	assert.Equal(t, ops, fakeserver.Unrequested(ops, nil, "/api"))
	got := fakeserver.Unrequested(ops, []fakeserver.Request{
		req("GET", "/api/webhooks/"), req("GET", "/api/webhooks/headers/"), // literal wins: GET webhooks/{id} not hit
		req("DELETE", "/other/webhooks/1"), // outside the API
	}, "/api/")
	assert.Equal(t, []string{"GET webhooks/{id}", "DELETE webhooks/{id}"}, got)
	assert.Empty(t, fakeserver.Unrequested(ops[:2], []fakeserver.Request{req("GET", "/api/webhooks"), req("GET", "/api/webhooks/7")}, "api"))
}
