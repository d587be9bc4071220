package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/redislimit/redistest"
	"github.com/google/go-cmp/cmp"
)

func TestParseShard(t *testing.T) {
	for _, bad := range []string{"", "1", "1/1", "-1/2", "2/2", "a/b", "0/0"} {
		if _, err := parseShard(bad); err == nil {
			t.Errorf("parseShard(%q) accepted", bad)
		}
	}
	got, err := parseShard("2/5")
	if diff := cmp.Diff(shard{2, 5}, got, cmp.AllowUnexported(shard{})); err != nil || diff != "" {
		t.Errorf("parseShard(2/5) = %v, %v", got, err)
	}
}

func TestShardsCoverEveryRowOnce(t *testing.T) {
	const n = 4
	counts := make([]int, n)
	for i := range 1000 {
		rec := genRecord(i)
		r := &row{line: i + 2, key: rec.key()}
		if i%100 == 0 {
			r.err = fmt.Errorf("invalid")
		}
		owners := 0
		for s := range n {
			if (shard{s, n}).owns(r) {
				owners++
				counts[s]++
			}
		}
		if owners != 1 {
			t.Fatalf("row %d has %d owners", i, owners)
		}
	}
	for s, c := range counts {
		if c < 150 {
			t.Errorf("shard %d owns only %d of 1000 rows", s, c)
		}
	}
}

// TestShardsWithRedisKilledMidRun runs three shards of one file at once,
// sharing the budget through a real redis-server that is killed after a
// third of the creates: every process falls back, logs the outage once,
// and finishes; every row is created exactly once; each shard's state
// holds its own rows only.
func TestShardsWithRedisKilledMidRun(t *testing.T) {
	const shards = 3
	n := 900
	if raceEnabled {
		n = 300
	}
	rds := redistest.Start(t)
	srv := clerktest.NewServer(t, clerktest.WithTimeScale(0.01))
	if err := srv.SetRateLimit(clerktest.AllRoutes, 100, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	in := writeRows(t, dir, "jsonl", n)

	var creates atomic.Int64
	killer := roundTripFunc(func(req *http.Request) (*http.Response, error) {
		if req.Method == http.MethodPost && creates.Add(1) == int64(n/3) {
			rds.Kill()
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	getenv := func(k string) string {
		return map[string]string{"CLERK_SECRET_KEY": srv.SecretKey, "CLERK_API_URL": srv.URL}[k]
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	var wg sync.WaitGroup
	codes := make([]int, shards)
	outs := make([]*bytes.Buffer, shards)
	errs := make([]*bytes.Buffer, shards)
	for i := range shards {
		outs[i], errs[i] = &bytes.Buffer{}, &bytes.Buffer{}
		wg.Go(func() {
			codes[i] = run(ctx, []string{"-in", in, "-shard", fmt.Sprintf("%d/%d", i, shards), "-redis", rds.URL(),
				"-rate", "100", "-time-scale", "0.01", "-concurrency", "8", "-progress", "1h"},
				env{stdout: outs[i], stderr: errs[i], getenv: getenv, transport: killer})
		})
	}
	wg.Wait()
	if creates.Load() < int64(n/3) {
		t.Fatalf("only %d creates: Redis was never killed", creates.Load())
	}
	for i := range shards {
		if codes[i] != 0 {
			t.Errorf("shard %d: exit %d\n%s%s", i, codes[i], outs[i], errs[i])
		}
		if c := strings.Count(errs[i].String(), "redislimit: Redis unreachable"); c != 1 {
			t.Errorf("shard %d logged the outage %d times, want once:\n%s", i, c, errs[i])
		}
		if strings.Contains(errs[i].String()+outs[i].String(), srv.SecretKey) {
			t.Errorf("shard %d printed the secret key", i)
		}
	}
	if c := countStatuses(srv.Requests(), "CreateUser"); c[422] != 0 {
		t.Errorf("a row was created twice: CreateUser statuses %v", c)
	}
	users := allUsers(t, srv)
	if len(users) != n {
		t.Errorf("%d users, want %d", len(users), n)
	}
	seen := map[string]int{}
	for i := range shards {
		state, damaged, err := loadState(fmt.Sprintf("%s.shard-%d-of-%d.state.jsonl", in, i, shards))
		if err != nil || damaged != 0 {
			t.Fatalf("shard %d state: %v, %d damaged", i, err, damaged)
		}
		for k := range state {
			seen[k]++
		}
	}
	if len(seen) != n {
		t.Errorf("the shards' states hold %d keys, want %d", len(seen), n)
	}
	for k, c := range seen {
		if c != 1 {
			t.Errorf("key %s is in %d shards' states", k, c)
		}
	}
	if _, err := os.Stat(in + ".state.jsonl"); !os.IsNotExist(err) {
		t.Errorf("a sharded run wrote the unsharded state file (%v)", err)
	}
}
