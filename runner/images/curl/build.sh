#!/usr/bin/env bash
# curlimages/curl:latest for `kubectl run -it --rm curl --image=curlimages/curl -- ...`:
# curl from Debian in a minbase root filesystem, running as uid 100 like upstream.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"

rootfs=$(debian_rootfs curl "curl ca-certificates")

# docker import makes a new image on every run; skip it when IMAGE already came from
# exactly these inputs.
inputs=$({ echo "$rootfs"; cat "$here/build.sh" "$here"/files/*; } | sha256sum | cut -c1-16)
stamp="$KINDLING_CACHE/stamps/$(echo "$IMAGE" | tr '/:' '__')"
if [ "$(cat "$stamp" 2>/dev/null)" = "$inputs $(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null)" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

# The image this run replaces, removed at the end so rebuilds leave no dangling images.
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
stage="$KINDLING_CACHE/stage/curl"
rm -rf "$stage" && mkdir -p "$(dirname "$stage")"
cp -a "$rootfs" "$stage"
# The same user as upstream (curl_user, 100:101), so manifests that set
# runAsUser/fsGroup for it behave the same. USER is numeric so that runAsNonRoot
# can be verified by the kubelet.
if grep -qE '^[^:]*:[^:]*:100:' "$stage/etc/passwd" || grep -qE '^[^:]*:[^:]*:101:' "$stage/etc/group"; then
  echo "uid 100 or gid 101 is already taken in the Debian root filesystem" >&2
  exit 1
fi
echo 'curl_group:x:101:' >> "$stage/etc/group"
echo 'curl_user:x:100:101::/home/curl_user:/bin/sh' >> "$stage/etc/passwd"
echo 'curl_user:!:19000::::::' >> "$stage/etc/shadow"
install -d -o 100 -g 101 "$stage/home/curl_user"
install -m 0755 "$here/files/entrypoint.sh" "$stage/entrypoint.sh"

import_rootfs "$stage" "$IMAGE" \
  --change 'USER 100:101' \
  --change 'WORKDIR /home/curl_user' \
  --change 'ENTRYPOINT ["/entrypoint.sh"]' \
  --change 'CMD ["curl","--help"]'
rm -rf "$stage"
mkdir -p "$(dirname "$stamp")"
echo "$inputs $(docker image inspect -f '{{.Id}}' "$IMAGE")" > "$stamp"
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  # Fails, harmlessly, while a container or another tag still uses it.
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
