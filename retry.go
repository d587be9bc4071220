package clerk

import "time"

// RetryPolicy bounds how a [Client] retries failed requests. See the
// package documentation's Retries section for which requests are retried.
type RetryPolicy struct {
	// MaxAttempts is the most attempts per call, including the first.
	// 1 or less disables retries.
	MaxAttempts int
	// MinWait is the shortest wait before a retry.
	MinWait time.Duration
	// MaxWait is the longest wait before a retry. A Retry-After header
	// asking for longer is clamped to MaxWait.
	MaxWait time.Duration
	// MaxTotalWait bounds the sum of waits of one call. A retry whose wait
	// would exceed it is not made; the last response or error is returned.
	MaxTotalWait time.Duration
}

// DefaultRetryPolicy returns the policy used unless [WithRetry] overrides
// it: 3 attempts, waits between 250ms and 5s, at most 30s of waiting per
// call.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:  3,
		MinWait:      250 * time.Millisecond,
		MaxWait:      5 * time.Second,
		MaxTotalWait: 30 * time.Second,
	}
}

// enabled reports whether p makes more than one attempt.
func (p RetryPolicy) enabled() bool { return p.MaxAttempts > 1 }

// normalize validates p and fills zero waits of an enabled policy from
// def.
func (p RetryPolicy) normalize() (RetryPolicy, error) {
	switch {
	case p.MaxAttempts < 0:
		return p, &ConfigError{Option: "WithRetry", Reason: "MaxAttempts must not be negative"}
	case p.MinWait < 0 || p.MaxWait < 0 || p.MaxTotalWait < 0:
		return p, &ConfigError{Option: "WithRetry", Reason: "waits must not be negative"}
	}
	if !p.enabled() {
		return RetryPolicy{MaxAttempts: 1}, nil
	}
	def := DefaultRetryPolicy()
	if p.MinWait == 0 {
		p.MinWait = def.MinWait
	}
	if p.MaxWait == 0 {
		p.MaxWait = max(def.MaxWait, p.MinWait)
	}
	if p.MaxTotalWait == 0 {
		p.MaxTotalWait = max(def.MaxTotalWait, p.MaxWait)
	}
	if p.MinWait > p.MaxWait {
		return p, &ConfigError{Option: "WithRetry", Reason: "MinWait must not exceed MaxWait"}
	}
	return p, nil
}
