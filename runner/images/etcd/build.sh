#!/usr/bin/env bash
# Builds registry.k8s.io/etcd:<tag>. The tag is IMAGE's when it looks like 3.6.5-0,
# else versions.json's "etcd"; the part after "-" is the image revision, the part
# before it the etcd release.
#
# go.etcd.io/etcd/server/v3 cannot be `go install`ed: its go.mod replaces its sibling
# modules (api, client, pkg) with local folders. So a throwaway wrapper module in the
# cache requires the server and its siblings at the same release and carries a
# three-line main, like the one at the root of the etcd repository.
#
# The image is FROM scratch: kubeadm's static pod runs `etcd --flags` by name and
# probes it over HTTP (/livez, /readyz on the metrics port), so no shell or other
# tools are needed. etcdctl and etcdutl come along for debugging and backups.
source "$(dirname "$0")/../build/lib.sh"

: "${IMAGE:=registry.k8s.io/etcd:$(version etcd)}"
tag=${IMAGE##*:}
[[ "$tag" =~ ^[0-9]+\.[0-9]+\.[0-9]+-[0-9]+$ ]] || tag=$(version etcd)
release=v${tag%%-*}
bin="$KINDLING_CACHE/bin/etcd-$release"

if [ ! -x "$bin/etcd" ] || [ ! -x "$bin/etcdctl" ] || [ ! -x "$bin/etcdutl" ]; then
  work="$KINDLING_CACHE/work/etcd-$release"
  mkdir -p "$work" "$bin"
  cat > "$work/go.mod" <<MOD
module kindling.local/etcd-build

go 1.24

require (
	go.etcd.io/etcd/api/v3 $release
	go.etcd.io/etcd/client/pkg/v3 $release
	go.etcd.io/etcd/client/v3 $release
	go.etcd.io/etcd/etcdctl/v3 $release
	go.etcd.io/etcd/etcdutl/v3 $release
	go.etcd.io/etcd/pkg/v3 $release
	go.etcd.io/etcd/server/v3 $release
)
MOD
  cat > "$work/main.go" <<'GO'
// etcd server entry point; everything else is the upstream etcdmain package.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  # Keeps etcdctl and etcdutl in the module graph so `go mod tidy` keeps them.
  cat > "$work/tools.go" <<'GO'
//go:build tools

package main

import (
	_ "go.etcd.io/etcd/etcdctl/v3"
	_ "go.etcd.io/etcd/etcdutl/v3"
)
GO
  cd "$work"
  echo "building etcd $release from Go modules" >&2
  GOFLAGS=-mod=mod go mod tidy >&2
  build() { CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin/$1.tmp" "$2" >&2 && mv "$bin/$1.tmp" "$bin/$1"; }
  build etcd .
  build etcdctl go.etcd.io/etcd/etcdctl/v3
  build etcdutl go.etcd.io/etcd/etcdutl/v3
  cd - >/dev/null
fi

# Skip the import when the image already holds exactly these binaries and recipe.
stamp=$(cat "$bin"/etcd "$bin"/etcdctl "$bin"/etcdutl "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.inputs" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

root="$KINDLING_CACHE/rootfs/etcd-$release"
rm -rf "$root"
# /var/lib/etcd is kubeadm's data dir (a host mount there); /tmp is writable for any
# library that wants a temp file.
mkdir -p "$root/usr/local/bin" "$root/var/lib/etcd" "$root/tmp"
chmod 1777 "$root/tmp"
chmod 700 "$root/var/lib/etcd"
for b in etcd etcdctl etcdutl; do ln -f "$bin/$b" "$root/usr/local/bin/$b"; done
import_rootfs "$root" "$IMAGE" \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change 'WORKDIR /var/lib/etcd' \
  --change 'EXPOSE 2379 2380' \
  --change 'CMD ["/usr/local/bin/etcd"]' \
  --change "LABEL kindling.inputs=$stamp"
echo "built $IMAGE"
