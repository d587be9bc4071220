#!/usr/bin/env bash
# Cold compile of a consumer, side by side: the official clerk-sdk-go v2,
# this SDK's root package, and the root package with clerktest. Each build
# starts from a copy of a GOCACHE that holds only the standard library
# (go build std), so it compiles every package of the SDK and its
# dependencies and nothing else: what a consumer pays the first time it adds
# the SDK. Rounds interleave the three, so load changes fall on all alike.
# Prints wall and CPU (user+sys of the go command and every tool it runs)
# seconds and our ratios to the official SDK, for BENCHMARKS.md. Wall time
# is the target; CPU time says how much of it more cores could hide.
#
#	scripts/compile-compare.sh [rounds]
#	STEPS=1 scripts/compile-compare.sh [rounds]   # then each compile and link of one more cold build, in order of start
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
goversion="$(sed -n 's/^go //p' "$root/go.mod")"

mk() { # name imports body
  mkdir -p "$work/$1"
  printf 'module consumer\n\ngo %s\n' "$goversion" >"$work/$1/go.mod"
  printf 'package main\n\nimport (\n%s\n)\n\nfunc main() {\n%s\n}\n' "$2" "$3" >"$work/$1/main.go"
}
mk official '	"github.com/clerk/clerk-sdk-go/v2"
	"github.com/clerk/clerk-sdk-go/v2/jwt"
	"github.com/clerk/clerk-sdk-go/v2/user"' '	clerk.SetKey("sk_test_x"); _ = user.Get; _ = jwt.Verify'
mk ours '	"github.com/gobapi/clerk"' '	_, _ = clerk.NewClient("sk_test_consumer"); _, _ = clerk.NewVerifier()'
mk ours-clerktest '	"github.com/gobapi/clerk"
	"github.com/gobapi/clerk/clerktest"' '	_, _ = clerk.NewClient("sk_test_consumer"); _, _ = clerktest.Start()'
for d in ours ours-clerktest; do
  printf 'require github.com/gobapi/clerk v0.0.0\n\nreplace github.com/gobapi/clerk => %s\n' "$root" >>"$work/$d/go.mod"
  cp "$root/go.sum" "$work/$d/go.sum"
done
(cd "$work/official" && GOFLAGS=-mod=mod go get github.com/clerk/clerk-sdk-go/v2@v2.4.2 >/dev/null 2>&1)
for d in official ours ours-clerktest; do (cd "$work/$d" && GOFLAGS=-mod=mod go mod tidy >/dev/null); done

base="$work/std-cache"
echo "warming a GOCACHE with the standard library (go build std)..."
GOCACHE="$base" go build std
build() { # dir -> "wall_ms cpu_ms"
  local cache="$work/cache" t
  rm -rf "$cache" && cp -a "$base" "$cache"
  t=$( { TIMEFORMAT='%3R %3U %3S'; time (cd "$work/$1" && GOCACHE="$cache" GOFLAGS=-mod=mod go build -o /dev/null .); } 2>&1 )
  awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}
results="$work/results"
for r in $(seq "$rounds"); do
  for d in official ours ours-clerktest; do
    read -r ms cpu < <(build "$d")
    echo "$d $ms $cpu" >>"$results"
    echo "round $r: $d ${ms} ms (cpu ${cpu} ms)"
  done
done
awk '{ sum[$1] += $2; cpu[$1] += $3; n[$1]++ }
  END {
    o = sum["official"] / n["official"]; a = sum["ours"] / n["ours"]; c = sum["ours-clerktest"] / n["ours-clerktest"]
    printf "mean cold build: official %.1fs, ours %.1fs (%.2fx), ours+clerktest %.1fs (%.2fx)\n", o/1000, a/1000, a/o, c/1000, c/o
    o = cpu["official"] / n["official"]; a = cpu["ours"] / n["ours"]; c = cpu["ours-clerktest"] / n["ours-clerktest"]
    printf "mean cpu (user+sys): official %.1fs, ours %.1fs (%.2fx), ours+clerktest %.1fs (%.2fx)\n", o/1000, a/1000, a/o, c/1000, c/o
  }' "$results"

[ "${STEPS:-}" = 1 ] || exit 0
# One more cold build of each consumer under a -toolexec wrapper that times
# every compile and link (wall, and user+sys of that tool alone).
cat >"$work/steptime" <<'WRAP'
#!/usr/bin/env bash
pkg=- prev=
for a in "$@"; do [ "$prev" = -p ] && pkg=$a; prev=$a; done
start=$(date +%s%N)
TIMEFORMAT="%3R %3U %3S"
{ time "$@" 2>&3; } 3>&2 2>"$STEPLOG.$$"
rc=$?
printf '%s %s %s %s\n' "$start" "${1##*/}" "$pkg" "$(tail -n 1 "$STEPLOG.$$")" >>"$STEPLOG"
rm -f "$STEPLOG.$$"
exit $rc
WRAP
chmod +x "$work/steptime"
for d in official ours ours-clerktest; do
  rm -rf "$work/cache" && cp -a "$base" "$work/cache"
  log="$work/steps-$d"
  (cd "$work/$d" && STEPLOG="$log" GOCACHE="$work/cache" GOFLAGS=-mod=mod go build -toolexec "$work/steptime" -o /dev/null .)
  echo "steps of $d (seconds from the first tool; tools that took under 50 ms left out):"
  sort -n "$log" | awk 'NR == 1 { t0 = $1 } $4 >= 0.05 {
      printf "  %-8s %-52s start %5.2f  wall %5.2f  cpu %5.2f\n", $2, $3, ($1 - t0) / 1e9, $4, $5 + $6; cpu += $5 + $6 }
    { all += $5 + $6 } END { printf "  cpu of all tools: %.2f s\n", all }'
done
