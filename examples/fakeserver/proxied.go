package main

import (
	"net"

	"github.com/esignkit/esign/signeasy/signeasytest"
)

// The fakes below are not on internal/fakeserver yet: each runs on its own
// loopback port behind a reverse proxy on the listener. Once a fake moves
// to the engine, its function becomes startZigned's twin (WithListener,
// URL(), the lifecycle line).

func startSignEasy(l net.Listener) (sandbox, error) {
	srv := signeasytest.Start()
	stop, err := proxy(l, srv.URL)
	if err != nil {
		srv.Close()
		return sandbox{}, err
	}
	return sandbox{close: func() { stop(); srv.Close() }, lines: []string{
		"API base URL: " + root(l) + "/v3",
		"token URL: " + root(l) + "/oauth/token (OAuth2 client credentials, JSON body)",
		"client ID: " + srv.ClientID(),
		"client secret: " + srv.ClientSecret(),
		"access token: " + srv.AccessToken() + " (static, for Bearer authentication)",
		"callbacks URL: " + root(l) + "/v2/callback/",
	}}, nil
}
