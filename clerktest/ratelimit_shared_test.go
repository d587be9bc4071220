package clerktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"
	"github.com/google/go-cmp/cmp"
)

// TestRateLimitCountsEveryClientTogether: a server's rate limit is the
// instance's, so requests of separate clients, over separate connections,
// draw from one budget.
func TestRateLimitCountsEveryClientTogether(t *testing.T) {
	srv := clerktest.NewServer(t, clerktest.WithRateLimit(clerktest.AllRoutes, 3, time.Hour))
	var statuses []int
	for i := range 4 {
		c, err := srv.Client(clerk.WithHTTPClient(&http.Client{Transport: &http.Transport{}}), clerk.WithRetry(clerk.RetryPolicy{MaxAttempts: 1}))
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Users.List(context.Background(), nil)
		status := http.StatusOK
		var apiErr *clerk.APIError
		if errors.As(err, &apiErr) {
			status = apiErr.StatusCode
		} else if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
		statuses = append(statuses, status)
	}
	if diff := cmp.Diff([]int{200, 200, 200, 429}, statuses); diff != "" {
		t.Errorf("statuses of four clients (-want +got):\n%s", diff)
	}
}
