package webhook

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrBlocked is wrapped by every refusal to reach an address that is not public: by
// ValidateURL for a literal address or local name (with ErrURL), and by the dialer for a
// resolved one (alone: DNS may change, so that is worth a retry).
var ErrBlocked = errors.New("webhook: address not allowed")

// ErrURL is wrapped by every refusal of an endpoint URL itself: retrying cannot help.
var ErrURL = errors.New("webhook: endpoint URL not allowed")

// Timeout bounds one delivery attempt: connecting, TLS, sending and reading the answer.
const Timeout = 10 * time.Second

// MaxResponse is how much of a response body is read (the rest is dropped).
const MaxResponse = 64 << 10

// blockedPrefixes are the ranges, beyond those netip classifies (loopback, private,
// link-local, multicast, unspecified), that no webhook may reach: they are not the
// public internet, or they embed an IPv4 address that could be internal.
var blockedPrefixes = func() []netip.Prefix {
	var ps []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // "this network"
		"100.64.0.0/10",   // carrier-grade NAT, shared address space
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, and 255.255.255.255 broadcast
		"::/96",           // IPv4-compatible (deprecated)
		"64:ff9b::/96",    // NAT64: the IPv4 address inside could be private
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard-only
		"2001::/32",       // Teredo
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4
		"fec0::/10",       // site-local (deprecated)
		"3fff::/20",       // documentation
		"5f00::/16",       // segment routing SIDs
		"2001:10::/28",    // ORCHID (deprecated)
		"2001:20::/28",    // ORCHIDv2
		"::ffff:0:0:0/96", // IPv4-translated
		"ff00::/8",        // multicast (also by netip)
		"169.254.0.0/16",  // link-local, cloud metadata (also by netip)
		"fe80::/10",       // link-local (also by netip)
		"fc00::/7",        // unique local, incl. fd00:ec2::254 (also by netip)
		"224.0.0.0/4",     // multicast (also by netip)
		"127.0.0.0/8",     // loopback (also by netip)
		"10.0.0.0/8",      // RFC 1918 (also by netip)
		"172.16.0.0/12",   // RFC 1918 (also by netip)
		"192.168.0.0/16",  // RFC 1918 (also by netip)
	} {
		ps = append(ps, netip.MustParsePrefix(s))
	}
	return ps
}()

// Blocked reports whether ip must never be reached by a webhook: anything but a public
// unicast address, with IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) judged as the IPv4
// address they carry.
func Blocked(ip netip.Addr) bool {
	if !ip.IsValid() {
		return true
	}
	ip = ip.Unmap().WithZone("")
	if ip.IsUnspecified() || ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() ||
		ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return true
	}
	for _, p := range blockedPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// ValidateURL checks the form of an endpoint URL: https, a host, no user info or
// fragment, and not a literal address or local name that Blocked would refuse. It does
// not resolve the host: the client checks the addresses it connects to.
func ValidateURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrURL, err)
	}
	if u.Scheme != "https" {
		return fmt.Errorf("%w: only https URLs are allowed, not %q", ErrURL, u.Scheme)
	}
	if u.Opaque != "" || u.User != nil || u.Fragment != "" || u.RawFragment != "" {
		return fmt.Errorf("%w: no user info or fragment allowed", ErrURL)
	}
	host := u.Hostname()
	if host == "" {
		return fmt.Errorf("%w: no host", ErrURL)
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		if Blocked(ip) {
			return fmt.Errorf("%w: %w: %s", ErrURL, ErrBlocked, ip)
		}
		return nil
	}
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return fmt.Errorf("%w: %w: %s", ErrURL, ErrBlocked, host)
	}
	return nil
}

// guard is the dialer's Control: it runs after DNS, on the address about to be
// connected, and refuses a blocked one.
func guard(allowLoopback bool) func(network, address string, _ syscall.RawConn) error {
	return func(network, address string, _ syscall.RawConn) error {
		if network != "tcp4" && network != "tcp6" {
			return fmt.Errorf("%w: network %s", ErrBlocked, network)
		}
		ap, err := netip.ParseAddrPort(address)
		if err != nil {
			return fmt.Errorf("%w: %s: %v", ErrBlocked, address, err)
		}
		if allowLoopback && ap.Addr().Unmap().IsLoopback() {
			return nil
		}
		if Blocked(ap.Addr()) {
			return fmt.Errorf("%w: %s", ErrBlocked, ap.Addr())
		}
		return nil
	}
}

// NewDialer returns a dialer that connects only to public addresses (see Blocked).
func NewDialer() *net.Dialer {
	return newDialer(false)
}

func newDialer(allowLoopback bool) *net.Dialer {
	return &net.Dialer{Timeout: 5 * time.Second, KeepAlive: -1, Control: guard(allowLoopback)}
}

// NewClient returns the HTTP client webhooks are sent with: it connects only to public
// addresses, ignores proxy settings from the environment (a proxy would connect for us,
// past the check), follows no redirects (the 3xx is the answer), verifies TLS, and gives
// up after Timeout. It accepts only https URLs that pass ValidateURL.
func NewClient() *http.Client {
	return newClient(false, nil)
}

// newClient with allowLoopback reaches loopback too, and with rootCAs trusts them: for
// tests against httptest.NewTLSServer only.
func newClient(allowLoopback bool, tlsConfig *tls.Config) *http.Client {
	if tlsConfig == nil {
		tlsConfig = &tls.Config{}
	}
	tlsConfig = tlsConfig.Clone()
	tlsConfig.MinVersion = tls.VersionTLS12
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            newDialer(allowLoopback).DialContext,
		TLSClientConfig:        tlsConfig,
		TLSHandshakeTimeout:    5 * time.Second,
		ResponseHeaderTimeout:  Timeout,
		MaxResponseHeaderBytes: 16 << 10,
		DisableKeepAlives:      true,
		ForceAttemptHTTP2:      true,
	}
	return &http.Client{
		Transport: &httpsOnly{next: tr, allowLoopback: allowLoopback},
		Timeout:   Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// httpsOnly refuses a request whose URL fails ValidateURL before anything is dialled.
type httpsOnly struct {
	next          http.RoundTripper
	allowLoopback bool
}

func (t *httpsOnly) RoundTrip(r *http.Request) (*http.Response, error) {
	if err := ValidateURL(r.URL.String()); err != nil {
		if !(t.allowLoopback && errors.Is(err, ErrBlocked)) {
			return nil, err
		}
	}
	return t.next.RoundTrip(r)
}
