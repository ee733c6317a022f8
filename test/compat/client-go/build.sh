#!/usr/bin/env bash
# Builds the client-go compatibility program (main.go, pinned by go.mod/go.sum
# next to this script) into the cache, outside the repository, and prints the
# binary's absolute path on stdout (build chatter goes to stderr):
#   BIN=$(test/compat/client-go/build.sh)
#
# Output: ${TSKUBE_CACHE:-$HOME/.cache/tskube}/compat/client-go/client-go-compat
# Nothing is built when the binary is newer than every source file here.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${TSKUBE_CACHE:-$HOME/.cache/tskube}/compat/client-go"
bin="$out/client-go-compat"

fresh=1
if [[ -x "$bin" ]]; then
  for src in "$here"/go.mod "$here"/go.sum "$here"/*.go "$here"/build.sh; do
    if [[ "$src" -nt "$bin" ]]; then fresh=0; break; fi
  done
else
  fresh=0
fi
if [[ $fresh == 1 ]]; then
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: go is not installed (needed to build the client-go compatibility program)" >&2
  exit 1
fi

mkdir -p "$out"
# build into a private temp file and rename into place, so concurrent builds
# never expose a half-written binary
tmp="$(mktemp "$out/.build.XXXXXX")"
trap 'rm -f "$tmp"' EXIT

export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="-mod=mod -buildvcs=false"
start=$SECONDS
echo "build.sh: building the client-go compatibility program into $out ..." >&2
(cd "$here" && nice -n 19 go build -trimpath -o "$tmp" .)
mv -f "$tmp" "$bin"
trap - EXIT
echo "build.sh: built in $((SECONDS - start))s" >&2
echo "$bin"
