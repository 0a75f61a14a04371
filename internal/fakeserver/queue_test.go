package fakeserver

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRequestsRecordedAndCopied(t *testing.T) {
	var rec queue[Request]
	assert.Empty(t, rec.all())

	r := httptest.NewRequest(http.MethodPost, "http://fake.test/api/v2/bundles/?page=2&q=a%20b", strings.NewReader("ignored"))
	r.Header.Set("Authorization", "Token k")
	got := newRequest(r, []byte(`{"a":1}`))
	rec.add(got)
	r.Header.Set("Authorization", "changed") // the recorded header is a copy

	reqs := rec.all()
	require.Len(t, reqs, 1)
	assert.Equal(t, got, reqs[0])
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/api/v2/bundles/", reqs[0].Path)
	assert.Equal(t, "2", reqs[0].Query.Get("page"))
	assert.Equal(t, "a b", reqs[0].Query.Get("q"))
	assert.Equal(t, "Token k", reqs[0].Header.Get("Authorization"))
	assert.JSONEq(t, `{"a":1}`, string(reqs[0].Body))

	reqs[0].Method = "MUTATED" // all returns a copy
	rec.add(newRequest(httptest.NewRequest(http.MethodGet, "/second", nil), nil))
	again := rec.all()
	require.Len(t, again, 2)
	assert.Equal(t, http.MethodPost, again[0].Method)
	assert.Equal(t, "/second", again[1].Path)

	rec.reset()
	assert.Empty(t, rec.all())
}

func TestQueue(t *testing.T) {
	var q queue[int]
	assert.Nil(t, q.all())
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); q.add(i) }()
	}
	wg.Wait()
	want := make([]int, 50)
	for i := range want {
		want[i] = i
	}
	assert.ElementsMatch(t, want, q.all())
	q.reset()
	assert.Empty(t, q.all())
}

func TestFaultsFIFO(t *testing.T) {
	var f queue[fault]
	_, ok := f.take()
	assert.False(t, ok)

	f.add(fault{http.StatusTooManyRequests, 1500 * time.Millisecond})
	f.add(fault{http.StatusServiceUnavailable, 0})
	assert.Len(t, f.all(), 2)

	ft, ok := f.take()
	require.True(t, ok)
	assert.Equal(t, fault{http.StatusTooManyRequests, 1500 * time.Millisecond}, ft)
	ft, ok = f.take()
	require.True(t, ok)
	assert.Equal(t, fault{http.StatusServiceUnavailable, 0}, ft)
	_, ok = f.take()
	assert.False(t, ok)
	assert.Empty(t, f.all())
}

func TestRetryAfterRoundsUp(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, ""},
		{-time.Second, ""},
		{time.Nanosecond, "1"},
		{time.Second, "1"},
		{time.Second + time.Millisecond, "2"},
		{1500 * time.Millisecond, "2"},
		{2001 * time.Millisecond, "3"},
		{2 * time.Minute, "120"},
		{time.Duration(1<<63 - 1), "9223372037"},
	} {
		assert.Equal(t, c.want, retryAfter(c.d), c.d)
	}
}
