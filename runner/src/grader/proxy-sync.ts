// Has kube-proxy on every node programmed every Service and EndpointSlice change it has
// received? Its metrics (127.0.0.1:10249 in the node, hostNetwork) give, per IP family, when
// it last queued a change and when a sync last finished. (Its /healthz "lastUpdated" is no
// use here: it reads "now" whenever the proxy is healthy, pending changes or not.) Knowing
// this lets a grader stop waiting once the rules are in, instead of a fixed while.
import type { GradingTarget } from "./grading-target.ts";
import { readNodes } from "./nodes.ts";

const METRICS = "curl -s --max-time 2 http://127.0.0.1:10249/metrics";

/**
 * A sync already running when a change arrives ends after it without it; the proxy then
 * syncs again at most its minimum sync period (1 s) after that sync began. So a change is
 * known to be in only when the last sync ended after the last queued change and that change
 * is older than the period and a sync's length.
 */
export const RESYNC_MS = 1_500;

export interface ProxySync {
  /** Per IP family, ms since the epoch. */
  lastQueued: Map<string, number>;
  lastSynced: Map<string, number>;
}

/**
 * A moment by which every node's proxy had programmed every change it had received (when
 * the nodes were asked), or undefined when some node cannot say so yet.
 */
export async function proxiesSyncedAt(target: GradingTarget): Promise<number | undefined> {
  if (!target.node) return undefined;
  try {
    const nodes = await readNodes(target);
    if (nodes.length === 0) return undefined;
    const asked = Date.now();
    const syncs = await Promise.all(
      nodes.map(async (n) => parseProxyMetrics((await target.node!(n.name, METRICS, 5000)).stdout)),
    );
    return syncs.every((s) => s && programmed(s, asked)) ? asked : undefined;
  } catch {
    return undefined;
  }
}

/** Whether, at `now`, nothing the proxy received is still to be programmed. */
export function programmed(sync: ProxySync, now: number): boolean {
  if (sync.lastQueued.size === 0) return false;
  return [...sync.lastQueued].every(([family, queued]) => {
    const synced = sync.lastSynced.get(family);
    return synced !== undefined && synced >= queued && now - queued >= RESYNC_MS;
  });
}

const SAMPLE =
  /^kubeproxy_sync_proxy_rules_last_(queued_)?timestamp_seconds\{ip_family="(\w+)"\} (\S+)$/;

/** The sync times from kube-proxy's Prometheus text, or undefined when there are none. */
export function parseProxyMetrics(text: string): ProxySync | undefined {
  const sync: ProxySync = { lastQueued: new Map(), lastSynced: new Map() };
  for (const line of text.split("\n")) {
    const m = SAMPLE.exec(line.trim());
    const seconds = Number(m?.[3]);
    if (!m || !Number.isFinite(seconds)) continue;
    (m[1] ? sync.lastQueued : sync.lastSynced).set(m[2]!, seconds * 1000);
  }
  return sync.lastQueued.size > 0 ? sync : undefined;
}
