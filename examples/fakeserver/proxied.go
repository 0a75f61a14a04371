package main

import (
	"net"
	"strings"

	"github.com/esignkit/esign/legacyv1/legacyv1test"
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

func startLegacyV1(l net.Listener) (sandbox, error) {
	srv := legacyv1test.Start()
	api := strings.TrimSuffix(srv.URL, "/api/v1")
	stop, err := proxy(l, api)
	if err != nil {
		srv.Close()
		return sandbox{}, err
	}
	return sandbox{close: func() { stop(); srv.Close() }, lines: []string{
		"API base URL: " + root(l) + "/api/v1",
		"username: " + srv.Username,
		"secret: " + srv.Secret + ` (header "Authorization: ApiKey <username>:<secret>")`,
	}}, nil
}
