#!/usr/bin/env bash
# Prints one line per cross-check group of `make test`: whether it runs or is
# skipped, and why. The groups compare the SDK with Clerk's own JavaScript
# (@clerk/backend) and with svix; they need Node.js 20+ and `npm ci` in their
# testdata folder. Under CI=true a skipped group is an error: CI runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() { # dir package tests
  local dir=$1 pkg=$2 tests=$3 why=""
  if ! command -v node >/dev/null 2>&1; then
    why="node not found (install Node.js 20+, then run: npm ci --prefix $dir)"
  elif [ ! -f "$dir/node_modules/$pkg/package.json" ]; then
    why="$pkg not installed (run: npm ci --prefix $dir)"
  fi
  if [ -z "$why" ]; then
    echo "cross-check against $pkg ($tests): runs"
  else
    echo "cross-check against $pkg ($tests): SKIPPED: $why"
    if [ "${CI:-}" = "true" ]; then status=1; fi
  fi
}
check testdata/crosscheck @clerk/backend "verifyToken and authenticateRequest, table, random and handshake flow"
check testdata/svix svix "webhook signing and verification"
check testdata/fidelity @clerk/backend "clerktest driven by Clerk's JavaScript client"
if [ "$status" != 0 ]; then echo "CI must run every cross-check"; fi
exit "$status"
