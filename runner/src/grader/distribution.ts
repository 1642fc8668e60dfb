// Verdicts on which backends answered. Judged per entry point (a node's NodePort, one
// vantage), because kube-proxy keeps ClientIP affinity per node: the same client may be
// pinned to a different pod through each node, and that is correct (docs/architecture.md, "Grader semantics").
import type { Count } from "../lab-format/check-format.ts";

export function countHolds(n: number, count: Count): boolean {
  if (count.exactly !== undefined) return n === count.exactly;
  return (count.min === undefined || n >= count.min) && (count.max === undefined || n <= count.max);
}

export function describeCount(count: Count, noun: string): string {
  const plural = (n: number) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  if (count.exactly !== undefined) return `exactly ${plural(count.exactly)}`;
  if (count.min !== undefined && count.max !== undefined)
    return `between ${count.min} and ${plural(count.max)}`;
  if (count.min !== undefined) return `at least ${plural(count.min)}`;
  return `at most ${plural(count.max ?? 0)}`;
}

export interface EntryBackends {
  /** Where the requests went in, e.g. `node kind-worker (172.18.0.3:30123)`. */
  entry: string;
  /** The backend (pod) that served each request, in order. */
  backends: string[];
}

export interface DistributionVerdict {
  passed: boolean;
  /** Plain words, one clause per entry that broke the rule. */
  observed: string;
}

export function judgeDistribution(groups: EntryBackends[], count: Count): DistributionVerdict {
  const broken = groups.filter((g) => !countHolds(new Set(g.backends).size, count));
  const summary = (g: EntryBackends) => {
    const distinct = [...new Set(g.backends)];
    return `${g.backends.length} requests through ${g.entry} reached ${distinct.length} pod${distinct.length === 1 ? "" : "s"} (${distinct.join(", ")})`;
  };
  if (broken.length === 0) return { passed: true, observed: groups.map(summary).join("; ") };
  return { passed: false, observed: broken.map(summary).join("; ") };
}

/** k^(1−N): the chance that N fresh connections spread over k pods all reach one. */
export function chanceAllOnOne(pods: number, requests: number): number {
  return pods ** (1 - requests);
}
