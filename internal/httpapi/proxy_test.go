package httpapi_test

import (
	"context"
	"fmt"
	"net"
	"testing"

	"sintra/internal/httpapi"
)

// trusting returns a server option that trusts the proxies in cidrs.
func trusting(t *testing.T, cidrs ...string) func(*httpapi.Deps) {
	return func(d *httpapi.Deps) {
		for _, c := range cidrs {
			_, n, err := net.ParseCIDR(c)
			if err != nil {
				t.Fatal(err)
			}
			d.TrustedProxies = append(d.TrustedProxies, n)
		}
	}
}

// lastLoginFrom is the client address the trail recorded for the latest sign-in.
func (e *env) lastLoginFrom(t *testing.T) string {
	t.Helper()
	var addr string
	err := e.pool.QueryRow(context.Background(),
		"SELECT client_addr FROM audit_events WHERE action = 'sesion.iniciar' ORDER BY id DESC LIMIT 1").Scan(&addr)
	if err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestClientAddress_FromXForwardedForOnlyBehindATrustedProxy(t *testing.T) {
	t.Parallel()
	login := map[string]string{"username": "ana.lopez", "password": testPassword}
	for _, tt := range []struct {
		name    string
		trusted []string
		xff     string
		want    string
	}{
		{"no proxy trusted", nil, "203.0.113.7", "127.0.0.1"},
		{"another proxy trusted", []string{"10.0.0.0/8"}, "203.0.113.7", "127.0.0.1"},
		{"the peer is a trusted proxy", []string{"127.0.0.0/8"}, "203.0.113.7", "203.0.113.7"},
		{"the nearest untrusted address", []string{"127.0.0.0/8", "10.0.0.0/8"}, "198.51.100.1, 203.0.113.7, 10.1.2.3", "203.0.113.7"},
		{"what the client forged before the proxy's entry", []string{"127.0.0.0/8"}, "192.0.2.66, 203.0.113.7", "203.0.113.7"},
		{"an entry that is no address", []string{"127.0.0.0/8"}, "203.0.113.7, desconocido", "127.0.0.1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := newEnvServing(t, trusting(t, tt.trusted...))
			e.addUser(t, "ana.lopez", "CEAVEQROO")
			if res := e.doWith(t, "POST", "/api/v1/auth/login", "", login, map[string]string{"X-Forwarded-For": tt.xff}); res.status != 200 {
				t.Fatalf("login: %d %s", res.status, res.body)
			}
			if got := e.lastLoginFrom(t); got != tt.want {
				t.Errorf("client address %q, want %q", got, tt.want)
			}
		})
	}
}

// Behind a trusted proxy, the address lock falls on the client that
// failed, not on the proxy every office signs in through.
func TestThrottling_BehindATrustedProxyLocksTheClientNotTheProxy(t *testing.T) {
	t.Parallel()
	e := newEnvServing(t, trusting(t, "127.0.0.0/8"))
	e.addUser(t, "ana.lopez", "CEAVEQROO")
	from := func(addr string) map[string]string { return map[string]string{"X-Forwarded-For": addr} }
	for i := range 20 {
		e.doWith(t, "POST", "/api/v1/auth/login", "", map[string]string{"username": fmt.Sprintf("cuenta%d", i), "password": "x"}, from("203.0.113.7"))
	}
	right := map[string]string{"username": "ana.lopez", "password": testPassword}
	if res := e.doWith(t, "POST", "/api/v1/auth/login", "", right, from("203.0.113.7")); res.status != 429 {
		t.Errorf("the client that failed 20 times: %d, want 429", res.status)
	}
	if res := e.doWith(t, "POST", "/api/v1/auth/login", "", right, from("198.51.100.20")); res.status != 200 {
		t.Errorf("another client behind the same proxy: %d %s", res.status, res.body)
	}
}
