// Who is on the other end of a request, for rate limits and session records. Headers such
// as X-Forwarded-For are written by whoever sends the request, so the web server
// (scripts/web-server.ts) replaces CLIENT_ADDRESS_HEADER with the TCP peer's address before
// Next.js sees the request. It believes X-Forwarded-For only from proxies the operator
// names in KINDLING_TRUSTED_PROXIES, and only the hops those proxies appended.
import { BlockList, isIP } from "node:net";

/** Set by the web server on every request; any copy a client sent is dropped. */
export const CLIENT_ADDRESS_HEADER = "x-kindling-client-address";

/** "::ffff:192.0.2.1" (an IPv4 peer on a dual-stack socket) is 192.0.2.1. */
function normalize(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return (mapped?.[1] ?? address).toLowerCase();
}

const family = (address: string) => (isIP(address) === 6 ? "ipv6" : "ipv4");

/** Parses "10.0.0.1, 10.1.0.0/16, ::1"; throws on an entry that is neither. */
export function parseTrustedProxies(list: string): string[] {
  const entries = list.split(/[\s,]+/).filter(Boolean);
  for (const entry of entries) {
    const [address = "", prefix, extra] = entry.split("/");
    const version = isIP(address);
    const bits = version === 6 ? 128 : 32;
    const validPrefix = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= bits);
    if (version === 0 || !validPrefix || extra !== undefined)
      throw new Error(`"${entry}" is not an IP address or CIDR range`);
  }
  return entries;
}

export class TrustedProxies {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(entries: readonly string[]) {
    for (const entry of entries) {
      const [address = "", prefix] = entry.split("/");
      const type = family(address);
      if (prefix === undefined) this.list.addAddress(normalize(address), type);
      else this.list.addSubnet(normalize(address), Number(prefix), type);
    }
    this.size = entries.length;
  }

  has(address: string): boolean {
    const plain = normalize(address);
    return isIP(plain) !== 0 && this.list.check(plain, family(plain));
  }
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy. Then the
 * forwarded chain is walked from the right, and each hop is believed only because a trusted
 * proxy wrote it; the first address that is not a trusted proxy is the client. An entry
 * that is not an address ends the walk at the proxy that passed it on.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  trusted: TrustedProxies,
): string {
  let candidate = normalize(peer ?? "");
  if (!candidate) return "unknown";
  const chain = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (trusted.has(candidate) && chain.length > 0) {
    const hop = normalize(chain.pop()!);
    if (isIP(hop) === 0) break;
    candidate = hop;
  }
  return candidate;
}
