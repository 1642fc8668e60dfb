import type { V1Pod } from "@kubernetes/client-node";
import type { HostApi } from "./host-api.ts";

/** The host cannot hold an environment now; the same refusal as a full Docker host. */
export class HostCapacityError extends Error {}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why a pod cannot be scheduled, in the scheduler's words; undefined while it may be. */
export function unschedulableReason(pod: V1Pod): string | undefined {
  const condition = pod.status?.conditions?.find(
    (c) => c.type === "PodScheduled" && c.status === "False" && c.reason === "Unschedulable",
  );
  return condition?.message;
}

/**
 * Waits for a pod to run. An unschedulable pod is reported after `patienceMs` (the
 * scheduler retries when room frees up, but a learner waiting longer gains nothing).
 */
export async function waitForRunning(
  api: HostApi,
  namespace: string,
  name: string,
  { timeoutMs = 180_000, patienceMs = 20_000 } = {},
): Promise<V1Pod> {
  const started = Date.now();
  for (;;) {
    const pod = await api.core.readNamespacedPod({ namespace, name });
    const phase = pod.status?.phase;
    if (phase === "Running") return pod;
    if (phase === "Failed" || phase === "Succeeded") {
      const waiting = pod.status?.containerStatuses?.[0]?.state;
      throw new Error(
        `pod ${name} stopped (${phase}): ${JSON.stringify(waiting?.terminated ?? pod.status?.message ?? "")}`,
      );
    }
    const waiting = pod.status?.containerStatuses?.[0]?.state?.waiting;
    if (
      waiting &&
      /ErrImageNeverPull|InvalidImageName|CreateContainerConfigError/.test(waiting.reason ?? "")
    )
      throw new Error(`pod ${name} cannot start: ${waiting.reason}: ${waiting.message ?? ""}`);
    const unschedulable = unschedulableReason(pod);
    if (unschedulable && Date.now() - started > patienceMs)
      throw new HostCapacityError(
        `the host cluster has no room for this environment now (${unschedulable})`,
      );
    if (Date.now() - started > timeoutMs)
      throw new Error(`pod ${name} was not running after ${timeoutMs / 1000} s (${phase})`);
    await sleep(1000);
  }
}
