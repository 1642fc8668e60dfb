#!/usr/bin/env bash
# Builds registry.k8s.io/kube-proxy:vX.Y.Z (the tag of IMAGE when it is a vX.Y.Z, else
# versions.json's "kubernetes").
#
# kube-proxy programs the node with external tools, so this image is a Debian root
# filesystem rather than FROM scratch: iptables (iptables/ip6tables and -save/-restore,
# iptables mode), nftables (`nft`, nftables mode and the cleanup of its rules in the
# other modes), ipset (ipvs mode), conntrack (flushing stale UDP entries) and kmod
# (modprobe; kubeadm mounts /lib/modules). kubeadm's DaemonSet runs
# /usr/local/bin/kube-proxy; iptables-wrapper beside this script picks the node's
# iptables backend on first use (see its header).
source "$(dirname "$0")/../build/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
: "${IMAGE:=registry.k8s.io/kube-proxy:$(version kubernetes)}"
tag=${IMAGE##*:}
if [[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then ver=$tag; else ver=$(version kubernetes); fi

bins="$KINDLING_CACHE/bin/kubernetes-$ver"
if [ ! -x "$bins/kube-proxy" ]; then
  # The lock keeps recipes started side by side from building the same tree twice.
  mkdir -p "$KINDLING_CACHE/bin"
  flock "$bins.lock" "$KINDLING_IMAGES/build/go-kubernetes.sh" "$ver" "$bins" >&2
fi
bin="$bins/kube-proxy"
base=$(debian_rootfs kube-proxy "iptables nftables conntrack ipset kmod")

stamp=$( { echo "$base"; cat "$bin" "$here/iptables-wrapper" "$0"; } | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.inputs" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

root="$KINDLING_CACHE/rootfs/kube-proxy-$ver"
rm -rf "$root"
# Hard links: instant and free. Safe because only new directory entries are made
# below; no file shared with the cached base is written to.
cp -al "$base" "$root"
cp "$here/iptables-wrapper" "$root/usr/sbin/iptables-wrapper"
chmod 755 "$root/usr/sbin/iptables-wrapper"
for cmd in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -sfn iptables-wrapper "$root/usr/sbin/$cmd"
done
mkdir -p "$root/usr/local/bin"
ln -f "$bin" "$root/usr/local/bin/kube-proxy"
import_rootfs "$root" "$IMAGE" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["kube-proxy"]' \
  --change "LABEL kindling.inputs=$stamp"
echo "built $IMAGE"
