#!/usr/bin/env bash
# Counts the modules a consumer of this SDK pulls into its build graph
# (`go list -m all` of a fresh module that imports the root package) and
# fails past the limit: the official clerk-sdk-go v2 gives 20, and we allow
# at most 5 more. Offline once the module cache holds the requirements.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
limit="${1:-25}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
goversion="$(sed -n 's/^go //p' "$root/go.mod")"
cat >"$dir/go.mod" <<MOD
module consumer

go $goversion

require github.com/gobapi/clerk v0.0.0

replace github.com/gobapi/clerk => $root
MOD
cat >"$dir/main.go" <<'SRC'
package main

import "github.com/gobapi/clerk"

func main() { _, _ = clerk.NewClient("sk_test_consumer") }
SRC
cp "$root/go.sum" "$dir/go.sum"
(cd "$dir" && GOFLAGS=-mod=mod go mod tidy >/dev/null)
n="$(cd "$dir" && go list -m all | wc -l)"
echo "a consumer's go list -m all: $n modules (limit $limit)"
[ "$n" -le "$limit" ]
