#!/usr/bin/env bash
# Shared helpers for image recipes. A recipe is runner/images/<id>/build.sh; the
# `kindling images build` orchestrator runs it with:
#   IMAGE           the name:tag the recipe must leave in the Docker engine
#   KINDLING_CACHE  cache folder for Go binaries and root filesystems (never in git)
#   KINDLING_IMAGES the runner/images folder (versions.json, build/lib.sh)
# Every step caches its output and is a no-op when that output exists.
set -euo pipefail

: "${KINDLING_CACHE:=$HOME/.cache/kindling}"
: "${KINDLING_IMAGES:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export KINDLING_CACHE KINDLING_IMAGES

# need TOOL WHY: a clear error when a host tool the offline image set builds with is missing.
need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "the offline image set needs '$1' on this host ($2); install it, or on a machine with" >&2
  echo "internet set KINDLING_IMAGE_SOURCE=online to pull the published images instead" >&2
  exit 1
}

# version KEY: a pinned version from versions.json.
version() {
  node -e 'const v = require(process.argv[1])[process.argv[2]]; if (!v) process.exit(1); console.log(v)' \
    "$KINDLING_IMAGES/versions.json" "$1"
}

# go_binary MODULE@VERSION PACKAGE NAME [LDFLAGS]: a static binary built from Go modules,
# cached at $KINDLING_CACHE/bin/NAME-VERSION; prints its path.
go_binary() {
  local modver=$1 pkg=$2 name=$3 ldflags=${4:-}
  local ver=${modver##*@}
  local out="$KINDLING_CACHE/bin/$name-$ver"
  if [ ! -x "$out" ]; then
    need go "Go >= 1.24 builds Kubernetes and the add-ons from Go modules"
    mkdir -p "$KINDLING_CACHE/bin"
    local gobin
    gobin=$(mktemp -d)
    echo "building $name $ver from Go modules" >&2
    (cd "$gobin" && CGO_ENABLED=0 GOBIN="$gobin" GOFLAGS=-mod=mod \
      go install -trimpath -ldflags "-s -w $ldflags" "${pkg}@${ver}" >&2)
    mv "$gobin/$(basename "$pkg")" "$out"
    rm -rf "$gobin"
  fi
  echo "$out"
}

# debian_rootfs NAME "PACKAGE ...": a Debian minbase root filesystem with the packages,
# cached at $KINDLING_CACHE/rootfs/NAME-<hash of the package list>; prints its path.
debian_rootfs() {
  local name=$1 packages=$2
  local suite hash dir
  suite=$(version debian)
  hash=$(echo "$suite $packages" | sha256sum | cut -c1-12)
  dir="$KINDLING_CACHE/rootfs/$name-$hash"
  if [ ! -f "$dir/.complete" ]; then
    need debootstrap "it makes the Debian root filesystems; apt-get install debootstrap"
    rm -rf "$dir" && mkdir -p "$dir"
    echo "debootstrap $suite for $name: $packages" >&2
    debootstrap --variant=minbase --include="$(echo "$packages" | tr ' ' ',')" "$suite" "$dir" >&2
    # Keep images small: package lists and docs are not needed at run time.
    rm -rf "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
      "$dir"/usr/share/doc/* "$dir"/usr/share/man/* "$dir"/usr/share/locale/*
    touch "$dir/.complete"
  fi
  echo "$dir"
}

# import_rootfs DIR IMAGE [--change ...]: a root filesystem as an image.
import_rootfs() {
  local dir=$1 image=$2
  shift 2
  tar -C "$dir" --exclude=./.complete -c . | docker import "$@" - "$image" >/dev/null
}
