package clerk

import (
	"context"
	"errors"
	"sync"
)

// opaqueFlights lets concurrent verifications of one opaque machine token
// share a single Backend API call: a service that receives a burst of
// requests carrying the same new API key asks Clerk once, not once per
// request. Keys are the token's SHA-256, as in machineCache.
type opaqueFlights struct {
	mu sync.Mutex
	m  map[[32]byte]*opaqueFlight
}

type opaqueFlight struct {
	done   chan struct{}
	claims *MachineClaims
	err    error
	// abandoned is true when the call failed because its caller's context
	// ended: an answer about that caller, not about the token.
	abandoned bool
}

// errFlightAborted is the answer waiters see when the call they waited for
// ended without one (it panicked).
var errFlightAborted = errors.New("clerk: shared machine-token verification did not finish")

// do returns fn's answer for key, running fn only when no call for key is
// under way; otherwise it waits for that call (or for ctx). Every caller
// gets its own copy of the claims. When the call fails because its caller's
// context ended, a waiter whose context is still live does not take that as
// the answer: it tries again, possibly as the new caller. (A timeout of the
// call itself is an answer: waiters share it rather than each waiting out
// their own.)
func (g *opaqueFlights) do(ctx context.Context, key [32]byte, fn func() (*MachineClaims, error)) (*MachineClaims, error) {
	for {
		g.mu.Lock()
		if f, ok := g.m[key]; ok {
			g.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, &TokenError{Reason: reasonUnexpectedError, kind: ErrVerificationUnavailable, cause: ctx.Err()}
			}
			if f.abandoned && ctx.Err() == nil {
				continue
			}
			return cloneClaims(f.claims), f.err
		}
		f := &opaqueFlight{done: make(chan struct{}), err: errFlightAborted}
		if g.m == nil {
			g.m = make(map[[32]byte]*opaqueFlight)
		}
		g.m[key] = f
		g.mu.Unlock()
		g.run(ctx, key, f, fn)
		return cloneClaims(f.claims), f.err
	}
}

// run calls fn and publishes its answer, even if fn panics.
func (g *opaqueFlights) run(ctx context.Context, key [32]byte, f *opaqueFlight, fn func() (*MachineClaims, error)) {
	defer func() {
		g.mu.Lock()
		delete(g.m, key)
		g.mu.Unlock()
		close(f.done)
	}()
	f.claims, f.err = fn()
	f.abandoned = f.err != nil && ctx.Err() != nil && isContextError(f.err)
}

// isContextError reports a failure caused by a cancelled or timed-out
// context rather than by the token or the Backend API.
func isContextError(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// cloneClaims copies m; nil stays nil.
func cloneClaims(m *MachineClaims) *MachineClaims {
	if m == nil {
		return nil
	}
	return m.clone()
}
