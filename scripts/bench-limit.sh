#!/usr/bin/env bash
# Runs BenchmarkSharedLimit (examples/import-users): 4 processes × 8 workers
# import 4,000 users into one clerktest that allows 100 requests per second,
# once sharing the budget through a real redis-server and once each pacing
# itself. Writes bench/shared-limit.md, which scripts/bench-compare.sh
# appends to BENCHMARKS.md, and replaces that section of BENCHMARKS.md now.
# Needs redis-server; takes about two minutes.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
cmd="go test -C examples/import-users -run '^\$' -bench SharedLimit -benchtime 1x -count 1 -v ."
echo "== $cmd"
go test -C examples/import-users -run '^$' -bench SharedLimit -benchtime 1x -count 1 -v . 2>&1 | grep -v '^redis: ' | tee "$out"
grep -q '^ok' "$out" || { echo "bench-limit: the benchmark failed" >&2; exit 1; }
{
  echo
  echo "## Many processes, one key"
  echo
  echo "\`BenchmarkSharedLimit\` (examples/import-users): 4 OS processes × 8 workers import 4,000 users (\`-shard i/4\`)"
  echo "into one clerktest that allows 100 requests per second across all its clients, with \`-rate\` set to that"
  echo "budget. \"redis\" shares it through a real redis-server (\`-redis\`, the redislimit module); \"per-process\" lets"
  echo "each process pace itself at the whole budget, as separate processes do without a shared limiter. Admitted"
  echo "rate and 429 share are counted from clerktest's request log. $(date -u +%Y-%m-%dT%H:%MZ), $(go version | cut -d' ' -f3-),"
  echo "nproc $(nproc). Command: \`make bench-limit\` (\`$cmd\`)."
  echo
  echo '```'
  grep -E '^(BenchmarkSharedLimit|    benchlimit_test.go)' "$out" | sed 's/^    benchlimit_test.go:[0-9]*: /  /'
  echo '```'
} > bench/shared-limit.md
# Replace the section in BENCHMARKS.md (it is the last one when present).
if grep -q '^## Many processes, one key$' BENCHMARKS.md; then
  sed -i '/^## Many processes, one key$/,$d' BENCHMARKS.md
  sed -i -e :a -e '/^\n*$/{$d;N;ba' -e '}' BENCHMARKS.md
fi
cat bench/shared-limit.md >> BENCHMARKS.md
echo "wrote bench/shared-limit.md and its section of BENCHMARKS.md"
