#!/usr/bin/env bash
# Builds the upstream Kubernetes programs that tskube is tested against, from
# the release pinned in go.mod/go.sum next to this script (k8s.io/kubernetes
# v1.35.4 with every staging module at its published v0.35.4 tag), plus crictl
# from crictl/go.mod. See README.md for versions, flags and measured costs.
#
# Usage: hack/upstream/build.sh [component...]
#   components: e2e.test kubelet kube-proxy kube-apiserver kube-scheduler
#               agnhost crictl            (none given: all of them)
#
# Output: ${TSKUBE_CACHE:-$HOME/.cache/tskube}/upstream/v1.35.4/bin/<component>
# The absolute path of each binary is printed on stdout, one a line, in the
# order asked (build chatter, timings and disk use go to stderr), so callers
# can do: E2E=$(hack/upstream/build.sh e2e.test)
#
# A binary is rebuilt only when it is missing or its stamp (a hash of the
# module's go.mod and go.sum, the Go version and the build flags) differs.
# Each build goes to a temp dir inside bin/ and is renamed into place, under a
# per-binary lock, so concurrent callers never see a half-written file.
#
# Environment:
#   TSKUBE_CACHE       cache root (default ~/.cache/tskube)
#   TSKUBE_BUILD_NICE  niceness for the go commands (default 19; the machine
#                      is shared, and these builds are heavy)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all_components=(e2e.test kubelet kube-proxy kube-apiserver kube-scheduler agnhost crictl)

die() { echo "build.sh: $*" >&2; exit 1; }

modversion() { # module-path go.mod-file
  awk -v m="$1" '($1 == m || ($1 == "require" && $2 == m)) { v = ($1 == "require") ? $3 : $2 } END { print v }' "$2"
}

kube_version="$(modversion k8s.io/kubernetes "$here/go.mod")"
crictl_version="$(modversion sigs.k8s.io/cri-tools "$here/crictl/go.mod")"
[[ -n "$kube_version" ]] || die "cannot find the k8s.io/kubernetes version in $here/go.mod"
[[ -n "$crictl_version" ]] || die "cannot find the sigs.k8s.io/cri-tools version in $here/crictl/go.mod"

# Version stamping, as upstream's hack/lib/version.sh does for a clean build
# of the release tag. gitCommit is the commit the v1.35.4 tag points to;
# buildDate is that commit's time (the module proxy's .info Time), not the
# wall clock, so that two builds of the same pin are byte-identical.
kube_git_commit="7b8c6cf0edd376b3d7c2f255142977c7f93db258"
kube_build_date="2026-04-15T18:01:22Z"
if [[ "$kube_version" != "v1.35.4" ]]; then
  die "go.mod pins k8s.io/kubernetes $kube_version but the stamped commit/date are for v1.35.4; update both"
fi
kube_major="${kube_version#v}"; kube_major="${kube_major%%.*}"
kube_minor="${kube_version#v*.}"; kube_minor="${kube_minor%%.*}"

version_ldflags=""
for kv in "gitVersion=$kube_version" "gitMajor=$kube_major" "gitMinor=$kube_minor" \
          "gitCommit=$kube_git_commit" "gitTreeState=clean" "buildDate=$kube_build_date"; do
  version_ldflags+=" -X k8s.io/client-go/pkg/version.$kv -X k8s.io/component-base/version.$kv"
done
version_ldflags="${version_ldflags# }"
# Upstream's non-debug build: strip symbols and DWARF, trim paths, and the
# tags hack/lib/golang.sh always sets.
kube_ldflags="all=$version_ldflags -s -w"
kube_tags="selinux,notest,grpcnotrace"

cache="${TSKUBE_CACHE:-$HOME/.cache/tskube}"
bin="$cache/upstream/$kube_version/bin"
nice_level="${TSKUBE_BUILD_NICE:-19}"

export GOTOOLCHAIN=local
export GOFLAGS="-mod=mod -buildvcs=false"

# Sets: moddir pkg mode (build|test) cgo ldflags tags
describe() {
  moddir="$here"; mode=build; tags="$kube_tags"; ldflags="$kube_ldflags"
  case "$1" in
    e2e.test)       pkg=k8s.io/kubernetes/test/e2e; mode=test; cgo=1 ;;
    kubelet)        pkg=k8s.io/kubernetes/cmd/kubelet; cgo=1 ;;
    kube-proxy)     pkg=k8s.io/kubernetes/cmd/kube-proxy; cgo=0 ;;
    kube-apiserver) pkg=k8s.io/kubernetes/cmd/kube-apiserver; cgo=0 ;;
    kube-scheduler) pkg=k8s.io/kubernetes/cmd/kube-scheduler; cgo=0 ;;
    agnhost)
      # test/images/agnhost is built by its own Makefile (image-util.sh):
      # static, -w, and main.Version from its VERSION file.
      pkg=k8s.io/kubernetes/test/images/agnhost; cgo=0; tags=""
      local dir
      dir="$(cd "$here" && go list -m -f '{{.Dir}}' k8s.io/kubernetes)"
      if [[ -z "$dir" ]]; then # not in the module cache yet
        dir="$(cd "$here" && go mod download -json k8s.io/kubernetes | awk -F'"' '$2 == "Dir" { print $4 }')"
      fi
      [[ -f "$dir/test/images/agnhost/VERSION" ]] || die "cannot read test/images/agnhost/VERSION of k8s.io/kubernetes ($dir)"
      ldflags="-w -X main.Version=$(tr -d '[:space:]' < "$dir/test/images/agnhost/VERSION")"
      ;;
    crictl)
      # cri-tools' Makefile: static, -trimpath, pkg/version.Version without the v.
      moddir="$here/crictl"; pkg=sigs.k8s.io/cri-tools/cmd/crictl; cgo=0; tags=""
      ldflags="-X sigs.k8s.io/cri-tools/pkg/version.Version=${crictl_version#v}"
      ;;
    *) die "unknown component '$1' (known: ${all_components[*]})" ;;
  esac
}

stamp_of() { # name
  {
    echo "$1 $pkg mode=$mode cgo=$cgo tags=$tags"
    echo "ldflags=$ldflags"
    go version
    cat "$moddir/go.mod" "$moddir/go.sum"
  } | sha256sum | cut -d' ' -f1
}

human_du() { du -sh "$1" 2>/dev/null | cut -f1; }

declare -a wanted=("$@")
[[ ${#wanted[@]} -gt 0 ]] || wanted=("${all_components[@]}")
for c in "${wanted[@]}"; do describe "$c"; done # validate names first

command -v go >/dev/null 2>&1 || die "go is not installed (needed to build upstream $kube_version)"
mkdir -p "$bin"

summary=()
for name in "${wanted[@]}"; do
  describe "$name"
  out="$bin/$name"
  stamp="$(stamp_of "$name")"
  exec 9>"$bin/.$name.lock"
  flock 9
  if [[ -x "$out" && -f "$bin/.$name.stamp" && "$(cat "$bin/.$name.stamp")" == "$stamp" ]]; then
    summary+=("$name: up to date")
    exec 9>&-
    echo "$out"
    continue
  fi

  tmp="$(mktemp -d "$bin/.build-$name.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  before_sum="$(cat "$moddir/go.mod" "$moddir/go.sum" | sha256sum)"
  args=(-trimpath -o "$tmp/$name")
  [[ -n "$tags" ]] && args+=("-tags=$tags")
  args+=("-ldflags=$ldflags")
  if [[ "$mode" == test ]]; then
    args=(test -c "${args[@]}")
  else
    args=(build "${args[@]}")
  fi
  echo "build.sh: building $name ($pkg, CGO_ENABLED=$cgo) ..." >&2
  start=$SECONDS
  if ! (cd "$moddir" && CGO_ENABLED=$cgo nice -n "$nice_level" go "${args[@]}" "$pkg"); then
    die "building $name failed (go ${args[*]} $pkg, in $moddir)"
  fi
  took=$((SECONDS - start))
  [[ -x "$tmp/$name" ]] || die "go produced no $name"
  if [[ "$(cat "$moddir/go.mod" "$moddir/go.sum" | sha256sum)" != "$before_sum" ]]; then
    echo "build.sh: warning: go rewrote $moddir/go.mod or go.sum; commit the change so builds stay pinned" >&2
    stamp="$(stamp_of "$name")"
  fi
  mv -f "$tmp/$name" "$out"
  echo "$stamp" > "$tmp/stamp" && mv -f "$tmp/stamp" "$bin/.$name.stamp"
  rm -rf "$tmp"
  trap - EXIT
  exec 9>&-
  size="$(human_du "$out")"
  echo "build.sh: built $name in ${took}s ($size)" >&2
  summary+=("$name: built in ${took}s, $size")
  echo "$out"
done

{
  echo "build.sh: summary (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  for s in "${summary[@]}"; do echo "  $s"; done
  echo "  bin dir  $bin: $(human_du "$bin")"
  gocache="$(go env GOCACHE)"
  echo "  Go build cache $gocache: $(human_du "$gocache")"
} >&2
