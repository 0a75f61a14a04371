package legacyv1

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"sync"

	"github.com/esignkit/esign/internal/rest"
)

// fileJSONBody returns a request body for a JSON object whose field
// fileField holds a base64 encoded file: fields is marshalled as the rest of
// the object. With b64 set the value is sent as given; otherwise r is encoded
// while it is streamed, never held in memory. Each attempt re-opens the body:
// an io.Seeker is rewound; any other reader can be sent only once (a retry
// then fails with a clear error).
func fileJSONBody(fields any, fileField, b64 string, r io.Reader) (*rest.Request, error) {
	obj, err := json.Marshal(fields)
	if err != nil {
		return nil, invalidArg("body", "encoding JSON: %v", err)
	}
	if len(obj) < 2 || obj[0] != '{' {
		return nil, invalidArg("body", "not a JSON object")
	}
	key, _ := json.Marshal(fileField)
	head := append(append([]byte{'{'}, key...), ':', '"')
	tail := []byte{'"'}
	if more := bytes.TrimSpace(obj[1:]); len(more) > 1 { // more than "}"
		tail = append(append(tail, ','), more...)
	} else {
		tail = append(tail, '}')
	}
	if b64 != "" {
		b64 = strings.Join(strings.Fields(b64), "") // tolerate line-wrapped base64
		if _, err := base64.StdEncoding.DecodeString(b64); err != nil {
			return nil, invalidArg(fileField, "not valid base64: %v", err)
		}
		body := make([]byte, 0, len(head)+len(b64)+len(tail))
		body = append(append(append(body, head...), b64...), tail...)
		return &rest.Request{Body: body, ContentType: "application/json"}, nil
	}
	if r == nil {
		return nil, invalidArg(fileField, "a base64 string or a reader is required")
	}
	open := replayable(r)
	return &rest.Request{
		ContentType: "application/json",
		// A reader that cannot be read at all fails when the attempt opens
		// its body, before anything is sent (a *ValidationError).
		Body: rest.BodyFunc(func() (io.Reader, error) {
			src, err := open()
			if err != nil {
				return nil, err
			}
			if src, err = rest.Peek(src); err != nil {
				return nil, err
			}
			return io.MultiReader(bytes.NewReader(head), newBase64Reader(src), bytes.NewReader(tail)), nil
		}),
	}, nil
}

var errNotReplayable = errors.New("the file reader was already sent and cannot be rewound; pass an io.ReadSeeker (e.g. *os.File) to allow retries")

// replayable returns an opener for r, called once per attempt (and once more
// by the HTTP layer to probe the body, without reading). Once r has been
// read, a later open rewinds an io.Seeker to its starting offset and fails
// for any other reader.
func replayable(r io.Reader) func() (io.Reader, error) {
	src := &claimable{r: r}
	if s, ok := r.(io.Seeker); ok {
		if off, err := s.Seek(0, io.SeekCurrent); err == nil {
			src.seeker, src.start = s, off
		}
	}
	return src.open
}

type claimable struct {
	mu      sync.Mutex
	r       io.Reader
	seeker  io.Seeker
	start   int64
	claimed bool
}

func (c *claimable) open() (io.Reader, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.claimed {
		if c.seeker == nil {
			return nil, errNotReplayable
		}
		if _, err := c.seeker.Seek(c.start, io.SeekStart); err != nil {
			return nil, err
		}
		c.claimed = false
	}
	return claimReader{c}, nil
}

type claimReader struct{ c *claimable }

func (r claimReader) Read(p []byte) (int, error) {
	r.c.mu.Lock()
	r.c.claimed = true
	r.c.mu.Unlock()
	return r.c.r.Read(p)
}

// base64Reader encodes src as standard base64 while it is read.
type base64Reader struct {
	src  io.Reader
	in   [3 * 1024]byte
	buf  [4 * 1024]byte
	out  []byte
	done bool
	err  error
}

func newBase64Reader(src io.Reader) *base64Reader { return &base64Reader{src: src} }

func (b *base64Reader) Read(p []byte) (int, error) {
	for len(b.out) == 0 {
		if b.done {
			return 0, b.err
		}
		n, err := io.ReadFull(b.src, b.in[:])
		if n > 0 {
			base64.StdEncoding.Encode(b.buf[:], b.in[:n])
			b.out = b.buf[:base64.StdEncoding.EncodedLen(n)]
		}
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			b.done, b.err = true, io.EOF
		case err != nil:
			b.done, b.err = true, err
		}
	}
	n := copy(p, b.out)
	b.out = b.out[n:]
	return n, nil
}
