package redislimit_test

import (
	"log"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/redislimit"
	"github.com/redis/go-redis/v9"
)

// Every replica builds the same limiter: same secret key, same Redis. It
// needs a running Redis, so this example is compiled but not run.
func ExampleNew() {
	const secretKey = "sk_live_..." // from the environment in real code
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	lim, err := redislimit.New(rdb, secretKey,
		// This replica is one of 10: its share while Redis is down.
		redislimit.WithFallback(clerk.InstanceRateLimit{Requests: 100, Window: clerk.ProductionRateLimit.Window}))
	if err != nil {
		log.Fatal(err)
	}
	client, err := clerk.NewClient(secretKey, clerk.WithRateLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	_ = client
}
