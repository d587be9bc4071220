package clerktest

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// AllRoutes is the route name that matches every operation, for
// [Server.SetRateLimit] and [Server.InjectFault].
const AllRoutes = "*"

// Fault is a failure that [Server.InjectFault] makes the server answer
// instead of the real response. Latency is applied first; then, if Drop is
// set, the connection is dropped; else, if Status is set, the server
// answers that status with Clerk's error envelope.
type Fault struct {
	// Status is the HTTP status to answer, such as 503. 0 answers normally
	// (after Latency), unless Drop is set.
	Status int
	// Code is the error code of the envelope; empty chooses one from Status
	// (e.g. "service_unavailable" for 503, "too_many_requests" for 429).
	Code string
	// RetryAfter, when positive, is sent as a Retry-After header in whole
	// seconds (rounded up).
	RetryAfter time.Duration
	// Latency delays the answer (scaled by WithTimeScale). The wait ends
	// early if the client gives up.
	Latency time.Duration
	// Drop drops the connection instead of answering.
	Drop Drop
	// Times is how many matching requests the fault affects; 0 means every
	// matching request until ClearFaults.
	Times int
}

// Drop says when an injected fault closes the connection.
type Drop int

const (
	// NoDrop answers normally.
	NoDrop Drop = iota
	// DropBeforeResponse closes the connection before writing anything, as
	// a crashed server or a reset proxy would.
	DropBeforeResponse
	// DropAfterHeaders writes the status line and headers (announcing a
	// body) and then closes the connection, so the client fails reading the
	// body.
	DropAfterHeaders
)

type faultEntry struct {
	route string
	f     Fault
	left  int // -1: unlimited
}

type limiter struct {
	n     int
	per   time.Duration // wall time, already scaled
	start time.Time
	count int
}

// faultSet holds the injected faults and rate limits of one server.
type faultSet struct {
	mu     sync.Mutex
	faults []*faultEntry
	limits map[string]*limiter
}

func checkRateLimit(route string, n int, per time.Duration) error {
	if route == "" {
		return fmt.Errorf("clerktest: rate limit: empty route (use an operation ID such as \"CreateUser\", or %q)", AllRoutes)
	}
	if n < 0 || (n > 0 && per <= 0) {
		return fmt.Errorf("clerktest: rate limit %q: need n >= 0 and a positive window, got %d per %v", route, n, per)
	}
	return nil
}

func (fs *faultSet) setRateLimit(route string, n int, per time.Duration) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.limits == nil {
		fs.limits = map[string]*limiter{}
	}
	if n == 0 {
		delete(fs.limits, route)
		return
	}
	fs.limits[route] = &limiter{n: n, per: per}
}

func (s *Server) checkRoute(route string) error {
	if route == AllRoutes || s.ops[route] != nil || s.notImpl[route] {
		return nil
	}
	return fmt.Errorf("clerktest: unknown route %q: name an operation ID of the spec, such as \"GetUser\", or %q", route, AllRoutes)
}

// SetRateLimit limits route to n requests per window per: once n requests
// arrived within a window, the others of that window are answered 429 with
// Clerk's too_many_requests envelope and a Retry-After header (whole
// seconds, rounded up) until the window ends. Windows are fixed, start with
// the first request, and are measured with the server's clock and scaled by
// WithTimeScale. A route is an operation ID of the spec, such as
// "CreateUser" (see Request.Operation), or AllRoutes for one limit shared by
// every request. n == 0 removes the limit. Refused requests do not count.
// Like Clerk's per-instance limit, it counts the requests of every client
// of the server together.
func (s *Server) SetRateLimit(route string, n int, per time.Duration) error {
	if err := checkRateLimit(route, n, per); err != nil {
		return err
	}
	if err := s.checkRoute(route); err != nil {
		return err
	}
	s.faults.setRateLimit(route, n, s.scaled(per))
	return nil
}

// InjectFault makes the next f.Times requests to route (every request, if
// Times is 0) fail as f describes. Faults are consulted in the order they
// were injected; the first that matches and has uses left applies. A route
// is an operation ID of the spec, such as "GetUser", or AllRoutes.
func (s *Server) InjectFault(route string, f Fault) error {
	if err := s.checkRoute(route); err != nil {
		return err
	}
	if f.Times < 0 {
		return fmt.Errorf("clerktest: InjectFault: negative Times %d", f.Times)
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return fmt.Errorf("clerktest: InjectFault: invalid status %d", f.Status)
	}
	if f.Status == 0 && f.Drop == NoDrop && f.Latency <= 0 {
		return fmt.Errorf("clerktest: InjectFault: the fault does nothing (no Status, Drop or Latency)")
	}
	left := f.Times
	if left == 0 {
		left = -1
	}
	s.faults.mu.Lock()
	s.faults.faults = append(s.faults.faults, &faultEntry{route: route, f: f, left: left})
	s.faults.mu.Unlock()
	return nil
}

// ClearFaults removes every injected fault and rate limit.
func (s *Server) ClearFaults() {
	s.faults.mu.Lock()
	s.faults.faults = nil
	s.faults.limits = nil
	s.faults.mu.Unlock()
}

func (s *Server) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * s.scale)
}

// applyFaults answers the request with a rate-limit refusal or an injected
// fault, and reports whether it did. beforeDrop runs just before a
// connection is cut.
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, opID string, beforeDrop func()) bool {
	if e := s.rateLimited(opID); e != nil {
		writeError(w, r, e)
		return true
	}
	f, ok := s.takeFault(opID)
	if !ok {
		return false
	}
	if f.Latency > 0 {
		t := time.NewTimer(s.scaled(f.Latency))
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return true
		}
	}
	rc := http.NewResponseController(w)
	switch f.Drop {
	case DropBeforeResponse:
		if conn, _, err := rc.Hijack(); err == nil {
			beforeDrop()
			_ = conn.Close()
		}
		return true
	case DropAfterHeaders:
		status := f.Status
		if status == 0 {
			status = http.StatusOK
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", "4096")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(`{"`))
		_ = rc.Flush()
		if conn, _, err := rc.Hijack(); err == nil {
			beforeDrop()
			_ = conn.Close()
		}
		return true
	}
	if f.Status == 0 {
		return false
	}
	code := f.Code
	if code == "" {
		code = codeForStatus(f.Status)
	}
	e := newAPIError(f.Status, code, http.StatusText(f.Status), "clerktest injected this fault ("+strconv.Itoa(f.Status)+").", nil)
	if f.RetryAfter > 0 {
		e.header = http.Header{"Retry-After": {strconv.FormatInt(int64(math.Ceil(f.RetryAfter.Seconds())), 10)}}
	}
	writeError(w, r, e)
	return true
}

func codeForStatus(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "too_many_requests"
	case http.StatusServiceUnavailable:
		return "service_unavailable"
	case http.StatusBadGateway:
		return "bad_gateway"
	case http.StatusGatewayTimeout:
		return "gateway_timeout"
	case http.StatusNotFound:
		return "resource_not_found"
	}
	if status >= 500 {
		return "internal_clerk_error"
	}
	return "clerktest_injected_fault"
}

func (s *Server) takeFault(opID string) (Fault, bool) {
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	for _, fe := range s.faults.faults {
		if fe.left == 0 || (fe.route != opID && fe.route != AllRoutes) {
			continue
		}
		if fe.left > 0 {
			fe.left--
		}
		return fe.f, true
	}
	return Fault{}, false
}

// rateLimited counts the request against the limits of its route and of
// AllRoutes, and returns the 429 to answer if one is exhausted.
func (s *Server) rateLimited(opID string) *apiError {
	now := s.now()
	s.faults.mu.Lock()
	defer s.faults.mu.Unlock()
	var hit []*limiter
	for _, key := range []string{opID, AllRoutes} {
		l := s.faults.limits[key]
		if l == nil {
			continue
		}
		if l.start.IsZero() || !now.Before(l.start.Add(l.per)) {
			l.start, l.count = now, 0
		}
		if l.count >= l.n {
			wait := l.start.Add(l.per).Sub(now)
			clerkSecs := math.Ceil(wait.Seconds() / s.scale)
			e := newAPIError(http.StatusTooManyRequests, "too_many_requests", "Too Many Requests",
				"Too many requests, retry later.", nil)
			e.header = http.Header{
				"Retry-After":              {strconv.FormatInt(max(int64(clerkSecs), 1), 10)},
				"Clerktest-Retry-After-Ms": {strconv.FormatInt(max(int64(math.Ceil(float64(wait)/float64(time.Millisecond))), 1), 10)},
			}
			return e
		}
		hit = append(hit, l)
	}
	for _, l := range hit {
		l.count++
	}
	return nil
}
