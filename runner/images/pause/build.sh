#!/usr/bin/env bash
# Builds registry.k8s.io/pause:<pause> (versions.json key "pause") from pause.c beside
# this script: one static binary in an otherwise empty image. Static because the
# image has no libc; glibc's static link is fine since pause needs no NSS or dlopen.
source "$(dirname "$0")/../build/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
ver=$(version pause)
# The program is ours and does not change with the tag; IMAGE only names the result.
: "${IMAGE:=registry.k8s.io/pause:$ver}"
# Keyed on the source, so an edited pause.c is recompiled.
hash=$(sha256sum < "$here/pause.c" | cut -c1-12)
bin="$KINDLING_CACHE/bin/pause-$ver-$hash"

if [ ! -x "$bin" ]; then
  mkdir -p "$KINDLING_CACHE/bin"
  echo "compiling pause $ver" >&2
  gcc -static -Os -Wall -Wextra -Werror -DVERSION="\"$ver\"" -o "$bin.tmp" "$here/pause.c"
  strip "$bin.tmp"
  mv "$bin.tmp" "$bin"
fi

stamp=$(cat "$bin" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.inputs" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

root="$KINDLING_CACHE/rootfs/pause-$ver"
rm -rf "$root" && mkdir -p "$root"
cp "$bin" "$root/pause"
chmod 755 "$root/pause"
# 65535 is the conventional "nobody" of pause images; the sandbox needs no privileges.
import_rootfs "$root" "$IMAGE" \
  --change 'ENTRYPOINT ["/pause"]' \
  --change 'USER 65535:65535' \
  --change "LABEL kindling.inputs=$stamp"
echo "built $IMAGE"
