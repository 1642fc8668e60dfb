// What a hostile learner has: a shell in their workstation with their own kubeconfig.
// Helpers to act from there and to read what the cluster answered.
import type { LabEnvironment } from "../../runner/src/environment/lab-environment.ts";
import type { ExecResult } from "../../runner/src/cluster/node-exec.ts";

export function asLearner(
  environment: LabEnvironment,
  script: string,
  timeoutMs = 90_000,
): Promise<ExecResult> {
  return environment.workstationExec(["bash", "-c", script], { timeoutMs });
}

/** `kubectl apply` of a manifest typed into the learner's terminal. */
export function applyScript(manifest: string): string {
  return `kubectl apply -f - <<'YAML'\n${manifest.trim()}\nYAML`;
}

/** A pod of one busybox container; `extra` is indented YAML under spec. */
export function pod(name: string, command: string, extra = "", container = ""): string {
  return `apiVersion: v1
kind: Pod
metadata: { name: ${name} }
spec:
  restartPolicy: Never
${extra}
  containers:
    - name: c
      image: busybox:latest
      command: [sh, -c, ${JSON.stringify(command)}]
${container}`;
}

/** The first lines of what a command printed, for the table. */
export function said(result: ExecResult): string {
  return `${result.stderr}${result.stdout}`.trim().split("\n").slice(0, 2).join(" | ");
}

export const forbidden = (result: ExecResult) =>
  result.exitCode !== 0 && /forbidden|cannot|unauthorized/i.test(`${result.stderr}`);

export const refusedByPodSecurity = (result: ExecResult) =>
  result.exitCode !== 0 && /violates PodSecurity "baseline/.test(result.stderr);
