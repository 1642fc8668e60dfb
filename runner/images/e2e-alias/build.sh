#!/usr/bin/env bash
# An e2e test image that an everyday image already is (busybox, nginx): the same image
# under the name Kubernetes' e2e tests ask for. SOURCE is the everyday image's name.
set -euo pipefail
: "${IMAGE:?IMAGE (name:tag to build) is not set}"
: "${SOURCE:?SOURCE (the image to name IMAGE) is not set}"
docker image inspect "$SOURCE" >/dev/null 2>&1 || {
  echo "$SOURCE is missing; build the image set first (npx kindling images build)" >&2; exit 1; }
docker tag "$SOURCE" "$IMAGE"
echo "named $SOURCE $IMAGE"
