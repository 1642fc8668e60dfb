#!/usr/bin/env bash
# busybox:latest for `kubectl run -it --rm box --image=busybox -- sh`: Debian's static
# busybox and one link per applet, nothing else.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"

# The package is unpacked once into the cache; apt-get download uses the host's
# Debian archive, the one place packages can come from. It downloads as root: apt's
# _apt sandbox user cannot write into root's cache folder.
deb="$KINDLING_CACHE/debs/busybox-static-$(version debian)"
if [ ! -f "$deb/.complete" ]; then
  command -v apt-get >/dev/null || { echo "apt-get is missing: busybox comes from Debian's busybox-static" >&2; exit 1; }
  rm -rf "$deb" && mkdir -p "$deb/pkg"
  echo "downloading busybox-static" >&2
  (cd "$deb" && apt-get -q -o APT::Sandbox::User=root download busybox-static >&2) || {
    echo "apt-get download busybox-static failed (run apt-get update?)" >&2; exit 1; }
  dpkg -x "$deb"/busybox-static_*.deb "$deb/pkg"
  touch "$deb/.complete"
fi
busybox="$deb/pkg/bin/busybox"
[ -x "$busybox" ] || { echo "no bin/busybox in $deb" >&2; exit 1; }

# The image this run replaces, removed at the end so rebuilds leave no dangling images.
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
ctx="$KINDLING_CACHE/stage/busybox"
rm -rf "$ctx" && mkdir -p "$ctx/rootfs"
root="$ctx/rootfs"
install -d "$root/bin" "$root/etc" "$root/root" "$root/home" "$root/var" "$root/usr/bin" "$root/usr/sbin" "$root/sbin"
install -d -m 1777 "$root/tmp"
chmod 0700 "$root/root"
install -m 0755 "$busybox" "$root/bin/busybox"
# Every applet in /bin, as in the upstream image; relative links so that they do not
# depend on where the build ran.
for applet in $("$busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
install -m 0644 "$here/files/passwd" "$here/files/group" "$here/files/nsswitch.conf" "$root/etc/"
cp "$here/Dockerfile" "$ctx/Dockerfile"
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
