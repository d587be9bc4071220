package redislimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"sync"
	"time"

	"github.com/gobapi/clerk"
	"github.com/redis/go-redis/v9"
)

// ErrUnavailable is wrapped by the error of [Limiter.Wait] when Redis
// cannot be reached and the limiter fails closed ([FailClosed]).
var ErrUnavailable = errors.New("redislimit: redis unavailable")

// retryRedisAfter is how long a limiter in fallback uses the in-process
// limiter before trying Redis again.
const retryRedisAfter = 2 * time.Second

// idleTTL keeps a bucket's key this long past its last slot or pause.
const idleTTL = time.Minute

// Limiter is a [clerk.RateLimiter] whose budget lives in Redis, shared by
// every process that builds one for the same secret key and Redis. Build it
// with [New]; it is safe for concurrent use.
type Limiter struct {
	rdb        redis.Scripter
	key        string
	interval   time.Duration
	burst      int
	fallback   *clerk.LocalRateLimiter
	failClosed bool
	logger     *slog.Logger

	mu        sync.Mutex
	down      bool      // Redis failed and the fallback is in use
	downUntil time.Time // when to try Redis again
}

// config is what the options fill in.
type config struct {
	limit      clerk.InstanceRateLimit
	fallback   clerk.InstanceRateLimit
	failClosed bool
	logger     *slog.Logger
	prefix     string
}

// Option configures a [Limiter].
type Option func(*config) error

// WithLimit sets the shared budget. The default is Clerk's budget for the
// secret key's instance, [clerk.RateLimitForKey].
func WithLimit(l clerk.InstanceRateLimit) Option {
	return func(c *config) error { c.limit = l; return nil }
}

// WithFallback sets the budget of the in-process limiter used while Redis is
// unreachable. The default is the shared budget; a process that knows it is
// one of n should give itself a share (the budget divided by n), so that
// the fleet stays within the budget during an outage.
func WithFallback(l clerk.InstanceRateLimit) Option {
	return func(c *config) error { c.fallback = l; return nil }
}

// FailClosed makes Wait fail with an error wrapping [ErrUnavailable] while
// Redis is unreachable, instead of falling back to the in-process limiter.
func FailClosed() Option {
	return func(c *config) error { c.failClosed = true; return nil }
}

// WithLogger sets where the limiter logs that Redis became unreachable (one
// Warn per outage) and reachable again (Info). The default is
// slog.Default(). l must not be nil.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			return errors.New("redislimit: WithLogger: logger must not be nil")
		}
		c.logger = l
		return nil
	}
}

// WithKeyPrefix replaces "clerk:ratelimit:" in front of the hashed key, to
// keep tests or tenants apart on one Redis.
func WithKeyPrefix(p string) Option {
	return func(c *config) error { c.prefix = p; return nil }
}

// New returns a Limiter for the instance of secretKey on rdb (a
// *redis.Client, *redis.ClusterClient or *redis.Ring). The key is only
// hashed, never stored or sent.
func New(rdb redis.Scripter, secretKey string, opts ...Option) (*Limiter, error) {
	if rdb == nil {
		return nil, errors.New("redislimit: New: nil Redis client")
	}
	if secretKey == "" {
		return nil, errors.New("redislimit: New: empty secret key")
	}
	cfg := config{limit: clerk.RateLimitForKey(secretKey), logger: slog.Default(), prefix: "clerk:ratelimit:"}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.fallback == (clerk.InstanceRateLimit{}) {
		cfg.fallback = cfg.limit
	}
	if cfg.limit.Requests <= 0 || cfg.limit.Window <= 0 {
		return nil, errors.New("redislimit: the limit needs positive Requests and Window")
	}
	fallback, err := clerk.NewLocalRateLimiter(cfg.fallback)
	if err != nil {
		return nil, fmt.Errorf("redislimit: fallback: %w", err)
	}
	interval, burst := cfg.limit.Shape()
	return &Limiter{
		rdb:        rdb,
		key:        cfg.prefix + "{" + keyHash(secretKey) + "}",
		interval:   interval,
		burst:      burst,
		fallback:   fallback,
		failClosed: cfg.failClosed,
		logger:     cfg.logger,
	}, nil
}

// keyHash names a secret key's bucket without revealing the key: the first
// 128 bits of SHA-256 over a domain tag and the key, in hex.
func keyHash(secretKey string) string {
	sum := sha256.Sum256([]byte("gobapi-clerk/redislimit\x00" + secretKey))
	return hex.EncodeToString(sum[:16])
}

// Key returns the Redis key of the limiter's bucket (a hash of the secret
// key, never the key).
func (l *Limiter) Key() string { return l.key }

// Wait reserves the next slot of the shared budget and sleeps until it, or
// returns the context's error when ctx ends first or its deadline comes
// before the slot (then no slot is reserved). While Redis is unreachable it
// waits for the in-process fallback instead, or fails with
// [ErrUnavailable] under [FailClosed].
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.inFallback() {
		return l.waitFallback(ctx, nil)
	}
	most := int64(math.MaxInt64 / 2)
	if deadline, ok := ctx.Deadline(); ok {
		most = time.Until(deadline).Microseconds()
	}
	res, err := reserveScript.Run(ctx, l.rdb, []string{l.key},
		l.interval.Microseconds(), l.burst, most, idleTTL.Milliseconds()).Int64Slice()
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		l.markDown(err)
		return l.waitFallback(ctx, err)
	}
	l.markUp()
	if len(res) != 2 {
		return fmt.Errorf("redislimit: unexpected script reply %v", res)
	}
	wait := time.Duration(res[1]) * time.Microsecond
	if res[0] == 0 {
		return fmt.Errorf("redislimit: next slot in %v, after the context's deadline: %w", wait, context.DeadlineExceeded)
	}
	return sleep(ctx, wait)
}

// Pause records Clerk's 429 in Redis, so that no process of the key sends
// before until, and in the fallback. A failure to reach Redis only marks
// the limiter down.
func (l *Limiter) Pause(ctx context.Context, until time.Time) {
	d := time.Until(until)
	if d <= 0 {
		return
	}
	l.fallback.Pause(ctx, until)
	if l.inFallback() {
		return
	}
	err := pauseScript.Run(ctx, l.rdb, []string{l.key}, d.Microseconds(), idleTTL.Milliseconds()).Err()
	if err != nil && ctx.Err() == nil {
		l.markDown(err)
	}
}

// waitFallback waits for the in-process limiter, or fails closed.
func (l *Limiter) waitFallback(ctx context.Context, cause error) error {
	if l.failClosed {
		if cause == nil {
			return ErrUnavailable
		}
		return fmt.Errorf("%w: %w", ErrUnavailable, cause)
	}
	return l.fallback.Wait(ctx)
}

// inFallback reports whether Redis failed recently enough that the
// fallback is still in use.
func (l *Limiter) inFallback() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.down && time.Now().Before(l.downUntil)
}

// markDown records a Redis failure, logging it when an outage begins.
func (l *Limiter) markDown(err error) {
	l.mu.Lock()
	first := !l.down
	l.down = true
	l.downUntil = time.Now().Add(retryRedisAfter)
	l.mu.Unlock()
	if first {
		mode := "falling back to the in-process limiter"
		if l.failClosed {
			mode = "failing closed"
		}
		l.logger.Warn("redislimit: Redis unreachable, "+mode, slog.String("bucket", l.key), slog.String("error", err.Error()))
	}
}

// markUp records that Redis answered, logging the end of an outage.
func (l *Limiter) markUp() {
	l.mu.Lock()
	was := l.down
	l.down = false
	l.mu.Unlock()
	if was {
		l.logger.Info("redislimit: Redis reachable again, sharing the budget", slog.String("bucket", l.key))
	}
}

// sleep waits d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

var _ clerk.RateLimiter = (*Limiter)(nil)
