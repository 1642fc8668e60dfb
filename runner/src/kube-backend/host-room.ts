// Whether the host cluster has room for one more environment, asked before a session is
// accepted: a full host is refused at once with the figures, as a full Docker host is,
// instead of a session that fails after the scheduler's patience (pod-waits.ts).
import type { V1Node, V1Pod } from "@kubernetes/client-node";
import type { EnvironmentBudget } from "../cluster/environment-budget.ts";
import { MiB } from "../cluster/environment-budget.ts";
import { nodePod, workstationPod } from "./environment-objects.ts";

const UNITS: Record<string, number> = {
  "": 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** A memory quantity ("4718592Ki", "512Mi", "1073741824", "1G") in bytes. */
export function memoryBytes(quantity: string | undefined): number {
  if (quantity === undefined) return 0;
  const match = /^(\d+(?:\.\d+)?)([kMGT]i?|Ki)?$/.exec(quantity.trim());
  const unit = UNITS[match?.[2] ?? ""];
  if (!match || unit === undefined) throw new Error(`unexpected memory quantity "${quantity}"`);
  return Math.ceil(Number(match[1]) * unit);
}

const podRequest = (pod: V1Pod): number =>
  (pod.spec?.containers ?? []).reduce(
    (sum, c) => sum + memoryBytes(c.resources?.requests?.memory),
    0,
  );

/**
 * The memory one environment's pods request together. They all go to one host node (the
 * others follow the control plane there), so this is what one node must have free.
 */
export function environmentRequest(workers: number, budget: EnvironmentBudget): number {
  const pods = [
    nodePod("room", "room-control-plane", "control-plane", "image", budget),
    ...Array.from({ length: workers }, (_, i) =>
      nodePod("room", `room-worker${i}`, "worker", "image", budget),
    ),
    workstationPod("room", "image", "image", budget),
  ];
  return pods.reduce((sum, pod) => sum + podRequest(pod), 0);
}

/** A host node the environment's pods may go to: Ready, schedulable, not tainted against them. */
function takesEnvironments(node: V1Node): boolean {
  const ready = node.status?.conditions?.find((c) => c.type === "Ready")?.status === "True";
  const tainted = (node.spec?.taints ?? []).some(
    (t) => t.effect === "NoSchedule" || t.effect === "NoExecute",
  );
  return ready && !node.spec?.unschedulable && !tainted;
}

/** The most memory any host node that takes environments has not promised to its pods. */
export function mostFreeMemory(nodes: V1Node[], pods: V1Pod[]): number {
  const requested = new Map<string, number>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    const phase = pod.status?.phase;
    if (!node || phase === "Succeeded" || phase === "Failed") continue;
    requested.set(node, (requested.get(node) ?? 0) + podRequest(pod));
  }
  let best = 0;
  for (const node of nodes.filter(takesEnvironments)) {
    const name = node.metadata?.name ?? "";
    const free = memoryBytes(node.status?.allocatable?.memory) - (requested.get(name) ?? 0);
    best = Math.max(best, free);
  }
  return best;
}

/** Why the host cannot take an environment needing `needBytes` on one node, or undefined. */
export function roomProblem(nodes: V1Node[], pods: V1Pod[], needBytes: number): string | undefined {
  const free = mostFreeMemory(nodes, pods);
  if (free >= needBytes) return undefined;
  const mib = (bytes: number) => Math.max(0, Math.floor(bytes / MiB));
  return (
    `the host cluster has no room for this lab's environment now: it needs ${mib(needBytes)} MiB ` +
    `of memory on one host node, and the most any has free is ${mib(free)} MiB; ` +
    `try again in a few minutes`
  );
}
