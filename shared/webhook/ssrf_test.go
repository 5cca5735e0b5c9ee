package webhook

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestBlocked(t *testing.T) {
	t.Parallel()
	blocked := []string{
		// RFC 1918
		"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.255",
		// loopback
		"127.0.0.1", "127.1.2.3", "::1",
		// link-local, with the cloud metadata addresses
		"169.254.0.1", "169.254.169.254", "169.254.170.2", "fe80::1", "fe80::1%eth0", "febf::1",
		// unique local, with AWS's IPv6 metadata address
		"fc00::1", "fd00::1", "fd00:ec2::254",
		// unspecified
		"0.0.0.0", "::", "0.1.2.3",
		// multicast and broadcast
		"224.0.0.1", "239.255.255.250", "255.255.255.255", "ff02::1", "ff05::2", "ff0e::1",
		// CGNAT
		"100.64.0.1", "100.100.100.200", "100.127.255.255",
		// reserved, documentation, benchmarking
		"240.0.0.1", "192.0.2.1", "198.51.100.7", "203.0.113.9", "198.18.0.1", "192.0.0.8", "2001:db8::1",
		// IPv4-mapped and other IPv6 forms that carry an IPv4 address
		"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::ffff:192.168.1.1",
		"::ffff:100.64.0.1", "::ffff:0.0.0.0", "::127.0.0.1", "64:ff9b::a00:1", "64:ff9b::7f00:1",
		"2002:7f00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "::ffff:0:a00:1", "fec0::1",
	}
	for _, s := range blocked {
		if !Blocked(netip.MustParseAddr(s)) {
			t.Errorf("%s is not blocked", s)
		}
	}
	public := []string{
		"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.1", "172.15.255.255", "172.32.0.1",
		"192.167.1.1", "169.253.1.1", "2606:4700:4700::1111", "2a00:1450:4001:81c::200e", "::ffff:8.8.8.8",
	}
	for _, s := range public {
		if Blocked(netip.MustParseAddr(s)) {
			t.Errorf("%s is blocked, but public", s)
		}
	}
	if !Blocked(netip.Addr{}) {
		t.Error("the zero Addr is not blocked")
	}
}

func TestValidateURL(t *testing.T) {
	t.Parallel()
	for _, ok := range []string{
		"https://ats.example.com/hooks/shortlist",
		"https://ats.example.com:8443/hooks?tenant=7",
		"https://8.8.8.8/hook",
		"https://[2606:4700:4700::1111]/hook",
	} {
		if err := ValidateURL(ok); err != nil {
			t.Errorf("ValidateURL(%q): %v", ok, err)
		}
	}
	for raw, blocked := range map[string]bool{
		"http://ats.example.com/hook":                       false,
		"ftp://ats.example.com/hook":                        false,
		"//ats.example.com/hook":                            false,
		"https://":                                          false,
		"https://user:pass@ats.example.com/hook":            false,
		"https://ats.example.com/hook#frag":                 false,
		"https:ats.example.com":                             false,
		"https://localhost/hook":                            true,
		"https://LOCALHOST./hook":                           true,
		"https://api.localhost/hook":                        true,
		"https://127.0.0.1/hook":                            true,
		"https://[::1]:8443/hook":                           true,
		"https://169.254.169.254/latest/meta-data/":         true,
		"https://[::ffff:169.254.169.254]/latest/meta-data": true,
		"https://[fd00:ec2::254]/latest/meta-data":          true,
		"https://10.1.2.3/hook":                             true,
		"https://100.64.1.1/hook":                           true,
		"https://[fe80::1%25eth0]/hook":                     true,
		"https://0.0.0.0/hook":                              true,
	} {
		err := ValidateURL(raw)
		if !errors.Is(err, ErrURL) || errors.Is(err, ErrBlocked) != blocked {
			t.Errorf("ValidateURL(%q) = %v (want ErrURL, blocked %v)", raw, err, blocked)
		}
	}
}

// TestDialerChecksTheResolvedAddress: a name that resolves to loopback ("localhost") is
// refused at connect time, whatever a URL check said before: this is what stops DNS
// rebinding. A listener is up, so the refusal is the guard's, not a closed port.
func TestDialerChecksTheResolvedAddress(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, addr := range []string{net.JoinHostPort("localhost", itoa(port)), net.JoinHostPort("127.0.0.1", itoa(port)),
		net.JoinHostPort("::ffff:127.0.0.1", itoa(port))} {
		c, err := NewDialer().DialContext(ctx, "tcp", addr)
		if err == nil {
			c.Close()
			t.Errorf("dialled %s", addr)
		} else if !errors.Is(err, ErrBlocked) {
			t.Errorf("%s: %v, want ErrBlocked", addr, err)
		}
	}
	// The same listener is reachable by a plain dialer: the guard made the difference.
	c, err := (&net.Dialer{}).DialContext(ctx, "tcp", net.JoinHostPort("localhost", itoa(port)))
	if err != nil {
		t.Fatalf("plain dial: %v", err)
	}
	c.Close()
}

// TestClientRefusesLoopback: the production client refuses a TLS server on loopback both
// by URL (https://localhost, https://127.0.0.1) and, with the URL check out of the way,
// when it connects (the transport under it, as after a DNS answer that changed).
func TestClientRefusesLoopback(t *testing.T) {
	t.Parallel()
	hit := false
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hit = true }))
	defer srv.Close()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	tlsConfig := srv.Client().Transport.(*http.Transport).TLSClientConfig

	client := newClient(false, tlsConfig) // trusts the test server, but the guard stays on
	for _, u := range []string{srv.URL, "https://localhost:" + itoa(port) + "/"} {
		resp, err := client.Get(u)
		if err == nil {
			resp.Body.Close()
			t.Errorf("GET %s went through", u)
		} else if !errors.Is(err, ErrBlocked) {
			t.Errorf("GET %s: %v, want ErrBlocked", u, err)
		}
	}
	inner := client.Transport.(*httpsOnly).next
	req, _ := http.NewRequest(http.MethodGet, "https://localhost:"+itoa(port)+"/", nil)
	resp, err := inner.RoundTrip(req)
	if err == nil {
		resp.Body.Close()
		t.Error("the dialer connected to localhost")
	} else if !errors.Is(err, ErrBlocked) {
		t.Errorf("dial: %v, want ErrBlocked", err)
	}
	resp, err = client.Get(strings.Replace(srv.URL, "https://", "http://", 1))
	if err == nil {
		resp.Body.Close()
		t.Error("an http URL went through")
	} else if !errors.Is(err, ErrURL) {
		t.Errorf("http URL: %v, want ErrURL", err)
	}
	if hit {
		t.Error("the server was reached")
	}
	// The test-only client reaches it: the refusals above were the guard's.
	resp, err = newClient(true, tlsConfig).Get(srv.URL)
	if err != nil {
		t.Fatalf("loopback-allowed client: %v", err)
	}
	resp.Body.Close()
	if !hit {
		t.Error("the loopback-allowed client did not reach the server")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
