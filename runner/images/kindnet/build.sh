#!/usr/bin/env bash
# kindling/kindnet: the CNI daemon in ./daemon on a Debian root filesystem, because
# the daemon drives the node's iptables (and iproute2 is there for debugging).
# No-op when IMAGE already holds a build of the current sources.
source "$(dirname "$0")/../build/lib.sh"
: "${IMAGE:=kindling/kindnet:$(version kindnet)}"
src=$(cd "$(dirname "$0")/daemon" && pwd)

# The image is named by a fixed tag, so its label records which sources it holds
# (tests are not part of the binary, so editing them rebuilds nothing).
hash=$(cd "$src" && cat go.mod go.sum $(ls *.go | grep -v '_test\.go$' | sort) | sha256sum | cut -c1-12)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.source" }}' "$IMAGE" 2>/dev/null)" = "$hash" ]; then
  echo "$IMAGE: up to date"
  exit 0
fi

bin="$KINDLING_CACHE/bin/kindnetd-$hash"
if [ ! -x "$bin" ]; then
  mkdir -p "$KINDLING_CACHE/bin"
  echo "building kindnetd $hash" >&2
  (cd "$src" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
  # Binaries of earlier sources are never used again.
  find "$KINDLING_CACHE/bin" -maxdepth 1 -name 'kindnetd-*' ! -name "kindnetd-$hash" -delete
fi

rootfs=$(debian_rootfs kindnet "iptables iproute2")
# Hard links make the staging copy instant; it only gains one file.
stage=$(mktemp -d "$KINDLING_CACHE/stage-kindnet.XXXXXX")
trap 'rm -rf "$stage"' EXIT
cp -al "$rootfs/." "$stage/"
install -D -m 0755 "$bin" "$stage/usr/local/bin/kindnetd"
import_rootfs "$stage" "$IMAGE" \
  --change 'ENTRYPOINT ["/usr/local/bin/kindnetd"]' \
  --change "LABEL kindling.source=$hash"
echo "$IMAGE: built"
