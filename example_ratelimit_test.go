package clerk_test

import (
	"context"
	"fmt"
	"log"
	"sync"

	"github.com/gobapi/clerk"
)

// One LocalRateLimiter per secret key, shared by every goroutine and every
// Client of that key in the process, keeps them within the instance's
// budget together.
func ExampleWithRateLimiter() {
	srv := usersExampleServer()
	defer srv.Close()
	const key = "sk_test_example"

	lim, err := clerk.NewLocalRateLimiter(clerk.RateLimitForKey(key)) // 100 per 10 s
	if err != nil {
		log.Fatal(err)
	}
	client, err := clerk.NewClient(key, clerk.WithBaseURL(srv.URL), clerk.WithRateLimiter(lim))
	if err != nil {
		log.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := client.Users.Get(context.Background(), "user_1"); err != nil {
				log.Print(err)
			}
		})
	}
	wg.Wait()
	fmt.Println("4 calls within the budget")
	// Output: 4 calls within the budget
}
