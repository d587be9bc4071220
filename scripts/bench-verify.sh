#!/usr/bin/env bash
# bench-verify.sh: the verifier's benchmarks against the RSA floor, in
# ROUNDS interleaved rounds (each round runs every benchmark once, so a
# change of load on a shared machine falls on all of them alike), then
# benchstat and the per-round ratios to BenchmarkRSAFloor.
#
#   scripts/bench-verify.sh            # 15 rounds of 1s each
#   ROUNDS=5 scripts/bench-verify.sh   # a quick look
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${ROUNDS:-15}
BENCHTIME=${BENCHTIME:-1s}
BENCHSTAT=${BENCHSTAT:-go run golang.org/x/perf/cmd/benchstat@latest}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
pattern='^Benchmark(RSAFloor|VerifyUncached|VerifyOwnWork|VerifyCached|Middleware)$'

go test -c -o "$out/verify.test" .
for i in $(seq "$ROUNDS"); do
  "$out/verify.test" -test.run '^$' -test.bench "$pattern" -test.benchmem -test.cpu=1 \
    -test.benchtime="$BENCHTIME" >> "$out/bench.txt"
done
$BENCHSTAT "$out/bench.txt"
echo
echo "ratio to BenchmarkRSAFloor of the same round (median, min-max over $ROUNDS rounds):"
awk '
  $1 == "BenchmarkRSAFloor" { floor = $3; next }
  $1 ~ /^Benchmark/ && floor > 0 { r[$1] = r[$1] " " $3 / floor }
  END { for (b in r) print b, r[b] }
' "$out/bench.txt" | while read -r name ratios; do
  printf '%s\n' $ratios | sort -g | awk -v n="$name" '
    { v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "  %-24s %.3fx  (%.3f-%.3f)\n", n, m, v[1], v[NR] }'
done
