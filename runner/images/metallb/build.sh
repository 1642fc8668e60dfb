#!/usr/bin/env bash
# MetalLB's controller and speaker under the names its manifest uses
# (…/controller:vX and …/speaker:vX), each a static binary FROM scratch. IMAGE names
# either one; the other is derived from it. Also copies the manifest to the cache.
#
# MetalLB's go.mod has no replace directives, but v0.16.2 requires
# github.com/metallb/frr-k8s v0.0.27, which some module proxies refuse. Only the
# FRR-K8s BGP mode uses that module (this build runs L2 mode), and v0.0.26 lacks
# just one type and one field MetalLB refers to. When the required version cannot
# be downloaded, a copy of v0.0.26 with those two added, in the cache, replaces it.
source "$(dirname "$0")/../build/lib.sh"
ver=$(version metallb)
: "${IMAGE:=quay.io/metallb/controller:$ver}"
here=$(cd "$(dirname "$0")" && pwd)
repo=${IMAGE%:*}
tag=${IMAGE##*:}
controller_image="${repo%/*}/controller:$tag"
speaker_image="${repo%/*}/speaker:$tag"

"$here/manifest.sh" >/dev/null

label() { docker image inspect -f '{{ index .Config.Labels "kindling.version" }}' "$1" 2>/dev/null || true; }
if [ "$(label "$controller_image")" = "$ver" ] && [ "$(label "$speaker_image")" = "$ver" ]; then
  echo "$controller_image, $speaker_image: up to date"
  exit 0
fi

controller_bin="$KINDLING_CACHE/bin/metallb-controller-$ver"
speaker_bin="$KINDLING_CACHE/bin/metallb-speaker-$ver"
if [ ! -x "$controller_bin" ] || [ ! -x "$speaker_bin" ]; then
  work="$KINDLING_CACHE/src/metallb-$ver"
  mkdir -p "$work" "$KINDLING_CACHE/bin"
  cd "$work"
  gomod=$(GOFLAGS= go mod download -json "go.universe.tf/metallb@$ver" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  if grep -qE '^(replace|exclude)' "$gomod"; then
    echo "go.universe.tf/metallb@$ver has replace/exclude directives: the wrapper module must repeat them" >&2
    exit 1
  fi
  {
    echo "module kindling.local/metallb-build"
    echo
    grep -m1 '^go ' "$gomod"
    echo
    echo "require go.universe.tf/metallb $ver"
  } > go.mod
  cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "go.universe.tf/metallb/controller"
	_ "go.universe.tf/metallb/speaker"
)
GO

  frr=github.com/metallb/frr-k8s
  frr_ver=$(awk -v m="$frr" '$1 == m { print $2; exit }' "$gomod")
  if ! GOFLAGS= go mod download "$frr@$frr_ver" 2>/dev/null; then
    fallback=v0.0.26
    echo "$frr@$frr_ver is not available: building with $fallback plus the API MetalLB $ver needs" >&2
    fdir=$(GOFLAGS= go mod download -json "$frr@$fallback" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
    rm -rf frr-k8s && cp -r "$fdir" frr-k8s && chmod -R u+w frr-k8s
    types=frr-k8s/api/v1beta1/frrconfiguration_types.go
    # MetalLB fills Advertise.PrefixesWithAsPathPrepend (BGP AS-path prepending).
    awk '
      /^type Advertise struct \{/ { adv = 1 }
      adv && /^\}/ {
        print "\tPrefixesWithAsPathPrepend []AsPathPrependPrefixes `json:\"withAsPathPrepend,omitempty\"`"
        adv = 0
      }
      { print }' "$types" > "$types.new" && mv "$types.new" "$types"
    cat > frr-k8s/api/v1beta1/kindling_aspathprepend.go <<'GO'
package v1beta1

// AsPathPrependPrefixes pairs prefixes with an AS-path prepend count; added by
// Kindling's build because MetalLB needs this type from a newer frr-k8s.
type AsPathPrependPrefixes struct {
	Prefixes      []string `json:"prefixes,omitempty"`
	AsPathPrepend uint8    `json:"asPathPrepend,omitempty"`
}
GO
    echo "replace $frr $frr_ver => ./frr-k8s" >> go.mod
  fi

  echo "building MetalLB $ver from Go modules" >&2
  GOFLAGS=-mod=mod go mod tidy >&2
  for c in controller speaker; do
    out="$KINDLING_CACHE/bin/metallb-$c-$ver"
    [ -x "$out" ] && continue
    CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$out.tmp" "go.universe.tf/metallb/$c" >&2
    mv "$out.tmp" "$out"
  done
fi

# Each image is the one binary at /, as upstream's distroless ones are; both run
# fine without a shell, CA bundle or writable root filesystem.
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
for c in controller speaker; do
  rm -rf "${stage:?}"/*
  install -m 0755 "$KINDLING_CACHE/bin/metallb-$c-$ver" "$stage/$c"
  image="${repo%/*}/$c:$tag"
  import_rootfs "$stage" "$image" --change "ENTRYPOINT [\"/$c\"]" --change "LABEL kindling.version=$ver"
  echo "$image: built"
done
