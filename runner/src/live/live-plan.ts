// Which checks of a step run live, and what a live watch must follow for them. Only resource
// checks: they read objects, which a watch tells us changed. Traffic and command checks probe
// from a vantage point (a curl from the workstation, a pod, a node), which costs an exec and
// traffic each time and proves nothing a watch event could announce; they wait for Check.
import type { Check, ResourceCheck } from "../lab-format/check-format.ts";
import { resourceType } from "../grader/kubectl-json.ts";

export interface WatchedResource {
  /** A kubectl type name, as the graders read it (`Service`, `Deployment.v1.apps`). */
  type: string;
  /** Ignored for cluster-scoped types. */
  namespace: string;
}

export const runsLive = (check: Check): check is ResourceCheck => check.kind === "resource";

/** What a watch must follow so that every change a live check could see is announced. */
export function watchedResources(checks: readonly Check[]): WatchedResource[] {
  const found = new Map<string, WatchedResource>();
  const add = (type: string, namespace: string) =>
    found.set(`${type}@${namespace}`, { type, namespace });
  for (const check of checks.filter(runsLive)) {
    const { apiVersion, kind, namespace } = check.resource;
    add(resourceType(apiVersion, kind), namespace);
    // A Service's endpoints come from its EndpointSlices (or a hand-made Endpoints object),
    // and the learner is told about pods the selector misses: all three move the verdict.
    if (check.endpoints) {
      add("endpointslices.discovery.k8s.io", namespace);
      add("endpoints", namespace);
      add("pods", namespace);
    }
  }
  return [...found.values()];
}

/**
 * The longest a failing check may need before time alone can turn it (a Pod that must have
 * run `runningForSeconds`): no event comes when a container merely keeps running.
 */
export function timeToRecheckMs(checks: readonly Check[], failing: ReadonlySet<string>): number {
  const waits = checks
    .filter(runsLive)
    .filter((c) => failing.has(c.id) && c.runningForSeconds !== undefined)
    .map((c) => (c.runningForSeconds ?? 0) * 1000);
  return waits.length > 0 ? Math.max(...waits) + 500 : 0;
}
