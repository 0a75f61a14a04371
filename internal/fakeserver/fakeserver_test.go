package fakeserver_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/esignkit/esign/internal/fakeserver"
)

func TestRecorderRecordsAndCopies(t *testing.T) {
	var rec fakeserver.Recorder
	assert.Empty(t, rec.Requests())

	r := httptest.NewRequest(http.MethodPost, "http://fake.test/api/v2/bundles/?page=2&q=a%20b", strings.NewReader("ignored"))
	r.Header.Set("Authorization", "Token k")
	got := rec.Record(r, []byte(`{"a":1}`))
	r.Header.Set("Authorization", "changed") // the recorded header is a copy

	reqs := rec.Requests()
	require.Len(t, reqs, 1)
	assert.Equal(t, got, reqs[0])
	assert.Equal(t, http.MethodPost, reqs[0].Method)
	assert.Equal(t, "/api/v2/bundles/", reqs[0].Path)
	assert.Equal(t, "2", reqs[0].Query.Get("page"))
	assert.Equal(t, "a b", reqs[0].Query.Get("q"))
	assert.Equal(t, "Token k", reqs[0].Header.Get("Authorization"))
	assert.JSONEq(t, `{"a":1}`, string(reqs[0].Body))

	reqs[0].Method = "MUTATED" // Requests returns a copy
	rec.Record(httptest.NewRequest(http.MethodGet, "/second", nil), nil)
	again := rec.Requests()
	require.Len(t, again, 2)
	assert.Equal(t, http.MethodPost, again[0].Method)
	assert.Equal(t, "/second", again[1].Path)

	rec.Reset()
	assert.Empty(t, rec.Requests())
}

func TestLog(t *testing.T) {
	var l fakeserver.Log[int]
	assert.Nil(t, l.All())
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() { defer wg.Done(); l.Append(i) }()
	}
	wg.Wait()
	assert.Equal(t, 50, l.Len())
	assert.ElementsMatch(t, func() []int {
		out := make([]int, 50)
		for i := range out {
			out[i] = i
		}
		return out
	}(), l.All())
	l.Reset()
	assert.Equal(t, 0, l.Len())
}

func TestFaultsFIFO(t *testing.T) {
	var f fakeserver.Faults
	_, _, ok := f.Take()
	assert.False(t, ok)

	f.FailNext(http.StatusTooManyRequests, 1500*time.Millisecond)
	f.FailNext(http.StatusServiceUnavailable, 0)
	assert.Equal(t, 2, f.Pending())

	status, ra, ok := f.Take()
	require.True(t, ok)
	assert.Equal(t, http.StatusTooManyRequests, status)
	assert.Equal(t, 1500*time.Millisecond, ra)

	status, ra, ok = f.Take()
	require.True(t, ok)
	assert.Equal(t, http.StatusServiceUnavailable, status)
	assert.Zero(t, ra)

	_, _, ok = f.Take()
	assert.False(t, ok)
	assert.Equal(t, 0, f.Pending())
}

func TestRetryAfterRoundsUp(t *testing.T) {
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, ""},
		{-time.Second, ""},
		{time.Nanosecond, "1"},
		{time.Second, "1"},
		{time.Second + time.Millisecond, "2"},
		{1500 * time.Millisecond, "2"},
		{2 * time.Minute, "120"},
		{time.Duration(1<<63 - 1), "9223372037"},
	}
	for _, c := range cases {
		h := http.Header{}
		fakeserver.SetRetryAfter(h, c.d)
		assert.Equal(t, c.want, h.Get("Retry-After"), c.d)
		_, present := h["Retry-After"]
		assert.Equal(t, c.want != "", present, c.d)
	}
	assert.Equal(t, int64(3), fakeserver.RetryAfterSeconds(2001*time.Millisecond))
	assert.Equal(t, int64(0), fakeserver.RetryAfterSeconds(-5))
}

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
