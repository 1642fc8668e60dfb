// Reset step: the learner's namespace back to where the step starts — emptied of what the
// learner made, the lab's setup applied again, then the reference solutions of the steps
// before it, applied as the learner would have. The cluster itself stays, so this takes
// seconds, not the minutes a new environment costs (that is Reset lab).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { LEARNER_NAMESPACES } from "../environment/learner-access.ts";
import { LEARNER_KINDS } from "../environment/learner-kinds.ts";
import { readAnswerFolder } from "../grader/lab-files.ts";
import type { Lab } from "../lab-format/lab-format.ts";
import { adminKubectlOrThrow, type SessionEnvironment } from "../session/session-environment.ts";

export async function resetToStep(
  environment: SessionEnvironment,
  lab: Lab,
  labDir: string,
  stepIndex: number,
  progress: (step: string) => void,
): Promise<void> {
  const kubectl = (args: string[]) => adminKubectlOrThrow(environment, args);
  progress("stopping what runs in the background of your terminals");
  // Port-forwards of earlier attempts would hold ports the solutions need.
  await environment.workstationExec(["pkill", "-u", "learner", "-f", "kubectl port-forward"]);

  progress("removing what was made in the lab's namespace");
  const served = new Set(
    (await kubectl(["api-resources", "--namespaced", "-o", "name"])).split("\n"),
  );
  // One delete per set of kept names, so a learner's Deployment named `default` still goes.
  const batches = new Map<string, string[]>();
  for (const kind of LEARNER_KINDS.filter((k) => served.has(k.name))) {
    const keep = (kind.keep ?? []).map((name) => `metadata.name!=${name}`).join(",");
    batches.set(keep, [...(batches.get(keep) ?? []), kind.name]);
  }
  for (const ns of LEARNER_NAMESPACES)
    for (const [keep, kinds] of batches)
      await kubectl([
        "delete",
        kinds.join(","),
        "-n",
        ns,
        ...(keep ? [`--field-selector=${keep}`] : ["--all"]),
        "--ignore-not-found",
        "--wait=true",
        "--timeout=120s",
      ]);

  if (lab.setup.length > 0) {
    progress("applying the lab's starting state");
    for (const file of lab.setup) {
      await environment.adminApply(
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
    const deployments = await kubectl(["get", "deployments", "-n", ns, "-o", "name"]);
    if (!deployments.trim()) continue;
    await kubectl([
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
