#!/usr/bin/env bash
# Builds Kubernetes' end-to-end test binary (e2e.test), its test server (agnhost) and the
# Ginkgo runner that runs e2e.test's specs in parallel, from Go modules into $OUT, for `kindling conformance`. Same wrapper module as
# build/go-kubernetes.sh (staging modules replaced by their published versions), in a
# folder of its own so the platform's binaries never wait for this much larger build.
# No-op when both are present.
set -euo pipefail
version=${1:?usage: go-tests.sh vX.Y.Z OUT}
out=${2:?usage: go-tests.sh vX.Y.Z OUT}
[ -x "$out/e2e.test" ] && [ -x "$out/agnhost" ] && [ -x "$out/ginkgo" ] && { echo "kubernetes $version tests: present"; exit 0; }

command -v go >/dev/null || { echo "Go >= 1.24 is needed to build Kubernetes' e2e tests from Go modules" >&2; exit 1; }
work="$out.work"
mkdir -p "$work" "$out"
cd "$work"
staging="v0.${version#v1.}"
upstream=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
{
  echo "module kindling.local/kubernetes-tests"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes $version"
  echo
  grep -oE '^\s*k8s\.io/[a-z0-9-]+ => \./staging/src/k8s\.io/[a-z0-9-]+' "$upstream" \
    | awk -v v="$staging" '{ print "replace " $1 " => " $1 " " v }'
} > go.mod
# The e2e package's own test files pull in Ginkgo and friends; tidy records them.
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/test/e2e"
	_ "k8s.io/kubernetes/test/images/agnhost"
	_ "github.com/onsi/ginkgo/v2/ginkgo"
)
GO
GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>&1 || true

export CGO_ENABLED=0 GOFLAGS=-mod=mod
if [ ! -x "$out/agnhost" ]; then
  echo "kubernetes $version tests: building agnhost"
  go build -trimpath -ldflags "-s -w" -o "$out/agnhost.tmp" k8s.io/kubernetes/test/images/agnhost
  mv "$out/agnhost.tmp" "$out/agnhost"
fi
if [ ! -x "$out/ginkgo" ]; then
  # The version e2e.test itself links, as the parallel protocol requires.
  echo "kubernetes $version tests: building ginkgo"
  go build -trimpath -ldflags "-s -w" -o "$out/ginkgo.tmp" github.com/onsi/ginkgo/v2/ginkgo
  mv "$out/ginkgo.tmp" "$out/ginkgo"
fi
if [ ! -x "$out/e2e.test" ]; then
  # The longest Go build of the project (about 10 minutes on two cores): vet is skipped,
  # the binary is only ever run here.
  echo "kubernetes $version tests: building e2e.test (about 10 minutes)"
  pkg=k8s.io/component-base/version
  go test -c -vet=off -trimpath -o "$out/e2e.test.tmp" \
    -ldflags "-s -w -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$(echo "$version" | cut -d. -f2)" \
    k8s.io/kubernetes/test/e2e
  mv "$out/e2e.test.tmp" "$out/e2e.test"
fi
echo "kubernetes $version tests: built into $out"
