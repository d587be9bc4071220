#!/usr/bin/env bash
# Checks the framework adapter modules (clerkgin, clerkecho, clerkgrpc:
# each its own go.mod beside the root one):
#  - each go.mod and go.sum is tidy (go mod tidy -diff, GOWORK=off);
#  - the root module's dependency list (go list -m all in the root) is the
#    one its own go.mod gives without the adapters' directories, and names
#    none of the frameworks: a user of the root package never downloads
#    Gin, Echo or gRPC.
# Offline once the module cache holds the requirements.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
modules="${MODULES:-clerkgin clerkecho clerkgrpc}"
cd "$root"

for m in $modules; do
  if ! out="$(cd "$m" && GOWORK=off GOFLAGS=-mod=mod go mod tidy -diff 2>&1)"; then
    echo "$m: go.mod/go.sum not tidy (run: cd $m && GOWORK=off go mod tidy):"
    echo "$out"
    exit 1
  fi
done

with="$(go list -m all)"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cp go.mod go.sum "$dir/"
without="$(cd "$dir" && GOWORK=off go list -m all)"
if [ "$with" != "$without" ]; then
  echo "the root module's go list -m all changes with the adapter modules present:"
  diff <(echo "$without") <(echo "$with") || true
  exit 1
fi
for fw in github.com/gin-gonic/gin github.com/labstack/echo/v4 google.golang.org/grpc; do
  if grep -q "^$fw " <<<"$with"; then
    echo "the root module's dependency list names $fw"
    exit 1
  fi
done
echo "adapter modules tidy ($modules); root module graph unchanged: $(wc -l <<<"$with") modules"
