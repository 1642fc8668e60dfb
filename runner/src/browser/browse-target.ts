// Where a Browser-tab URL may go: only to this learner's environment. Pure, so every way a
// learner might aim it elsewhere is a unit test. Names are never looked up in DNS: a name
// is a host an Ingress or HTTPRoute of the environment declares (sent to the ingress
// controller on a node, with that Host and SNI), a node's name, or `localhost`, which means
// the workstation's own loopback (where `kubectl port-forward` listens), never the runner's.
// Addresses are parsed by the WHATWG URL parser first, so decimal, hex and octal spellings
// of an IPv4 address are judged as the address they are.

export interface EnvironmentAddresses {
  nodes: readonly { name: string; ip: string; role: "control-plane" | "worker" }[];
  /** Addresses MetalLB gave this environment's Services (status.loadBalancer). */
  loadBalancerIps: readonly string[];
  /** Hosts declared by Ingress rules and HTTPRoutes; `*.example.com` wildcards allowed. */
  hosts: readonly string[];
}

export type Connect = { kind: "address"; ip: string } | { kind: "workstation-loopback" };

/** What the URL named: it decides what address the backend sees the request come from. */
export type Entry = "ingress" | "node" | "loadBalancer" | "workstation";

export interface BrowseTarget {
  /** The URL as it will be requested (normalised). */
  url: string;
  hostname: string;
  port: number;
  /** The Host header and, for https, the TLS server name. */
  host: string;
  connect: Connect;
  entry: Entry;
  /** How the request reaches the environment, for the learner. */
  via: string;
}

export type TargetResolution =
  { ok: true; target: BrowseTarget } | { ok: false; url: string; reason: string };

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function octets(ip: string): number[] | undefined {
  const m = IPV4.exec(ip);
  return m ? m.slice(1).map(Number) : undefined;
}

/** Words for an IPv4 address that is not the environment's: what it most likely is. */
function elsewhere(ip: string): string {
  const [a = 0, b = 0] = octets(ip) ?? [];
  if (a === 0) return `${ip} means "this host", which is not part of your environment`;
  if (a === 169 && b === 254)
    return `${ip} is a link-local address (cloud metadata services live there); it is not part of your environment`;
  if (a >= 224) return `${ip} is a multicast or reserved address`;
  if (a === 10 || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || a === 100)
    return `${ip} is not one of your environment's addresses (it may be the host, its gateway or another learner's environment)`;
  return `${ip} is outside your environment; the Browser tab reaches only your own cluster`;
}

function withScheme(input: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`;
}

function hostMatches(pattern: string, hostname: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, "");
  if (p.startsWith("*.")) {
    const suffix = p.slice(1);
    const label = hostname.slice(0, -suffix.length);
    return hostname.endsWith(suffix) && label.length > 0 && !label.includes(".");
  }
  return p === hostname;
}

function knownAddresses(env: EnvironmentAddresses): string {
  const nodes = env.nodes.map((n) => n.ip).join(", ");
  const lbs = env.loadBalancerIps.length ? `; LoadBalancer ${env.loadBalancerIps.join(", ")}` : "";
  return `Your environment's addresses: nodes ${nodes || "(none)"}${lbs}.`;
}

export function resolveBrowseTarget(input: string, env: EnvironmentAddresses): TargetResolution {
  let url: URL;
  try {
    url = new URL(withScheme(input.trim()));
  } catch {
    return { ok: false, url: input, reason: `"${input}" is not a web address.` };
  }
  const refuse = (reason: string): TargetResolution => ({ ok: false, url: url.href, reason });
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return refuse(`Only http and https addresses open here, not ${url.protocol}.`);
  if (url.username || url.password)
    return refuse("Addresses with a user name or password in them are not sent.");
  url.hash = "";

  const hostname = url.hostname.replace(/\.$/, "");
  // The request names the host exactly as it was judged (curl would resolve `name.` anew).
  url.hostname = hostname;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  const target = (connect: Connect, entry: Entry, via: string): TargetResolution => ({
    ok: true,
    target: { url: url.href, hostname, port, host: url.host, connect, entry, via },
  });
  const loopback = () =>
    target({ kind: "workstation-loopback" }, "workstation", "your workstation's localhost");

  if (hostname.startsWith("[")) {
    if (hostname === "[::1]") return loopback();
    const mapped = /^\[::ffff:/.test(hostname) ? " (an IPv4 address written as IPv6)" : "";
    return refuse(
      `${hostname}${mapped} is an IPv6 address; your environment has IPv4 addresses only. ${knownAddresses(env)}`,
    );
  }

  const ip = octets(hostname);
  if (ip) {
    if (ip[0] === 127) return loopback();
    const node = env.nodes.find((n) => n.ip === hostname);
    if (node) return target({ kind: "address", ip: hostname }, "node", `node ${node.name}`);
    if (env.loadBalancerIps.includes(hostname))
      return target({ kind: "address", ip: hostname }, "loadBalancer", "a LoadBalancer address");
    return refuse(`${elsewhere(hostname)}. ${knownAddresses(env)}`);
  }

  if (hostname === "localhost" || hostname.endsWith(".localhost")) return loopback();
  const node = env.nodes.find((n) => n.name === hostname);
  if (node) return target({ kind: "address", ip: node.ip }, "node", `node ${node.name}`);
  if (env.hosts.some((h) => hostMatches(h, hostname))) {
    const entry = env.nodes.find((n) => n.role === "worker") ?? env.nodes[0];
    if (!entry) return refuse("Your cluster has no nodes to send the request to.");
    return target(
      { kind: "address", ip: entry.ip },
      "ingress",
      `the ingress controller on node ${entry.name}, as host ${hostname}`,
    );
  }
  const known = env.hosts.length ? ` Hosts it declares: ${env.hosts.join(", ")}.` : "";
  return refuse(
    `No Ingress or HTTPRoute in your cluster names ${hostname}, and the Browser tab never looks names up in DNS, so it cannot tell where ${hostname} is in your environment.${known}`,
  );
}
