#!/usr/bin/env bash
# registry.k8s.io/e2e-test-images/jessie-dnsutils for `kindling conformance`: the DNS
# tests' second prober, which runs dig and nslookup; Debian with dnsutils.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"
rootfs=$(debian_rootfs e2e-dnsutils "bash dnsutils")
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
import_rootfs "$rootfs" "$IMAGE" --change 'CMD ["/bin/sh"]'
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
