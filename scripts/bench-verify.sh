#!/usr/bin/env bash
# bench-verify.sh: the verifier's benchmarks against the RSA floor, in
# ROUNDS interleaved rounds (each round runs every benchmark once, so a
# change of load on a shared machine falls on all of them alike), then
# benchstat, the paired ratio of BenchmarkVerifyVsFloor (Verify and the
# floor alternated token by token: the figure to quote) and, for the
# others, their ns/op over BenchmarkRSAFloor's of the same round.
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
pattern='^Benchmark(RSAFloor|VerifyVsFloor|VerifyVsDecodeFloor|VerifyUncached|VerifyOwnWork|VerifyCached|Middleware|AuthVsVerifyCached|MiddlewareVsFloor)$'

go test -c -o "$out/verify.test" .
for i in $(seq "$ROUNDS"); do
  "$out/verify.test" -test.run '^$' -test.bench "$pattern" -test.benchmem -test.cpu=1 \
    -test.benchtime="$BENCHTIME" >> "$out/bench.txt"
done
$BENCHSTAT "$out/bench.txt"
echo
summary() { # name, then values: median and range
  local name=$1
  shift
  printf '%s\n' "$@" | sort -g | awk -v n="$name" '
    { v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "  %-34s %.3fx  (%.3f-%.3f)\n", n, m, v[1], v[NR] }'
}
echo "Verify / RSA floor, paired token by token (BenchmarkVerifyVsFloor), over $ROUNDS rounds:"
# shellcheck disable=SC2046
summary "VerifyVsFloor verify/floor" $(awk '$1 == "BenchmarkVerifyVsFloor" { for (i = 3; i < NF; i++) if ($(i + 1) == "verify/floor") print $i }' "$out/bench.txt")
# The request-authentication pairs (authenticate_bench_test.go), alternated
# call by call like VerifyVsFloor; targets: auth/verify <= 2, middleware/floor
# <= 1.15, verify/floor <= 1.05.
# VerifyVsDecodeFloor: the same, against a floor that also decodes the token
# (no target; it shows how much of verify/floor is decoding).
for pair in "AuthVsVerifyCached auth/verify" "MiddlewareVsFloor middleware/floor" "VerifyVsDecodeFloor verify/decoded"; do
  set -- $pair
  # shellcheck disable=SC2046
  summary "$1 $2" $(awk -v b="Benchmark$1" -v m="$2" '$1 == b { for (i = 3; i < NF; i++) if ($(i + 1) == m) print $i }' "$out/bench.txt")
done
echo "ns/op over BenchmarkRSAFloor's of the same round (noisier: separate runs):"
for b in VerifyUncached VerifyOwnWork VerifyCached Middleware; do
  # shellcheck disable=SC2046
  summary "$b" $(awk -v b="Benchmark$b" '$1 == "BenchmarkRSAFloor" { f = $3 } $1 == b && f > 0 { print $3 / f }' "$out/bench.txt")
done
