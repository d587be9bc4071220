// Command report writes BENCHMARKS.md from the outputs of one
// scripts/bench-compare.sh run: the raw `go test -bench` output, benchstat's
// tables, the RESULT lines of the flood and listing tests, and the machine
// description. It computes the ratios at the top from the medians of the
// raw output, the same statistic benchstat reports.
//
// Usage:
//
//	go run ./report -bench bench.txt -benchstat stat.txt -benchstat-sdk stat-sdk.txt \
//	    -results results.txt -meta meta.txt > ../BENCHMARKS.md
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// sample is the medians of one benchmark, and for the paired benchmarks
// (BenchmarkVsFloor) the median and range of their "x-floor" ratio.
type sample struct {
	ns, bytes, allocs float64
	xFloor            float64
	xFloorRange       [2]float64
}

// procSuffix is the -GOMAXPROCS suffix of a benchmark name.
var procSuffix = regexp.MustCompile(`-\d+$`)

// parseBench returns the medians of ns/op, B/op and allocs/op per
// benchmark name (without the GOMAXPROCS suffix).
func parseBench(r io.Reader) (map[string]sample, error) {
	vals := map[string]map[string][]float64{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := procSuffix.ReplaceAllString(f[0], "")
		if vals[name] == nil {
			vals[name] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			vals[name][f[i+1]] = append(vals[name][f[i+1]], v)
		}
	}
	out := map[string]sample{}
	for name, units := range vals {
		out[name] = sample{median(units["ns/op"]), median(units["B/op"]), median(units["allocs/op"]),
			median(units["x-floor"]), minMax(units["x-floor"])}
	}
	return out, sc.Err()
}

// minMax returns the smallest and largest of v (zeros when v is empty).
func minMax(v []float64) [2]float64 {
	if len(v) == 0 {
		return [2]float64{}
	}
	return [2]float64{slices.Min(v), slices.Max(v)}
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if n := len(s); n%2 == 1 {
		return s[n/2]
	} else {
		return (s[n/2-1] + s[n/2]) / 2
	}
}

// ratio is one row of the Ratios table: a/b.
type ratio struct{ label, a, b string }

var ratios = []ratio{
	{"Verify a new token: ours / official `jwt.Verify`", "BenchmarkVerify/impl=ours-uncached", "BenchmarkVerify/impl=official"},
	{"Verify a new token: ours / golang-jwt v5", "BenchmarkVerify/impl=ours-uncached", "BenchmarkVerify/impl=golang-jwt"},
	{"Verify a new token: ours / RSA floor", "BenchmarkVerify/impl=ours-uncached", "BenchmarkVerify/impl=floor"},
	{"Verify a cached token: ours / RSA floor", "BenchmarkVerify/impl=ours-cached", "BenchmarkVerify/impl=floor"},
	{"Verify: official / RSA floor", "BenchmarkVerify/impl=official", "BenchmarkVerify/impl=floor"},
	{"Verify: golang-jwt / RSA floor", "BenchmarkVerify/impl=golang-jwt", "BenchmarkVerify/impl=floor"},
	{"Middleware, PEM key: ours / official", "BenchmarkMiddleware/key=pem/sdk=ours", "BenchmarkMiddleware/key=pem/sdk=official"},
	{"Middleware, JWKS key: ours / official", "BenchmarkMiddleware/key=jwks/sdk=ours", "BenchmarkMiddleware/key=jwks/sdk=official"},
	{"Middleware, PEM key: ours / RSA floor", "BenchmarkMiddleware/key=pem/sdk=ours", "BenchmarkVerify/impl=floor"},
	{"Users Get: ours / official", "BenchmarkGetUser/sdk=ours", "BenchmarkGetUser/sdk=official"},
	{"Users List, one page of 100: ours / official", "BenchmarkListUsers/sdk=ours", "BenchmarkListUsers/sdk=official"},
	{"Users Create: ours / official", "BenchmarkCreateUser/sdk=ours", "BenchmarkCreateUser/sdk=official"},
}

// bapiBenchmarks are the Backend API calls timed with both SDKs.
var bapiBenchmarks = []string{"GetUser", "ListUsers", "CreateUser"}

func div(a, b float64) string {
	if b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// human formats a median with its unit.
func human(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.1f µs", ns/1e3)
	}
	return fmt.Sprintf("%.0f ns", ns)
}

func readFile(path string) string {
	if path == "" {
		return ""
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	return string(b)
}

// meta reads key=value lines.
func meta(s string) map[string]string {
	m := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok {
			m[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return m
}

// resultRe matches the RESULT lines of TestJWKSFlood and TestList100k.
var resultRe = regexp.MustCompile(`RESULT (\w+) (.*)$`)

// results groups the RESULT lines' key=value fields by kind.
func results(s string) map[string][]map[string]string {
	out := map[string][]map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		m := resultRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		kv := map[string]string{}
		for _, f := range strings.Fields(m[2]) {
			if k, v, ok := strings.Cut(f, "="); ok {
				kv[k] = v
			}
		}
		out[m[1]] = append(out[m[1]], kv)
	}
	return out
}

func main() {
	benchPath := flag.String("bench", "", "raw go test -bench output")
	statPath := flag.String("benchstat", "", "benchstat output")
	statSDKPath := flag.String("benchstat-sdk", "", "benchstat -col /sdk output")
	resultsPath := flag.String("results", "", "go test -v output with RESULT lines")
	metaPath := flag.String("meta", "", "key=value lines: date, go, nproc, cpu, command, count")
	flag.Parse()

	raw := readFile(*benchPath)
	med, err := parseBench(strings.NewReader(raw))
	if err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
	md := meta(readFile(*metaPath))
	res := results(readFile(*resultsPath))
	w := bufio.NewWriter(os.Stdout)
	defer w.Flush()
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }

	p("# Benchmarks: gobapi/clerk beside clerk-sdk-go v2\n\n")
	p("Generated by `scripts/bench-compare.sh` on %s; do not edit by hand. Ratios below 1 mean ours is\n", md["date"])
	p("faster or smaller. Quote the ratios, not the absolute times: the machine is a shared 2-core VM.\n\n")
	p("## Ratios\n\n")
	p("Medians of %s interleaved rounds (each round runs every benchmark once, so a change of load during\n", md["count"])
	p("the run falls on all of them alike), ns/op, B/op and allocs/op.\n\n")
	p("| Comparison | time | bytes | allocations |\n|---|---|---|---|\n")
	for _, r := range ratios {
		a, okA := med[r.a]
		b, okB := med[r.b]
		if !okA || !okB {
			p("| %s | missing | missing | missing |\n", r.label)
			continue
		}
		p("| %s | %s | %s | %s |\n", r.label, div(a.ns, b.ns), div(a.bytes, b.bytes), div(a.allocs, b.allocs))
	}
	p("\n### Paired with the floor\n\n")
	p("`BenchmarkVsFloor` runs each verifier alternately with the RSA floor, token by token on the same token,\n")
	p("and divides the two total times. Interleaving at this grain cancels the load changes of a shared machine,\n")
	p("so these ratios are much steadier than the ratios of separately run medians above.\n\n")
	p("| Verify a new token ÷ RSA floor, paired | median of %s rounds | range |\n|---|---|---|\n", md["count"])
	for _, impl := range []string{"ours-uncached", "official", "golang-jwt"} {
		s, ok := med["BenchmarkVsFloor/impl="+impl]
		if !ok || s.xFloor == 0 {
			p("| %s | missing | |\n", impl)
			continue
		}
		p("| %s | %.3f× | %.3f–%.3f× |\n", impl, s.xFloor, s.xFloorRange[0], s.xFloorRange[1])
	}
	var slower, moreAllocs []string
	for _, b := range bapiBenchmarks {
		ours, official := med["Benchmark"+b+"/sdk=ours"], med["Benchmark"+b+"/sdk=official"]
		if ours.ns > 1.05*official.ns {
			slower = append(slower, b)
		}
		if ours.allocs > official.allocs {
			moreAllocs = append(moreAllocs, b)
		}
	}
	if len(slower) > 0 {
		p("\nOn %s ours is slower than the official SDK in this run (the time ratios of this table are\n", strings.Join(slower, ", "))
		p("noisy on a shared machine; the allocation ratios are exact).\n")
	}
	if len(moreAllocs) > 0 {
		p("\nOn %s ours makes more allocations than the official SDK.\n", strings.Join(moreAllocs, ", "))
	}
	p("\nOur generated types decode every field of the spec, where the official SDK skips some (passkeys,\n")
	p("locale, MFA times, enterprise accounts, organization memberships); nullable fields are pointers,\n")
	p("oneOf verification unions and metadata are kept as the JSON sent. The facades decode straight from\n")
	p("the buffer the transport filled (it must buffer, so that a body cut mid-way is a retryable failed\n")
	p("attempt). A memory profile: `cd bench && go test -run '^$' -bench ListUsers/sdk=ours -memprofile\n")
	p("mem.out`, then `go tool pprof -sample_index=alloc_objects -top mem.out`.\n")
	p("\n## Medians\n\n| Benchmark | time/op | B/op | allocs/op |\n|---|---|---|---|\n")
	names := make([]string, 0, len(med))
	for n := range med {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := med[n]
		p("| `%s` | %s | %.0f | %.0f |\n", strings.TrimPrefix(n, "Benchmark"), human(s.ns), s.bytes, s.allocs)
	}

	p("\n## JWKS under a flood\n\n")
	p("1,000 concurrent requests, each with a token whose `kid` no JWKS holds (`TestJWKSFlood`), against a\n")
	p("loopback BAPI whose `GET /v1/jwks` takes 10ms. Every request must be refused; the count is what the\n")
	p("flood costs the Clerk API (and your rate limit).\n\n")
	p("| SDK | entry point | requests | refused | JWKS fetches | wall |\n|---|---|---|---|---|---|\n")
	for _, r := range res["flood"] {
		p("| %s | `%s` | %s | %s | **%s** | %s |\n", r["sdk"], r["path"], r["requests"], r["refused"], r["jwks_fetches"], r["wall"])
	}
	p("\nOurs makes one fetch shared by every waiting request, then no other for `WithJWKSRefresh`'s gap\n")
	p("(30s by default); the official SDK fetches the JWKS once per request with an unknown `kid`.\n")

	p("\n## Listing 100,000 users\n\n")
	p("`TestList100k`: a generating handler serves 100,000 full fixture users (`testdata/users/user.json`)\n")
	p("in pages of 500. Ours ranges over `Users.All` (cursor paging); the official SDK loops `user.List`\n")
	p("with `Limit`/`Offset` (it has no iterator, and every `List` also calls `GET /users/count`). Both\n")
	p("process one page at a time and keep nothing. Peak heap is the highest `HeapInuse` sampled at every\n")
	p("page; allocated is the process's `TotalAlloc` growth. The server runs in the same process.\n\n")
	p("| SDK | users | requests | wall | peak heap in use | allocated |\n|---|---|---|---|---|---|\n")
	for _, r := range res["list100k"] {
		p("| %s | %s | %s | %s | %s | %s |\n", r["sdk"], r["users"], r["requests"], r["wall"], r["peak_heap_inuse"], r["allocated"])
	}

	p("\n## benchstat\n\n```\n%s```\n", readFile(*statPath))
	if s := readFile(*statSDKPath); s != "" {
		p("\nThe same runs with ours and the official SDK side by side (`benchstat -col /sdk`):\n\n```\n%s```\n", s)
	}

	p("\n## What is measured\n\n")
	p("- **Token**: an RS256, RSA-2048 Clerk v2 session token (`azp, exp, fea, fva, iat, iss, jti, nbf, o, pla,\n")
	p("  sid, sts, sub, v`), 512 distinct tokens minted before timing; every verifier checks signature, times at\n")
	p("  a fixed clock, issuer and `azp`.\n")
	p("- `Verify/impl=floor`: SHA-256 and `rsa.VerifyPKCS1v15` over a pre-decoded signature: the least any\n")
	p("  verifier must do. `ours-uncached`: `Verifier.Verify` on a token not in its cache (a full cache\n")
	p("  smaller than the 512 tokens cycled through, so every call misses, inserts and evicts: a busy\n")
	p("  server's steady state). `ours-cached`: the same token again (a browser resending its 60-second token).\n")
	p("  `official`: `jwt.Verify` with a preloaded `JSONWebKey`. `golang-jwt`: `ParseWithClaims` with the RSA\n")
	p("  key, RS256 only, issuer, `exp` required, `iat`, kid and `azp` checks.\n")
	p("- `Middleware`: one request with a new bearer token per iteration, from an `httptest` request to the\n")
	p("  handler reading the session: ours `RequireSession`, official `RequireHeaderAuthorization` with\n")
	p("  `JSONWebKey(pem)` (key=pem) or a `JWKSClient` whose key is cached after the first request\n")
	p("  (key=jwks, against a loopback BAPI).\n")
	p("- `GetUser`, `ListUsers`, `CreateUser`: `Users.Get` / `user.Get`, `Users.List` / `user.List` (page of\n")
	p("  100 plus `GET /users/count`, for both) and `Users.Create` / `user.Create` (the same JSON body, from\n")
	p("  each SDK's own params: ours metadata as a map, the official SDK's as raw JSON) against one loopback\n")
	p("  server returning byte-identical JSON.\n")

	p("\n## Machine and command\n\n")
	p("- Date: %s\n- Go: %s\n- CPU: %s (nproc %s)\n- clerk-sdk-go: %s; golang-jwt: %s\n", md["date"], md["go"], md["cpu"], md["nproc"], md["official"], md["golangjwt"])
	p("- Command: `%s`\n", md["command"])
	if n := md["note"]; n != "" {
		p("- Note: %s\n", n)
	}
}
