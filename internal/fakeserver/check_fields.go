package fakeserver

import "slices"

// Fields returns the field problems recorded so far, in order: how a
// handler tells whether one part of a request added any (BlueInk checks
// references to packets only once the packets are valid), and what it
// keeps of problems it reports later rather than refusing the request
// (BlueInk's asynchronous document errors).
func (k *Check) Fields() []FieldError { return slices.Clone(k.fields) }
