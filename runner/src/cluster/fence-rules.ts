/**
 * The network fence as data: from the Kindling networks on a host to the iptables rules
 * that keep their containers (workstations, nodes and so the pods inside them) on their own
 * bridge. Pure, so the rules can be read and tested without touching a host.
 */

/** One Kindling network as the host's firewall sees it: the Linux bridge its containers share. */
export interface FencedNetwork {
  /** The Docker network's name: each rule's comment, for whoever reads `iptables -S`. */
  name: string;
  /** The bridge interface on the host, e.g. br-0123456789ab. */
  bridge: string;
}

export type IpFamily = "ipv4" | "ipv6";

/** The two chains the fence owns; the host's built-in chains only jump to them. */
export interface FenceChains {
  /** Forwarded traffic (jumped to from DOCKER-USER): other networks, link-local, the outside. */
  forward: string;
  /** Traffic addressed to the host itself, at any of its addresses (jumped to from INPUT). */
  input: string;
}

export const FENCE_CHAINS: FenceChains = {
  forward: "KINDLING-FENCE",
  input: "KINDLING-FENCE-INPUT",
};

export interface FenceRules {
  forward: string[][];
  input: string[][];
}

// What ends up inside an iptables-restore script must be a plain token: a bridge name is at
// most 15 characters (IFNAMSIZ) and a network name is Kindling's own.
const BRIDGE = /^[A-Za-z0-9_.-]{1,15}$/;
const NETWORK = /^[A-Za-z0-9_.-]{1,64}$/;
const CHAIN = /^[A-Z0-9-]{1,28}$/;

function check(network: FencedNetwork): void {
  if (!BRIDGE.test(network.bridge))
    throw new Error(`network ${network.name}: "${network.bridge}" is not a bridge interface name`);
  if (!NETWORK.test(network.name)) throw new Error(`"${network.name}" is not a network name`);
}

/**
 * Per bridge: traffic that stays on the bridge passes (nodes, load-balancer addresses,
 * ingress, the image mirror, which joins every cluster's network); replies to connections
 * made from elsewhere pass (the host reaching an API server through its published loopback
 * port); everything else a learner's container starts is refused at once, so a lab that
 * tries the outside fails fast instead of hanging. Docker's embedded DNS answers inside each
 * container's own network namespace and never crosses the host's chains.
 */
export function fenceRules(networks: readonly FencedNetwork[], family: IpFamily): FenceRules {
  const unreachable = family === "ipv4" ? "icmp-port-unreachable" : "icmp6-port-unreachable";
  const forward: string[][] = [];
  const input: string[][] = [];
  const sorted = [...networks].sort((a, b) => a.bridge.localeCompare(b.bridge));
  for (const network of sorted) {
    check(network);
    const from = ["-i", network.bridge];
    const comment = ["-m", "comment", "--comment", network.name];
    const replies = ["-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED"];
    const refuse = [
      [...from, "-p", "tcp", ...comment, "-j", "REJECT", "--reject-with", "tcp-reset"],
      [...from, ...comment, "-j", "REJECT", "--reject-with", unreachable],
    ];
    forward.push(
      [...from, "-o", network.bridge, ...comment, "-j", "RETURN"],
      [...from, ...replies, ...comment, "-j", "RETURN"],
      ...refuse,
    );
    input.push([...from, ...replies, ...comment, "-j", "RETURN"], ...refuse);
  }
  return { forward, input };
}

/**
 * An `iptables-restore --noflush` script that creates both chains or, when they exist,
 * empties and refills them in one transaction: the fence never has a gap while it changes.
 */
export function restoreScript(rules: FenceRules, chains: FenceChains = FENCE_CHAINS): string {
  for (const chain of [chains.forward, chains.input])
    if (!CHAIN.test(chain)) throw new Error(`"${chain}" is not a chain name`);
  const lines = [
    "*filter",
    `:${chains.forward} - [0:0]`,
    `:${chains.input} - [0:0]`,
    ...rules.forward.map((rule) => `-A ${chains.forward} ${rule.join(" ")}`),
    ...rules.input.map((rule) => `-A ${chains.input} ${rule.join(" ")}`),
    "COMMIT",
  ];
  return `${lines.join("\n")}\n`;
}

/** The bridges a chain listing (`iptables -S CHAIN`) fences, as read back from the host. */
export function fencedBridges(listing: string): string[] {
  const bridges = new Set<string>();
  for (const line of listing.split("\n")) {
    const match = /^-A \S+ -i (\S+) /.exec(line);
    if (match?.[1]) bridges.add(match[1]);
  }
  return [...bridges].sort();
}
