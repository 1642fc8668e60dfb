#!/usr/bin/env bash
# Writes the Gateway API standard-channel CRDs of the pinned release, read from its
# Go module, into one file in the cache, and prints that file's path. The file is
# upstream's and stays out of git; the runner applies it before traefik.yaml.
source "$(dirname "$0")/../build/lib.sh"
ver=$(version gatewayApi)
out="$KINDLING_CACHE/manifests/gateway-api-$ver-standard.yaml"
if [ ! -s "$out" ]; then
  mkdir -p "$KINDLING_CACHE/manifests"
  dir=$(cd "$KINDLING_CACHE" && GOFLAGS= go mod download -json "sigs.k8s.io/gateway-api@$ver" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  [ -d "$dir/config/crd/standard" ] || { echo "no config/crd/standard in sigs.k8s.io/gateway-api@$ver" >&2; exit 1; }
  for f in "$dir"/config/crd/standard/*.yaml; do
    echo "---"
    cat "$f"
  done > "$out.tmp"
  mv "$out.tmp" "$out"
fi
echo "$out"
