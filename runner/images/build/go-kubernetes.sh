#!/usr/bin/env bash
# Builds the Kubernetes binaries from Go modules into $OUT (a cache folder).
# k8s.io/kubernetes cannot be built directly: its go.mod points the staging modules
# (k8s.io/api, k8s.io/client-go, ...) at local folders. A wrapper module requires
# k8s.io/kubernetes and replaces each staging module with its published v0.X.Y.
# No-op when every binary is already in $OUT.
set -euo pipefail
version=${1:?usage: go-kubernetes.sh vX.Y.Z OUT}
out=${2:?usage: go-kubernetes.sh vX.Y.Z OUT}
cmds=(kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubelet kubeadm kubectl)

missing=0
for c in "${cmds[@]}"; do [ -x "$out/$c" ] || missing=1; done
if [ "$missing" = 0 ]; then echo "kubernetes $version: binaries present"; exit 0; fi

command -v go >/dev/null || { echo "Go >= 1.24 is needed to build Kubernetes $version from Go modules (or set KINDLING_IMAGE_SOURCE=online)" >&2; exit 1; }
work="$out.work"
mkdir -p "$work" "$out"
cd "$work"
staging="v0.${version#v1.}"
minor=$(echo "$version" | cut -d. -f2)

# The upstream go.mod lists every staging module as "k8s.io/x => ./staging/src/k8s.io/x".
upstream=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
{
  echo "module kindling.local/kubernetes-build"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$upstream" \
    | awk -v v="$staging" '{ print "replace " $1 " => " $1 " " v }'
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kubeadm"
GO
GOFLAGS=-mod=mod go mod tidy >/dev/null 2>&1 || true
GOFLAGS=-mod=mod go get "k8s.io/kubernetes@$version" >/dev/null

pkg=k8s.io/component-base/version
ldflags="-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor \
  -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z \
  -X k8s.io/client-go/pkg/version.gitVersion=$version"
for c in "${cmds[@]}"; do
  if [ -x "$out/$c" ]; then continue; fi
  echo "kubernetes $version: building $c"
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "$ldflags" -o "$out/$c.tmp" "k8s.io/kubernetes/cmd/$c"
  mv "$out/$c.tmp" "$out/$c"
done
echo "kubernetes $version: built into $out"
