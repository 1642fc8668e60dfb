// When did kube-proxy last program its rules on every node? A Service or EndpointSlice
// change reaches traffic once each node's kube-proxy has synced after it; its health
// endpoint (127.0.0.1:10256 in the node, hostNetwork) says when it last did. Knowing this
// lets a grader stop waiting as soon as the rules are in, instead of a fixed while.
import type { GradingTarget } from "./grading-target.ts";
import { readNodes } from "./nodes.ts";

const HEALTH = "curl -s --max-time 2 http://127.0.0.1:10256/healthz";

/** The oldest of the nodes' last syncs (ms since the epoch), or undefined if any is unknown. */
export async function proxiesSyncedAt(target: GradingTarget): Promise<number | undefined> {
  if (!target.node) return undefined;
  try {
    const nodes = await readNodes(target);
    if (nodes.length === 0) return undefined;
    const times = await Promise.all(
      nodes.map(async (n) => lastSync((await target.node!(n.name, HEALTH, 5000)).stdout)),
    );
    return times.some((t) => t === undefined) ? undefined : Math.min(...(times as number[]));
  } catch {
    return undefined;
  }
}

/** `lastUpdated` of kube-proxy's health answer (`{"lastUpdated": "…", "currentTime": …}`). */
export function lastSync(healthz: string): number | undefined {
  try {
    const t = Date.parse((JSON.parse(healthz) as { lastUpdated?: string }).lastUpdated ?? "");
    return Number.isNaN(t) ? undefined : t;
  } catch {
    return undefined;
  }
}
