package clerk

import (
	"context"
	"sync"
	"time"
)

// pauseGate is the "paused until" of a LocalRateLimiter: a time before
// which no request may go. The zero value has no pause.
type pauseGate struct {
	mu    sync.Mutex
	until time.Time
}

// extend moves the pause to until if that is later than the current one.
func (g *pauseGate) extend(until time.Time) {
	g.mu.Lock()
	if until.After(g.until) {
		g.until = until
	}
	g.mu.Unlock()
}

// left returns how long the pause still lasts.
func (g *pauseGate) left() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return time.Until(g.until)
}

// active reports whether a pause is in force.
func (g *pauseGate) active() bool { return g.left() > 0 }

// wait sleeps until the pause ends (a pause extended meanwhile is waited
// for too), or returns ctx's error. It returns context.DeadlineExceeded at
// once when ctx's deadline comes before the pause ends.
func (g *pauseGate) wait(ctx context.Context) error {
	for {
		d := g.left()
		if d <= 0 {
			return ctx.Err()
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
			return context.DeadlineExceeded
		}
		if err := sleepContext(ctx, d); err != nil {
			return err
		}
	}
}
