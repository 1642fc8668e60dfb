#!/usr/bin/env bash
# Builds registry.k8s.io/coredns/coredns:<version> from github.com/coredns/coredns,
# which installs cleanly from Go modules. The version is IMAGE's tag when it is a
# vX.Y.Z, else versions.json's "coredns".
#
# FROM scratch with /coredns as ENTRYPOINT: kubeadm's Deployment passes only
# `-conf /etc/coredns/Corefile` and mounts the Corefile; forwarding goes to the
# node's resolv.conf (dnsPolicy: Default), so no CA bundle or other files are needed.
#
# It runs as a non-root user, like upstream's image. kubeadm's Deployment drops ALL
# capabilities and adds NET_BIND_SERVICE, but for a non-root user that only puts the
# capability in the bounding set: execve() clears the permitted/effective sets of a
# non-root process unless the file has capabilities (Kubernetes sets no ambient
# ones). So /coredns carries the file capability cap_net_bind_service=+ep, which is
# what lets it bind port 53 as UID 65532. The tar that feeds `docker import` must
# carry that xattr, hence --xattrs below.
source "$(dirname "$0")/../build/lib.sh"

ver=$(version coredns)
: "${IMAGE:=registry.k8s.io/coredns/coredns:$ver}"
tag=${IMAGE##*:}
if [[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then ver=$tag; fi
bin=$(go_binary "github.com/coredns/coredns@$ver" github.com/coredns/coredns coredns \
  "-X github.com/coredns/coredns/coremain.GitCommit=$ver")

stamp=$(cat "$bin" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.inputs" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

command -v setcap >/dev/null || { echo "setcap is missing: apt-get install libcap2-bin" >&2; exit 1; }
root="$KINDLING_CACHE/rootfs/coredns-$ver"
rm -rf "$root"
mkdir -p "$root/tmp"
chmod 1777 "$root/tmp"
# A copy, not a link: setcap changes the inode, and the cached binary stays plain.
cp "$bin" "$root/coredns"
chmod 755 "$root/coredns"
setcap cap_net_bind_service=+ep "$root/coredns"
tar -C "$root" --xattrs --xattrs-include=security.capability -c . |
  docker import \
    --change 'ENTRYPOINT ["/coredns"]' \
    --change 'USER 65532:65532' \
    --change 'EXPOSE 53 53/udp' \
    --change "LABEL kindling.inputs=$stamp" \
    - "$IMAGE" >/dev/null
echo "built $IMAGE"
