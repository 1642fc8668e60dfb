import { MiB, type NodeBudget } from "../cluster/environment-budget.ts";
import { KindCluster, type Progress } from "../cluster/kind-cluster.ts";
import type { StartedKindCluster } from "../cluster/started-kind-cluster.ts";
import { imageName } from "../images/catalogue.ts";
import { run } from "../util/run.ts";

/**
 * A host cluster's own ranges. The environments it runs are clusters of their own with
 * the Docker backend's ranges (kind-cluster.ts), so labs see the same addresses on both
 * backends; a host on the same ranges would route its nested nodes' pod traffic to itself.
 */
export const HOST_POD_SUBNET = "10.240.0.0/16";
export const HOST_SERVICE_SUBNET = "10.241.0.0/16";

/** What a host worker's pods may hold together: one environment of any topology, not two. */
export const HOST_WORKER_POD_MEMORY = 4608 * MiB;

export function hostWorkerBudget(podMemoryBytes = HOST_WORKER_POD_MEMORY): NodeBudget {
  return {
    // systemd, containerd and the kubelet of the host node itself, outside its pods.
    memoryBytes: podMemoryBytes + 256 * MiB,
    podMemoryBytes,
    cpus: 2,
    pids: 16384,
  };
}

/**
 * The images an environment's pods run. No registry serves them (the mirror holds only
 * the everyday images learners pull), so they go into every host worker's containerd,
 * as `kind load docker-image` does; the environment's pods never pull them.
 */
export const ENVIRONMENT_IMAGES = () => [imageName("node"), imageName("workstation")];

export interface HostClusterOptions {
  workers: number;
  podMemoryBytes?: number;
  /** More images for every worker, e.g. Kindling's own for deploy/kubernetes. */
  images?: string[];
  progress?: Progress;
}

/**
 * A Kindling cluster made to hold environments in its pods (the Kubernetes backend's
 * host, here on this machine): workers sized for environments, its own address ranges,
 * and the node and workstation images in every worker.
 */
export async function createHostCluster(
  name: string,
  options: HostClusterOptions,
): Promise<StartedKindCluster> {
  const progress = options.progress ?? (() => {});
  const cluster = await new KindCluster(name)
    .withWorkers(options.workers)
    .withSubnets(HOST_POD_SUBNET, HOST_SERVICE_SUBNET)
    .withWorkerBudget(hostWorkerBudget(options.podMemoryBytes))
    .withProgress(progress)
    .start();
  try {
    // Each worker takes the images one after another; the workers take them side by side.
    const workers = cluster.nodes.filter((n) => n.role === "worker");
    const images = [...ENVIRONMENT_IMAGES(), ...(options.images ?? [])];
    await Promise.all(
      workers.map(async (worker) => {
        for (const image of images) {
          progress(`loading ${image} into ${worker.name}`);
          await loadImage(image, worker.id);
        }
      }),
    );
    return cluster;
  } catch (error) {
    await cluster.delete().catch(() => {});
    throw error;
  }
}

/** Copies an image from the Docker engine into a node's containerd (the CRI's namespace). */
async function loadImage(image: string, nodeContainerId: string): Promise<void> {
  const result = await run("bash", [
    "-c",
    'set -o pipefail; docker save "$1" | docker exec -i "$2" ctr --namespace k8s.io images import -',
    "load-image",
    image,
    nodeContainerId,
  ]);
  if (result.code !== 0) {
    throw new Error(
      `loading ${image} into node ${nodeContainerId} failed: ${result.stderr.trim()}`,
    );
  }
}
