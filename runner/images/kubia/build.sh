#!/usr/bin/env bash
# kindling/kubia: the labs' workload, a static Go server built from ./server.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"
command -v go >/dev/null || { echo "go is missing: kubia is built from source with Go" >&2; exit 1; }

# The binary is cached by the hash of its source and the Go version that built it.
src=$(cd "$here/server" && { go version; find . -type f \( -name '*.go' -o -name 'go.mod' \) \
  ! -name '*_test.go' | LC_ALL=C sort | xargs sha256sum; } | sha256sum | cut -c1-16)
bin="$KINDLING_CACHE/bin/kubia-$src"
if [ ! -x "$bin" ]; then
  mkdir -p "$KINDLING_CACHE/bin"
  echo "building kubia from $here/server" >&2
  (cd "$here/server" && CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w" -o "$bin.tmp" .)
  mv "$bin.tmp" "$bin"
fi

# The image this run replaces, removed at the end so rebuilds leave no dangling images.
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
ctx="$KINDLING_CACHE/stage/kubia"
rm -rf "$ctx" && mkdir -p "$ctx"
cp "$bin" "$ctx/kubia"
cp "$here/Dockerfile" "$ctx/Dockerfile"
# Docker's own layer cache makes this a no-op when the binary has not changed.
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
