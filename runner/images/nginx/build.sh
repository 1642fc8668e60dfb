#!/usr/bin/env bash
# nginx:latest for labs that run `kubectl create deployment web --image=nginx`: Debian's
# nginx-light in a minbase root filesystem, laid out like the upstream image (config in
# /etc/nginx/conf.d, pages in /usr/share/nginx/html, logs on stdout/stderr).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"

rootfs=$(debian_rootfs nginx "nginx-light")

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
stage="$KINDLING_CACHE/stage/nginx"
rm -rf "$stage" && mkdir -p "$(dirname "$stage")"
cp -a "$rootfs" "$stage"
# Debian's site config and default page are replaced by the upstream-style layout.
rm -rf "$stage"/etc/nginx/sites-enabled "$stage"/etc/nginx/sites-available "$stage"/var/www/html
install -d "$stage"/etc/nginx/conf.d "$stage"/usr/share/nginx/html
install -m 0644 "$here/files/nginx.conf" "$stage/etc/nginx/nginx.conf"
install -m 0644 "$here/files/default.conf" "$stage/etc/nginx/conf.d/default.conf"
install -m 0644 "$here/files/index.html" "$stage/usr/share/nginx/html/index.html"
install -m 0644 "$here/files/50x.html" "$stage/usr/share/nginx/html/50x.html"
# Anything that still writes to the classic log files ends up in `kubectl logs`.
install -d "$stage"/var/log/nginx
ln -sf /dev/stdout "$stage/var/log/nginx/access.log"
ln -sf /dev/stderr "$stage/var/log/nginx/error.log"

import_rootfs "$stage" "$IMAGE" \
  --change 'EXPOSE 80' \
  --change 'CMD ["nginx","-g","daemon off;"]'
rm -rf "$stage"
# docker import cannot set STOPSIGNAL; a layer-less build on top can. SIGQUIT makes
# nginx finish the requests in flight, as upstream's image asks for.
if ! out=$(printf "FROM %s\nSTOPSIGNAL SIGQUIT\n" "$IMAGE" | DOCKER_BUILDKIT=0 docker build -t "$IMAGE" - 2>&1); then
  echo "$out" >&2
  echo "setting STOPSIGNAL on $IMAGE failed" >&2
  exit 1
fi
mkdir -p "$(dirname "$stamp")"
echo "$inputs $(docker image inspect -f '{{.Id}}' "$IMAGE")" > "$stamp"
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  # Fails, harmlessly, while a container or another tag still uses it.
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
