#!/usr/bin/env bash
# fuzz-short.sh [seconds]: runs every fuzz target of the root package for a
# short time each (CI uses the default). A crash leaves its input under
# testdata/fuzz/<Target>/ and fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
for target in $(go test -list '^Fuzz' . | grep '^Fuzz'); do
  echo "fuzz $target for ${secs}s"
  go test -run '^$' -fuzz "^${target}\$" -fuzztime "${secs}s" . 
done
