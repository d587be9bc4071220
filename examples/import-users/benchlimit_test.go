package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/gobapi/clerk/clerktest"
	"github.com/gobapi/clerk/redislimit/redistest"
)

// asMainEnv makes the test binary run the program itself, so that the
// benchmark can start real processes without building anything.
const asMainEnv = "IMPORT_USERS_AS_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asMainEnv) == "1" {
		main()
	}
	os.Exit(m.Run())
}

// Shape of BenchmarkSharedLimit: 4 processes × 8 workers import 4,000
// users into one clerktest that allows 100 requests per second (100 per
// 10 s of its clock, which runs 10 times fast).
const (
	benchProcs   = 4
	benchWorkers = 8
	benchRows    = 4000
	benchScale   = 0.1
	benchAllowed = 100.0 // requests per wall second
)

// BenchmarkSharedLimit runs the import as 4 OS processes, once sharing the
// budget through a real redis-server (-redis) and once each pacing itself
// at the whole budget, and reports for each: the rate of admitted
// requests as a share of the allowed rate, and the share of requests
// answered 429, from clerktest's request log. One iteration takes about a
// minute per mode: make bench-limit.
func BenchmarkSharedLimit(b *testing.B) {
	if testing.Short() {
		b.Skip("takes minutes")
	}
	for _, mode := range []string{"redis", "per-process"} {
		b.Run(mode, func(b *testing.B) {
			var of, lim float64
			for b.Loop() {
				o, l := sharedRun(b, mode == "redis")
				of, lim = of+o, lim+l
			}
			b.ReportMetric(100*of/float64(b.N), "%-of-limit")
			b.ReportMetric(100*lim/float64(b.N), "%-429")
		})
	}
}

// sharedRun imports benchRows rows with benchProcs processes and returns
// the admitted rate as a share of the allowed one and the 429 share.
func sharedRun(b *testing.B, shared bool) (ofLimit, limitedShare float64) {
	srv := clerktest.NewServer(b, clerktest.WithTimeScale(benchScale))
	if err := srv.SetRateLimit(clerktest.AllRoutes, 100, 10*time.Second); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	in := writeRows(b, dir, "jsonl", benchRows)
	common := []string{"-in", in, "-rate", "100", "-time-scale", fmt.Sprint(benchScale),
		"-concurrency", fmt.Sprint(benchWorkers), "-progress", "1h"}
	if shared {
		common = append(common, "-redis", redistest.Start(b).URL())
	}
	var wg sync.WaitGroup
	outs := make([]bytes.Buffer, benchProcs)
	errs := make([]error, benchProcs)
	for i := range benchProcs {
		cmd := exec.Command(os.Args[0], append([]string{"-shard", fmt.Sprintf("%d/%d", i, benchProcs)}, common...)...)
		cmd.Env = append(os.Environ(), asMainEnv+"=1", "CLERK_SECRET_KEY="+srv.SecretKey, "CLERK_API_URL="+srv.URL)
		cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		wg.Go(func() { errs[i] = cmd.Wait() })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil && shared {
			b.Errorf("process %d: %v\n%s", i, err, outs[i].String())
		}
	}
	reqs := srv.Requests()
	limited := 0
	first, last := reqs[0].Time, reqs[0].Time
	for _, r := range reqs {
		if r.Status == http.StatusTooManyRequests {
			limited++
		}
		first, last = minTime(first, r.Time), maxTime(last, r.Time)
	}
	admitted := float64(len(reqs)-limited) / last.Sub(first).Seconds()
	users := len(allUsers(b, srv))
	b.Logf("%s: %d processes × %d workers, %d rows → %d users; %d requests in %v, %d answered 429 (%.2f%%); admitted %.1f/s = %.1f%% of the allowed %.0f/s",
		map[bool]string{true: "shared limiter (-redis)", false: "each process at -rate"}[shared],
		benchProcs, benchWorkers, benchRows, users, len(reqs), last.Sub(first).Round(time.Millisecond),
		limited, 100*float64(limited)/float64(len(reqs)), admitted, 100*admitted/benchAllowed, benchAllowed)
	return admitted / benchAllowed, float64(limited) / float64(len(reqs))
}
