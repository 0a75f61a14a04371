package webhook

import (
	"context"
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"
)

// A provider retrying a slow delivery must not get 200 for the retry while
// the first attempt is still being handled: if the first then failed, the
// event would be lost. The retry gets 409 (try later); once the first
// attempt failed and released its claim, the next retry is handled.
func TestHandlerDuplicateWhileInFlightIsRetriedLater(t *testing.T) {
	h := NewHandler(testProvider(t), WithDedupe(nil, time.Hour))
	entered := make(chan struct{})
	release := make(chan error)
	var calls atomic.Int32
	h.OnAny(func(context.Context, Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			return <-release
		}
		return nil
	})

	first := make(chan int, 1)
	go func() { first <- serve(h, signedRequest(createdBody)).Code }()
	<-entered
	equal(t, "retry while the first is in flight", serve(h, signedRequest(createdBody)).Code, http.StatusConflict)
	release <- errors.New("db down")
	equal(t, "first attempt", <-first, http.StatusInternalServerError)
	equal(t, "next retry", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "handled afterwards", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "handler calls", calls.Load(), int32(2))
}

// Once the first attempt succeeded, a duplicate is a plain 200.
func TestHandlerDuplicateAfterSuccessIs200(t *testing.T) {
	h := NewHandler(testProvider(t), WithDedupe(nil, time.Hour))
	entered := make(chan struct{})
	release := make(chan struct{})
	var calls atomic.Int32
	h.OnAny(func(context.Context, Event) error {
		if calls.Add(1) == 1 {
			close(entered)
			<-release
		}
		return nil
	})
	first := make(chan int, 1)
	go func() { first <- serve(h, signedRequest(createdBody)).Code }()
	<-entered
	equal(t, "in flight", serve(h, signedRequest(createdBody)).Code, http.StatusConflict)
	close(release)
	equal(t, "first", <-first, http.StatusOK)
	equal(t, "duplicate", serve(h, signedRequest(createdBody)).Code, http.StatusOK)
	equal(t, "handler calls", calls.Load(), int32(1))
}
