package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gobapi/clerk"
)

const (
	// lookupBatch is how many rows one GET /users looks up: the most
	// values the API takes for one filter.
	lookupBatch = 100
	// maxCreateAttempts bounds the creates of one row whose earlier
	// attempts failed without creating it (429, 5xx, lost connections).
	maxCreateAttempts = 8
)

// importer creates the users of one input file.
type importer struct {
	cfg   config
	c     *clerk.Client
	pacer *pacer
	known map[string]string // key → user ID from the state file; read-only
	state *stateWriter      // nil in a dry run
	errs  *errorLog

	read, created, present, failed, wouldCreate, interrupted, otherShards atomic.Int64
}

// run reads every row of rd and creates the users that need creating,
// with cfg.concurrency workers.
func (im *importer) run(ctx context.Context, rd reader) error {
	jobs := make(chan *row, 2*lookupBatch)
	var wg sync.WaitGroup
	for range im.cfg.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range jobs {
				if ctx.Err() != nil {
					im.interrupted.Add(1)
					continue
				}
				im.create(ctx, r)
			}
		}()
	}
	err := im.feed(ctx, rd, jobs)
	close(jobs)
	wg.Wait()
	if err == nil {
		err = ctx.Err()
	}
	return err
}

// feed reads rows, settles those the state file knows or that are
// invalid, looks the others up in Clerk a batch at a time, and queues
// those not found for creation.
func (im *importer) feed(ctx context.Context, rd reader, jobs chan<- *row) error {
	batch := make([]*row, 0, lookupBatch)
	// firstLine remembers the line of each key this run handles, so that
	// the first of duplicate rows wins, whatever the workers' timing.
	firstLine := map[string]int{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		r, err := rd.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if !im.cfg.shard.owns(r) {
			im.otherShards.Add(1)
			continue
		}
		im.read.Add(1)
		switch {
		case r.err != nil:
			im.fail(r, &rowError{r.err})
			continue
		case im.known[r.key] != "":
			im.present.Add(1)
			continue
		case firstLine[r.key] != 0:
			im.fail(r, &rowError{fmt.Errorf("same key as line %d, which is imported instead", firstLine[r.key])})
			continue
		}
		firstLine[r.key] = r.line
		batch = append(batch, r)
		if len(batch) == lookupBatch {
			if err := im.lookupBatch(ctx, batch, jobs); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return im.lookupBatch(ctx, batch, jobs)
}

// lookupBatch looks rows up by external ID (or email) in two requests at
// most, records those found, and queues the others.
func (im *importer) lookupBatch(ctx context.Context, batch []*row, jobs chan<- *row) error {
	if len(batch) == 0 {
		return nil
	}
	var extIDs, emails []string
	for _, r := range batch {
		if r.rec.ExternalID != "" {
			extIDs = append(extIDs, r.rec.ExternalID)
		} else {
			emails = append(emails, r.rec.Email)
		}
	}
	found := map[string]string{} // key → user ID
	for _, p := range []*clerk.UserListParams{
		{ExternalIDs: extIDs, Limit: len(extIDs) + 1},
		{EmailAddresses: emails, Limit: len(emails) + 1},
	} {
		if p.Limit == 1 {
			continue
		}
		list, err := im.c.Users.List(ctx, p)
		if err != nil {
			// The SDK has retried; without knowing who exists, creating
			// could duplicate. Stop: a rerun resumes here.
			return fmt.Errorf("look up rows from line %d: %w", batch[0].line, err)
		}
		for i := range list.Data {
			for _, k := range userKeys(&list.Data[i]) {
				found[k] = list.Data[i].ID
			}
		}
	}
	for _, r := range batch {
		if id := found[r.key]; id != "" {
			im.record(r, id, &im.present)
			continue
		}
		if im.cfg.dryRun {
			im.wouldCreate.Add(1)
			continue
		}
		select {
		case jobs <- r:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// userKeys are the keys under which rows can match u.
func userKeys(u *clerk.User) []string {
	var keys []string
	if u.ExternalID != nil && *u.ExternalID != "" {
		keys = append(keys, "external_id:"+*u.ExternalID)
	}
	for _, e := range u.EmailAddresses {
		keys = append(keys, "email:"+strings.ToLower(e.EmailAddress))
	}
	return keys
}

// create creates the user of r exactly once. A create whose outcome is
// unknown (5xx, connection lost after sending) is never repeated before a
// lookup shows that it did not happen.
func (im *importer) create(ctx context.Context, r *row) {
	params := r.params()
	var err error
	for attempt := 1; attempt <= maxCreateAttempts; attempt++ {
		var u *clerk.User
		u, err = im.c.Users.Create(ctx, params)
		switch {
		case err == nil:
			im.record(r, u.ID, &im.created)
			return
		case ctx.Err() != nil:
			// Not a failure of the row: a rerun looks it up and goes on.
			im.interrupted.Add(1)
			return
		case clerk.HasErrorCode(err, "form_identifier_exists"):
			// Created by an earlier attempt, an earlier run or a duplicate
			// row, or another user holds the email address.
			id, lerr := im.lookup(ctx, r)
			switch {
			case lerr != nil:
				im.fail(r, lerr)
			case id != "":
				im.record(r, id, &im.present)
			default:
				im.fail(r, err)
			}
			return
		case clerk.IsRateLimited(err):
			// Refused before Clerk looked at it, even after the SDK's
			// retries: safe to send again once the pacer allows.
		case !unknownOutcome(err):
			im.fail(r, err)
			return
		default:
			id, lerr := im.lookup(ctx, r)
			if lerr != nil {
				im.fail(r, fmt.Errorf("%w (after a create whose outcome is unknown: %v)", lerr, err))
				return
			}
			if id != "" {
				im.record(r, id, &im.created)
				return
			}
		}
		if sleep(ctx, im.backoff(attempt)) != nil {
			im.interrupted.Add(1)
			return
		}
	}
	im.fail(r, fmt.Errorf("gave up after %d attempts: %w", maxCreateAttempts, err))
}

// unknownOutcome reports whether a failed create may nevertheless have
// created the user: a 5xx, or a request error after the request may have
// reached Clerk (the SDK only returns a POST's connection error once it
// could not prove the request unsent), or a 2xx whose body was cut short.
func unknownOutcome(err error) bool {
	var apiErr *clerk.APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode >= 500
	}
	if errors.Is(err, clerk.ErrInvalidParams) {
		return false
	}
	return true
}

// backoff is the pause before attempt+1: exponential from 100 ms, at most
// 5 s, in the server's time scale.
func (im *importer) backoff(attempt int) time.Duration {
	d := 100 * time.Millisecond << min(attempt-1, 6)
	return time.Duration(float64(min(d, 5*time.Second)) * im.cfg.timeScale)
}

// lookup finds the user of r by external ID, else by email; "" when there
// is none.
func (im *importer) lookup(ctx context.Context, r *row) (string, error) {
	p := &clerk.UserListParams{Limit: 2}
	if r.rec.ExternalID != "" {
		p.ExternalIDs = []string{r.rec.ExternalID}
	} else {
		p.EmailAddresses = []string{r.rec.Email}
	}
	list, err := im.c.Users.List(ctx, p)
	if err != nil {
		return "", fmt.Errorf("look up %s: %w", r.key, err)
	}
	for i := range list.Data {
		for _, k := range userKeys(&list.Data[i]) {
			if k == r.key {
				return list.Data[i].ID, nil
			}
		}
	}
	return "", nil
}

// record counts r as settled with user userID and appends it to the
// state file.
func (im *importer) record(r *row, userID string, counter *atomic.Int64) {
	if im.state != nil {
		if err := im.state.add(stateEntry{Key: r.key, UserID: userID, Line: r.line}); err != nil {
			// The user exists; only the shortcut for the next run is lost.
			im.errs.add(r, err)
		}
	}
	counter.Add(1)
}

func (im *importer) fail(r *row, err error) {
	im.failed.Add(1)
	im.errs.add(r, err)
}

// params maps a record to the SDK's create params.
func (r *row) params() *clerk.UserCreateParams {
	p := &clerk.UserCreateParams{
		EmailAddresses:  []string{r.rec.Email},
		PublicMetadata:  r.rec.PublicMetadata,
		PrivateMetadata: r.rec.PrivateMetadata,
	}
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	p.FirstName, p.LastName, p.ExternalID = opt(r.rec.FirstName), opt(r.rec.LastName), opt(r.rec.ExternalID)
	if r.rec.PasswordDigest != "" {
		p.PasswordDigest, p.PasswordHasher = opt(r.rec.PasswordDigest), opt(r.rec.PasswordHasher)
	} else {
		// Users without a password sign in another way (email code,
		// OAuth); without this, instances that use passwords refuse them.
		p.SkipPasswordRequirement = clerk.Ptr(true)
	}
	return p
}

// rowError marks a row the input itself got wrong.
type rowError struct{ err error }

func (e *rowError) Error() string { return e.err.Error() }
func (e *rowError) Unwrap() error { return e.err }

// errorLog writes one JSON line per failed row. Errors come from the SDK,
// whose messages never contain the secret key.
type errorLog struct {
	mu  sync.Mutex
	enc *json.Encoder
	n   int
}

type errorEntry struct {
	Line    int    `json:"line"`
	Key     string `json:"key"`
	Status  int    `json:"status,omitempty"`
	Code    string `json:"code,omitempty"`
	Message string `json:"message"`
	TraceID string `json:"trace_id,omitempty"`
}

func (l *errorLog) add(r *row, err error) {
	e := errorEntry{Line: r.line, Key: r.key, Message: err.Error()}
	var apiErr *clerk.APIError
	var re *rowError
	switch {
	case errors.As(err, &apiErr):
		e.Status, e.TraceID = apiErr.StatusCode, apiErr.TraceID
		if len(apiErr.Errors) > 0 {
			d := apiErr.Errors[0]
			e.Code, e.Message = d.Code, d.LongMessage
			if e.Message == "" {
				e.Message = d.Message
			}
			if p, ok := d.Meta["param_name"].(string); ok && p != "" {
				e.Message += " (" + p + ")"
			}
		}
	case errors.As(err, &re):
		e.Code = "invalid_row"
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	_ = l.enc.Encode(e) // a full disk shows in the summary's count anyway
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
