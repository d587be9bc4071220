package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// pacer spaces requests so that the importer stays under the instance's
// rate limit, and adapts when the server says it did not (AIMD):
//
//   - it hands out one slot every 1/rate seconds to whoever waits, and
//     lets up to burst slots that nobody took be caught up, so in any
//     window of the limit's length at most rate·window+burst+1 requests
//     start (with the 5% headroom, under a limit of 100);
//   - on a 429 it cuts the rate by a fifth (at most once per window, since
//     the concurrent requests of one burst all see the same 429) and lets
//     no request start before the server's Retry-After;
//   - it then recovers additively, by a quarter of the target rate per
//     window, never above the target.
//
// A lone 429 (jitter bunched a window's requests) thus costs a tenth of a
// window; a limit persistently lower than the target (another client
// shares it) keeps the rate oscillating just around it.
//
// It is an http.RoundTripper, so every attempt, including the SDK's own
// retries of reads, waits for a slot and reports its status.
type pacer struct {
	base   http.RoundTripper
	target float64       // requests per second we aim for
	window time.Duration // the rate limit's window, for decrease and recovery
	scale  float64       // multiplies Retry-After (see -time-scale)
	// unpaced makes the pacer only count, when a shared limiter paces.
	unpaced bool

	mu          sync.Mutex
	rate        float64   // current requests per second
	next        time.Time // earliest start of the next slot
	pausedUntil time.Time // no slot before this (Retry-After)
	pauseGen    int       // bumped by every pause, to re-reserve slots
	lastCut     time.Time // last multiplicative decrease
	lastGrow    time.Time // last additive increase

	requests, limited atomic.Int64
}

// AIMD factors: the multiplicative decrease on a 429, and the additive
// increase per window, as a share of the target.
const (
	decrease = 0.8
	increase = 0.25
	// burst is how many missed slots may be caught up at once.
	burst = 3
)

// newPacer aims at perWindow requests per window.
func newPacer(base http.RoundTripper, perWindow int, window time.Duration, scale float64) *pacer {
	target := float64(perWindow) / window.Seconds()
	return &pacer{base: base, target: target, rate: target, window: window, scale: scale}
}

// RoundTrip waits for a slot, sends the request, and learns from a 429.
func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	if p.unpaced {
		p.requests.Add(1)
		resp, err := p.base.RoundTrip(req)
		if err == nil && resp.StatusCode == http.StatusTooManyRequests {
			p.limited.Add(1)
		}
		return resp, err
	}
	if err := p.wait(req.Context()); err != nil {
		if req.Body != nil {
			_ = req.Body.Close() // a RoundTripper must close the body, even on error
		}
		return nil, err
	}
	p.requests.Add(1)
	resp, err := p.base.RoundTrip(req)
	if err == nil && resp.StatusCode == http.StatusTooManyRequests {
		p.limited.Add(1)
		p.throttle(retryAfter(resp.Header.Get("Retry-After")))
	}
	return resp, err
}

// wait blocks until the caller may start a request.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		now := time.Now()
		p.grow(now)
		interval := time.Duration(float64(time.Second) / p.rate)
		// Slots nobody took (every worker was waiting for a response) may
		// be caught up, up to burst of them.
		slot := p.next
		if floor := now.Add(-burst * interval); slot.Before(floor) {
			slot = floor
		}
		if p.pausedUntil.After(slot) {
			slot = p.pausedUntil
		}
		p.next = slot.Add(interval)
		gen := p.pauseGen
		p.mu.Unlock()

		if d := time.Until(slot); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			case <-t.C:
			}
		}
		p.mu.Lock()
		// A 429 arrived while we slept: our slot predates the pause.
		stale := gen != p.pauseGen && time.Now().Before(p.pausedUntil)
		p.mu.Unlock()
		if !stale {
			return nil
		}
	}
}

// grow is the additive increase: a quarter of the target per window since
// the last increase. p.mu must be held.
func (p *pacer) grow(now time.Time) {
	if p.lastGrow.IsZero() || p.rate >= p.target {
		p.lastGrow = now
		return
	}
	dt := now.Sub(p.lastGrow)
	p.rate = min(p.target, p.rate+increase*p.target*dt.Seconds()/p.window.Seconds())
	p.lastGrow = now
}

// throttle is the multiplicative decrease and the Retry-After pause.
func (p *pacer) throttle(ra time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.lastCut.IsZero() || now.Sub(p.lastCut) >= p.window {
		p.rate = max(p.rate*decrease, p.target/20)
		p.lastCut, p.lastGrow = now, now
	}
	// Retry-After counts whole seconds of the server's clock; without one,
	// wait a tenth of the window.
	pause := p.window / 10
	if ra > 0 {
		pause = time.Duration(float64(ra) * p.scale)
	}
	if until := now.Add(pause); until.After(p.pausedUntil) {
		p.pausedUntil = until
		p.next = until
		p.pauseGen++
	}
}

// currentRate is the pace in requests per window.
func (p *pacer) currentRate() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.rate * p.window.Seconds()
}

// retryAfter parses delta-seconds; HTTP dates are rare enough from Clerk
// that the default pause covers them.
func retryAfter(v string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	return time.Duration(n) * time.Second
}
