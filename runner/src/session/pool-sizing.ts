// The warm pool out of the box: KINDLING_POOL=auto keeps a few ready environments of the
// catalogue's most common topologies, as many as the host's free memory allows, so a
// newcomer's first Start takes seconds instead of a cold cluster's half minute.
import { readFileSync } from "node:fs";
import os from "node:os";
import { loadLabs } from "../lab-format/lab-loader.ts";
import { planLab } from "./lab-setup.ts";
import { environmentBudget } from "../cluster/environment-budget.ts";
import { parsePoolSpec, parseTopologyKey, topologyKey } from "./topology.ts";

/** What an environment of this topology may hold: its budget, every pod at its limit. */
export const environmentMiB = (topology: string) =>
  environmentBudget(parseTopologyKey(topology)).worstCaseMemoryBytes / 2 ** 20;
/** Left free for learners' sessions, the platform and the host itself. */
export const RESERVED_MIB = 8 * 1024;
/** Pool environments at most, whatever the memory: each one costs CPU while it is made. */
export const AUTO_POOL_MAX = 2;

export interface PoolPlan {
  targets: Map<string, number>;
  /** One line for the console: what the pool holds and why. */
  explanation: string;
}

/** Targets from counts of labs per topology and free memory; pure, for tests. */
export function planAutoPool(
  labsPerTopology: Map<string, number>,
  freeMiB: number,
  maxEnvironments: number,
): PoolPlan {
  const ranked = [...labsPerTopology].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const targets = new Map<string, number>();
  let budget = freeMiB - RESERVED_MIB;
  // Leave at least one environment of the host's limit for a learner who needs another shape.
  let slots = Math.min(AUTO_POOL_MAX, maxEnvironments - 1);
  for (let round = 0; slots > 0 && round < AUTO_POOL_MAX; round += 1) {
    for (const [topology] of ranked) {
      if (slots === 0 || budget < environmentMiB(topology)) continue;
      targets.set(topology, (targets.get(topology) ?? 0) + 1);
      budget -= environmentMiB(topology);
      slots -= 1;
    }
  }
  const free = `${(freeMiB / 1024).toFixed(1)} GiB free`;
  const explanation =
    targets.size === 0
      ? `warm pool off: ${free} leaves no room beyond the ${RESERVED_MIB / 1024} GiB kept for sessions`
      : `warm pool (automatic, ${free}): ${[...targets].map(([t, n]) => `${t}=${n}`).join(",")}; set KINDLING_POOL=off to turn it off, or TOPOLOGY=COUNT to choose`;
  return { targets, explanation };
}

/** KINDLING_POOL as the runner uses it: "auto" (the default), "off", or explicit targets. */
export async function resolvePool(
  spec: string,
  labsDir: string,
  maxEnvironments: number,
): Promise<PoolPlan> {
  const trimmed = spec.trim();
  if (trimmed === "off" || trimmed === "")
    return { targets: new Map(), explanation: "warm pool off (KINDLING_POOL)" };
  if (trimmed !== "auto") {
    const targets = parsePoolSpec(trimmed);
    return { targets, explanation: `warm pool (KINDLING_POOL): ${trimmed}` };
  }
  const counts = new Map<string, number>();
  for (const loaded of await loadLabs(labsDir)) {
    if (!loaded.ok) continue;
    const key = topologyKey((await planLab(labsDir, loaded.slug)).topology);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return planAutoPool(counts, availableMiB(), maxEnvironments);
}

/** MemAvailable where Linux reports it (free memory alone ignores reclaimable cache). */
function availableMiB(): number {
  try {
    const meminfo = readFileSync("/proc/meminfo", "utf8");
    const kib = Number(/^MemAvailable:\s+(\d+)/m.exec(meminfo)?.[1]);
    if (Number.isFinite(kib) && kib > 0) return kib / 1024;
  } catch {
    // not Linux: fall through
  }
  return os.freemem() / 1024 / 1024;
}
