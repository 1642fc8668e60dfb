#!/usr/bin/env bash
# registry.k8s.io/e2e-test-images/agnhost for `kindling conformance`: Kubernetes' own test
# server (built from its Go module by go-tests.sh) in a Debian root filesystem with the
# tools the e2e tests run inside it (dig, curl, nc, ss, iperf, bash), as upstream's
# Alpine-based image has them.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"
k8s=$(version kubernetes)
bins="$KINDLING_CACHE/bin/kubernetes-$k8s-tests"
flock "$bins.lock" "$here/go-tests.sh" "$k8s" "$bins" >&2

# Upstream's image is Alpine, whose busybox also gives the tests `wget`.
rootfs=$(debian_rootfs e2e-agnhost "bash curl wget ca-certificates dnsutils netcat-openbsd iproute2 iperf")
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
stage="$KINDLING_CACHE/stage/e2e-agnhost"
rm -rf "$stage" && mkdir -p "$(dirname "$stage")"
cp -a "$rootfs" "$stage"
install -m 0755 "$bins/agnhost" "$stage/agnhost"
# Tests override the entrypoint with agnhost-2 and expect the same program.
ln -s agnhost "$stage/agnhost-2"
install -d "$stage/uploads"
# porter's test certificate and key for its TLS ports, from the same Go module.
module=$(cd "$bins.work" && go mod download -json "k8s.io/kubernetes@$k8s" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
install -m 0644 "$module/test/images/agnhost/porter/localhost.crt" "$stage/localhost.crt"
install -m 0644 "$module/test/images/agnhost/porter/localhost.key" "$stage/localhost.key"
# A user and group some tests expect the image to define.
echo 'group-defined-in-image:x:50000:user-defined-in-image' >> "$stage/etc/group"
echo 'user-defined-in-image:x:1000:1000::/home/user-defined-in-image:/bin/sh' >> "$stage/etc/passwd"
echo 'user-defined-in-image:x:1000:' >> "$stage/etc/group"
import_rootfs "$stage" "$IMAGE" \
  --change 'ENTRYPOINT ["/agnhost"]' \
  --change 'CMD ["pause"]' \
  --change 'EXPOSE 80 8080 8081 9376 5000'
rm -rf "$stage"
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
