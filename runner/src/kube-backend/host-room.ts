// Room on the host cluster, as plain arithmetic over its nodes and pods (no I/O here): which
// host node an environment goes to (host-placement.ts), and whether there is one at all,
// asked before a session is accepted, so a full host is refused at once with the figures,
// as a full Docker host is.
import type { V1Namespace, V1Node, V1Pod } from "@kubernetes/client-node";
import type { EnvironmentBudget } from "../cluster/environment-budget.ts";
import { MiB } from "../cluster/environment-budget.ts";
import { CLUSTER_LABEL } from "../cluster/labels.ts";
import { nodePod, pinnedHostNode, workstationPod } from "./environment-objects.ts";

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
 * The memory one environment's pods request together. They all go to one host node, so
 * this is what one node must have free.
 */
export function environmentRequest(workers: number, budget: EnvironmentBudget): number {
  const pods = [
    nodePod("room", "room-control-plane", "control-plane", "image", budget, "host"),
    ...Array.from({ length: workers }, (_, i) =>
      nodePod("room", `room-worker${i}`, "worker", "image", budget, "host"),
    ),
    workstationPod("room", "image", "image", budget, "host"),
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

/**
 * The pods that are not on their way out: neither being deleted nor in a namespace being
 * deleted (an environment that ended, whose pods the namespace controller is removing).
 * The memory of the others comes back within seconds.
 */
export function stayingPods(pods: V1Pod[], namespaces: V1Namespace[]): V1Pod[] {
  const ending = new Set(
    namespaces.filter((ns) => ns.metadata?.deletionTimestamp).map((ns) => ns.metadata?.name),
  );
  return pods.filter(
    (pod) => !pod.metadata?.deletionTimestamp && !ending.has(pod.metadata?.namespace),
  );
}

/** An environment given a host node whose pods are not all on the host API yet. */
export interface PlannedEnvironment {
  environment: string;
  hostNode: string;
  bytes: number;
}

/**
 * What each host node that takes environments has not promised yet: its allocatable
 * memory less the requests of its pods (a pod pinned to it counts before it is scheduled)
 * and of the environments planned onto it, whose own pods are counted in the plan.
 */
export function freeMemory(
  nodes: V1Node[],
  pods: V1Pod[],
  planned: PlannedEnvironment[] = [],
): Map<string, number> {
  const requested = new Map<string, number>();
  const promise = (node: string, bytes: number) =>
    requested.set(node, (requested.get(node) ?? 0) + bytes);
  const inPlan = new Set(planned.map((p) => p.environment));
  for (const pod of pods) {
    const node = pod.spec?.nodeName ?? pinnedHostNode(pod);
    const phase = pod.status?.phase;
    if (!node || phase === "Succeeded" || phase === "Failed") continue;
    if (inPlan.has(pod.metadata?.labels?.[CLUSTER_LABEL] ?? "")) continue;
    promise(node, podRequest(pod));
  }
  for (const p of planned) promise(p.hostNode, p.bytes);
  const free = new Map<string, number>();
  for (const node of nodes.filter(takesEnvironments)) {
    const name = node.metadata?.name ?? "";
    free.set(name, memoryBytes(node.status?.allocatable?.memory) - (requested.get(name) ?? 0));
  }
  return free;
}

/** The most memory any host node that takes environments has not promised to its pods. */
export function mostFreeMemory(
  nodes: V1Node[],
  pods: V1Pod[],
  planned: PlannedEnvironment[] = [],
): number {
  return Math.max(0, ...freeMemory(nodes, pods, planned).values());
}

const mib = (bytes: number) => Math.max(0, Math.floor(bytes / MiB));

/**
 * The host node for an environment needing `needBytes` on one node: the one with the most
 * memory free, so environments spread and each keeps room to grow into its limits; or
 * why there is none.
 */
export function chooseHostNode(
  nodes: V1Node[],
  pods: V1Pod[],
  needBytes: number,
  planned: PlannedEnvironment[] = [],
): { hostNode: string } | { problem: string } {
  const [best] = [...freeMemory(nodes, pods, planned)].sort(
    ([a, freeA], [b, freeB]) => freeB - freeA || a.localeCompare(b),
  );
  if (best && best[1] >= needBytes) return { hostNode: best[0] };
  return {
    problem:
      `the host cluster has no room for this lab's environment now: it needs ${mib(needBytes)} MiB ` +
      `of memory on one host node, and the most any has free is ${mib(best?.[1] ?? 0)} MiB; ` +
      `try again in a few minutes`,
  };
}

/** Why the host cannot take an environment needing `needBytes` on one node, or undefined. */
export function roomProblem(
  nodes: V1Node[],
  pods: V1Pod[],
  needBytes: number,
  planned: PlannedEnvironment[] = [],
): string | undefined {
  const choice = chooseHostNode(nodes, pods, needBytes, planned);
  return "problem" in choice ? choice.problem : undefined;
}
