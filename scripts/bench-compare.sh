#!/usr/bin/env bash
# bench-compare.sh: measure gobapi/clerk beside the official clerk-sdk-go v2
# and golang-jwt v5 (the bench/ module) and write BENCHMARKS.md.
#
#   scripts/bench-compare.sh              # -count=10, as published
#   COUNT=1 BENCHTIME=200ms scripts/bench-compare.sh   # a quick look
#
# The timing benchmarks run from one compiled test binary in COUNT
# interleaved rounds (each round runs every benchmark once), so a change of
# load on the shared machine during the run hits all of them alike instead
# of whichever benchmark happened to be running; benchstat takes the medians.
# The JWKS flood and the 100,000-user listing are tests that print RESULT
# lines. Raw outputs are kept in bench/out/.
# Nothing here reaches the internet except the Go module proxy (benchstat).
set -euo pipefail
cd "$(dirname "$0")/../bench"

COUNT=${COUNT:-10}
BENCHTIME=${BENCHTIME:-1s}
BENCHSTAT=${BENCHSTAT:-go run golang.org/x/perf/cmd/benchstat@latest}
out=out
mkdir -p "$out"

bench_cmd="go test -c -o $out/bench.test . && for i in \$(seq $COUNT); do $out/bench.test -test.run '^\$' -test.bench . -test.benchmem -test.benchtime=$BENCHTIME; done"
results_cmd="go test -run 'TestJWKSFlood|TestList100k' -count=1 -v ."

echo "== $bench_cmd (in bench/)"
go test -c -o "$out/bench.test" .
: > "$out/bench.txt"
for i in $(seq "$COUNT"); do
  echo "-- round $i of $COUNT"
  "$out/bench.test" -test.run '^$' -test.bench . -test.benchmem -test.benchtime="$BENCHTIME" | tee -a "$out/bench.txt"
done
echo "== $results_cmd (in bench/)"
eval "$results_cmd" | tee "$out/results.txt" | grep -E 'RESULT|^(ok|FAIL|---)' || true
grep -q '^ok' "$out/results.txt" || { echo "flood/listing tests failed; see bench/out/results.txt" >&2; exit 1; }

echo "== benchstat"
$BENCHSTAT "$out/bench.txt" > "$out/benchstat.txt"
$BENCHSTAT -filter '/sdk:(ours OR official)' -col /sdk "$out/bench.txt" > "$out/benchstat-sdk.txt"
cat "$out/benchstat.txt"

cpu=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)
{
  echo "date=$(date -u +%Y-%m-%dT%H:%MZ)"
  echo "go=$(go version | cut -d' ' -f3-)"
  echo "nproc=$(nproc)"
  echo "cpu=${cpu:-unknown}"
  echo "official=$(go list -m -f '{{.Version}}' github.com/clerk/clerk-sdk-go/v2)"
  echo "golangjwt=$(go list -m -f '{{.Version}}' github.com/golang-jwt/jwt/v5)"
  echo "count=$COUNT"
  echo "command=scripts/bench-compare.sh (COUNT=$COUNT BENCHTIME=$BENCHTIME): cd bench && $bench_cmd; $results_cmd; benchstat bench.txt; benchstat -filter '/sdk:(ours OR official)' -col /sdk bench.txt"
} > "$out/meta.txt"

go run ./report -bench "$out/bench.txt" -benchstat "$out/benchstat.txt" -benchstat-sdk "$out/benchstat-sdk.txt" \
  -results "$out/results.txt" -meta "$out/meta.txt" > ../BENCHMARKS.md

# What a consumer compiles and pulls in, beside the official SDK.
echo "== ../scripts/consumer-modules.sh; ../scripts/compile-compare.sh ${COMPILE_ROUNDS:-3}"
../scripts/consumer-modules.sh | tee "$out/modules.txt"
../scripts/compile-compare.sh "${COMPILE_ROUNDS:-3}" | tee "$out/compile.txt"
{
  echo
  echo "## Footprint: module graph and cold compile"
  echo
  echo "A consumer module that imports the root package, beside one that imports clerk-sdk-go v2 (20 modules in"
  echo "\`go list -m all\`). Command: \`scripts/consumer-modules.sh\` (CI fails past 25)."
  echo
  echo "    $(tail -1 "$out/modules.txt")"
  echo
  echo "Cold compile of a consumer: each build starts from a GOCACHE that holds only the standard library, so it"
  echo "compiles every package of the SDK and its dependencies; ${COMPILE_ROUNDS:-3} interleaved rounds."
  echo "Command: \`scripts/compile-compare.sh ${COMPILE_ROUNDS:-3}\`."
  echo
  grep -E '^(round|mean)' "$out/compile.txt" | sed 's/^/    /'
} >> ../BENCHMARKS.md
# The shared rate limit's figures, kept from the last `make bench-limit`.
if [ -f shared-limit.md ]; then cat shared-limit.md >> ../BENCHMARKS.md; fi
echo "wrote BENCHMARKS.md"
