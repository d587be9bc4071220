package clerk

import (
	"context"
	"net/http"

	"github.com/hashicorp/go-retryablehttp"
)

// retrier is the reusable part of a call through go-retryablehttp: the
// call's retry state, the go-retryablehttp client whose hooks are bound to
// that state, and the request wrapper. Building these for every call cost
// six allocations (the client, the state, three method values and the
// wrapper), as many as the rest of the transport's own work; retriers are
// pooled instead, with the hooks bound once.
type retrier struct {
	call
	client  retryablehttp.Client
	request retryablehttp.Request
}

// newRetrier builds a retrier with its hooks bound; the New of a
// transport's pool of idle retriers (transport.retriers). A retrier is used
// by one call at a time: go-retryablehttp runs the hooks synchronously
// inside Client.Do.
func newRetrier() any {
	r := new(retrier)
	r.client.Logger = nil // never the default stderr logger: it prints URLs with queries
	r.client.CheckRetry = r.checkRetry
	r.client.Backoff = r.backoff
	r.client.ErrorHandler = retryablehttp.PassthroughErrorHandler // final response reaches newAPIError
	r.client.PrepareRetry = r.prepareRetry
	return r
}

// getRetrier returns a retrier set up for one call of t.
func getRetrier(t *transport, ctx context.Context, method, path string) *retrier {
	r := t.retriers.Get().(*retrier)
	r.call = call{t: t, ctx: ctx, method: method, path: path}
	r.client.HTTPClient = t.httpClient
	r.client.RetryWaitMin = t.retry.MinWait
	r.client.RetryWaitMax = t.retry.MaxWait
	r.client.RetryMax = max(t.retry.MaxAttempts-1, 0)
	return r
}

// wrap returns req as a go-retryablehttp request. A request without a body
// needs no replayable copy of one, so it is wrapped in place; others go
// through retryablehttp.FromRequest, which makes the body replayable.
func (r *retrier) wrap(req *http.Request) (*retryablehttp.Request, error) {
	if req.Body == nil {
		r.request = retryablehttp.Request{Request: req}
		return &r.request, nil
	}
	return retryablehttp.FromRequest(req)
}

// putRetrier returns r to the pool once its call is over, dropping what it
// referred to.
func putRetrier(r *retrier) {
	t := r.t
	r.call = call{}
	r.client.HTTPClient = nil
	r.request = retryablehttp.Request{}
	t.retriers.Put(r)
}
