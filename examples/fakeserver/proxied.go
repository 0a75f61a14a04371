package main

import (
	"net"

	"github.com/esignkit/esign/blueink/blueinktest"
)

// The fakes below are not on internal/fakeserver yet: each runs on its own
// loopback port behind a reverse proxy on the listener. Once a fake moves
// to the engine, its function becomes startZigned's twin (WithListener,
// URL(), the lifecycle line).

func startBlueInk(l net.Listener) (sandbox, error) {
	srv := blueinktest.Start()
	stop, err := proxy(l, srv.URL)
	if err != nil {
		srv.Close()
		return sandbox{}, err
	}
	return sandbox{close: func() { stop(); srv.Close() }, lines: []string{
		"API base URL: " + root(l) + blueinktest.APIPath,
		"API key: " + srv.APIKey() + ` (header "Authorization: Token <key>")`,
	}}, nil
}
