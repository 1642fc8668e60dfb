#!/usr/bin/env bash
# The learner's shell container: Debian with the everyday network tools, kubectl of the
# pinned Kubernetes version, and a non-root user `learner` whose kubeconfig the runner
# places at /home/learner/.kube/config.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/../build/lib.sh"
: "${IMAGE:?IMAGE (name:tag to build) is not set}"

k8s=$(version kubernetes)
kubectl="$KINDLING_CACHE/bin/kubernetes-$k8s/kubectl"

# tini as PID 1 reaps the orphans that `docker exec` sessions leave behind and makes
# `docker stop` immediate; iproute2 lets a learner see the workstation's own address;
# tmux keeps each terminal tab's shell alive across browser reconnects.
rootfs=$(debian_rootfs workstation "bash bash-completion curl wget jq dnsutils iputils-ping \
netcat-openbsd iproute2 nano vim-tiny less procps ca-certificates openssl tini tmux")

"$KINDLING_IMAGES/build/go-kubernetes.sh" "$k8s" "$KINDLING_CACHE/bin/kubernetes-$k8s" >&2

# docker import makes a new image on every run; skip it when IMAGE already came from
# exactly these inputs.
inputs=$({ echo "$rootfs"; cat "$here/build.sh" "$here"/files/* "$kubectl"; } | sha256sum | cut -c1-16)
stamp="$KINDLING_CACHE/stamps/$(echo "$IMAGE" | tr '/:' '__')"
if [ "$(cat "$stamp" 2>/dev/null)" = "$inputs $(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null)" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

# The image this run replaces, removed at the end so rebuilds leave no dangling images.
previous=$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
stage="$KINDLING_CACHE/stage/workstation"
rm -rf "$stage" && mkdir -p "$(dirname "$stage")"
cp -a "$rootfs" "$stage"
# Nothing in the image needs these at run time.
rm -rf "$stage"/usr/share/info/* "$stage"/usr/share/lintian "$stage"/var/cache/debconf/*-old \
  "$stage"/var/log/*.log "$stage"/var/log/apt/*

install -m 0755 "$kubectl" "$stage/usr/local/bin/kubectl"
# Generated once here rather than by `source <(kubectl completion bash)` in every new
# shell, which would add a kubectl start to each terminal tab. The compat folder is
# loaded eagerly, so the function is there for the `k` alias as well.
install -d "$stage/etc/bash_completion.d"
"$kubectl" completion bash > "$stage/etc/bash_completion.d/kubectl"
# vim-tiny answers only to `vi`; people type `vim`.
ln -sf /usr/bin/vim.tiny "$stage/usr/local/bin/vim"

if grep -qE '^[^:]*:[^:]*:1000:' "$stage/etc/passwd" || grep -qE '^[^:]*:[^:]*:1000:' "$stage/etc/group"; then
  echo "uid or gid 1000 is already taken in the Debian root filesystem" >&2
  exit 1
fi
echo 'learner:x:1000:' >> "$stage/etc/group"
echo 'learner:x:1000:1000:Kindling learner:/home/learner:/bin/bash' >> "$stage/etc/passwd"
echo 'learner:!:19000:0:99999:7:::' >> "$stage/etc/shadow"
install -d -m 0755 -o 1000 -g 1000 "$stage/home/learner"
install -d -m 0700 -o 1000 -g 1000 "$stage/home/learner/.kube"
install -m 0644 -o 1000 -g 1000 "$stage/etc/skel/.profile" "$stage/home/learner/.profile"
install -m 0644 -o 1000 -g 1000 "$here/files/bashrc" "$stage/home/learner/.bashrc"
install -m 0644 "$here/files/nanorc" "$stage/etc/nanorc.kindling"
echo 'include "/etc/nanorc.kindling"' >> "$stage/etc/nanorc"

import_rootfs "$stage" "$IMAGE" \
  --change 'USER learner' \
  --change 'WORKDIR /home/learner' \
  --change 'ENV KUBECONFIG=/home/learner/.kube/config' \
  --change 'ENV EDITOR=nano' \
  --change 'ENV KUBE_EDITOR=nano' \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENTRYPOINT ["/usr/bin/tini","--"]' \
  --change 'CMD ["sleep","infinity"]'
rm -rf "$stage"
mkdir -p "$(dirname "$stamp")"
echo "$inputs $(docker image inspect -f '{{.Id}}' "$IMAGE")" > "$stamp"
if [ -n "$previous" ] && [ "$previous" != "$(docker image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  # Fails, harmlessly, while a container or another tag still uses it.
  docker rmi "$previous" >/dev/null 2>&1 || true
fi
echo "built $IMAGE"
