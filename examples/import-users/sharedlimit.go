package main

import (
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/redislimit"
	"github.com/redis/go-redis/v9"
)

// sharedLimiter builds the Redis-backed limiter of -redis: the budget of
// -rate per window shared by every process of the key, and, while Redis is
// unreachable, this process's share of it (the budget divided by the
// shards). Its warnings go to stderr. close releases the Redis client.
func sharedLimiter(redisURL, secretKey string, perWindow int, window time.Duration, sh shard, stderr io.Writer) (lim *redislimit.Limiter, closeFn func() error, err error) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		// The URL may hold a password: say only that it is wrong.
		return nil, nil, fmt.Errorf("-redis: not a redis:// or rediss:// URL")
	}
	rdb := redis.NewClient(opt)
	lim, err = redislimit.New(rdb, secretKey,
		redislimit.WithLimit(clerk.InstanceRateLimit{Requests: perWindow, Window: window}),
		redislimit.WithFallback(clerk.InstanceRateLimit{Requests: max(1, perWindow/sh.n), Window: window}),
		redislimit.WithLogger(slog.New(slog.NewTextHandler(stderr, nil))),
	)
	if err != nil {
		_ = rdb.Close()
		return nil, nil, err
	}
	return lim, rdb.Close, nil
}
