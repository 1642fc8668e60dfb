import { ADDONS, type Addon } from "../cluster/addons.ts";

/** What makes two environments interchangeable: worker count and add-ons. */
export interface Topology {
  workers: number;
  addons: Addon[];
}

/** A stable key such as "w1+ingress+loadbalancer", used for the pool and in labels. */
export function topologyKey(t: Topology): string {
  return [`w${t.workers}`, ...[...new Set(t.addons)].sort()].join("+");
}

export function parseTopologyKey(key: string): Topology {
  const [workers, ...addons] = key.split("+");
  const match = /^w(\d)$/.exec(workers ?? "");
  if (!match) throw new Error(`invalid topology "${key}": expected e.g. w1 or w1+loadbalancer`);
  for (const a of addons) {
    if (!(ADDONS as readonly string[]).includes(a))
      throw new Error(`invalid topology "${key}": unknown add-on "${a}"`);
  }
  return { workers: Number(match[1]), addons: addons as Addon[] };
}

/** KINDLING_POOL, e.g. "w0=1,w1+loadbalancer=2": ready environments to keep per topology. */
export function parsePoolSpec(spec: string): Map<string, number> {
  const targets = new Map<string, number>();
  for (const part of spec
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [key, count] = part.split("=");
    const n = Number(count);
    if (!key || !Number.isInteger(n) || n < 0)
      throw new Error(`invalid pool entry "${part}": expected TOPOLOGY=COUNT, e.g. w1=2`);
    targets.set(topologyKey(parseTopologyKey(key)), n);
  }
  return targets;
}
