// Reset step: the learner's namespace back to where the step starts — emptied of what the
// learner made, the lab's setup applied again, then the reference solutions of the steps
// before it, applied as the learner would have. The cluster itself stays, so this takes
// seconds, not the minutes a new environment costs (that is Reset lab).
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { LabEnvironment } from "../environment/lab-environment.ts";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import { readAnswerFolder } from "../grader/lab-files.ts";
import type { Lab } from "../lab-format/lab-format.ts";

/** What a learner can make in their namespace (learner-access.ts grants no more). */
const LEARNER_TYPES = [
  "deployments.apps",
  "replicasets.apps",
  "statefulsets.apps",
  "daemonsets.apps",
  "jobs.batch",
  "cronjobs.batch",
  "horizontalpodautoscalers.autoscaling",
  "pods",
  "services",
  "endpoints",
  "endpointslices.discovery.k8s.io",
  "configmaps",
  "secrets",
  "persistentvolumeclaims",
  "ingresses.networking.k8s.io",
  "networkpolicies.networking.k8s.io",
  "gateways.gateway.networking.k8s.io",
  "httproutes.gateway.networking.k8s.io",
  "grpcroutes.gateway.networking.k8s.io",
];
/** Objects the cluster itself keeps in every namespace. */
const KEEP = ["kubernetes", "kube-root-ca.crt"];

export async function resetToStep(
  environment: LabEnvironment,
  lab: Lab,
  labDir: string,
  stepIndex: number,
  progress: (step: string) => void,
): Promise<void> {
  const { cluster } = environment;
  progress("stopping what runs in the background of your terminals");
  // Port-forwards of earlier attempts would hold ports the solutions need.
  await environment.workstationExec(["pkill", "-u", "learner", "-f", "kubectl port-forward"]);

  progress("removing what was made in the lab's namespace");
  const served = new Set(
    (await cluster.kubectl(["api-resources", "--namespaced", "-o", "name"])).split("\n"),
  );
  const types = LEARNER_TYPES.filter((t) => served.has(t));
  for (const ns of LEARNER_NAMESPACES)
    await cluster.kubectl([
      "delete",
      types.join(","),
      "-n",
      ns,
      `--field-selector=${KEEP.map((name) => `metadata.name!=${name}`).join(",")}`,
      "--ignore-not-found",
      "--wait=true",
      "--timeout=120s",
    ]);

  if (lab.setup.length > 0) {
    progress("applying the lab's starting state");
    for (const file of lab.setup) {
      await cluster.apply(
        await readFile(path.join(labDir, file), "utf8"),
        `labs/${lab.slug}/${file}`,
      );
    }
  }

  for (const step of lab.steps.slice(0, stepIndex)) {
    if (!step.solution) continue;
    progress(`solving “${step.title}” as you would have`);
    const answer = await readAnswerFolder(labDir, step.solution);
    if (answer.manifests.length > 0) {
      const applied = await environment.applyAsLearner(answer.manifests);
      if (applied.exitCode !== 0)
        throw new Error(`applying ${step.solution} failed: ${applied.stderr.trim()}`);
    }
    if (answer.solve) {
      const solved = await environment.workstationExec(["sh", "-c", answer.solve], {
        user: "learner",
        timeoutMs: 180_000,
      });
      if (solved.exitCode !== 0)
        throw new Error(
          `${step.solution}/solve.sh failed: ${(solved.stderr || solved.stdout).trim()}`,
        );
    }
  }

  progress("waiting for the workloads to be ready");
  for (const ns of LEARNER_NAMESPACES) {
    const deployments = await cluster.kubectl(["get", "deployments", "-n", ns, "-o", "name"]);
    if (!deployments.trim()) continue;
    await cluster.kubectl([
      "wait",
      "--for=condition=Available",
      "deployments",
      "--all",
      "-n",
      ns,
      "--timeout=180s",
    ]);
  }
}
