// Package redislimit shares one Clerk rate budget between processes through
// Redis: a [clerk.RateLimiter] for [clerk.WithRateLimiter] whose state lives
// in a Redis server that every replica, worker or import process of one
// secret key reaches.
//
// Clerk limits the Backend API per instance, that is per secret key (1000
// requests per 10 s in production, 100 in development), and a 429 blocks
// the route for Retry-After seconds. Ten replicas that each limit
// themselves still spend the one budget ten times over; with a [Limiter]
// they draw from one bucket, and one 429 pauses all of them.
//
// # Algorithm
//
// The budget is a GCRA (generic cell rate algorithm) bucket run by one Lua
// script, so that reading and updating the state is atomic on the server.
// The script keeps one number, the theoretical arrival time (TAT) of the
// next request, plus the "paused until" of the last 429, both in one Redis
// hash. Each call reserves the earliest slot the bucket allows and returns
// how long to wait for it; the caller sleeps that long in its own process
// and sends. The script reads the time with Redis's TIME, so the processes'
// clocks never need to agree.
//
// GCRA rather than a sliding window: it stores one number per key instead
// of a log of timestamps (a sliding log) or two counters and an
// approximation (a sliding window counter); a call costs one round trip,
// whether it may go now or later, because it answers "wait d" instead of
// "no", so callers never poll Redis; and slots are handed out in order, so
// no caller starves. The bucket has the shape of
// [clerk.InstanceRateLimit.Shape]: a burst of a twentieth of the budget and
// a steady rate that keeps every window within the budget.
//
// A reserved slot is spent even if the caller's context ends before it
// comes; the script never reserves a slot past the context's deadline, so
// that case is limited to cancellations.
//
// # Keys
//
// The Redis key is derived from a SHA-256 hash of the secret key, never the
// key itself: "clerk:ratelimit:{<hash>}" (the braces keep it in one Redis
// Cluster slot). The key expires once the bucket is idle.
//
// # When Redis is unreachable
//
// By default the limiter falls back to an in-process [clerk.LocalRateLimiter]
// (sized by [WithFallback], the whole budget unless told otherwise), logs
// one warning per outage, and tries Redis again every few seconds; when
// Redis answers again it logs that at Info and shares the budget again.
// Requests keep flowing, but N processes in fallback may together spend up
// to N times their fallback budget, so give each process its share with
// WithFallback. With [FailClosed], Wait returns an error wrapping
// [ErrUnavailable] instead, and the client sends nothing until Redis is back.
//
// The limiter never waits past the caller's context: a slot after the
// deadline is not reserved, and Wait returns the context's error.
package redislimit
