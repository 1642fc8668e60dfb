// Probes from inside the cluster (`from: pod`), from images the cluster's registry mirror
// serves offline. Two ways:
// - a throwaway pod in the lab namespace per probe, removed afterwards even when the probe
//   fails (command checks, whose scripts may use short Service names, and clusters that
//   are not Kindling's own);
// - in a Kindling environment, http probes exec (over the API server's exec stream when the
//   target has a reader) into one long-lived curl pod in the grader's own namespace, which learners can read but not change: the same view of the
//   cluster (probes address Services by their full DNS names) without a pod start per Check.
// A probe's exit code travels in its output, because `kubectl run -i` reports the attach
// session, not the container.
import { randomBytes } from "node:crypto";
import type { ExecResult, GradingTarget } from "./grading-target.ts";
import { viaReader } from "./kubectl-json.ts";

export const CURL_IMAGE = "curlimages/curl:latest";
export const BUSYBOX_IMAGE = "busybox:latest";
export const GRADER_NAMESPACE = "kindling-grader";
const EXIT_MARK = "@@kindling-exit ";
const KEPT_PROBE = "curl-probe";
const MANAGED_BY = "app.kubernetes.io/managed-by=kindling-grader";

/** An http probe from inside the cluster: the kept probe pod where there may be one. */
export async function runHttpProbe(
  target: GradingTarget,
  script: string,
  timeoutMs: number,
): Promise<ExecResult> {
  if (target.keepsProbePod) {
    const kept = await execInKeptProbe(target, script, timeoutMs);
    if (kept) return kept;
  }
  return runProbePod(target, CURL_IMAGE, script, timeoutMs);
}

/** Targets whose kept probe pod is known to be running (by target name). */
const keptProbes = new Map<string, Promise<boolean>>();

/** Undefined when the kept probe cannot be had: the caller falls back to a throwaway pod. */
async function execInKeptProbe(
  target: GradingTarget,
  script: string,
  timeoutMs: number,
): Promise<ExecResult | undefined> {
  let lost = "";
  for (let tries = 0; tries < 2; tries += 1) {
    let ready = keptProbes.get(target.name);
    if (!ready) {
      ready = ensureKeptProbe(target);
      keptProbes.set(target.name, ready);
    }
    if (!(await ready)) {
      keptProbes.delete(target.name);
      return undefined;
    }
    const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const command = ["timeout", String(seconds), "sh", "-c", reportingExit(script)];
    const streamed = await viaReader(target, (reader) =>
      reader.exec(
        { namespace: GRADER_NAMESPACE, name: KEPT_PROBE, container: KEPT_PROBE },
        command,
        timeoutMs + 10_000,
      ),
    );
    const result = streamed.ok
      ? { exitCode: 0, stdout: streamed.value, stderr: "" }
      : await target.kubectl([
          "exec",
          KEPT_PROBE,
          `--namespace=${GRADER_NAMESPACE}`,
          "--",
          ...command,
        ]);
    const marked = withExitMark(result.stdout);
    if (marked) return marked;
    // Gone (a new cluster under the same name), restarted or broken: look again, once.
    lost = (result.stderr || result.stdout).trim();
    keptProbes.delete(target.name);
  }
  return { exitCode: -1, stdout: "", stderr: `the grader's probe pod gave no result: ${lost}` };
}

/** Creates the grader's namespace and its kept probe pod unless they exist; true once Ready. */
async function ensureKeptProbe(target: GradingTarget): Promise<boolean> {
  const ns = `--namespace=${GRADER_NAMESPACE}`;
  const phase = await target.kubectl([
    "get",
    "pod",
    KEPT_PROBE,
    ns,
    "-o",
    "jsonpath={.status.phase}",
  ]);
  if (phase.exitCode !== 0 || phase.stdout.trim() !== "Running") {
    await target.kubectl(["delete", "pod", KEPT_PROBE, ns, "--ignore-not-found", "--wait=true"]);
    const namespace = await target.kubectl(["create", "namespace", GRADER_NAMESPACE]);
    if (namespace.exitCode !== 0 && !/AlreadyExists/.test(namespace.stderr)) return false;
    const created = await target.kubectl([
      "run",
      KEPT_PROBE,
      ns,
      `--image=${CURL_IMAGE}`,
      "--image-pull-policy=IfNotPresent",
      "--restart=Always",
      `--labels=${MANAGED_BY}`,
      "--command",
      "--",
      "sleep",
      "infinity",
    ]);
    if (created.exitCode !== 0) return false;
  }
  const ready = await target.kubectl([
    "wait",
    "pod",
    KEPT_PROBE,
    ns,
    "--for=condition=Ready",
    "--timeout=60s",
  ]);
  return ready.exitCode === 0;
}

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
      `--labels=${MANAGED_BY}`,
      // No --rm: the pod must outlive the attach so that its log can be read (below); the
      // finally block removes it.
      "-i",
      "--quiet",
      `--pod-running-timeout=${Math.max(seconds, 30)}s`,
      "--command",
      "--",
      "sh",
      "-c",
      reportingExit(script),
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

/** The script with its output merged and its exit code printed after a mark. */
const reportingExit = (script: string) => `( ${script}\n) 2>&1; echo "${EXIT_MARK}$?"`;

/** The exit code and output of a `reportingExit` script, or undefined when the mark is missing. */
function withExitMark(output: string): ExecResult | undefined {
  const at = output.lastIndexOf(EXIT_MARK);
  if (at < 0) return undefined;
  return {
    exitCode: Number(output.slice(at + EXIT_MARK.length).trim()),
    stdout: output.slice(0, at),
    stderr: "",
  };
}
