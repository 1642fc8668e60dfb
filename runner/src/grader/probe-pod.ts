// Probes from inside the cluster (`from: pod`): a short-lived pod in the lab namespace,
// from an image the cluster's registry mirror serves offline, removed afterwards even when
// the probe fails. Its exit code travels in the output, because `kubectl run -i`
// reports the attach session, not the container.
import { randomBytes } from "node:crypto";
import type { ExecResult, GradingTarget } from "./grading-target.ts";

export const CURL_IMAGE = "curlimages/curl:latest";
export const BUSYBOX_IMAGE = "busybox:latest";
const EXIT_MARK = "@@kindling-exit ";

export async function runProbePod(
  target: GradingTarget,
  image: string,
  script: string,
  timeoutMs: number,
): Promise<ExecResult> {
  const name = `kindling-probe-${randomBytes(3).toString("hex")}`;
  const seconds = Math.ceil(timeoutMs / 1000);
  try {
    const result = await target.kubectl([
      "run",
      name,
      `--namespace=${target.namespace}`,
      `--image=${image}`,
      "--image-pull-policy=IfNotPresent",
      "--restart=Never",
      // Labelled so that no learner selector (app=…) ever counts a probe as a backend.
      "--labels=app.kubernetes.io/managed-by=kindling-grader",
      // No --rm: the pod must outlive the attach so that its log can be read (below); the
      // finally block removes it.
      "-i",
      "--quiet",
      `--pod-running-timeout=${Math.max(seconds, 30)}s`,
      "--command",
      "--",
      "sh",
      "-c",
      `( ${script}\n) 2>&1; echo "${EXIT_MARK}$?"`,
    ]);
    const attached = withExitMark(result.stdout);
    if (attached) return attached;
    // The attach can miss the output of a container that ends before it connects; the
    // container's log still has it.
    const logs = await target.kubectl(["logs", name, `--namespace=${target.namespace}`]);
    return (
      withExitMark(logs.stdout) ?? {
        exitCode: -1,
        stdout: result.stdout,
        stderr: `probe pod ${name} gave no result: ${(result.stderr || result.stdout).trim()}`,
      }
    );
  } finally {
    await target.kubectl([
      "delete",
      "pod",
      name,
      `--namespace=${target.namespace}`,
      "--ignore-not-found",
      "--wait=false",
    ]);
  }
}

function withExitMark(output: string): ExecResult | undefined {
  const at = output.lastIndexOf(EXIT_MARK);
  if (at < 0) return undefined;
  return {
    exitCode: Number(output.slice(at + EXIT_MARK.length).trim()),
    stdout: output.slice(0, at),
    stderr: "",
  };
}
