package api

import (
	"container/list"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"shortlist/shared/assess"
)

// Limits are the application's request limits: token buckets kept in memory, one per key.
//
//   - Session: per candidate session, on every candidate route (the sessions and answers
//     functions), keyed by the session's id once its token is authenticated.
//   - Org: per organisation, on every HR route, keyed by the organisation's id once its API
//     key is authenticated.
//   - IP: per client address, on the two public candidate routes (POST /v1/invites/preview
//     and POST /v1/sessions), before any token is read. IPv6 addresses count per /64.
//
// A request over a limit is answered 429 with the JSON error shape (code rate_limited) and
// a Retry-After header in whole seconds. The catalog routes are not limited here: they read
// no table and CloudFront caches them.
//
// The buckets live in one process, so every limit is per Lambda instance (and per
// function: the sessions and answers functions each keep their own session buckets). A
// client whose requests are spread over many concurrent instances gets the limit once per
// instance, and a new instance starts with full buckets. They stop one runaway client (a
// looping script, a stuck tab, a burst of invite guesses) cheaply; the global guard is API
// Gateway's per-route throttling, set in infra/. The dev server is one process, so there
// the limits are exact.
//
// The zero value is the defaults; a zero field is that field's default.
type Limits struct {
	// Off turns every limit off: for tests and load generators that flood on purpose.
	Off bool
	// Session, Org and IP are the three rates; a zero Rate (or zero field) is its default:
	// DefaultSessionRate, DefaultOrgRate, DefaultIPRate.
	Session Rate
	Org     Rate
	IP      Rate
	// MaxKeys bounds each set of buckets: past it, the least recently used key is
	// forgotten (its next request starts with a full bucket). 0 means DefaultMaxKeys.
	MaxKeys int
}

// Rate is one token bucket: PerSecond requests a second sustained, Burst at once.
type Rate struct {
	PerSecond float64
	Burst     int
}

// The defaults are far above what a person does. A candidate's site sends an autosave every
// 20 answers or few minutes and a handful of requests per part; even a whole ten-part
// assessment driven through the API at machine speed, with a device switch in every part
// (this package's tests do that), takes under 80 requests, inside DefaultSessionRate's
// burst. The HR console sends a few requests per screen. Starting a session takes two
// requests (the invite's preview, then the start), so DefaultIPRate lets 30 candidates
// behind one address (an office, a test centre, a mobile carrier's shared address) start
// at the same moment, and one more every second after that. The site retries an autosave
// answered 429 after its Retry-After.
var (
	DefaultSessionRate = Rate{PerSecond: 5, Burst: 100}
	DefaultOrgRate     = Rate{PerSecond: 50, Burst: 200}
	DefaultIPRate      = Rate{PerSecond: 2, Burst: 60}
)

// DefaultMaxKeys is how many keys each set of buckets keeps at most.
const DefaultMaxKeys = 10_000

func (r Rate) or(def Rate) Rate {
	if r.PerSecond <= 0 {
		r.PerSecond = def.PerSecond
	}
	if r.Burst <= 0 {
		r.Burst = def.Burst
	}
	return r
}

// limiters are a handler's buckets; nil (limits off) admits everything.
type limiters struct {
	session, org, ip *buckets
}

func newLimiters(l Limits) *limiters {
	if l.Off {
		return nil
	}
	keys := l.MaxKeys
	if keys <= 0 {
		keys = DefaultMaxKeys
	}
	return &limiters{
		session: newBuckets(l.Session.or(DefaultSessionRate), keys),
		org:     newBuckets(l.Org.or(DefaultOrgRate), keys),
		ip:      newBuckets(l.IP.or(DefaultIPRate), keys),
	}
}

// buckets are token buckets by key, at most max of them, least recently used evicted first.
// Keys are ids and addresses, never tokens.
type buckets struct {
	limit rate.Limit
	burst int
	max   int

	mu    sync.Mutex
	byKey map[string]*list.Element // → *bucket
	lru   list.List                // front: most recently used
}

type bucket struct {
	key string
	lim *rate.Limiter
}

func newBuckets(r Rate, maxKeys int) *buckets {
	return &buckets{limit: rate.Limit(r.PerSecond), burst: r.Burst, max: maxKeys, byKey: map[string]*list.Element{}}
}

// get returns key's limiter, making it (and evicting the least recently used past max).
func (b *buckets) get(key string) *rate.Limiter {
	b.mu.Lock()
	defer b.mu.Unlock()
	if e, ok := b.byKey[key]; ok {
		b.lru.MoveToFront(e)
		return e.Value.(*bucket).lim
	}
	lim := rate.NewLimiter(b.limit, b.burst)
	b.byKey[key] = b.lru.PushFront(&bucket{key: key, lim: lim})
	for b.lru.Len() > b.max {
		oldest := b.lru.Back()
		b.lru.Remove(oldest)
		delete(b.byKey, oldest.Value.(*bucket).key)
	}
	return lim
}

// take spends one token of key's bucket at now. With none left it spends nothing and says
// how long until there is one.
func (b *buckets) take(key string, now time.Time) (ok bool, wait time.Duration) {
	res := b.get(key).ReserveN(now, 1)
	if !res.OK() {
		return false, time.Second // only when burst < 1, which newLimiters never makes
	}
	wait = res.DelayFrom(now)
	if wait <= 0 {
		return true, 0
	}
	res.CancelAt(now) // the token goes back: a refused request costs nothing
	return false, wait
}

// admit takes one token of key's bucket in b (nil: no limit). When there is none it answers
// 429 with Retry-After, in whole seconds and at least 1, and returns false.
func admit(w http.ResponseWriter, r *http.Request, b *buckets, key, per string) bool {
	if b == nil {
		return true
	}
	ok, wait := b.take(key, time.Now())
	if ok {
		return true
	}
	secs := max(int64(math.Ceil(wait.Seconds())), 1)
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	logger(r).WarnContext(r.Context(), "rate limited", slog.String("per", per), slog.Int64("retry_after", secs))
	writeError(w, r, assess.Errorf(assess.RateLimited, "too many requests for this %s; retry in %d s", per, secs))
	return false
}

func (l *limiters) sessions() *buckets {
	if l == nil {
		return nil
	}
	return l.session
}

func (l *limiters) orgs() *buckets {
	if l == nil {
		return nil
	}
	return l.org
}

func (l *limiters) ips() *buckets {
	if l == nil {
		return nil
	}
	return l.ip
}

// perIP limits a public route by the client's address.
func (s *server) perIP(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		noStore(w)
		if !admit(w, r, s.limits.ips(), clientKey(r), "address") {
			return
		}
		h(w, r)
	})
}

// clientKey names the client a request came from, for the per-address limit.
//
// The connection's source is API Gateway's sourceIp in Lambda (the adapter puts it in
// RemoteAddr) and the TCP peer in the dev server. Behind CloudFront that source is the edge
// location, shared by many viewers, so the viewer is read from X-Forwarded-For, to which
// each proxy appends the address it was reached from: the rightmost entry that is not the
// source itself (API Gateway may have appended it) is the address CloudFront saw. Entries
// further left are the client's own to write and are never used. With the origin secret
// set, every request has come through CloudFront, so this is the viewer's real address;
// without it, a client calling the API directly can choose the entry and so its bucket,
// which only lets it dodge this limit, never puts another client over it.
func clientKey(r *http.Request) string {
	addr := viewer(parseAddr(r.RemoteAddr), r.Header.Values("X-Forwarded-For"))
	if !addr.IsValid() {
		return "unknown"
	}
	if addr.Is6() {
		p, _ := addr.Prefix(64) // one subscriber usually holds a whole /64
		return p.String()
	}
	return addr.String()
}

// viewer is the rightmost X-Forwarded-For entry that is not source, or source when there is
// none. An unreadable entry stops the walk: nothing left of it is trusted.
func viewer(source netip.Addr, forwarded []string) netip.Addr {
	for i := len(forwarded) - 1; i >= 0; i-- {
		entries := strings.Split(forwarded[i], ",")
		for j := len(entries) - 1; j >= 0; j-- {
			a := parseAddr(entries[j])
			if !a.IsValid() {
				return source
			}
			if a != source {
				return a
			}
		}
	}
	return source
}

// parseAddr reads "1.2.3.4", "1.2.3.4:5678", "::1" or "[::1]:5678"; invalid otherwise.
func parseAddr(s string) netip.Addr {
	s = strings.TrimSpace(s)
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}
