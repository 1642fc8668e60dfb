// An environment's own network segment on the host cluster. On Docker, an environment's
// nodes and workstation share one bridge: one L2 segment, where kindnet routes pod subnets
// via node addresses and MetalLB answers ARP. Pods on a host cluster share no segment
// (the host's CNI routes each pod through its own link), so the runner lays a VXLAN
// segment over the pods' addresses, peer to peer, and the nested cluster uses it as its
// node network. The VXLAN devices live in the environment's pods' network namespaces,
// so every environment has its own segment with the same addresses.

/** The segment's addresses: the same in every environment, seen by nothing outside it. */
export const OVERLAY_PREFIX = "100.64.0";
export const OVERLAY_DEVICE = "kindling0";
const VXLAN_ID = 4242;
const VXLAN_PORT = 4789;
/** VXLAN's own headers over IPv4. */
const VXLAN_OVERHEAD = 50;

export interface OverlayMember {
  name: string;
  /** The pod's address on the host cluster. */
  podIp: string;
}

/** The workstation takes .2; nodes take .11 on, in order (control plane first). */
export function overlayAddress(kind: "workstation" | "node", index = 0): string {
  return kind === "workstation" ? `${OVERLAY_PREFIX}.2` : `${OVERLAY_PREFIX}.${11 + index}`;
}

/**
 * The commands that join one member to the segment: broadcasts (ARP) are copied to every
 * other member, and the device learns where each address answers from.
 */
export function overlayJoinScript(self: OverlayMember, all: OverlayMember[], address: string) {
  const peers = all.filter((m) => m.podIp !== self.podIp).map((m) => m.podIp);
  return [
    "set -eu",
    `ip link del ${OVERLAY_DEVICE} 2>/dev/null || true`,
    `ip link add ${OVERLAY_DEVICE} type vxlan id ${VXLAN_ID} dev eth0 local ${self.podIp} dstport ${VXLAN_PORT}`,
    ...peers.map((peer) => `bridge fdb append 00:00:00:00:00:00 dev ${OVERLAY_DEVICE} dst ${peer}`),
    `mtu=$(cat /sys/class/net/eth0/mtu)`,
    `ip link set ${OVERLAY_DEVICE} mtu $((mtu - ${VXLAN_OVERHEAD}))`,
    `ip addr add ${address}/24 dev ${OVERLAY_DEVICE}`,
    `ip link set ${OVERLAY_DEVICE} up`,
  ].join("\n");
}
