#!/usr/bin/env bash
# kindling/registry: the CNCF distribution registry, built from Go modules, for labs
# that push an image and pull it back into the cluster.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"

ver=$(version registry)
module=github.com/distribution/distribution/v3
bin=$(go_binary "$module@$ver" "$module/cmd/registry" registry "-X $module/version.version=$ver")

# The image this run replaces, removed at the end so rebuilds leave no dangling images.
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
ctx="$KINDLING_CACHE/stage/registry"
rm -rf "$ctx" && mkdir -p "$ctx/tmp"
cp "$bin" "$ctx/registry"
cp "$here/files/config.yml" "$here/Dockerfile" "$ctx/"
# scratch has no /tmp for anything that wants a temporary file; the registry runs as
# root, so the folder's mode does not matter.
# Output only on failure: the legacy builder's deprecation notice would hide real news.
if ! out=$(DOCKER_BUILDKIT=0 docker build -t "$IMAGE" "$ctx" 2>&1); then
  echo "$out" >&2
  echo "docker build of $IMAGE failed" >&2
  exit 1
fi
rm -rf "$ctx"
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  # Fails, harmlessly, while a container or another tag still uses it.
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
