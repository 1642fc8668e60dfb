#!/usr/bin/env bash
# Builds the control-plane images kubeadm runs as static pods:
#   registry.k8s.io/kube-apiserver:vX.Y.Z
#   registry.k8s.io/kube-controller-manager:vX.Y.Z
#   registry.k8s.io/kube-scheduler:vX.Y.Z
# One recipe for all three: the component is the last path element of IMAGE's name
# (COMPONENT=... overrides it), the Kubernetes version is IMAGE's tag when it is a
# vX.Y.Z, else versions.json's "kubernetes".
#
# Each image is FROM scratch with the static binary at /usr/local/bin/<component> and
# PATH set, because kubeadm's manifests run the command by name (`kube-apiserver
# --flags`). Certificates, kubeconfigs and the CA bundle come from host mounts, so
# nothing else is needed. No ENTRYPOINT (as upstream's images run a command given to
# them): `docker run IMAGE kube-apiserver --version` works, and the default CMD is
# the component itself.
source "$(dirname "$0")/../build/lib.sh"

: "${IMAGE:?IMAGE=registry.k8s.io/<component>:<version> is required}"
name=${IMAGE%:*}
tag=${IMAGE##*:}
[ "$tag" != "$IMAGE" ] || tag=
component=${COMPONENT:-${name##*/}}
case "$component" in
  kube-apiserver | kube-controller-manager | kube-scheduler) ;;
  kube-proxy) echo "kube-proxy needs iptables: build it with runner/images/kube-proxy" >&2; exit 1 ;;
  *) echo "not a control-plane component: $component (from IMAGE=$IMAGE)" >&2; exit 1 ;;
esac
if [[ "$tag" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]]; then ver=$tag; else ver=$(version kubernetes); fi

bins="$KINDLING_CACHE/bin/kubernetes-$ver"
if [ ! -x "$bins/$component" ]; then
  # One build of all binaries serves every Kubernetes image; the lock keeps recipes
  # started side by side from building the same tree twice.
  mkdir -p "$KINDLING_CACHE/bin"
  flock "$bins.lock" "$KINDLING_IMAGES/build/go-kubernetes.sh" "$ver" "$bins" >&2
fi
bin="$bins/$component"

stamp=$(cat "$bin" "$0" | sha256sum | cut -c1-16)
if [ "$(docker image inspect -f '{{ index .Config.Labels "kindling.inputs" }}' "$IMAGE" 2>/dev/null)" = "$stamp" ]; then
  echo "$IMAGE is up to date"
  exit 0
fi

root="$KINDLING_CACHE/rootfs/$component-$ver"
rm -rf "$root"
mkdir -p "$root/usr/local/bin" "$root/tmp"
# Some libraries (and klog, if file logging is switched on) want a writable /tmp.
chmod 1777 "$root/tmp"
ln -f "$bin" "$root/usr/local/bin/$component"
import_rootfs "$root" "$IMAGE" \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "CMD [\"$component\"]" \
  --change "LABEL kindling.inputs=$stamp"
echo "built $IMAGE"
