#!/usr/bin/env bash
# Builds the etcd server (and etcdctl) that tskube's etcd backend is tested
# against, from the release pinned in go.mod/go.sum next to this script.
#
# Output: ${TSKUBE_CACHE:-$HOME/.cache/tskube}/etcd/<version>/{etcd,etcdctl}
# When both binaries already exist nothing is built. The absolute path of the
# etcd binary is printed on stdout (build chatter goes to stderr), so callers
# can do: ETCD=$(hack/etcd/build.sh)
#
# Why etcd v3.6.16: it is the newest patch of the 3.6 line, the line
# Kubernetes 1.34+ is validated against (Debian's etcd-server is 3.4, which
# lacks the v3.5+ watch/compaction fixes). 3.7.x also resolves through the Go
# module proxy, but it is new and the brief asked for 3.5/3.6. 3.6.16's
# go.mod needs Go >= 1.26.0, which the machine's Go satisfies; GOTOOLCHAIN is
# forced to "local" so a newer toolchain is never downloaded.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2 }' "$here/go.mod")"
if [[ -z "$version" ]]; then
  echo "build.sh: cannot find the etcd server version in $here/go.mod" >&2
  exit 1
fi
cache="${TSKUBE_CACHE:-$HOME/.cache/tskube}"
out="$cache/etcd/$version"

if [[ -x "$out/etcd" && -x "$out/etcdctl" ]]; then
  echo "$out/etcd"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "build.sh: go is not installed (needed to build etcd $version)" >&2
  exit 1
fi

mkdir -p "$out"
# Build into a private temp dir and rename into place, so two concurrent
# builds (e.g. parallel test processes) never expose a half-written binary.
tmp="$(mktemp -d "$out/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

export GOTOOLCHAIN=local CGO_ENABLED=0
export GOFLAGS="-mod=readonly -buildvcs=false"
start=$SECONDS
echo "build.sh: building etcd $version into $out ..." >&2
(
  cd "$here"
  go build -trimpath -o "$tmp/etcd" go.etcd.io/etcd/server/v3
  go build -trimpath -o "$tmp/etcdctl" go.etcd.io/etcd/etcdctl/v3
)
mv -f "$tmp/etcd" "$out/etcd"
mv -f "$tmp/etcdctl" "$out/etcdctl"
echo "build.sh: built etcd $version in $((SECONDS - start))s" >&2
echo "$out/etcd"
