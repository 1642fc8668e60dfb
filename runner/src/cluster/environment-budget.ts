// What one environment may take from its host: memory, CPU and processes for every node
// container and the workstation, derived from the topology. The formula lives here only:
// node containers get these as Docker limits, kubelets reserve the rest of the host so
// pods stay inside their node's share, and the learner's quota and LimitRange
// (environment/learner-limits.ts) spend the learner's room. The figures come from
// `docker stats` of idle environments (README, "Budgets").
import type { Addon } from "./addons.ts";

export const MiB = 2 ** 20;

export interface ContainerBudget {
  memoryBytes: number;
  cpus: number;
  pids: number;
}

export interface NodeBudget extends ContainerBudget {
  /** What the node's pods may use together: the kubelet's pod cgroup is capped at this. */
  podMemoryBytes: number;
}

export interface EnvironmentBudget {
  controlPlane: NodeBudget;
  /** Every worker gets the same budget. */
  worker: NodeBudget;
  workstation: ContainerBudget;
  /** The learner namespace's quota of memory limits, shared by all the learner's pods. */
  learnerMemoryBytes: number;
  /** The environment at rest plus every learner pod at its limit: what a host must hold. */
  worstCaseMemoryBytes: number;
}

/** systemd, containerd and its shims, and the kubelet: a node's processes outside pods. */
const NODE_PROCESSES = 256 * MiB;
/**
 * API server, etcd, controller manager, scheduler, CoreDNS, kindnet and kube-proxy: about
 * 260 MiB at rest with node-memory.ts's settings; the whole control-plane node (these, its
 * processes and Traefik) peaked at 458 MiB of anonymous memory in the ingress lab's proof.
 */
const CONTROL_PLANE_PODS = 512 * MiB;
/** kindnet and kube-proxy on a worker. */
const WORKER_SYSTEM_PODS = 96 * MiB;
/** Add-on pods on every node (MetalLB's speaker, Traefik) and once per cluster. */
const ADDON_PER_NODE: Record<Addon, number> = { loadbalancer: 64 * MiB, ingress: 128 * MiB };
/**
 * Once per cluster: MetalLB's controller; for ingress, the API server's growth with the
 * Gateway API's CRDs (its cgroup held 281 MiB in the ingress lab's proof and 319 MiB in the
 * Gateway API lab's, 232 MiB in the LoadBalancer lab's). Without it the control plane's pods
 * sat at the eviction threshold, and the kubelet evicted Traefik there again and again: the
 * node refused connections on port 80 for seconds at a time.
 */
const ADDON_ONCE: Record<Addon, number> = { loadbalancer: 64 * MiB, ingress: 128 * MiB };
/**
 * The learner's pods together (the quota's limits.memory): sixteen pods at the default
 * limit of 64 MiB, more than any lab runs at once, rollouts and probe pods included.
 */
export const LEARNER_MEMORY = 1024 * MiB;
/** The workstation's shell, kubectl and editors, plus its two memory-backed folders. */
export const WORKSTATION_HOME_BYTES = 64 * MiB;
export const WORKSTATION_TMP_BYTES = 64 * MiB;
const WORKSTATION_PROCESSES = 512 * MiB;

/** Threads count as processes: an idle control plane runs about 600, a worker about 250. */
const CONTROL_PLANE_PIDS = 2048;
const WORKER_PIDS = 1024;
/** The kubelet's podPidsLimit: a fork bomb stops here, well inside its node's budget. */
export const POD_PIDS = 512;

export function environmentBudget(topology: {
  workers: number;
  addons: Addon[];
}): EnvironmentBudget {
  const addons = [...new Set(topology.addons)];
  const perNode = addons.reduce((sum, a) => sum + ADDON_PER_NODE[a], 0);
  const once = addons.reduce((sum, a) => sum + ADDON_ONCE[a], 0);
  // With no workers the control plane runs the learner's pods; with workers it is tainted,
  // and a learner may still pin every pod to one worker, so each worker has the whole room.
  const controlPlanePods =
    CONTROL_PLANE_PODS + perNode + once + (topology.workers === 0 ? LEARNER_MEMORY : 0);
  const workerPods = WORKER_SYSTEM_PODS + perNode + LEARNER_MEMORY;
  const node = (pods: number, cpus: number, pids: number): NodeBudget => ({
    memoryBytes: NODE_PROCESSES + pods,
    podMemoryBytes: pods,
    cpus,
    pids,
  });
  const workstation: ContainerBudget = {
    memoryBytes: WORKSTATION_PROCESSES + WORKSTATION_HOME_BYTES + WORKSTATION_TMP_BYTES,
    cpus: 1,
    pids: 512,
  };
  const atRest =
    NODE_PROCESSES * (1 + topology.workers) +
    CONTROL_PLANE_PODS +
    once +
    perNode * (1 + topology.workers) +
    WORKER_SYSTEM_PODS * topology.workers;
  return {
    controlPlane: node(
      controlPlanePods,
      1.5,
      CONTROL_PLANE_PIDS + (topology.workers === 0 ? WORKER_PIDS : 0),
    ),
    worker: node(workerPods, 1, WORKER_PIDS),
    workstation,
    learnerMemoryBytes: LEARNER_MEMORY,
    worstCaseMemoryBytes: atRest + LEARNER_MEMORY + workstation.memoryBytes,
  };
}

/**
 * The kubelet sees the host's whole memory as its node's capacity (a container's
 * /proc/meminfo is the host's), so it reserves everything but its pods' share for the
 * "system": its pod cgroup is then capped at that share, and memory eviction acts
 * before the node reaches its Docker limit.
 */
export function kubeletSystemReserved(hostMemoryBytes: number, node: NodeBudget): number {
  return Math.max(NODE_PROCESSES, hostMemoryBytes - node.podMemoryBytes);
}

/** How many environments of a topology a host holds, after its own reserve. */
export function environmentsPerHost(hostMemoryBytes: number, perEnvironmentBytes: number): number {
  return Math.max(0, Math.floor((hostMemoryBytes - HOST_RESERVE) / perEnvironmentBytes));
}

/** Left for the host itself, the runner, the web app, the database and Docker. */
export const HOST_RESERVE = 2048 * MiB;
