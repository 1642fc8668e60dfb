#!/usr/bin/env bash
# Builds the Kindling node image: a Debian root filesystem with systemd, containerd,
# runc and CNI plugins, the kubelet/kubeadm/kubectl built from Go modules, and the
# images kubeadm and the default add-ons run preloaded into its containerd.
# Env: IMAGE (name:tag), PRELOAD (space-separated images already in the Docker engine).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../build/lib.sh"

k8s=$(version kubernetes)
bin="$KINDLING_CACHE/bin/kubernetes-$k8s"
"$KINDLING_IMAGES/build/go-kubernetes.sh" "$k8s" "$bin" >&2

rootfs=$(debian_rootfs node "systemd systemd-sysv dbus containerd runc containernetworking-plugins \
  iptables nftables iproute2 ethtool socat conntrack ebtables ipset kmod ca-certificates util-linux \
  mount procps libseccomp2 bash curl lsb-release hostname")
base="kindling/node-base:$(basename "$rootfs" | sed 's/^node-//')"
docker image inspect "$base" >/dev/null 2>&1 || import_rootfs "$rootfs" "$base"

context=$(mktemp -d)
container=""
cleanup() {
  rm -rf "$context"
  [ -z "$container" ] || docker rm -f "$container" >/dev/null 2>&1 || true
}
trap cleanup EXIT

cp -a "$here/files" "$context/files"
mkdir -p "$context/bin" "$context/manifests"
cp "$bin/kubelet" "$bin/kubeadm" "$bin/kubectl" "$context/bin/"
cp "$here/Dockerfile" "$context/"
# kind's contract: the CNI and storage manifests a cluster applies are read from the node
# image. kind fills the CNI manifest's {{ .PodSubnet }} only when the file carries the
# marker phrase below; Kindling's runner fills it itself.
{
  echo "# would you kindly template this file (kind's marker: it fills in {{ .PodSubnet }})"
  sed "s/{{ .KindnetImage }}/$(echo "${KINDNET_IMAGE:-kindling/kindnet:$(version kindnet)}" | sed 's/[\/&]/\\&/g')/g" \
    "$KINDLING_IMAGES/../manifests/kindnet.yaml"
} >"$context/manifests/default-cni.yaml"
cp "$here/default-storage.yaml" "$context/manifests/default-storage.yaml"

stage="$IMAGE-stage"
docker build -q --build-arg "BASE=$base" --build-arg "PAUSE_VERSION=$(version pause)" \
  --build-arg "KUBERNETES_VERSION=$k8s" -t "$stage" "$context" >/dev/null

# Preload: boot the node once, import the images into its containerd (content only:
# unpacking needs overlayfs, which cannot nest on the container's own overlay root),
# then commit the result.
container=$(docker run -d --privileged --tmpfs /run --tmpfs /tmp "$stage")
for _ in $(seq 1 60); do
  docker exec "$container" ctr --namespace k8s.io version >/dev/null 2>&1 && break
  sleep 1
done
if [ -n "${PRELOAD:-}" ]; then
  # shellcheck disable=SC2086
  docker save $PRELOAD | docker exec -i "$container" ctr --namespace k8s.io images import --no-unpack --all-platforms - >&2
fi
docker exec "$container" systemctl stop kubelet containerd >/dev/null 2>&1 || true
docker stop -t 10 "$container" >/dev/null
docker commit "$container" "$IMAGE" >/dev/null
docker rmi "$stage" >/dev/null 2>&1 || true
echo "node image $IMAGE built" >&2
