// Waiting for a cluster to come to rest, so that `lab test` can grade a state once instead of
// retrying each check until its timeout. A state is at rest when no pod is being created,
// started or deleted; a pod that will never be ready (a bad image, a failing probe) is at rest
// once it has settled into that, which the bound covers.
import type { GradingTarget } from "./grading-target.ts";

interface PodList {
  items: {
    metadata: { deletionTimestamp?: string };
    status?: {
      phase?: string;
      containerStatuses?: { ready: boolean; state?: { waiting?: { reason?: string } } }[];
    };
  }[];
}

/** Reasons a container is still on its way up (as opposed to stuck, like ImagePullBackOff). */
const STARTING = new Set(["ContainerCreating", "PodInitializing"]);

export function podsInMotion(pods: PodList): number {
  return pods.items.filter((pod) => {
    if (pod.metadata.deletionTimestamp) return true;
    const statuses = pod.status?.containerStatuses ?? [];
    if (pod.status?.phase === "Pending")
      return (
        statuses.length === 0 || statuses.some((c) => STARTING.has(c.state?.waiting?.reason ?? ""))
      );
    if (pod.status?.phase === "Running") return statuses.some((c) => !c.ready && !c.state?.waiting);
    return false;
  }).length;
}

/**
 * Waits until the learner's namespace is at rest (at most `boundMs`), then a moment more for
 * EndpointSlices and kube-proxy rules to follow the pods.
 */
export async function settle(target: GradingTarget, boundMs = 45_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (Date.now() < deadline) {
    const listed = await target.kubectl(["get", "pods", "-n", target.namespace, "-o", "json"]);
    if (listed.exitCode === 0 && podsInMotion(JSON.parse(listed.stdout) as PodList) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
