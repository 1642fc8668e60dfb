// Probes from inside the cluster (`from: pod`): a short-lived pod in the lab namespace,
// from an image the cluster's registry mirror serves offline, removed afterwards even when
// the probe fails. Its exit code travels in the output, because `kubectl run --rm -i`
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
      "--rm",
      "-i",
      "--quiet",
      `--pod-running-timeout=${Math.max(seconds, 30)}s`,
      "--command",
      "--",
      "sh",
      "-c",
      `( ${script}\n) 2>&1; echo "${EXIT_MARK}$?"`,
    ]);
    const at = result.stdout.lastIndexOf(EXIT_MARK);
    if (at < 0)
      return {
        exitCode: -1,
        stdout: result.stdout,
        stderr: `probe pod ${name} gave no result: ${(result.stderr || result.stdout).trim()}`,
      };
    return {
      exitCode: Number(result.stdout.slice(at + EXIT_MARK.length).trim()),
      stdout: result.stdout.slice(0, at),
      stderr: "",
    };
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
