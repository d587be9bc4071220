package clerk

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"testing"
)

// TestRetriersKeepCallsApart: calls of two clients with different retry
// policies, run concurrently and sharing the pool of retriers, each count
// their own attempts and waits and apply their own client's policy. Every
// request fails once with a 503: with retries each call takes two attempts
// and succeeds, without retries each returns the 503.
func TestRetriersKeepCallsApart(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	attempts := map[string]int{}
	s := newServer(t, func(w http.ResponseWriter, r *http.Request) {
		id := r.URL.Query().Get("n")
		mu.Lock()
		attempts[id]++
		n := attempts[id]
		mu.Unlock()
		if n == 1 {
			jsonHandler(http.StatusServiceUnavailable, `{}`)(w, r)
			return
		}
		jsonHandler(http.StatusOK, `{}`)(w, r)
	})
	retrying, waits := newTestClient(t, s, WithRetry(testPolicy))
	once, _ := newTestClient(t, s, WithRetry(RetryPolicy{}))
	const calls = 50
	var wg sync.WaitGroup
	errs := make([]error, 2*calls)
	for i := range 2 * calls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := retrying
			if i%2 == 1 {
				c = once
			}
			url := s.URL + "/v1/users?n=" + strconv.Itoa(i)
			_, errs[i] = doRaw(t, c, context.Background(), http.MethodGet, url, "")
		}()
	}
	wg.Wait()
	for i, err := range errs {
		var ae *APIError
		switch {
		case i%2 == 0 && err != nil:
			t.Errorf("call %d with retries: %v", i, err)
		case i%2 == 1 && (!errors.As(err, &ae) || ae.StatusCode != http.StatusServiceUnavailable):
			t.Errorf("call %d without retries: err = %v, want the 503", i, err)
		}
		want := 2 - i%2
		if got := attempts[strconv.Itoa(i)]; got != want {
			t.Errorf("call %d: %d attempts, want %d", i, got, want)
		}
	}
	if got := len(waits.get()); got != calls {
		t.Errorf("%d waits, want one per call with retries (%d)", got, calls)
	}
}
