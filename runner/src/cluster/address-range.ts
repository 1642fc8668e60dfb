/**
 * The block of addresses MetalLB may hand out: the top of the cluster's Docker network,
 * which Docker fills from the bottom, so node and workstation addresses never collide.
 */
export function loadBalancerRange(subnet: string, size = 32): string {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(subnet);
  if (!match) throw new Error(`not an IPv4 subnet: ${subnet}`);
  const prefix = Number(match[5]);
  if (prefix > 26)
    throw new Error(`subnet ${subnet} is too small to spare ${size} addresses for load balancers`);
  const base = match.slice(1, 5).reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const hostBits = 32 - prefix;
  const broadcast = base - (base % 2 ** hostBits) + 2 ** hostBits - 1;
  const last = broadcast - 1;
  const first = last - size + 1;
  return `${toIp(first)}-${toIp(last)}`;
}

function toIp(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join(".");
}
