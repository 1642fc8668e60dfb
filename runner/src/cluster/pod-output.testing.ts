import { setTimeout as sleep } from "node:timers/promises";
import type { StartedKindCluster } from "./started-kind-cluster.ts";

/**
 * Runs a shell script in a busybox pod of the cluster's default namespace and returns what it
 * printed. `kubectl run --rm -i` would be shorter, but it attaches after the container has
 * started and loses the output of a script that ends first; reading the log of a finished
 * pod does not.
 */
export async function podOutput(
  cluster: StartedKindCluster,
  name: string,
  script: string,
  timeoutMs = 120_000,
): Promise<string> {
  await cluster.kubectl([
    "run",
    name,
    "--image=busybox",
    "--restart=Never",
    "--command",
    "--",
    "sh",
    "-c",
    script,
  ]);
  const deadline = Date.now() + timeoutMs;
  let phase = "";
  while (Date.now() < deadline) {
    phase = (await cluster.kubectl(["get", "pod", name, "-o", "jsonpath={.status.phase}"])).trim();
    if (phase === "Succeeded" || phase === "Failed") break;
    await sleep(500);
  }
  const output = await cluster.kubectl(["logs", name]).catch((error: Error) => error.message);
  await cluster.kubectl(["delete", "pod", name, "--wait=false"]);
  if (phase !== "Succeeded") {
    throw new Error(`pod ${name} ended ${phase || "not at all"}; it printed:\n${output}`);
  }
  return output;
}

/** A script that retries `command` once a second until it succeeds, `attempts` times. */
export function retried(command: string, attempts = 30): string {
  return `for i in $(seq ${attempts}); do ${command} && exit 0; sleep 1; done; exit 1`;
}
