#!/usr/bin/env bash
# Copies MetalLB's own manifest (CRDs, RBAC, controller, speaker, webhooks) for the
# pinned release out of its Go module into the cache and prints its path. It is
# upstream's file and stays out of git; the runner applies it as is, then
# runner/manifests/metallb-pool.yaml once the webhook answers.
source "$(dirname "$0")/../build/lib.sh"
ver=$(version metallb)
out="$KINDLING_CACHE/manifests/metallb-native-$ver.yaml"
if [ ! -s "$out" ]; then
  mkdir -p "$KINDLING_CACHE/manifests"
  dir=$(cd "$KINDLING_CACHE" && GOFLAGS= go mod download -json "go.universe.tf/metallb@$ver" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
  cp "$dir/config/manifests/metallb-native.yaml" "$out.tmp"
  chmod 644 "$out.tmp"
  mv "$out.tmp" "$out"
fi
echo "$out"
