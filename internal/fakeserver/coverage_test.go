package fakeserver

import (
	"reflect"
	"testing"
)

type svc struct{}

func (*svc) Get()  {}
func (*svc) List() {}

func TestClientMethods(t *testing.T) {
	client := &struct {
		Books   *svc
		Authors *svc
		_       *svc
		Name    string
	}{}
	want := []string{"Books.Get", "Books.List", "Authors.Get", "Authors.List"}
	if got := ClientMethods(client); !reflect.DeepEqual(got, want) {
		t.Fatalf("ClientMethods = %v, want %v", got, want)
	}
}

func TestUnrequested(t *testing.T) {
	ops := []string{"GET document/{docId}", "POST document", "DELETE document/{docId}", "GET group"}
	reqs := []Request{
		{Method: "GET", Path: "/api/v1/document/abc/"},
		{Method: "POST", Path: "/api/v1/document/"},
		{Method: "DELETE", Path: "/api/v1/document//"}, // empty id: no match
		{Method: "GET", Path: "/elsewhere/group/"},     // outside the API base
	}
	got := Unrequested(ops, reqs, "/api/v1/")
	want := []string{"DELETE document/{docId}", "GET group"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Unrequested = %v, want %v", got, want)
	}
}
